package store

import (
	"context"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// PlanProgress is how far a service has come with its plan since submitting (the county report's
// "how far they have come", guide § 4).
type PlanProgress struct {
	ServiceID, RoundID, SubmissionID int64
	SubmittedAt                      time.Time
	Goals, Actions                   int
	Planned, InProgress, Done        int
	Dropped, Overdue                 int
	OwnMethod                        bool
	// LastChangedAt is when the plan was last changed after submitting; nil: never touched.
	LastChangedAt   *time.Time
	MeasuresBeganOn *domain.Date
}

// Started counts the actions that have begun (in progress or done).
func (p *PlanProgress) Started() int { return p.InProgress + p.Done }

// ProgressOf counts a plan's progress on the given day.
func ProgressOf(p *PlanFollowUp, today domain.Date) PlanProgress {
	out := PlanProgress{ServiceID: p.ServiceID, RoundID: p.RoundID, SubmissionID: p.SubmissionID, SubmittedAt: p.SubmittedAt,
		Goals: len(p.Goals), OwnMethod: p.OwnMethod, LastChangedAt: p.LastChangedAt()}
	out.MeasuresBeganOn, _ = p.MeasuresBegan()
	for _, g := range p.Goals {
		for _, a := range g.Actions {
			out.Actions++
			switch a.Status {
			case domain.ActionPlanned:
				out.Planned++
			case domain.ActionInProgress:
				out.InProgress++
			case domain.ActionDone:
				out.Done++
			case domain.ActionCancelled:
				out.Dropped++
			}
			if a.Overdue(today) {
				out.Overdue++
			}
		}
	}
	return out
}

// PlanProgressOf lists the plan progress of every service the scope reaches that has submitted its
// form of the round, for one office or (officeID 0) all, by service name. Five statements.
func (s *Store) PlanProgressOf(ctx context.Context, scope Scope, roundID, officeID int64) ([]PlanProgress, error) {
	if err := roundExists(ctx, s.db, roundID); err != nil {
		return nil, err
	}
	var subs []Submission
	q := applyScope(s.db.NewSelect().Model(&subs).Join("JOIN services AS s ON s.id = sub.service_id").
		Where("sub.round_id = ?", roundID).
		Where("EXISTS (SELECT 1 FROM submission_revisions AS rev WHERE rev.submission_id = sub.id)"), scope).OrderExpr("s.name, s.id")
	if officeID != 0 {
		q = q.Where("s.office_id = ?", officeID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	plans, err := plansOf(ctx, s.db, subs)
	if err != nil {
		return nil, err
	}
	today := domain.DateOf(time.Now())
	out := make([]PlanProgress, 0, len(subs))
	for _, sub := range subs {
		if p := plans[sub.ID]; p != nil {
			out = append(out, ProgressOf(p, today))
		}
	}
	return out, nil
}

// Untouched reports whether the plan has not been changed since the form was submitted.
func (p *PlanProgress) Untouched() bool { return p.LastChangedAt == nil }
