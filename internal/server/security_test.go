package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

func post(t *testing.T, client *http.Client, url, contentType, body string, headers ...string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// TestCSRF: a cookie-authenticated change can only come as a JSON POST, which a foreign page
// cannot send without CORS approval; forms and plain-text posts are refused, GET never changes.
func TestCSRF(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	svc := serviceID(t, a, "Bergen")
	r2 := roundID(t, a, 2)
	leader := in.leader(t, svc)
	mutation := fmt.Sprintf(`mutation { createCase(input: {serviceId: "%s", roundId: "%s"}) { id } }`, svc, r2)
	for _, ct := range []string{"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"} {
		body := `{"query": ` + fmt.Sprintf("%q", mutation) + `}`
		if strings.HasPrefix(ct, "application/x-www") {
			body = "query=" + url.QueryEscape(mutation)
		}
		status, resp, _ := post(t, leader.client, in.URL+"/graphql", ct, body)
		if status < 400 || strings.Contains(resp, `"createCase"`) {
			t.Errorf("POST as %s was accepted: %d %s", ct, status, resp)
		}
	}
	res, body := getWith(t, leader.client, in.URL+"/graphql?query="+url.QueryEscape(mutation))
	if res.StatusCode < 400 && !strings.Contains(body, "errors") {
		t.Errorf("GET ran a mutation: %s", body)
	}
	var cases struct{ Cases []struct{ ID string } }
	leader.mustQuery(t, `query($s: ID!, $r: ID!) { cases(serviceId: $s, roundId: $r) { id } }`, map[string]any{"s": svc, "r": r2}, &cases)
	if len(cases.Cases) != 0 {
		t.Fatalf("a refused request created %d cases", len(cases.Cases))
	}
	// The session cookie is HttpOnly and SameSite.
	jarURL, _ := url.Parse(in.URL)
	_ = jarURL
	status, _, hdr := post(t, http.DefaultClient, in.URL+"/graphql", "application/json",
		`{"query":"mutation { login(input: {username: \"test.analyst\", password: \"correct horse battery staple\"}) { name } }"}`)
	cookie := hdr.Get("Set-Cookie")
	if status != 200 || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
		t.Fatalf("session cookie %q", cookie)
	}
}

func getWith(t *testing.T, client *http.Client, u string) (*http.Response, string) {
	t.Helper()
	res, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// TestQueryLimits: too deep, too many aliases, too complex or too large requests are refused
// before they run.
func TestQueryLimits(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil).analyst(t)
	deep := `{ submissions(roundId: "1") { nodes { service { office { counties { office { counties { office { counties { office { counties { office { counties { id } } } } } } } } } } } } } }`
	e := in.mustFail(t, "QUERY_TOO_EXPENSIVE", deep, nil)
	if !strings.Contains(e.Message, "dyp") {
		t.Errorf("depth message %q", e.Message)
	}
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&aliases, " a%d: offices { id }", i)
	}
	aliases.WriteString(" }")
	in.mustFail(t, "QUERY_TOO_EXPENSIVE", aliases.String(), nil)
	// A fragment cycle cannot be used to get around the depth limit either; the validator refuses it.
	cyc := in.do(t, `query { offices { ...A } } fragment A on GovernorOffice { counties { office { ...A } } }`, nil)
	if len(cyc.Errors) == 0 {
		t.Error("a fragment cycle was accepted")
	}
	// Body size.
	status, _, _ := post(t, in.client, in.URL+"/graphql", "application/json", `{"query":"{ offices { id } }","x":"`+strings.Repeat("x", 2<<20)+`"}`)
	if status < 400 {
		t.Errorf("a 2 MiB body was accepted (%d)", status)
	}
}

// TestComplexityLimit: a query whose lists multiply beyond the limit is refused.
func TestComplexityLimit(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	small := server.Limits{MaxDepth: 12, MaxComplexity: 50, MaxAliases: 30, PerIP: 1e6, PerToken: 1e6, Burst: 1e6}
	srv := startCustom(t, in, server.Config{Limits: small})
	a := srv.analyst(t)
	a.mustFail(t, "QUERY_TOO_EXPENSIVE", `{ services(first: 500) { nodes { id name kind county { id name number office { id code } } office { id code } } } offices { id code counties { id } } }`, nil)
}

// startCustom starts a second server with a custom config on in's database.
func startCustom(t *testing.T, in *instance, cfg server.Config) *instance {
	t.Helper()
	broker := in.Store.NewBroker(quietLog)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := broker.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if cfg.Static == nil {
		cfg.Static = fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}
	}
	srv, err := server.New(cfg, in.Store, broker, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, srv.Handler())
	return &instance{URL: ts, Store: in.Store, DB: in.DB, srv: srv, broker: broker, client: http.DefaultClient}
}

// TestIntrospectionInProduction: anonymous callers cannot read the schema in production mode;
// signed-in users and tokens can.
func TestIntrospectionInProduction(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	prod := startCustom(t, in, server.Config{Production: true, Limits: testLimits})
	res := prod.do(t, `{ __schema { types { name } } }`, nil)
	if len(res.Errors) == 0 {
		t.Fatal("anonymous introspection must be refused in production")
	}
	res = prod.do(t, `{ offices { idd } }`, nil)
	if len(res.Errors) == 0 || strings.Contains(res.Errors[0].Message, "Did you mean") {
		t.Fatalf("no field suggestions in production: %+v", res.Errors)
	}
	var schema struct {
		Schema struct{ Types []struct{ Name string } } `json:"__schema"`
	}
	prod.analyst(t).mustQuery(t, `{ __schema { types { name } } }`, nil, &schema)
	if len(schema.Schema.Types) < 20 {
		t.Fatal("a signed-in user may introspect")
	}
	prod.token(t, 0, 0).mustQuery(t, `{ __schema { types { name } } }`, nil, &schema)
}

// TestRateLimit: past the burst, a client gets 429 with Retry-After.
func TestRateLimit(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	limited := startCustom(t, in, server.Config{Limits: server.Limits{MaxDepth: 12, MaxComplexity: 20000, MaxAliases: 30, PerIP: 1, PerToken: 1, Burst: 5}})
	var last *http.Response
	for i := 0; i < 10; i++ {
		res, _ := getWith(t, http.DefaultClient, limited.URL+"/healthz")
		last = res
		if res.StatusCode == http.StatusTooManyRequests {
			break
		}
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Fatalf("after the burst: %d, Retry-After %q", last.StatusCode, last.Header.Get("Retry-After"))
	}
}

// TestSessionsAndTokens: log-in, wrong password, lock-out, log-out, revoked and expired tokens,
// and that each is audited.
func TestSessionsAndTokens(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	var v struct {
		Viewer struct {
			Kind, Name string
			National   bool
		}
	}
	a.mustQuery(t, `{ viewer { kind name national } }`, nil, &v)
	if v.Viewer.Kind != "USER" || !v.Viewer.National {
		t.Fatalf("viewer %+v", v.Viewer)
	}
	const login = `mutation($p: String!) { login(input: {username: "test.analyst", password: $p}) { name } }`
	e := in.mustFail(t, "UNAUTHENTICATED", login, map[string]any{"p": "wrong password!!"})
	if e.Extensions["field"] != "password" {
		t.Errorf("wrong password error %+v", e)
	}
	in.mustFail(t, "UNAUTHENTICATED", `mutation { login(input: {username: "nobody.here", password: "whatever whatever"}) { name } }`, nil)
	// Log-out ends the session on the server: the old cookie no longer works.
	cookie := ""
	u, _ := url.Parse(in.URL)
	for _, c := range a.client.Jar.Cookies(u) {
		cookie = c.Value
	}
	a.mustQuery(t, `mutation { logout }`, nil, nil)
	stale := *in
	stale.headers = map[string]string{"Cookie": "egk_session=" + cookie}
	stale.mustFail(t, "UNAUTHENTICATED", `{ offices { id } }`, nil)

	// Repeated failures lock the user name from this client for a while (TestLoginLockOutPerClient).
	for i := 0; i < store.LoginFreeFailures; i++ {
		in.do(t, login, map[string]any{"p": "wrong password!!"})
	}
	in.mustFail(t, "RATE_LIMITED", login, map[string]any{"p": testPassword})

	// Tokens: revoked and expired ones are refused with 401.
	revokedAndExpiredTokensRefused(t, in)
	// Admins create tokens through the graph; the secret is shown once and only its hash is stored.
	admin := in.user(t, "test.admin", auth.RoleAdmin, "", "")
	var created struct {
		CreateApiToken struct {
			Secret string
			Token  struct{ ID string }
		}
	}
	admin.mustQuery(t, `mutation { createApiToken(input: {name: "Power BI, Vestland", officeId: "1"}) { secret token { id } } }`, nil, &created)
	var stored string
	_ = in.DB.NewSelect().Table("api_tokens").Column("token_hash").Where("id = ?", created.CreateApiToken.Token.ID).Scan(context.Background(), &stored)
	if stored == "" || strings.Contains(stored, created.CreateApiToken.Secret) || stored != auth.HashSecret(created.CreateApiToken.Secret) {
		t.Fatal("the token must be stored as its hash only")
	}

	// Log-ins, failures, log-out and token use are in the audit trail.
	for _, action := range []string{"login.password", "login.failed", "logout", "token.use", "token.create", "token.revoke"} {
		n, _ := in.DB.NewSelect().Table("audit_log").Where("action = ?", action).Count(context.Background())
		if n == 0 {
			t.Errorf("no audit entry for %s", action)
		}
	}
}

// revokedAndExpiredTokensRefused: a token works and its use is recorded; revoked or expired, it
// is refused with 401.
func revokedAndExpiredTokensRefused(t *testing.T, in *instance) {
	t.Helper()
	tok, secret, err := in.Store.CreateToken(system, store.TokenInput{Name: "BI"})
	if err != nil {
		t.Fatal(err)
	}
	bearer := []string{"Authorization", "Bearer " + secret}
	if status, _, _ := post(t, http.DefaultClient, in.URL+"/graphql", "application/json", `{"query":"{ offices { id } }"}`, bearer...); status != 200 {
		t.Fatalf("token refused: %d", status)
	}
	var used *time.Time
	_ = in.DB.NewSelect().Table("api_tokens").Column("last_used_at").Where("id = ?", tok.ID).Scan(context.Background(), &used)
	if used == nil {
		t.Error("token use must be recorded")
	}
	if _, err := in.Store.RevokeToken(system, tok.ID); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := post(t, http.DefaultClient, in.URL+"/graphql", "application/json", `{"query":"{ offices { id } }"}`, bearer...); status != 401 {
		t.Fatalf("revoked token: %d, want 401", status)
	}
	past := time.Now().Add(time.Hour)
	_, expSecret, _ := in.Store.CreateToken(system, store.TokenInput{Name: "expiring", ExpiresAt: &past})
	_, _ = in.DB.ExecContext(context.Background(), `UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE name = 'expiring'`)
	if status, _, _ := post(t, http.DefaultClient, in.URL+"/graphql", "application/json", `{"query":"{ offices { id } }"}`, "Authorization", "Bearer "+expSecret); status != 401 {
		t.Fatalf("expired token: %d, want 401", status)
	}
}

// TestHistoryAccess: only the service itself reads the history of its cases and forms (drafts are
// working papers); Helsetilsynet and the county office do not.
func TestHistoryAccess(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	svc := serviceID(t, a, "Bergen")
	r2 := roundID(t, a, 2)
	leader := in.leader(t, svc)
	var c struct{ CreateCase struct{ ID string } }
	leader.mustQuery(t, createCase, map[string]any{"s": svc, "r": r2, "d": 2}, &c)
	leader.mustQuery(t, saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": questions(t, a, r2)["1.1"].ID, "o": "PARTLY"}, nil)
	const q = `query($id: ID!, $s: ID!, $r: ID!) { case(id: $id) { history { action actorName organisation newValue } }
		submission(serviceId: $s, roundId: $r) { history { action } } }`
	vars := map[string]any{"id": c.CreateCase.ID, "s": svc, "r": r2}
	var h struct {
		Case struct {
			History []struct{ Action, ActorName, Organisation, NewValue string }
		}
		Submission struct{ History []struct{ Action string } }
	}
	leader.mustQuery(t, q, vars, &h)
	if len(h.Case.History) != 2 || h.Case.History[0].Action != "case.create" || h.Case.History[1].Action != "answer.save" ||
		h.Case.History[1].Organisation != "service:"+svc || !strings.Contains(h.Case.History[1].NewValue, "PARTLY") {
		t.Fatalf("case history %+v", h.Case.History)
	}
	if len(h.Submission.History) == 0 || h.Submission.History[0].Action != "submission.status" {
		t.Fatalf("submission history %+v", h.Submission.History)
	}
	subOnly := `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { history { action } } }`
	if res := a.do(t, subOnly, map[string]any{"s": svc, "r": r2}); len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("an analyst must not read a form's history: %+v", res.Errors)
	}
	if res := a.do(t, q, vars); len(res.Errors) == 0 {
		t.Fatalf("an analyst must not reach a case: %+v", res)
	}
	var office struct {
		Service struct{ Office struct{ ID string } }
	}
	a.mustQuery(t, `query($s: ID!) { service(id: $s) { office { id } } }`, map[string]any{"s": svc}, &office)
	res := in.advisor(t, office.Service.Office.ID).do(t, q, vars)
	if len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("an advisor must not read the history: %+v", res.Errors)
	}
}
