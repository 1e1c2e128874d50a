package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// The completeness rule itself is domain.MissingParts; these reads only gather what it needs, for
// any number of forms or cases in one statement.

type caseStateRow struct {
	ID             int64
	SubmissionID   int64
	ServiceID      int64
	Number         int
	HasOutcome     bool
	HasClosedMonth bool
	HasDays        bool
	CollectsDays   bool
	MissingAnswers []string `bun:"missing_answers,array"`
}

func (r caseStateRow) state() domain.CaseState {
	return domain.CaseState{Number: r.Number, MissingAnswers: r.MissingAnswers, HasOutcome: r.HasOutcome,
		HasClosedMonth: r.HasClosedMonth, HasDays: r.HasDays}
}

// caseStates selects the completeness facts of cases (aliased c) in number order.
func caseStates(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().TableExpr("cases AS c").
		Join("JOIN rounds AS r ON r.id = c.round_id").
		Join("JOIN questionnaires AS qn ON qn.id = r.questionnaire_id").
		ColumnExpr("c.id, c.submission_id, c.service_id, c.number").
		ColumnExpr("c.outcome IS NOT NULL AS has_outcome, c.closed_month IS NOT NULL AS has_closed_month").
		ColumnExpr("c.days_to_first_activity IS NOT NULL AS has_days, qn.collects_days_to_first_activity AS collects_days").
		ColumnExpr(`ARRAY(SELECT q.code FROM questions AS q WHERE q.questionnaire_id = qn.id AND q.required
			AND NOT EXISTS (SELECT 1 FROM answers AS a WHERE a.case_id = c.id AND a.question_id = q.id AND a.option IS NOT NULL)
			ORDER BY q.position) AS missing_answers`).
		OrderExpr("c.submission_id, c.number")
}

// formMissing applies the rule to one form, given its cases' rows.
func formMissing(sub *Submission, collects bool, rows []caseStateRow) []domain.Missing {
	f := domain.FormState{CollectsDays: collects, Assessment: sub.Assessment}
	for _, r := range rows {
		f.Cases = append(f.Cases, r.state())
	}
	return domain.MissingParts(f)
}

// missingParts is what keeps the locked form from being submitted (inside the submit's transaction).
func missingParts(ctx context.Context, tx bun.Tx, f *lockedForm) ([]domain.Missing, error) {
	var rows []caseStateRow
	if err := caseStates(tx).Where("c.submission_id = ?", f.sub.ID).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	return formMissing(&f.sub, f.quest.CollectsDaysToFirstActivity, rows), nil
}

// MissingParts returns, per form, what must be filled in before it can be submitted. Only the
// service's own people learn it (it names cases and reads the draft); for everyone else a form has
// no entry.
func (s *Store) MissingParts(ctx context.Context, scope Scope, submissionIDs []int64) (map[int64][]domain.Missing, error) {
	out := map[int64][]domain.Missing{}
	if len(submissionIDs) == 0 || !scope.CaseWork {
		return out, nil
	}
	var subs []Submission
	if err := caseWork(s.db.NewSelect().Model(&subs), scope, "sub.service_id").
		Where("sub.id IN (?)", bun.List(submissionIDs)).Scan(ctx); err != nil {
		return nil, err
	}
	// A form of entered totals is checked by its totals (CheckTotals), not by cases.
	cased := subs[:0]
	for _, sub := range subs {
		if sub.EntryMode != domain.EntryTotals {
			cased = append(cased, sub)
		}
	}
	subs = cased
	if len(subs) == 0 {
		return out, nil
	}
	ids := make([]int64, len(subs))
	for i := range subs {
		ids[i] = subs[i].ID
	}
	var collects []struct {
		ID           int64
		CollectsDays bool
	}
	if err := s.db.NewSelect().TableExpr("submissions AS sub").
		Join("JOIN rounds AS r ON r.id = sub.round_id").
		Join("JOIN questionnaires AS qn ON qn.id = r.questionnaire_id").
		ColumnExpr("sub.id, qn.collects_days_to_first_activity AS collects_days").
		Where("sub.id IN (?)", bun.List(ids)).Scan(ctx, &collects); err != nil {
		return nil, err
	}
	var rows []caseStateRow
	if err := caseStates(s.db).Where("c.submission_id IN (?)", bun.List(ids)).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	bySub := map[int64][]caseStateRow{}
	for _, r := range rows {
		bySub[r.SubmissionID] = append(bySub[r.SubmissionID], r)
	}
	collectsBy := map[int64]bool{}
	for _, c := range collects {
		collectsBy[c.ID] = c.CollectsDays
	}
	for i := range subs {
		out[subs[i].ID] = formMissing(&subs[i], collectsBy[subs[i].ID], bySub[subs[i].ID])
	}
	return out, nil
}

// MissingCounts returns, per case, how many of its required parts are still missing (answers to
// required questions, the outcome, the closing month, and the days where collected): the count of
// domain.MissingInCase. Only the service's own people read cases.
func (s *Store) MissingCounts(ctx context.Context, scope Scope, caseIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(caseIDs) == 0 || !scope.CaseWork {
		return out, nil
	}
	var rows []caseStateRow
	if err := caseWork(caseStates(s.db), scope, "c.service_id").Where("c.id IN (?)", bun.List(caseIDs)).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = len(domain.MissingInCase(r.state(), r.CollectsDays))
	}
	return out, nil
}
