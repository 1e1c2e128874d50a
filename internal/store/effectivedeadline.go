package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// effectiveDeadline is the deadline that applies to a service in a round (effective_deadline in
// the database, the one rule: the latest of the round's, its office's and its own extension).
func effectiveDeadline(ctx context.Context, db bun.IDB, serviceID int64, round Round) (domain.Date, error) {
	var d domain.Date
	err := db.NewRaw("SELECT effective_deadline(?, ?)", serviceID, round.ID).Scan(ctx, &d)
	return d, err
}

// rejudgeLate sets the late mark of the submitted forms matching where (on submissions AS sub)
// against the deadline that applies to each.
func rejudgeLate(ctx context.Context, db bun.IDB, where string, args ...any) error {
	_, err := db.NewUpdate().TableExpr("submissions AS sub").
		Set("late = (sub.submitted_at >= ("+deadlineOfSubSQL+" + 1)::timestamp AT TIME ZONE 'Europe/Oslo')").
		Where("sub.submitted_at IS NOT NULL").Where(where, args...).Exec(ctx)
	return err
}

// deadlineOfSubSQL is the deadline that applies to the submission sub.
const deadlineOfSubSQL = `effective_deadline(sub.service_id, sub.round_id)`

// EffectiveDeadlines loads the deadline that applies to each (service, round) the scope sees.
func (s *Store) EffectiveDeadlines(ctx context.Context, scope Scope, keys []SubmissionKey) (map[SubmissionKey]domain.Date, error) {
	out := map[SubmissionKey]domain.Date{}
	if len(keys) == 0 {
		return out, nil
	}
	services, rounds := keyColumns(keys)
	var rows []struct {
		ServiceID int64       `bun:"service_id"`
		RoundID   int64       `bun:"round_id"`
		Deadline  domain.Date `bun:"deadline,type:date"`
	}
	err := applyScope(s.db.NewSelect().TableExpr("unnest(?::bigint[], ?::bigint[]) AS k (service_id, round_id)", pgArray(services), pgArray(rounds)).
		Join("JOIN services AS s ON s.id = k.service_id").
		ColumnExpr("k.service_id, k.round_id, effective_deadline(k.service_id, k.round_id) AS deadline"), scope).Scan(ctx, &rows)
	for _, r := range rows {
		out[SubmissionKey{ServiceID: r.ServiceID, RoundID: r.RoundID}] = r.Deadline
	}
	return out, err
}
