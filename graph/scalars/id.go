// Package scalars holds the Go side of custom GraphQL scalars that are not domain types.
package scalars

import (
	"fmt"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalInt64ID writes a numeric database key as a GraphQL ID (a string).
func MarshalInt64ID(id int64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(strconv.FormatInt(id, 10)))
	})
}

// UnmarshalInt64ID reads a GraphQL ID given as a string or a number.
func UnmarshalInt64ID(v any) (int64, error) {
	switch x := v.(type) {
	case string:
		id, err := strconv.ParseInt(x, 10, 64)
		if err != nil || id <= 0 {
			return 0, fmt.Errorf("%q is not a valid id", x)
		}
		return id, nil
	case int64:
		if x > 0 {
			return x, nil
		}
	case int:
		if x > 0 {
			return int64(x), nil
		}
	case float64:
		if x > 0 && x == float64(int64(x)) {
			return int64(x), nil
		}
	}
	return 0, fmt.Errorf("%v is not a valid id", v)
}
