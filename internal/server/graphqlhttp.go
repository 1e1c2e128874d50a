package server

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// GraphQL over HTTP as the GraphQL-over-HTTP specification says for each response media type:
//
//   - application/json (also for a missing Accept header, */* and application/*): every
//     well-formed request answers 200, request errors (unparsable JSON, bad parameters, a document
//     that does not parse or validate, a limit refused before execution) included;
//   - application/graphql-response+json: a request error answers 400 (405 for a mutation over GET).
//
// A request error's body has errors and no data entry at all; a response that executed always
// has data. POST needs Content-Type application/json (else 415); GET runs queries only.
type graphqlHTTP struct{}

const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

var _ graphql.Transport = graphqlHTTP{}

func (graphqlHTTP) Supports(r *http.Request) bool {
	return r.Header.Get("Upgrade") == "" && (r.Method == http.MethodPost || r.Method == http.MethodGet)
}

// responseMedia picks the response media type from Accept: the first acceptable one listed (q=0
// excluded); "" when none is.
func responseMedia(accept string) string {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON
	}
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		if q, err := strconv.ParseFloat(params["q"], 64); err == nil && q == 0 {
			continue
		}
		switch mt {
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		case mediaJSON, "application/*", "*/*":
			return mediaJSON
		}
	}
	return ""
}

// requestParams is a POST body with every member raw, so that each one's type can be checked.
type requestParams struct {
	Query         json.RawMessage `json:"query"`
	OperationName json.RawMessage `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
}

// Do serves one GraphQL request over HTTP: it reads the parameters (readParams), then runs the
// operation (execute). Every refusal is a request error in the media type the client accepts.
func (graphqlHTTP) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media := responseMedia(r.Header.Get("Accept"))
	if media == "" {
		writeRequestError(w, mediaJSON, http.StatusNotAcceptable, gqlerror.List{badRequest(r,
			"Svaret finnes bare som application/graphql-response+json eller application/json.",
			"Svaret finst berre som application/graphql-response+json eller application/json.",
			"The response is available as application/graphql-response+json or application/json only.")})
		return
	}
	start := graphql.Now()
	params, ok := readParams(w, r, media)
	if !ok {
		return
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, media, params)
}

// failRequest writes a bad request; the plain JSON media type carries its errors with status 200.
func failRequest(w http.ResponseWriter, r *http.Request, media string, status int, nb, nn, en string) {
	if media == mediaJSON {
		status = http.StatusOK
	}
	writeRequestError(w, media, status, gqlerror.List{badRequest(r, nb, nn, en)})
}

// readParams reads the parameters from a GET's query string or a POST's JSON body, checking each
// member's type; ok false when a refusal has been written.
func readParams(w http.ResponseWriter, r *http.Request, media string) (*graphql.RawParams, bool) {
	params := &graphql.RawParams{Headers: r.Header}
	var raw requestParams
	if r.Method == http.MethodGet {
		q := r.URL.Query()
		str := func(s string) json.RawMessage {
			if s == "" {
				return nil
			}
			b, _ := json.Marshal(s)
			return b
		}
		raw = requestParams{Query: str(q.Get("query")), OperationName: str(q.Get("operationName")),
			Variables: json.RawMessage(q.Get("variables")), Extensions: json.RawMessage(q.Get("extensions"))}
	} else {
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != mediaJSON {
			writeRequestError(w, media, http.StatusUnsupportedMediaType, gqlerror.List{badRequest(r,
				"Send forespørselen som application/json.", "Send førespurnaden som application/json.",
				"Send the request as application/json.")})
			return nil, false
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			writeRequestError(w, media, http.StatusRequestEntityTooLarge, gqlerror.List{badRequest(r,
				"Forespørselen er for stor.", "Førespurnaden er for stor.", "The request is too large.")})
			return nil, false
		}
		if err := json.Unmarshal(body, &raw); err != nil {
			failRequest(w, r, media, http.StatusBadRequest, "Forespørselen er ikke gyldig JSON.", "Førespurnaden er ikkje gyldig JSON.",
				"The request body is not valid JSON.")
			return nil, false
		}
	}
	if !decodeParams(raw, params) {
		failRequest(w, r, media, http.StatusBadRequest,
			"Ugyldige parametere: query og operationName må være tekst, variables og extensions objekter.",
			"Ugyldige parametrar: query og operationName må vere tekst, variables og extensions objekt.",
			"Invalid parameters: query and operationName must be strings, variables and extensions objects.")
		return nil, false
	}
	return params, true
}

// execute parses, validates and runs the operation: a GET runs queries only, and subscriptions
// go over the websocket.
func execute(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, media string, params *graphql.RawParams) {
	ctx := r.Context()
	rc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		status := http.StatusBadRequest
		if media == mediaJSON {
			status = http.StatusOK
		}
		writeRequestError(w, media, status, resp.Errors)
		return
	}
	switch op := rc.Operation.Operation; {
	case r.Method == http.MethodGet && op != ast.Query:
		w.Header().Set("Allow", http.MethodPost)
		writeRequestError(w, media, http.StatusMethodNotAllowed, gqlerror.List{badRequest(r,
			"GET kan bare brukes til spørringer; send endringer med POST.", "GET kan berre brukast til spørjingar; send endringar med POST.",
			"GET runs queries only; send mutations with POST.")})
		return
	case op == ast.Subscription:
		failRequest(w, r, media, http.StatusBadRequest, "Abonnementer går over websocket (graphql-transport-ws).",
			"Abonnement går over websocket (graphql-transport-ws).", "Subscriptions are served over a websocket (graphql-transport-ws).")
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	resp := responses(ctx)
	b, err := json.Marshal(resp)
	if err != nil {
		writeRequestError(w, media, http.StatusInternalServerError, gqlerror.List{{Message: "internal error",
			Extensions: map[string]any{"code": string(domain.CodeInternal)}}})
		return
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// decodeParams checks and copies the request parameters.
func decodeParams(raw requestParams, p *graphql.RawParams) bool {
	isNull := func(b json.RawMessage) bool {
		b = bytes.TrimSpace(b)
		return len(b) == 0 || bytes.Equal(b, []byte("null"))
	}
	if !isNull(raw.Query) && json.Unmarshal(raw.Query, &p.Query) != nil {
		return false
	}
	if !isNull(raw.OperationName) && json.Unmarshal(raw.OperationName, &p.OperationName) != nil {
		return false
	}
	var ok bool
	if p.Variables, ok = jsonObject(raw.Variables); !ok {
		return false
	}
	if p.Extensions, ok = jsonObject(raw.Extensions); !ok {
		return false
	}
	// A request needs a document, or the hash of a persisted one.
	return p.Query != "" || p.Extensions["persistedQuery"] != nil
}

func badRequest(r *http.Request, nb, nn, en string) *gqlerror.Error {
	return &gqlerror.Error{Message: domain.Text{NB: nb, NN: nn, EN: en}.In(domain.LangFrom(r.Context())),
		Extensions: map[string]any{"code": string(domain.CodeBadInput)}}
}

// writeRequestError answers a request error: errors, and no data entry.
func writeRequestError(w http.ResponseWriter, media string, status int, errs gqlerror.List) {
	if errs == nil {
		errs = gqlerror.List{}
	}
	b, _ := json.Marshal(struct {
		Errors gqlerror.List `json:"errors"`
	}{errs})
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
