package store

import (
	"context"
	"fmt"
)

// MigrationState names the migrations applied to the database (in order) and the embedded ones
// not applied yet. It changes nothing: `egenkontroll status` reports it.
func (s *Store) MigrationState(ctx context.Context) (applied, pending []string, err error) {
	all, err := migrations()
	if err != nil {
		return nil, nil, err
	}
	var exists bool
	if err := s.db.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return nil, nil, fmt.Errorf("migration state: %w", err)
	}
	done := map[int]bool{}
	if exists {
		rows, err := s.db.QueryContext(ctx, `SELECT version, name FROM schema_migrations ORDER BY version`)
		if err != nil {
			return nil, nil, fmt.Errorf("migration state: %w", err)
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			var v int
			var name string
			if err := rows.Scan(&v, &name); err != nil {
				return nil, nil, err
			}
			done[v] = true
			applied = append(applied, name)
		}
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	for _, m := range all {
		if !done[m.version] {
			pending = append(pending, m.name)
		}
	}
	return applied, pending, nil
}

// Counts is how much data an installation holds, for operators.
type Counts struct {
	Services, Rounds int
	Submissions      int // summary forms started
	Submitted        int // of them submitted or accepted
	Accounts         int
	Tokens           int // API tokens neither revoked nor expired
}

// Counts counts the installation's services, rounds, summary forms, accounts and API tokens
// (the database must be migrated).
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM services),
		(SELECT count(*) FROM rounds),
		(SELECT count(*) FROM submissions),
		(SELECT count(*) FROM submissions WHERE status IN ('SUBMITTED', 'ACCEPTED')),
		(SELECT count(*) FROM users),
		(SELECT count(*) FROM api_tokens WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()))`).
		Scan(&c.Services, &c.Rounds, &c.Submissions, &c.Submitted, &c.Accounts, &c.Tokens)
	if err != nil {
		return c, fmt.Errorf("count: %w", err)
	}
	return c, nil
}

// HasTables reports whether the database holds any table of its own (a restore goes only into an
// empty one).
func (s *Store) HasTables(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`).Scan(&n)
	return n > 0, err
}
