package server_test

import (
	"context"
	"github.com/uptrace/bun"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Round 2 as document 002 describes it: the reflections on the supervision, the way forward,
// round 1's goals followed up, the full comparison, the case selection, support material,
// published figures and the county report's round-2 content.

// formCase is one case to fill in: its start month and the option given on each question (by
// code; questions not named get def).
type formCase struct {
	started string
	options map[string]string
	def     string
}

// fillCases adds the cases to the service's form in the round, as the server itself (fast), and
// answers every question, so the form can be submitted. It returns the submission's id.
func fillCases(t *testing.T, in *instance, serviceID, roundID string, cases []formCase) string {
	t.Helper()
	ctx := system
	var qs []store.Question
	if err := in.DB.NewSelect().Model(&qs).Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
		Where("r.id = ?", mustInt(roundID)).OrderExpr("q.position").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	var collects bool
	if err := in.DB.NewSelect().TableExpr("questionnaires AS qn").Join("JOIN rounds AS r ON r.questionnaire_id = qn.id").
		ColumnExpr("qn.collects_days_to_first_activity").Where("r.id = ?", mustInt(roundID)).Scan(context.Background(), &collects); err != nil {
		t.Fatal(err)
	}
	var subID int64
	for _, fc := range cases {
		f := store.CaseFields{}
		if fc.started != "" {
			ym, err := domain.ParseYearMonth(fc.started)
			if err != nil {
				t.Fatal(err)
			}
			f.StartedMonth = &ym
		}
		if collects {
			d := 5
			f.DaysToFirstActivity = &d
		}
		c, err := in.Store.CreateCase(ctx, mustInt(serviceID), mustInt(roundID), completeFacts(f))
		if err != nil {
			t.Fatal(err)
		}
		subID = c.SubmissionID
		for _, q := range qs {
			o := fc.def
			if v, ok := fc.options[q.Code]; ok {
				o = v
			}
			if o == "" {
				o = "YES"
			}
			opt := domain.Option(o)
			if _, err := in.Store.SaveAnswer(ctx, store.AnswerInput{CaseID: c.ID, QuestionID: q.ID, Option: &opt}); err != nil {
				t.Fatal(err)
			}
		}
	}
	ensureAssessment(t, in.Store, in.DB, mustInt(serviceID), mustInt(roundID))
	return itoa(subID)
}

// completeFacts gives a case the facts the completeness rule requires (domain.MissingInCase): the
// outcome and the closing month.
func completeFacts(f store.CaseFields) store.CaseFields {
	o := domain.OutcomeMeasuresDecided
	m, _ := domain.ParseYearMonth("2025-10")
	if f.StartedMonth != nil && m.Before(f.StartedMonth.Date) {
		m = *f.StartedMonth // a case never closes before it starts
	}
	f.Outcome, f.ClosedMonth = &o, &m
	return f
}

// ensureAssessment writes an assessment on the form unless it has one, so it can be submitted.
func ensureAssessment(t *testing.T, st *store.Store, db bun.IDB, serviceID, roundID int64) {
	t.Helper()
	var a string
	if err := db.NewSelect().TableExpr("submissions").Column("assessment").
		Where("service_id = ? AND round_id = ?", serviceID, roundID).Scan(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(a) != "" {
		return
	}
	text := "Vi må styrke samtalene med barna."
	if _, err := st.SaveDraft(system, store.DraftInput{ServiceID: serviceID, RoundID: roundID, Assessment: &text}); err != nil {
		t.Fatal(err)
	}
}

// sameCases returns n cases that all give def, started in the month given.
func sameCases(n int, started, def string, options map[string]string) []formCase {
	out := make([]formCase, n)
	for i := range out {
		out[i] = formCase{started: started, def: def, options: options}
	}
	return out
}

const submitForm = `mutation($id: ID!) { submitSubmission(input: {submissionId: $id}) { status revision } }`
const reopenForm = `mutation($id: ID!) { reopenSubmission(input: {submissionId: $id}) { status } }`

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
