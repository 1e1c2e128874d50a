package store_test

import (
	"context"
	"github.com/egenkontroll/egenkontroll/internal/store"
	"os"
	"strings"
	"testing"
)

// TestOldFailedLoginsAnonymised: rows written before log-in failures were hashed lose the typed
// user name (a fødselsnummer, a phone number, an e-mail address typed by mistake), and nothing else
// of the append-only audit trail changes.
func TestOldFailedLoginsAnonymised(t *testing.T) {
	st := seeded(t, false)
	ctx := context.Background()
	typed := []string{"15076500050", "912 34 567", "kari@nav.no", "ab"}
	for _, u := range typed {
		if _, err := store.DBOf(st).ExecContext(ctx, `INSERT INTO audit_log (actor_kind, actor_name, organisation, action, object_type, new_value)
			VALUES ('ANONYMOUS', 'ANONYMOUS', 'none', 'login.failed', 'user', jsonb_build_object('username', ?::text))`, u); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := store.DBOf(st).ExecContext(ctx, `INSERT INTO audit_log (actor_kind, actor_name, organisation, action, object_type, new_value)
		VALUES ('ANONYMOUS', 'ANONYMOUS', 'none', 'login.failed', 'user', '{"oidc": "ola.nordmann@example.no"}')`); err != nil {
		t.Fatal(err)
	}
	sql, err := os.ReadFile("migrations/0013_anonymise_old_logins.sql")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := store.DBOf(st).BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, string(sql)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var values []string
	if err := store.DBOf(st).NewRaw(`SELECT new_value::text FROM audit_log WHERE action = 'login.failed' ORDER BY id`).Scan(ctx, &values); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(values, " ")
	for _, u := range []string{"15076500050", "912 34 567", "kari@nav.no", "ola.nordmann@example.no"} {
		if strings.Contains(all, u) {
			t.Fatalf("%q is still in the audit trail: %s", u, all)
		}
	}
	if !strings.Contains(all, `"[fjernet]"`) || len(values) != 5 {
		t.Fatalf("rows %v", values)
	}
	// The trail is append-only again afterwards.
	if _, err := store.DBOf(st).ExecContext(ctx, `UPDATE audit_log SET action = 'x' WHERE action = 'login.failed'`); err == nil {
		t.Fatal("the audit trail must refuse updates after the migration")
	}
}
