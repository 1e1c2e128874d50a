package store

import (
	"context"
	"database/sql"
	"sync"
)

// Statements prepared once per connection, for the few statements every request or every save
// sends. bun writes each query's arguments into its text, so PostgreSQL parses and plans every
// statement it receives afresh; for the hot statements the plan cost several times their
// execution (the save's read of case, question, form and answer: about 5 ms of planning for
// 0.7 ms of work at load 19; the session check 1.7 ms for 0.3 ms). A prepared statement is
// planned for its first few executions and then, its plan proving as good as a fresh one, runs
// on the generic plan PostgreSQL keeps for it.
//
// database/sql prepares a *sql.Stmt on each connection of the pool the first time it runs there
// (and again on a new connection), so the cache holds one *sql.Stmt per query text for the life
// of the pool. Queries use PostgreSQL's $1, $2 placeholders, and every execution counts as one
// statement, like bun's (the statement counter, WithCounter).
type stmtCache struct {
	mu    sync.Mutex
	m     map[string]*sql.Stmt
	built map[string]string // name → query text built once by bun (builtQuery)
}

// builtQuery returns the text of a query that bun builds (with bun.Safe("$1")-style placeholders
// for its arguments), building it only the first time name is asked for.
func (s *Store) builtQuery(name string, build func() string) string {
	s.stmts.mu.Lock()
	q, ok := s.stmts.built[name]
	s.stmts.mu.Unlock()
	if ok {
		return q
	}
	q = build()
	s.stmts.mu.Lock()
	if s.stmts.built == nil {
		s.stmts.built = map[string]string{}
	}
	s.stmts.built[name] = q
	s.stmts.mu.Unlock()
	return q
}

// prepared returns the statement for query, preparing it for the pool the first time.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	if st, ok := s.stmts.m[query]; ok {
		return st, nil
	}
	st, err := s.db.DB.PrepareContext(ctx, query) //nolint:sqlclosecheck // kept for the pool's life; closeStatements closes it
	if err != nil {
		return nil, err
	}
	if s.stmts.m == nil {
		s.stmts.m = map[string]*sql.Stmt{}
	}
	s.stmts.m[query] = st
	return st, nil
}

// queryPrepared runs a prepared statement (see stmtCache) and counts it. The caller closes rows.
func (s *Store) queryPrepared(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.prepared(ctx, query) //nolint:sqlclosecheck // cached, not this caller's to close
	if err != nil {
		return nil, err
	}
	countStatement(ctx)
	return st.QueryContext(ctx, args...)
}

// scanPrepared runs a prepared statement that returns at most one row and scans the row into
// dest as bun scans a model (struct fields by their bun tags); sql.ErrNoRows when there is none.
func (s *Store) scanPrepared(ctx context.Context, query string, args []any, dest ...any) error {
	rows, err := s.queryPrepared(ctx, query, args...)
	if err != nil {
		return err
	}
	defer func() { _ = rows.Close() }()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := s.db.ScanRow(ctx, rows, dest...); err != nil {
		return err
	}
	return rows.Close()
}

// closeStatements releases the prepared statements (Close).
func (s *Store) closeStatements() {
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	for _, st := range s.stmts.m {
		_ = st.Close()
	}
	s.stmts.m = nil
}

// scanAllPrepared runs a prepared statement and scans every row into dest (a pointer to a slice
// of models), as bun scans a model.
func (s *Store) scanAllPrepared(ctx context.Context, query string, args []any, dest any) error {
	rows, err := s.queryPrepared(ctx, query, args...)
	if err != nil {
		return err
	}
	return s.db.ScanRows(ctx, rows, dest) // closes rows
}
