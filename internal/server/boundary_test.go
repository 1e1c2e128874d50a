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
	c := newCaseWorkCase(t)
	step := inSteps(t) // the steps share the form's state, in order
	step("question comments are saved with the draft; other forms' questions and personal data are refused", c.questionComments)
	step("before the first submission nothing of the draft leaves the service", c.draftStaysInside)
	step("the service itself sees everything live", c.serviceSeesLive)
	step("outside the service the sent text is read, not the new draft, and small figures are withheld", c.outsidersReadWhatWasSent)
	step("the service reads its own new draft", c.serviceReadsNewDraft)
	step("exports name no cases outside the service", c.exportsNameNoCases)
}

// caseWorkCase is TestCaseWorkStaysInTheService's world: Bergen's round-2 form with three cases,
// and the outsiders who must not read its working papers.
type caseWorkCase struct {
	in, a, leader *instance
	svc, r2       string
	qs            map[string]question
	outsiders     map[string]*instance
	caseIDs       []string
	subID         string
}

const caseWorkDraft = `mutation($s: ID!, $r: ID!, $a: String, $qc: [QuestionCommentInput!]) {
		saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: $a, questionComments: $qc}) { id version questionComments { question { code } comment } } }`

const caseWorkView = `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { status assessment questionComments { comment }
		summary { caseCount suppressed overall { yes denominator } daysValues outcomes { outcome count } }
		revisions { changes { caseNumber field } summary { suppressed overall { yes } } } } }`

type caseWorkResult struct {
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

// newCaseWorkCase adds three cases with every required question answered and commented.
func newCaseWorkCase(t *testing.T) *caseWorkCase {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	c := &caseWorkCase{in: in, a: a, svc: serviceID(t, a, "i Bergen"), r2: roundID(t, a, 2)}
	c.qs = questions(t, a, c.r2)
	c.leader = in.leader(t, c.svc)
	adv := in.advisor(t, officeOf(t, a, c.svc))
	token := in.token(t, 0, mustInt(c.svc))
	c.outsiders = map[string]*instance{"advisor": adv, "analyst": a, "service token": token}
	for i := 0; i < 3; i++ {
		var cc struct{ CreateCase struct{ ID string } }
		c.leader.mustQuery(t, createCase, map[string]any{"s": c.svc, "r": c.r2, "d": 3 + i}, &cc)
		c.caseIDs = append(c.caseIDs, cc.CreateCase.ID)
		for code, q := range c.qs {
			if q.Required {
				opt := "YES"
				if code == "3.7b" {
					opt = "NOT_POSSIBLE"
				}
				c.leader.mustQuery(t, saveAnswer, map[string]any{"c": cc.CreateCase.ID, "q": q.ID, "o": opt, "m": "Kommentar i saken."}, nil)
			}
		}
	}
	return c
}

func (c *caseWorkCase) questionComments(t *testing.T) {
	var saved struct {
		SaveSubmissionDraft struct {
			ID               string
			QuestionComments []struct {
				Question struct{ Code string }
				Comment  string
			}
		}
	}
	c.leader.mustQuery(t, caseWorkDraft, map[string]any{"s": c.svc, "r": c.r2, "a": "Sendt vurdering.",
		"qc": []map[string]any{{"questionId": c.qs["1.1"].ID, "comment": "Planleggingen er god."}}}, &saved)
	if cm := saved.SaveSubmissionDraft.QuestionComments; len(cm) != 1 || cm[0].Question.Code != "1.1" || cm[0].Comment != "Planleggingen er god." {
		t.Fatalf("question comments %+v", cm)
	}
	c.subID = saved.SaveSubmissionDraft.ID
	// Bad input: a question of another form, personal data in a comment.
	c.leader.mustFail(t, "BAD_USER_INPUT", caseWorkDraft, map[string]any{"s": c.svc, "r": c.r2, "qc": []map[string]any{{"questionId": "999999", "comment": "x"}}})
	c.leader.mustFail(t, "PERSONAL_DATA", caseWorkDraft, map[string]any{"s": c.svc, "r": c.r2, "qc": []map[string]any{{"questionId": c.qs["1.1"].ID, "comment": "Ring 912 34 567."}}})
}

func (c *caseWorkCase) draftStaysInside(t *testing.T) {
	for name, o := range c.outsiders {
		var v caseWorkResult
		o.mustQuery(t, caseWorkView, map[string]any{"s": c.svc, "r": c.r2}, &v)
		if v.Submission.Assessment != "" || len(v.Submission.QuestionComments) != 0 || v.Submission.Summary.CaseCount != 0 {
			t.Fatalf("%s read the draft before it was sent: %+v", name, v.Submission)
		}
		res := o.do(t, `query($s: ID!, $r: ID!) { cases(serviceId: $s, roundId: $r) { id } }`, map[string]any{"s": c.svc, "r": c.r2})
		if len(res.Errors) == 0 || res.Errors[0].Extensions["code"] != "FORBIDDEN" {
			t.Fatalf("%s listed the cases: %s %+v", name, res.Data, res.Errors)
		}
		res = o.do(t, `query($c: ID!) { case(id: $c) { id answers { comment } } }`, map[string]any{"c": c.caseIDs[0]})
		if len(res.Errors) == 0 || strings.Contains(string(res.Data), "Kommentar") {
			t.Fatalf("%s read a case: %s", name, res.Data)
		}
	}
}

func (c *caseWorkCase) serviceSeesLive(t *testing.T) {
	var own caseWorkResult
	c.leader.mustQuery(t, caseWorkView, map[string]any{"s": c.svc, "r": c.r2}, &own)
	if own.Submission.Summary.CaseCount != 3 || own.Submission.Summary.Suppressed || own.Submission.Summary.Overall.Yes == 0 ||
		len(own.Submission.Summary.DaysValues) != 3 || own.Submission.Summary.DaysValues[0] != 3 ||
		len(own.Submission.Summary.Outcomes) != 1 || own.Submission.Summary.Outcomes[0].Count != 3 {
		t.Fatalf("the service's own summary %+v", own.Submission.Summary)
	}
}

// outsidersReadWhatWasSent: the form is sent, re-opened and changed; outside the service the text
// of the sent revision is read, not the new draft, and the figures on 3 cases are withheld.
func (c *caseWorkCase) outsidersReadWhatWasSent(t *testing.T) {
	c.leader.mustQuery(t, submit, map[string]any{"id": c.subID}, nil)
	c.leader.mustQuery(t, reopen, map[string]any{"id": c.subID}, nil)
	c.leader.mustQuery(t, caseWorkDraft, map[string]any{"s": c.svc, "r": c.r2, "a": "Nytt utkast som ikke er sendt."}, nil)
	c.leader.mustQuery(t, saveAnswer, map[string]any{"c": c.caseIDs[0], "q": c.qs["1.1"].ID, "o": "NO"}, nil)
	for name, o := range c.outsiders {
		var v caseWorkResult
		o.mustQuery(t, caseWorkView, map[string]any{"s": c.svc, "r": c.r2}, &v)
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
		res := o.do(t, `{ answerFacts(first: 100) { totalCount nodes { caseId caseNumber answerId } } }`, nil)
		if strings.Contains(string(res.Data), `"caseId":"`) {
			t.Fatalf("%s reads case-level facts: %s", name, res.Data)
		}
	}
}

func (c *caseWorkCase) serviceReadsNewDraft(t *testing.T) {
	var own caseWorkResult
	c.leader.mustQuery(t, caseWorkView, map[string]any{"s": c.svc, "r": c.r2}, &own)
	if own.Submission.Assessment != "Nytt utkast som ikke er sendt." || own.Submission.Summary.Suppressed {
		t.Fatalf("the service reads its own draft: %+v", own.Submission)
	}
}

func (c *caseWorkCase) exportsNameNoCases(t *testing.T) {
	for name, o := range c.outsiders {
		status, body, _ := o.download(t, "/exports/answer-facts.csv")
		if status != 200 || strings.Contains(string(body), "case_number") {
			t.Fatalf("%s: the export names cases (%d): %.200s", name, status, body)
		}
	}
}
