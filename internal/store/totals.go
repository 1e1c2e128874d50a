package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Entered totals (issue 12, "the summary form without re-typing"). A service that keeps its cases in
// Helsetilsynet's Excel forms enters the summary directly: per question the counts of each option,
// the days as a list without case identity, the outcomes and the number of cases. A form has either
// cases (domain.EntryCases) or entered totals (domain.EntryTotals), never both. The totals are working papers of
// the service like its drafts; on submit they become the revision's summary, and the revision's
// figures (migration 0009) come from positions derived from them (totalsCases), so the statistics
// count a form of totals exactly like a form of cases with the same counts.

// MaxTotalsCases is the most cases a form of entered totals may report.
const MaxTotalsCases = 10000

// Totals are a summary form's figures entered directly.
type Totals struct {
	CaseCount  int              `json:"caseCount"`
	Questions  []QuestionTotals `json:"questions"`
	DaysValues []int            `json:"daysValues"`
	Outcomes   []OutcomeCount   `json:"outcomes"`
}

// QuestionTotals are the counts of each option on one question.
type QuestionTotals struct {
	QuestionID int64        `json:"questionId"`
	Counts     Distribution `json:"counts"`
}

// TotalsField names a place in entered totals, for a problem's path. Question is the index of the
// question in the input (-1 for none); Option is set for one option's count; Index is the position
// in the days or outcomes list.
type TotalsField struct {
	Kind     string // "caseCount", "question", "count", "questionSum", "days", "daysList", "outcome", "outcomeSum"
	Question int
	Option   domain.Option
	Index    int
}

// TotalsPath names the place in the GraphQL input (saveSummaryTotals).
func TotalsPath(f TotalsField) string {
	switch f.Kind {
	case "caseCount":
		return "caseCount"
	case "question":
		return fmt.Sprintf("questions[%d].questionId", f.Question)
	case "count":
		return fmt.Sprintf("questions[%d].counts.%s", f.Question, f.Option)
	case "questionSum":
		return fmt.Sprintf("questions[%d].counts", f.Question)
	case "days":
		return fmt.Sprintf("daysValues[%d]", f.Index)
	case "daysList":
		return "daysValues"
	case "outcome":
		return fmt.Sprintf("outcomes[%d]", f.Index)
	case "outcomeSum":
		return "outcomes"
	}
	return f.Kind
}

// the outcomes in the order of the law without zeros: two entries of the same figures are equal.
func (t Totals) normalized(questions []Question) Totals {
	by := map[int64]Distribution{}
	for _, qt := range t.Questions {
		by[qt.QuestionID] = qt.Counts
	}
	out := Totals{CaseCount: t.CaseCount, Questions: make([]QuestionTotals, 0, len(questions)), DaysValues: slices.Clone(t.DaysValues)}
	for _, q := range questions {
		out.Questions = append(out.Questions, QuestionTotals{QuestionID: q.ID, Counts: by[q.ID]})
	}
	if out.DaysValues == nil {
		out.DaysValues = []int{}
	}
	slices.Sort(out.DaysValues)
	n := map[domain.Outcome]int{}
	for _, o := range t.Outcomes {
		n[o.Outcome] += o.Count
	}
	out.Outcomes = outcomeCounts(n)
	return out
}

// summary is the summary the totals give, as summaries computes it from cases. Complete cases are
// those the totals show fully answered: at most the cases, the answers on each required question
// and the outcomes, and, where days are collected, the days given.
func (t Totals) summary(questionIDs []int64, required map[int64]bool, collectsDays bool) *Summary {
	sum := &Summary{CaseCount: t.CaseCount, Questions: []QuestionSummary{}, DaysValues: slices.Clone(t.DaysValues), Outcomes: slices.Clone(t.Outcomes)}
	by := map[int64]Distribution{}
	for _, qt := range t.Questions {
		by[qt.QuestionID] = qt.Counts
	}
	complete := t.CaseCount
	for _, id := range questionIDs {
		d := by[id]
		sum.Questions = append(sum.Questions, QuestionSummary{QuestionID: id, Distribution: d})
		for _, o := range domain.Options {
			sum.Overall.Add(o, d.Count(o))
		}
		if required[id] {
			complete = min(complete, d.Total())
		}
	}
	if sum.DaysValues == nil {
		sum.DaysValues = []int{}
	}
	slices.Sort(sum.DaysValues)
	if sum.Outcomes == nil {
		sum.Outcomes = []OutcomeCount{}
	}
	if collectsDays {
		complete = min(complete, len(sum.DaysValues))
		sum.Days = daysSummary(sum.DaysValues)
	}
	// A case is complete only with its outcome (domain.MissingInCase); totals give no closing
	// month, which the service states for the form as a whole.
	withOutcome := 0
	for _, o := range sum.Outcomes {
		withOutcome += o.Count
	}
	complete = min(complete, withOutcome)
	sum.CompleteCaseCount = max(0, complete)
	return sum
}

// daysSummary is what percentile_cont(0.5), min and max give over sorted values.
func daysSummary(sorted []int) *DaysSummary {
	d := &DaysSummary{Count: len(sorted)}
	if len(sorted) == 0 {
		return d
	}
	lo, hi := sorted[0], sorted[len(sorted)-1]
	d.Min, d.Max = &lo, &hi
	m := len(sorted) / 2
	med := float64(sorted[m])
	if len(sorted)%2 == 0 {
		med = (float64(sorted[m-1]) + float64(sorted[m])) / 2
	}
	d.Median = &med
	return d
}

// positions are the cases the figures of a revision of totals rest on (snapshot totalsCases): as
// many as the cases, each with one value of the days list, one outcome and one option per question,
// handed out in order (the first cases get Ja, then Delvis, …). Every count, the days and the
// outcomes are exactly the totals'. What totals cannot tell is which answers went together in one
// case; this order puts equal answers together, which gives the widest interval where a figure is
// clustered by case (one service's own section figures): the conservative choice.
func (t Totals) positions() []SnapshotCase {
	out := make([]SnapshotCase, t.CaseCount)
	for i := range out {
		out[i] = SnapshotCase{Number: i + 1, Answers: []SnapshotAnswer{}}
	}
	for _, qt := range t.Questions {
		i := 0
		for _, o := range domain.Options {
			for k := 0; k < qt.Counts.Count(o) && i < len(out); k++ {
				opt := o
				out[i].Answers = append(out[i].Answers, SnapshotAnswer{QuestionID: qt.QuestionID, Option: &opt})
				i++
			}
		}
	}
	for i, d := range t.DaysValues {
		if i < len(out) {
			d := d
			out[i].DaysToFirstActivity = &d
		}
	}
	i := 0
	for _, o := range t.Outcomes {
		for k := 0; k < o.Count && i < len(out); k++ {
			oc := o.Outcome
			out[i].Outcome = &oc
			i++
		}
	}
	return out
}

// questionsOf loads the questions of a questionnaire in order.
func questionsOf(ctx context.Context, db bun.IDB, questionnaireID int64) ([]Question, error) {
	var qs []Question
	err := db.NewSelect().Model(&qs).Where("q.questionnaire_id = ?", questionnaireID).OrderExpr("q.position").Scan(ctx)
	return qs, err
}
