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

// TestServiceWorkflow walks a round-2 form from nothing to submitted, re-opened and submitted again,
// checking every refusal on the way.
// inSteps runs a scenario's named steps in order, one subtest each, so the test reads as the
// rules it checks; a failed step stops the steps after it, which build on its state.
func inSteps(t *testing.T) func(name string, fn func(t *testing.T)) {
	return func(name string, fn func(t *testing.T)) {
		if !t.Run(name, fn) {
			t.FailNow()
		}
	}
}

func TestServiceWorkflow(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r2 := roundID(t, a, 2)
	svc := serviceID(t, a, "Bergen")
	qs := questions(t, a, r2)
	in := srv.leader(t, svc)

	if s := getSubmission(t, in, svc, r2); s != nil {
		t.Fatalf("expected no submission before anything is saved, got %+v", s)
	}
	var status struct {
		Service struct{ SubmissionStatus string }
	}
	in.mustQuery(t, `query($s: ID!, $r: ID!) { service(id: $s) { submissionStatus(roundId: $r) } }`, map[string]any{"s": svc, "r": r2}, &status)
	if status.Service.SubmissionStatus != "NOT_STARTED" {
		t.Fatalf("status = %s, want NOT_STARTED", status.Service.SubmissionStatus)
	}

	step := inSteps(t) // the steps share the form's state, in order
	var (
		c1, c2 struct{ CreateCase caseResult }
		sub    *submissionResult
	)

	step("cases are numbered in order and start the form", func(t *testing.T) {
		// Two cases; numbers follow each other.
		in.mustQuery(t, createCase, map[string]any{"s": svc, "r": r2, "d": 4}, &c1)
		in.mustQuery(t, createCase, map[string]any{"s": svc, "r": r2, "d": 12}, &c2)
		if c1.CreateCase.Number != 1 || c2.CreateCase.Number != 2 {
			t.Fatalf("case numbers %d, %d; want 1, 2", c1.CreateCase.Number, c2.CreateCase.Number)
		}
		if want := len(qs); c1.CreateCase.MissingCount != want {
			t.Fatalf("missingCount = %d, want %d (every required question)", c1.CreateCase.MissingCount, want)
		}
		sub = getSubmission(t, in, svc, r2)
		if sub == nil || sub.Status != "IN_PROGRESS" {
			t.Fatalf("after the first case the form must be IN_PROGRESS, got %+v", sub)
		}

	})

	step("bad input is refused with a typed error and changes nothing", func(t *testing.T) {
		// Refusals that change nothing.
		in.mustFail(t, "OPTION_NOT_ALLOWED", saveAnswer, map[string]any{"c": c1.CreateCase.ID, "q": qs["3.7a"].ID, "o": "NOT_POSSIBLE"})
		in.mustFail(t, "GRAPHQL_VALIDATION_FAILED", saveAnswer, map[string]any{"c": c1.CreateCase.ID, "q": qs["3.7a"].ID, "o": "MAYBE"})
		in.mustFail(t, "NOT_FOUND", saveAnswer, map[string]any{"c": "999999", "q": qs["3.7a"].ID, "o": "YES"})
		in.mustFail(t, "NOT_FOUND", saveAnswer, map[string]any{"c": c1.CreateCase.ID, "q": "999999", "o": "YES"})
		in.mustFail(t, "BAD_USER_INPUT", saveAnswer, map[string]any{"c": "abc", "q": qs["3.7a"].ID, "o": "YES"})
		in.mustFail(t, "BAD_USER_INPUT", createCase, map[string]any{"s": svc, "r": r2, "d": -1})
		in.mustFail(t, "NOT_FOUND", createCase, map[string]any{"s": "999999", "r": r2, "d": 1})
		in.mustFail(t, "NOT_FOUND", createCase, map[string]any{"s": svc, "r": "999999", "d": 1})
		in.mustFail(t, "PERSONAL_DATA", saveAnswer, map[string]any{"c": c1.CreateCase.ID, "q": qs["1.1"].ID, "o": "YES", "m": "Ring mor på 912 34 567"})

	})

	step("answers are versioned, and NOT_POSSIBLE is taken where the question allows it", func(t *testing.T) {
		// NOT_POSSIBLE is allowed on the child-cooperation question.
		var ans struct{ SaveAnswer struct{ Version int } }
		in.mustQuery(t, saveAnswer, map[string]any{"c": c1.CreateCase.ID, "q": qs["3.7b"].ID, "o": "NOT_POSSIBLE", "m": "Barnet var under ett år."}, &ans)
		if ans.SaveAnswer.Version != 1 {
			t.Fatalf("first save version = %d, want 1", ans.SaveAnswer.Version)
		}
		// A stale version is refused; the right version is accepted.
		e := in.mustFail(t, "VERSION_CONFLICT", saveAnswer, map[string]any{"c": c1.CreateCase.ID, "q": qs["3.7b"].ID, "o": "YES", "v": 0})
		if e.Extensions["currentVersion"] != float64(1) {
			t.Fatalf("conflict must tell the current version, got %v", e.Extensions)
		}
		in.mustQuery(t, saveAnswer, map[string]any{"c": c1.CreateCase.ID, "q": qs["3.7b"].ID, "o": "NOT_POSSIBLE", "v": 1}, &ans)
		if ans.SaveAnswer.Version != 2 {
			t.Fatalf("second save version = %d, want 2", ans.SaveAnswer.Version)
		}

	})

	step("an incomplete form is refused with every missing part, which only the service learns", func(t *testing.T) {
		// Submit with missing answers is refused and lists them.
		// The refusal lists every missing part (each unanswered question, and the assessment), and
		// Submission.missingParts, which the app shows before sending, says exactly the same.
		e := in.mustFail(t, "REQUIRED_ANSWERS_MISSING", submit, map[string]any{"id": sub.ID})
		missing, _ := e.Extensions["missing"].([]any)
		if len(missing) != 2*len(qs) {
			t.Fatalf("missing = %d items, want %d", len(missing), 2*len(qs))
		}
		if last, _ := missing[len(missing)-1].(map[string]any); last["field"] != "assessment" || last["message"] == "" {
			t.Fatalf("the last missing part = %v, want the assessment with a message", last)
		}
		const parts = `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { missingParts { field caseNumber questionCode message } } }`
		var mp struct {
			Submission struct{ MissingParts []map[string]any }
		}
		in.mustQuery(t, parts, map[string]any{"s": svc, "r": r2}, &mp)
		if got := mustJSON(t, withoutNulls(mp.Submission.MissingParts)); got != mustJSON(t, missing) {
			t.Fatalf("missingParts and the refusal disagree:\n%s\n%s", got, mustJSON(t, missing))
		}
		// Outside the service nobody learns what a form still lacks.
		var outside struct {
			Submission *struct{ MissingParts []map[string]any }
		}
		srv.advisor(t, officeOf(t, a, svc)).mustQuery(t, parts, map[string]any{"s": svc, "r": r2}, &outside)
		if outside.Submission != nil && outside.Submission.MissingParts != nil {
			t.Fatalf("an advisor reads the missing parts: %v", outside.Submission.MissingParts)
		}
		in.mustQuery(t, `mutation($s: ID!, $r: ID!) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: "Vi må styrke samtalene."}) { id } }`,
			map[string]any{"s": svc, "r": r2}, nil)

	})

	step("the summary counts every option and keeps NOT_POSSIBLE out of the denominator", func(t *testing.T) {
		// Fill in everything: case 1 all YES (3.7b NOT_POSSIBLE), case 2 all NO.
		for code, q := range qs {
			if code != "3.7b" {
				in.mustQuery(t, saveAnswer, map[string]any{"c": c1.CreateCase.ID, "q": q.ID, "o": "YES"}, nil)
			}
			in.mustQuery(t, saveAnswer, map[string]any{"c": c2.CreateCase.ID, "q": q.ID, "o": "NO"}, nil)
		}
		sub = getSubmission(t, in, svc, r2)
		s := sub.Summary
		if s.CaseCount != 2 || s.CompleteCaseCount != 2 {
			t.Fatalf("summary cases = %d complete %d, want 2 and 2", s.CaseCount, s.CompleteCaseCount)
		}
		n := len(qs)
		if s.Overall.Yes != n-1 || s.Overall.No != n || s.Overall.NotPossible != 1 || s.Overall.Denominator != 2*n-1 {
			t.Fatalf("overall = %+v, want yes %d no %d notPossible 1", s.Overall, n-1, n)
		}
		for _, qsum := range s.Questions {
			if qsum.Question.Code == "3.7b" && (qsum.Distribution.NotPossible != 1 || qsum.Distribution.Denominator != 1) {
				t.Fatalf("3.7b distribution = %+v: NOT_POSSIBLE must be counted but kept out of the denominator", qsum.Distribution)
			}
		}
		if d := s.DaysToFirstActivity; d == nil || d.Count != 2 || *d.Min != 4 || *d.Max != 12 || *d.Median != 8 {
			t.Fatalf("days summary = %+v, want count 2, min 4, median 8, max 12", d)
		}

	})

	step("a form submitted after the deadline is accepted and flagged late", func(t *testing.T) {
		// Submit; round 2's deadline (2026-03-31) has passed, so it is accepted and flagged late.
		in.mustFail(t, "VERSION_CONFLICT", submit, map[string]any{"id": sub.ID, "v": sub.Version + 5})
		var sres struct {
			SubmitSubmission struct {
				Status   string
				Late     bool
				Revision int
			}
		}
		in.mustQuery(t, submit, map[string]any{"id": sub.ID, "v": sub.Version}, &sres)
		if sres.SubmitSubmission.Status != "SUBMITTED" || !sres.SubmitSubmission.Late || sres.SubmitSubmission.Revision != 1 {
			t.Fatalf("after submit: %+v, want SUBMITTED, late, revision 1", sres.SubmitSubmission)
		}

	})

	step("a submitted form changes only through re-open", func(t *testing.T) {
		// A submitted form only changes through re-open.
		in.mustFail(t, "SUBMISSION_LOCKED", saveAnswer, map[string]any{"c": c1.CreateCase.ID, "q": qs["1.1"].ID, "o": "NO"})
		in.mustFail(t, "SUBMISSION_LOCKED", createCase, map[string]any{"s": svc, "r": r2, "d": 1})
		in.mustFail(t, "SUBMISSION_LOCKED", `mutation($id: ID!) { deleteCase(id: $id) { deletedCaseId } }`, map[string]any{"id": c2.CreateCase.ID})
		in.mustFail(t, "INVALID_TRANSITION", submit, map[string]any{"id": sub.ID})

		var ro struct {
			ReopenSubmission struct {
				Status    string
				Revision  int
				Revisions []struct{ Revision int }
			}
		}
		in.mustQuery(t, reopen, map[string]any{"id": sub.ID}, &ro)
		if ro.ReopenSubmission.Status != "IN_PROGRESS" || len(ro.ReopenSubmission.Revisions) != 1 {
			t.Fatalf("after reopen: %+v, want IN_PROGRESS with the submitted revision kept", ro.ReopenSubmission)
		}
		in.mustFail(t, "INVALID_TRANSITION", reopen, map[string]any{"id": sub.ID})

	})

	step("each submission is a revision, and case numbers are never reused", func(t *testing.T) {
		// Delete case 2 and submit again: a second revision; the first keeps 2 cases.
		var del struct {
			DeleteCase struct {
				DeletedCaseID string
				Submission    struct{ Status string }
			}
		}
		in.mustQuery(t, `mutation($id: ID!) { deleteCase(id: $id) { deletedCaseId submission { status } } }`, map[string]any{"id": c2.CreateCase.ID}, &del)
		in.mustFail(t, "NOT_FOUND", `mutation($id: ID!) { deleteCase(id: $id) { deletedCaseId } }`, map[string]any{"id": c2.CreateCase.ID})
		in.mustQuery(t, submit, map[string]any{"id": sub.ID}, nil)
		sub = getSubmission(t, in, svc, r2)
		if sub.Revision != 2 || len(sub.Revisions) != 2 || sub.Revisions[0].Revision != 2 || sub.Revisions[0].CaseCount != 1 || sub.Revisions[1].CaseCount != 2 {
			t.Fatalf("revisions = %+v, want [2 (1 case), 1 (2 cases)]", sub.Revisions)
		}
		// A new case after re-opening gets number 3: numbers are never reused.
		in.mustQuery(t, reopen, map[string]any{"id": sub.ID}, nil)
		var c3 struct{ CreateCase caseResult }
		in.mustQuery(t, createCase, map[string]any{"s": svc, "r": r2, "d": 1}, &c3)
		if c3.CreateCase.Number != 3 {
			t.Fatalf("new case number = %d, want 3", c3.CreateCase.Number)
		}
	})
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
