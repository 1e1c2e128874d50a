package results

import (
	"slices"

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

// Count is the count of option o.
func (d Distribution) Count(o domain.Option) int {
	switch o {
	case domain.OptionYes:
		return d.Yes
	case domain.OptionPartly:
		return d.Partly
	case domain.OptionNo:
		return d.No
	case domain.OptionNotPossible:
		return d.NotPossible
	case domain.OptionNotApplicable:
		return d.NotApplicable
	}
	return 0
}

// Total is the number of answers counted.
func (d Distribution) Total() int { return d.Yes + d.Partly + d.No + d.NotPossible + d.NotApplicable }

// YesShare is the share of Ja of the denominator; nil without answers.
func (d Distribution) YesShare() *float64 { return Share(d.Yes, d.Denominator()) }

// PartlyShare is the share of Delvis of the denominator; nil without answers.
func (d Distribution) PartlyShare() *float64 { return Share(d.Partly, d.Denominator()) }

// NoShare is the share of Nei of the denominator; nil without answers.
func (d Distribution) NoShare() *float64 { return Share(d.No, d.Denominator()) }

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

// OutcomeCount is how many cases ended one way under bvl. § 2-5.
type OutcomeCount struct {
	Outcome domain.Outcome `json:"outcome"`
	Count   int            `json:"count"`
}

// Summary is the computed part of a summary form: what leaves the service on submit. It carries
// no case identity: counts per question and option, the days as a sorted list, the outcomes.
type Summary struct {
	CaseCount         int               `json:"caseCount"`
	CompleteCaseCount int               `json:"completeCaseCount"`
	Overall           Distribution      `json:"overall"`
	Questions         []QuestionSummary `json:"questions"`
	Days              *DaysSummary      `json:"daysToFirstActivity"`
	DaysValues        []int             `json:"daysValues"`
	Outcomes          []OutcomeCount    `json:"outcomes"`
	// Suppressed is set, for readers outside the service, when the form rests on fewer than
	// MinCases cases: its figures are then withheld (zeros and empty lists).
	Suppressed bool `json:"-"`
}

// DaysToFirstActivity is the days summary (GraphQL field name).
func (s *Summary) DaysToFirstActivity() *DaysSummary { return s.Days }

// CaseFacts are what a summary reads of one case: its days to first activity and its outcome.
type CaseFacts struct {
	Days    *int
	Outcome *domain.Outcome
}

// FillFromCases derives the days list and outcome distribution of a snapshot stored before they
// were part of the summary; a summary that has them keeps them.
func (s *Summary) FillFromCases(cases []CaseFacts) {
	if s.DaysValues == nil {
		s.DaysValues = []int{}
		for _, c := range cases {
			if c.Days != nil {
				s.DaysValues = append(s.DaysValues, *c.Days)
			}
		}
		slices.Sort(s.DaysValues)
	}
	if s.Outcomes == nil {
		n := map[domain.Outcome]int{}
		for _, c := range cases {
			if c.Outcome != nil {
				n[*c.Outcome]++
			}
		}
		s.Outcomes = OutcomeCounts(n)
	}
}

// OutcomeCounts lists the outcomes in the order of the law, leaving out those with no case.
func OutcomeCounts(n map[domain.Outcome]int) []OutcomeCount {
	out := []OutcomeCount{}
	for _, o := range domain.Outcomes {
		if n[o] > 0 {
			out = append(out, OutcomeCount{Outcome: o, Count: n[o]})
		}
	}
	return out
}

// WithholdSmall withholds the figures of a form on fewer than minCases cases (for readers outside
// the service): the case count stays, every count, day and outcome goes.
func (s *Summary) WithholdSmall(minCases int) {
	if s.CaseCount >= minCases {
		return
	}
	s.Suppressed = true
	s.CompleteCaseCount = 0
	s.Overall = Distribution{}
	for i := range s.Questions {
		s.Questions[i].Distribution = Distribution{}
	}
	if s.Days != nil {
		s.Days = &DaysSummary{}
	}
	s.DaysValues, s.Outcomes = []int{}, []OutcomeCount{}
}
