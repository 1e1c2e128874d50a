package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Distribution counts answer options. Shares use YES + PARTLY + NO as the denominator.
type Distribution struct {
	Yes           int `json:"yes"`
	Partly        int `json:"partly"`
	No            int `json:"no"`
	NotPossible   int `json:"notPossible"`
	NotApplicable int `json:"notApplicable"`
}

// Add counts n answers of option o.
func (d *Distribution) Add(o domain.Option, n int) {
	switch o {
	case domain.OptionYes:
		d.Yes += n
	case domain.OptionPartly:
		d.Partly += n
	case domain.OptionNo:
		d.No += n
	case domain.OptionNotPossible:
		d.NotPossible += n
	case domain.OptionNotApplicable:
		d.NotApplicable += n
	}
}

// Denominator is YES + PARTLY + NO.
func (d Distribution) Denominator() int { return d.Yes + d.Partly + d.No }

func (d Distribution) share(k int) *float64 {
	if n := d.Denominator(); n > 0 {
		v := float64(k) / float64(n)
		return &v
	}
	return nil
}

func (d Distribution) YesShare() *float64    { return d.share(d.Yes) }
func (d Distribution) PartlyShare() *float64 { return d.share(d.Partly) }
func (d Distribution) NoShare() *float64     { return d.share(d.No) }

// QuestionSummary is the distribution on one question.
type QuestionSummary struct {
	QuestionID   int64        `json:"questionId"`
	Distribution Distribution `json:"distribution"`
}

// DaysSummary describes days from report to first investigation activity.
type DaysSummary struct {
	Count  int      `json:"count"`
	Min    *int     `json:"min"`
	Median *float64 `json:"median"`
	Max    *int     `json:"max"`
}

// Summary is the computed part of a summary form.
type Summary struct {
	CaseCount         int               `json:"caseCount"`
	CompleteCaseCount int               `json:"completeCaseCount"`
	Overall           Distribution      `json:"overall"`
	Questions         []QuestionSummary `json:"questions"`
	Days              *DaysSummary      `json:"daysToFirstActivity"`
}

// DaysToFirstActivity is the days summary (GraphQL field name).
func (s *Summary) DaysToFirstActivity() *DaysSummary { return s.Days }

// Summaries computes the summaries of many submissions with three statements in all: the counts
// are grouped in SQL, only the small result is assembled here.
func (s *Store) Summaries(ctx context.Context, submissionIDs []int64) (map[int64]*Summary, error) {
	return summaries(ctx, s.DB, submissionIDs)
}

func summaries(ctx context.Context, db bun.IDB, submissionIDs []int64) (map[int64]*Summary, error) {
	out := make(map[int64]*Summary, len(submissionIDs))
	if len(submissionIDs) == 0 {
		return out, nil
	}
	// Every question of the submission's questionnaire appears, answered or not, in order.
	var questions []struct {
		SubmissionID int64
		QuestionID   int64
		Collects     bool
	}
	err := db.NewSelect().TableExpr("submissions AS sub").
		Join("JOIN rounds AS r ON r.id = sub.round_id").
		Join("JOIN questionnaires AS qn ON qn.id = r.questionnaire_id").
		Join("JOIN questions AS q ON q.questionnaire_id = qn.id").
		ColumnExpr("sub.id AS submission_id, q.id AS question_id, qn.collects_days_to_first_activity AS collects").
		Where("sub.id IN (?)", bun.In(submissionIDs)).
		OrderExpr("sub.id, q.position").Scan(ctx, &questions)
	if err != nil {
		return nil, err
	}
	index := map[[2]int64]int{}
	for _, id := range submissionIDs {
		out[id] = &Summary{Questions: []QuestionSummary{}}
	}
	for _, q := range questions {
		sum := out[q.SubmissionID]
		index[[2]int64{q.SubmissionID, q.QuestionID}] = len(sum.Questions)
		sum.Questions = append(sum.Questions, QuestionSummary{QuestionID: q.QuestionID})
		if q.Collects && sum.Days == nil {
			sum.Days = &DaysSummary{}
		}
	}

	var counts []struct {
		SubmissionID int64
		QuestionID   int64
		Option       domain.Option
		N            int
	}
	err = db.NewSelect().TableExpr("answers AS a").
		Join("JOIN cases AS c ON c.id = a.case_id").
		ColumnExpr("c.submission_id, a.question_id, a.option, count(*) AS n").
		Where("c.submission_id IN (?) AND a.option IS NOT NULL", bun.In(submissionIDs)).
		GroupExpr("c.submission_id, a.question_id, a.option").Scan(ctx, &counts)
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		sum := out[c.SubmissionID]
		if i, ok := index[[2]int64{c.SubmissionID, c.QuestionID}]; ok {
			sum.Questions[i].Distribution.Add(c.Option, c.N)
		}
		sum.Overall.Add(c.Option, c.N)
	}

	var cases []struct {
		SubmissionID int64
		Cases        int
		Complete     int
		DaysN        int      `bun:"days_n"`
		DaysMin      *int     `bun:"days_min"`
		DaysMax      *int     `bun:"days_max"`
		DaysMedian   *float64 `bun:"days_median"`
	}
	err = db.NewSelect().TableExpr("cases AS c").
		Join("JOIN rounds AS r ON r.id = c.round_id").
		Join("JOIN questionnaires AS qn ON qn.id = r.questionnaire_id").
		ColumnExpr("c.submission_id, count(*) AS cases").
		ColumnExpr(`count(*) FILTER (WHERE NOT EXISTS (
			SELECT 1 FROM questions AS q WHERE q.questionnaire_id = qn.id AND q.required
			   AND NOT EXISTS (SELECT 1 FROM answers AS a WHERE a.case_id = c.id AND a.question_id = q.id AND a.option IS NOT NULL))
			AND (NOT qn.collects_days_to_first_activity OR c.days_to_first_activity IS NOT NULL)) AS complete`).
		ColumnExpr("count(c.days_to_first_activity) AS days_n").
		ColumnExpr("min(c.days_to_first_activity) AS days_min, max(c.days_to_first_activity) AS days_max").
		ColumnExpr("percentile_cont(0.5) WITHIN GROUP (ORDER BY c.days_to_first_activity) AS days_median").
		Where("c.submission_id IN (?)", bun.In(submissionIDs)).
		GroupExpr("c.submission_id").Scan(ctx, &cases)
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		sum := out[c.SubmissionID]
		sum.CaseCount, sum.CompleteCaseCount = c.Cases, c.Complete
		if sum.Days != nil {
			sum.Days = &DaysSummary{Count: c.DaysN, Min: c.DaysMin, Max: c.DaysMax, Median: c.DaysMedian}
		}
	}
	return out, nil
}
