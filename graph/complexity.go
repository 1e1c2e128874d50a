package graph

import (
	"github.com/egenkontroll/egenkontroll/graph/generated"
	"github.com/egenkontroll/egenkontroll/graph/model"
)

// Complexity makes a page of a connection cost its size times what is asked for each item, so the
// complexity limit bounds the real work of a query (gqlgen counts every field once by default).
func Complexity() generated.ComplexityRoot {
	var c generated.ComplexityRoot
	c.Query.Services = func(child int, _ *model.ServiceFilter, first *int, _ *string) int {
		return 1 + child*pageSize(first)
	}
	c.Query.Submissions = func(child int, _ int64, _ *model.SubmissionFilter, first *int, _ *string) int {
		return 1 + child*pageSize(first)
	}
	return c
}

func pageSize(first *int) int {
	if first == nil || *first < 1 {
		return 50
	}
	return *first
}
