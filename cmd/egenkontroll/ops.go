package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"

	"github.com/egenkontroll/egenkontroll/internal/metrics"
	"github.com/egenkontroll/egenkontroll/internal/pgembed"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// opsFlags are serve's operations flags: metrics, the read replica and the supervision of the
// private PostgreSQL.
type opsFlags struct {
	metricsListen string
	readURL       string
	pgRestarts    int
}

func (o *opsFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&o.metricsListen, "metrics-listen", env("EGENKONTROLL_METRICS_LISTEN", ""),
		"address to serve Prometheus metrics on (/metrics), e.g. 127.0.0.1:9090; empty: no metrics (env EGENKONTROLL_METRICS_LISTEN)")
	fs.StringVar(&o.readURL, "database-read-url", env("DATABASE_READ_URL", ""),
		"PostgreSQL URL of a read replica for statistics, answerFacts and exports; empty: the main database (env DATABASE_READ_URL)")
	fs.IntVar(&o.pgRestarts, "pg-restarts", envInt("EGENKONTROLL_PG_RESTARTS", 8),
		"failed restarts in a row of a private PostgreSQL that died before the server exits non-zero (env EGENKONTROLL_PG_RESTARTS)")
}

func envInt(key string, def int) int {
	var n int
	if _, err := fmt.Sscan(env(key, ""), &n); err != nil {
		return def
	}
	return n
}

// openRead connects the read pool when a read URL is given.
func (o *opsFlags) openRead(ctx context.Context, log *slog.Logger, st *store.Store, opts []store.Option) error {
	if o.readURL == "" {
		return nil
	}
	if err := st.OpenRead(ctx, o.readURL, opts...); err != nil {
		return err
	}
	log.Info("statistics, answer facts and exports read from the read database")
	return nil
}

// startMetrics serves the metrics on their own address, when one is given; nil otherwise.
func (o *opsFlags) startMetrics(ctx context.Context, log *slog.Logger, st *store.Store, broker *store.Broker, embedded bool) (*metrics.Metrics, error) {
	if o.metricsListen == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", o.metricsListen)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen on %s: %w", o.metricsListen, err)
	}
	m := metrics.New()
	m.AddPool("primary", st.PoolStats)
	if st.HasReadPool() {
		m.AddPool("read", st.ReadPoolStats)
	}
	m.AddOutbox(st.OutboxBacklog)
	if embedded {
		m.Embedded()
	}
	// The status events this instance hears, counted by a subscriber of its own.
	sub, err := broker.Subscribe(ctx, store.SubscribeOptions{})
	if err != nil {
		return nil, err
	}
	m.CountStatusEvents(sub.C())
	go func() {
		if err := m.Serve(ctx, ln, log); err != nil {
			log.Error("metrics server", "err", err)
		}
	}()
	return m, nil
}

// supervise restarts the private PostgreSQL when it dies; the channel receives an error when it
// cannot be brought back (never with an external database).
func (o *opsFlags) supervise(ctx context.Context, log *slog.Logger, pg *pgembed.Server, m *metrics.Metrics) <-chan error {
	died := make(chan error, 1)
	if pg == nil {
		return died
	}
	opt := pgembed.SuperviseOptions{Attempts: o.pgRestarts}
	if m != nil {
		opt.OnDown = func() { m.PostgresUp.Set(0) }
		opt.OnUp = func() { m.PostgresUp.Set(1); m.PostgresRestarts.Inc() }
	}
	go func() {
		if err := pg.Supervise(ctx, opt); err != nil {
			died <- err
		}
	}()
	log.Info("supervising the private PostgreSQL", "restarts", o.pgRestarts)
	return died
}
