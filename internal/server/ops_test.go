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
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/coder/websocket"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/metrics"
	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
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

// scrape reads the metrics endpoint.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	ts := httptest.NewServer(m.Handler())
	defer ts.Close()
	res, err := http.Get(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("scrape: %d %s", res.StatusCode, b)
	}
	return string(b)
}

// sample is the value of one series in a scrape, or -1 when it is absent. labels are given in
// the exposition's (sorted) order.
func sample(body, name, labels string) float64 {
	series := name
	if labels != "" {
		series += "{" + labels + "}"
	}
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return -1
			}
			return f
		}
	}
	return -1
}

// TestMetrics scrapes the endpoint and finds each series with the value the traffic made: requests
// by handler and code, operations by type, operation and outcome, latency histograms, the pool,
// the outbox backlog, live subscriptions and their messages, and status events.
func TestMetrics(t *testing.T) {
	m := metrics.New()
	in := serving(t, newDatabase(t, false), "", func(c *server.Config) { c.Metrics = m })
	m.AddPool("primary", in.Store.PoolStats)
	m.AddOutbox(in.Store.OutboxBacklog)
	events := store.NewBroker(in.Store.DB, quietLog) // as serve does: a subscriber of its own counts them
	bctx, bcancel := context.WithCancel(context.Background())
	defer bcancel()
	if err := events.Start(bctx); err != nil {
		t.Fatal(err)
	}
	sub, err := events.Subscribe(bctx, store.SubscribeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m.CountStatusEvents(sub.C())
	a := in.analyst(t)

	for range 3 {
		a.mustQuery(t, `{ offices { code } }`, nil, nil)
	}
	in.mustFail(t, "UNAUTHENTICATED", `{ offices { code } }`, nil)
	a.mustFail(t, "GRAPHQL_VALIDATION_FAILED", `{ noSuchField }`, nil)
	a.mustFail(t, "NOT_FOUND", `{ statistics(roundId: "999999") { caseCount } }`, nil)
	get(t, in.URL+"/healthz")

	// A reminder puts one message per service in the outbox.
	var data struct {
		Services struct {
			Nodes []struct {
				ID     string
				Office struct{ ID string }
			}
		}
	}
	a.mustQuery(t, `{ services(first: 500) { nodes { id office { id } } } }`, nil, &data)
	svc := data.Services.Nodes[0]
	r2 := roundID(t, a, 2)
	in.advisor(t, svc.Office.ID).mustQuery(t, `mutation($o: ID!, $r: ID!, $s: [ID!]) { recordFollowUp(input: {officeId: $o, roundId: $r, kind: REMINDER, note: "Husk fristen", serviceIds: $s, message: "Husk fristen."}) { id } }`,
		map[string]any{"o": svc.Office.ID, "r": r2, "s": []string{svc.ID}}, nil)

	// A live subscription, and a status change it hears.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(in.URL, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(websocket.StatusNormalClosure, "")
	write := func(v any) {
		b, _ := json.Marshal(v)
		if err := conn.Write(ctx, websocket.MessageText, b); err != nil {
			t.Fatal(err)
		}
	}
	read := func() map[string]any {
		for {
			_, b, err := conn.Read(ctx)
			if err != nil {
				t.Fatalf("websocket read: %v", err)
			}
			var msg map[string]any
			_ = json.Unmarshal(b, &msg)
			if msg["type"] == "ping" {
				write(map[string]any{"type": "pong"})
				continue
			}
			return msg
		}
	}
	write(map[string]any{"type": "connection_init", "payload": map[string]string{"Authorization": "Bearer " + in.newToken(t, 0, 0)}})
	if msg := read(); msg["type"] != "connection_ack" {
		t.Fatalf("expected connection_ack, got %v", msg)
	}
	write(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
		"query":     `subscription($r: ID!) { submissionStatusChanged(roundId: $r) { status } }`,
		"variables": map[string]any{"r": r2}}})
	deadline := time.Now().Add(10 * time.Second)
	for sample(scrape(t, m), "egenkontroll_graphql_subscriptions", "") != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the live subscription is not in egenkontroll_graphql_subscriptions")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The subscription becomes active asynchronously: change forms until one is heard.
	leader := in.leader(t, svc.ID)
	heard := false
	for i := 0; i < 5 && !heard; i++ {
		other := data.Services.Nodes[i+1].ID
		in.leader(t, other).mustQuery(t, createCase, map[string]any{"s": other, "r": r2, "d": 1}, nil)
		rctx, rcancel := context.WithTimeout(ctx, 2*time.Second)
		_, b, err := conn.Read(rctx)
		rcancel()
		heard = err == nil && strings.Contains(string(b), `"next"`)
		if err != nil && ctx.Err() != nil {
			t.Fatal(err)
		}
	}
	_ = leader
	if !heard {
		t.Fatal("no status event reached the subscriber")
	}
	write(map[string]any{"id": "1", "type": "complete"})

	deadline = time.Now().Add(10 * time.Second)
	var body string
	for {
		body = scrape(t, m)
		if (sample(body, "egenkontroll_graphql_subscriptions", "") == 0 && sample(body, "egenkontroll_status_events_total", `status="IN_PROGRESS"`) >= 1) ||
			time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cases := []struct {
		name, labels string
		min, max     float64 // max < 0: no upper bound
	}{
		{"egenkontroll_graphql_operations_total", `operation="offices",outcome="ok",type="query"`, 3, 3},
		{"egenkontroll_graphql_operations_total", `operation="offices",outcome="UNAUTHENTICATED",type="query"`, 1, 1},
		{"egenkontroll_graphql_operations_total", `operation="invalid",outcome="GRAPHQL_VALIDATION_FAILED",type="unknown"`, 1, 1},
		{"egenkontroll_graphql_operations_total", `operation="statistics",outcome="NOT_FOUND",type="query"`, 1, 1},
		{"egenkontroll_graphql_operations_total", `operation="login",outcome="ok",type="mutation"`, 1, -1},
		{"egenkontroll_graphql_operations_total", `operation="recordFollowUp",outcome="ok",type="mutation"`, 1, 1},
		{"egenkontroll_graphql_operations_total", `operation="submissionStatusChanged",outcome="ok",type="subscription"`, 1, 1},
		{"egenkontroll_graphql_operation_duration_seconds_count", `operation="offices",type="query"`, 4, 4},
		{"egenkontroll_graphql_operation_duration_seconds_bucket", `operation="offices",type="query",le="+Inf"`, 4, 4},
		{"egenkontroll_http_requests_total", `code="200",handler="graphql"`, 8, -1},
		{"egenkontroll_http_requests_total", `code="200",handler="health"`, 1, 1},
		{"egenkontroll_http_requests_total", `code="101",handler="websocket"`, 1, 1},
		{"egenkontroll_http_request_duration_seconds_bucket", `handler="graphql",le="30"`, 8, -1},
		{"egenkontroll_http_requests_in_flight", ``, 0, 0},
		{"egenkontroll_graphql_subscriptions", ``, 0, 0},
		{"egenkontroll_graphql_subscription_messages_total", ``, 1, -1},
		{"egenkontroll_status_events_total", `status="IN_PROGRESS"`, 1, 5},
		{"egenkontroll_outbox_backlog", ``, 1, 1},
		{"egenkontroll_database_up", ``, 1, 1},
		{"go_sql_open_connections", `db_name="primary"`, 1, -1},
		{"go_sql_max_open_connections", `db_name="primary"`, 40, 40},
	}
	for _, c := range cases {
		v := sample(body, c.name, c.labels)
		if v < c.min || (c.max >= 0 && v > c.max) {
			t.Errorf("%s{%s} = %v, want %v..%v", c.name, c.labels, v, c.min, c.max)
		}
	}
	if sample(body, "egenkontroll_embedded_postgres_up", "") != -1 {
		t.Error("embedded PostgreSQL metrics without an embedded PostgreSQL")
	}
	if t.Failed() {
		t.Logf("scrape:\n%s", grepLines(body, "egenkontroll_"))
	}
}

func grepLines(body, prefix string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestReadReplica points the read pool at a second database under a role that may only read:
// statistics, answerFacts and the export answer from it, everything else from the primary.
func TestReadReplica(t *testing.T) {
	primaryDSN := newDatabase(t, true)
	// The "replica": a copy of the primary that has since lost some figures, so that every figure
	// says which database it came from.
	replicaDSN := testutil.NewDSN(t)
	replicaName := strings.TrimPrefix(mustParse(t, replicaDSN).Path, "/")
	primaryName := strings.TrimPrefix(mustParse(t, primaryDSN).Path, "/")
	for _, q := range []string{
		// A database is copied while nobody is connected to it: from the maintenance database.
		`DROP DATABASE "` + replicaName + `"`,
		`CREATE DATABASE "` + replicaName + `" TEMPLATE "` + primaryName + `"`,
		`DO $$ BEGIN CREATE ROLE egk_reader LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
	} {
		if err := execIn(t, primaryDSN, "postgres", q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, q := range []string{
		// Statistics count the last submitted revision of each form: a third of them lose their
		// snapshot in the replica.
		`DELETE FROM revision_cases WHERE revision_id % 3 = 0`,
		`DELETE FROM revision_counts WHERE revision_id % 3 = 0`,
		`DELETE FROM revision_case_sections WHERE revision_id % 3 = 0`,
		`GRANT USAGE ON SCHEMA public TO egk_reader`,
		`GRANT SELECT ON ALL TABLES IN SCHEMA public TO egk_reader`,
	} {
		if err := execIn(t, replicaDSN, "", q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	u := mustParse(t, replicaDSN)
	u.User = url.User("egk_reader")
	readerDSN := u.String()

	in := serving(t, primaryDSN, readerDSN, nil)
	a := in.analyst(t)
	r1 := roundID(t, a, 1)
	// What each database says on its own, asked directly through the store.
	type figures struct{ cases, facts int }
	expect := func(dsn string) figures {
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		ctx := context.Background()
		f, err := st.RoundFigures(ctx, auth.Scope{}, store.StatsQuery{RoundID: mustInt(r1)}, store.LevelNone)
		if err != nil || len(f) != 1 {
			t.Fatalf("figures: %v", err)
		}
		_, _, total, err := st.AnswerFacts(ctx, auth.Scope{}, store.FactFilter{RoundID: mustInt(r1)}, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		return figures{f[0].Cases, total}
	}
	onPrimary, onReplica := expect(primaryDSN), expect(replicaDSN)
	if onPrimary.cases == onReplica.cases || onPrimary.facts == onReplica.facts || onReplica.cases == 0 {
		t.Fatalf("the replica must differ: %+v on the primary, %+v on the replica", onPrimary, onReplica)
	}

	var stats struct{ Statistics statisticsJSON }
	a.mustQuery(t, statisticsQuery, map[string]any{"r": r1}, &stats)
	if stats.Statistics.CaseCount != onReplica.cases {
		t.Errorf("statistics counted %d cases; the replica has %d, the primary %d", stats.Statistics.CaseCount, onReplica.cases, onPrimary.cases)
	}
	var facts struct{ AnswerFacts struct{ TotalCount int } }
	a.mustQuery(t, `query($r: ID!) { answerFacts(filter: {roundId: $r}) { totalCount } }`, map[string]any{"r": r1}, &facts)
	if facts.AnswerFacts.TotalCount != onReplica.facts {
		t.Errorf("answerFacts has %d rows; the replica %d, the primary %d", facts.AnswerFacts.TotalCount, onReplica.facts, onPrimary.facts)
	}
	status, body, _ := a.download(t, "/exports/answer-facts.csv?roundId="+r1)
	if rows := strings.Count(strings.TrimSpace(string(body)), "\n"); status != 200 || rows != onReplica.facts {
		t.Errorf("export: status %d, %d rows; the replica has %d", status, rows, onReplica.facts)
	}
	// Writes and every other read stay on the primary (the reader role could not write anyway).
	var sv struct {
		Services struct{ Nodes []struct{ ID string } }
	}
	a.mustQuery(t, `{ services(first: 1) { nodes { id } } }`, nil, &sv)
	r2 := roundID(t, a, 2)
	in.leader(t, sv.Services.Nodes[0].ID).mustQuery(t, createCase, map[string]any{"s": sv.Services.Nodes[0].ID, "r": r2, "d": 3}, nil)
	// The read pool's sessions are read-only, even under a role that could write.
	ro := &store.Store{DB: in.Store.DB}
	if err := ro.OpenRead(context.Background(), primaryDSN); err != nil {
		t.Fatal(err)
	}
	defer ro.Read.Close()
	if _, err := ro.Read.ExecContext(context.Background(), `CREATE TEMP TABLE t (x int)`); err == nil ||
		!strings.Contains(err.Error(), "read-only") {
		t.Errorf("a write on the read pool: %v, want a read-only transaction error", err)
	}
}

func mustParse(t *testing.T, dsn string) *url.URL {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// execIn runs one statement in dsn's server, in database (dsn's own when empty).
func execIn(t *testing.T, dsn, database, q string) error {
	t.Helper()
	u := mustParse(t, dsn)
	if database != "" {
		u.Path = "/" + database
	}
	st, err := store.Open(context.Background(), u.String())
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.DB.ExecContext(context.Background(), q)
	return err
}
