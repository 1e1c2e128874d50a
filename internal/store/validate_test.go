package store_test

import (
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// The Validate methods of the store's input types: each rule that needs nothing stored refuses its
// input before a transaction begins, with the code and field the graph and the app rely on. No
// database is needed.

// refused is what a Validate is expected to give: nothing (accepted), or a domain error with a code and
// field (for INVALID_TOTALS, the first problem's path).
type refused struct {
	code  domain.Code
	field string
}

var accepted = refused{}

func checkRefused(t *testing.T, err error, want refused) {
	t.Helper()
	if want == accepted {
		if err != nil {
			t.Fatalf("refused valid input: %v", err)
		}
		return
	}
	de, isDomain := domain.AsError(err)
	if !isDomain {
		t.Fatalf("got %v, want %s on %q", err, want.code, want.field)
	}
	field := de.Field
	if de.Code == domain.CodeInvalidTotals {
		field = de.Extra["problems"].([]map[string]any)[0]["path"].(string)
	}
	if de.Code != want.code || field != want.field {
		t.Fatalf("got %s on %q, want %s on %q", de.Code, field, want.code, want.field)
	}
	if de.Text.NB == "" || de.Text.NN == "" || de.Text.EN == "" {
		t.Fatalf("message missing a language: %+v", de.Text)
	}
}

func month(t *testing.T, s string) *domain.YearMonth {
	t.Helper()
	m, err := domain.ParseYearMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return &m
}

func TestCaseFieldsValidate(t *testing.T) {
	bad, good := domain.Outcome("LOST"), domain.OutcomeDismissed
	for _, tc := range []struct {
		name string
		in   store.CaseFields
		want refused
	}{
		{"nothing given", store.CaseFields{}, accepted},
		{"a law's outcome", store.CaseFields{Outcome: &good}, accepted},
		{"unknown outcome", store.CaseFields{Outcome: &bad}, refused{domain.CodeBadInput, "outcome"}},
		{"unknown outcome not given in an update", store.CaseFields{Outcome: &bad, Set: map[string]bool{"closedMonth": true}}, accepted},
		{"closed the month it started", store.CaseFields{StartedMonth: month(t, "2026-03"), ClosedMonth: month(t, "2026-03")}, accepted},
		{"closed before it started", store.CaseFields{StartedMonth: month(t, "2026-03"), ClosedMonth: month(t, "2026-02")},
			refused{domain.CodeBadInput, "closedMonth"}},
		// Only one month given: the other is stored, and the save holds them together.
		{"closing month alone", store.CaseFields{StartedMonth: month(t, "2026-03"), ClosedMonth: month(t, "2026-02"),
			Set: map[string]bool{"closedMonth": true}}, accepted},
	} {
		t.Run(tc.name, func(t *testing.T) { checkRefused(t, tc.in.Validate(), tc.want) })
	}
}

func TestDraftInputValidate(t *testing.T) {
	goal := func(desc string, actions ...store.Action) store.Goal {
		return store.Goal{Description: desc, Actions: actions}
	}
	goals := func(n int) []store.Goal {
		out := make([]store.Goal, n)
		for i := range out {
			out[i] = goal("Mål")
		}
		return out
	}
	actions := func(n int) []store.Action {
		out := make([]store.Action, n)
		for i := range out {
			out[i] = store.Action{Description: "Tiltak"}
		}
		return out
	}
	text := "Vurdering"
	for _, tc := range []struct {
		name string
		in   store.DraftInput
		want refused
	}{
		{"no plan", store.DraftInput{Assessment: &text}, accepted},
		{"an empty plan", store.DraftInput{Plan: &store.Plan{}}, accepted},
		{"a described goal and action, no status yet", store.DraftInput{Plan: &store.Plan{Goals: []store.Goal{goal("Mål", store.Action{Description: "Tiltak"})}}}, accepted},
		{"the most goals", store.DraftInput{Plan: &store.Plan{Goals: goals(domain.MaxGoals)}}, accepted},
		{"too many goals", store.DraftInput{Plan: &store.Plan{Goals: goals(domain.MaxGoals + 1)}}, refused{domain.CodeBadInput, "improvementPlan.goals"}},
		{"goal of blanks", store.DraftInput{Plan: &store.Plan{Goals: []store.Goal{goal("Mål"), goal("  ")}}},
			refused{domain.CodeBadInput, "improvementPlan.goals[1].description"}},
		{"too many actions", store.DraftInput{Plan: &store.Plan{Goals: []store.Goal{goal("Mål", actions(domain.MaxActionsPerGoal+1)...)}}},
			refused{domain.CodeBadInput, "improvementPlan.goals[0].actions"}},
		{"undescribed action", store.DraftInput{Plan: &store.Plan{Goals: []store.Goal{goal("Mål", store.Action{Description: "Tiltak"}, store.Action{})}}},
			refused{domain.CodeBadInput, "improvementPlan.goals[0].actions[1].description"}},
		{"unknown action status", store.DraftInput{Plan: &store.Plan{Goals: []store.Goal{goal("Mål", store.Action{Description: "Tiltak", Status: "LATER"})}}},
			refused{domain.CodeBadInput, "improvementPlan.goals[0].actions[0].status"}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkRefused(t, tc.in.Validate(), tc.want) })
	}
}

func TestTotalsValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   store.Totals
		want refused
	}{
		{"nothing entered", store.Totals{}, accepted},
		{"outcomes within the cases", store.Totals{CaseCount: 3, Outcomes: []store.OutcomeCount{{Outcome: domain.OutcomeDismissed, Count: 2}, {Outcome: domain.OutcomeMeasuresDecided, Count: 1}}}, accepted},
		// Questions and days need the round's questionnaire: the save checks them.
		{"unknown question", store.Totals{CaseCount: 1, Questions: []store.QuestionTotals{{QuestionID: -1}}}, accepted},
		{"negative cases", store.Totals{CaseCount: -1}, refused{domain.CodeInvalidTotals, "caseCount"}},
		{"too many cases", store.Totals{CaseCount: store.MaxTotalsCases + 1}, refused{domain.CodeInvalidTotals, "caseCount"}},
		{"unknown outcome", store.Totals{CaseCount: 1, Outcomes: []store.OutcomeCount{{Outcome: "LOST", Count: 1}}}, refused{domain.CodeInvalidTotals, "outcomes[0]"}},
		{"repeated outcome", store.Totals{CaseCount: 2, Outcomes: []store.OutcomeCount{{Outcome: domain.OutcomeDismissed, Count: 1}, {Outcome: domain.OutcomeDismissed, Count: 1}}},
			refused{domain.CodeInvalidTotals, "outcomes[1]"}},
		{"outcome above the cases", store.Totals{CaseCount: 1, Outcomes: []store.OutcomeCount{{Outcome: domain.OutcomeDismissed, Count: 2}}},
			refused{domain.CodeInvalidTotals, "outcomes[0]"}},
		{"outcomes add up above the cases", store.Totals{CaseCount: 2, Outcomes: []store.OutcomeCount{{Outcome: domain.OutcomeDismissed, Count: 2}, {Outcome: domain.OutcomeMeasuresDecided, Count: 1}}},
			refused{domain.CodeInvalidTotals, "outcomes"}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkRefused(t, tc.in.Validate(), tc.want) })
	}
}

func TestListInputsValidate(t *testing.T) {
	late := true
	for _, tc := range []struct {
		name string
		err  error
		want refused
	}{
		{"a page", store.Page{First: 20}.Validate(), accepted},
		{"the largest page", store.Page{First: store.MaxPageSize}.Validate(), accepted},
		{"a page after a cursor", store.Page{First: 20, After: store.EncodeCursor("Bergen", 7)}.Validate(), accepted},
		{"negative page", store.Page{First: -1}.Validate(), refused{domain.CodeBadInput, "first"}},
		{"page too large", store.Page{First: store.MaxPageSize + 1}.Validate(), refused{domain.CodeBadInput, "first"}},
		{"foreign cursor", store.Page{First: 20, After: "not-a-cursor"}.Validate(), refused{domain.CodeBadInput, "after"}},
		{"cursor without id", store.Page{First: 20, After: store.EncodeCursor("Bergen", 0)}.Validate(), refused{domain.CodeBadInput, "after"}},
		{"filter by name", store.ServiceFilter{NameContains: "berg"}.Validate(), accepted},
		{"status in a round", store.ServiceFilter{RoundID: 2, Statuses: []domain.Status{domain.StatusSubmitted}}.Validate(), accepted},
		{"status without round", store.ServiceFilter{Statuses: []domain.Status{domain.StatusSubmitted}}.Validate(), refused{domain.CodeBadInput, "filter.roundId"}},
		{"lateness without round", store.ServiceFilter{Late: &late}.Validate(), refused{domain.CodeBadInput, "filter.roundId"}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkRefused(t, tc.err, tc.want) })
	}
}

func TestRegisterInputsValidate(t *testing.T) {
	name := func(s string) *string { return &s }
	for _, tc := range []struct {
		name string
		err  error
		want refused
	}{
		{"merge", store.ServiceMerge{SurvivorID: 1, MergedIDs: []int64{2, 3}}.Validate(), accepted},
		{"merge with a new name", store.ServiceMerge{SurvivorID: 1, MergedIDs: []int64{2}, Name: name("  Barnevernet  i Vest ")}.Validate(), accepted},
		{"merge of nothing", store.ServiceMerge{SurvivorID: 1}.Validate(), refused{domain.CodeBadInput, "mergedIds"}},
		{"merge with itself", store.ServiceMerge{SurvivorID: 1, MergedIDs: []int64{1}}.Validate(), refused{domain.CodeBadInput, "mergedIds"}},
		{"merge listing one twice", store.ServiceMerge{SurvivorID: 1, MergedIDs: []int64{2, 2}}.Validate(), refused{domain.CodeBadInput, "mergedIds"}},
		{"merge to a short name", store.ServiceMerge{SurvivorID: 1, MergedIDs: []int64{2}, Name: name(" V ")}.Validate(), refused{domain.CodeBadInput, "name"}},
		{"split", store.ServiceSplit{SourceID: 1, Name: "Barnevernstenesta i Fitjar", MunicipalityNumbers: []string{"4615"}}.Validate(), accepted},
		{"split to a long name", store.ServiceSplit{SourceID: 1, Name: strings.Repeat("x", 201), MunicipalityNumbers: []string{"4615"}}.Validate(),
			refused{domain.CodeBadInput, "name"}},
		{"split of nothing", store.ServiceSplit{SourceID: 1, Name: "Barnevernstenesta i Fitjar"}.Validate(), refused{domain.CodeBadInput, "municipalityNumbers"}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkRefused(t, tc.err, tc.want) })
	}
}

func TestRedactInputValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   store.RedactInput
		want refused
	}{
		{"a name", store.RedactInput{Text: "  Ola Nordmann ", Reason: "PERSONAL_DATA"}, accepted},
		{"unknown reason", store.RedactInput{Text: "Ola Nordmann", Reason: "TYPO"}, refused{domain.CodeBadInput, "reason"}},
		{"too short", store.RedactInput{Text: " Ola ", Reason: "OTHER"}, refused{domain.CodeBadInput, "text"}},
		{"too long", store.RedactInput{Text: strings.Repeat("x", domain.MaxAssessmentLen+1), Reason: "OTHER"}, refused{domain.CodeBadInput, "text"}},
		{"control character", store.RedactInput{Text: "Ola\x00Nordmann", Reason: "OTHER"}, refused{domain.CodeBadInput, "text"}},
		{"invalid UTF-8", store.RedactInput{Text: "Ola \xff Nordmann", Reason: "OTHER"}, refused{domain.CodeBadInput, "text"}},
		{"the marker", store.RedactInput{Text: store.RedactionMarker, Reason: "OTHER"}, refused{domain.CodeBadInput, "text"}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkRefused(t, tc.in.Validate(), tc.want) })
	}
}
