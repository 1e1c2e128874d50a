package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// A form's cases: the anonymous cases a service reviews, created, changed and deleted under the
// lock of their form (workflow.go).

// CaseFields are a case's own fields. In an update, Set says which fields the caller gave.
type CaseFields struct {
	StartedMonth        *domain.YearMonth
	ClosedMonth         *domain.YearMonth
	Outcome             *domain.Outcome
	DaysToFirstActivity *int
	Set                 map[string]bool // by GraphQL field name; nil means all fields are given
}

func (cf CaseFields) has(name string) bool { return cf.Set == nil || cf.Set[name] }

// Validate applies the rules a case's fields follow on their own: an outcome is one of the law's,
// and a case does not close before the month it started. Rules that need the round's
// questionnaire (the days) or the stored case (one month given, the other stored) are check's.
func (cf CaseFields) Validate() error {
	if cf.has("outcome") && cf.Outcome != nil && !cf.Outcome.Valid() {
		return domain.ErrUnknownOutcome()
	}
	if cf.has("startedMonth") && cf.has("closedMonth") && cf.StartedMonth != nil && cf.ClosedMonth != nil &&
		cf.ClosedMonth.Before(cf.StartedMonth.Date) {
		return domain.ErrClosedBeforeStarted()
	}
	return nil
}

// check applies every rule of the fields against the round's questionnaire q.
func (cf CaseFields) check(q Questionnaire) error {
	if err := cf.Validate(); err != nil {
		return err
	}
	if cf.has("daysToFirstActivity") {
		return domain.CheckDays(cf.DaysToFirstActivity, q.CollectsDaysToFirstActivity)
	}
	return nil
}

// CreateCase adds an anonymous case with the next number of the service's round.
func (s *Store) CreateCase(ctx context.Context, serviceID, roundID int64, fields CaseFields) (*Case, error) {
	if err := fields.Validate(); err != nil {
		return nil, err
	}
	var c Case
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockForm(ctx, tx, serviceID, roundID, auth.ActEditForm)
		if err != nil {
			return err
		}
		if f.sub.EntryMode == domain.EntryTotals {
			return errTotalsEntered()
		}
		if err := fields.check(f.quest); err != nil {
			return err
		}
		t := now()
		if err := f.apply(ctx, tx, domain.EventEdit, t); err != nil {
			return err
		}
		f.sub.LastCaseNumber++
		if _, err := tx.NewUpdate().Model(&f.sub).Column("last_case_number").WherePK().Exec(ctx); err != nil {
			return err
		}
		c = Case{SubmissionID: f.sub.ID, ServiceID: serviceID, RoundID: roundID, Number: f.sub.LastCaseNumber,
			StartedMonth: fields.StartedMonth, ClosedMonth: fields.ClosedMonth, Outcome: fields.Outcome,
			DaysToFirstActivity: fields.DaysToFirstActivity, Version: 1, CreatedAt: t, UpdatedAt: t}
		if _, err := tx.NewInsert().Model(&c).Exec(ctx); err != nil {
			return err
		}
		return f.audit(ctx, tx, "case.create", "case", c.ID, nil, c)
	})
	if err != nil {
		return nil, fmt.Errorf("create case for service %d in round %d: %w", serviceID, roundID, err)
	}
	return &c, nil
}

// UpdateCase changes the fields given in fields.Set.
func (s *Store) UpdateCase(ctx context.Context, caseID int64, expectedVersion *int, fields CaseFields) (*Case, error) {
	if err := fields.Validate(); err != nil {
		return nil, err
	}
	var c Case
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := tx.NewSelect().Model(&c).Where("c.id = ?", caseID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounCase, caseID)
		}
		f, err := lockForm(ctx, tx, c.ServiceID, c.RoundID, auth.ActEditForm)
		if err != nil {
			return caseNotFound(err, caseID)
		}
		if err := tx.NewSelect().Model(&c).Where("c.id = ?", caseID).For("UPDATE").Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounCase, caseID) // deleted while we waited for the lock
		}
		if err := checkVersion(expectedVersion, c.Version, domain.NounCase); err != nil {
			return err
		}
		merged, cols := fields.over(c)
		if err := merged.check(f.quest); err != nil {
			return err
		}
		t := now()
		if err := f.apply(ctx, tx, domain.EventEdit, t); err != nil {
			return err
		}
		old := c
		c.StartedMonth, c.ClosedMonth, c.Outcome, c.DaysToFirstActivity = merged.StartedMonth, merged.ClosedMonth, merged.Outcome, merged.DaysToFirstActivity
		c.Version++
		c.UpdatedAt = t
		if _, err := tx.NewUpdate().Model(&c).Column(cols...).WherePK().Exec(ctx); err != nil {
			return err
		}
		return f.audit(ctx, tx, "case.update", "case", c.ID, old, c)
	})
	if err != nil {
		return nil, fmt.Errorf("update case %d: %w", caseID, err)
	}
	return &c, nil
}

// over is a case's fields after this update of c: the fields given replace the stored ones, the
// others keep theirs, so that check holds a month given against the month stored. The days are
// checked only when given. cols are the columns the update writes.
func (cf CaseFields) over(c Case) (CaseFields, []string) {
	merged := CaseFields{StartedMonth: c.StartedMonth, ClosedMonth: c.ClosedMonth, Outcome: c.Outcome, DaysToFirstActivity: c.DaysToFirstActivity,
		Set: map[string]bool{"startedMonth": true, "closedMonth": true, "outcome": true, "daysToFirstActivity": cf.has("daysToFirstActivity")}}
	cols := []string{"version", "updated_at"}
	if cf.has("startedMonth") {
		merged.StartedMonth = cf.StartedMonth
		cols = append(cols, "started_month")
	}
	if cf.has("closedMonth") {
		merged.ClosedMonth = cf.ClosedMonth
		cols = append(cols, "closed_month")
	}
	if cf.has("outcome") {
		merged.Outcome = cf.Outcome
		cols = append(cols, "outcome")
	}
	if cf.has("daysToFirstActivity") {
		merged.DaysToFirstActivity = cf.DaysToFirstActivity
		cols = append(cols, "days_to_first_activity")
	}
	return merged, cols
}

// DeleteCase deletes a case and its answers, and returns the submission it belonged to.
func (s *Store) DeleteCase(ctx context.Context, caseID int64) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var c Case
		if err := tx.NewSelect().Model(&c).Where("c.id = ?", caseID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounCase, caseID)
		}
		f, err := lockForm(ctx, tx, c.ServiceID, c.RoundID, auth.ActEditForm)
		if err != nil {
			return caseNotFound(err, c.ID)
		}
		if err := f.apply(ctx, tx, domain.EventEdit, now()); err != nil {
			return err
		}
		res, err := tx.NewDelete().Model((*Case)(nil)).Where("id = ?", caseID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.ErrNotFound(domain.NounCase, caseID)
		}
		sub = f.sub
		return f.audit(ctx, tx, "case.delete", "case", caseID, c, nil)
	})
	if err != nil {
		return nil, fmt.Errorf("delete case %d: %w", caseID, err)
	}
	return &sub, nil
}
