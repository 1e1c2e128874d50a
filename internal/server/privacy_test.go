package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
)

// freeTextField is one free-text field of the graph: a mutation that sets it from $t, the caller
// who may run it, and the field name a refusal names.
type freeTextField struct {
	name  string
	who   *instance
	query string
	vars  map[string]any
	field string
	warns bool // whether likely names and health words give PERSONAL_DATA_WARNING here
}

// phoneVariants are ways of writing one phone number that an earlier screen let through.
var phoneVariants = []string{
	"Ring 912-34-567 etter kl. 15.",
	"Tlf.\t912\t34\t567",
	"Tlf. 91.23.45.67",
	"Ring ٩١٢٣٤٥٦٧",
	"Ring ९१२३४५६७",
	"Ring ９１２ ３４ ５６７",
	"Ring 91\u200b23\u200b45\u200b67",
	"Ring +47-912-34-567",
	"Fnr 150765-00050",
	"Skriv til kari＠nav.no",
	"Skriv til kari @ nav.no",
}

// privacySetup builds one of everything that carries free text: a case in Bergen's round-2 form,
// a submitted form in Askøy's, an office advisor and an administrator.
func privacySetup(t *testing.T) []freeTextField {
	t.Helper()
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	r2 := roundID(t, a, 2)
	bergen := serviceID(t, a, "i Bergen")
	askoy := serviceID(t, a, "Askøy")
	var svc struct {
		Service struct{ Office struct{ ID string } }
	}
	a.mustQuery(t, `query($s: ID!) { service(id: $s) { office { id } } }`, map[string]any{"s": bergen}, &svc)
	office := svc.Service.Office.ID
	adv := in.advisor(t, office)
	leader := in.leader(t, bergen)
	staff := in.staff(t, bergen)
	admin := in.user(t, "privacy.admin", auth.RoleAdmin, "", "")
	qs := questions(t, a, r2)
	commentQ, reflID := commentAndReflectionQuestions(t, a, r2, qs)

	adv.mustQuery(t, `mutation($r: ID!, $s: [ID!]!) { inviteServices(input: {roundId: $r, serviceIds: $s}) { id } }`,
		map[string]any{"r": r2, "s": []string{bergen}}, nil)
	var c struct{ CreateCase struct{ ID string } }
	staff.mustQuery(t, createCase, map[string]any{"s": bergen, "r": r2, "d": 5}, &c)

	// Askøy submits a form, so there is something to return.
	sub := submitAskoyForm(t, in, askoy, r2, qs)
	var user struct{ CreateUser struct{ ID string } }
	admin.mustQuery(t, `mutation { createUser(input: {username: "privacy.target", displayName: "Kari Nordmann", role: NATIONAL_ANALYST, password: "correct horse battery staple"}) { id } }`, nil, &user)

	const draft = `mutation($s: ID!, $r: ID!, $t: String!, $cw: Boolean) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, confirmWarnings: $cw, %s}) { id } }`
	goal := func(inner string) string {
		return fmt.Sprintf(draft, "improvementPlan: {goals: [{"+inner+"}]}")
	}
	sr := map[string]any{"s": bergen, "r": r2}
	or := map[string]any{"o": office, "r": r2}
	return []freeTextField{
		{"answer comment", staff, `mutation($c: ID!, $q: ID!, $t: String, $cw: Boolean) { saveAnswer(input: {caseId: $c, questionId: $q, option: YES, comment: $t, confirmWarnings: $cw}) { id } }`,
			map[string]any{"c": c.CreateCase.ID, "q": commentQ.ID}, "comment", true},
		{"assessment", leader, fmt.Sprintf(draft, "assessment: $t"), sr, "assessment", true},
		{"reflection", leader, fmt.Sprintf(draft, `reflections: [{questionId: "`+reflID+`", answer: $t}]`), sr, "reflections[0].answer", true},
		{"goal description", leader, goal(`description: $t`), sr, "improvementPlan.goals[0].description", true},
		{"goal target", leader, goal(`description: "Mål", target: $t`), sr, "improvementPlan.goals[0].target", true},
		{"goal measure", leader, goal(`description: "Mål", measure: $t`), sr, "improvementPlan.goals[0].measure", true},
		{"action description", leader, goal(`description: "Mål", actions: [{description: $t}]`), sr, "improvementPlan.goals[0].actions[0].description", true},
		{"action owner", leader, goal(`description: "Mål", actions: [{description: "Tiltak", owner: $t}]`), sr, "improvementPlan.goals[0].actions[0].owner", true},
		{"meeting title", adv, `mutation($o: ID!, $r: ID!, $t: String, $cw: Boolean) { recordInfoMeeting(input: {officeId: $o, roundId: $r, heldOn: "2025-09-10", format: DIGITAL, title: $t, confirmWarnings: $cw}) { id } }`,
			or, "title", true},
		{"decline reason", adv, `mutation($s: ID!, $r: ID!, $t: String, $cw: Boolean) { recordReply(input: {serviceId: $s, roundId: $r, reply: NO, declineReason: $t, confirmWarnings: $cw}) { id } }`,
			sr, "declineReason", true},
		{"next assessment", adv, `mutation($s: ID!, $r: ID!, $t: String, $cw: Boolean) { recordReply(input: {serviceId: $s, roundId: $r, reply: NO, declineReason: "Omorganisering.", nextAssessment: $t, confirmWarnings: $cw}) { id } }`,
			sr, "nextAssessment", true},
		{"follow-up note", adv, `mutation($o: ID!, $r: ID!, $t: String, $cw: Boolean) { recordFollowUp(input: {officeId: $o, roundId: $r, kind: NOTE, note: $t, confirmWarnings: $cw}) { id } }`,
			or, "note", true},
		{"reminder message", adv, `mutation($o: ID!, $r: ID!, $s: [ID!], $t: String, $cw: Boolean) { recordFollowUp(input: {officeId: $o, roundId: $r, kind: REMINDER, note: "Purring", serviceIds: $s, message: $t, confirmWarnings: $cw}) { id } }`,
			map[string]any{"o": office, "r": r2, "s": []string{bergen}}, "message", true},
		{"extension reason", adv, `mutation($s: ID!, $r: ID!, $t: String!, $cw: Boolean) { grantExtension(input: {serviceId: $s, roundId: $r, until: "2099-06-30", reason: $t, confirmWarnings: $cw}) { id } }`,
			sr, "reason", true},
		{"return reason", adv, `mutation($id: ID!, $t: String, $cw: Boolean) { returnSubmission(input: {submissionId: $id, reason: $t, confirmWarnings: $cw}) { id } }`,
			map[string]any{"id": sub.ID}, "reason", true},
		{"return reason per question", adv, `mutation($id: ID!, $q: ID!, $t: String!, $cw: Boolean) { returnSubmission(input: {submissionId: $id, questionReasons: [{questionId: $q, reason: $t}], confirmWarnings: $cw}) { id } }`,
			map[string]any{"id": sub.ID, "q": commentQ.ID}, "questionReasons[0].reason", true},
		{"county report comment", adv, `mutation($o: ID!, $r: ID!, $t: String!, $cw: Boolean) { saveCountyReport(input: {officeId: $o, roundId: $r, comments: [{part: GENERAL, text: $t}], confirmWarnings: $cw}) { version } }`,
			or, "comments.GENERAL", true},
		{"token name", admin, `mutation($t: String!, $cw: Boolean) { createApiToken(input: {name: $t, confirmWarnings: $cw}) { secret } }`,
			nil, "name", true},
		{"new user's display name", admin, `mutation($t: String!) { createUser(input: {username: "privacy.new", displayName: $t, role: NATIONAL_ANALYST, password: "correct horse battery staple"}) { id } }`,
			nil, "displayName", false},
		{"changed display name", admin, `mutation($id: ID!, $t: String) { updateUser(input: {id: $id, displayName: $t}) { id } }`,
			map[string]any{"id": user.CreateUser.ID}, "displayName", false},
	}
}

// commentAndReflectionQuestions are the first question of the round that takes a comment and the
// id of its first reflection question.
func commentAndReflectionQuestions(t *testing.T, a *instance, r2 string, qs map[string]question) (question, string) {
	t.Helper()
	var commentQ question
	for _, q := range qs {
		if q.CommentAllowed {
			commentQ = q
			break
		}
	}
	if commentQ.ID == "" {
		t.Fatal("no question takes a comment")
	}
	var refl struct {
		Round struct {
			Questionnaire struct{ ReflectionQuestions []struct{ ID string } }
		}
	}
	a.mustQuery(t, `query($r: ID!) { round(id: $r) { questionnaire { reflectionQuestions { id } } } }`, map[string]any{"r": r2}, &refl)
	if len(refl.Round.Questionnaire.ReflectionQuestions) == 0 {
		t.Fatal("no reflection question")
	}
	reflID := refl.Round.Questionnaire.ReflectionQuestions[0].ID
	return commentQ, reflID
}

// submitAskoyForm has Askøy fill in a case and submit its form; it returns the form.
func submitAskoyForm(t *testing.T, in *instance, askoy, r2 string, qs map[string]question) *submissionResult {
	t.Helper()
	askoyLeader := in.leader(t, askoy)
	var ac struct{ CreateCase struct{ ID string } }
	askoyLeader.mustQuery(t, createCase, map[string]any{"s": askoy, "r": r2, "d": 5}, &ac)
	for _, q := range qs {
		askoyLeader.mustQuery(t, saveAnswer, map[string]any{"c": ac.CreateCase.ID, "q": q.ID, "o": "YES"}, nil)
	}
	writeAssessment(t, askoyLeader, askoy, r2)
	sub := getSubmission(t, askoyLeader, askoy, r2)
	askoyLeader.mustQuery(t, submit, map[string]any{"id": sub.ID}, nil)
	return sub
}

func withText(vars map[string]any, text string, confirm bool) map[string]any {
	out := map[string]any{"t": text}
	for k, v := range vars {
		out[k] = v
	}
	if confirm {
		out["cw"] = true
	}
	return out
}

// TestEveryFreeTextFieldIsScreened: a phone number, identity number or e-mail address, however
// it is written, is refused on every free-text field of the graph, admin fields included, with
// the field named, and confirming warnings does not let it through.
func TestEveryFreeTextFieldIsScreened(t *testing.T) {
	fields := privacySetup(t)
	for i, f := range fields {
		t.Run(f.name, func(t *testing.T) {
			for k := range 3 {
				text := phoneVariants[(i*3+k)%len(phoneVariants)]
				e := f.who.mustFail(t, "PERSONAL_DATA", f.query, withText(f.vars, text, false))
				if e.Extensions["field"] != f.field {
					t.Errorf("%q: field %v, want %s", text, e.Extensions["field"], f.field)
				}
				if f.warns {
					f.who.mustFail(t, "PERSONAL_DATA", f.query, withText(f.vars, text, true))
				}
			}
		})
	}
}

// TestWarningsNeedConfirmation: a likely name or health word stops every free-text field with
// PERSONAL_DATA_WARNING until the caller confirms; display names are names and do not warn.
func TestWarningsNeedConfirmation(t *testing.T) {
	fields := privacySetup(t)
	const text = "Samtale med Kari om ADHD."
	for _, f := range fields {
		t.Run(f.name, func(t *testing.T) {
			if !f.warns {
				f.who.mustQuery(t, f.query, withText(f.vars, "Kari Nordmann", false), nil)
				return
			}
			e := f.who.mustFail(t, "PERSONAL_DATA_WARNING", f.query, withText(f.vars, text, false))
			if e.Extensions["field"] != f.field {
				t.Errorf("field %v, want %s", e.Extensions["field"], f.field)
			}
			var got []string
			ws, _ := e.Extensions["warnings"].([]any)
			for _, w := range ws {
				m := w.(map[string]any)
				got = append(got, fmt.Sprintf("%s %s %s %v-%v", m["field"], m["kind"], m["word"], m["start"], m["end"]))
			}
			want := []string{f.field + " LIKELY_NAME Kari 12-16", f.field + " HEALTH ADHD 20-24"}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("warnings %q, want %q", got, want)
			}
		})
	}
	// Confirmed, the text is stored as written. The return comes last: it changes the form.
	for _, f := range fields {
		if !f.warns || f.name == "return reason" {
			continue
		}
		t.Run(f.name+" confirmed", func(t *testing.T) {
			f.who.mustQuery(t, f.query, withText(f.vars, text, true), nil)
		})
	}
}

// TestConfirmedWarningIsStored reads back the answer comment and the assessment after a confirmed
// warning, and checks that nothing was stored before the confirmation.
func TestConfirmedWarningIsStored(t *testing.T) {
	fields := privacySetup(t)
	byName := map[string]freeTextField{}
	for _, f := range fields {
		byName[f.name] = f
	}
	const text = "Mor har depresjon, og gutten Aleksander ble hørt."

	comment := byName["answer comment"]
	comment.who.mustFail(t, "PERSONAL_DATA_WARNING", comment.query, withText(comment.vars, text, false))
	readComment := func() *string {
		var data struct {
			Case struct {
				Answers []struct {
					Question struct{ ID string }
					Comment  *string
				}
			}
		}
		comment.who.mustQuery(t, `query($c: ID!) { case(id: $c) { answers { question { id } comment } } }`, map[string]any{"c": comment.vars["c"]}, &data)
		for _, a := range data.Case.Answers {
			if a.Question.ID == comment.vars["q"] {
				return a.Comment
			}
		}
		return nil
	}
	if got := readComment(); got != nil {
		t.Fatalf("comment stored before confirmation: %q", *got)
	}
	comment.who.mustQuery(t, comment.query, withText(comment.vars, text, true), nil)
	if got := readComment(); got == nil || *got != text {
		t.Fatalf("comment after confirmation = %v, want %q", got, text)
	}
	// Choosing another option re-sends the stored comment: it was confirmed and does not warn again.
	comment.who.mustQuery(t, saveAnswer, map[string]any{"c": comment.vars["c"], "q": comment.vars["q"], "o": "NO", "m": text}, nil)
	comment.who.mustFail(t, "PERSONAL_DATA_WARNING", saveAnswer, map[string]any{"c": comment.vars["c"], "q": comment.vars["q"], "o": "NO", "m": text + " Jenta Tuva også."})

	assessment := byName["assessment"]
	e := assessment.who.mustFail(t, "PERSONAL_DATA_WARNING", assessment.query, withText(assessment.vars, text, false))
	if !strings.Contains(e.Message, "helseopplysninger") || !strings.Contains(e.Message, "personnavn") {
		t.Errorf("message %q names neither kind", e.Message)
	}
	readAssessment := func() string {
		var data struct{ Submission struct{ Assessment string } }
		assessment.who.mustQuery(t, `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { assessment } }`, assessment.vars, &data)
		return data.Submission.Assessment
	}
	if got := readAssessment(); got != "" {
		t.Fatalf("assessment stored before confirmation: %q", got)
	}
	assessment.who.mustQuery(t, assessment.query, withText(assessment.vars, text, true), nil)
	if got := readAssessment(); got != text {
		t.Fatalf("assessment after confirmation = %q, want %q", got, text)
	}
	// Saving the draft again with the same assessment and a new plan warns only if the plan does.
	assessment.who.mustQuery(t, `mutation($s: ID!, $r: ID!, $t: String!) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: $t, improvementPlan: {goals: [{description: "Bedre samtaler"}]}}) { id } }`,
		withText(assessment.vars, text, false), nil)
	e = assessment.who.mustFail(t, "PERSONAL_DATA_WARNING", `mutation($s: ID!, $r: ID!, $t: String!) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: $t, improvementPlan: {goals: [{description: "Samtaler om angst"}]}}) { id } }`,
		withText(assessment.vars, text, false))
	if e.Extensions["field"] != "improvementPlan.goals[0].description" {
		t.Errorf("field %v, want the goal", e.Extensions["field"])
	}
}
