package server_test

import (
	"encoding/json"
	"testing"
)

type question struct {
	ID             string
	Code           string
	Options        []string
	Required       bool
	CommentAllowed bool
}

func questions(t *testing.T, in *instance, roundID string) map[string]question {
	t.Helper()
	var data struct {
		Round struct {
			Questionnaire struct{ Questions []question }
		}
	}
	in.mustQuery(t, `query($r: ID!) { round(id: $r) { questionnaire { questions { id code options required commentAllowed } } } }`,
		map[string]any{"r": roundID}, &data)
	out := map[string]question{}
	for _, q := range data.Round.Questionnaire.Questions {
		out[q.Code] = q
	}
	return out
}

const (
	createCase = `mutation($s: ID!, $r: ID!, $d: Int) { createCase(input: {serviceId: $s, roundId: $r, daysToFirstActivity: $d, closedMonth: "2025-10", outcome: MEASURES_DECIDED}) { id number version daysToFirstActivity missingCount } }`
	saveAnswer = `mutation($c: ID!, $q: ID!, $o: AnswerOption, $m: String, $v: Int) { saveAnswer(input: {caseId: $c, questionId: $q, option: $o, comment: $m, expectedVersion: $v}) { id option comment version } }`
	submission = `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { id status late revision version
		summary { caseCount completeCaseCount overall { yes partly no notPossible denominator yesShare }
		          questions { question { code } distribution { yes notPossible denominator } }
		          daysToFirstActivity { count min median max } }
		revisions { revision late caseCount } } }`
	submit = `mutation($id: ID!, $v: Int) { submitSubmission(input: {submissionId: $id, expectedVersion: $v}) { id status late revision version submittedAt } }`
	reopen = `mutation($id: ID!) { reopenSubmission(input: {submissionId: $id}) { id status revision revisions { revision } } }`
)

type caseResult struct {
	ID                  string
	Number              int
	Version             int
	DaysToFirstActivity *int
	MissingCount        int
}

type submissionResult struct {
	ID       string
	Status   string
	Late     bool
	Revision int
	Version  int
	Summary  struct {
		CaseCount         int
		CompleteCaseCount int
		Overall           struct {
			Yes, Partly, No, NotPossible, Denominator int
			YesShare                                  *float64
		}
		Questions []struct {
			Question     struct{ Code string }
			Distribution struct{ Yes, NotPossible, Denominator int }
		}
		DaysToFirstActivity *struct {
			Count    int
			Min, Max *int
			Median   *float64
		}
	}
	Revisions []struct {
		Revision  int
		Late      bool
		CaseCount int
	}
}

func getSubmission(t *testing.T, in *instance, svc, round string) *submissionResult {
	t.Helper()
	var data struct{ Submission *submissionResult }
	in.mustQuery(t, submission, map[string]any{"s": svc, "r": round}, &data)
	return data.Submission
}

// inSteps runs a scenario's named steps in order, one subtest each, so the test reads as the
// rules it checks; a failed step stops the steps after it, which build on its state.
func inSteps(t *testing.T) func(name string, fn func(t *testing.T)) {
	return func(name string, fn func(t *testing.T)) {
		if !t.Run(name, fn) {
			t.FailNow()
		}
	}
}

// TestServiceWorkflow walks a round-2 form from nothing to submitted, re-opened and submitted again,
// checking every refusal on the way.
func TestServiceWorkflow(t *testing.T) {
	f := newServiceForm(t)
	step := inSteps(t) // the steps share the form's state, in order
	step("cases are numbered in order and start the form", f.casesStartTheForm)
	step("bad input is refused with a typed error and changes nothing", f.badInputRefused)
	step("answers are versioned, and NOT_POSSIBLE is taken where the question allows it", f.answersVersioned)
	step("an incomplete form is refused with every missing part, which only the service learns", f.incompleteFormRefused)
	step("the summary counts every option and keeps NOT_POSSIBLE out of the denominator", f.summaryCounts)
	step("a form submitted after the deadline is accepted and flagged late", f.lateSubmission)
	step("a submitted form changes only through re-open", f.changesOnlyThroughReopen)
	step("each submission is a revision, and case numbers are never reused", f.revisionsAndCaseNumbers)
}

// serviceForm is TestServiceWorkflow's world: Bergen's round-2 form, its leader, and the cases and
// submission as the steps leave them.
type serviceForm struct {
	srv, a, in *instance
	r2, svc    string
	qs         map[string]question
	c1, c2     struct{ CreateCase caseResult }
	sub        *submissionResult
}

// newServiceForm starts from a service with no form in the round: nothing saved, NOT_STARTED.
func newServiceForm(t *testing.T) *serviceForm {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	f := &serviceForm{srv: srv, a: a, r2: roundID(t, a, 2), svc: serviceID(t, a, "Bergen")}
	f.qs = questions(t, a, f.r2)
	f.in = srv.leader(t, f.svc)
	if s := getSubmission(t, f.in, f.svc, f.r2); s != nil {
		t.Fatalf("expected no submission before anything is saved, got %+v", s)
	}
	var status struct {
		Service struct{ SubmissionStatus string }
	}
	f.in.mustQuery(t, `query($s: ID!, $r: ID!) { service(id: $s) { submissionStatus(roundId: $r) } }`, map[string]any{"s": f.svc, "r": f.r2}, &status)
	if status.Service.SubmissionStatus != "NOT_STARTED" {
		t.Fatalf("status = %s, want NOT_STARTED", status.Service.SubmissionStatus)
	}
	return f
}

// TestVersionOneRules checks the rules that differ between questionnaire versions.
func TestVersionOneRules(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r1 := roundID(t, a, 1)
	svc := serviceID(t, a, "Tromsø")
	qs := questions(t, a, r1)
	in := srv.leader(t, svc)
	if _, ok := qs["3.7b"]; ok {
		t.Fatal("version 1 must not have 3.7b")
	}
	in.mustFail(t, "FIELD_NOT_COLLECTED", createCase, map[string]any{"s": svc, "r": r1, "d": 3})
	var c struct{ CreateCase caseResult }
	in.mustQuery(t, createCase, map[string]any{"s": svc, "r": r1}, &c)
	in.mustFail(t, "COMMENT_NOT_ALLOWED", saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": qs["3.7"].ID, "o": "YES", "m": "En kommentar"})
	in.mustFail(t, "OPTION_NOT_ALLOWED", saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": qs["3.7"].ID, "o": "NOT_POSSIBLE"})
	// A question of another questionnaire version is refused.
	qs2 := questions(t, a, roundID(t, a, 2))
	in.mustFail(t, "BAD_USER_INPUT", saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": qs2["3.7a"].ID, "o": "YES"})
	// Update with a field left out keeps it; explicit null clears it.
	var u struct {
		UpdateCase struct {
			Outcome     *string
			ClosedMonth *string
			Version     int
		}
	}
	in.mustQuery(t, `mutation($id: ID!) { updateCase(input: {id: $id, expectedVersion: 1, outcome: null}) { outcome closedMonth version } }`,
		map[string]any{"id": c.CreateCase.ID}, &u)
	if u.UpdateCase.Outcome != nil || u.UpdateCase.ClosedMonth == nil || *u.UpdateCase.ClosedMonth != "2025-10" || u.UpdateCase.Version != 2 {
		t.Fatalf("update = %+v; want outcome cleared, closedMonth kept, version 2", u.UpdateCase)
	}
	in.mustFail(t, "VERSION_CONFLICT", `mutation($id: ID!) { updateCase(input: {id: $id, expectedVersion: 1, outcome: DISMISSED}) { id } }`, map[string]any{"id": c.CreateCase.ID})
	in.mustFail(t, "BAD_USER_INPUT", `mutation($id: ID!) { updateCase(input: {id: $id, startedMonth: "2025-11"}) { id } }`, map[string]any{"id": c.CreateCase.ID})
	in.mustFail(t, "BAD_USER_INPUT", `mutation($id: ID!) { updateCase(input: {id: $id, startedMonth: "2025-13"}) { id } }`, map[string]any{"id": c.CreateCase.ID})
}

// TestDraft saves assessment, reflections and plan, with validation.
func TestDraft(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r2 := roundID(t, a, 2)
	svc := serviceID(t, a, "Bodø")
	qs := questions(t, a, r2)
	in := srv.leader(t, svc)
	var refl struct {
		Round struct {
			Questionnaire struct{ ReflectionQuestions []struct{ ID string } }
		}
	}
	in.mustQuery(t, `query($r: ID!) { round(id: $r) { questionnaire { reflectionQuestions { id } } } }`, map[string]any{"r": r2}, &refl)
	rq := refl.Round.Questionnaire.ReflectionQuestions
	if len(rq) < 3 {
		t.Fatalf("round 2 has %d reflection questions, want at least 3", len(rq))
	}
	const draft = `mutation($s: ID!, $r: ID!, $v: Int, $a: String, $refl: [ReflectionAnswerInput!], $plan: ImprovementPlanInput) {
		saveSubmissionDraft(input: {serviceId: $s, roundId: $r, expectedVersion: $v, assessment: $a, reflections: $refl, improvementPlan: $plan}) {
			status version assessment reflections { question { id } answer }
			improvementPlan { goals { question { code } description target measure actions { description owner dueDate status } } } } }`
	plan := map[string]any{"goals": []any{map[string]any{
		"questionId": qs["3.2"].ID, "description": "Samtale med barnet i alle saker", "target": "90 % Ja i neste runde",
		"measure": "Spørsmål 3.2 i neste egenkontroll",
		"actions": []any{map[string]any{"description": "Sjekkliste i fagmøte", "owner": "Fagleder", "dueDate": "2026-06-30"}},
	}}}
	var d struct {
		SaveSubmissionDraft struct {
			Status      string
			Version     int
			Assessment  string
			Reflections []struct {
				Question struct{ ID string }
				Answer   string
			}
			ImprovementPlan struct {
				Goals []struct {
					Question struct{ Code string }
					Actions  []struct{ Status, DueDate string }
				}
			}
		}
	}
	in.mustQuery(t, draft, map[string]any{"s": svc, "r": r2, "v": 0, "a": "Vi må bli bedre på samtaler.",
		"refl": []any{map[string]any{"questionId": rq[0].ID, "answer": "Mye å lære."}}, "plan": plan}, &d)
	got := d.SaveSubmissionDraft
	if got.Status != "IN_PROGRESS" || got.Assessment != "Vi må bli bedre på samtaler." || len(got.Reflections) != 1 ||
		len(got.ImprovementPlan.Goals) != 1 || got.ImprovementPlan.Goals[0].Question.Code != "3.2" ||
		got.ImprovementPlan.Goals[0].Actions[0].Status != "PLANNED" || got.ImprovementPlan.Goals[0].Actions[0].DueDate != "2026-06-30" {
		t.Fatalf("draft = %+v", got)
	}
	// Stale version refused; personal data refused with the field; nothing changes.
	in.mustFail(t, "VERSION_CONFLICT", draft, map[string]any{"s": svc, "r": r2, "v": got.Version - 1, "a": "x"})
	e := in.mustFail(t, "PERSONAL_DATA", draft, map[string]any{"s": svc, "r": r2, "a": "Kontakt: ola.nordmann@example.no"})
	if e.Extensions["field"] != "assessment" {
		t.Fatalf("personal data error must name the field, got %v", e.Extensions)
	}
	withPhone := map[string]any{"goals": []any{map[string]any{"questionId": qs["3.2"].ID, "description": "Mål",
		"actions": []any{map[string]any{"description": "Tiltak", "owner": "Fagleder, tlf. 22 33 44 55"}}}}}
	e = in.mustFail(t, "PERSONAL_DATA", draft, map[string]any{"s": svc, "r": r2, "plan": withPhone})
	if e.Extensions["field"] != "improvementPlan.goals[0].actions[0].owner" {
		t.Fatalf("personal data error must name the field, got %v", e.Extensions)
	}
	in.mustFail(t, "BAD_USER_INPUT", draft, map[string]any{"s": svc, "r": r2, "plan": map[string]any{"goals": []any{map[string]any{"description": " "}}}})
	in.mustFail(t, "BAD_USER_INPUT", draft, map[string]any{"s": svc, "r": r2, "refl": []any{map[string]any{"questionId": "999999", "answer": "x"}}})
	var after struct {
		Submission struct {
			Assessment string
			Version    int
		}
	}
	in.mustQuery(t, `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { assessment version } }`, map[string]any{"s": svc, "r": r2}, &after)
	if after.Submission.Assessment != "Vi må bli bedre på samtaler." || after.Submission.Version != got.Version {
		t.Fatalf("refused drafts changed the form: %+v", after.Submission)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// withoutNulls drops the null fields of each item (the refusal leaves them out).
func withoutNulls(items []map[string]any) []map[string]any {
	for _, m := range items {
		for k, v := range m {
			if v == nil {
				delete(m, k)
			}
		}
	}
	return items
}
