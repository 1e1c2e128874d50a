package server_test

import (
	"context"
	"fmt"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/pgembed"
	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestEventsSurviveRestartAndKill: subscribers on three instances, status changes made all along;
// PostgreSQL is restarted (fast shutdown, down for two seconds) and then one instance is killed.
// Every subscriber receives every event exactly once and in order: the brokers read what they
// missed after their listener reconnects, and the killed instance's subscribers resume on
// another instance from the last sequence they saw.
func TestEventsSurviveRestartAndKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts its own PostgreSQL")
	}
	ctx := context.Background()
	pg := startRestartablePG(t)
	w := newEventsWorld(t, pg.dsn)
	defer w.st.Close()
	subCtx, stopSubs := context.WithCancel(ctx)
	defer stopSubs()
	w.subscribe(t, subCtx)

	// Changes all along, each retried until it commits (it fails while PostgreSQL is down).
	w.changes(5, 100*time.Millisecond)
	// PostgreSQL restarts: fast shutdown, two seconds down, then the first change right after it
	// is back (the one that was lost before).
	pg.restart(t, 2*time.Second)
	w.changes(8, 50*time.Millisecond)
	// An instance dies while changes are made.
	go func() {
		time.Sleep(120 * time.Millisecond)
		w.killed.Store(w.insts[0])
		w.insts[0].kill()
	}()
	w.changes(12, 60*time.Millisecond)

	var events int
	step := inSteps(t)
	step("every subscriber receives every committed event once, in order", func(t *testing.T) {
		events = w.checkEveryEventOnceInOrder(t)
	})
	step("the killed instance's subscribers and the brokers reconnected", func(t *testing.T) {
		moved := 0
		for _, wt := range w.watchers {
			moved += wt.sub.reconnects
		}
		if moved == 0 {
			t.Fatal("no subscriber had to reconnect: the instance was not killed while they listened")
		}
		for _, in := range w.insts[1:] {
			if in.broker.Stats().Reconnects == 0 {
				t.Fatal("a broker's listener never reconnected: PostgreSQL did not restart under it")
			}
		}
		t.Logf("%d events, %d reconnects of subscribers", events, moved)
	})
}

// restartablePG is a private PostgreSQL behind a proxy, so that it can be stopped and started
// again under one DSN.
type restartablePG struct {
	pg    *pgembed.Server
	cfg   pgembed.Config
	proxy *pgProxy
	dsn   string
}

func startRestartablePG(t *testing.T) *restartablePG {
	dir, err := os.MkdirTemp("", "egk-events-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := &restartablePG{cfg: pgembed.Config{DataDir: filepath.Join(dir, "pg"), Database: "events"}}
	p.pg, err = pgembed.Start(context.Background(), p.cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.pg.Stop(context.Background()) })
	p.proxy = newPGProxy(t)
	p.proxy.target.Store(filepath.Join(p.pg.SocketDir(), ".s.PGSQL.5432"))
	p.dsn = p.proxy.dsn("events")
	return p
}

// restart stops PostgreSQL (fast shutdown), keeps it down for a while and starts it again.
func (p *restartablePG) restart(t *testing.T, down time.Duration) {
	ctx := context.Background()
	if err := p.pg.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(down)
	var err error
	p.pg, err = pgembed.Start(ctx, p.cfg)
	if err != nil {
		t.Fatal(err)
	}
	p.proxy.target.Store(filepath.Join(p.pg.SocketDir(), ".s.PGSQL.5432"))
}

// eventsWorld is the seeded database, the three instances, the subscribers on them, and the
// changes made so far.
type eventsWorld struct {
	st       *store.Store
	dsn      string // for the test's own connections, opened after PostgreSQL has restarted
	round    int64
	services []struct {
		ID       int64 `bun:"id"`
		OfficeID int64 `bun:"office_id"`
	}
	insts    []*killable
	killed   atomic.Pointer[killable]
	watchers []eventWatcher
	made     atomic.Int64
	next     int
}

type eventWatcher struct {
	sub    *resilientSubscriber
	office int64 // 0: national
}

func newEventsWorld(t *testing.T, dsn string) *eventsWorld {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	w := &eventsWorld{st: st, dsn: dsn}
	db := testutil.OpenDB(t, dsn)
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(ctx, st, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, "SELECT id FROM rounds WHERE number = 2").Scan(&w.round); err != nil {
		t.Fatal(err)
	}
	if err := db.NewRaw(`SELECT s.id, s.office_id FROM services s WHERE NOT EXISTS (SELECT 1 FROM submissions sub
		WHERE sub.service_id = s.id AND sub.round_id = ? AND sub.status <> 'NOT_STARTED') ORDER BY s.id LIMIT 60`, w.round).Scan(ctx, &w.services); err != nil {
		t.Fatal(err)
	}
	if len(w.services) < 30 {
		t.Fatalf("need 30 services not started in round 2, have %d", len(w.services))
	}
	w.insts = []*killable{startKillable(t, dsn), startKillable(t, dsn), startKillable(t, dsn)}
	return w
}

// alive lists the instances' URLs but skip's.
func (w *eventsWorld) alive(skip *killable) []string {
	var out []string
	for _, in := range w.insts {
		if in != skip {
			out = append(out, in.URL)
		}
	}
	return out
}

// urlsFor is where a subscriber at home on an instance connects: home first, then the others;
// once home is killed, only the others.
func (w *eventsWorld) urlsFor(home int) func() []string {
	return func() []string {
		k := w.killed.Load()
		if k == nil || w.insts[home] != k {
			// Home first, then the others.
			return append([]string{w.insts[home].URL}, w.alive(w.insts[home])...)
		}
		return w.alive(k)
	}
}

// subscribe puts a national and an office subscriber on each instance and waits until they listen.
func (w *eventsWorld) subscribe(t *testing.T, ctx context.Context) {
	national, _, err := w.st.CreateToken(system, store.TokenInput{Name: "national"})
	_ = national
	if err != nil {
		t.Fatal(err)
	}
	newToken := func(officeID int64) string {
		_, secret, err := w.st.CreateToken(system, store.TokenInput{Name: "watcher", OfficeID: officeID})
		if err != nil {
			t.Fatal(err)
		}
		return secret
	}
	office := w.services[0].OfficeID
	var ready sync.WaitGroup
	for i := range w.insts {
		for _, o := range []int64{0, office} {
			wt := eventWatcher{sub: &resilientSubscriber{name: fmt.Sprintf("instance %d office %d", i, o), token: newToken(o),
				round: strconv.FormatInt(w.round, 10)}, office: o}
			w.watchers = append(w.watchers, wt)
			ready.Add(1)
			go wt.sub.run(ctx, w.urlsFor(i), ready.Done)
		}
	}
	ready.Wait()
	for _, in := range w.insts {
		waitForSubscribers(t, in.instance, 2)
	}
}

// change makes one status change, retried until it commits (it fails while PostgreSQL is down).
func (w *eventsWorld) change(i int) {
	for {
		if _, err := w.st.CreateCase(auth.WithCaller(context.Background(), auth.System), w.services[i].ID, w.round, store.CaseFields{}); err == nil {
			w.made.Add(1)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// changes makes n changes, one every so often.
func (w *eventsWorld) changes(n int, every time.Duration) {
	for range n {
		w.change(w.next)
		w.next++
		time.Sleep(every)
	}
}

// checkEveryEventOnceInOrder compares what each subscriber received with the truth, the event
// table, and returns the number of events.
func (w *eventsWorld) checkEveryEventOnceInOrder(t *testing.T) int {
	var all []store.StatusEvent
	// A connection of its own, opened now: one from before the restarts would be dead.
	db := testutil.OpenDB(t, w.dsn)
	if err := db.NewSelect().Model(&all).Where("round_id = ?", w.round).OrderExpr("seq").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if int64(len(all)) != w.made.Load() {
		t.Fatalf("%d changes committed, %d events stored", w.made.Load(), len(all))
	}
	want := func(office int64) []int64 {
		var out []int64
		for _, ev := range all {
			if office == 0 || ev.OfficeID == office {
				out = append(out, ev.Seq)
			}
		}
		return out
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, wt := range w.watchers {
		exp := want(wt.office)
		for {
			wt.sub.mu.Lock()
			got := append([]int64(nil), wt.sub.seqs...)
			wt.sub.mu.Unlock()
			if len(got) >= len(exp) || time.Now().After(deadline) {
				if fmt.Sprint(got) != fmt.Sprint(exp) {
					t.Errorf("%s received %v\nwant exactly %v (each once, in order)", wt.sub.name, got, exp)
				}
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return len(all)
}
