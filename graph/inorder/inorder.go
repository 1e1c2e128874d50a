// Package inorder marshals a GraphQL list item by item on the caller's goroutine, when nothing
// the query selects below the items can make one of them wait.
//
// gqlgen marshals the items of every list in a goroutine each, so that items whose fields have
// resolvers can wait for them side by side. When the selection reaches only fields read from the
// items' Go values, there is nothing to wait for, and the goroutine is pure cost: creating it, a
// fresh stack that is copied as it grows, and the wait. For a service's 525 answers in a round
// that was about a third of the request's CPU. The generator in cmd/gqlgen routes gqlgen's list
// marshalers through Waiting.MarshalSlice and fills Waiting from gqlgen's own model of the schema.
package inorder

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/egenkontroll/egenkontroll/graph/selection"
)

// Field names a field of an object type.
type Field struct {
	Object, Name string
}

// Waiting says what may make an item wait while it is marshalled.
type Waiting struct {
	// Fields that gqlgen resolves in a goroutine of their own: a resolver, a method that takes a
	// context, or a directive in the schema.
	Fields map[Field]bool
	// Abstract holds the interfaces and unions, whose fields are known only at run time.
	Abstract map[string]bool
}

// MarshalSlice has the contract of graphql.MarshalSliceConcurrently, and the same arguments after
// the items' selection. A list of more than one item whose selection reaches nothing that waits
// is marshalled in order; any other goes to gqlgen.
func (w Waiting) MarshalSlice(ctx context.Context, sel ast.SelectionSet, length int, workerLimit int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) graphql.Array {
	if length <= 1 || w.waits(sel) {
		return graphql.MarshalSliceConcurrently(ctx, length, workerLimit, omitPanicHandler, marshalElement)
	}
	ret := make(graphql.Array, length)
	for i := range length {
		ret[i] = marshalItem(ctx, i, omitPanicHandler, marshalElement)
	}
	return ret
}

// marshalItem gives the item its own field context with its index, as gqlgen does; a panic
// becomes an error on the item's path and a null in its place.
func marshalItem(ctx context.Context, i int, omitPanicHandler bool, marshalElement func(ctx context.Context, i int) graphql.Marshaler) (m graphql.Marshaler) {
	itemCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
	if !omitPanicHandler {
		defer func() {
			if r := recover(); r != nil {
				graphql.AddError(itemCtx, graphql.Recover(itemCtx, r))
				m = graphql.Null
			}
		}()
	}
	return marshalElement(itemCtx, i)
}

// waits reports whether the selection, at any depth, reaches a field that waits or a field of
// an interface or union type, or defers a fragment. Fields skipped by @skip or @include are
// counted too: that errs towards gqlgen's way, never away from it.
func (w Waiting) waits(sel ast.SelectionSet) bool {
	return selection.Reaches(sel, func(f *ast.Field) bool {
		if f.ObjectDefinition == nil || f.Definition == nil {
			return true
		}
		// A field selected through an interface may have a resolver in the concrete type.
		return w.Abstract[f.ObjectDefinition.Name] || w.Fields[Field{f.ObjectDefinition.Name, f.Name}] ||
			(len(f.SelectionSet) > 0 && w.Abstract[f.Definition.Type.Name()])
	})
}
