package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/egenkontroll/egenkontroll/internal/metrics"
	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// The metrics endpoint: what the server counts and how a scrape reads it.

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
	m, in := metricsServer(t)
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
	in.leader(t, svc.ID)
	var others []string
	for i := range 5 {
		others = append(others, data.Services.Nodes[i+1].ID)
	}
	hearStatusChange(t, in, m, r2, others)

	body := scrapeSettled(t, m)
	for _, c := range expectedSeries {
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

// metricsServer serves with metrics on, counting the pool, the outbox and, as serve does with a
// subscriber of its own, the status events.
func metricsServer(t *testing.T) (*metrics.Metrics, *instance) {
	m := metrics.New()
	in := serving(t, newDatabase(t, false), "", func(c *server.Config) { c.Metrics = m })
	m.AddPool("primary", in.Store.PoolStats)
	m.AddOutbox(in.Store.OutboxBacklog)
	events := store.NewBroker(in.DB, quietLog) // as serve does: a subscriber of its own counts them
	bctx, bcancel := context.WithCancel(context.Background())
	t.Cleanup(bcancel)
	if err := events.Start(bctx); err != nil {
		t.Fatal(err)
	}
	sub, err := events.Subscribe(bctx, store.SubscribeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m.CountStatusEvents(sub.C())
	return m, in
}

// hearStatusChange subscribes to the round's status changes over a websocket, waits until the
// subscription is counted, changes the forms of others until one change is heard, and completes.
func hearStatusChange(t *testing.T, in *instance, m *metrics.Metrics, r2 string, others []string) {
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
	heard := false
	for i := 0; i < len(others) && !heard; i++ {
		other := others[i]
		in.leader(t, other).mustQuery(t, createCase, map[string]any{"s": other, "r": r2, "d": 1}, nil)
		rctx, rcancel := context.WithTimeout(ctx, 2*time.Second)
		_, b, err := conn.Read(rctx)
		rcancel()
		heard = err == nil && strings.Contains(string(b), `"next"`)
		if err != nil && ctx.Err() != nil {
			t.Fatal(err)
		}
	}
	if !heard {
		t.Fatal("no status event reached the subscriber")
	}
	write(map[string]any{"id": "1", "type": "complete"})
}

// scrapeSettled scrapes until the completed subscription is gone and the status event counted, or
// ten seconds have passed.
func scrapeSettled(t *testing.T, m *metrics.Metrics) string {
	deadline := time.Now().Add(10 * time.Second)
	for {
		body := scrape(t, m)
		if (sample(body, "egenkontroll_graphql_subscriptions", "") == 0 && sample(body, "egenkontroll_status_events_total", `status="IN_PROGRESS"`) >= 1) ||
			time.Now().After(deadline) {
			return body
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// expectedSeries are the series the traffic of TestMetrics makes, with their bounds.
var expectedSeries = []struct {
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
	{"go_sql_max_open_connections", `db_name="primary"`, float64(store.DefaultPoolSize()), float64(store.DefaultPoolSize())},
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
