package main

import (
	"runtime"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestDBPoolFlag: --db-pool and DATABASE_POOL_SIZE set the pool, a negative size is refused
// before anything starts, and the default follows the cores within its bounds.
func TestDBPoolFlag(t *testing.T) {
	for _, c := range []struct {
		name    string
		env     string
		args    []string
		want    int
		wantErr bool
	}{
		{name: "default", want: 0},
		{name: "flag", args: []string{"--db-pool", "12"}, want: 12},
		{name: "environment", env: "7", want: 7},
		{name: "flag over environment", env: "7", args: []string{"--db-pool", "9"}, want: 9},
		{name: "negative", args: []string{"--db-pool", "-1"}, wantErr: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("DATABASE_POOL_SIZE", c.env)
			f, err := parseServeFlags(c.args)
			if c.wantErr {
				if err == nil {
					t.Fatalf("parsed %v, want an error", c.args)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.dbPool != c.want {
				t.Errorf("db pool %d, want %d", f.dbPool, c.want)
			}
		})
	}

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, c := range []struct{ procs, want int }{{1, 10}, {2, 10}, {4, 16}, {8, 32}, {16, 40}} {
		runtime.GOMAXPROCS(c.procs)
		if got := store.DefaultPoolSize(); got != c.want {
			t.Errorf("%d cores: default pool %d, want %d", c.procs, got, c.want)
		}
	}
}
