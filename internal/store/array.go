package store

import "github.com/uptrace/bun/dialect/pgdialect"

func pgdialectArray(v any) any { return pgdialect.Array(v) }
