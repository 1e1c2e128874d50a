// Package model holds GraphQL types that are not store models: connections, payloads, inputs.
package model

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// UpdateCaseInput distinguishes a field left out (unchanged) from an explicit null (cleared).
type UpdateCaseInput struct {
	ID                  int64                                `json:"id"`
	ExpectedVersion     *int                                 `json:"expectedVersion,omitempty"`
	StartedMonth        graphql.Omittable[*domain.YearMonth] `json:"startedMonth,omitempty"`
	ClosedMonth         graphql.Omittable[*domain.YearMonth] `json:"closedMonth,omitempty"`
	Outcome             graphql.Omittable[*domain.Outcome]   `json:"outcome,omitempty"`
	DaysToFirstActivity graphql.Omittable[*int]              `json:"daysToFirstActivity,omitempty"`
}
