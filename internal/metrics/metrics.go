// Package metrics holds the Prometheus metrics of one server instance: HTTP requests and GraphQL
// operations by outcome with latency histograms, database pools, live subscriptions, status
// events, the outbox backlog and the health of the private PostgreSQL. They are served on their
// own listen address (--metrics-listen), never on the public one.
package metrics

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/pprof"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/egenkontroll/egenkontroll/internal/store"
)

// namespace prefixes every metric of the application.
const namespace = "egenkontroll"

// Buckets are the latency buckets of the request and operation histograms, in seconds.
var Buckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// Metrics is the registry of one instance and its metrics.
type Metrics struct {
	Registry *prometheus.Registry

	// HTTPRequests counts finished requests by handler (graphql, websocket, export, report, auth,
	// health, app) and status code; HTTPDuration is their latency; HTTPInFlight those running.
	HTTPRequests *prometheus.CounterVec
	HTTPDuration *prometheus.HistogramVec
	HTTPInFlight prometheus.Gauge

	// Operations counts GraphQL operations by type (query, mutation, subscription, unknown),
	// operation (the first root field, or "invalid" when it did not parse or validate) and outcome
	// ("ok" or the first error's extensions.code); OperationDuration is the latency of queries and
	// mutations.
	Operations        *prometheus.CounterVec
	OperationDuration *prometheus.HistogramVec

	// Subscriptions is the number of live GraphQL subscriptions; SubscriptionMessages counts the
	// events sent to them.
	Subscriptions        prometheus.Gauge
	SubscriptionMessages prometheus.Counter

	// StatusEvents counts the submission status events this instance heard, by new status.
	StatusEvents *prometheus.CounterVec

	// PostgresRestarts counts restarts of the private PostgreSQL by its supervisor; PostgresUp is
	// 1 while it runs, 0 while it is down.
	PostgresRestarts prometheus.Counter
	PostgresUp       prometheus.Gauge
}

// New makes the metrics with the Go runtime and process collectors.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	f := func(c prometheus.Collector) prometheus.Collector { reg.MustRegister(c); return c }
	m := &Metrics{Registry: reg}
	m.HTTPRequests = f(prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "http_requests_total",
		Help: "HTTP requests served, by handler and status code."}, []string{"handler", "code"})).(*prometheus.CounterVec)
	m.HTTPDuration = f(prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "http_request_duration_seconds",
		Help: "Latency of HTTP requests, by handler.", Buckets: Buckets}, []string{"handler"})).(*prometheus.HistogramVec)
	m.HTTPInFlight = f(prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: "http_requests_in_flight",
		Help: "HTTP requests being served now (websockets excluded)."})).(prometheus.Gauge)
	m.Operations = f(prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "graphql_operations_total",
		Help: "GraphQL operations, by type, operation (first root field) and outcome (ok or the error code)."},
		[]string{"type", "operation", "outcome"})).(*prometheus.CounterVec)
	m.OperationDuration = f(prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "graphql_operation_duration_seconds",
		Help: "Latency of GraphQL queries and mutations, by type and operation.", Buckets: Buckets},
		[]string{"type", "operation"})).(*prometheus.HistogramVec)
	m.Subscriptions = f(prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: "graphql_subscriptions",
		Help: "Live GraphQL subscriptions on this instance."})).(prometheus.Gauge)
	m.SubscriptionMessages = f(prometheus.NewCounter(prometheus.CounterOpts{Namespace: namespace, Name: "graphql_subscription_messages_total",
		Help: "Events sent to GraphQL subscribers."})).(prometheus.Counter)
	m.StatusEvents = f(prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "status_events_total",
		Help: "Submission status events heard by this instance, by new status."}, []string{"status"})).(*prometheus.CounterVec)
	// Registered by Embedded only: absent with DATABASE_URL.
	m.PostgresRestarts = prometheus.NewCounter(prometheus.CounterOpts{Namespace: namespace, Name: "embedded_postgres_restarts_total",
		Help: "Restarts of the private PostgreSQL after it died."})
	m.PostgresUp = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: namespace, Name: "embedded_postgres_up",
		Help: "1 while the private PostgreSQL runs, 0 while it is down."})
	return m
}

// Embedded reports the private PostgreSQL: up now, and its restarts.
func (m *Metrics) Embedded() {
	m.Registry.MustRegister(m.PostgresRestarts, m.PostgresUp)
	m.PostgresUp.Set(1)
}

// CountStatusEvents counts the status events arriving on ch (a subscription of this instance's
// broker of its own) until ch is closed.
func (m *Metrics) CountStatusEvents(ch <-chan *store.StatusEvent) {
	go func() {
		for ev := range ch {
			m.StatusEvents.WithLabelValues(string(ev.Status)).Inc()
		}
	}()
}

// AddPool reports a connection pool (go_sql_* metrics with db_name="name"): open, in use and idle
// connections, waits for a connection and their duration. stats reads the pool at each scrape
// (Store.PoolStats), so the metrics never hold the pool itself.
func (m *Metrics) AddPool(name string, stats func() sql.DBStats) {
	m.Registry.MustRegister(newPoolCollector(name, stats))
}

// Backlog reports a queue at scrape time: its length and the age of its oldest entry.
type Backlog func(ctx context.Context) (n int, oldest time.Duration, err error)

// AddOutbox reports the outbox (reminders waiting for mail) at each scrape, and whether the
// database answered the query.
func (m *Metrics) AddOutbox(f Backlog) {
	m.Registry.MustRegister(&backlogCollector{f: f,
		size: prometheus.NewDesc(namespace+"_outbox_backlog", "Outbox messages not sent yet.", nil, nil),
		age:  prometheus.NewDesc(namespace+"_outbox_oldest_seconds", "Age of the oldest unsent outbox message (0 when none).", nil, nil),
		up:   prometheus.NewDesc(namespace+"_database_up", "1 when the database answered the scrape's query, else 0.", nil, nil),
	})
}

// backlogCollector reports a Backlog at scrape time, and whether the database answered.
type backlogCollector struct {
	f             Backlog
	size, age, up *prometheus.Desc
}

// Describe implements prometheus.Collector.
func (c *backlogCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.size
	ch <- c.age
	ch <- c.up
}

// Collect implements prometheus.Collector: one query of the backlog per scrape.
func (c *backlogCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, oldest, err := c.f(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(c.size, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(c.age, prometheus.GaugeValue, oldest.Seconds())
}

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry, ErrorLog: nil})
}

// Mux serves /metrics, and the Go profiler at /debug/pprof/ (CPU, heap, goroutines, mutex and
// block profiles; `go tool pprof http://ADDR/debug/pprof/profile?seconds=20`). Both are on the
// metrics address only, never on the public one: a profile shows the program's internals and a
// CPU profile costs while it runs.
func (m *Metrics) Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.HandleFunc("GET /debug/pprof/{name...}", serveProfile)
	return mux
}

// serveProfile serves runtime/pprof's profiles: /debug/pprof/ lists them, /debug/pprof/profile
// takes a CPU profile for ?seconds= (default 30, at most 120), any other name writes that profile
// (?debug=1 as text). net/http/pprof is not imported: it registers itself on the default mux.
func serveProfile(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	debug, _ := strconv.Atoi(r.FormValue("debug"))
	switch name {
	case "":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "profiles: profile?seconds=N (CPU)")
		for _, p := range pprof.Profiles() {
			fmt.Fprintf(w, "%s (%d)\n", p.Name(), p.Count())
		}
	case "profile":
		sec, err := strconv.Atoi(r.FormValue("seconds"))
		if err != nil || sec <= 0 {
			sec = 30
		}
		sec = min(sec, 120)
		w.Header().Set("Content-Type", "application/octet-stream")
		if err := pprof.StartCPUProfile(w); err != nil {
			http.Error(w, err.Error(), http.StatusConflict)
			return
		}
		select {
		case <-time.After(time.Duration(sec) * time.Second):
		case <-r.Context().Done():
		}
		pprof.StopCPUProfile()
	default:
		p := pprof.Lookup(name)
		if p == nil {
			http.NotFound(w, r)
			return
		}
		if debug > 0 {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "application/octet-stream")
		}
		_ = p.WriteTo(w, debug)
	}
}

// Serve serves Mux on ln until ctx ends.
func (m *Metrics) Serve(ctx context.Context, ln net.Listener, log *slog.Logger) error {
	mux := m.Mux()
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	log.Info("metrics listening", "url", "http://"+ln.Addr().String()+"/metrics")
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		return err
	}
	return nil
}
