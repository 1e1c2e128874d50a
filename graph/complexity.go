package graph

import (
	"context"
	"encoding/json"
	"math"

	"github.com/99designs/gqlgen/graphql"

	"github.com/egenkontroll/egenkontroll/graph/generated"
	"github.com/egenkontroll/egenkontroll/graph/model"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// NewExecutableSchema is the generated schema with the cost rules the complexity limit uses: every
// field with a `first` argument (a page of a connection, whatever its type) costs its page size
// times what is asked for each item, so the limit bounds the real work of a query. gqlgen counts
// every field once by default, however many rows it returns.
func NewExecutableSchema(cfg generated.Config) graphql.ExecutableSchema {
	cfg.Complexity = Complexity()
	return costed{generated.NewExecutableSchema(cfg)}
}

// costed adds the generic page rule to the per-field rules of Complexity.
type costed struct{ graphql.ExecutableSchema }

// Complexity is the field's own rule when it has one, else the generic page rule for a field with
// a `first` argument, else gqlgen's default.
func (c costed) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	if n, ok := c.ExecutableSchema.Complexity(ctx, typeName, field, child, args); ok {
		return n, true
	}
	if first, ok := args["first"]; ok {
		return pageCost(child, firstOf(first)), true
	}
	return 0, false
}

// Estimated rows of the lists that have no `first` but can be long.
const (
	breakdownServices = 400 // every service in the country
	breakdownCounties = 20
	breakdownOffices  = 15
)

// Complexity holds the rules of fields whose cost is not the generic one.
func Complexity() generated.ComplexityRoot {
	var c generated.ComplexityRoot
	c.Query.StatisticsBreakdown = func(child int, _ int64, by domain.BreakdownLevel, _ *model.StatisticsScope, _ *int, _ []int) int {
		rows := breakdownOffices
		switch by {
		case domain.BreakdownService:
			rows = breakdownServices
		case domain.BreakdownCounty:
			rows = breakdownCounties
		}
		return pageCost(child, rows)
	}
	return c
}

// unknownPage is what a page of unknown size (first: null) is charged: as much as any page holds.
const unknownPage = 10000

// firstOf reads a `first` argument as the complexity walker hands it over (a literal, a variable
// or the schema's default).
func firstOf(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(max(min(n, math.MaxInt32), math.MinInt32))
	case int32:
		return int(n)
	case float64:
		return int(max(min(n, math.MaxInt32), math.MinInt32))
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return firstOf(i)
		}
	}
	return unknownPage
}

// pageCost is 1 + child × rows, saturating instead of overflowing.
func pageCost(child, rows int) int {
	rows = max(rows, 1)
	child = max(child, 1)
	if child > (math.MaxInt32-1)/rows {
		return math.MaxInt32
	}
	return 1 + child*rows
}
