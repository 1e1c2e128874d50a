package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Importing the cases of an uploaded per-case workbook, all or none.

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
	if len(cases) == 0 {
		return nil, domain.ErrProblems([]domain.Problem{domain.ProblemWorkbookEmpty()})
	}
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockForm(ctx, tx, serviceID, roundID, auth.ActEditForm)
		if err != nil {
			return err
		}
		if f.sub.EntryMode == domain.EntryTotals {
			return errTotalsEntered()
		}
		questions, err := questionsOf(ctx, tx, f.quest.ID)
		if err != nil {
			return err
		}
		if problems := importProblems(ctx, f, questions, cases); len(problems) > 0 {
			return domain.ErrProblems(problems)
		}
		t := now()
		if err := f.apply(ctx, tx, domain.EventEdit, t); err != nil {
			return err
		}
		rows, answers, err := insertImported(ctx, tx, f, cases, t)
		if err != nil {
			return err
		}
		sub = f.sub
		return f.audit(ctx, tx, "case.import", "submission", f.sub.ID, nil,
			map[string]any{"cases": len(rows), "answers": answers, "firstNumber": rows[0].Number})
	})
	if err != nil {
		return nil, fmt.Errorf("import cases for service %d in round %d: %w", serviceID, roundID, err)
	}
	return &sub, nil
}

// importProblems checks every imported case against the round's questionnaire: outcomes of the
// law, days where collected, answers to its questions with options they offer, comments only where
// allowed and screened for personal data (a warning is a problem too, unless confirmed).
func importProblems(ctx context.Context, f *lockedForm, questions []Question, cases []ImportedCase) []domain.Problem {
	byID := map[int64]*Question{}
	for i := range questions {
		byID[questions[i].ID] = &questions[i]
	}
	ts := domain.NewTextScreen(ctx)
	var problems []domain.Problem
	for _, c := range cases {
		if c.Outcome != nil && !c.Outcome.Valid() {
			problems = append(problems, domain.ProblemUnknownOutcome(c.At("outcome")))
		}
		if err := domain.CheckDays(c.DaysToFirstActivity, f.quest.CollectsDaysToFirstActivity); err != nil {
			problems = append(problems, domain.ProblemFrom(c.At("days"), err))
		}
		for _, a := range c.Answers {
			problems = append(problems, answerProblems(c, a, byID[a.QuestionID], ts)...)
		}
	}
	return append(problems, screenWarnings(ts)...)
}

// answerProblems checks one imported answer to question q (nil: not in the version).
func answerProblems(c ImportedCase, a ImportedAnswer, q *Question, ts *domain.TextScreen) []domain.Problem {
	at := c.At(fmt.Sprint(a.QuestionID))
	if q == nil {
		return []domain.Problem{domain.ProblemQuestionNotInVersion(at)}
	}
	var problems []domain.Problem
	if err := domain.CheckAnswer(q.Rules(), a.Option, nil, nil); err != nil {
		problems = append(problems, domain.ProblemFrom(at, err))
	}
	if a.Comment != nil && *a.Comment != "" {
		if !q.CommentAllowed {
			problems = append(problems, domain.ProblemFrom(a.CommentAt, domain.CheckAnswer(q.Rules(), nil, a.Comment, nil)))
		} else if err := ts.Check(a.CommentAt, *a.Comment, domain.MaxCommentLen); err != nil {
			problems = append(problems, domain.ProblemFrom(a.CommentAt, err))
		}
	}
	return problems
}

// screenWarnings turns the personal-data warnings of the screen into one problem per field.
func screenWarnings(ts *domain.TextScreen) []domain.Problem {
	de, ok := domain.AsError(ts.Err())
	if !ok {
		return nil
	}
	var problems []domain.Problem
	hits, _ := de.Extra["warnings"].([]domain.WarningHit)
	seen := map[string]bool{}
	for _, h := range hits {
		if !seen[h.Field] {
			seen[h.Field] = true
			problems = append(problems, domain.Problem{Path: h.Field, Code: domain.CodePersonalDataWarning, Text: de.Text})
		}
	}
	return problems
}

// insertImported stores the imported cases with the form's next numbers, and their answers (an
// answer with neither option nor comment is left out); it returns the cases and the answers stored.
func insertImported(ctx context.Context, tx bun.Tx, f *lockedForm, cases []ImportedCase, t time.Time) ([]Case, int, error) {
	rows := make([]Case, len(cases))
	for i, c := range cases {
		f.sub.LastCaseNumber++
		rows[i] = Case{SubmissionID: f.sub.ID, ServiceID: f.sub.ServiceID, RoundID: f.sub.RoundID, Number: f.sub.LastCaseNumber,
			Outcome: c.Outcome, DaysToFirstActivity: c.DaysToFirstActivity, Version: 1, CreatedAt: t, UpdatedAt: t}
	}
	if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return nil, 0, err
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
			return nil, 0, err
		}
	}
	if _, err := tx.NewUpdate().Model(&f.sub).Column("last_case_number").WherePK().Exec(ctx); err != nil {
		return nil, 0, err
	}
	return rows, len(answers), nil
}
