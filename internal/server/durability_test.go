package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/coder/websocket"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/pgembed"
	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// pgProxy forwards TCP connections to the Unix socket of a PostgreSQL that may be restarted (and
// come back on another socket), so the server instances keep one DSN throughout.
type pgProxy struct {
	ln     net.Listener
	target atomic.Value // socket path
}

func newPGProxy(t *testing.T) *pgProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &pgProxy{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				path, _ := p.target.Load().(string)
				up, err := net.Dial("unix", path)
				if err != nil {
					return
				}
				defer up.Close()
				go func() { _, _ = io.Copy(up, c); up.Close() }()
				_, _ = io.Copy(c, up)
			}()
		}
	}()
	return p
}

func (p *pgProxy) dsn(db string) string {
	return fmt.Sprintf("postgres://egenkontroll@%s/%s?sslmode=disable", p.ln.Addr(), db)
}

// killable is a server instance that can be killed like a crashed process: every connection,
// websockets included, is cut without a close frame, and its broker stops.
type killable struct {
	*instance
	conns sync.Map
	kill  func()
}

func startKillable(t *testing.T, dsn string) *killable {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	broker := store.NewBroker(st.DB, quietLog)
	broker.Poll = time.Hour // the test is about notifications and reconnects, not the safety-net poll
	if err := broker.Start(ctx); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{Static: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}, Limits: testLimits}, st, broker, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	k := &killable{}
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.Config.ConnState = func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			k.conns.Store(c, true)
		}
	}
	ts.Start()
	var once sync.Once
	k.kill = func() {
		once.Do(func() {
			k.conns.Range(func(c, _ any) bool { c.(net.Conn).Close(); return true })
			ts.Close()
			cancel()
			st.Close()
		})
	}
	t.Cleanup(k.kill)
	k.instance = &instance{URL: ts.URL, Store: st, srv: srv, broker: broker, client: http.DefaultClient}
	return k
}

// resilientSubscriber is a client that stays subscribed: when its socket drops it reconnects (to
// the next live instance) and resumes after the last sequence it saw.
type resilientSubscriber struct {
	name  string
	token string
	round string
	mu    sync.Mutex
	seqs  []int64
	// reconnects counts the sockets it had to open again.
	reconnects int
}

func (s *resilientSubscriber) last() (int64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.seqs) == 0 {
		return 0, false
	}
	return s.seqs[len(s.seqs)-1], true
}

// run keeps the subscription alive until ctx ends; urls gives the instances it may use, in order
// of preference (a killed one fails to connect and the next is tried).
func (s *resilientSubscriber) run(ctx context.Context, urls func() []string, subscribed func()) {
	first := true
	for attempt := 0; ctx.Err() == nil; attempt++ {
		for _, u := range urls() {
			if ctx.Err() != nil {
				return
			}
			if s.session(ctx, u, first, subscribed) {
				first = false
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// session runs one socket; true once it got as far as subscribing.
func (s *resilientSubscriber) session(ctx context.Context, baseURL string, first bool, subscribed func()) bool {
	dctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	conn, _, err := websocket.Dial(dctx, "ws"+strings.TrimPrefix(baseURL, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	cancel()
	if err != nil {
		return false
	}
	defer conn.CloseNow()
	write := func(v any) error {
		b, _ := json.Marshal(v)
		return conn.Write(ctx, websocket.MessageText, b)
	}
	if write(map[string]any{"type": "connection_init", "payload": map[string]string{"Authorization": "Bearer " + s.token}}) != nil {
		return false
	}
	vars := map[string]any{"r": s.round}
	if last, ok := s.last(); ok {
		vars["after"] = strconv.FormatInt(last, 10)
	}
	acked := false
	for {
		_, b, err := conn.Read(ctx)
		if err != nil {
			return acked
		}
		var m struct {
			ID      string          `json:"id"`
			Type    string          `json:"type"`
			Payload json.RawMessage `json:"payload"`
		}
		_ = json.Unmarshal(b, &m)
		switch m.Type {
		case "ping":
			_ = write(map[string]string{"type": "pong"})
		case "connection_ack":
			acked = true
			if !first {
				s.mu.Lock()
				s.reconnects++
				s.mu.Unlock()
			}
			if write(map[string]any{"id": "live", "type": "subscribe", "payload": map[string]any{
				"query":     `subscription($r: ID!, $after: String) { submissionStatusChanged(roundId: $r, after: $after) { sequence status } }`,
				"variables": vars}}) != nil {
				return true
			}
			if first && subscribed != nil {
				subscribed()
			}
		case "next":
			var ev struct {
				Data struct {
					SubmissionStatusChanged struct{ Sequence string }
				}
				Errors []gqlError
			}
			_ = json.Unmarshal(m.Payload, &ev)
			if len(ev.Errors) > 0 {
				return true // e.g. the database was down while it subscribed: try again
			}
			n, err := strconv.ParseInt(ev.Data.SubmissionStatusChanged.Sequence, 10, 64)
			if err == nil {
				s.mu.Lock()
				s.seqs = append(s.seqs, n)
				s.mu.Unlock()
			}
		case "complete", "error":
			return true
		}
	}
}

// TestEventsSurviveRestartAndKill: subscribers on three instances, status changes made all along;
// PostgreSQL is restarted (fast shutdown, down for two seconds) and then one instance is killed.
// Every subscriber receives every event exactly once and in order: the brokers read what they
// missed after their listener reconnects, and the killed instance's subscribers resume on
// another instance from the last sequence they saw.
func TestEventsSurviveRestartAndKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts its own PostgreSQL")
	}
	dir, err := os.MkdirTemp("", "egk-events-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pgCfg := pgembed.Config{DataDir: filepath.Join(dir, "pg"), Database: "events"}
	pg, err := pgembed.Start(ctx, pgCfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pg.Stop(context.Background()) })
	proxy := newPGProxy(t)
	proxy.target.Store(filepath.Join(pg.SocketDir(), ".s.PGSQL.5432"))
	dsn := proxy.dsn("events")

	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(ctx, st, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	var round int64
	if err := st.DB.QueryRowContext(ctx, "SELECT id FROM rounds WHERE number = 2").Scan(&round); err != nil {
		t.Fatal(err)
	}
	var services []struct {
		ID       int64 `bun:"id"`
		OfficeID int64 `bun:"office_id"`
	}
	if err := st.DB.NewRaw(`SELECT s.id, s.office_id FROM services s WHERE NOT EXISTS (SELECT 1 FROM submissions sub
		WHERE sub.service_id = s.id AND sub.round_id = ? AND sub.status <> 'NOT_STARTED') ORDER BY s.id LIMIT 60`, round).Scan(ctx, &services); err != nil {
		t.Fatal(err)
	}
	if len(services) < 30 {
		t.Fatalf("need 30 services not started in round 2, have %d", len(services))
	}
	office := services[0].OfficeID

	insts := []*killable{startKillable(t, dsn), startKillable(t, dsn), startKillable(t, dsn)}
	alive := func(skip *killable) []string {
		var out []string
		for _, in := range insts {
			if in != skip {
				out = append(out, in.URL)
			}
		}
		return out
	}
	var killed atomic.Pointer[killable]
	urlsFor := func(home int) func() []string {
		return func() []string {
			k := killed.Load()
			if k == nil || insts[home] != k {
				// Home first, then the others.
				return append([]string{insts[home].URL}, alive(insts[home])...)
			}
			return alive(k)
		}
	}
	national, _, err := st.CreateToken(system, store.TokenInput{Name: "national"})
	_ = national
	if err != nil {
		t.Fatal(err)
	}
	newToken := func(officeID int64) string {
		_, secret, err := st.CreateToken(system, store.TokenInput{Name: "watcher", OfficeID: officeID})
		if err != nil {
			t.Fatal(err)
		}
		return secret
	}
	type watcher struct {
		sub    *resilientSubscriber
		office int64 // 0: national
	}
	var watchers []watcher
	subCtx, stopSubs := context.WithCancel(ctx)
	defer stopSubs()
	var ready sync.WaitGroup
	for i := range insts {
		for _, o := range []int64{0, office} {
			w := watcher{sub: &resilientSubscriber{name: fmt.Sprintf("instance %d office %d", i, o), token: newToken(o),
				round: strconv.FormatInt(round, 10)}, office: o}
			watchers = append(watchers, w)
			ready.Add(1)
			go w.sub.run(subCtx, urlsFor(i), ready.Done)
		}
	}
	ready.Wait()
	for _, in := range insts {
		waitForSubscribers(t, in.instance, 2)
	}

	// Changes all along, each retried until it commits (it fails while PostgreSQL is down).
	var made atomic.Int64
	change := func(i int) {
		for {
			if _, err := st.CreateCase(auth.WithCaller(ctx, auth.System), services[i].ID, round, store.CaseFields{}); err == nil {
				made.Add(1)
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	next := 0
	changes := func(n int, every time.Duration) {
		for range n {
			change(next)
			next++
			time.Sleep(every)
		}
	}
	changes(5, 100*time.Millisecond)

	// PostgreSQL restarts: fast shutdown, two seconds down, then the first change right after it
	// is back (the one that was lost before).
	if err := pg.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	pg, err = pgembed.Start(ctx, pgCfg)
	if err != nil {
		t.Fatal(err)
	}
	proxy.target.Store(filepath.Join(pg.SocketDir(), ".s.PGSQL.5432"))
	changes(8, 50*time.Millisecond)

	// An instance dies while changes are made.
	go func() {
		time.Sleep(120 * time.Millisecond)
		killed.Store(insts[0])
		insts[0].kill()
	}()
	changes(12, 60*time.Millisecond)

	// The truth: the event table.
	var all []store.StatusEvent
	if err := st.DB.NewSelect().Model(&all).Where("round_id = ?", round).OrderExpr("seq").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if int64(len(all)) != made.Load() {
		t.Fatalf("%d changes committed, %d events stored", made.Load(), len(all))
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
	for _, w := range watchers {
		exp := want(w.office)
		for {
			w.sub.mu.Lock()
			got := append([]int64(nil), w.sub.seqs...)
			w.sub.mu.Unlock()
			if len(got) >= len(exp) || time.Now().After(deadline) {
				if fmt.Sprint(got) != fmt.Sprint(exp) {
					t.Errorf("%s received %v\nwant exactly %v (each once, in order)", w.sub.name, got, exp)
				}
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	if t.Failed() {
		return
	}
	moved := 0
	for _, w := range watchers {
		moved += w.sub.reconnects
	}
	if moved == 0 {
		t.Fatal("no subscriber had to reconnect: the instance was not killed while they listened")
	}
	for _, in := range insts[1:] {
		if in.broker.Stats().Reconnects == 0 {
			t.Fatal("a broker's listener never reconnected: PostgreSQL did not restart under it")
		}
	}
	t.Logf("%d events, %d reconnects of subscribers", len(all), moved)
}
