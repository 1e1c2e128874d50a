package domain_test

import (
	"reflect"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

func fields(ms []domain.Missing) []string {
	out := []string{}
	for _, m := range ms {
		f := m.Field
		if m.QuestionCode != "" {
			f += ":" + m.QuestionCode
		}
		if m.CaseNumber != 0 {
			f = string(rune('0'+m.CaseNumber)) + "/" + f
		}
		out = append(out, f)
	}
	return out
}

func TestMissingParts(t *testing.T) {
	complete := domain.CaseState{Number: 1, HasOutcome: true, HasClosedMonth: true, HasDays: true}
	tests := []struct {
		name string
		form domain.FormState
		want []string
	}{
		{"OK", domain.FormState{Cases: []domain.CaseState{complete}, CollectsDays: true, Assessment: "Vurdering"}, []string{}},
		{"ErrEmptyForm", domain.FormState{}, []string{"cases", "assessment"}},
		{"ErrBlankAssessment", domain.FormState{Cases: []domain.CaseState{complete}, Assessment: " \n\t"}, []string{"assessment"}},
		{"ErrCaseWithoutMonthsIsIncomplete", domain.FormState{Cases: []domain.CaseState{
			{Number: 2, HasOutcome: true, HasDays: true}}, Assessment: "x"}, []string{"2/closedMonth"}},
		{"ErrEveryFactAndAnswer", domain.FormState{Cases: []domain.CaseState{complete,
			{Number: 3, MissingAnswers: []string{"1.1", "3.7b"}}}, CollectsDays: true, Assessment: "x"},
			[]string{"3/answer:1.1", "3/answer:3.7b", "3/outcome", "3/closedMonth", "3/daysToFirstActivity"}},
		{"DaysOnlyWhereCollected", domain.FormState{Cases: []domain.CaseState{{Number: 1, HasOutcome: true, HasClosedMonth: true}},
			CollectsDays: false, Assessment: "x"}, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := domain.MissingParts(tc.form)
			if !reflect.DeepEqual(fields(got), tc.want) {
				t.Fatalf("missing = %v, want %v", fields(got), tc.want)
			}
			for _, m := range got {
				if m.Text.NB == "" || m.Text.NN == "" || m.Text.EN == "" {
					t.Errorf("%s: a message is missing in a language: %+v", m.Field, m.Text)
				}
			}
		})
	}
}

func TestErrRequiredMissing(t *testing.T) {
	parts := domain.MissingParts(domain.FormState{})
	err := domain.ErrRequiredMissing(parts)
	if !domain.IsCode(err, domain.CodeRequiredMissing) {
		t.Fatalf("code = %v", err)
	}
	l, ok := err.Extra["missing"].(domain.Localizer)
	if !ok {
		t.Fatalf("extensions.missing is not localized: %T", err.Extra["missing"])
	}
	list := l.Localize(domain.LangNN).([]map[string]any)
	if len(list) != 2 || list[0]["field"] != "cases" || list[1]["message"] != "Skriv vurderinga av behovet for forbetring." {
		t.Fatalf("missing in nn = %v", list)
	}
	if _, has := list[1]["caseNumber"]; has {
		t.Fatalf("a form-level part names a case: %v", list[1])
	}
	if one := domain.ErrRequiredMissing(parts[1:]); one.Message(domain.LangEN) != "One required part is missing: Write the assessment of the need for improvement." {
		t.Fatalf("one part: %q", one.Message(domain.LangEN))
	}
}
