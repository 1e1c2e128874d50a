package server_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

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
	if err := in.Store.DB.NewSelect().Model(&qs).Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
		Where("r.id = ?", mustInt(roundID)).OrderExpr("q.position").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	var collects bool
	if err := in.Store.DB.NewSelect().TableExpr("questionnaires AS qn").Join("JOIN rounds AS r ON r.questionnaire_id = qn.id").
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
	ensureAssessment(t, in.Store, mustInt(serviceID), mustInt(roundID))
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
func ensureAssessment(t *testing.T, st *store.Store, serviceID, roundID int64) {
	t.Helper()
	var a string
	if err := st.DB.NewSelect().TableExpr("submissions").Column("assessment").
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

type reflectionQ struct {
	ID   string
	Code string
	Kind string
}

func roundReflectionQuestions(t *testing.T, in *instance, roundID string) (refl, feedback []reflectionQ) {
	t.Helper()
	var data struct {
		Round struct {
			Questionnaire struct {
				ReflectionQuestions []reflectionQ
				FeedbackQuestions   []reflectionQ
			}
		}
	}
	in.mustQuery(t, `query($r: ID!) { round(id: $r) { questionnaire { reflectionQuestions { id code kind } feedbackQuestions { id code kind } } } }`,
		map[string]any{"r": roundID}, &data)
	return data.Round.Questionnaire.ReflectionQuestions, data.Round.Questionnaire.FeedbackQuestions
}

func TestSupervisionFeedback(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r1, r2 := roundID(t, a, 1), roundID(t, a, 2)
	svc := serviceID(t, a, "Bodø")
	var office struct {
		Service struct{ Office struct{ ID string } }
	}
	a.mustQuery(t, `query($s: ID!) { service(id: $s) { office { id } } }`, map[string]any{"s": svc}, &office)
	officeID := office.Service.Office.ID
	other := serviceID(t, a, "Bergen")
	var otherOffice struct {
		Service struct{ Office struct{ ID string } }
	}
	a.mustQuery(t, `query($s: ID!) { service(id: $s) { office { id } } }`, map[string]any{"s": other}, &otherOffice)

	if _, fb := roundReflectionQuestions(t, a, r1); len(fb) != 0 {
		t.Errorf("round 1 asks %d questions on the supervision, want 0", len(fb))
	}
	refl, fb := roundReflectionQuestions(t, a, r2)
	if len(refl) != 3 || len(fb) != 5 {
		t.Fatalf("round 2: %d reflection and %d feedback questions, want 3 and 5", len(refl), len(fb))
	}
	for i, q := range fb {
		if q.Kind != "FEEDBACK" || q.Code != "T"+itoa(int64(i+1)) {
			t.Errorf("feedback question %d: %+v", i, q)
		}
	}

	leader := srv.leader(t, svc)
	const save = `mutation($s: ID!, $r: ID!, $fb: [ReflectionAnswerInput!], $refl: [ReflectionAnswerInput!]) {
		saveSubmissionDraft(input: {serviceId: $s, roundId: $r, feedback: $fb, reflections: $refl}) { feedback { question { code kind } answer } reflections { question { code } } } }`
	vars := func(fb, refl []map[string]any) map[string]any {
		return map[string]any{"s": svc, "r": r2, "fb": fb, "refl": refl}
	}
	// Bad input changes nothing: personal data, a reflection question given as feedback and the
	// other way round.
	e := leader.mustFail(t, "PERSONAL_DATA", save, vars([]map[string]any{{"questionId": fb[0].ID, "answer": "Ring 412 34 567 om dette."}}, nil))
	if e.Extensions["field"] != "feedback[0].answer" {
		t.Errorf("personal data: field %v, want feedback[0].answer", e.Extensions["field"])
	}
	e = leader.mustFail(t, "BAD_USER_INPUT", save, vars([]map[string]any{{"questionId": refl[0].ID, "answer": "Feil sted"}}, nil))
	if e.Extensions["field"] != "feedback[0].questionId" {
		t.Errorf("reflection as feedback: field %v", e.Extensions["field"])
	}
	e = leader.mustFail(t, "BAD_USER_INPUT", save, vars(nil, []map[string]any{{"questionId": fb[0].ID, "answer": "Feil sted"}}))
	if e.Extensions["field"] != "reflections[0].questionId" {
		t.Errorf("feedback as reflection: field %v", e.Extensions["field"])
	}
	leader.mustFail(t, "PERSONAL_DATA_WARNING", save, vars([]map[string]any{{"questionId": fb[3].ID, "answer": "Vi har mange med diagnosen ADHD."}}, nil))

	var saved struct {
		SaveSubmissionDraft struct {
			Feedback []struct {
				Question struct{ Code, Kind string }
				Answer   string
			}
			Reflections []struct{ Question struct{ Code string } }
		}
	}
	leader.mustQuery(t, save, vars([]map[string]any{
		{"questionId": fb[0].ID, "answer": "Lærerikt å delta."},
		{"questionId": fb[2].ID, "answer": "  Vi savnet eksempler.  "},
	}, []map[string]any{{"questionId": refl[0].ID, "answer": "Tiltakene virket delvis."}}), &saved)
	got := saved.SaveSubmissionDraft
	if len(got.Feedback) != 2 || got.Feedback[1].Answer != "Vi savnet eksempler." || got.Feedback[0].Question.Kind != "FEEDBACK" || len(got.Reflections) != 1 {
		t.Fatalf("saved draft: %+v", got)
	}

	adv := srv.advisor(t, officeID)
	const read = `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { feedback { question { code } answer } revisions { feedback { answer } } } }`
	type readResult struct {
		Submission struct {
			Feedback  []struct{ Answer string }
			Revisions []struct{ Feedback []struct{ Answer string } }
		}
	}
	var before readResult
	adv.mustQuery(t, read, map[string]any{"s": svc, "r": r2}, &before)
	if len(before.Submission.Feedback) != 0 {
		t.Errorf("the county office reads the draft's feedback before submit: %+v", before.Submission.Feedback)
	}

	subID := fillCases(t, srv, svc, r2, sameCases(5, "2025-06", "YES", nil))
	leader.mustQuery(t, submitForm, map[string]any{"id": subID}, nil)
	leader.mustQuery(t, reopenForm, map[string]any{"id": subID}, nil)
	leader.mustQuery(t, save, vars([]map[string]any{{"questionId": fb[0].ID, "answer": "Endret etter innsending."}}, nil), nil)

	var after readResult
	adv.mustQuery(t, read, map[string]any{"s": svc, "r": r2}, &after)
	if len(after.Submission.Feedback) != 2 || after.Submission.Feedback[0].Answer != "Lærerikt å delta." {
		t.Errorf("the county office reads %+v, want the submitted revision's two answers", after.Submission.Feedback)
	}
	if len(after.Submission.Revisions) != 1 || len(after.Submission.Revisions[0].Feedback) != 2 {
		t.Errorf("revisions: %+v", after.Submission.Revisions)
	}

	// Helsetilsynet's view, by office; nobody else has it.
	const list = `query($r: ID!, $o: ID) { supervisionFeedback(roundId: $r, officeId: $o) { office { id } service { id name } revision answers { question { code } answer } } }`
	var all struct {
		SupervisionFeedback []struct {
			Office   struct{ ID string }
			Service  struct{ ID, Name string }
			Revision int
			Answers  []struct {
				Question struct{ Code string }
				Answer   string
			}
		}
	}
	a.mustQuery(t, list, map[string]any{"r": r2}, &all)
	if len(all.SupervisionFeedback) != 1 {
		t.Fatalf("supervisionFeedback: %+v, want Bodø only", all.SupervisionFeedback)
	}
	row := all.SupervisionFeedback[0]
	if row.Service.ID != svc || row.Office.ID != officeID || row.Revision != 1 || len(row.Answers) != 2 || row.Answers[1].Question.Code != "T3" ||
		row.Answers[0].Answer != "Lærerikt å delta." {
		t.Errorf("supervisionFeedback row: %+v", row)
	}
	a.mustQuery(t, list, map[string]any{"r": r2, "o": otherOffice.Service.Office.ID}, &all)
	if len(all.SupervisionFeedback) != 0 {
		t.Errorf("another office's feedback: %+v", all.SupervisionFeedback)
	}
	adv.mustFail(t, "FORBIDDEN", list, map[string]any{"r": r2})
	leader.mustFail(t, "FORBIDDEN", list, map[string]any{"r": r2})

	status, body, ctype := a.download(t, "/exports/feedback/"+r2+".csv")
	if status != 200 || !strings.HasPrefix(ctype, "text/csv") || !strings.Contains(string(body), "Lærerikt å delta.") ||
		strings.Contains(string(body), "Endret etter innsending.") || !strings.Contains(string(body), "T3") {
		t.Errorf("CSV export: %d %s\n%s", status, ctype, body)
	}
	if status, body, _ := a.download(t, "/exports/feedback/"+r2+".xlsx"); status != 200 || len(body) < 100 {
		t.Errorf("XLSX export: %d, %d bytes", status, len(body))
	}
	if status, _, _ := adv.download(t, "/exports/feedback/"+r2+".csv"); status != 403 {
		t.Errorf("the county office downloads the feedback export: %d, want 403", status)
	}
}

type wayForwardCounts struct {
	Submitted, Continue, Adjust, MakePermanent, NotGiven int
}

const wayForwardFields = `submitted continue adjust makePermanent notGiven`

func TestWayForward(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r1, r2 := roundID(t, a, 1), roundID(t, a, 2)
	bodo, bergen := serviceID(t, a, "Bodø"), serviceID(t, a, "Bergen")
	bodoOffice, bergenOffice := officeOf(t, a, bodo), officeOf(t, a, bergen)
	leader := srv.leader(t, bodo)
	const save = `mutation($s: ID!, $r: ID!, $w: WayForwardInput) {
		saveSubmissionDraft(input: {serviceId: $s, roundId: $r, wayForward: $w}) { wayForward { decision comment } } }`
	vars := func(s, r string, w map[string]any) map[string]any { return map[string]any{"s": s, "r": r, "w": w} }

	e := leader.mustFail(t, "FIELD_NOT_COLLECTED", save, vars(bodo, r1, map[string]any{"decision": "CONTINUE"}))
	if e.Extensions["field"] != "wayForward" {
		t.Errorf("round 1: field %v", e.Extensions["field"])
	}
	leader.mustFail(t, "BAD_USER_INPUT", save, vars(bodo, r2, map[string]any{"decision": nil, "comment": "Uten valg"}))
	e = leader.mustFail(t, "PERSONAL_DATA", save, vars(bodo, r2, map[string]any{"decision": "ADJUST", "comment": "Spør ola@example.no"}))
	if e.Extensions["field"] != "wayForward.comment" {
		t.Errorf("personal data: field %v", e.Extensions["field"])
	}
	leader.mustFail(t, "GRAPHQL_VALIDATION_FAILED", save, vars(bodo, r2, map[string]any{"decision": "STOP"}))
	var saved struct {
		SaveSubmissionDraft struct {
			WayForward *struct{ Decision, Comment string }
		}
	}
	leader.mustQuery(t, save, vars(bodo, r2, map[string]any{"decision": "ADJUST", "comment": " Vi justerer fristoppfølgingen. "}), &saved)
	if w := saved.SaveSubmissionDraft.WayForward; w == nil || w.Decision != "ADJUST" || w.Comment != "Vi justerer fristoppfølgingen." {
		t.Fatalf("saved: %+v", w)
	}

	adv := srv.advisor(t, bodoOffice)
	const read = `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { wayForward { decision comment } revisions { wayForward { decision } } } }`
	var seen struct {
		Submission struct {
			WayForward *struct{ Decision, Comment string }
			Revisions  []struct{ WayForward *struct{ Decision string } }
		}
	}
	adv.mustQuery(t, read, map[string]any{"s": bodo, "r": r2}, &seen)
	if seen.Submission.WayForward != nil {
		t.Errorf("the county office reads the draft's decision: %+v", seen.Submission.WayForward)
	}
	subID := fillCases(t, srv, bodo, r2, sameCases(5, "2025-06", "YES", nil))
	leader.mustQuery(t, submitForm, map[string]any{"id": subID}, nil)
	leader.mustQuery(t, reopenForm, map[string]any{"id": subID}, nil)
	leader.mustQuery(t, save, vars(bodo, r2, map[string]any{"decision": "CONTINUE"}), nil)
	adv.mustQuery(t, read, map[string]any{"s": bodo, "r": r2}, &seen)
	if w := seen.Submission.WayForward; w == nil || w.Decision != "ADJUST" || w.Comment != "Vi justerer fristoppfølgingen." ||
		len(seen.Submission.Revisions) != 1 || seen.Submission.Revisions[0].WayForward.Decision != "ADJUST" {
		t.Errorf("the county office reads %+v, want the submitted ADJUST", seen.Submission)
	}

	// Bergen decides to make its measures permanent; Bodø's reopened draft does not count.
	bergenLeader := srv.leader(t, bergen)
	bergenLeader.mustQuery(t, save, vars(bergen, r2, map[string]any{"decision": "MAKE_PERMANENT"}), nil)
	bergenSub := fillCases(t, srv, bergen, r2, sameCases(5, "2025-06", "YES", nil))
	bergenLeader.mustQuery(t, submitForm, map[string]any{"id": bergenSub}, nil)

	tests := []struct {
		name   string
		caller *instance
		office string
		want   wayForwardCounts
	}{
		{"national", a, "", wayForwardCounts{Submitted: 2, Adjust: 1, MakePermanent: 1}},
		{"national, one office", a, bergenOffice, wayForwardCounts{Submitted: 1, MakePermanent: 1}},
		{"county office, own", adv, "", wayForwardCounts{Submitted: 1, Adjust: 1}},
		{"county office, other office", adv, bergenOffice, wayForwardCounts{}},
		{"service", leader, "", wayForwardCounts{Submitted: 1, Adjust: 1}},
	}
	for _, tc := range tests {
		var got struct{ WayForwardCounts wayForwardCounts }
		v := map[string]any{"r": r2}
		if tc.office != "" {
			v["o"] = tc.office
		}
		tc.caller.mustQuery(t, `query($r: ID!, $o: ID) { wayForwardCounts(roundId: $r, officeId: $o) { `+wayForwardFields+` } }`, v, &got)
		if got.WayForwardCounts != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got.WayForwardCounts, tc.want)
		}
	}
	var report struct {
		CountyReport struct{ WayForward wayForwardCounts }
	}
	adv.mustQuery(t, `query($o: ID!, $r: ID!) { countyReport(officeId: $o, roundId: $r) { wayForward { `+wayForwardFields+` } } }`,
		map[string]any{"o": bodoOffice, "r": r2}, &report)
	if want := (wayForwardCounts{Submitted: 1, Adjust: 1}); report.CountyReport.WayForward != want {
		t.Errorf("county report: %+v, want %+v", report.CountyReport.WayForward, want)
	}

	// Text typed by mistake in the comment is removed by a redaction like any other text.
	var red struct{ RedactText struct{ Total int } }
	leader.mustQuery(t, `mutation($s: ID!, $r: ID!) { redactText(input: {serviceId: $s, roundId: $r, text: "fristoppfølgingen", reason: CONFIDENTIAL}) { total } }`,
		map[string]any{"s": bodo, "r": r2}, &red)
	adv.mustQuery(t, read, map[string]any{"s": bodo, "r": r2}, &seen)
	if red.RedactText.Total == 0 || strings.Contains(seen.Submission.WayForward.Comment, "fristoppfølgingen") {
		t.Errorf("redaction: %d places, comment now %q", red.RedactText.Total, seen.Submission.WayForward.Comment)
	}
}

type dist struct{ Yes, Partly, No, Denominator int }

type optionStats struct {
	Yes, Partly, No struct{ Count int }
	Denominator     int
}

func (o optionStats) dist() dist { return dist{o.Yes.Count, o.Partly.Count, o.No.Count, o.Denominator} }

const formComparisonQuery = `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) {
	previousGoals { index goal { description question { code } } judgement
		results { question { code } previous { yes partly no denominator } current { yes partly no denominator } previousSuppressed currentSuppressed } }
	comparison { provisional suppressed previousRound { number }
		total { questions { code } current { yes { count } partly { count } no { count } denominator } previous { yes { count } partly { count } no { count } denominator } yesChange { difference } noChange { difference } }
		focus { questions { code } current { yes { count } partly { count } no { count } denominator } previous { yes { count } partly { count } no { count } denominator } }
		questions { question { code } focus comparability } } } }`

type comparisonTotal struct {
	Questions         []struct{ Code string }
	Current, Previous optionStats
	YesChange         *struct{ Difference float64 }
	NoChange          *struct{ Difference float64 }
}

type formComparisonResult struct {
	Submission struct {
		PreviousGoals []struct {
			Index int
			Goal  struct {
				Description string
				Question    struct{ Code string }
			}
			Judgement *string
			Results   []struct {
				Question           struct{ Code string }
				Previous, Current  dist
				PreviousSuppressed bool
				CurrentSuppressed  bool
			}
		}
		Comparison *struct {
			Provisional, Suppressed bool
			PreviousRound           struct{ Number int }
			Total, Focus            comparisonTotal
			Questions               []struct {
				Question      struct{ Code string }
				Focus         bool
				Comparability string
			}
		}
	}
}

func codes(qs []struct{ Code string }) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Code
	}
	return out
}

// TestRoundOneGoalsAndFullComparison follows a round-1 plan up in round 2: each goal beside this
// round's result on its question, the service's judgement, the focus questions marked, and the
// comparison of Ja, Delvis and Nei in total and on the focus questions (provisional while a draft).
func TestRoundOneGoalsAndFullComparison(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r1, r2 := roundID(t, a, 1), roundID(t, a, 2)
	svc := serviceID(t, a, "Bodø")
	leader := srv.leader(t, svc)
	adv := srv.advisor(t, officeOf(t, a, svc))
	q1 := questions(t, a, r1)

	// Round 1: five cases, 1.1 Delvis, 3.2 and 3.7 Nei, the rest Ja; the plan targets 3.2 and 3.7.
	sub1 := fillCases(t, srv, svc, r1, sameCases(5, "2024-05", "YES", map[string]string{"1.1": "PARTLY", "3.2": "NO", "3.7": "NO"}))
	plan := map[string]any{"goals": []any{
		map[string]any{"questionId": q1["3.2"].ID, "description": "Samtale med barnet i alle saker",
			"actions": []any{map[string]any{"description": "Sjekkliste", "dueDate": "2025-03-31"}}},
		map[string]any{"questionId": q1["3.7"].ID, "description": "Samarbeid med foreldre og barn"},
	}}
	leader.mustQuery(t, `mutation($s: ID!, $r: ID!, $p: ImprovementPlanInput) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, improvementPlan: $p}) { id } }`,
		map[string]any{"s": svc, "r": r1, "p": plan}, nil)
	leader.mustQuery(t, submitForm, map[string]any{"id": sub1}, nil)

	// Round 2: 3.2 Ja in three cases and Nei in two, 3.7a Ja, 3.7b Delvis, the rest Ja.
	r2Cases := append(sameCases(3, "2025-06", "YES", map[string]string{"3.7b": "PARTLY"}),
		sameCases(2, "2025-07", "YES", map[string]string{"3.2": "NO", "3.7b": "PARTLY"})...)
	sub2 := fillCases(t, srv, svc, r2, r2Cases)

	// The like-with-like total: the round-2 questions that continue one round-1 question one to one,
	// worked out here from the lineage the graph shows.
	var lineage struct {
		Round struct {
			Questionnaire struct {
				Questions []struct {
					Code          string
					Comparability string
				}
			}
		}
	}
	a.mustQuery(t, `query($r: ID!) { round(id: $r) { questionnaire { questions { code comparability } } } }`, map[string]any{"r": r2}, &lineage)
	oneToOne := 0
	for _, q := range lineage.Round.Questionnaire.Questions {
		if q.Comparability == "SAME" || q.Comparability == "CHANGED_OPTIONS" {
			oneToOne++
		}
	}
	if oneToOne < 10 {
		t.Fatalf("only %d one-to-one questions; is the lineage seeded?", oneToOne)
	}

	check := func(name string, in *instance, wantProvisional bool, wantJudgement *string) {
		t.Helper()
		var got formComparisonResult
		in.mustQuery(t, formComparisonQuery, map[string]any{"s": svc, "r": r2}, &got)
		goals := got.Submission.PreviousGoals
		if len(goals) != 2 || goals[0].Goal.Question.Code != "3.2" || goals[1].Goal.Question.Code != "3.7" {
			t.Fatalf("%s: previous goals %+v", name, goals)
		}
		if len(goals[0].Results) != 1 || goals[0].Results[0].Question.Code != "3.2" ||
			goals[0].Results[0].Previous != (dist{0, 0, 5, 5}) || goals[0].Results[0].Current != (dist{3, 0, 2, 5}) {
			t.Errorf("%s: goal 3.2 results %+v", name, goals[0].Results)
		}
		if r := goals[1].Results; len(r) != 2 || r[0].Question.Code != "3.7a" || r[1].Question.Code != "3.7b" ||
			r[0].Current != (dist{5, 0, 0, 5}) || r[1].Current != (dist{0, 5, 0, 5}) || r[1].Previous != (dist{0, 0, 5, 5}) {
			t.Errorf("%s: goal 3.7 results %+v", name, r)
		}
		if (goals[0].Judgement == nil) != (wantJudgement == nil) || (wantJudgement != nil && *goals[0].Judgement != *wantJudgement) {
			t.Errorf("%s: judgement %v, want %v", name, goals[0].Judgement, wantJudgement)
		}
		c := got.Submission.Comparison
		if c == nil {
			t.Fatalf("%s: no comparison", name)
		}
		if c.Provisional != wantProvisional || c.Suppressed || c.PreviousRound.Number != 1 {
			t.Errorf("%s: provisional %v suppressed %v previous %d", name, c.Provisional, c.Suppressed, c.PreviousRound.Number)
		}
		focus := map[string]bool{}
		for _, q := range c.Questions {
			focus[q.Question.Code] = q.Focus
		}
		if !focus["3.2"] || !focus["3.7a"] || !focus["3.7b"] || focus["1.1"] || focus["4.1"] {
			t.Errorf("%s: focus %v", name, focus)
		}
		n := oneToOne
		if want := (dist{5*(n-2) + 0, 5, 5, 5 * n}); c.Total.Previous.dist() != want {
			t.Errorf("%s: total previous %+v, want %+v", name, c.Total.Previous.dist(), want)
		}
		if want := (dist{5*n - 2, 0, 2, 5 * n}); c.Total.Current.dist() != want {
			t.Errorf("%s: total current %+v, want %+v", name, c.Total.Current.dist(), want)
		}
		if len(c.Total.Questions) != n || slices.Contains(codes(c.Total.Questions), "3.7a") {
			t.Errorf("%s: total over %v", name, codes(c.Total.Questions))
		}
		if c.Total.YesChange == nil || c.Total.NoChange == nil || c.Total.NoChange.Difference >= 0 {
			t.Errorf("%s: total changes %+v %+v", name, c.Total.YesChange, c.Total.NoChange)
		}
		// The focus total is 3.2 alone: 3.7 was split, so its parts are compared one by one.
		if fq := codes(c.Focus.Questions); len(fq) != 1 || fq[0] != "3.2" ||
			c.Focus.Previous.dist() != (dist{0, 0, 5, 5}) || c.Focus.Current.dist() != (dist{3, 0, 2, 5}) {
			t.Errorf("%s: focus total %+v", name, c.Focus)
		}
	}

	// A draft: the service sees the comparison from its live cases, marked provisional; outside
	// the service nothing is compared before the first submission.
	check("draft, service", leader, true, nil)
	var outside formComparisonResult
	adv.mustQuery(t, formComparisonQuery, map[string]any{"s": svc, "r": r2}, &outside)
	if outside.Submission.Comparison != nil {
		t.Errorf("the county office compares a draft: %+v", outside.Submission.Comparison)
	}

	// The judgements: only in rounds after the first, only of goals the plan has.
	const judge = `mutation($s: ID!, $r: ID!, $g: [GoalResultInput!]) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, goalResults: $g}) { previousGoals { index judgement } } }`
	leader.mustFail(t, "FIELD_NOT_COLLECTED", judge, map[string]any{"s": svc, "r": r1, "g": []any{map[string]any{"goal": 0, "result": "REACHED"}}})
	e := leader.mustFail(t, "BAD_USER_INPUT", judge, map[string]any{"s": svc, "r": r2, "g": []any{map[string]any{"goal": 2, "result": "REACHED"}}})
	if e.Extensions["field"] != "goalResults[0].goal" {
		t.Errorf("unknown goal: field %v", e.Extensions["field"])
	}
	leader.mustQuery(t, judge, map[string]any{"s": svc, "r": r2, "g": []any{map[string]any{"goal": 0, "result": "PARTLY_REACHED"}}}, nil)
	partly := "PARTLY_REACHED"
	check("judged draft, service", leader, true, &partly)

	leader.mustQuery(t, submitForm, map[string]any{"id": sub2}, nil)
	check("submitted, service", leader, false, &partly)
	check("submitted, county office", adv, false, &partly)
	check("submitted, Helsetilsynet", a, false, &partly)

	// A change after re-opening stays inside the service until it is sent again.
	leader.mustQuery(t, reopenForm, map[string]any{"id": sub2}, nil)
	leader.mustQuery(t, judge, map[string]any{"s": svc, "r": r2, "g": []any{map[string]any{"goal": 0, "result": "REACHED"}}}, nil)
	reached := "REACHED"
	check("reopened, service", leader, true, &reached)
	check("reopened, county office", adv, false, &partly)

	// The round comparison marks the focus questions of one service.
	var rc struct {
		RoundComparison struct {
			Questions []struct {
				Question struct{ Code string }
				Focus    bool
			}
		}
	}
	a.mustQuery(t, `query($r: ID!, $s: ID!) { roundComparison(roundId: $r, scope: {serviceId: $s}) { questions { question { code } focus } } }`,
		map[string]any{"r": r2, "s": svc}, &rc)
	marked := []string{}
	for _, q := range rc.RoundComparison.Questions {
		if q.Focus {
			marked = append(marked, q.Question.Code)
		}
	}
	if strings.Join(marked, ",") != "3.2,3.7a,3.7b" {
		t.Errorf("roundComparison focus: %v, want 3.2, 3.7a, 3.7b", marked)
	}
	a.mustQuery(t, `query($r: ID!) { roundComparison(roundId: $r) { questions { question { code } focus } } }`, map[string]any{"r": r2}, &rc)
	for _, q := range rc.RoundComparison.Questions {
		if q.Focus {
			t.Errorf("national comparison marks %s as focus", q.Question.Code)
		}
	}

	// Small numbers: a service with 3 cases in round 2 is compared inside the service only.
	small := serviceID(t, a, "Bergen")
	smallLeader := srv.leader(t, small)
	s1 := fillCases(t, srv, small, r1, sameCases(5, "2024-05", "YES", nil))
	smallLeader.mustQuery(t, submitForm, map[string]any{"id": s1}, nil)
	s2 := fillCases(t, srv, small, r2, sameCases(3, "2025-06", "NO", nil))
	smallLeader.mustQuery(t, submitForm, map[string]any{"id": s2}, nil)
	var in, out formComparisonResult
	smallLeader.mustQuery(t, formComparisonQuery, map[string]any{"s": small, "r": r2}, &in)
	a.mustQuery(t, formComparisonQuery, map[string]any{"s": small, "r": r2}, &out)
	if c := in.Submission.Comparison; c == nil || c.Suppressed || c.Total.Current.No.Count == 0 {
		t.Errorf("inside the service: %+v", c)
	}
	if c := out.Submission.Comparison; c == nil || !c.Suppressed || c.Total.Current.Denominator != 0 || c.Total.Previous.Denominator != 0 {
		t.Errorf("outside the service, 3 cases: %+v", c)
	}
}

type caseSelection struct {
	CaseCount              int
	PreviousCaseCount      *int
	PreviousRound          *struct{ Number int }
	MeasuresStartedOn      *string
	MeasuresStartSource    *string
	CasesStartedBefore     []int
	CasesWithoutStartMonth []int
	FewerThanPrevious      bool
	BelowSmallNumberFloor  bool
}

const caseSelectionQuery = `query($s: ID!, $r: ID!) { caseSelection(serviceId: $s, roundId: $r) { caseCount previousCaseCount previousRound { number }
	measuresStartedOn measuresStartSource casesStartedBefore casesWithoutStartMonth fewerThanPrevious belowSmallNumberFloor } }`

// TestCaseSelection checks round 2's cases against the guidance of document 002: round 1's
// number, start months against when the measures began, and a pragmatic word when there are few.
func TestCaseSelection(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r1, r2 := roundID(t, a, 1), roundID(t, a, 2)
	q1 := questions(t, a, r1)

	var guidance struct {
		Rounds []struct {
			Number           int
			SamplingGuidance *struct{ NB, NN, EN string }
		}
	}
	a.mustQuery(t, `{ rounds { number samplingGuidance { nb nn en } } }`, nil, &guidance)
	for _, r := range guidance.Rounds {
		g := r.SamplingGuidance
		if g == nil || g.NB == "" || g.NN == "" || g.EN == "" {
			t.Fatalf("round %d has no sampling guidance in every language: %+v", r.Number, g)
		}
		if after := strings.Contains(g.NB, "startet etter at forbedringstiltakene kom i gang"); after != (r.Number == 2) {
			t.Errorf("round %d guidance speaks of cases started after the measures: %v", r.Number, after)
		}
	}

	tests := []struct {
		name       string
		service    string
		actions    []any
		r2         []formCase
		wantSource string
		wantStart  string // "" means the day of round 1's submission
		before     []int
		noMonth    []int
		fewer      bool
		belowFloor bool
	}{
		{
			name: "action start dates", service: "Bodø",
			actions: []any{
				map[string]any{"description": "Sjekkliste", "startDate": "2025-03-15", "dueDate": "2025-06-30", "status": "DONE"},
				map[string]any{"description": "Avlyst tiltak", "startDate": "2024-12-01", "status": "CANCELLED"},
			},
			r2:         []formCase{{started: "2025-02"}, {started: "2025-03"}, {started: "2025-05"}, {}},
			wantSource: "ACTION_START", wantStart: "2025-03-15", before: []int{1}, noMonth: []int{4}, fewer: true, belowFloor: true,
		},
		{
			name: "plan submitted", service: "Bergen",
			actions:    []any{map[string]any{"description": "Kollegaveiledning", "dueDate": "2025-06-30"}},
			r2:         append(sameCases(6, "2099-01", "YES", nil), formCase{started: "2020-01"}),
			wantSource: "PLAN_SUBMITTED", before: []int{7}, noMonth: []int{}, fewer: false, belowFloor: false,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svc := serviceID(t, a, tc.service)
			leader := srv.leader(t, svc)
			sub1 := fillCases(t, srv, svc, r1, sameCases(8, "2024-05", "YES", nil))
			plan := map[string]any{"goals": []any{map[string]any{"questionId": q1["3.2"].ID, "description": "Samtale med barnet", "actions": tc.actions}}}
			leader.mustQuery(t, `mutation($s: ID!, $r: ID!, $p: ImprovementPlanInput) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, improvementPlan: $p}) { id } }`,
				map[string]any{"s": svc, "r": r1, "p": plan}, nil)
			var submitted struct{ SubmitSubmission struct{ SubmittedAt string } }
			leader.mustQuery(t, `mutation($id: ID!) { submitSubmission(input: {submissionId: $id}) { submittedAt } }`, map[string]any{"id": sub1}, &submitted)

			var first struct{ CaseSelection caseSelection }
			leader.mustQuery(t, caseSelectionQuery, map[string]any{"s": svc, "r": r1}, &first)
			if first.CaseSelection.PreviousRound != nil || first.CaseSelection.PreviousCaseCount != nil || first.CaseSelection.CaseCount != 8 {
				t.Errorf("round 1: %+v", first.CaseSelection)
			}

			// Cases that started before the measures are warned about, never refused.
			fillCases(t, srv, svc, r2, tc.r2)
			var got struct{ CaseSelection caseSelection }
			leader.mustQuery(t, caseSelectionQuery, map[string]any{"s": svc, "r": r2}, &got)
			c := got.CaseSelection
			wantStart := tc.wantStart
			if wantStart == "" {
				wantStart = domainDateOf(t, submitted.SubmitSubmission.SubmittedAt)
			}
			if c.CaseCount != len(tc.r2) || c.PreviousCaseCount == nil || *c.PreviousCaseCount != 8 || c.PreviousRound == nil || c.PreviousRound.Number != 1 {
				t.Errorf("counts: %+v", c)
			}
			if c.MeasuresStartSource == nil || *c.MeasuresStartSource != tc.wantSource || c.MeasuresStartedOn == nil || *c.MeasuresStartedOn != wantStart {
				t.Errorf("measures began: %v from %v, want %s from %s", deref(c.MeasuresStartedOn), deref(c.MeasuresStartSource), wantStart, tc.wantSource)
			}
			if !slices.Equal(c.CasesStartedBefore, tc.before) || !slices.Equal(c.CasesWithoutStartMonth, tc.noMonth) {
				t.Errorf("started before %v (want %v), without month %v (want %v)", c.CasesStartedBefore, tc.before, c.CasesWithoutStartMonth, tc.noMonth)
			}
			if c.FewerThanPrevious != tc.fewer || c.BelowSmallNumberFloor != tc.belowFloor {
				t.Errorf("fewer %v (want %v), below floor %v (want %v)", c.FewerThanPrevious, tc.fewer, c.BelowSmallNumberFloor, tc.belowFloor)
			}
			// Cases never leave the service.
			srv.advisor(t, officeOf(t, a, svc)).mustFail(t, "FORBIDDEN", caseSelectionQuery, map[string]any{"s": svc, "r": r2})
			srv.leader(t, serviceID(t, a, "Tromsø")).mustFail(t, "NOT_FOUND", caseSelectionQuery, map[string]any{"s": svc, "r": r2})
		})
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// domainDateOf is the Oslo date of an RFC 3339 time, as the server reckons dates.
func domainDateOf(t *testing.T, ts string) string {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		t.Fatal(err)
	}
	return domain.DateOf(tm).String()
}

// TestSupportMaterial: document 002's links and the two contacts, per round as data that
// Helsetilsynet changes (audited) and nobody else does.
func TestSupportMaterial(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r2 := roundID(t, a, 2)
	svc := serviceID(t, a, "Bodø")
	leader := srv.leader(t, svc)
	type resource struct {
		Kind        string
		Title       struct{ NB, NN, EN string }
		Description *struct{ NB string }
		URL         string
	}
	var got struct {
		Round struct {
			SupportResources []resource
			SamplingGuidance struct{ NB string }
		}
		Service struct{ Office struct{ WebURL string } }
	}
	const read = `query($r: ID!, $s: ID!) { round(id: $r) { supportResources { kind title { nb nn en } description { nb } url } samplingGuidance { nb } }
		service(id: $s) { office { webUrl } } }`
	leader.mustQuery(t, read, map[string]any{"r": r2, "s": svc}, &got)
	titles := []string{}
	for _, r := range got.Round.SupportResources {
		titles = append(titles, r.Kind+": "+r.Title.NB)
		if !strings.HasPrefix(r.URL, "https://") || r.Title.NN == "" || r.Title.EN == "" {
			t.Errorf("resource %+v", r)
		}
	}
	want := "LINK: Veiledning for forbedringsarbeid|LINK: Fagressurs for implementering|LINK: Forbedringsguiden (I trygge hender 24-7)|LINK: Helsebiblioteket|TECHNICAL_CONTACT: Helsetilsynet – tekniske spørsmål om løsningen"
	if strings.Join(titles, "|") != want {
		t.Errorf("resources:\n%s\nwant\n%s", strings.Join(titles, "|"), want)
	}
	if got.Service.Office.WebURL != "https://www.statsforvalteren.no/nb/nordland/" {
		t.Errorf("Bodø's subject-matter contact: %q", got.Service.Office.WebURL)
	}

	const set = `mutation($in: RoundSupportInput!) { setRoundSupport(input: $in) { samplingGuidance { nb } supportResources { kind title { nb } url } } }`
	text := func(s string) map[string]any { return map[string]any{"nb": s, "nn": s + " (nn)", "en": s + " (en)"} }
	link := func(title, url string) map[string]any {
		return map[string]any{"kind": "LINK", "title": text(title), "url": url}
	}
	for _, tc := range []struct {
		name, field string
		in          map[string]any
	}{
		{"no https", "resources[0].url", map[string]any{"roundId": r2, "resources": []any{link("Lenke", "http://example.no")}}},
		{"script", "resources[0].url", map[string]any{"roundId": r2, "resources": []any{link("Lenke", "javascript:alert(1)")}}},
		{"missing language", "resources[0].title.nn", map[string]any{"roundId": r2, "resources": []any{map[string]any{"kind": "LINK",
			"title": map[string]any{"nb": "Lenke", "nn": " ", "en": "Link"}, "url": "https://example.no"}}}},
		{"empty guidance", "samplingGuidance.en", map[string]any{"roundId": r2, "samplingGuidance": map[string]any{"nb": "Velg", "nn": "Vel", "en": ""}}},
	} {
		e := a.mustFail(t, "BAD_USER_INPUT", set, map[string]any{"in": tc.in})
		if e.Extensions["field"] != tc.field {
			t.Errorf("%s: field %v, want %s", tc.name, e.Extensions["field"], tc.field)
		}
	}
	leader.mustFail(t, "FORBIDDEN", set, map[string]any{"in": map[string]any{"roundId": r2, "resources": []any{}}})
	srv.advisor(t, officeOf(t, a, svc)).mustFail(t, "FORBIDDEN", set, map[string]any{"in": map[string]any{"roundId": r2, "resources": []any{}}})

	var changed struct {
		SetRoundSupport struct {
			SamplingGuidance struct{ NB string }
			SupportResources []resource
		}
	}
	a.mustQuery(t, set, map[string]any{"in": map[string]any{"roundId": r2, "samplingGuidance": text("Ny veiledning"),
		"resources": []any{link("Ny lenke", "https://www.helsetilsynet.no/"), map[string]any{"kind": "TECHNICAL_CONTACT", "title": text("Brukerstøtte"), "url": "mailto:postmottak@helsetilsynet.no"}}}}, &changed)
	if c := changed.SetRoundSupport; c.SamplingGuidance.NB != "Ny veiledning" || len(c.SupportResources) != 2 || c.SupportResources[1].URL != "mailto:postmottak@helsetilsynet.no" {
		t.Errorf("after the change: %+v", c)
	}
	leader.mustQuery(t, read, map[string]any{"r": r2, "s": svc}, &got)
	if len(got.Round.SupportResources) != 2 || got.Round.SamplingGuidance.NB != "Ny veiledning" {
		t.Errorf("the service reads %+v", got.Round)
	}
	var n int
	if err := srv.Store.DB.NewSelect().TableExpr("audit_log").ColumnExpr("count(*)").Where("action = 'round.support' AND object_id = ?", mustInt(r2)).Scan(context.Background(), &n); err != nil || n != 1 {
		t.Errorf("audit entries: %d (%v), want 1", n, err)
	}
}

// TestPublishedFigures: Helsetilsynet publishes a round's national and county figures; from then on
// services and county offices read them as benchmarks, exactly as Helsetilsynet's own statistics
// show them (small numbers withheld), and nothing of another single service.
func TestPublishedFigures(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r2 := roundID(t, a, 2)
	for _, tc := range []struct {
		name  string
		cases int
	}{{"Bodø", 6}, {"Narvik", 7}, {"Bergen", 6}, {"Tromsø", 3}} {
		svc := serviceID(t, a, tc.name)
		sub := fillCases(t, srv, svc, r2, sameCases(tc.cases, "2025-06", "YES", map[string]string{"3.2": "NO"}))
		srv.leader(t, svc).mustQuery(t, submitForm, map[string]any{"id": sub}, nil)
	}
	bodo := serviceID(t, a, "Bodø")
	leader := srv.leader(t, bodo)
	adv := srv.advisor(t, officeOf(t, a, bodo))

	const fields = `caseCount serviceCount suppressed suppressedReason office { id } county { id } service { id }
		overall { yes { count share } partly { count } no { count } denominator }
		questions { question { code } suppressed options { yes { count } no { count } denominator } }`
	const published = `query($r: ID!) { publishedFigures(roundId: $r) { publishedAt round { id } national { ` + fields + ` } offices { ` + fields + ` } counties { ` + fields + ` } } }`
	type figs = map[string]any
	var before struct{ PublishedFigures *figs }
	leader.mustQuery(t, published, map[string]any{"r": r2}, &before)
	if before.PublishedFigures != nil {
		t.Fatalf("published before publication: %+v", before.PublishedFigures)
	}
	const publish = `mutation($r: ID!) { publishRoundFigures(roundId: $r) { figuresPublishedAt } }`
	leader.mustFail(t, "FORBIDDEN", publish, map[string]any{"r": r2})
	adv.mustFail(t, "FORBIDDEN", publish, map[string]any{"r": r2})
	var p1, p2 struct {
		PublishRoundFigures struct{ FiguresPublishedAt *string }
	}
	a.mustQuery(t, publish, map[string]any{"r": r2}, &p1)
	a.mustQuery(t, publish, map[string]any{"r": r2}, &p2)
	if p1.PublishRoundFigures.FiguresPublishedAt == nil || *p1.PublishRoundFigures.FiguresPublishedAt != deref(p2.PublishRoundFigures.FiguresPublishedAt) {
		t.Errorf("publication time %v then %v", p1.PublishRoundFigures.FiguresPublishedAt, p2.PublishRoundFigures.FiguresPublishedAt)
	}
	var audits int
	if err := srv.Store.DB.NewSelect().TableExpr("audit_log").ColumnExpr("count(*)").Where("action = 'round.publish_figures'").Scan(context.Background(), &audits); err != nil || audits != 1 {
		t.Errorf("audit entries %d (%v), want 1", audits, err)
	}

	// What Helsetilsynet itself reads, nationally and per office and county.
	var own struct {
		National figs   `json:"national"`
		Offices  []figs `json:"offices"`
		Counties []figs `json:"counties"`
	}
	a.mustQuery(t, `query($r: ID!) { national: statistics(roundId: $r) { `+fields+` } offices: statisticsBreakdown(roundId: $r, by: OFFICE) { `+fields+` }
		counties: statisticsBreakdown(roundId: $r, by: COUNTY) { `+fields+` } }`, map[string]any{"r": r2}, &own)
	var withheld int
	for _, f := range append(append([]figs{own.National}, own.Offices...), own.Counties...) {
		if f["suppressed"] == true {
			withheld++
		}
	}
	if withheld == 0 {
		t.Fatal("nothing is withheld; the test needs a small service (Tromsø, 3 cases)")
	}
	for name, in := range map[string]*instance{"service": leader, "county office": adv, "Helsetilsynet": a} {
		var got struct {
			PublishedFigures *struct {
				National figs
				Offices  []figs
				Counties []figs
			}
		}
		in.mustQuery(t, published, map[string]any{"r": r2}, &got)
		pf := got.PublishedFigures
		if pf == nil {
			t.Fatalf("%s: nothing published", name)
		}
		if !jsonEqual(t, pf.National, own.National) || !jsonEqual(t, pf.Offices, own.Offices) || !jsonEqual(t, pf.Counties, own.Counties) {
			t.Errorf("%s reads other published figures than Helsetilsynet's statistics:\n%v\nwant\n%v", name, pf, own)
		}
		for _, f := range append(append([]figs{pf.National}, pf.Offices...), pf.Counties...) {
			if f["service"] != nil {
				t.Errorf("%s: a service's own figures are published: %v", name, f)
			}
		}
	}
	// The service's own reach is unchanged: another office's statistics stay out of reach.
	leader.mustFail(t, "NOT_FOUND", `query($r: ID!, $o: ID!) { statistics(roundId: $r, scope: {officeId: $o}) { caseCount } }`,
		map[string]any{"r": r2, "o": officeOf(t, a, serviceID(t, a, "Bergen"))})
}

func jsonEqual(t *testing.T, a, b any) bool {
	t.Helper()
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return string(x) == string(y)
}

// TestCountyReportRoundTwo: the county report of round 2 pulls in the services' assessments,
// decisions on the way forward and reflections as last submitted, compares like with like through
// the lineage, and Helsetilsynet reads every office's report side by side with its comments.
func TestCountyReportRoundTwo(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r1, r2 := roundID(t, a, 1), roundID(t, a, 2)
	bodo, narvik := serviceID(t, a, "Bodø"), serviceID(t, a, "Narvik")
	office := officeOf(t, a, bodo)
	if officeOf(t, a, narvik) != office {
		t.Fatal("Bodø and Narvik share an office")
	}
	refl, _ := roundReflectionQuestions(t, a, r2)
	leader := srv.leader(t, bodo)
	// Round 1: 3.7 Nei, the rest Ja. Round 2: its parts 3.7a and 3.7b Nei, the rest Ja. One overall
	// share would fall (two Nei questions of more); like with like nothing changed.
	s1 := fillCases(t, srv, bodo, r1, sameCases(5, "2024-05", "YES", map[string]string{"3.7": "NO"}))
	leader.mustQuery(t, submitForm, map[string]any{"id": s1}, nil)
	s2 := fillCases(t, srv, bodo, r2, sameCases(5, "2025-06", "YES", map[string]string{"3.7a": "NO", "3.7b": "NO"}))
	const save = `mutation($s: ID!, $r: ID!, $a: String, $w: WayForwardInput, $refl: [ReflectionAnswerInput!]) {
		saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: $a, wayForward: $w, reflections: $refl}) { id } }`
	leader.mustQuery(t, save, map[string]any{"s": bodo, "r": r2, "a": "Samarbeidet med barnet er fortsatt svakt.",
		"w":    map[string]any{"decision": "ADJUST", "comment": "Nytt tiltak for barnets medvirkning."},
		"refl": []any{map[string]any{"questionId": refl[0].ID, "answer": "Tiltakene virket delvis."}}}, nil)
	leader.mustQuery(t, submitForm, map[string]any{"id": s2}, nil)
	leader.mustQuery(t, reopenForm, map[string]any{"id": s2}, nil)
	leader.mustQuery(t, save, map[string]any{"s": bodo, "r": r2, "a": "Utkast som ikke er sendt."}, nil)
	n2 := fillCases(t, srv, narvik, r2, sameCases(6, "2025-06", "YES", map[string]string{"1.1": "NO"}))
	srv.leader(t, narvik).mustQuery(t, submitForm, map[string]any{"id": n2}, nil)

	const q = `query($o: ID!, $r: ID!) { countyReport(officeId: $o, roundId: $r) {
		results { service { id } yesShare previousYesShare change caseCount previousCaseCount }
		submitted { service { id } submission { assessment wayForward { decision comment } reflections { answer }
			comparison { total { current { yes { share } } previous { yes { share } } } } } }
		wayForward { adjust submitted } } }`
	var rep struct {
		CountyReport struct {
			Results []struct {
				Service                      struct{ ID string }
				YesShare, PreviousYesShare   *float64
				Change                       *float64
				CaseCount, PreviousCaseCount int
			}
			Submitted []struct {
				Service    struct{ ID string }
				Submission struct {
					Assessment  string
					WayForward  *struct{ Decision, Comment string }
					Reflections []struct{ Answer string }
					Comparison  *struct {
						Total struct {
							Current, Previous struct{ Yes struct{ Share *float64 } }
						}
					}
				}
			}
			WayForward struct{ Adjust, Submitted int }
		}
	}
	for name, in := range map[string]*instance{"county office": srv.advisor(t, office), "Helsetilsynet": a} {
		in.mustQuery(t, q, map[string]any{"o": office, "r": r2}, &rep)
		cr := rep.CountyReport
		results := map[string]int{}
		for i, r := range cr.Results {
			results[r.Service.ID] = i
		}
		if len(cr.Results) != 2 {
			t.Fatalf("%s: results %+v", name, cr.Results)
		}
		b := cr.Results[results[bodo]]
		if b.YesShare == nil || *b.YesShare != 1 || b.PreviousYesShare == nil || *b.PreviousYesShare != 1 || b.Change == nil || *b.Change != 0 ||
			b.CaseCount != 5 || b.PreviousCaseCount != 5 {
			t.Errorf("%s: Bodø like with like: %+v (yes %v, previous %v, change %v)", name, b, deref(b.YesShare), deref(b.PreviousYesShare), deref(b.Change))
		}
		nv := cr.Results[results[narvik]]
		if nv.Change != nil || nv.PreviousYesShare != nil || nv.YesShare == nil || *nv.YesShare >= 1 || nv.CaseCount != 6 {
			t.Errorf("%s: Narvik without round 1: %+v", name, nv)
		}
		var found bool
		for _, s := range cr.Submitted {
			if s.Service.ID != bodo {
				continue
			}
			found = true
			sub := s.Submission
			if sub.Assessment != "Samarbeidet med barnet er fortsatt svakt." || sub.WayForward == nil || sub.WayForward.Decision != "ADJUST" ||
				len(sub.Reflections) != 1 || sub.Comparison == nil || deref(sub.Comparison.Total.Current.Yes.Share) != 1 {
				t.Errorf("%s: Bodø's form in the report: %+v", name, sub)
			}
		}
		if !found || cr.WayForward.Adjust != 1 || cr.WayForward.Submitted != 2 {
			t.Errorf("%s: submitted %v, way forward %+v", name, found, cr.WayForward)
		}
	}

	// Side by side: Helsetilsynet reads every office's report with its comments; an office its own.
	adv := srv.advisor(t, office)
	adv.mustQuery(t, `mutation($o: ID!, $r: ID!) { saveCountyReport(input: {officeId: $o, roundId: $r, comments: [{part: RESULTS, text: "Tjenestene har kommet godt i gang."}]}) { version } }`,
		map[string]any{"o": office, "r": r2}, nil)
	const details = `query($r: ID!) { countyReportDetails(roundId: $r) { office { id } serviceCount comments { part text } results { service { id } } } }`
	var all struct {
		CountyReportDetails []struct {
			Office       struct{ ID string }
			ServiceCount int
			Comments     []struct{ Part, Text string }
		}
	}
	a.mustQuery(t, details, map[string]any{"r": r2}, &all)
	if len(all.CountyReportDetails) != 10 {
		t.Errorf("Helsetilsynet reads %d reports, want 10", len(all.CountyReportDetails))
	}
	var withComment int
	for _, d := range all.CountyReportDetails {
		if d.Office.ID == office && len(d.Comments) == 1 && d.Comments[0].Text == "Tjenestene har kommet godt i gang." {
			withComment++
		}
	}
	if withComment != 1 {
		t.Errorf("the office's comment is not side by side: %+v", all.CountyReportDetails)
	}
	adv.mustQuery(t, details, map[string]any{"r": r2}, &all)
	if len(all.CountyReportDetails) != 1 || all.CountyReportDetails[0].Office.ID != office {
		t.Errorf("a county office reads %+v", all.CountyReportDetails)
	}
	leader.mustQuery(t, details, map[string]any{"r": r2}, &all)
	if len(all.CountyReportDetails) != 0 {
		t.Errorf("a service reads county reports: %+v", all.CountyReportDetails)
	}
}
