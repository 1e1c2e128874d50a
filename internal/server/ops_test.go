package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// serving starts an instance on a real loopback listener with Serve, so that Shutdown is the one
// `egenkontroll serve` runs. mod adjusts the configuration; readDSN, if given, is the read pool.
func serving(t *testing.T, dsn, readDSN string, mod func(*server.Config)) *instance {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if readDSN != "" {
		if err := st.OpenRead(ctx, readDSN); err != nil {
			t.Fatal(err)
		}
	}
	broker := st.NewBroker(quietLog)
	if err := broker.Start(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := server.Config{Static: fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Egenkontroll</title>")}},
		Limits: testLimits}
	if mod != nil {
		mod(&cfg)
	}
	srv, err := server.New(cfg, st, broker, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		if !srv.Draining() { // a test may have shut it down itself
			_ = srv.Shutdown(sctx)
		}
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
		cancel()
		st.Close()
	})
	return &instance{URL: "http://" + ln.Addr().String(), Store: st, DB: testutil.OpenDB(t, dsn), srv: srv, client: http.DefaultClient}
}

// refused is a request that never reached the server: the connection was refused (the listener
// is closed). A client or proxy may retry it anywhere; it is not a cut request.
func refused(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// TestShutdownCutsNoRequest is finding 4 of issue 14: 80 clients keep requests in flight on
// kept-alive connections (GraphQL POSTs, which no client retries, and CSV exports) while the
// server shuts down. Every request sent on an open connection must get its whole answer; the
// only failure allowed is a refused new connection once the listener is closed.
func TestShutdownCutsNoRequest(t *testing.T) {
	in := serving(t, newDatabase(t, true), "", func(c *server.Config) { c.DrainIdle = 300 * time.Millisecond })
	r1 := roundID(t, in.token(t, 0, 0), 1)
	tr := &http.Transport{MaxIdleConnsPerHost: 100, DisableCompression: true}
	defer tr.CloseIdleConnections()
	query, _ := json.Marshal(map[string]any{"query": statisticsQuery, "variables": map[string]any{"r": r1}})
	l := &shutdownLoad{url: in.URL, r1: r1, bearer: "Bearer " + in.newToken(t, 0, 0), query: query,
		client: &http.Client{Transport: tr, Timeout: 30 * time.Second}}

	const workers = 80
	l.warm.Add(workers)
	l.done.Add(workers)
	for w := range workers {
		go l.worker(w)
	}
	l.warm.Wait() // every worker has a kept-alive connection and requests in flight
	l.draining.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := in.srv.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	l.done.Wait()
	for _, c := range l.cuts {
		t.Error(c)
	}
	if l.afterStop.Load() == 0 {
		t.Error("no request finished after shutdown began: the test proves nothing")
	}
	t.Logf("%d requests, %d of them answered after shutdown began", l.total.Load(), l.afterStop.Load())

	// Once shutdown has begun, the instance says it is not ready.
	rec := httptest.NewRecorder()
	in.srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "shutting down") {
		t.Errorf("readyz while shutting down: %d %q", rec.Code, rec.Body)
	}
}

// shutdownLoad is the clients of TestShutdownCutsNoRequest: each keeps requests in flight on its
// kept-alive connection and records every request that was cut.
type shutdownLoad struct {
	url, r1, bearer string
	query           []byte
	client          *http.Client
	warm, done      sync.WaitGroup
	draining        atomic.Bool
	afterStop       atomic.Int64 // answers completed after shutdown began
	total           atomic.Int64
	mu              sync.Mutex
	cuts            []string
}

func (l *shutdownLoad) cut(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cuts = append(l.cuts, fmt.Sprintf(format, args...))
}

// request is worker w's next request: an export, a statistics query or a small query.
func (l *shutdownLoad) request(w int) *http.Request {
	var req *http.Request
	switch w % 4 {
	case 0:
		req, _ = http.NewRequest(http.MethodGet, l.url+"/exports/answer-facts.csv?roundId="+l.r1+"&serviceId="+strconv.Itoa(1+w%10), nil)
	case 1:
		req, _ = http.NewRequest(http.MethodPost, l.url+"/graphql", bytes.NewReader(l.query))
	default:
		req, _ = http.NewRequest(http.MethodPost, l.url+"/graphql", strings.NewReader(`{"query":"{ offices { code } }"}`))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", l.bearer)
	return req
}

// worker sends requests until the listener refuses it; it has warmed up after three answers.
func (l *shutdownLoad) worker(w int) {
	defer l.done.Done()
	warmed := false
	defer func() {
		if !warmed {
			l.warm.Done()
		}
	}()
	for i := 0; i < 5000; i++ {
		req := l.request(w)
		// A request sent twice (the client's transparent retry of a GET on a reused
		// connection) was cut the first time.
		conns := 0
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { conns++ }}))
		res, err := l.client.Do(req)
		if err != nil {
			if refused(err) && l.draining.Load() {
				return // the listener is closed: this client is done
			}
			l.cut("worker %d request %d: %v", w, i, err)
			return
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if !l.answered(w, i, res, body, err, conns) {
			return
		}
		l.total.Add(1)
		if l.draining.Load() {
			l.afterStop.Add(1)
		}
		if i == 2 {
			warmed = true
			l.warm.Done()
		}
	}
	l.cut("worker %d: still served after 5000 requests", w)
}

// answered says whether request i of worker w got its whole answer, sent once; if not, it records
// the cut.
func (l *shutdownLoad) answered(w, i int, res *http.Response, body []byte, err error, conns int) bool {
	switch {
	case err != nil:
		l.cut("worker %d request %d: body cut: %v", w, i, err)
	case res.StatusCode != http.StatusOK:
		l.cut("worker %d request %d: status %d: %s", w, i, res.StatusCode, body)
	case w%4 == 0 && !bytes.Contains(body[:min(len(body), 20)], []byte("round_id,")):
		l.cut("worker %d request %d: export %.80q", w, i, body)
	case w%4 == 1 && !bytes.Contains(body, []byte(`"caseCount"`)), w%4 > 1 && !bytes.Contains(body, []byte(`"offices"`)):
		l.cut("worker %d request %d: answer %.200s", w, i, body)
	case conns > 1:
		l.cut("worker %d request %d: sent %d times", w, i, conns)
	default:
		return true
	}
	return false
}

// TestShutdownClosesIdleConnections: a client that keeps an idle kept-alive connection does not
// hold the shutdown up beyond the drain time.
func TestShutdownClosesIdleConnections(t *testing.T) {
	in := serving(t, newDatabase(t, false), "", func(c *server.Config) { c.DrainIdle = 200 * time.Millisecond })
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	res, err := (&http.Client{Transport: tr}).Get(in.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := in.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second || d < 200*time.Millisecond {
		t.Fatalf("shutdown with one idle connection took %s, want the drain time (200 ms)", d)
	}
}
