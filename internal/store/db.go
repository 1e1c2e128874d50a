// Package store keeps Egenkontroll's data in PostgreSQL through bun: models, queries, transactional
// workflows, embedded migrations and LISTEN/NOTIFY of status changes.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/driver/pgdriver"
)

// Store is the application's access to the database.
type Store struct {
	// db is the primary pool. It is unexported so that every statement outside this package goes
	// through a named method: the store is the one place that knows SQL.
	db *bun.DB
	// Read, when set, is the pool that statistics, answer facts and their exports read from: a
	// read replica (see OpenRead). Nil means db.
	Read  *bun.DB
	keys  keyCache
	stmts stmtCache // statements prepared once per connection (prepared.go)
}

// Option configures Open.
type Option func(*pgdriver.Config)

// DefaultStatementTimeout is the statement timeout the server's pool runs with.
const DefaultStatementTimeout = 30 * time.Second

// WithStatementTimeout makes PostgreSQL cancel any statement of the pool that runs longer than d
// (the statement_timeout setting of every connection), unless the DSN sets statement_timeout
// itself. It is the backstop behind each request's deadline: a context deadline only makes the
// driver stop waiting, while this stops the work in the database. Migrations lift it.
func WithStatementTimeout(d time.Duration) Option {
	return func(c *pgdriver.Config) {
		if d > 0 {
			defaultConnParam(c, "statement_timeout", d.Milliseconds())
		}
	}
}

// defaultConnParam sets a setting of every connection unless the DSN sets it itself (the
// parameters are copied into a new map, never changed in place).
func defaultConnParam(c *pgdriver.Config, name string, value any) {
	if _, set := c.ConnParams[name]; set {
		return
	}
	params := map[string]any{name: value}
	for k, v := range c.ConnParams {
		params[k] = v
	}
	c.ConnParams = params
}

// withGenericPlans makes the statements the store prepares (prepared.go) run on PostgreSQL's
// generic plan from their first execution (plan_cache_mode), unless the DSN sets plan_cache_mode
// itself. By default PostgreSQL plans a prepared statement afresh for its first five executions
// on each connection, and then keeps planning afresh whenever it guesses that a plan for the
// actual keys would be cheaper; for the batch reads by an array of keys it kept guessing so,
// and planning (0.3–0.4 ms) cost a quarter of their execution. Every prepared statement here
// finds rows by keys through an index, which the generic plan does as well. bun's own statements
// carry their arguments in their text, not as parameters, and are not affected.
func withGenericPlans(c *pgdriver.Config) {
	defaultConnParam(c, "plan_cache_mode", "force_generic_plan")
}

// IsTimeout reports whether err is PostgreSQL cancelling a statement (statement_timeout).
func IsTimeout(err error) bool {
	var pgErr pgdriver.Error
	return errors.As(err, &pgErr) && pgErr.Field('C') == "57014"
}

// DefaultPoolSize is the most connections a pool opens, and keeps open while they are used: four
// per core this process may use (GOMAXPROCS, which follows a container's CPU limit), at least 10
// and at most 40 (serve --db-pool sets another). More backends than PostgreSQL has cores to run
// them only take turns: on the 2-core benchmark machine 50 clients saving answers got 790-810
// saves/s through 40 connections and 1 115-1 250 through 10 (README, performance).
func DefaultPoolSize() int { return min(max(4*runtime.GOMAXPROCS(0), 10), 40) }

// PoolIdleTime is how long a connection of the pool may stay unused before it is closed.
const PoolIdleTime = 5 * time.Minute

// Open connects to dsn (pgdriver syntax) and verifies the connection.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	db, err := openPool(ctx, dsn, opts)
	if err != nil {
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return New(db), nil
}

func openPool(ctx context.Context, dsn string, opts []Option) (*bun.DB, error) {
	all := []pgdriver.Option{pgdriver.WithDSN(dsn), pgdriver.WithTimeout(30 * time.Second)}
	for _, o := range opts {
		all = append(all, pgdriver.Option(o))
	}
	all = append(all, withGenericPlans)
	sqldb := sql.OpenDB(pgdriver.NewConnector(all...))
	// Every connection the pool has opened stays open while it is in use now and then: with fewer
	// idle slots than open connections, each burst above the idle count closes the surplus as it
	// is returned and opens it again for the next burst, a new PostgreSQL backend (a process
	// fork and start-up, milliseconds) each time. A connection idle for a while is closed instead,
	// so a quiet server still gives its backends back.
	size := DefaultPoolSize()
	sqldb.SetMaxOpenConns(size)
	sqldb.SetMaxIdleConns(size)
	sqldb.SetConnMaxIdleTime(PoolIdleTime)
	db := bun.NewDB(sqldb, pgdialect.New())
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

// New wraps an open bun.DB and installs the statement counter.
func New(db *bun.DB) *Store {
	return &Store{db: db.WithQueryHook(counterHook{})}
}

// Close closes the connection pools.
func (s *Store) Close() error {
	s.closeStatements()
	if s.Read != nil && s.Read != s.db {
		_ = s.Read.Close()
	}
	return s.db.Close()
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Counter counts SQL statements sent on behalf of one context (a request, a benchmark step).
type Counter struct{ n atomic.Int64 }

// Count is the number of statements so far.
func (c *Counter) Count() int64 { return c.n.Load() }

type counterKey struct{}

// WithCounter returns a context whose statements are counted in the returned Counter.
func WithCounter(ctx context.Context) (context.Context, *Counter) {
	c := &Counter{}
	return context.WithValue(ctx, counterKey{}, c), c
}

type counterHook struct{}

func (counterHook) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }

func (counterHook) AfterQuery(ctx context.Context, _ *bun.QueryEvent) { countStatement(ctx) }

// countStatement counts one statement sent on behalf of ctx.
func countStatement(ctx context.Context) {
	totalStatements.Add(1)
	if c, ok := ctx.Value(counterKey{}).(*Counter); ok {
		c.n.Add(1)
	}
}

// totalStatements counts every statement of every store in the process (for benchmarks that
// measure work not tied to one request, such as the fan-out of a status event).
var totalStatements atomic.Int64

// TotalStatements is the number of statements sent by every store of this process so far.
func TotalStatements() int64 { return totalStatements.Load() }
