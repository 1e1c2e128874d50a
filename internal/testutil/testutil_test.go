package testutil

import (
	"context"
	"testing"
)

func TestMain(m *testing.M) { Main(m) }

func TestFreshDatabases(t *testing.T) {
	a, b := NewDB(t), NewDB(t)
	ctx := context.Background()
	if _, err := a.ExecContext(ctx, `CREATE TABLE only_in_a (v int)`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := b.QueryRowContext(ctx, `SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("databases are not separate: %d, %v", n, err)
	}
}
