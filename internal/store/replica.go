package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"
)

// Reads that may go to a read replica: the statistics (roundStatistics, statisticsBreakdown,
// roundComparison, trends), answerFacts and the answer-fact exports. They are what BI tools and
// dashboards run at volume, they read only submitted results, and a replica a moment behind the
// primary gives an answer that was true a moment ago. Everything else — the forms a service is
// filling in, sign-in, every write, the county report and a service's own export — reads the
// primary, so that one sees one's own last save.

// reader is the pool of those reads: the replica when configured, else the primary.
func (s *Store) reader() *bun.DB {
	if s.Read != nil {
		return s.Read
	}
	return s.db
}

// OpenRead connects the read pool to dsn (a hot standby, or a role on the primary that may only
// read). Its sessions are read-only whatever the server: default_transaction_read_only is on, so a
// write that strayed onto it fails instead of landing on the wrong server.
func (s *Store) OpenRead(ctx context.Context, dsn string, opts ...Option) error {
	all := append([]Option{readOnly}, opts...)
	db, err := openPool(ctx, dsn, all)
	if err != nil {
		return fmt.Errorf("connect to read database: %w", err)
	}
	db = db.WithQueryHook(counterHook{})
	if s.Read != nil && s.Read != s.db {
		_ = s.Read.Close()
	}
	s.Read = db
	return nil
}

func readOnly(c *pgdriver.Config) {
	params := map[string]any{"default_transaction_read_only": "on"}
	for k, v := range c.ConnParams {
		params[k] = v
	}
	c.ConnParams = params
}

// PingRead checks that the read pool answers (the primary when none is configured).
func (s *Store) PingRead(ctx context.Context) error { return s.reader().PingContext(ctx) }

// OutboxBacklog is the number of outbox messages not sent yet and the age of the oldest (one
// statement, on the partial index of unsent messages).
func (s *Store) OutboxBacklog(ctx context.Context) (int, time.Duration, error) {
	var row struct {
		N      int     `bun:"n"`
		Oldest float64 `bun:"oldest"`
	}
	err := s.db.NewSelect().TableExpr("outbox").
		ColumnExpr("count(*) AS n").
		ColumnExpr("coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest").
		Where("sent_at IS NULL").Scan(ctx, &row)
	if err != nil {
		return 0, 0, err
	}
	return row.N, time.Duration(row.Oldest * float64(time.Second)), nil
}
