package store

import (
	"context"

	"github.com/uptrace/bun"
)

// DBOf gives the store's own tests (package store_test) the pool, to arrange rows and to read what
// a method wrote; outside tests nothing reaches it (the Go idiom of export_test.go).
func DBOf(s *Store) *bun.DB { return s.db }

// CatchUp runs a broker's catch-up, as its listener does after a reconnect.
func CatchUp(ctx context.Context, b *Broker) bool { return b.catchUp(ctx) }
