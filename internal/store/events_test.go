package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// statusChanges makes n status changes (a first case in n services of round 2) and returns the
// services.
func statusChanges(t *testing.T, st *store.Store, n int) []int64 {
	t.Helper()
	var round int64
	if err := store.DBOf(st).QueryRowContext(system, "SELECT id FROM rounds WHERE number = 2").Scan(&round); err != nil {
		t.Fatal(err)
	}
	var services []int64
	if err := store.DBOf(st).NewRaw(`SELECT s.id FROM services s WHERE NOT EXISTS (SELECT 1 FROM submissions sub
		WHERE sub.service_id = s.id AND sub.round_id = ? AND sub.status <> 'NOT_STARTED') ORDER BY s.id LIMIT ?`, round, n).Scan(system, &services); err != nil {
		t.Fatal(err)
	}
	if len(services) < n {
		t.Fatalf("need %d services not started", n)
	}
	for _, s := range services {
		if _, err := st.CreateCase(system, s, round, store.CaseFields{}); err != nil {
			t.Fatal(err)
		}
	}
	return services
}

func receiveN(t *testing.T, c <-chan *store.StatusEvent, n int) []int64 {
	t.Helper()
	var out []int64
	for len(out) < n {
		select {
		case ev, ok := <-c:
			if !ok {
				t.Fatalf("stream closed after %v", out)
			}
			out = append(out, ev.Seq)
		case <-time.After(5 * time.Second):
			t.Fatalf("received %v, want %d events", out, n)
		}
	}
	return out
}

// TestStatusEventsDurable: each change is a row with a sequence in commit order; a subscriber that
// resumes after a sequence gets the rest from the table and then live events, without a gap or a
// repeat; a rolled back change leaves no event; pruning moves the horizon, and a resume from
// before it is refused.
func TestStatusEventsDurable(t *testing.T) {
	st := seeded(t, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := store.NewBroker(store.DBOf(st), nil)
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	live, err := b.Subscribe(ctx, store.SubscribeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e := &eventsCase{st: st, ctx: ctx, b: b, live: live}
	step := inSteps(t) // the steps share the events, in order
	step("each change is an event with a sequence in commit order", e.inCommitOrder)
	step("concurrent writers' events are delivered in order, each once", e.concurrentWriters)
	step("a resumed subscriber gets the rest from the table, then the live events", e.resume)
	step("a broker behind a resuming client repeats nothing when it catches up", e.resumeAheadOfBroker)
	step("a refused change leaves no event", e.refusedChangeNoEvent)
	step("pruning moves the horizon, and a resume from before it is refused", e.pruning)
}

// eventsCase is TestStatusEventsDurable's world: a started broker, a live subscriber, and the
// sequences it received.
type eventsCase struct {
	st   *store.Store
	ctx  context.Context
	b    *store.Broker
	live *store.Subscription
	seqs []int64 // the first six events
	got  []int64 // the concurrent writers' events
}

func (e *eventsCase) inCommitOrder(t *testing.T) {
	statusChanges(t, e.st, 6)
	e.seqs = receiveN(t, e.live.C(), 6)
	for i := 1; i < len(e.seqs); i++ {
		if e.seqs[i] <= e.seqs[i-1] {
			t.Fatalf("sequences out of order: %v", e.seqs)
		}
	}
}

func (e *eventsCase) concurrentWriters(t *testing.T) {
	var wg sync.WaitGroup
	more := statusChangesConcurrently(t, e.st, &wg, 8)
	wg.Wait()
	e.got = receiveN(t, e.live.C(), more)
	for i := 1; i < len(e.got); i++ {
		if e.got[i] <= e.got[i-1] {
			t.Fatalf("concurrent writers: out of order %v", e.got)
		}
	}
}

// resume after the third event: the rest are replayed, then live events follow.
func (e *eventsCase) resume(t *testing.T) {
	after := e.seqs[2]
	resumed, err := e.b.Subscribe(e.ctx, store.SubscribeOptions{After: &after})
	if err != nil {
		t.Fatal(err)
	}
	statusChanges(t, e.st, 2)
	all := append(append([]int64{}, e.seqs[3:]...), e.got...)
	want := len(all) + 2
	r := receiveN(t, resumed.C(), want)
	if fmt.Sprint(r[:len(all)]) != fmt.Sprint(all) {
		t.Fatalf("replay %v, want %v", r[:len(all)], all)
	}
	tail := receiveN(t, e.live.C(), 2)
	if fmt.Sprint(r[len(all):]) != fmt.Sprint(tail) {
		t.Fatalf("after the replay %v, want the live events %v", r[len(all):], tail)
	}
}

// resumeAheadOfBroker: a client moves to an instance whose broker is behind what the client has
// seen (its listener was still reconnecting after PostgreSQL restarted). When that broker catches
// up, the client gets the events after its own sequence, not again the ones it had.
func (e *eventsCase) resumeAheadOfBroker(t *testing.T) {
	behind := store.NewBroker(store.DBOf(e.st), nil) // never started: its cursor is at the start
	after := e.got[len(e.got)-1]
	s, err := behind.Subscribe(e.ctx, store.SubscribeOptions{After: &after})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var want []int64
	if err := store.DBOf(e.st).NewRaw("SELECT seq FROM status_events WHERE seq > ? ORDER BY seq", after).Scan(e.ctx, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("no event after the resume point: the step before made none")
	}
	if !store.CatchUp(e.ctx, behind) {
		t.Fatal("catch-up failed")
	}
	if got := receiveN(t, s.C(), len(want)); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("received %v, want %v (each once)", got, want)
	}
	select {
	case ev := <-s.C():
		t.Fatalf("received event %d besides", ev.Seq)
	default:
	}
}

func (e *eventsCase) refusedChangeNoEvent(t *testing.T) {
	var before int
	_ = store.DBOf(e.st).QueryRowContext(system, "SELECT count(*) FROM status_events").Scan(&before)
	_, err := e.st.CreateCase(auth.WithCaller(system, &auth.Caller{Kind: auth.KindUser, Role: auth.RoleServiceStaff, ServiceID: 999999}), 1, 1, store.CaseFields{})
	if err == nil {
		t.Fatal("a change outside the caller's service must fail")
	}
	var after int
	_ = store.DBOf(e.st).QueryRowContext(system, "SELECT count(*) FROM status_events").Scan(&after)
	if after != before {
		t.Fatalf("a failed change left %d events", after-before)
	}
}

// pruning: everything older than the retention goes, the horizon moves, and a resume from before
// it is refused; a resume from the horizon itself is fine.
func (e *eventsCase) pruning(t *testing.T) {
	seqs := e.seqs
	if _, err := store.DBOf(e.st).ExecContext(system, "UPDATE status_events SET at = now() - interval '30 days' WHERE seq <= ?", seqs[3]); err != nil {
		t.Fatal(err)
	}
	if err := e.b.Prune(system); err != nil {
		t.Fatal(err)
	}
	var left int
	_ = store.DBOf(e.st).QueryRowContext(system, "SELECT count(*) FROM status_events WHERE seq <= ?", seqs[3]).Scan(&left)
	if left != 0 {
		t.Fatalf("%d old events were not pruned", left)
	}
	old := seqs[1]
	if _, err := e.b.Subscribe(e.ctx, store.SubscribeOptions{After: &old}); !domain.IsCode(err, domain.CodeBadInput) {
		t.Fatalf("resume from before the horizon: %v, want BAD_USER_INPUT", err)
	}
	horizon := seqs[3]
	s, err := e.b.Subscribe(e.ctx, store.SubscribeOptions{After: &horizon})
	if err != nil {
		t.Fatal(err)
	}
	if first := receiveN(t, s.C(), 1); first[0] != seqs[4] {
		t.Fatalf("resume from the horizon starts at %d, want %d", first[0], seqs[4])
	}
}

func statusChangesConcurrently(t *testing.T, st *store.Store, wg *sync.WaitGroup, n int) int {
	t.Helper()
	var round int64
	if err := store.DBOf(st).QueryRowContext(system, "SELECT id FROM rounds WHERE number = 2").Scan(&round); err != nil {
		t.Fatal(err)
	}
	var services []int64
	if err := store.DBOf(st).NewRaw(`SELECT s.id FROM services s WHERE NOT EXISTS (SELECT 1 FROM submissions sub
		WHERE sub.service_id = s.id AND sub.round_id = ? AND sub.status <> 'NOT_STARTED') ORDER BY s.id LIMIT ?`, round, n).Scan(system, &services); err != nil {
		t.Fatal(err)
	}
	for _, s := range services {
		wg.Add(1)
		go func(s int64) {
			defer wg.Done()
			if _, err := st.CreateCase(system, s, round, store.CaseFields{}); err != nil {
				t.Error(err)
			}
		}(s)
	}
	return len(services)
}

// TestCredentialNotifications: ending a session, disabling an account and revoking a token each
// end the watches of that caller through their own notification, not a query per event.
func TestCredentialNotifications(t *testing.T) {
	st := seeded(t, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := store.NewBroker(store.DBOf(st), nil)
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	ended := func(c *auth.Caller) chan struct{} {
		ch := make(chan struct{})
		b.WatchCredentials(c, func() { close(ch) })
		return ch
	}
	waitEnd := func(what string, ch chan struct{}, want bool) {
		t.Helper()
		select {
		case <-ch:
			if !want {
				t.Fatalf("%s ended a watch it should not have", what)
			}
		case <-time.After(3 * time.Second):
			if want {
				t.Fatalf("%s did not end the watch", what)
			}
		}
	}
	newUser := func(name string) (*store.User, *auth.Caller) {
		u, err := st.CreateUser(system, store.UserInput{Username: name, DisplayName: name, Role: auth.RoleNationalAnalyst, Password: "correct horse battery staple"})
		if err != nil {
			t.Fatal(err)
		}
		_, secret, err := st.Login(system, name, "correct horse battery staple", "test")
		if err != nil {
			t.Fatal(err)
		}
		return u, u.Caller(auth.HashSecret(secret))
	}
	// Log-out ends that session only.
	_, c1 := newUser("watch.one")
	_, c2 := newUser("watch.two")
	w1, w2 := ended(c1), ended(c2)
	if err := st.Logout(auth.WithCaller(system, c1), c1.SessionID); err != nil {
		t.Fatal(err)
	}
	waitEnd("log-out", w1, true)
	waitEnd("another user's log-out", w2, false)
	// Disabling an account.
	u3, c3 := newUser("watch.three")
	w3 := ended(c3)
	yes := true
	if _, err := st.UpdateUser(system, u3.ID, store.UserChange{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	waitEnd("disabling the account", w3, true)
	// Revoking a token.
	tok, _, err := st.CreateToken(system, store.TokenInput{Name: "watched"})
	if err != nil {
		t.Fatal(err)
	}
	w4 := ended(tok.Caller())
	if _, err := st.RevokeToken(system, tok.ID); err != nil {
		t.Fatal(err)
	}
	waitEnd("revoking the token", w4, true)
	if n := b.Stats().Watches; n != 1 {
		t.Fatalf("%d watches left, want 1 (the second user's)", n)
	}
}
