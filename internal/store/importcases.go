package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// ImportedCase is one case of an uploaded per-case workbook, with the place of each of its fields
// for problems.
type ImportedCase struct {
	Outcome             *domain.Outcome
	DaysToFirstActivity *int
	Answers             []ImportedAnswer
	// At names the cells: "outcome", "days", or a question's id as text.
	At func(field string) string
}

// ImportedAnswer is one answer of an imported case.
type ImportedAnswer struct {
	QuestionID int64
	Option     *domain.Option
	Comment    *string
	// CommentAt names the comment's cell.
	CommentAt string
}

// ImportCases adds the cases of an uploaded per-case workbook to the service's form in the round,
// all or none: every problem is reported at once (INVALID_TOTALS with each cell), comments go
// through the personal-data screen (warnings too, unless confirmed), and nothing is stored unless
// all is valid. A form of entered totals takes no cases.
func (s *Store) ImportCases(ctx context.Context, serviceID, roundID int64, cases []ImportedCase) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockForm(ctx, tx, serviceID, roundID, auth.ActEditForm)
		if err != nil {
			return err
		}
		if f.sub.EntryMode == EntryTotals {
			return errTotalsEntered()
		}
		questions, err := questionsOf(ctx, tx, f.quest.ID)
		if err != nil {
			return err
		}
		byID := map[int64]*Question{}
		for i := range questions {
			byID[questions[i].ID] = &questions[i]
		}
		ts := domain.NewTextScreen(ctx)
		var problems []domain.Problem
		for _, c := range cases {
			if c.Outcome != nil && !c.Outcome.Valid() {
				problems = append(problems, domain.Problemf(c.At("outcome"), domain.CodeBadInput, "Ukjent utfall.", "Ukjent utfall.", "Unknown outcome."))
			}
			if err := domain.CheckDays(c.DaysToFirstActivity, f.quest.CollectsDaysToFirstActivity); err != nil {
				problems = append(problems, domain.ProblemFrom(c.At("days"), err))
			}
			for _, a := range c.Answers {
				q := byID[a.QuestionID]
				if q == nil {
					problems = append(problems, domain.Problemf(c.At(fmt.Sprint(a.QuestionID)), domain.CodeBadInput,
						"Spørsmålet hører ikke til skjemaversjonen.", "Spørsmålet høyrer ikkje til skjemaversjonen.", "The question is not part of the questionnaire version."))
					continue
				}
				if err := domain.CheckAnswer(q.Rules(), a.Option, nil, nil); err != nil {
					problems = append(problems, domain.ProblemFrom(c.At(fmt.Sprint(a.QuestionID)), err))
				}
				if a.Comment != nil && *a.Comment != "" {
					if !q.CommentAllowed {
						problems = append(problems, domain.ProblemFrom(a.CommentAt, domain.CheckAnswer(q.Rules(), nil, a.Comment, nil)))
					} else if err := ts.Check(a.CommentAt, *a.Comment, domain.MaxCommentLen); err != nil {
						problems = append(problems, domain.ProblemFrom(a.CommentAt, err))
					}
				}
			}
		}
		if err := ts.Err(); err != nil {
			if de, ok := domain.AsError(err); ok {
				hits, _ := de.Extra["warnings"].([]domain.WarningHit)
				seen := map[string]bool{}
				for _, h := range hits {
					if !seen[h.Field] {
						seen[h.Field] = true
						problems = append(problems, domain.Problem{Path: h.Field, Code: domain.CodePersonalDataWarning, Text: de.Text})
					}
				}
			}
		}
		if len(problems) > 0 {
			return domain.ErrProblems(problems)
		}
		if len(cases) == 0 {
			return domain.ErrProblems([]domain.Problem{domain.Problemf("", domain.CodeRequiredMissing,
				"Arbeidsboken har ingen utfylte saker.", "Arbeidsboka har ingen utfylte saker.", "The workbook has no filled-in cases.")})
		}
		t := now()
		if err := f.apply(ctx, tx, domain.EventEdit, t); err != nil {
			return err
		}
		rows := make([]Case, len(cases))
		for i, c := range cases {
			f.sub.LastCaseNumber++
			rows[i] = Case{SubmissionID: f.sub.ID, ServiceID: serviceID, RoundID: roundID, Number: f.sub.LastCaseNumber,
				Outcome: c.Outcome, DaysToFirstActivity: c.DaysToFirstActivity, Version: 1, CreatedAt: t, UpdatedAt: t}
		}
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return err
		}
		var answers []Answer
		for i, c := range cases {
			for _, a := range c.Answers {
				if a.Option == nil && (a.Comment == nil || *a.Comment == "") {
					continue
				}
				answers = append(answers, Answer{CaseID: rows[i].ID, QuestionID: a.QuestionID, Option: a.Option, Comment: a.Comment,
					Version: 1, CreatedAt: t, UpdatedAt: t})
			}
		}
		if len(answers) > 0 {
			if _, err := tx.NewInsert().Model(&answers).Exec(ctx); err != nil {
				return err
			}
		}
		if _, err := tx.NewUpdate().Model(&f.sub).Column("last_case_number").WherePK().Exec(ctx); err != nil {
			return err
		}
		sub = f.sub
		return f.audit(ctx, tx, "case.import", "submission", f.sub.ID, nil,
			map[string]any{"cases": len(rows), "answers": len(answers), "firstNumber": rows[0].Number})
	})
	if err != nil {
		return nil, fmt.Errorf("import cases for service %d in round %d: %w", serviceID, roundID, err)
	}
	return &sub, nil
}
