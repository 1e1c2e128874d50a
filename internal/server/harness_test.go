package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/uptrace/bun"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// instance is one running server on a test database, and the client a test talks to it with:
// anonymous at first, then signed in with as, analyst, leader or token.
type instance struct {
	URL   string
	Store *store.Store
	// DB is the test's own connection to the instance's database, for arranging rows and reading
	// what a request wrote.
	DB      *bun.DB
	srv     *server.Server
	broker  *store.Broker
	client  *http.Client
	headers map[string]string
}

// testLimits keep the rate limits out of the way of tests that are not about them.
var testLimits = server.Limits{MaxDepth: 12, MaxComplexity: 50000, MaxAliases: 30, PerIP: 1e6, PerToken: 1e6, Burst: 1e6}

var system = auth.WithCaller(context.Background(), auth.System)

// as signs in as an existing user and returns a client with the session cookie.
func (in *instance) as(t *testing.T, username, password string) *instance {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := *in
	c.client = &http.Client{Jar: jar}
	c.headers = nil
	var out struct{ Login struct{ Name string } }
	c.mustQuery(t, `mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { name } }`,
		map[string]any{"u": username, "p": password}, &out)
	return &c
}

// user creates (once) and signs in as a user with the role in the organisation.
func (in *instance) user(t *testing.T, username string, role auth.Role, serviceID, officeID string) *instance {
	t.Helper()
	sid, _ := strconv.ParseInt(serviceID, 10, 64)
	oid, _ := strconv.ParseInt(officeID, 10, 64)
	if _, err := in.Store.EnsureUser(system, in.DB, store.UserInput{Username: username, DisplayName: username,
		Password: testPassword, Role: role, ServiceID: sid, OfficeID: oid}); err != nil {
		t.Fatal(err)
	}
	return in.as(t, username, testPassword)
}

const testPassword = "correct horse battery staple"

func (in *instance) analyst(t *testing.T) *instance {
	return in.user(t, "test.analyst", auth.RoleNationalAnalyst, "", "")
}

func (in *instance) leader(t *testing.T, serviceID string) *instance {
	return in.user(t, "leader."+serviceID, auth.RoleServiceLeader, serviceID, "")
}

func (in *instance) staff(t *testing.T, serviceID string) *instance {
	return in.user(t, "staff."+serviceID, auth.RoleServiceStaff, serviceID, "")
}

func (in *instance) advisor(t *testing.T, officeID string) *instance {
	return in.user(t, "advisor."+officeID, auth.RoleCountyAdvisor, "", officeID)
}

// newToken creates an API token and returns its secret.
func (in *instance) newToken(t *testing.T, officeID, serviceID int64) string {
	t.Helper()
	_, secret, err := in.Store.CreateToken(system, store.TokenInput{Name: "test", OfficeID: officeID, ServiceID: serviceID})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// token returns a client that sends an API token.
func (in *instance) token(t *testing.T, officeID, serviceID int64) *instance {
	c := *in
	c.client = http.DefaultClient
	c.headers = map[string]string{"Authorization": "Bearer " + in.newToken(t, officeID, serviceID)}
	return &c
}

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// newTestServer serves h for the test and returns its URL.
func newTestServer(t *testing.T, h http.Handler) string {
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// newDatabase returns the DSN of a fresh database, migrated and seeded.
func newDatabase(t *testing.T, demo bool) string {
	t.Helper()
	dsn := testutil.NewDSN(t)
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(context.Background(), st, seed.Options{Demo: demo}); err != nil {
		t.Fatal(err)
	}
	return dsn
}

// startInstance starts a server instance on dsn. wrap, if given, wraps its handler.
func startInstance(t *testing.T, dsn string, wrap func(http.Handler) http.Handler) *instance {
	t.Helper()
	return startInstanceWith(t, dsn, wrap, testLimits)
}

// startInstanceLimits starts a server instance on dsn with other limits.
func startInstanceLimits(t *testing.T, dsn string, limits server.Limits) *instance {
	t.Helper()
	return startInstanceWith(t, dsn, nil, limits)
}

func startInstanceWith(t *testing.T, dsn string, wrap func(http.Handler) http.Handler, limits server.Limits) *instance {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	broker := st.NewBroker(quietLog)
	if err := broker.Start(ctx); err != nil {
		t.Fatal(err)
	}
	static := fstest.MapFS{
		"index.html":      {Data: []byte("<!doctype html><title>Egenkontroll</title>")},
		"assets/app-1.js": {Data: []byte("console.log(1)")},
		"favicon.svg":     {Data: []byte("<svg/>")},
	}
	srv, err := server.New(server.Config{CORSOrigins: []string{"https://bi.example.no"}, Static: static, Limits: limits}, st, broker, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.CloseWebsockets()
		ts.Close()
		cancel()
		st.Close()
	})
	return &instance{URL: ts.URL, Store: st, DB: testutil.OpenDB(t, dsn), srv: srv, broker: broker, client: http.DefaultClient}
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// do runs a GraphQL operation and returns the raw response.
func (in *instance) do(t *testing.T, query string, vars map[string]any, headers ...string) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, in.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range in.headers {
		req.Header.Set(k, v)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := in.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out gqlResponse
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("decode response (status %d): %v", res.StatusCode, err)
	}
	return out
}

// download GETs a path with the client's credentials: status, body and content type.
func (in *instance) download(t *testing.T, path string) (int, []byte, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, in.URL+path, nil)
	for k, v := range in.headers {
		req.Header.Set(k, v)
	}
	res, err := in.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b, res.Header.Get("Content-Type")
}

// mustQuery runs an operation that must succeed and decodes its data into dst.
func (in *instance) mustQuery(t *testing.T, query string, vars map[string]any, dst any) {
	t.Helper()
	res := in.do(t, query, vars)
	if len(res.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v\nquery: %s", res.Errors, query)
	}
	if dst != nil {
		if err := json.Unmarshal(res.Data, dst); err != nil {
			t.Fatal(err)
		}
	}
}

// mustFail runs an operation that must fail with the given extensions.code.
func (in *instance) mustFail(t *testing.T, code, query string, vars map[string]any) gqlError {
	t.Helper()
	res := in.do(t, query, vars)
	if len(res.Errors) == 0 {
		t.Fatalf("expected error %s, got data %s", code, res.Data)
	}
	if got := res.Errors[0].Extensions["code"]; got != code {
		t.Fatalf("expected error code %s, got %v (%s)", code, got, res.Errors[0].Message)
	}
	return res.Errors[0]
}

// roundID returns the id of round number n.
func roundID(t *testing.T, in *instance, n int) string {
	t.Helper()
	var data struct {
		Rounds []struct {
			ID     string
			Number int
		}
	}
	in.mustQuery(t, `{ rounds { id number } }`, nil, &data)
	for _, r := range data.Rounds {
		if r.Number == n {
			return r.ID
		}
	}
	t.Fatalf("round %d not found", n)
	return ""
}

// serviceID returns the id of the first service whose name contains part.
func serviceID(t *testing.T, in *instance, part string) string {
	t.Helper()
	var data struct {
		Services struct{ Nodes []struct{ ID string } }
	}
	in.mustQuery(t, `query($p: String) { services(filter: {nameContains: $p}, first: 1) { nodes { id } } }`, map[string]any{"p": part}, &data)
	if len(data.Services.Nodes) == 0 {
		t.Fatalf("no service matches %q", part)
	}
	return data.Services.Nodes[0].ID
}

// statementRecorder counts each request's SQL statements (store.WithCounter) and keeps the counter
// of the last request, for the tests that assert exact statement counts: pass wrap to
// startInstance and read last after a request has answered.
type statementRecorder struct {
	mu      sync.Mutex
	counter *store.Counter
}

func (s *statementRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, c := store.WithCounter(r.Context())
		s.mu.Lock()
		s.counter = c
		s.mu.Unlock()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// last is the number of statements of the last request.
func (s *statementRecorder) last() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counter.Count()
}
