package results

import (
	"fmt"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

// DefaultMinCases is the smallest number of cases a figure may rest on for callers outside the
// service; a caller may raise it, never lower it.
const DefaultMinCases = stats.MinCases

// MaxDaysThresholds bounds the day thresholds one statistics request counts cases above (the
// graph's @maxItems on daysThresholds says the same).
const MaxDaysThresholds = 10

// Query selects what to count.
type Query struct {
	RoundID    int64
	OfficeID   int64 // zero: every office
	CountyID   int64
	ServiceID  int64
	MinCases   int   // zero: DefaultMinCases; lower values are refused
	Thresholds []int // days: count cases above each
}

// Level is what a breakdown groups by: a domain.BreakdownLevel, or LevelNone.
type Level = domain.BreakdownLevel

// LevelNone is no breakdown: the scope itself.
const LevelNone Level = ""

// CheckMinCases refuses a floor below DefaultMinCases.
func CheckMinCases(n int) error {
	if n < DefaultMinCases {
		return domain.ErrMinCasesBelowFloor(DefaultMinCases)
	}
	return nil
}

// Floor is the small-number floor of a query: zero means the default; below it is refused.
func Floor(n int) (int, error) {
	if n == 0 {
		return DefaultMinCases, nil
	}
	return n, CheckMinCases(n)
}

// Validate refuses a query whose floor is below the default or that asks for too many day
// thresholds, before anything is read. It sets a zero floor to the default.
func (q *Query) Validate() error {
	var err error
	if q.MinCases, err = Floor(q.MinCases); err != nil {
		return err
	}
	if len(q.Thresholds) > MaxDaysThresholds {
		return domain.ErrTooManyDaysThresholds(MaxDaysThresholds)
	}
	return nil
}

// ScopeNode is the node a query's own figures belong to: the narrowest scope asked for, else the
// caller's reach.
func ScopeNode(scope auth.Scope, q Query) stats.Node {
	switch {
	case q.ServiceID != 0:
		return stats.Node{Kind: stats.Service, ID: q.ServiceID}
	case q.CountyID != 0:
		return stats.Node{Kind: stats.County, ID: q.CountyID}
	case q.OfficeID != 0:
		return stats.Node{Kind: stats.Office, ID: q.OfficeID}
	case scope.ServiceID != 0:
		return stats.Node{Kind: stats.Service, ID: scope.ServiceID}
	case scope.OfficeID != 0:
		return stats.Node{Kind: stats.Office, ID: scope.OfficeID}
	}
	return stats.Node{Kind: stats.Nation}
}

// GroupNode is the node of a breakdown row.
func GroupNode(scope auth.Scope, q Query, level Level, grp int64) stats.Node {
	switch level {
	case domain.BreakdownOffice:
		return stats.Node{Kind: stats.Office, ID: grp}
	case domain.BreakdownCounty:
		return stats.Node{Kind: stats.County, ID: grp}
	case domain.BreakdownService:
		return stats.Node{Kind: stats.Service, ID: grp}
	}
	return ScopeNode(scope, q)
}

// SuppressionReason says why a node is withheld at floor, or "" when it is shown.
func SuppressionReason(r stats.Reason, floor int, lang domain.Lang) string {
	switch r {
	case stats.TooFewCases:
		return domain.Text{
			NB: fmt.Sprintf("Færre enn %d saker; tallet vises ikke, så det ikke kan peke ut enkeltbarn.", floor),
			NN: fmt.Sprintf("Færre enn %d saker; talet blir ikkje vist, så det ikkje kan peike ut enkeltborn.", floor),
			EN: fmt.Sprintf("Fewer than %d cases; withheld so that it cannot point to individual children.", floor),
		}.In(lang)
	case stats.Complementary:
		return domain.Text{
			NB: fmt.Sprintf("Holdt tilbake så tallene til en tjeneste med færre enn %d saker ikke kan regnes ut ved å trekke fra de andre tallene.", floor),
			NN: fmt.Sprintf("Halde tilbake så tala til ei teneste med færre enn %d saker ikkje kan reknast ut ved å trekkje frå dei andre tala.", floor),
			EN: fmt.Sprintf("Withheld so that the figures of a service with fewer than %d cases cannot be worked out by subtracting the other figures.", floor),
		}.In(lang)
	}
	return ""
}

// Suppressions decides, for each round, which nodes of the whole country are withheld at floor,
// from every service's counted cases in the round: the decision must not depend on who asks.
func Suppressions(roundIDs []int64, units map[int64][]stats.Unit, floor int) map[int64]*stats.Suppression {
	out := make(map[int64]*stats.Suppression, len(roundIDs))
	for _, id := range roundIDs {
		out[id] = stats.Suppress(units[id], floor)
	}
	return out
}
