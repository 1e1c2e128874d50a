package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Saving and clearing entered totals (the rules are in totalscheck.go).

// SaveTotals enters the summary totals of a service's form in a round directly, replacing any
// totals entered before. Every problem is reported at once (INVALID_TOTALS with each path) and
// nothing changes; a form that has cases is refused (delete them first, or enter cases).
func (s *Store) SaveTotals(ctx context.Context, serviceID, roundID int64, t Totals, expectedVersion *int) (*Submission, error) {
	return s.SaveTotalsAt(ctx, serviceID, roundID, t, expectedVersion, nil)
}

// SaveTotalsAt is SaveTotals with the problems named by locate (an uploaded workbook's cells).
func (s *Store) SaveTotalsAt(ctx context.Context, serviceID, roundID int64, t Totals, expectedVersion *int, locate func(TotalsField) string) (*Submission, error) {
	if err := t.validateAt(locate); err != nil {
		return nil, err
	}
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockForm(ctx, tx, serviceID, roundID, auth.ActEditForm)
		if err != nil {
			return err
		}
		if err := checkVersion(expectedVersion, f.sub.Version, domain.NounSubmission); err != nil {
			return err
		}
		if err := saveTotals(ctx, tx, f, t, locate); err != nil {
			return err
		}
		sub = f.sub
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("save totals for service %d in round %d: %w", serviceID, roundID, err)
	}
	return &sub, nil
}

func saveTotals(ctx context.Context, tx bun.Tx, f *lockedForm, t Totals, locate func(TotalsField) string) error {
	var cases int
	if err := tx.NewSelect().TableExpr("cases").ColumnExpr("count(*)").Where("submission_id = ?", f.sub.ID).Scan(ctx, &cases); err != nil {
		return err
	}
	if cases > 0 {
		return domain.ErrFormHasCases(cases)
	}
	questions, err := questionsOf(ctx, tx, f.quest.ID)
	if err != nil {
		return err
	}
	if problems := CheckTotals(questions, f.quest.CollectsDaysToFirstActivity, t, false, locate); len(problems) > 0 {
		return domain.ErrProblems(problems)
	}
	norm := t.normalized(questions)
	if err := f.apply(ctx, tx, domain.EventEdit, now()); err != nil {
		return err
	}
	old := map[string]any{"entryMode": f.sub.EntryMode, "totals": f.sub.Totals}
	f.sub.EntryMode, f.sub.Totals = domain.EntryTotals, &norm
	f.sub.Version++
	if _, err := tx.NewUpdate().Model(&f.sub).Column("entry_mode", "totals", "version").WherePK().Exec(ctx); err != nil {
		return err
	}
	return f.audit(ctx, tx, "submission.totals", "submission", f.sub.ID, old, map[string]any{"entryMode": f.sub.EntryMode, "totals": norm})
}

// ClearTotals removes the entered totals of a form: it goes back to cases (and has none).
func (s *Store) ClearTotals(ctx context.Context, submissionID int64, expectedVersion *int) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockFormByID(ctx, tx, submissionID, auth.ActEditForm)
		if err != nil {
			return err
		}
		if err := checkVersion(expectedVersion, f.sub.Version, domain.NounSubmission); err != nil {
			return err
		}
		if f.sub.EntryMode != domain.EntryTotals {
			sub = f.sub
			return nil
		}
		if err := f.apply(ctx, tx, domain.EventEdit, now()); err != nil {
			return err
		}
		old := map[string]any{"entryMode": f.sub.EntryMode, "totals": f.sub.Totals}
		f.sub.EntryMode, f.sub.Totals = domain.EntryCases, nil
		f.sub.Version++
		if _, err := tx.NewUpdate().Model(&f.sub).Column("entry_mode", "totals", "version").WherePK().Exec(ctx); err != nil {
			return err
		}
		sub = f.sub
		return f.audit(ctx, tx, "submission.totals_cleared", "submission", f.sub.ID, old, map[string]any{"entryMode": domain.EntryCases})
	})
	if err != nil {
		return nil, fmt.Errorf("clear totals of submission %d: %w", submissionID, err)
	}
	return &sub, nil
}

// EnteredTotals are the totals of a form as the caller may read them: inside the service only, nil
// for a form of cases.
func (sub *Submission) EnteredTotals() *Totals {
	if sub.EntryMode != domain.EntryTotals {
		return nil
	}
	return sub.Totals
}

// errTotalsEntered refuses cases on a form of entered totals.
func errTotalsEntered() error { return domain.ErrTotalsEntered() }
