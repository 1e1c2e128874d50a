package graph

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/egenkontroll/egenkontroll/graph/generated"
)

// TestPageCostIsGeneric: any field with a `first` argument costs its page size times its items,
// including fields the schema does not have yet.
func TestPageCostIsGeneric(t *testing.T) {
	es := NewExecutableSchema(generated.Config{})
	for _, tc := range []struct {
		typ, field string
		args       map[string]any
		want       int
	}{
		{"Query", "answerFacts", map[string]any{"first": int64(10000)}, 1 + 10*10000},
		{"Query", "serviceFacts", map[string]any{"first": json.Number("200")}, 1 + 10*200},
		{"Service", "anyPagedEdge", map[string]any{"first": 7}, 1 + 10*7},
		{"Query", "services", map[string]any{"first": nil}, 1 + 10*unknownPage},
		{"Query", "statisticsBreakdown", map[string]any{"by": "SERVICE", "roundId": int64(1)}, 1 + 10*breakdownServices},
		{"Query", "answerFacts", map[string]any{"first": int64(1 << 40)}, 1<<31 - 1},
	} {
		got, ok := es.Complexity(context.Background(), tc.typ, tc.field, 10, tc.args)
		if !ok || got != tc.want {
			t.Errorf("%s.%s %v: %d (%v), want %d", tc.typ, tc.field, tc.args, got, ok, tc.want)
		}
	}
	if _, ok := es.Complexity(context.Background(), "Query", "offices", 10, nil); ok {
		t.Error("a field without first keeps gqlgen's default cost")
	}
}
