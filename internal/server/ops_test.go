package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	broker := store.NewBroker(st.DB, quietLog)
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
	return &instance{URL: "http://" + ln.Addr().String(), Store: st, srv: srv, client: http.DefaultClient}
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
	bearer := "Bearer " + in.newToken(t, 0, 0)
	r1 := roundID(t, in.token(t, 0, 0), 1)
	tr := &http.Transport{MaxIdleConnsPerHost: 100, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	query, _ := json.Marshal(map[string]any{"query": statisticsQuery, "variables": map[string]any{"r": r1}})

	const workers = 80
	var (
		warm      sync.WaitGroup
		done      sync.WaitGroup
		draining  atomic.Bool
		afterStop atomic.Int64 // answers completed after shutdown began
		total     atomic.Int64
		mu        sync.Mutex
		cuts      []string
	)
	cut := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		cuts = append(cuts, fmt.Sprintf(format, args...))
	}
	warm.Add(workers)
	done.Add(workers)
	for w := range workers {
		go func() {
			defer done.Done()
			warmed := false
			defer func() {
				if !warmed {
					warm.Done()
				}
			}()
			for i := 0; i < 5000; i++ {
				var req *http.Request
				switch w % 4 {
				case 0:
					req, _ = http.NewRequest(http.MethodGet, in.URL+"/exports/answer-facts.csv?roundId="+r1+"&serviceId="+strconv.Itoa(1+w%10), nil)
				case 1:
					req, _ = http.NewRequest(http.MethodPost, in.URL+"/graphql", bytes.NewReader(query))
				default:
					req, _ = http.NewRequest(http.MethodPost, in.URL+"/graphql", strings.NewReader(`{"query":"{ offices { code } }"}`))
				}
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", bearer)
				// A request sent twice (the client's transparent retry of a GET on a reused
				// connection) was cut the first time.
				conns := 0
				req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { conns++ }}))
				res, err := client.Do(req)
				if err != nil {
					if refused(err) && draining.Load() {
						return // the listener is closed: this client is done
					}
					cut("worker %d request %d: %v", w, i, err)
					return
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				switch {
				case err != nil:
					cut("worker %d request %d: body cut: %v", w, i, err)
					return
				case res.StatusCode != http.StatusOK:
					cut("worker %d request %d: status %d: %s", w, i, res.StatusCode, body)
					return
				case w%4 == 0 && !bytes.Contains(body[:min(len(body), 20)], []byte("round_id,")):
					cut("worker %d request %d: export %.80q", w, i, body)
					return
				case w%4 == 1 && !bytes.Contains(body, []byte(`"caseCount"`)), w%4 > 1 && !bytes.Contains(body, []byte(`"offices"`)):
					cut("worker %d request %d: answer %.200s", w, i, body)
					return
				case conns > 1:
					cut("worker %d request %d: sent %d times", w, i, conns)
					return
				}
				total.Add(1)
				if draining.Load() {
					afterStop.Add(1)
				}
				if i == 2 {
					warmed = true
					warm.Done()
				}
			}
			cut("worker %d: still served after 5000 requests", w)
		}()
	}
	warm.Wait() // every worker has a kept-alive connection and requests in flight
	draining.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := in.srv.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	done.Wait()
	for _, c := range cuts {
		t.Error(c)
	}
	if afterStop.Load() == 0 {
		t.Error("no request finished after shutdown began: the test proves nothing")
	}
	t.Logf("%d requests, %d of them answered after shutdown began", total.Load(), afterStop.Load())

	// Once shutdown has begun, the instance says it is not ready.
	rec := httptest.NewRecorder()
	in.srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "shutting down") {
		t.Errorf("readyz while shutting down: %d %q", rec.Code, rec.Body)
	}
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
