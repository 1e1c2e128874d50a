package server_test

import "testing"

// TestServiceWorkflow's steps, in order.

// casesStartTheForm: cases are numbered in order and start the form.
func (f *serviceForm) casesStartTheForm(t *testing.T) {
	// Two cases; numbers follow each other.
	f.in.mustQuery(t, createCase, map[string]any{"s": f.svc, "r": f.r2, "d": 4}, &f.c1)
	f.in.mustQuery(t, createCase, map[string]any{"s": f.svc, "r": f.r2, "d": 12}, &f.c2)
	if f.c1.CreateCase.Number != 1 || f.c2.CreateCase.Number != 2 {
		t.Fatalf("case numbers %d, %d; want 1, 2", f.c1.CreateCase.Number, f.c2.CreateCase.Number)
	}
	if want := len(f.qs); f.c1.CreateCase.MissingCount != want {
		t.Fatalf("missingCount = %d, want %d (every required question)", f.c1.CreateCase.MissingCount, want)
	}
	f.sub = getSubmission(t, f.in, f.svc, f.r2)
	if f.sub == nil || f.sub.Status != "IN_PROGRESS" {
		t.Fatalf("after the first case the form must be IN_PROGRESS, got %+v", f.sub)
	}
}

// badInputRefused: bad input is refused with a typed error and changes nothing.
func (f *serviceForm) badInputRefused(t *testing.T) {
	// Refusals that change nothing.
	f.in.mustFail(t, "OPTION_NOT_ALLOWED", saveAnswer, map[string]any{"c": f.c1.CreateCase.ID, "q": f.qs["3.7a"].ID, "o": "NOT_POSSIBLE"})
	f.in.mustFail(t, "GRAPHQL_VALIDATION_FAILED", saveAnswer, map[string]any{"c": f.c1.CreateCase.ID, "q": f.qs["3.7a"].ID, "o": "MAYBE"})
	f.in.mustFail(t, "NOT_FOUND", saveAnswer, map[string]any{"c": "999999", "q": f.qs["3.7a"].ID, "o": "YES"})
	f.in.mustFail(t, "NOT_FOUND", saveAnswer, map[string]any{"c": f.c1.CreateCase.ID, "q": "999999", "o": "YES"})
	f.in.mustFail(t, "BAD_USER_INPUT", saveAnswer, map[string]any{"c": "abc", "q": f.qs["3.7a"].ID, "o": "YES"})
	f.in.mustFail(t, "BAD_USER_INPUT", createCase, map[string]any{"s": f.svc, "r": f.r2, "d": -1})
	f.in.mustFail(t, "NOT_FOUND", createCase, map[string]any{"s": "999999", "r": f.r2, "d": 1})
	f.in.mustFail(t, "NOT_FOUND", createCase, map[string]any{"s": f.svc, "r": "999999", "d": 1})
	f.in.mustFail(t, "PERSONAL_DATA", saveAnswer, map[string]any{"c": f.c1.CreateCase.ID, "q": f.qs["1.1"].ID, "o": "YES", "m": "Ring mor på 912 34 567"})
}

// answersVersioned: answers are versioned, and NOT_POSSIBLE is taken where the question allows it.
func (f *serviceForm) answersVersioned(t *testing.T) {
	// NOT_POSSIBLE is allowed on the child-cooperation question.
	var ans struct{ SaveAnswer struct{ Version int } }
	f.in.mustQuery(t, saveAnswer, map[string]any{"c": f.c1.CreateCase.ID, "q": f.qs["3.7b"].ID, "o": "NOT_POSSIBLE", "m": "Barnet var under ett år."}, &ans)
	if ans.SaveAnswer.Version != 1 {
		t.Fatalf("first save version = %d, want 1", ans.SaveAnswer.Version)
	}
	// A stale version is refused; the right version is accepted.
	e := f.in.mustFail(t, "VERSION_CONFLICT", saveAnswer, map[string]any{"c": f.c1.CreateCase.ID, "q": f.qs["3.7b"].ID, "o": "YES", "v": 0})
	if e.Extensions["currentVersion"] != float64(1) {
		t.Fatalf("conflict must tell the current version, got %v", e.Extensions)
	}
	f.in.mustQuery(t, saveAnswer, map[string]any{"c": f.c1.CreateCase.ID, "q": f.qs["3.7b"].ID, "o": "NOT_POSSIBLE", "v": 1}, &ans)
	if ans.SaveAnswer.Version != 2 {
		t.Fatalf("second save version = %d, want 2", ans.SaveAnswer.Version)
	}
}

// incompleteFormRefused: an incomplete form is refused with every missing part, which only the service learns.
func (f *serviceForm) incompleteFormRefused(t *testing.T) {
	// Submit with missing answers is refused and lists them.
	// The refusal lists every missing part (each unanswered question, and the assessment), and
	// Submission.missingParts, which the app shows before sending, says exactly the same.
	e := f.in.mustFail(t, "REQUIRED_ANSWERS_MISSING", submit, map[string]any{"id": f.sub.ID})
	missing, _ := e.Extensions["missing"].([]any)
	if len(missing) != 2*len(f.qs) {
		t.Fatalf("missing = %d items, want %d", len(missing), 2*len(f.qs))
	}
	if last, _ := missing[len(missing)-1].(map[string]any); last["field"] != "assessment" || last["message"] == "" {
		t.Fatalf("the last missing part = %v, want the assessment with a message", last)
	}
	const parts = `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { missingParts { field caseNumber questionCode message } } }`
	var mp struct {
		Submission struct{ MissingParts []map[string]any }
	}
	f.in.mustQuery(t, parts, map[string]any{"s": f.svc, "r": f.r2}, &mp)
	if got := mustJSON(t, withoutNulls(mp.Submission.MissingParts)); got != mustJSON(t, missing) {
		t.Fatalf("missingParts and the refusal disagree:\n%s\n%s", got, mustJSON(t, missing))
	}
	// Outside the service nobody learns what a form still lacks.
	var outside struct {
		Submission *struct{ MissingParts []map[string]any }
	}
	f.srv.advisor(t, officeOf(t, f.a, f.svc)).mustQuery(t, parts, map[string]any{"s": f.svc, "r": f.r2}, &outside)
	if outside.Submission != nil && outside.Submission.MissingParts != nil {
		t.Fatalf("an advisor reads the missing parts: %v", outside.Submission.MissingParts)
	}
	f.in.mustQuery(t, `mutation($s: ID!, $r: ID!) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: "Vi må styrke samtalene."}) { id } }`,
		map[string]any{"s": f.svc, "r": f.r2}, nil)
}

// summaryCounts: the summary counts every option and keeps NOT_POSSIBLE out of the denominator.
func (f *serviceForm) summaryCounts(t *testing.T) {
	// Fill in everything: case 1 all YES (3.7b NOT_POSSIBLE), case 2 all NO.
	for code, q := range f.qs {
		if code != "3.7b" {
			f.in.mustQuery(t, saveAnswer, map[string]any{"c": f.c1.CreateCase.ID, "q": q.ID, "o": "YES"}, nil)
		}
		f.in.mustQuery(t, saveAnswer, map[string]any{"c": f.c2.CreateCase.ID, "q": q.ID, "o": "NO"}, nil)
	}
	f.sub = getSubmission(t, f.in, f.svc, f.r2)
	s := f.sub.Summary
	if s.CaseCount != 2 || s.CompleteCaseCount != 2 {
		t.Fatalf("summary cases = %d complete %d, want 2 and 2", s.CaseCount, s.CompleteCaseCount)
	}
	n := len(f.qs)
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
}

// lateSubmission: a form submitted after the deadline is accepted and flagged late.
func (f *serviceForm) lateSubmission(t *testing.T) {
	// Submit; round 2's deadline (2026-03-31) has passed, so it is accepted and flagged late.
	f.in.mustFail(t, "VERSION_CONFLICT", submit, map[string]any{"id": f.sub.ID, "v": f.sub.Version + 5})
	var sres struct {
		SubmitSubmission struct {
			Status   string
			Late     bool
			Revision int
		}
	}
	f.in.mustQuery(t, submit, map[string]any{"id": f.sub.ID, "v": f.sub.Version}, &sres)
	if sres.SubmitSubmission.Status != "SUBMITTED" || !sres.SubmitSubmission.Late || sres.SubmitSubmission.Revision != 1 {
		t.Fatalf("after submit: %+v, want SUBMITTED, late, revision 1", sres.SubmitSubmission)
	}
}

// changesOnlyThroughReopen: a submitted form changes only through re-open.
func (f *serviceForm) changesOnlyThroughReopen(t *testing.T) {
	// A submitted form only changes through re-open.
	f.in.mustFail(t, "SUBMISSION_LOCKED", saveAnswer, map[string]any{"c": f.c1.CreateCase.ID, "q": f.qs["1.1"].ID, "o": "NO"})
	f.in.mustFail(t, "SUBMISSION_LOCKED", createCase, map[string]any{"s": f.svc, "r": f.r2, "d": 1})
	f.in.mustFail(t, "SUBMISSION_LOCKED", `mutation($id: ID!) { deleteCase(id: $id) { deletedCaseId } }`, map[string]any{"id": f.c2.CreateCase.ID})
	f.in.mustFail(t, "INVALID_TRANSITION", submit, map[string]any{"id": f.sub.ID})

	var ro struct {
		ReopenSubmission struct {
			Status    string
			Revision  int
			Revisions []struct{ Revision int }
		}
	}
	f.in.mustQuery(t, reopen, map[string]any{"id": f.sub.ID}, &ro)
	if ro.ReopenSubmission.Status != "IN_PROGRESS" || len(ro.ReopenSubmission.Revisions) != 1 {
		t.Fatalf("after reopen: %+v, want IN_PROGRESS with the submitted revision kept", ro.ReopenSubmission)
	}
	f.in.mustFail(t, "INVALID_TRANSITION", reopen, map[string]any{"id": f.sub.ID})
}

// revisionsAndCaseNumbers: each submission is a revision, and case numbers are never reused.
func (f *serviceForm) revisionsAndCaseNumbers(t *testing.T) {
	// Delete case 2 and submit again: a second revision; the first keeps 2 cases.
	var del struct {
		DeleteCase struct {
			DeletedCaseID string
			Submission    struct{ Status string }
		}
	}
	f.in.mustQuery(t, `mutation($id: ID!) { deleteCase(id: $id) { deletedCaseId submission { status } } }`, map[string]any{"id": f.c2.CreateCase.ID}, &del)
	f.in.mustFail(t, "NOT_FOUND", `mutation($id: ID!) { deleteCase(id: $id) { deletedCaseId } }`, map[string]any{"id": f.c2.CreateCase.ID})
	f.in.mustQuery(t, submit, map[string]any{"id": f.sub.ID}, nil)
	f.sub = getSubmission(t, f.in, f.svc, f.r2)
	if f.sub.Revision != 2 || len(f.sub.Revisions) != 2 || f.sub.Revisions[0].Revision != 2 || f.sub.Revisions[0].CaseCount != 1 || f.sub.Revisions[1].CaseCount != 2 {
		t.Fatalf("revisions = %+v, want [2 (1 case), 1 (2 cases)]", f.sub.Revisions)
	}
	// A new case after re-opening gets number 3: numbers are never reused.
	f.in.mustQuery(t, reopen, map[string]any{"id": f.sub.ID}, nil)
	var c3 struct{ CreateCase caseResult }
	f.in.mustQuery(t, createCase, map[string]any{"s": f.svc, "r": f.r2, "d": 1}, &c3)
	if c3.CreateCase.Number != 3 {
		t.Fatalf("new case number = %d, want 3", c3.CreateCase.Number)
	}
}
