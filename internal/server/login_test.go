package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

const loginMutation = `mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { name } }`

// loginFrom tries a log-in from the client address addr (behind a trusted proxy) and returns the
// error code, or "" when it succeeded.
func loginFrom(t *testing.T, in *instance, addr, username, password string) string {
	t.Helper()
	res := in.do(t, loginMutation, map[string]any{"u": username, "p": password}, "X-Forwarded-For", "203.0.113.99, "+addr)
	if len(res.Errors) == 0 {
		return ""
	}
	code, _ := res.Errors[0].Extensions["code"].(string)
	return code
}

// auditContains counts audit rows that contain s in any column.
func auditContains(t *testing.T, in *instance, s string) int {
	t.Helper()
	n, err := in.DB.NewSelect().TableExpr("audit_log AS al").
		Where("strpos(lower(row_to_json(al)::text), lower(?)) > 0", s).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestLoginInputNeverStoredAsTyped: an overlong user name is refused before anything is stored,
// and personal data typed as a user name reaches neither the audit trail nor the lock-out table;
// an unknown user name is kept only as a keyed hash and its length, a known one as the account id.
func TestLoginInputNeverStoredAsTyped(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	srv := startCustom(t, in, server.Config{Limits: testLimits, TrustProxy: true})
	ctx := context.Background()
	count := func(table string) int {
		n, err := in.DB.NewSelect().Table(table).Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	auditBefore, throttleBefore := count("audit_log"), count("login_throttle")
	huge := strings.Repeat("a", 900<<10)
	e := srv.mustFail(t, "BAD_USER_INPUT", loginMutation, map[string]any{"u": huge, "p": "whatever whatever"})
	if e.Extensions["field"] != "username" {
		t.Errorf("field %v", e.Extensions["field"])
	}
	srv.mustFail(t, "BAD_USER_INPUT", loginMutation, map[string]any{"u": strings.Repeat("ø", store.MaxUsernameLen+1), "p": "whatever whatever"})
	if a, th := count("audit_log"), count("login_throttle"); a != auditBefore || th != throttleBefore {
		t.Fatalf("an overlong user name was stored: audit %d → %d, throttle %d → %d", auditBefore, a, throttleBefore, th)
	}

	personal := []string{"29020012380", "290200 12380", "912 34 567", "+47 91234567", "kari.nordmann@nav.no"}
	for i, p := range personal {
		if code := loginFrom(t, srv, "198.51.100.1", p, "wrong password!!"); code != "UNAUTHENTICATED" {
			t.Fatalf("%q: %s", p, code)
		}
		if n := auditContains(t, in, p); n != 0 {
			t.Errorf("%q typed as a user name is in %d audit rows", p, n)
		}
		var row store.AuditEntry
		if err := in.DB.NewSelect().Model(&row).Where("action = 'login.failed'").OrderExpr("id DESC").Limit(1).Scan(ctx); err != nil {
			t.Fatal(err)
		}
		var v struct {
			UsernameHash   string
			UsernameLength int
		}
		_ = json.Unmarshal(row.NewValue, &v)
		if len(v.UsernameHash) != 64 || v.UsernameLength != len([]rune(strings.ToLower(p))) || row.ObjectID != nil {
			t.Errorf("attempt %d audited as %+v %s", i, row, row.NewValue)
		}
	}
	n, _ := in.DB.NewSelect().TableExpr("login_throttle AS t").Where("strpos(row_to_json(t)::text, '12380') > 0 OR strpos(row_to_json(t)::text, 'nav.no') > 0").Count(ctx)
	if n != 0 {
		t.Error("the lock-out table keeps typed user names")
	}
	// The same unknown name hashes the same way, so repeated attempts can still be told apart.
	var hashes []string
	_ = in.DB.NewSelect().Table("audit_log").ColumnExpr("new_value->>'usernameHash'").Where("action = 'login.failed'").Scan(ctx, &hashes)
	if len(hashes) < 2 || hashes[0] == hashes[1] {
		t.Errorf("hashes %v", hashes)
	}

	// A known account's failure is audited by its id, not by the text typed.
	srv.analyst(t)
	if code := loginFrom(t, srv, "198.51.100.2", "  TEST.Analyst ", "wrong password!!"); code != "UNAUTHENTICATED" {
		t.Fatal(code)
	}
	var last store.AuditEntry
	if err := in.DB.NewSelect().Model(&last).Where("action = 'login.failed'").OrderExpr("id DESC").Limit(1).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if last.ObjectID == nil || strings.Contains(string(last.NewValue), "analyst") {
		t.Errorf("known user's failure audited as %+v %s", last, last.NewValue)
	}
}

// TestLoginLockOutPerClient: failures lock a user name from one client only, with a delay that
// grows; parallel attempts cannot race past the lock; another client still signs in.
func TestLoginLockOutPerClient(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	srv := startCustom(t, in, server.Config{Limits: testLimits, TrustProxy: true})
	in.user(t, "victim.user", auth.RoleNationalAnalyst, "", "")

	parallel := func(addr string, passwords []string) map[string]int {
		var mu sync.Mutex
		codes := map[string]int{}
		var wg sync.WaitGroup
		for _, p := range passwords {
			wg.Add(1)
			go func() {
				defer wg.Done()
				code := loginFrom(t, srv, addr, "victim.user", p)
				mu.Lock()
				codes[code]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		return codes
	}
	wrong := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "wrong password!!"
		}
		return out
	}
	auditFailures := func() int {
		n, _ := in.DB.NewSelect().Table("audit_log").Where("action = 'login.failed'").Count(context.Background())
		return int(n)
	}

	// 40 wrong passwords at once: at most the free failures are checked, the rest refused.
	codes := parallel("198.51.100.10", wrong(40))
	if codes["UNAUTHENTICATED"] > store.LoginFreeFailures || codes["UNAUTHENTICATED"]+codes["RATE_LIMITED"] != 40 {
		t.Fatalf("40 parallel wrong passwords: %v; at most %d may be checked", codes, store.LoginFreeFailures)
	}
	if n := auditFailures(); n > store.LoginFreeFailures {
		t.Fatalf("%d failures audited", n)
	}
	// At the threshold, 30 wrong and the right one together: none signs in.
	codes = parallel("198.51.100.10", append(wrong(30), testPassword))
	if codes[""] != 0 || codes["RATE_LIMITED"] != 31 {
		t.Fatalf("30 wrong + 1 right while locked: %v", codes)
	}
	e := srv.do(t, loginMutation, map[string]any{"u": "victim.user", "p": testPassword}, "X-Forwarded-For", "198.51.100.10")
	if len(e.Errors) == 0 || e.Errors[0].Extensions["retryAfter"] == nil || !strings.Contains(e.Errors[0].Message, "Vent") {
		t.Fatalf("locked answer %+v", e.Errors)
	}
	// Another client is not affected, and the user may sign in there at once.
	if code := loginFrom(t, srv, "192.0.2.7", "victim.user", testPassword); code != "" {
		t.Fatalf("another client could not sign in: %s", code)
	}
	// Only the address the proxy added counts: a client cannot pose as another by what it sends first.
	res := srv.do(t, loginMutation, map[string]any{"u": "victim.user", "p": testPassword}, "X-Forwarded-For", "192.0.2.7, 198.51.100.10")
	if len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "RATE_LIMITED" {
		t.Fatalf("a spoofed first X-Forwarded-For entry escaped the lock: %+v", res.Errors)
	}
}
