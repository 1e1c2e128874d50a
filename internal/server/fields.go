package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// fieldMiddleware is the one middleware around every field: the root rules before a root field
// resolves, then the resolver with the look-ahead (graph/lookahead.go: once a field has resolved,
// its children's loaders are primed for all its values at once, so batching never waits for a
// time window), and internal errors hidden on the way out. A plain scalar of an object (most
// fields of a response) goes straight to its value.
//
// One middleware, not one per concern: gqlgen resolves each item of a list in a goroutine of its
// own, whose stack starts small and is copied each time it grows, and every middleware adds
// frames to it. Growing those stacks was a quarter of the CPU of a service's 500 answers with
// three middlewares (README, performance).
func (s *Server) fieldMiddleware(lookAhead graphql.FieldMiddleware) graphql.FieldMiddleware {
	return func(ctx context.Context, next graphql.Resolver) (res any, err error) {
		fc := graphql.GetFieldContext(ctx)
		switch {
		case fc == nil:
			res, err = next(ctx)
		case !fc.IsResolver && len(fc.Field.Selections) == 0 && !isRootObject(fc.Object):
			// A plain scalar of an object: no rule, nothing to look ahead to.
			res, err = next(ctx)
		default:
			if err := checkRootRules(ctx, fc); err != nil {
				return nil, err
			}
			res, err = lookAhead(ctx, next)
		}
		if err != nil {
			return res, hideInternal(ctx, s.log, err)
		}
		return res, nil
	}
}

func isRootObject(name string) bool {
	return name == "Query" || name == "Mutation" || name == "Subscription"
}
