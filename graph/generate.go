// Package graph holds the GraphQL resolvers: thin adapters that check input, ask who may see what,
// and call the store.
package graph

//go:generate sh -c "cd .. && go run ./cmd/gqlgen --config gqlgen.yml"
