package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/server"
)

func get(t *testing.T, url string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestHTTP(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	bearer := "Bearer " + in.newToken(t, 0, 0)
	cases := []struct {
		name, path   string
		headers      []string
		status       int
		bodyContains string
		header       [2]string
	}{
		{"health", "/healthz", nil, 200, "ok", [2]string{}},
		{"ready", "/readyz", nil, 200, "ready", [2]string{}},
		{"spa root", "/", nil, 200, "<title>Egenkontroll", [2]string{"Cache-Control", "no-cache"}},
		{"spa deep link", "/tjeneste/12/runde/2", nil, 200, "<title>Egenkontroll", [2]string{"Cache-Control", "no-cache"}},
		{"hashed asset", "/assets/app-1.js", nil, 200, "console.log", [2]string{"Cache-Control", "public, max-age=31536000, immutable"}},
		{"missing asset", "/assets/nope.js", nil, 404, "", [2]string{}},
		{"plain file", "/favicon.svg", nil, 200, "<svg", [2]string{}},
		{"GET query", "/graphql?query=%7B%20offices%20%7B%20code%20%7D%20%7D", []string{"Authorization", bearer}, 200, `"offices"`, [2]string{}},
		{"GET needs credentials", "/graphql?query=%7B%20offices%20%7B%20code%20%7D%20%7D", nil, 200, `UNAUTHENTICATED`, [2]string{}},
		{"bad token", "/graphql?query=%7B%20offices%20%7B%20code%20%7D%20%7D", []string{"Authorization", "Bearer ekt_nope"}, 401, "invalid", [2]string{"WWW-Authenticate", `Bearer error="invalid_token"`}},
		{"CORS allowed", "/graphql?query=%7Boffices%7Bcode%7D%7D", []string{"Origin", "https://bi.example.no", "Authorization", bearer}, 200, "", [2]string{"Access-Control-Allow-Origin", "https://bi.example.no"}},
		{"CORS refused", "/graphql?query=%7Boffices%7Bcode%7D%7D", []string{"Origin", "https://evil.example.com", "Authorization", bearer}, 200, "", [2]string{"Access-Control-Allow-Origin", ""}},
		{"security headers", "/", nil, 200, "", [2]string{"X-Frame-Options", "DENY"}},
		{"CSP", "/", nil, 200, "", [2]string{"X-Content-Type-Options", "nosniff"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, body := get(t, in.URL+c.path, c.headers...)
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d", res.StatusCode, c.status)
			}
			if !strings.Contains(body, c.bodyContains) {
				t.Fatalf("body %q does not contain %q", body, c.bodyContains)
			}
			if c.header[0] != "" && res.Header.Get(c.header[0]) != c.header[1] {
				t.Fatalf("%s = %q, want %q", c.header[0], res.Header.Get(c.header[0]), c.header[1])
			}
		})
	}
	// GET may only run queries, never mutations.
	res, body := get(t, in.URL+"/graphql?query=mutation%7BdeleteCase(id:%221%22)%7BdeletedCaseId%7D%7D", "Authorization", bearer)
	if res.StatusCode == 200 && !strings.Contains(body, "errors") {
		t.Fatalf("a mutation over GET must be refused, got %d %s", res.StatusCode, body)
	}
	// Messages follow the caller's language.
	an := in.analyst(t)
	e := an.do(t, `{ funnel(roundId: "999999") { overdueCount } }`, nil, "Accept-Language", "nn-NO")
	if len(e.Errors) == 0 || !strings.Contains(e.Errors[0].Message, "Fann ikkje") {
		t.Fatalf("expected a Nynorsk NOT_FOUND message, got %+v", e.Errors)
	}
	e = an.do(t, `{ funnel(roundId: "999999") { overdueCount } }`, nil, "Accept-Language", "en")
	if len(e.Errors) == 0 || !strings.Contains(e.Errors[0].Message, "was not found") {
		t.Fatalf("expected an English NOT_FOUND message, got %+v", e.Errors)
	}
}

func TestWildcardCORSRefused(t *testing.T) {
	if _, err := server.New(server.Config{CORSOrigins: []string{"*"}}, nil, nil, quietLog); err == nil {
		t.Fatal("a wildcard CORS origin must be refused")
	}
}

// TestCORSOnlyForListedOrigins: with no --cors-origins a response carries no CORS header at all
// (rs/cors would otherwise allow every origin); with origins listed, only those are allowed.
func TestCORSOnlyForListedOrigins(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	none := startCustom(t, in, server.Config{Limits: testLimits})
	listed := startCustom(t, in, server.Config{Limits: testLimits, CORSOrigins: []string{"https://bi.example.no"}})
	corsHeaders := func(h http.Header) []string {
		var out []string
		for k := range h {
			if strings.HasPrefix(k, "Access-Control-") {
				out = append(out, k+": "+h.Get(k))
			}
		}
		return out
	}
	type call struct{ method, origin string }
	for _, c := range []call{{http.MethodGet, "https://evil.example.com"}, {http.MethodGet, "https://bi.example.no"},
		{http.MethodOptions, "https://evil.example.com"}, {http.MethodOptions, "https://bi.example.no"}} {
		for _, srv := range []struct {
			name  string
			url   string
			allow bool
		}{{"no origins", none.URL, false}, {"listed", listed.URL, c.origin == "https://bi.example.no"}} {
			req, _ := http.NewRequest(c.method, srv.url+"/graphql?query=%7Boffices%7Bcode%7D%7D", nil)
			req.Header.Set("Origin", c.origin)
			if c.method == http.MethodOptions {
				req.Header.Set("Access-Control-Request-Method", "POST")
				req.Header.Set("Access-Control-Request-Headers", "content-type")
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			got := corsHeaders(res.Header)
			switch {
			case !srv.allow && len(got) > 0:
				t.Errorf("%s, %s from %s: CORS headers %v, want none", srv.name, c.method, c.origin, got)
			case srv.allow && (res.Header.Get("Access-Control-Allow-Origin") != c.origin || res.Header.Get("Access-Control-Allow-Credentials") != "true"):
				t.Errorf("%s, %s from %s: CORS headers %v, want the origin allowed with credentials", srv.name, c.method, c.origin, got)
			}
		}
	}
}
