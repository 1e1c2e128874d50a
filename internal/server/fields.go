package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// fieldMiddleware is the one middleware around every field: the root rules before a root field
// resolves, then the resolver with the look-ahead (graph/lookahead.go: once a field has resolved,
// its children's loaders are primed for all its values at once, so batching never waits for a
// time window), and internal errors hidden on the way out.
//
// One middleware, not one per concern: gqlgen resolves each item of a list in a goroutine of its
// own, and every middleware adds frames to that goroutine's stack. With three, the stack of an
// item outgrew its first 8 kB in every goroutine and was copied (a quarter of the CPU of a list of
// 500 answers, by the profile in the README's performance section).
func (s *Server) fieldMiddleware(lookAhead graphql.FieldMiddleware) graphql.FieldMiddleware {
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		if fc := graphql.GetFieldContext(ctx); fc != nil {
			if err := checkRootRules(ctx, fc); err != nil {
				return nil, err
			}
		}
		res, err := lookAhead(ctx, next)
		if err != nil {
			return res, hideInternal(ctx, s.log, err)
		}
		return res, nil
	}
}
