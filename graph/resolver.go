package graph

import (
	"log/slog"

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
