package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// RoundDeadlines are the dates of a round Helsetilsynet may change. Nil fields are unchanged.
type RoundDeadlines struct {
	// Deadline is the services' deadline for the summary form and improvement plan.
	Deadline *domain.Date
	// ReportDeadline is when the county offices report to Helsetilsynet (the guide: 31.01 after
	// each round). It is data of its own, never derived from Deadline.
	ReportDeadline  *domain.Date
	ExpectedVersion *int
}

// Validate checks that the change names a new deadline, before the transaction.
func (in RoundDeadlines) Validate() error {
	if in.Deadline == nil && in.ReportDeadline == nil {
		return domain.ErrNewDeadlineMissing()
	}
	return nil
}

// UpdateRoundDeadlines changes a round's deadline and/or report deadline (Helsetilsynet's campaign
// staff: national analysts). Moving the services' deadline keeps the one first announced as the
// original deadline and judges every submitted form against the new date (extensions still count
// where they are later). Audited.
func (s *Store) UpdateRoundDeadlines(ctx context.Context, roundID int64, in RoundDeadlines) (*Round, error) {
	if err := auth.From(ctx).Can(auth.ActManage, auth.Target{}); err != nil {
		return nil, fmt.Errorf("update deadlines of round %d: %w", roundID, err)
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update deadlines of round %d: %w", roundID, err)
	}
	var r Round
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := tx.NewSelect().Model(&r).Where("r.id = ?", roundID).For("UPDATE").Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounRound, roundID)
		}
		if err := checkVersion(in.ExpectedVersion, r.Version, domain.NounRound); err != nil {
			return err
		}
		for _, d := range []struct {
			field string
			date  *domain.Date
		}{{"deadline", in.Deadline}, {"reportDeadline", in.ReportDeadline}} {
			if d.date != nil && d.date.Before(r.PeriodStart) {
				return domain.ErrDeadlineBeforeRound(d.field)
			}
		}
		old := r
		cols := []string{"version"}
		if in.Deadline != nil && in.Deadline.String() != r.Deadline.String() {
			if r.OriginalDeadline == nil {
				first := r.Deadline
				r.OriginalDeadline = &first
			} else if r.OriginalDeadline.String() == in.Deadline.String() {
				r.OriginalDeadline = nil // moved back to the date first announced
			}
			r.Deadline = *in.Deadline
			cols = append(cols, "deadline", "original_deadline")
		}
		if in.ReportDeadline != nil {
			r.ReportDeadline = *in.ReportDeadline
			cols = append(cols, "report_deadline")
		}
		r.Version++
		if _, err := tx.NewUpdate().Model(&r).Column(cols...).WherePK().Exec(ctx); err != nil {
			return err
		}
		// Late is judged against the deadline that applies to each service: the round's, or its
		// extension when that is later.
		if err := rejudgeLate(ctx, tx, "sub.round_id = ?", r.ID); err != nil {
			return err
		}
		type dates struct {
			Deadline         domain.Date  `json:"deadline"`
			OriginalDeadline *domain.Date `json:"originalDeadline"`
			ReportDeadline   domain.Date  `json:"reportDeadline"`
		}
		return audit(ctx, tx, Change{Action: "round.deadlines", ObjectType: "round", ObjectID: r.ID,
			Old: dates{old.Deadline, old.OriginalDeadline, old.ReportDeadline}, New: dates{r.Deadline, r.OriginalDeadline, r.ReportDeadline}})
	})
	if err != nil {
		return nil, fmt.Errorf("update deadlines of round %d: %w", roundID, err)
	}
	return &r, nil
}

// DeadlineChange is one change of one of a round's deadlines, read from the audit trail: what it
// was, what it became and when. Who changed it is not told (it was Helsetilsynet).
type DeadlineChange struct {
	RoundID   int64
	Kind      domain.DeadlineKind
	From, To  domain.Date
	ChangedAt time.Time
}

// DeadlineChangesByRound loads the deadline changes of rounds, oldest first. A round's dates
// concern everyone who takes part in it, so every signed-in reader gets them; the scope that
// reaches nothing gets nothing.
func (s *Store) DeadlineChangesByRound(ctx context.Context, scope auth.Scope, roundIDs []int64) ([]DeadlineChange, error) {
	if scope.None || len(roundIDs) == 0 {
		return nil, nil
	}
	var rows []AuditEntry
	if err := s.db.NewSelect().Model(&rows).Column("id", "at", "object_id", "old_value", "new_value").
		Where("al.object_type = 'round' AND al.action = 'round.deadlines' AND al.object_id IN (?)", bun.List(roundIDs)).
		OrderExpr("al.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("deadline changes: %w", err)
	}
	type dates struct {
		Deadline       *domain.Date `json:"deadline"`
		ReportDeadline *domain.Date `json:"reportDeadline"`
	}
	var out []DeadlineChange
	for _, e := range rows {
		var o, n dates
		if json.Unmarshal(e.OldValue, &o) != nil || json.Unmarshal(e.NewValue, &n) != nil || e.ObjectID == nil {
			continue
		}
		for _, d := range []struct {
			kind     domain.DeadlineKind
			old, new *domain.Date
		}{{domain.DeadlineServices, o.Deadline, n.Deadline}, {domain.DeadlineReport, o.ReportDeadline, n.ReportDeadline}} {
			if d.old != nil && d.new != nil && d.old.String() != d.new.String() {
				out = append(out, DeadlineChange{RoundID: *e.ObjectID, Kind: d.kind, From: *d.old, To: *d.new, ChangedAt: e.At})
			}
		}
	}
	return out, nil
}
