package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Importing an earlier round's results from Helsetilsynet's summary workbook as submitted forms.

// Baseline is one service's submitted summary of an earlier round, brought in from Helsetilsynet's
// summary workbook (round 1 was done in Excel).
type Baseline struct {
	ServiceID int64
	Totals    Totals
	// Locate names the cells of the totals; Source names the file, for problems that are not in a cell.
	Locate func(TotalsField) string
	Source string
}

// ImportBaselines stores each baseline as its service's submitted summary form of the round
// (entered totals, revision 1), so the next round compares with it (Helsetilsynet's campaign
// staff, and the command line). All or nothing, in one transaction: every problem of every
// baseline is reported at once, and a service that already has a form in the round is refused.
// progress, if set, is told of each service stored.
func (s *Store) ImportBaselines(ctx context.Context, roundID int64, baselines []Baseline, progress func(i int, b Baseline, sub *Submission)) ([]Submission, error) {
	var out []Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var problems []domain.Problem
		forms := make([]*lockedForm, len(baselines))
		seen := map[int64]bool{}
		for i, b := range baselines {
			f, err := lockForm(ctx, tx, b.ServiceID, roundID, auth.ActManage)
			if err != nil {
				if de, ok := domain.AsError(err); ok && de.Code == domain.CodeNotFound {
					problems = append(problems, domain.ProblemFrom(b.Source, err))
					continue
				}
				return err
			}
			var cases int
			if err := tx.NewSelect().TableExpr("cases").ColumnExpr("count(*)").Where("submission_id = ?", f.sub.ID).Scan(ctx, &cases); err != nil {
				return err
			}
			if seen[b.ServiceID] || f.sub.Revision > 0 || cases > 0 || f.sub.EntryMode == domain.EntryTotals {
				problems = append(problems, domain.ProblemBaselineFormExists(b.Source))
			}
			seen[b.ServiceID] = true
			questions, err := questionsOf(ctx, tx, f.quest.ID)
			if err != nil {
				return err
			}
			problems = append(problems, CheckTotals(questions, f.quest.CollectsDaysToFirstActivity, b.Totals, true, b.Locate)...)
			baselines[i].Totals = b.Totals.normalized(questions)
			forms[i] = f
		}
		if len(problems) > 0 {
			return domain.ErrProblems(problems)
		}
		for i, f := range forms {
			t := now()
			if err := f.apply(ctx, tx, domain.EventEdit, t); err != nil {
				return err
			}
			f.sub.EntryMode, f.sub.Totals = domain.EntryTotals, &baselines[i].Totals
			f.sub.Revision++
			if err := f.apply(ctx, tx, domain.EventSubmit, t); err != nil {
				return err
			}
			if _, err := tx.NewUpdate().Model(&f.sub).Column("entry_mode", "totals", "revision", "late").WherePK().Exec(ctx); err != nil {
				return err
			}
			if _, err := StoreRevision(ctx, tx, &f.sub, t); err != nil {
				return err
			}
			if err := f.audit(ctx, tx, "submission.baseline_import", "submission", f.sub.ID, nil,
				map[string]any{"caseCount": baselines[i].Totals.CaseCount, "source": baselines[i].Source}); err != nil {
				return err
			}
			out = append(out, f.sub)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import the baseline of round %d: %w", roundID, err)
	}
	if progress != nil {
		for i := range out {
			progress(i, baselines[i], &out[i])
		}
	}
	return out, nil
}

// ServicesByName maps every service's name to its id (the command line's baseline import names
// services by name where a workbook does not carry the id).
func (s *Store) ServicesByName(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		ID   int64
		Name string
	}
	if err := s.db.NewSelect().Table("services").Column("id", "name").Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Name] = r.ID
	}
	return out, nil
}
