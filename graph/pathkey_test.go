package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestPathKeyMatchesPath: the path key read from the chain of field contexts is the names of
// gqlgen's own fc.Path(), list indexes left out, at any depth (also deep ones).
func TestPathKeyMatchesPath(t *testing.T) {
	for _, depth := range []int{1, 2, 7, 23, 24, 25, 60} {
		ctx := context.Background()
		for i := 0; i < depth; i++ { // WithFieldContext links each to the one before
			alias := strings.Repeat("f", i%5+1) + string(rune('a'+i%26))
			ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: alias}}})
			if i%2 == 1 { // a list's element under the field
				idx := i
				ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &idx})
			}
		}
		fc := graphql.GetFieldContext(ctx)
		if got, want := pathKey(ctx), slowPathKey(fc); got != want || want == "" {
			t.Errorf("depth %d: pathKey %q, want %q", depth, got, want)
		}
	}
	if got := pathKey(context.Background()); got != "" {
		t.Errorf("no field context: %q", got)
	}
}

// slowPathKey is pathKey by way of fc.Path(): the plain statement of it that pathKey is tested
// against.
func slowPathKey(fc *graphql.FieldContext) string {
	var b strings.Builder
	for _, el := range fc.Path() {
		if name, ok := el.(ast.PathName); ok {
			b.WriteString(string(name))
			b.WriteByte('.')
		}
	}
	return b.String()
}
