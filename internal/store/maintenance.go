package store

import (
	"context"
	"database/sql"
	"log/slog"

	"github.com/uptrace/bun"
)

// What the commands, the seed loaders and the benchmark need of the database beyond the
// application's reads and writes: a first-start check, the pool's figures, a broker on the
// store's pool and a transaction for bulk loading. They go through these methods so that nothing
// outside this package holds the pool itself.

// HasServices reports whether any service is registered: an empty database is seeded on first
// start, one with services only gets newer reference data.
func (s *Store) HasServices(ctx context.Context) (bool, error) {
	return s.db.NewSelect().Table("services").Exists(ctx)
}

// NewBroker makes the broker of status events on the store's primary pool (its listener holds a
// connection of its own; see NewBroker).
func (s *Store) NewBroker(log *slog.Logger) *Broker { return NewBroker(s.db, log) }

// PoolStats are the primary pool's figures (open, in use, idle, waits, closed connections), for
// the metrics and the benchmark's count of connections closed by the idle limit.
func (s *Store) PoolStats() sql.DBStats { return s.db.Stats() }

// HasReadPool reports whether a read pool of its own is configured (OpenRead); without one the
// statistics read the primary.
func (s *Store) HasReadPool() bool { return s.Read != nil && s.Read != s.db }

// ReadPoolStats are the figures of the pool the statistics read (the primary without a read pool).
func (s *Store) ReadPoolStats() sql.DBStats { return s.reader().Stats() }

// SetMaxIdleConns keeps at most n idle connections in the primary pool (the server keeps every
// connection it opened; the benchmark measures what a smaller idle pool costs).
func (s *Store) SetMaxIdleConns(n int) { s.db.SetMaxIdleConns(n) }

// SetPoolSize makes the primary pool open at most n connections, and keep each while it is used
// (serve --db-pool; DefaultPoolSize otherwise).
func (s *Store) SetPoolSize(n int) {
	s.db.SetMaxOpenConns(n)
	s.db.SetMaxIdleConns(n)
}

// Seed runs fn in one transaction of the primary pool: the seed loaders write reference, demo and
// synthetic data set-wise in SQL of their own (INSERT … SELECT keyed by natural keys), which no
// method of the application's could express. Everything fn writes lands, or nothing does.
func (s *Store) Seed(ctx context.Context, fn func(ctx context.Context, tx bun.Tx) error) error {
	return s.db.RunInTx(ctx, &sql.TxOptions{}, fn)
}

// Analyze refreshes the planner's statistics of every table, after a bulk load changed their sizes
// by orders of magnitude.
func (s *Store) Analyze(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "ANALYZE")
	return err
}
