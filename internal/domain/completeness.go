package domain

import (
	"fmt"
	"strings"
)

// The completeness rule of the summary form: what must be filled in before a service may submit
// it. The server refuses a submit while anything is missing (REQUIRED_ANSWERS_MISSING), and the
// app shows the same list (Submission.missingParts) on the "Se over og send inn" step, so the two
// always agree. Only the service's own people ever see the case-level parts.
//
// Required:
//   - at least one case;
//   - in every case: an option on every required question, the outcome (bvl. § 2-5), the month
//     the investigation was closed, and the days to first activity where the questionnaire
//     collects them (the start month is optional: not every file states it);
//   - the service's assessment of the need for improvement.
//
// Everything else (comments, reflections, the feedback on the supervision, the plan, the way
// forward) is optional and marked "valgfritt" in the app.

// Fields of a missing part (Missing.Field).
const (
	MissingCases       = "cases"               // no case at all
	MissingAnswer      = "answer"              // a required question of a case (QuestionCode)
	MissingOutcome     = "outcome"             // the case's outcome
	MissingClosedMonth = "closedMonth"         // the month the case was closed
	MissingDays        = "daysToFirstActivity" // the days to first activity, where collected
	MissingAssessment  = "assessment"          // the form's assessment
)

// CaseState is what the rule needs to know about one case.
type CaseState struct {
	Number         int
	MissingAnswers []string // codes of the required questions with no option chosen, in question order
	HasOutcome     bool
	HasClosedMonth bool
	HasDays        bool
}

// FormState is what the rule needs to know about one summary form.
type FormState struct {
	Cases        []CaseState // in case number order
	CollectsDays bool        // whether the questionnaire collects days to first activity
	Assessment   string
}

// Missing is one part that must be filled in before submit.
type Missing struct {
	Field        string `json:"field"`
	CaseNumber   int    `json:"caseNumber,omitempty"`
	QuestionCode string `json:"questionCode,omitempty"`
	Text         Text   `json:"-"` // what is missing, said to the person filling in the form
}

// MissingInCase lists what is missing in one case, answers first, then its facts.
func MissingInCase(c CaseState, collectsDays bool) []Missing {
	out := []Missing{}
	for _, code := range c.MissingAnswers {
		out = append(out, Missing{Field: MissingAnswer, CaseNumber: c.Number, QuestionCode: code, Text: Text{
			NB: fmt.Sprintf("Sak %d: spørsmål %s er ikke besvart.", c.Number, code),
			NN: fmt.Sprintf("Sak %d: spørsmål %s er ikkje svart på.", c.Number, code),
			EN: fmt.Sprintf("Case %d: question %s is not answered.", c.Number, code),
		}})
	}
	if !c.HasOutcome {
		out = append(out, Missing{Field: MissingOutcome, CaseNumber: c.Number, Text: Text{
			NB: fmt.Sprintf("Sak %d: utfallet av undersøkelsen mangler.", c.Number),
			NN: fmt.Sprintf("Sak %d: utfallet av undersøkinga manglar.", c.Number),
			EN: fmt.Sprintf("Case %d: the outcome of the investigation is missing.", c.Number),
		}})
	}
	if !c.HasClosedMonth {
		out = append(out, Missing{Field: MissingClosedMonth, CaseNumber: c.Number, Text: Text{
			NB: fmt.Sprintf("Sak %d: måneden undersøkelsen ble avsluttet mangler.", c.Number),
			NN: fmt.Sprintf("Sak %d: månaden undersøkinga vart avslutta manglar.", c.Number),
			EN: fmt.Sprintf("Case %d: the month the investigation was closed is missing.", c.Number),
		}})
	}
	if collectsDays && !c.HasDays {
		out = append(out, Missing{Field: MissingDays, CaseNumber: c.Number, Text: Text{
			NB: fmt.Sprintf("Sak %d: dager fra melding til første undersøkelsesaktivitet mangler.", c.Number),
			NN: fmt.Sprintf("Sak %d: dagar frå melding til første undersøkingsaktivitet manglar.", c.Number),
			EN: fmt.Sprintf("Case %d: the days from report to first investigation activity are missing.", c.Number),
		}})
	}
	return out
}

// MissingParts lists everything that must be filled in before the form can be submitted: the
// cases first (in number order), then the form's own parts. Empty means the form is complete.
func MissingParts(f FormState) []Missing {
	out := []Missing{}
	if len(f.Cases) == 0 {
		out = append(out, Missing{Field: MissingCases, Text: Text{
			NB: "Legg til og fyll ut minst én sak.",
			NN: "Legg til og fyll ut minst éi sak.",
			EN: "Add and fill in at least one case.",
		}})
	}
	for _, c := range f.Cases {
		out = append(out, MissingInCase(c, f.CollectsDays)...)
	}
	return append(out, MissingInForm(f.Assessment)...)
}

// MissingInForm lists what is missing in the form's own parts, however its figures came in
// (cases or entered totals).
func MissingInForm(assessment string) []Missing {
	if strings.TrimSpace(assessment) != "" {
		return nil
	}
	return []Missing{{Field: MissingAssessment, Text: Text{
		NB: "Skriv vurderingen av behovet for forbedring.",
		NN: "Skriv vurderinga av behovet for forbetring.",
		EN: "Write the assessment of the need for improvement.",
	}}}
}

// MissingList is the list carried by REQUIRED_ANSWERS_MISSING; it is shown in the caller's language.
type MissingList []Missing

// Localize renders the list for the error's extensions: field, caseNumber, questionCode and the message.
func (l MissingList) Localize(lang Lang) any {
	out := make([]map[string]any, 0, len(l))
	for _, m := range l {
		item := map[string]any{"field": m.Field, "message": m.Text.In(lang)}
		if m.CaseNumber != 0 {
			item["caseNumber"] = m.CaseNumber
		}
		if m.QuestionCode != "" {
			item["questionCode"] = m.QuestionCode
		}
		out = append(out, item)
	}
	return out
}

// Localizer is an error detail that depends on the caller's language.
type Localizer interface{ Localize(Lang) any }

// ErrRequiredMissing refuses a submit while parts are missing, and lists them (extensions.missing).
func ErrRequiredMissing(missing []Missing) *Error {
	var e *Error
	if len(missing) == 1 {
		e = newErr(CodeRequiredMissing, "",
			"Én obligatorisk del mangler: "+missing[0].Text.NB,
			"Éin obligatorisk del manglar: "+missing[0].Text.NN,
			"One required part is missing: "+missing[0].Text.EN)
	} else {
		e = newErr(CodeRequiredMissing, "",
			fmt.Sprintf("%d obligatoriske deler mangler. Fyll dem ut før samleskjemaet sendes inn.", len(missing)),
			fmt.Sprintf("%d obligatoriske delar manglar. Fyll dei ut før samleskjemaet blir sendt inn.", len(missing)),
			fmt.Sprintf("%d required parts are missing. Fill them in before submitting the summary form.", len(missing)))
	}
	e.Extra = map[string]any{"missing": MissingList(missing)}
	return e
}
