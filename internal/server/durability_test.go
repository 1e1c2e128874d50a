package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/coder/websocket"

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
	broker := st.NewBroker(quietLog)
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
	k.instance = &instance{URL: ts.URL, Store: st, DB: testutil.OpenDB(t, dsn), srv: srv, broker: broker, client: http.DefaultClient}
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
