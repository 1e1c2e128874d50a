package bench

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/driver/pgdriver"
)

// openSQL opens the benchmark's own pool on dsn: for setting up what it measures and for the
// hand-written SQL the server is measured against (the raw SQL is the point there). It is not the
// server's pool, so the server's statement and connection counts stay the server's alone.
func openSQL(ctx context.Context, dsn string) (*bun.DB, error) {
	sqldb := sql.OpenDB(pgdriver.NewConnector(pgdriver.WithDSN(dsn), pgdriver.WithTimeout(30*time.Minute)))
	db := bun.NewDB(sqldb, pgdialect.New())
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("bench: connect to database: %w", err)
	}
	return db, nil
}

// AnswerCount is the number of answers in the database (the size of the data set measured).
func (e *Env) AnswerCount(ctx context.Context) (int64, error) {
	var n int64
	err := e.db.QueryRowContext(ctx, "SELECT count(*) FROM answers").Scan(&n)
	return n, err
}

// RoundID is the id of the campaign's round number n.
func (e *Env) RoundID(ctx context.Context, n int) (int64, error) {
	var round int64
	err := e.db.QueryRowContext(ctx, "SELECT id FROM rounds WHERE number = ?", n).Scan(&round)
	return round, err
}
