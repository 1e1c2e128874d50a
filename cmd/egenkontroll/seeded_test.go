package main

import (
	"context"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/store"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
)

// seededStore is a fresh database, migrated and seeded with the reference and demo data, for a
// command to run against: its address (for --database-url) and the store to check the result.
func seededStore(t *testing.T) (string, *store.Store) {
	t.Helper()
	dsn := testutil.NewDSN(t)
	sys := auth.WithCaller(context.Background(), auth.System)
	st, err := store.Open(sys, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(sys); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(sys, st, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	return dsn, st
}
