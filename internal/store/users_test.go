package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

const goodPassword = "en lang setning som passord"

func TestCreateUserRefusesBadInput(t *testing.T) {
	st := seeded(t, false)
	svc, _, _ := ids(t, st)
	office := firstOffice(t, st)
	if _, err := st.CreateUser(system, store.UserInput{Username: "taken.name", DisplayName: "Første", Role: auth.RoleNationalAnalyst, Password: goodPassword}); err != nil {
		t.Fatal(err)
	}
	base := store.UserInput{Username: "kari.nordmann", DisplayName: "Kari Nordmann", Role: auth.RoleServiceStaff, ServiceID: svc, Password: goodPassword}
	for _, tc := range []struct {
		name  string
		edit  func(in *store.UserInput)
		field string
	}{
		{"user name too short", func(in *store.UserInput) { in.Username = "ka" }, "username"},
		{"user name with a space", func(in *store.UserInput) { in.Username = "kari nordmann" }, "username"},
		{"user name taken, in other case", func(in *store.UserInput) { in.Username = "Taken.Name" }, "username"},
		{"no display name", func(in *store.UserInput) { in.DisplayName = "  " }, "displayName"},
		{"unknown role", func(in *store.UserInput) { in.Role = "BOSS" }, "role"},
		{"staff without a service", func(in *store.UserInput) { in.ServiceID = 0 }, "serviceId"},
		{"advisor without an office", func(in *store.UserInput) { in.Role, in.ServiceID = auth.RoleCountyAdvisor, 0 }, "officeId"},
		{"analyst with an office", func(in *store.UserInput) { in.Role, in.ServiceID, in.OfficeID = auth.RoleNationalAnalyst, 0, office }, "officeId"},
		{"advisor with a service", func(in *store.UserInput) { in.Role, in.OfficeID = auth.RoleCountyAdvisor, office }, "serviceId"},
		{"short password", func(in *store.UserInput) { in.Password = "kort" }, "password"},
		{"11 characters in 22 bytes", func(in *store.UserInput) { in.Password = "æøåæøåæøåæø" }, "password"},
		{"neither password nor OIDC subject", func(in *store.UserInput) { in.Password = "" }, "password"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := base
			tc.edit(&in)
			_, err := st.CreateUser(system, in)
			if !domain.IsCode(err, domain.CodeBadInput) || fieldOf(err) != tc.field {
				t.Fatalf("got %v (field %q), want BAD_USER_INPUT on %s", err, fieldOf(err), tc.field)
			}
		})
	}
	in := base
	in.ServiceID = 999999
	if _, err := st.CreateUser(system, in); !domain.IsCode(err, domain.CodeNotFound) {
		t.Fatalf("unknown service: got %v, want NOT_FOUND", err)
	}
	n, _ := store.DBOf(st).NewSelect().Table("users").Where("username = 'kari.nordmann'").Count(context.Background())
	if n != 0 {
		t.Fatal("a refused account was stored")
	}
}

func TestAccountLifecycle(t *testing.T) {
	st := seeded(t, false)
	svc, _, _ := ids(t, st)
	u, err := st.CreateUser(system, store.UserInput{Username: " Kari.Nordmann ", DisplayName: "Kari Nordmann", Role: auth.RoleServiceLeader,
		ServiceID: svc, Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	if u.Username != "kari.nordmann" {
		t.Fatalf("stored user name %q, want it trimmed and in lower case", u.Username)
	}
	// Signs in, with the name in any case.
	_, secret, err := st.Login(system, "KARI.nordmann", goodPassword, "test")
	if err != nil {
		t.Fatal(err)
	}
	sessionAlive := func() bool { su, _, err := st.SessionUser(system, secret); return err == nil && su != nil }
	if !sessionAlive() {
		t.Fatal("the new session does not work")
	}

	// Disabling ends the session at once and refuses new log-ins.
	yes, no := true, false
	if _, err := st.UpdateUser(system, u.ID, store.UserChange{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	if sessionAlive() {
		t.Fatal("a disabled account's session still works")
	}
	if _, _, err := st.Login(system, "kari.nordmann", goodPassword, "test"); err == nil {
		t.Fatal("a disabled account signed in")
	}

	// Enabled again with a new password: the old one no longer works, the new one does.
	newPassword := "et helt annet passord her"
	if _, err := st.UpdateUser(system, u.ID, store.UserChange{Disabled: &no, Password: &newPassword}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Login(system, "kari.nordmann", goodPassword, "test"); err == nil {
		t.Fatal("the old password still works")
	}
	if _, secret, err = st.Login(system, "kari.nordmann", newPassword, "test"); err != nil {
		t.Fatal(err)
	}
	// A new password also ends the sessions opened with the old one.
	again := "ett passord til, langt nok"
	if _, err := st.UpdateUser(system, u.ID, store.UserChange{Password: &again}); err != nil {
		t.Fatal(err)
	}
	if sessionAlive() {
		t.Fatal("a session survived a new password")
	}

	// Nobody disables their own account; the audit trail never holds the password.
	self := auth.WithCaller(context.Background(), u.Caller(""))
	if _, err := st.UpdateUser(self, u.ID, store.UserChange{Disabled: &yes}); !domain.IsCode(err, domain.CodeBadInput) || fieldOf(err) != "disabled" {
		t.Fatalf("disabling oneself: got %v", err)
	}
	var leaked int
	if err := store.DBOf(st).NewSelect().Table("audit_log").ColumnExpr("count(*)").
		Where("object_type = 'user' AND (new_value::text LIKE ? OR new_value::text LIKE '%argon2%')", "%"+again+"%").Scan(context.Background(), &leaked); err != nil {
		t.Fatal(err)
	}
	if leaked != 0 {
		t.Fatal("the audit trail holds a password or its hash")
	}
	if _, err := st.UpdateUser(system, 999999, store.UserChange{Disabled: &yes}); !domain.IsCode(err, domain.CodeNotFound) {
		t.Fatalf("unknown account: got %v, want NOT_FOUND", err)
	}
}

func firstOffice(t *testing.T, st *store.Store) int64 {
	t.Helper()
	var id int64
	if err := store.DBOf(st).NewSelect().Table("governor_offices").Column("id").OrderExpr("id").Limit(1).Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	return id
}

// fieldOf is the input field a typed error names, or "".
func fieldOf(err error) string {
	var de *domain.Error
	if errors.As(err, &de) {
		return de.Field
	}
	return ""
}

// TestSessionIdleRefresh: the session check refreshes a live session's idle time in the same
// statement (at most once a minute), never a session that is idle too long or whose account is
// disabled, and one checked within the minute is left alone.
func TestSessionIdleRefresh(t *testing.T) {
	st := seeded(t, false)
	svc, _, _ := ids(t, st)
	u, err := st.CreateUser(system, store.UserInput{Username: "idle.refresh", DisplayName: "Idle Refresh", Role: auth.RoleServiceLeader,
		ServiceID: svc, Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := st.Login(system, "idle.refresh", goodPassword, "test")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	setSeen := func(ago string) {
		if _, err := store.DBOf(st).ExecContext(ctx, "UPDATE sessions SET last_seen_at = now() - ?::interval WHERE user_id = ?", ago, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	seenAgo := func() float64 {
		var secs float64
		if err := store.DBOf(st).QueryRowContext(ctx, "SELECT extract(epoch FROM now() - last_seen_at) FROM sessions WHERE user_id = ?", u.ID).Scan(&secs); err != nil {
			t.Fatal(err)
		}
		return secs
	}
	check := func() bool {
		sctx, c := store.WithCounter(system)
		su, _, err := st.SessionUser(sctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		if c.Count() != 1 {
			t.Errorf("the session check took %d statements, want 1", c.Count())
		}
		return su != nil
	}
	cases := []struct {
		name      string
		ago       string
		disable   bool
		live      bool
		refreshed bool
	}{
		{"seen 5 minutes ago: live and refreshed", "5 minutes", false, true, true},
		{"seen 20 seconds ago: live, left alone", "20 seconds", false, true, false},
		{"idle too long: refused, not refreshed", (store.SessionIdle + time.Minute).String(), false, false, false},
		{"account disabled: refused, not refreshed", "5 minutes", true, false, false},
	}
	for _, c := range cases {
		if c.disable {
			if _, err := store.DBOf(st).ExecContext(ctx, "UPDATE users SET disabled = true WHERE id = ?", u.ID); err != nil {
				t.Fatal(err)
			}
		}
		setSeen(c.ago)
		before := seenAgo()
		if got := check(); got != c.live {
			t.Errorf("%s: live %v, want %v", c.name, got, c.live)
		}
		if refreshed := seenAgo() < before-5; refreshed != c.refreshed {
			t.Errorf("%s: refreshed %v, want %v", c.name, refreshed, c.refreshed)
		}
	}
}
