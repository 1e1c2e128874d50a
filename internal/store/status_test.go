package store_test

import (
	"context"
	"testing"
)

// What `egenkontroll status` reports: migrations applied and pending, and how much data there is,
// from an empty database to a seeded one, changing nothing itself.
func TestMigrationStateAndCounts(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	applied, pending, err := st.MigrationState(ctx)
	if err != nil || len(applied) != 0 || len(pending) == 0 {
		t.Fatalf("empty database: applied %v, pending %v, %v", applied, pending, err)
	}
	if has, err := st.HasTables(ctx); err != nil || has {
		t.Fatalf("empty database has tables: %v, %v", has, err)
	}
	if again, _, _ := st.MigrationState(ctx); len(again) != 0 {
		t.Fatal("MigrationState applied migrations")
	}
	done, err := st.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	applied, pending, err = st.MigrationState(ctx)
	if err != nil || len(pending) != 0 || len(applied) != len(done) || applied[0] != done[0] {
		t.Fatalf("migrated: applied %v (migrate said %v), pending %v, %v", applied, done, pending, err)
	}
	if c, err := st.Counts(ctx); err != nil || c.Services != 0 || c.Accounts != 0 {
		t.Fatalf("migrated, not seeded: %+v, %v", c, err)
	}

	st = seeded(t, true)
	c, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := counts(t, st)
	if c.Services != want["services"] || c.Rounds != want["rounds"] || c.Submissions != want["submissions"] || c.Accounts != want["users"] ||
		c.Submitted == 0 || c.Submitted > c.Submissions {
		t.Fatalf("demo data counted as %+v; tables hold %v", c, want)
	}
	if has, err := st.HasTables(ctx); err != nil || !has {
		t.Fatalf("seeded database has no tables: %v, %v", has, err)
	}
}
