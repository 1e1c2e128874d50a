package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestGraphQLOverHTTP: the GraphQL-over-HTTP specification per response media type (the audits
// of graphql-http): application/json answers 200 for every well-formed request, request errors
// included; application/graphql-response+json answers 400 for request errors; a request error's
// body never has a data entry, an executed response always has one.
func TestGraphQLOverHTTP(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	for _, c := range graphqlHTTPCases() {
		t.Run(c.name, func(t *testing.T) { c.check(t, in) })
	}
	// Outside the table: what is not a GraphQL request at all.
	t.Run("what is not a GraphQL request is refused by its status", func(t *testing.T) { notGraphQLRequests(t, in) })
	t.Run("an executed response keeps its data entry and answers 200 in both media types", func(t *testing.T) {
		for _, media := range []string{mediaJSON, mediaGraphQL} {
			res, body := postGraphQL(t, in, mediaJSON, media, `{"query":"{ funnel(roundId: \"1\") { overdueCount } }"}`)
			if res.StatusCode != 200 || !strings.Contains(body, `"data":null`) || !strings.Contains(body, "UNAUTHENTICATED") {
				t.Errorf("a field error as %s: %d %s, want 200 with data null and the error", media, res.StatusCode, body)
			}
		}
	})
}

const (
	mediaJSON    = "application/json"
	mediaGraphQL = "application/graphql-response+json"
)

// httpWant is what a response must be: its status, media type, and whether it has data and errors.
type httpWant struct {
	status int
	media  string // response content type
	data   bool   // has a data entry
	errors bool
}

func okAs(media string) httpWant { return httpWant{200, media, true, false} }

// requestErrorAs is a request error: 200 as application/json, 400 as graphql-response+json.
func requestErrorAs(media string) httpWant {
	if media == mediaJSON {
		return httpWant{200, mediaJSON, false, true}
	}
	return httpWant{400, mediaGraphQL, false, true}
}

type httpCase struct {
	name, method, contentType, accept, body string
	want                                    httpWant
}

// graphqlHTTPCases are the well-formed requests, and every request error in both media types.
func graphqlHTTPCases() []httpCase {
	js, gr := mediaJSON, mediaGraphQL
	cases := []httpCase{
		{"json", "POST", js, js, `{"query":"{ __typename }"}`, okAs(js)},
		{"graphql-response+json", "POST", js, gr, `{"query":"{ __typename }"}`, okAs(gr)},
		{"accept missing", "POST", js, "", `{"query":"{ __typename }"}`, okAs(js)},
		{"accept any", "POST", js, "*/*", `{"query":"{ __typename }"}`, okAs(js)},
		{"accept list as urql sends it", "POST", js, gr + ", application/graphql+json, application/json, text/event-stream, multipart/mixed", `{"query":"{ __typename }"}`, okAs(gr)},
		{"charset", "POST", js + "; charset=utf-8", js, `{"query":"{ __typename }"}`, okAs(js)},
		{"operation name", "POST", js, js, `{"query":"query Q { __typename }","operationName":"Q"}`, okAs(js)},
		{"variables and extensions maps", "POST", js, js, `{"query":"query T($name: String!) { __type(name: $name) { name } }","variables":{"name":"Query"},"extensions":{"some":"value"}}`, okAs(js)},
		{"GET", "GET", "", js, `{ __typename }`, okAs(js)},
		{"GET graphql-response+json", "GET", "", gr, `{ __typename }`, okAs(gr)},
	}
	for _, media := range []string{js, gr} {
		add := func(name, body string) {
			cases = append(cases, httpCase{name + " as " + media, "POST", js, media, body, requestErrorAs(media)})
		}
		add("JSON parsing failure", `{ "not a JSON`)
		add("empty body", ``)
		add("missing query", `{"notquery":"{ __typename }"}`)
		add("query a typo", `{"qeury":"{ __typename }"}`)
		for _, bad := range []string{`{"an":"object"}`, `0`, `false`, `["array"]`} {
			add("query "+bad, `{"query":`+bad+`}`)
			add("operationName "+bad, `{"query":"{ __typename }","operationName":`+bad+`}`)
		}
		for _, bad := range []string{`"string"`, `0`, `false`, `["array"]`} {
			add("variables "+bad, `{"query":"{ __typename }","variables":`+bad+`}`)
			add("extensions "+bad, `{"query":"{ __typename }","extensions":`+bad+`}`)
		}
		add("document parsing failure", `{"query":"{"}`)
		add("document validation failure", `{"query":"{ 8f31403dfe404bccbb0e835f2629c6a7 }"}`)
		add("variable coercion failure", `{"query":"query($n: Int!) { __typename }","variables":{"n":"x"}}`)
		add("unknown persisted query", `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"0000"}}}`)
	}
	return cases
}

// check sends the request and compares the response with what it must be.
func (c httpCase) check(t *testing.T, in *instance) {
	var req *http.Request
	if c.method == "GET" {
		req, _ = http.NewRequest("GET", in.URL+"/graphql?query="+url.QueryEscape(c.body), nil)
	} else {
		req, _ = http.NewRequest("POST", in.URL+"/graphql", strings.NewReader(c.body))
	}
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	if c.accept != "" {
		req.Header.Set("Accept", c.accept)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var body map[string]json.RawMessage
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatalf("body is not JSON: %s", b)
	}
	_, data := body["data"]
	_, errs := body["errors"]
	if res.StatusCode != c.want.status || !strings.HasPrefix(res.Header.Get("Content-Type"), c.want.media) ||
		data != c.want.data || errs != c.want.errors {
		t.Fatalf("%d %s data=%v errors=%v, want %d %s data=%v errors=%v\n%s", res.StatusCode, res.Header.Get("Content-Type"),
			data, errs, c.want.status, c.want.media, c.want.data, c.want.errors, b)
	}
}

// postGraphQL posts a body with the content type and Accept given (empty: none).
func postGraphQL(t *testing.T, in *instance, contentType, accept, body string) (*http.Response, string) {
	req, _ := http.NewRequest("POST", in.URL+"/graphql", strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// notGraphQLRequests: no content type, text/plain, an Accept the server cannot answer and a
// mutation over GET are refused with their own status.
func notGraphQLRequests(t *testing.T, in *instance) {
	if res, body := postGraphQL(t, in, "", "", `{"query":"{ __typename }"}`); res.StatusCode < 400 || res.StatusCode > 499 {
		t.Errorf("POST without a content type: %d %s, want 4xx", res.StatusCode, body)
	}
	if res, _ := postGraphQL(t, in, "text/plain", mediaGraphQL, `{"query":"{ __typename }"}`); res.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("POST as text/plain: %d, want 415", res.StatusCode)
	}
	if res, _ := postGraphQL(t, in, mediaJSON, "text/html", `{"query":"{ __typename }"}`); res.StatusCode != http.StatusNotAcceptable {
		t.Errorf("Accept: text/html: %d, want 406", res.StatusCode)
	}
	req, _ := http.NewRequest("GET", in.URL+"/graphql?query="+url.QueryEscape("mutation { logout }"), nil)
	req.Header.Set("Accept", mediaGraphQL)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "POST" {
		t.Errorf("a mutation over GET: %d Allow %q, want 405 Allow POST", res.StatusCode, res.Header.Get("Allow"))
	}
}

// recordingLog keeps the levels and messages of what the server logs.
type recordingLog struct {
	mu      sync.Mutex
	records []string
}

func (l *recordingLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *recordingLog) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = append(l.records, r.Level.String()+" "+r.Message)
	return nil
}
func (l *recordingLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *recordingLog) WithGroup(string) slog.Handler      { return l }

// TestIntrospectionRefusedProperly: in production an anonymous introspection (directly or through a
// fragment) is refused before it runs, with UNAUTHENTICATED (not INTERNAL), as a request error, and
// nothing is logged at ERROR.
func TestIntrospectionRefusedProperly(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	rec := &recordingLog{}
	broker := store.NewBroker(in.DB, quietLog)
	srv, err := server.New(server.Config{Production: true, Limits: testLimits, Static: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}},
		in.Store, broker, slog.New(rec))
	if err != nil {
		t.Fatal(err)
	}
	url := newTestServer(t, srv.Handler())
	for _, q := range []string{
		`{ __schema { types { name } } }`,
		`{ __type(name: "Query") { name } }`,
		`query { ...F } fragment F on Query { __schema { queryType { name } } }`,
		`query { ... on Query { __type(name: "Round") { fields { name } } } }`,
	} {
		for _, media := range []string{"application/json", "application/graphql-response+json"} {
			body, _ := json.Marshal(map[string]string{"query": q})
			req, _ := http.NewRequest("POST", url+"/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", media)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			var out struct {
				Data   *json.RawMessage `json:"data"`
				Errors []gqlError       `json:"errors"`
			}
			_ = json.Unmarshal(b, &out)
			wantStatus := 200
			if media != "application/json" {
				wantStatus = 400
			}
			if res.StatusCode != wantStatus || len(out.Errors) == 0 || out.Errors[0].Extensions["code"] != "UNAUTHENTICATED" ||
				strings.Contains(string(b), `"data"`) {
				t.Errorf("%s as %s: %d %s; want %d, UNAUTHENTICATED, no data", q, media, res.StatusCode, b, wantStatus)
			}
		}
	}
	// __typename is not introspection of the schema.
	res, err := http.Post(url+"/graphql", "application/json", strings.NewReader(`{"query":"{ __typename }"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), `"__typename":"Query"`) {
		t.Errorf("__typename: %s", b)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, r := range rec.records {
		if strings.HasPrefix(r, "ERROR") {
			t.Errorf("logged at ERROR: %s", r)
		}
	}
}
