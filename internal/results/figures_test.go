package results

import (
	"reflect"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

func TestDaysThresholdsSortedOnce(t *testing.T) {
	in := []int{30, 7, 30, 14}
	if got := DaysThresholds(in); !reflect.DeepEqual(got, []int{7, 14, 30}) {
		t.Fatalf("thresholds %v", got)
	}
	if in[0] != 30 {
		t.Fatal("the query's own thresholds are left as they were")
	}
}

// roundInput is a breakdown by service of round 1: service 1 on 8 cases, service 2 on 2, in one
// county of one office; two questions of section 10 and one of section 20.
func roundInput(supp *stats.Suppression) RoundInput {
	return RoundInput{
		Scope: auth.Scope{}, Query: Query{RoundID: 1, MinCases: DefaultMinCases}, Level: domain.BreakdownService, Thresholds: []int{7, 14},
		Groups: []Group{
			{Grp: 1, Services: 1, Cases: 8, Days: DaysFigures{Count: 4}, Above: []int64{2, 1}},
			{Grp: 2, Services: 1, Cases: 2, Days: DaysFigures{Count: 2}, Above: []int64{1, 0}},
		},
		Cells: cells(
			indep(1, 1, 100, 0, 1, 5, 2, 1), indep(1, 1, 101, 0, 1, 3, 3, 2), indep(1, 1, 0, 10, 1, 8, 5, 3),
			indep(1, 1, 0, 0, 1, 8, 5, 3), indep(1, 2, 100, 0, 1, 1, 1, 0), indep(1, 2, 0, 0, 1, 1, 1, 0),
		),
		Questions:   []QuestionRef{{ID: 100, SectionID: 10}, {ID: 101, SectionID: 10}, {ID: 102, SectionID: 20}},
		Suppression: supp, Lang: domain.LangEN,
	}
}

func TestRoundFiguresAssemblesEveryQuestionInOrder(t *testing.T) {
	fs := RoundFigures(roundInput(nil))
	if len(fs) != 2 {
		t.Fatalf("%d groups", len(fs))
	}
	f := fs[0]
	var ids, sections []int64
	for _, q := range f.Questions {
		ids = append(ids, q.QuestionID)
	}
	for _, s := range f.Sections {
		sections = append(sections, s.SectionID)
	}
	if !reflect.DeepEqual(ids, []int64{100, 101, 102}) || !reflect.DeepEqual(sections, []int64{10, 20}) {
		t.Fatalf("questions %v, sections %v: every question in order, each section once", ids, sections)
	}
	if f.Questions[2].Options.Denominator != 0 || f.Questions[0].Options.Yes.Count != 5 || f.Overall.Denominator != 16 {
		t.Fatalf("an unanswered question is empty, an answered one counted: %+v", f.Questions)
	}
	want := []DaysAbove{{Days: 7, Count: 2, Share: ptr(0.5)}, {Days: 14, Count: 1, Share: ptr(0.25)}}
	if !reflect.DeepEqual(f.Days.Above, want) {
		t.Fatalf("days above %+v", f.Days.Above)
	}
	if f.Suppressed || fs[1].Suppressed {
		t.Fatal("without a suppression (the service's own people) nothing is withheld")
	}
}

func TestRoundFiguresWithholdsAWholeNode(t *testing.T) {
	supp := stats.Suppress([]stats.Unit{{Service: 1, County: 1, Office: 1, Cases: 8}, {Service: 2, County: 1, Office: 1, Cases: 2}}, DefaultMinCases)
	fs := RoundFigures(roundInput(supp))
	shown, withheld := fs[0], fs[1]
	if withheld.SuppressedReason == "" || !withheld.Suppressed {
		t.Fatal("the service on two cases is withheld with a reason")
	}
	if withheld.Overall.Denominator != 0 || withheld.Days.Count != 0 || len(withheld.Days.Above) != 0 {
		t.Fatalf("a withheld figure shows no count: %+v", withheld)
	}
	for _, q := range withheld.Questions {
		if !q.Suppressed || q.Options.Yes.Count != 0 || q.Cases != 0 {
			t.Fatalf("every question of a withheld figure follows it: %+v", q)
		}
	}
	if withheld.Cases != 2 {
		t.Fatal("the case count stays: it says what a figure rests on")
	}
	if shown.Suppressed || shown.Overall.Denominator == 0 {
		t.Fatal("the service on eight cases is shown")
	}
}
