package graph

import (
	"context"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"

	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Resolver holds what the resolvers need. Resolvers stay thin: they translate input, and leave
// rules to internal/domain and data to internal/store.
type Resolver struct {
	Store  *store.Store
	Broker *store.Broker
	Log    *slog.Logger
	// OIDCEnabled and OIDCLoginPath tell the log-in page whether to offer OpenID Connect.
	OIDCEnabled   bool
	OIDCLoginPath string
}

// selects reports whether the field being resolved selects the child field name, so a resolver
// reads what only that child needs only when it is asked for.
func selects(ctx context.Context, name string) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}
