package store

import "github.com/uptrace/bun"

// DBOf gives the store's own tests (package store_test) the pool, to arrange rows and to read what
// a method wrote; outside tests nothing reaches it (the Go idiom of export_test.go).
func DBOf(s *Store) *bun.DB { return s.db }
