package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/seed"
)

// The reproductions of the access findings: a service read other services' forms through a
// nested edge (information meeting → attendees), and case-level working papers were readable
// outside the service. Each must now hold.

// TestNestedEdgesStayInTheService: through the information meeting a service shares with others,
// it reaches only itself, by the service page and by the funnel.
func TestNestedEdgesStayInTheService(t *testing.T) {
	in := startInstance(t, newDatabase(t, true), nil)
	a := in.analyst(t)
	bergen := serviceID(t, a, "i Bergen")
	r1, r2 := roundID(t, a, 1), roundID(t, a, 2)
	nested := `query($s: ID!, $r: ID!) { service(id: $s) { participation(roundId: $r) { meeting { attendees { id name
		participation(roundId: $r) { declineReason nextAssessment extensionReason }
		submission(roundId: $r) { id status assessment improvementPlan { goals { description } } revisions { revision } } } } } }
		funnel(roundId: $r) { entries { service { id } meeting { attendees { id submission(roundId: $r) { id assessment } } } } } }`
	// The analyst sees that the meeting had other attendees: the leak would be real.
	var seen struct {
		Service struct {
			Participation struct {
				Meeting struct{ Attendees []struct{ ID string } }
			}
		}
	}
	a.mustQuery(t, nested, map[string]any{"s": bergen, "r": r1}, &seen)
	if len(seen.Service.Participation.Meeting.Attendees) < 2 {
		t.Fatalf("the demo meeting of Bergen must have other attendees for this test: %+v", seen)
	}
	for _, username := range []string{"leder.bergen", "saksbehandler.bergen"} {
		c := in.as(t, username, seed.DemoPassword)
		for _, r := range []string{r1, r2} {
			res := c.do(t, nested, map[string]any{"s": bergen, "r": r})
			if len(res.Errors) > 0 {
				t.Fatalf("%s: %+v", username, res.Errors)
			}
			for _, id := range allIDs(t, res.Data, "attendees") {
				if id != bergen {
					t.Fatalf("%s reached service %s through the meeting", username, id)
				}
			}
			var f struct {
				Funnel struct {
					Entries []struct{ Service struct{ ID string } }
				}
			}
			_ = json.Unmarshal(res.Data, &f)
			for _, e := range f.Funnel.Entries {
				if e.Service.ID != bergen {
					t.Fatalf("%s sees %s in the funnel", username, e.Service.ID)
				}
			}
		}
	}
	// Alta reaches neither Tromsø's draft nor anything of it, by any id it tries.
	alta := in.as(t, "leder.alta", seed.DemoPassword)
	tromso := serviceID(t, a, "i Tromsø")
	res := alta.do(t, `query($s: ID!, $r: ID!) { service(id: $s) { id } submission(serviceId: $s, roundId: $r) { id assessment } }`,
		map[string]any{"s": tromso, "r": r2})
	if strings.Contains(string(res.Data), `"id"`) {
		t.Fatalf("Alta reached Tromsø: %s", res.Data)
	}
}

// allIDs collects the ids under every key named key in a response.
func allIDs(t *testing.T, raw json.RawMessage, key string) []string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(v any, under bool)
	walk = func(v any, under bool) {
		switch x := v.(type) {
		case []any:
			for _, i := range x {
				walk(i, under)
			}
		case map[string]any:
			if under {
				if id, ok := x["id"].(string); ok {
					out = append(out, id)
				}
			}
			for k, c := range x {
				walk(c, k == key)
			}
		}
	}
	walk(v, false)
	return out
}

// TestCaseWorkStaysInTheService: cases, answers, drafts and comments per question are the
// service's working papers; the county office, Helsetilsynet and tokens read the summary form as
// it was last sent, with small forms withheld.
func TestCaseWorkStaysInTheService(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	svc := serviceID(t, a, "i Bergen")
	r2 := roundID(t, a, 2)
	qs := questions(t, a, r2)
	leader := in.leader(t, svc)
	var office struct {
		Service struct{ Office struct{ ID string } }
	}
	a.mustQuery(t, `query($s: ID!) { service(id: $s) { office { id } } }`, map[string]any{"s": svc}, &office)
	adv := in.advisor(t, office.Service.Office.ID)
	token := in.token(t, 0, mustInt(svc))
	outsiders := map[string]*instance{"advisor": adv, "analyst": a, "service token": token}

	var caseIDs []string
	for i := 0; i < 3; i++ {
		var c struct{ CreateCase struct{ ID string } }
		leader.mustQuery(t, createCase, map[string]any{"s": svc, "r": r2, "d": 3 + i}, &c)
		caseIDs = append(caseIDs, c.CreateCase.ID)
		for code, q := range qs {
			if q.Required {
				opt := "YES"
				if code == "3.7b" {
					opt = "NOT_POSSIBLE"
				}
				leader.mustQuery(t, saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": q.ID, "o": opt, "m": "Kommentar i saken."}, nil)
			}
		}
	}
	const draft = `mutation($s: ID!, $r: ID!, $a: String, $qc: [QuestionCommentInput!]) {
		saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: $a, questionComments: $qc}) { id version questionComments { question { code } comment } } }`
	var saved struct {
		SaveSubmissionDraft struct {
			ID               string
			QuestionComments []struct {
				Question struct{ Code string }
				Comment  string
			}
		}
	}
	leader.mustQuery(t, draft, map[string]any{"s": svc, "r": r2, "a": "Sendt vurdering.",
		"qc": []map[string]any{{"questionId": qs["1.1"].ID, "comment": "Planleggingen er god."}}}, &saved)
	if c := saved.SaveSubmissionDraft.QuestionComments; len(c) != 1 || c[0].Question.Code != "1.1" || c[0].Comment != "Planleggingen er god." {
		t.Fatalf("question comments %+v", c)
	}
	// Bad input: a question of another form, personal data in a comment.
	leader.mustFail(t, "BAD_USER_INPUT", draft, map[string]any{"s": svc, "r": r2, "qc": []map[string]any{{"questionId": "999999", "comment": "x"}}})
	leader.mustFail(t, "PERSONAL_DATA", draft, map[string]any{"s": svc, "r": r2, "qc": []map[string]any{{"questionId": qs["1.1"].ID, "comment": "Ring 912 34 567."}}})

	const view = `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { status assessment questionComments { comment }
		summary { caseCount suppressed overall { yes denominator } daysValues outcomes { outcome count } }
		revisions { changes { caseNumber field } summary { suppressed overall { yes } } } } }`
	type viewResult struct {
		Submission struct {
			Status           string
			Assessment       string
			QuestionComments []struct{ Comment string }
			Summary          struct {
				CaseCount  int
				Suppressed bool
				Overall    struct{ Yes, Denominator int }
				DaysValues []int
				Outcomes   []struct {
					Outcome string
					Count   int
				}
			}
			Revisions []struct {
				Changes []struct {
					CaseNumber *int
					Field      string
				}
				Summary struct {
					Suppressed bool
					Overall    struct{ Yes int }
				}
			}
		}
	}
	// Before the first submission nothing of the draft leaves the service.
	for name, c := range outsiders {
		var v viewResult
		c.mustQuery(t, view, map[string]any{"s": svc, "r": r2}, &v)
		if v.Submission.Assessment != "" || len(v.Submission.QuestionComments) != 0 || v.Submission.Summary.CaseCount != 0 {
			t.Fatalf("%s read the draft before it was sent: %+v", name, v.Submission)
		}
		res := c.do(t, `query($s: ID!, $r: ID!) { cases(serviceId: $s, roundId: $r) { id } }`, map[string]any{"s": svc, "r": r2})
		if len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "FORBIDDEN" {
			t.Fatalf("%s listed the cases: %s %+v", name, res.Data, res.Errors)
		}
		res = c.do(t, `query($c: ID!) { case(id: $c) { id answers { comment } } }`, map[string]any{"c": caseIDs[0]})
		if len(res.Errors) == 0 || strings.Contains(string(res.Data), "Kommentar") {
			t.Fatalf("%s read a case: %s", name, res.Data)
		}
	}
	// The service itself sees everything live.
	var own viewResult
	leader.mustQuery(t, view, map[string]any{"s": svc, "r": r2}, &own)
	if own.Submission.Summary.CaseCount != 3 || own.Submission.Summary.Suppressed || own.Submission.Summary.Overall.Yes == 0 ||
		len(own.Submission.Summary.DaysValues) != 3 || own.Submission.Summary.DaysValues[0] != 3 ||
		len(own.Submission.Summary.Outcomes) != 1 || own.Submission.Summary.Outcomes[0].Count != 3 {
		t.Fatalf("the service's own summary %+v", own.Submission.Summary)
	}

	leader.mustQuery(t, submit, map[string]any{"id": saved.SaveSubmissionDraft.ID}, nil)
	leader.mustQuery(t, reopen, map[string]any{"id": saved.SaveSubmissionDraft.ID}, nil)
	leader.mustQuery(t, draft, map[string]any{"s": svc, "r": r2, "a": "Nytt utkast som ikke er sendt."}, nil)
	leader.mustQuery(t, saveAnswer, map[string]any{"c": caseIDs[0], "q": qs["1.1"].ID, "o": "NO"}, nil)

	// Outside the service: the text of the sent revision, not the new draft; figures on 3 cases withheld.
	for name, c := range outsiders {
		var v viewResult
		c.mustQuery(t, view, map[string]any{"s": svc, "r": r2}, &v)
		s := v.Submission
		if s.Assessment != "Sendt vurdering." || len(s.QuestionComments) != 1 || s.QuestionComments[0].Comment != "Planleggingen er god." {
			t.Fatalf("%s must read the sent text: %+v", name, s)
		}
		if s.Summary.CaseCount != 3 || !s.Summary.Suppressed || s.Summary.Overall.Yes != 0 || len(s.Summary.DaysValues) != 0 || len(s.Summary.Outcomes) != 0 {
			t.Fatalf("%s must get the 3-case summary withheld: %+v", name, s.Summary)
		}
		for _, r := range s.Revisions {
			if !r.Summary.Suppressed || r.Summary.Overall.Yes != 0 {
				t.Fatalf("%s reads a revision's small figures: %+v", name, r.Summary)
			}
			for _, ch := range r.Changes {
				if ch.CaseNumber != nil {
					t.Fatalf("%s reads a case-level change: %+v", name, ch)
				}
			}
		}
		// The fact table has no case outside the service, and leaves out forms under 5 cases.
		res := c.do(t, `{ answerFacts(first: 100) { totalCount nodes { caseId caseNumber answerId } } }`, nil)
		if strings.Contains(string(res.Data), `"caseId":"`) {
			t.Fatalf("%s reads case-level facts: %s", name, res.Data)
		}
	}
	leader.mustQuery(t, view, map[string]any{"s": svc, "r": r2}, &own)
	if own.Submission.Assessment != "Nytt utkast som ikke er sendt." || own.Submission.Summary.Suppressed {
		t.Fatalf("the service reads its own draft: %+v", own.Submission)
	}
	// Exports follow the same rule.
	for name, c := range outsiders {
		status, body, _ := c.download(t, "/exports/answer-facts.csv")
		if status != 200 || strings.Contains(string(body), "case_number") {
			t.Fatalf("%s: the export names cases (%d): %.200s", name, status, body)
		}
	}
}
