package results

import (
	"reflect"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

func TestDistribution(t *testing.T) {
	var d Distribution
	for _, a := range []struct {
		o domain.Option
		n int
	}{{domain.OptionYes, 3}, {domain.OptionPartly, 1}, {domain.OptionNo, 0}, {domain.OptionNotApplicable, 4}} {
		d.Add(a.o, a.n)
	}
	if d.Denominator() != 4 || d.Total() != 8 || d.Count(domain.OptionNotApplicable) != 4 {
		t.Fatalf("distribution %+v", d)
	}
	if s := d.YesShare(); s == nil || *s != 0.75 {
		t.Fatalf("yes share %v: not applicable is outside the denominator", s)
	}
	if (Distribution{NotPossible: 2}).NoShare() != nil {
		t.Fatal("no share without Ja, Delvis or Nei")
	}
}

func TestFillFromCases(t *testing.T) {
	dismissed, measures := domain.Outcomes[0], domain.Outcomes[2]
	cases := []CaseFacts{{Days: ptr(9), Outcome: &measures}, {Days: ptr(3)}, {Outcome: &dismissed}, {Outcome: &measures}}
	tests := []struct {
		name         string
		sum          Summary
		wantDays     []int
		wantOutcomes []OutcomeCount
	}{
		{"an old snapshot gets sorted days and outcomes in the order of the law", Summary{}, []int{3, 9},
			[]OutcomeCount{{Outcome: dismissed, Count: 1}, {Outcome: measures, Count: 2}}},
		{"a summary that has them keeps them", Summary{DaysValues: []int{1}, Outcomes: []OutcomeCount{}}, []int{1}, []OutcomeCount{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.sum
			s.FillFromCases(cases)
			if !reflect.DeepEqual(s.DaysValues, tt.wantDays) || !reflect.DeepEqual(s.Outcomes, tt.wantOutcomes) {
				t.Fatalf("days %v, outcomes %v", s.DaysValues, s.Outcomes)
			}
		})
	}
}

func TestWithholdSmall(t *testing.T) {
	full := func(cases int) Summary {
		return Summary{CaseCount: cases, CompleteCaseCount: cases, Overall: Distribution{Yes: cases},
			Questions: []QuestionSummary{{QuestionID: 1, Distribution: Distribution{Yes: cases}}},
			Days:      &DaysSummary{Count: 1, Max: ptr(4)}, DaysValues: []int{4}, Outcomes: []OutcomeCount{{Outcome: domain.Outcomes[0], Count: 1}}}
	}
	tests := []struct {
		name     string
		cases    int
		withheld bool
	}{
		{"fewer than the floor: figures withheld, case count kept", DefaultMinCases - 1, true},
		{"at the floor: shown", DefaultMinCases, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := full(tt.cases)
			s.WithholdSmall(DefaultMinCases)
			if s.Suppressed != tt.withheld || s.CaseCount != tt.cases {
				t.Fatalf("suppressed %v, cases %d", s.Suppressed, s.CaseCount)
			}
			gone := s.Overall.Yes == 0 && s.Questions[0].Distribution.Yes == 0 && s.Days.Max == nil && len(s.DaysValues) == 0 &&
				len(s.Outcomes) == 0 && s.CompleteCaseCount == 0
			if gone != tt.withheld {
				t.Fatalf("figures gone %v: %+v", gone, s)
			}
		})
	}
}
