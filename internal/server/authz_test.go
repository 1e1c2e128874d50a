package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// The authorization matrix: every root field of the schema (found by introspection), called by
// every kind of caller, on an object inside and one outside the caller's organisation. The
// expectation is written here independently of internal/auth; a field added to the schema
// without a case here fails the test.

// caller is one kind of caller in the matrix.
type caller struct {
	name    string
	role    auth.Role // "" for anonymous and tokens
	token   bool
	scope   string // "service", "office", "national" or "" (anonymous)
	headers map[string]string
}

func (c caller) in(w who) bool {
	switch w {
	case whoEveryone:
		return true
	case whoReaders:
		return c.scope != ""
	case whoEditors:
		return c.role == auth.RoleServiceStaff || c.role == auth.RoleServiceLeader
	case whoLeaders:
		return c.role == auth.RoleServiceLeader
	case whoAdmins:
		return c.role == auth.RoleAdmin
	case whoAdvisors:
		return c.role == auth.RoleCountyAdvisor
	case whoReplies:
		return c.role == auth.RoleCountyAdvisor || c.role == auth.RoleServiceLeader
	case whoOffice:
		return c.scope == "office" || c.scope == "national"
	case whoErasers:
		return c.role == auth.RoleServiceLeader || c.role == auth.RoleAdmin
	case whoAnalysts:
		return c.role == auth.RoleNationalAnalyst
	case whoRegistrars:
		return c.role == auth.RoleCountyAdvisor || c.role == auth.RoleNationalAnalyst
	case whoInviters:
		return c.role == auth.RoleCountyAdvisor || c.role == auth.RoleServiceLeader
	case whoLetters:
		return c.role == auth.RoleCountyAdvisor || c.role == auth.RoleNationalAnalyst
	}
	return false
}

// expected says whether c may call the field on the object of side (0 inside, 1 outside).
func expected(f fieldCase, c caller, side int) bool {
	if !c.in(f.who) {
		return false
	}
	if !f.scoped || side == 0 {
		return true
	}
	// Outside the caller's organisation: only national callers reach it. A service user may
	// subscribe to another office's events, but only hears of its own service (tested apart).
	return c.scope == "national" || f.query[:12] == "subscription" && c.scope == "service"
}

// expectedInside refines the inside case of office-level reads: a service's own users and
// tokens do not read the office's follow-up work.
func expectedInside(f fieldCase, c caller) bool {
	return !(f.who == whoOffice && c.scope == "service")
}

func TestAuthorizationMatrix(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	e := newMatrixEnvironment(t, in, a)
	callers := matrixCallers(t, in, a, e)
	names := matrixFieldsCoverSchema(t, a)

	pairs := 0
	for _, name := range names {
		f := matrix[name]
		sides := 1
		if f.scoped {
			sides = 2
		}
		for _, c := range callers {
			for side := 0; side < sides; side++ {
				var vars map[string]any
				if f.vars != nil {
					vars = f.vars(t, e, side)
				}
				want := expected(f, c, side) && (side != 0 || expectedInside(f, c))
				var got bool
				var detail string
				if strings.HasPrefix(name, "Subscription.") {
					got, detail = subscribeAllowed(t, in.URL, c, f.query, vars)
				} else {
					got, detail = callAllowed(t, in, c, f, vars, e, side)
				}
				pairs++
				if got != want {
					t.Errorf("%s as %s (%s): allowed=%v, want %v (%s)", name, c.name, []string{"inside", "outside"}[side], got, want, detail)
				}
			}
		}
	}
	t.Logf("authorization matrix: %d root fields × %d callers = %d (field, caller, inside/outside) checks", len(names), len(callers), pairs)
}

// newMatrixEnvironment makes the objects the matrix calls on: a case (and so a form) in round 2
// inside, in Bergen (Vestland), and outside, in Tromsø (Troms og Finnmark).
func newMatrixEnvironment(t *testing.T, in, a *instance) *matrixEnv {
	e := &matrixEnv{in: in, round: roundID(t, a, 2)}
	// Inside: Bergen (Vestland). Outside: Tromsø (Troms og Finnmark).
	for side, name := range []string{"Barneverntjenesten i Bergen", "Barneverntjenesten i Tromsø"} {
		var svc store.Service
		if err := in.DB.NewSelect().Model(&svc).Where("s.name = ?", name).Scan(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.serviceID[side], e.officeID[side] = svc.ID, svc.OfficeID
		e.service[side], e.office[side] = strconv.FormatInt(svc.ID, 10), strconv.FormatInt(svc.OfficeID, 10)
		c, err := in.Store.CreateCase(system, svc.ID, mustInt(e.round), store.CaseFields{})
		if err != nil {
			t.Fatal(err)
		}
		e.submission[side] = strconv.FormatInt(c.SubmissionID, 10)
	}
	e.question = questions(t, a, e.round)["1.1"].ID
	if _, err := in.Store.EnsureUser(system, in.DB, store.UserInput{Username: "matrix.login", DisplayName: "Matrix", Password: testPassword, Role: auth.RoleNationalAnalyst}); err != nil {
		t.Fatal(err)
	}
	return e
}

// matrixCallers are the kinds of caller, each signed in or holding a token of its own.
func matrixCallers(t *testing.T, in, a *instance, e *matrixEnv) []caller {
	session := func(c *instance) string {
		u, _ := http.NewRequest(http.MethodGet, in.URL, nil)
		for _, ck := range c.client.Jar.Cookies(u.URL) {
			if ck.Name == "egk_session" {
				return "egk_session=" + ck.Value
			}
		}
		t.Fatal("no session cookie")
		return ""
	}
	sessionOf := func(c *instance) map[string]string { return map[string]string{"Cookie": session(c)} }
	tokenOf := func(office, service int64) map[string]string {
		return map[string]string{"Authorization": "Bearer " + in.newToken(t, office, service)}
	}
	return []caller{
		{name: "anonymous"},
		{name: "staff", role: auth.RoleServiceStaff, scope: "service", headers: sessionOf(in.staff(t, e.service[0]))},
		{name: "leader", role: auth.RoleServiceLeader, scope: "service", headers: sessionOf(in.leader(t, e.service[0]))},
		{name: "advisor", role: auth.RoleCountyAdvisor, scope: "office", headers: sessionOf(in.advisor(t, e.office[0]))},
		{name: "analyst", role: auth.RoleNationalAnalyst, scope: "national", headers: sessionOf(a)},
		{name: "admin", role: auth.RoleAdmin, scope: "national", headers: sessionOf(in.user(t, "test.admin", auth.RoleAdmin, "", ""))},
		{name: "token:national", token: true, scope: "national", headers: tokenOf(0, 0)},
		{name: "token:office", token: true, scope: "office", headers: tokenOf(e.officeID[0], 0)},
		{name: "token:service", token: true, scope: "service", headers: tokenOf(0, e.serviceID[0])},
	}
}

// matrixFieldsCoverSchema checks that every root field of the schema has a case in the matrix and
// a rule in auth.RootRules, and every case a field. It returns the fields in the order they are
// called: log-out ends sessions, so it runs last.
func matrixFieldsCoverSchema(t *testing.T, a *instance) []string {
	fields := rootFields(t, a)
	var names []string
	for _, f := range fields {
		names = append(names, f)
		if _, ok := matrix[f]; !ok {
			t.Errorf("root field %s has no case in the authorization matrix", f)
		}
		if _, ok := auth.RootRules[f]; !ok {
			t.Errorf("root field %s has no rule in auth.RootRules (it is refused for everyone)", f)
		}
	}
	for f := range matrix {
		if !contains(fields, f) {
			t.Errorf("matrix case %s is not in the schema", f)
		}
	}
	sort.SliceStable(names, func(i, j int) bool { return names[j] == "Mutation.logout" && names[i] != names[j] })
	return names
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// rootFields lists Query.x, Mutation.y and Subscription.z by introspection.
func rootFields(t *testing.T, in *instance) []string {
	var data struct {
		Schema struct {
			QueryType, MutationType, SubscriptionType struct {
				Name   string
				Fields []struct{ Name string }
			}
		} `json:"__schema"`
	}
	in.mustQuery(t, `{ __schema { queryType { name fields { name } } mutationType { name fields { name } } subscriptionType { name fields { name } } } }`, nil, &data)
	var out []string
	for _, typ := range []struct {
		Name   string
		Fields []struct{ Name string }
	}{data.Schema.QueryType, data.Schema.MutationType, data.Schema.SubscriptionType} {
		for _, f := range typ.Fields {
			out = append(out, typ.Name+"."+f.Name)
		}
	}
	return out
}

// denied reports whether an error is an access refusal.
func deniedCode(code any) bool {
	return code == "UNAUTHENTICATED" || code == "FORBIDDEN" || code == "NOT_FOUND"
}

func callAllowed(t *testing.T, in *instance, c caller, f fieldCase, vars map[string]any, e *matrixEnv, side int) (bool, string) {
	cl := *in
	cl.client = http.DefaultClient
	cl.headers = c.headers
	res := cl.do(t, f.query, vars)
	if len(res.Errors) > 0 {
		code := res.Errors[0].Extensions["code"]
		if code == "GRAPHQL_VALIDATION_FAILED" || code == "GRAPHQL_PARSE_FAILED" {
			t.Fatalf("the matrix query of %s is invalid: %s", f.query, res.Errors[0].Message)
		}
		return !deniedCode(code), fmt.Sprintf("%v: %s", code, res.Errors[0].Message)
	}
	var data map[string]any
	_ = json.Unmarshal(res.Data, &data)
	if f.sees != nil {
		return f.sees(data, e, side), string(res.Data)
	}
	for k, v := range data {
		if v == nil {
			return false, k + " is null"
		}
		if f.emptyIsDenied != "" {
			list := dig(data, f.emptyIsDenied)
			return len(list) > 0, fmt.Sprintf("%d items", len(list))
		}
	}
	return true, string(res.Data)
}

func dig(m map[string]any, path string) []any {
	var cur any = m
	for _, p := range strings.Split(path, ".") {
		mm, _ := cur.(map[string]any)
		cur = mm[p]
	}
	list, _ := cur.([]any)
	return list
}

// subscribeAllowed subscribes and reports whether the server accepted it (no error within a moment).
func subscribeAllowed(t *testing.T, url string, c caller, query string, vars map[string]any) (bool, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	h := http.Header{}
	token := ""
	for k, v := range c.headers {
		if k == "Authorization" {
			token = strings.TrimPrefix(v, "Bearer ")
		} else {
			h.Set(k, v)
		}
	}
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: h})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(websocket.StatusNormalClosure, "")
	ws := &wsClient{t: t, conn: conn, ctx: ctx}
	init := map[string]string{}
	if token != "" {
		init["Authorization"] = "Bearer " + token
	}
	b, _ := json.Marshal(init)
	ws.send(wsMessage{Type: "connection_init", Payload: b})
	if m := ws.next(5 * time.Second); m == nil || m.Type != "connection_ack" {
		return false, fmt.Sprintf("no ack: %+v", m)
	}
	p, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	ws.send(wsMessage{ID: "1", Type: "subscribe", Payload: p})
	m := ws.next(400 * time.Millisecond)
	if m == nil {
		return true, "subscribed"
	}
	return !strings.Contains(string(m.Payload), "UNAUTHENTICATED") && !strings.Contains(string(m.Payload), "FORBIDDEN") &&
		!strings.Contains(string(m.Payload), "NOT_FOUND"), string(m.Payload)
}
