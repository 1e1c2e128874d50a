package store

import (
	"strconv"

	"github.com/uptrace/bun/dialect/pgdialect"
)

func pgdialectArray(v any) any { return pgdialect.Array(v) }

// idArray is keys as the text of a PostgreSQL bigint[] ("{1,2,3}"), for a prepared statement's
// $n::bigint[] parameter (database/sql takes no Go slices).
func idArray(ids []int64) string {
	b := make([]byte, 0, 2+len(ids)*8)
	b = append(b, '{')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, '}'))
}
