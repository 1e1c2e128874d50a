package store

import (
	"slices"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// The rules of entered totals. CheckTotals applies them all and reports every problem at once;
// Validate applies those that need no questionnaire, before any transaction.

// CheckTotals validates entered totals against the questionnaire's questions (in order) and returns
// every problem, each at the place locate names (TotalsPath for the graph; a workbook's cell for an
// upload). final adds what submit needs: every required question counted for every case, and the
// days of every case where the questionnaire collects them.
func CheckTotals(questions []Question, collectsDays bool, t Totals, final bool, locate func(TotalsField) string) []domain.Problem {
	c := newTotalsCheck(t, locate)
	if final && t.CaseCount <= 0 {
		c.add(domain.ProblemCaseCountMissing(c.at(TotalsField{Kind: "caseCount", Question: -1})))
	}
	c.questionCounts(questions)
	if final {
		c.requiredCounted(questions)
	}
	c.days(collectsDays, final)
	c.outcomes()
	return c.out
}

// Validate applies the rules of entered totals that need no questionnaire: the number of cases is
// within bounds, and the outcomes are the law's, each once, adding up to at most the cases. The
// rest (questions, options, days) is checked against the round's questionnaire by CheckTotals.
func (t Totals) Validate() error { return t.validateAt(nil) }

// validateAt is Validate with the problems named by locate (an uploaded workbook's cells).
func (t Totals) validateAt(locate func(TotalsField) string) error {
	c := newTotalsCheck(t, locate)
	c.outcomes()
	if len(c.out) > 0 {
		return domain.ErrProblems(c.out)
	}
	return nil
}

// totalsCheck collects the problems of one entry of totals; n is the number of cases the counts
// are held against (clamped into bounds when the entry's own is out of them).
type totalsCheck struct {
	t      Totals
	locate func(TotalsField) string
	n      int
	out    []domain.Problem
}

// newTotalsCheck starts a check with the rule on the number of cases applied.
func newTotalsCheck(t Totals, locate func(TotalsField) string) *totalsCheck {
	if locate == nil {
		locate = TotalsPath
	}
	c := &totalsCheck{t: t, locate: locate, n: t.CaseCount}
	if c.n < 0 || c.n > MaxTotalsCases {
		c.add(domain.ProblemCaseCountRange(c.at(TotalsField{Kind: "caseCount", Question: -1}), MaxTotalsCases))
		c.n = max(0, min(c.n, MaxTotalsCases))
	}
	return c
}

func (c *totalsCheck) at(f TotalsField) string  { return c.locate(f) }
func (c *totalsCheck) add(ps ...domain.Problem) { c.out = append(c.out, ps...) }

// questionCounts: each question counted is one of the version's, once; each count is at least
// zero, on an option the question offers, and at most the cases; the counts of a question add up
// to at most the cases.
func (c *totalsCheck) questionCounts(questions []Question) {
	byID := make(map[int64]*Question, len(questions))
	for i := range questions {
		byID[questions[i].ID] = &questions[i]
	}
	seen := map[int64]bool{}
	for i, qt := range c.t.Questions {
		q := byID[qt.QuestionID]
		if q == nil || seen[qt.QuestionID] {
			c.add(domain.ProblemTotalsQuestion(c.at(TotalsField{Kind: "question", Question: i})))
			continue
		}
		seen[qt.QuestionID] = true
		for _, o := range domain.Options {
			c.optionCount(q, i, o, qt.Counts.Count(o))
		}
		if sum := qt.Counts.Total(); sum > c.n {
			c.add(domain.ProblemAnswersAboveCases(c.at(TotalsField{Kind: "questionSum", Question: i}), q.Code, sum, c.n))
		}
	}
}

// optionCount checks the count of option o on question q (at index i of the input).
func (c *totalsCheck) optionCount(q *Question, i int, o domain.Option, count int) {
	at := c.at(TotalsField{Kind: "count", Question: i, Option: o})
	switch {
	case count < 0:
		c.add(domain.ProblemCountNegative(at, o, q.Code))
	case count > 0 && !slices.Contains(q.Options, o):
		c.add(domain.ProblemOptionNotAllowed(at, o, q.Code))
	case count > c.n:
		c.add(domain.ProblemCountAboveCases(at, o, q.Code, count, c.n))
	}
}

// requiredCounted (on submit): every required question is counted for every case.
func (c *totalsCheck) requiredCounted(questions []Question) {
	counted := map[int64]int{}
	index := map[int64]int{}
	for i, qt := range c.t.Questions {
		counted[qt.QuestionID] = qt.Counts.Total()
		index[qt.QuestionID] = i
	}
	for _, q := range questions {
		if !q.Required || counted[q.ID] == c.n {
			continue
		}
		i, ok := index[q.ID]
		if !ok {
			i = -1
		}
		at := c.at(TotalsField{Kind: "questionSum", Question: i})
		if i < 0 {
			at = c.at(TotalsField{Kind: "question", Question: -1}) + ":" + q.Code
		}
		c.add(domain.ProblemRequiredUncounted(at, q.Code, counted[q.ID], c.n))
	}
}

// days: no days where the questionnaire does not collect them; otherwise each value within bounds,
// at most one per case, and (on submit) one for every case.
func (c *totalsCheck) days(collectsDays, final bool) {
	values := c.t.DaysValues
	if len(values) > 0 && !collectsDays {
		c.add(domain.ProblemFrom(c.at(TotalsField{Kind: "daysList", Question: -1}), domain.CheckDays(&values[0], false)))
		return
	}
	for j, d := range values {
		if err := domain.CheckDays(&d, true); err != nil {
			c.add(domain.ProblemFrom(c.at(TotalsField{Kind: "days", Question: -1, Index: j}), err))
		}
	}
	if len(values) > c.n || (final && collectsDays && len(values) != c.n) {
		c.add(domain.ProblemDaysPerCase(c.at(TotalsField{Kind: "daysList", Question: -1}), len(values), c.n))
	}
}

// outcomes: each outcome is the law's and given once, its count within the cases, and all of them
// add up to at most the cases.
func (c *totalsCheck) outcomes() {
	total, seen := 0, map[domain.Outcome]bool{}
	for j, o := range c.t.Outcomes {
		at := c.at(TotalsField{Kind: "outcome", Question: -1, Index: j})
		switch {
		case !o.Outcome.Valid() || seen[o.Outcome]:
			c.add(domain.ProblemOutcomeUnknownOrRepeated(at))
		case o.Count < 0 || o.Count > c.n:
			c.add(domain.ProblemOutcomeCountRange(at, c.n))
		}
		seen[o.Outcome] = true
		total += max(0, o.Count)
	}
	if total > c.n {
		c.add(domain.ProblemOutcomesAboveCases(c.at(TotalsField{Kind: "outcomeSum", Question: -1}), total, c.n))
	}
}
