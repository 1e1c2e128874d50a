package server

import (
	"bytes"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
)

// optionalObject reads an optional object payload (absent, null or {...}).
func optionalObject(raw json.RawMessage) (map[string]any, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, true
	}
	if raw[0] != '{' {
		return nil, false
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, false
	}
	return m, true
}

// operationID reads a message's id: a non-empty string.
func operationID(raw json.RawMessage) (string, bool) {
	var id string
	if err := json.Unmarshal(raw, &id); err != nil || id == "" {
		return "", false
	}
	return id, true
}

// subscribePayload reads a subscribe payload: query a string; operationName a string or null;
// variables and extensions objects or null.
func subscribePayload(raw json.RawMessage) (graphql.RawParams, bool) {
	var p struct {
		Query         *string         `json:"query"`
		OperationName json.RawMessage `json:"operationName"`
		Variables     json.RawMessage `json:"variables"`
		Extensions    json.RawMessage `json:"extensions"`
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &p) != nil || p.Query == nil {
		return graphql.RawParams{}, false
	}
	out := graphql.RawParams{Query: *p.Query}
	if len(p.OperationName) > 0 && !bytes.Equal(p.OperationName, []byte("null")) {
		if json.Unmarshal(p.OperationName, &out.OperationName) != nil {
			return out, false
		}
	}
	var ok bool
	if out.Variables, ok = jsonObject(p.Variables); !ok {
		return out, false
	}
	if out.Extensions, ok = jsonObject(p.Extensions); !ok {
		return out, false
	}
	return out, true
}

// jsonObject decodes an optional JSON object with numbers kept as json.Number (as gqlgen does).
func jsonObject(raw json.RawMessage) (map[string]any, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, true
	}
	if raw[0] != '{' {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, false
	}
	return m, true
}
