package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/results"
)

// The summary of a form is computed in internal/results; these names keep the store's API.
type (
	// Distribution counts answer options (results.Distribution).
	Distribution = results.Distribution
	// QuestionSummary is the distribution on one question (results.QuestionSummary).
	QuestionSummary = results.QuestionSummary
	// DaysSummary describes the days to first activity (results.DaysSummary).
	DaysSummary = results.DaysSummary
	// OutcomeCount is how many cases ended one way (results.OutcomeCount).
	OutcomeCount = results.OutcomeCount
	// Summary is the computed part of a summary form (results.Summary).
	Summary = results.Summary
)

// fillFromCases derives the days list and outcome distribution of a snapshot stored before they
// were part of the summary.
func fillFromCases(sum *Summary, cases []SnapshotCase) {
	facts := make([]results.CaseFacts, len(cases))
	for i, c := range cases {
		facts[i] = results.CaseFacts{Days: c.DaysToFirstActivity, Outcome: c.Outcome}
	}
	sum.FillFromCases(facts)
}

// withholdSmall withholds the figures of a form on fewer than MinCases cases (for readers outside
// the service).
func withholdSmall(sum *Summary) { sum.WithholdSmall(MinCases) }

// outcomeCounts lists the outcomes in the order of the law, leaving out those with no case.
func outcomeCounts(n map[domain.Outcome]int) []OutcomeCount { return results.OutcomeCounts(n) }

// Summaries computes the summaries of many submissions with three statements in all: the counts
// are grouped in SQL, only the small result is assembled here.
func (s *Store) Summaries(ctx context.Context, submissionIDs []int64) (map[int64]*Summary, error) {
	return summaries(ctx, s.db, submissionIDs)
}

// summaryQuestion is a question of a submission's questionnaire; Totals is set, on the first
// question's row only, for a form of entered totals.
type summaryQuestion struct {
	SubmissionID int64
	QuestionID   int64
	Collects     bool
	Required     bool
	Totals       *Totals `bun:"totals,type:jsonb"`
}

// enteredForm is a form of entered totals: its summary comes from the totals, not from cases.
type enteredForm struct {
	totals    *Totals
	questions []int64
	required  map[int64]bool
	collects  bool
}

// summaryKey names a question of a submission's summary.
type summaryKey struct{ submission, question int64 }

func summaries(ctx context.Context, db bun.IDB, submissionIDs []int64) (map[int64]*Summary, error) {
	out := make(map[int64]*Summary, len(submissionIDs))
	if len(submissionIDs) == 0 {
		return out, nil
	}
	// Every question of the submission's questionnaire appears, answered or not, in order.
	var questions []summaryQuestion
	err := db.NewSelect().TableExpr("submissions AS sub").
		Join("JOIN rounds AS r ON r.id = sub.round_id").
		Join("JOIN questionnaires AS qn ON qn.id = r.questionnaire_id").
		Join("JOIN questions AS q ON q.questionnaire_id = qn.id").
		ColumnExpr("sub.id AS submission_id, q.id AS question_id, qn.collects_days_to_first_activity AS collects, q.required").
		// A form of entered totals gets its summary from them (once, on its first question's row).
		ColumnExpr("CASE WHEN sub.entry_mode = 'TOTALS' AND q.position = (SELECT min(q2.position) FROM questions AS q2 WHERE q2.questionnaire_id = qn.id) THEN sub.totals END AS totals").
		Where("sub.id IN (?)", bun.List(submissionIDs)).
		OrderExpr("sub.id, q.position").Scan(ctx, &questions)
	if err != nil {
		return nil, err
	}
	for _, id := range submissionIDs {
		out[id] = &Summary{Questions: []QuestionSummary{}, DaysValues: []int{}, Outcomes: []OutcomeCount{}}
	}
	index := map[summaryKey]int{}
	for _, q := range questions {
		sum := out[q.SubmissionID]
		index[summaryKey{q.SubmissionID, q.QuestionID}] = len(sum.Questions)
		sum.Questions = append(sum.Questions, QuestionSummary{QuestionID: q.QuestionID})
		if q.Collects && sum.Days == nil {
			sum.Days = &DaysSummary{}
		}
	}
	if err := addAnswerCounts(ctx, db, submissionIDs, out, index); err != nil {
		return nil, err
	}
	if err := addCaseFacts(ctx, db, submissionIDs, out); err != nil {
		return nil, err
	}
	for id, e := range enteredForms(questions) {
		out[id] = e.totals.summary(e.questions, e.required, e.collects)
	}
	return out, nil
}

// enteredForms are the forms of entered totals among the questions' submissions.
func enteredForms(questions []summaryQuestion) map[int64]*enteredForm {
	totals := map[int64]*enteredForm{}
	for _, q := range questions {
		if q.Totals != nil {
			totals[q.SubmissionID] = &enteredForm{totals: q.Totals, required: map[int64]bool{}, collects: q.Collects}
		}
	}
	for _, q := range questions {
		if e := totals[q.SubmissionID]; e != nil {
			e.questions = append(e.questions, q.QuestionID)
			e.required[q.QuestionID] = q.Required
		}
	}
	return totals
}

// addAnswerCounts counts the answers of each option per submission and question (one statement).
func addAnswerCounts(ctx context.Context, db bun.IDB, submissionIDs []int64, out map[int64]*Summary, index map[summaryKey]int) error {
	var counts []struct {
		SubmissionID int64
		QuestionID   int64
		Option       domain.Option
		N            int
	}
	err := db.NewSelect().TableExpr("answers AS a").
		Join("JOIN cases AS c ON c.id = a.case_id").
		ColumnExpr("c.submission_id, a.question_id, a.option, count(*) AS n").
		Where("c.submission_id IN (?) AND a.option IS NOT NULL", bun.List(submissionIDs)).
		GroupExpr("c.submission_id, a.question_id, a.option").Scan(ctx, &counts)
	if err != nil {
		return err
	}
	for _, c := range counts {
		sum := out[c.SubmissionID]
		if i, ok := index[summaryKey{c.SubmissionID, c.QuestionID}]; ok {
			sum.Questions[i].Distribution.Add(c.Option, c.N)
		}
		sum.Overall.Add(c.Option, c.N)
	}
	return nil
}

// addCaseFacts counts each submission's cases, complete cases, days and outcomes (one statement).
func addCaseFacts(ctx context.Context, db bun.IDB, submissionIDs []int64, out map[int64]*Summary) error {
	var cases []struct {
		SubmissionID int64
		Cases        int
		Complete     int
		DaysN        int                    `bun:"days_n"`
		DaysMin      *int                   `bun:"days_min"`
		DaysMax      *int                   `bun:"days_max"`
		DaysMedian   *float64               `bun:"days_median"`
		DaysValues   []int64                `bun:"days_values,array"`
		Outcomes     map[domain.Outcome]int `bun:"outcomes,type:jsonb"`
	}
	err := db.NewSelect().TableExpr("cases AS c").
		Join("JOIN rounds AS r ON r.id = c.round_id").
		Join("JOIN questionnaires AS qn ON qn.id = r.questionnaire_id").
		ColumnExpr("c.submission_id, count(*) AS cases").
		ColumnExpr(`count(*) FILTER (WHERE NOT EXISTS (
			SELECT 1 FROM questions AS q WHERE q.questionnaire_id = qn.id AND q.required
			   AND NOT EXISTS (SELECT 1 FROM answers AS a WHERE a.case_id = c.id AND a.question_id = q.id AND a.option IS NOT NULL))
			AND (NOT qn.collects_days_to_first_activity OR c.days_to_first_activity IS NOT NULL)
			AND c.outcome IS NOT NULL AND c.closed_month IS NOT NULL) AS complete`). // domain.MissingInCase, in SQL
		ColumnExpr("count(c.days_to_first_activity) AS days_n").
		ColumnExpr("min(c.days_to_first_activity) AS days_min, max(c.days_to_first_activity) AS days_max").
		ColumnExpr("percentile_cont(0.5) WITHIN GROUP (ORDER BY c.days_to_first_activity) AS days_median").
		ColumnExpr("array_remove(array_agg(c.days_to_first_activity ORDER BY c.days_to_first_activity), NULL) AS days_values").
		ColumnExpr(`(SELECT jsonb_object_agg(o.outcome, o.n) FROM (SELECT c2.outcome, count(*) AS n FROM cases AS c2
			WHERE c2.submission_id = c.submission_id AND c2.outcome IS NOT NULL GROUP BY c2.outcome) AS o) AS outcomes`).
		Where("c.submission_id IN (?)", bun.List(submissionIDs)).
		GroupExpr("c.submission_id").Scan(ctx, &cases)
	if err != nil {
		return err
	}
	for _, c := range cases {
		sum := out[c.SubmissionID]
		sum.CaseCount, sum.CompleteCaseCount = c.Cases, c.Complete
		if sum.Days != nil {
			sum.Days = &DaysSummary{Count: c.DaysN, Min: c.DaysMin, Max: c.DaysMax, Median: c.DaysMedian}
		}
		for _, d := range c.DaysValues {
			sum.DaysValues = append(sum.DaysValues, int(d))
		}
		sum.Outcomes = outcomeCounts(c.Outcomes)
	}
	return nil
}
