package store_test

import (
	"context"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestPreparedSessionCheck checks a statement prepared once per connection (the session check):
// it counts as one statement on every call, before and after the sixth execution (when
// PostgreSQL moves a prepared statement to its generic plan), answers the same each time, and a
// secret of no session is no user, not an error.
func TestPreparedSessionCheck(t *testing.T) {
	st := seeded(t, false)
	svc, _, _ := ids(t, st)
	if _, err := st.CreateUser(system, store.UserInput{Username: "prepared.check", DisplayName: "Prepared Check",
		Role: auth.RoleServiceLeader, ServiceID: svc, Password: goodPassword}); err != nil {
		t.Fatal(err)
	}
	_, secret, err := st.Login(system, "prepared.check", goodPassword, "test")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 8; i++ {
		ctx, c := store.WithCounter(context.Background())
		u, id, err := st.SessionUser(ctx, secret)
		if err != nil || u == nil || u.Username != "prepared.check" || id == "" {
			t.Fatalf("call %d: %+v %q %v", i, u, id, err)
		}
		if c.Count() != 1 {
			t.Fatalf("call %d took %d statements, want 1", i, c.Count())
		}
	}
	ctx, c := store.WithCounter(context.Background())
	u, id, err := st.SessionUser(ctx, "no such session")
	if err != nil || u != nil || id != "" || c.Count() != 1 {
		t.Fatalf("unknown secret: %+v %q %v, %d statements", u, id, err, c.Count())
	}
}
