package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// TestControlCharactersRefused: a NUL or another control character in any string input, as a
// variable or written into the query, at the top or deep in input objects and lists, answers
// BAD_USER_INPUT naming the input, and changes nothing. Free text keeps tab, newline and CR.
func TestControlCharactersRefused(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	svc := serviceID(t, a, "Bergen")
	r2 := roundID(t, a, 2)
	leader := in.leader(t, svc)
	var c struct{ CreateCase struct{ ID string } }
	leader.mustQuery(t, createCase, map[string]any{"s": svc, "r": r2, "d": 2}, &c)
	q := questions(t, a, r2)["1.1"].ID
	const draft = `mutation($s: ID!, $r: ID!, $a: String, $plan: ImprovementPlanInput) {
		saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: $a, improvementPlan: $plan}) { version } }`
	plan := func(action string) map[string]any {
		return map[string]any{"goals": []any{map[string]any{"description": "Mål", "actions": []any{
			map[string]any{"description": "Første tiltak"}, map[string]any{"description": action}}}}}
	}
	for _, tc := range []struct {
		name   string
		caller *instance
		query  string
		vars   map[string]any
		field  string
	}{
		{"NUL in a log-in user name", in, loginMutation, map[string]any{"u": "test.analyst\x00", "p": testPassword}, "input.username"},
		{"NUL in a comment", leader, saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": q, "o": "YES", "m": "før\x00etter"}, "input.comment"},
		{"bell in a comment", leader, saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": q, "o": "YES", "m": "før\aetter"}, "input.comment"},
		{"C1 control in a comment", leader, saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": q, "o": "YES", "m": "før\u0085etter"}, "input.comment"},
		{"NUL in an ID variable", leader, saveAnswer, map[string]any{"c": c.CreateCase.ID + "\x00", "q": q, "o": "YES"}, "input.caseId"},
		{"newline in an ID", leader, saveAnswer, map[string]any{"c": c.CreateCase.ID + "\n", "q": q, "o": "YES"}, "input.caseId"},
		{"NUL in a plan action, in a list in a list", leader, draft, map[string]any{"s": svc, "r": r2, "plan": plan("tiltak\x00")},
			"input.improvementPlan.goals[0].actions[1].description"},
		{"NUL in an inline literal", leader, `mutation { saveSubmissionDraft(input: {serviceId: "` + svc + `", roundId: "` + r2 + `", assessment: "a\u0000b"}) { version } }`, nil, "input.assessment"},
		{"NUL in a query filter literal", a, `{ services(filter: {nameContains: "Berg\u0000"}) { nodes { id } } }`, nil, "filter.nameContains"},
		{"NUL in a query variable", a, `query($p: String) { services(filter: {nameContains: $p}) { nodes { id } } }`, map[string]any{"p": "\x00"}, "filter.nameContains"},
		{"NUL in a list of IDs", a, `mutation($r: ID!, $s: [ID!]!) { inviteServices(input: {roundId: $r, serviceIds: $s}) { service { id } } }`,
			map[string]any{"r": r2, "s": []any{svc, svc + "\x00"}}, "input.serviceIds[1]"},
		{"NUL in a nested field's argument", a, `query($s: ID!) { service(id: $s) { submission(roundId: "1\u0000") { id } } }`, map[string]any{"s": svc}, "roundId"},
		{"NUL in a fragment", a, `query { ...F } fragment F on Query { services(filter: {nameContains: "\u0000"}) { totalCount } }`, nil, "filter.nameContains"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.caller.mustFail(t, "BAD_USER_INPUT", tc.query, tc.vars)
			if e.Extensions["field"] != tc.field {
				t.Errorf("field %v, want %s", e.Extensions["field"], tc.field)
			}
			if !strings.Contains(e.Message, "kontrolltegn") {
				t.Errorf("message %q", e.Message)
			}
		})
	}
	checkNothingStored(t, in, leader, c.CreateCase.ID, svc, r2)
	// The messages follow the language.
	res := leader.do(t, saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": q, "o": "YES", "m": "\x00"}, "Accept-Language", "en")
	if len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, "control character") {
		t.Errorf("English message %+v", res.Errors)
	}
	res = leader.do(t, saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": q, "o": "YES", "m": "\x00"}, "Accept-Language", "nn")
	if len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, "kontrollteikn") {
		t.Errorf("Nynorsk message %+v", res.Errors)
	}
	// Tab, newline and carriage return are fine in free text.
	var saved struct{ SaveAnswer struct{ Comment string } }
	leader.mustQuery(t, saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": q, "o": "YES", "m": "Linje 1\r\nLinje 2\tmed tab"}, &saved)
	if saved.SaveAnswer.Comment != "Linje 1\r\nLinje 2\tmed tab" {
		t.Errorf("comment %q", saved.SaveAnswer.Comment)
	}
	// GET with a variable, and a download's query parameter.
	res2, body := getWith(t, a.client, in.URL+"/graphql?query="+url.QueryEscape(`query($p: String) { services(filter: {nameContains: $p}) { totalCount } }`)+
		"&variables="+url.QueryEscape(`{"p":"a\u0000"}`))
	if res2.StatusCode >= 500 || !strings.Contains(body, "BAD_USER_INPUT") {
		t.Errorf("GET: %d %s", res2.StatusCode, body)
	}
	if status, _, _ := a.download(t, "/exports/answer-facts.csv?questionCode=1.1%00"); status != 400 {
		t.Errorf("export with a NUL in its filter: %d", status)
	}
}

// checkNothingStored: nothing was stored: the case has no answer and the draft no plan or
// assessment.
func checkNothingStored(t *testing.T, in, leader *instance, caseID, svc, r2 string) {
	t.Helper()
	var n int64
	n, _ = in.DB.NewSelect().Table("answers").Where("case_id = ?", caseID).Count(context.Background())
	if n != 0 {
		t.Errorf("%d answers stored", n)
	}
	var sub struct {
		Submission *struct {
			Assessment      string
			ImprovementPlan struct {
				Goals []struct{ Description string }
			}
		}
	}
	leader.mustQuery(t, `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { assessment improvementPlan { goals { description } } } }`,
		map[string]any{"s": svc, "r": r2}, &sub)
	if sub.Submission != nil && (sub.Submission.Assessment != "" || len(sub.Submission.ImprovementPlan.Goals) != 0) {
		t.Errorf("a refused draft was stored: %+v", sub.Submission)
	}
}
