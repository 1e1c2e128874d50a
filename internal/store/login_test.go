package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestLoginDelaysGrow: after the free failures each further failure from the same client locks
// the user name for twice as long, up to the cap; the right password clears the count.
func TestLoginDelaysGrow(t *testing.T) {
	st := seeded(t, false)
	ctx := context.Background()
	if _, err := st.CreateUser(system, store.UserInput{Username: "kari.nordmann", DisplayName: "Kari", Role: auth.RoleNationalAnalyst, Password: goodPassword}); err != nil {
		t.Fatal(err)
	}
	client := auth.WithClientAddr(system, "198.51.100.20")
	unlock := func() {
		if _, err := store.DBOf(st).ExecContext(ctx, `UPDATE login_throttle SET locked_until = now() - interval '1 second'`); err != nil {
			t.Fatal(err)
		}
	}
	retryAfter := func(err error) int {
		de, ok := domain.AsError(err)
		if !ok || de.Code != domain.CodeRateLimited {
			t.Fatalf("want RATE_LIMITED, got %v", err)
		}
		return de.Extra["retryAfter"].(int)
	}
	for i := 0; i < store.LoginFreeFailures; i++ {
		if _, _, err := st.Login(client, "kari.nordmann", "wrong password!!", "test"); !domain.IsCode(err, domain.CodeUnauthenticated) {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	want := store.LoginBaseDelay
	for step := 0; step < 8; step++ {
		_, _, err := st.Login(client, "kari.nordmann", goodPassword, "test")
		if got := time.Duration(retryAfter(err)) * time.Second; got < want-2*time.Second || got > want+time.Second {
			t.Fatalf("step %d: wait %v, want about %v", step, got, want)
		}
		unlock()
		if _, _, err := st.Login(client, "kari.nordmann", "wrong password!!", "test"); !domain.IsCode(err, domain.CodeUnauthenticated) {
			t.Fatalf("step %d: %v", step, err)
		}
		want = min(2*want, store.LoginMaxDelay)
	}
	// Another client is not locked; the right password after the lock clears this one's count.
	if _, _, err := st.Login(auth.WithClientAddr(system, "192.0.2.1"), "kari.nordmann", goodPassword, "test"); err != nil {
		t.Fatal(err)
	}
	unlock()
	if _, _, err := st.Login(client, "kari.nordmann", goodPassword, "test"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Login(client, "kari.nordmann", "wrong password!!", "test"); !domain.IsCode(err, domain.CodeUnauthenticated) {
		t.Fatalf("after a success the count starts again: %v", err)
	}
	var failures int
	if err := store.DBOf(st).NewSelect().Table("login_throttle").Column("failures").Scan(ctx, &failures); err != nil || failures != 1 {
		t.Fatalf("failures %d, %v", failures, err)
	}
}
