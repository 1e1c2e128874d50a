package server_test

import (
	"strings"
	"testing"
)

// Round 2, document 002: the services' reflections on the supervision and their decisions on the way
// forward.

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

// TestSupervisionFeedback: round 2 asks the services about the supervision; the county office
// reads the answers as submitted, and Helsetilsynet reads them all, by office.
func TestSupervisionFeedback(t *testing.T) {
	c := newFeedbackCase(t)
	step := inSteps(t) // the steps share the form's state, in order
	step("round 1 asks nothing on the supervision; round 2 three reflections and five feedback questions", c.questionsPerRound)
	step("personal data and answers to the wrong kind of question are refused", c.badInputRefused)
	step("feedback and reflections are saved, trimmed", c.saved)
	step("the county office reads the submitted revision's feedback, never the draft's", c.officeReadsSubmitted)
	step("Helsetilsynet reads the feedback by office; nobody else does", c.helsetilsynetReads)
	step("only Helsetilsynet downloads the feedback export", c.exports)
}

// feedbackCase is TestSupervisionFeedback's world: Bodø's round-2 form, its leader and its
// office's advisor.
type feedbackCase struct {
	srv, a, leader, adv              *instance
	r1, r2, svc, office, otherOffice string
	refl, fb                         []reflectionQ
}

const saveFeedback = `mutation($s: ID!, $r: ID!, $fb: [ReflectionAnswerInput!], $refl: [ReflectionAnswerInput!]) {
		saveSubmissionDraft(input: {serviceId: $s, roundId: $r, feedback: $fb, reflections: $refl}) { feedback { question { code kind } answer } reflections { question { code } } } }`

const readFeedback = `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { feedback { question { code } answer } revisions { feedback { answer } } } }`

type feedbackRead struct {
	Submission struct {
		Feedback  []struct{ Answer string }
		Revisions []struct{ Feedback []struct{ Answer string } }
	}
}

func newFeedbackCase(t *testing.T) *feedbackCase {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	c := &feedbackCase{srv: srv, a: a, svc: serviceID(t, a, "Bodø")}
	c.r1, c.r2 = roundID(t, a, 1), roundID(t, a, 2)
	c.office = officeOf(t, a, c.svc)
	c.otherOffice = officeOf(t, a, serviceID(t, a, "Bergen"))
	c.leader = srv.leader(t, c.svc)
	c.adv = srv.advisor(t, c.office)
	return c
}

// vars are the variables of saveFeedback for the service's round-2 form.
func (c *feedbackCase) vars(fb, refl []map[string]any) map[string]any {
	return map[string]any{"s": c.svc, "r": c.r2, "fb": fb, "refl": refl}
}

func (c *feedbackCase) questionsPerRound(t *testing.T) {
	if _, fb := roundReflectionQuestions(t, c.a, c.r1); len(fb) != 0 {
		t.Errorf("round 1 asks %d questions on the supervision, want 0", len(fb))
	}
	c.refl, c.fb = roundReflectionQuestions(t, c.a, c.r2)
	if len(c.refl) != 3 || len(c.fb) != 5 {
		t.Fatalf("round 2: %d reflection and %d feedback questions, want 3 and 5", len(c.refl), len(c.fb))
	}
	for i, q := range c.fb {
		if q.Kind != "FEEDBACK" || q.Code != "T"+itoa(int64(i+1)) {
			t.Errorf("feedback question %d: %+v", i, q)
		}
	}
}

// badInputRefused: bad input changes nothing: personal data, a reflection question given as
// feedback and the other way round.
func (c *feedbackCase) badInputRefused(t *testing.T) {
	fb, refl := c.fb, c.refl
	e := c.leader.mustFail(t, "PERSONAL_DATA", saveFeedback, c.vars([]map[string]any{{"questionId": fb[0].ID, "answer": "Ring 412 34 567 om dette."}}, nil))
	if e.Extensions["field"] != "feedback[0].answer" {
		t.Errorf("personal data: field %v, want feedback[0].answer", e.Extensions["field"])
	}
	e = c.leader.mustFail(t, "BAD_USER_INPUT", saveFeedback, c.vars([]map[string]any{{"questionId": refl[0].ID, "answer": "Feil sted"}}, nil))
	if e.Extensions["field"] != "feedback[0].questionId" {
		t.Errorf("reflection as feedback: field %v", e.Extensions["field"])
	}
	e = c.leader.mustFail(t, "BAD_USER_INPUT", saveFeedback, c.vars(nil, []map[string]any{{"questionId": fb[0].ID, "answer": "Feil sted"}}))
	if e.Extensions["field"] != "reflections[0].questionId" {
		t.Errorf("feedback as reflection: field %v", e.Extensions["field"])
	}
	c.leader.mustFail(t, "PERSONAL_DATA_WARNING", saveFeedback, c.vars([]map[string]any{{"questionId": fb[3].ID, "answer": "Vi har mange med diagnosen ADHD."}}, nil))
}

func (c *feedbackCase) saved(t *testing.T) {
	var saved struct {
		SaveSubmissionDraft struct {
			Feedback []struct {
				Question struct{ Code, Kind string }
				Answer   string
			}
			Reflections []struct{ Question struct{ Code string } }
		}
	}
	c.leader.mustQuery(t, saveFeedback, c.vars([]map[string]any{
		{"questionId": c.fb[0].ID, "answer": "Lærerikt å delta."},
		{"questionId": c.fb[2].ID, "answer": "  Vi savnet eksempler.  "},
	}, []map[string]any{{"questionId": c.refl[0].ID, "answer": "Tiltakene virket delvis."}}), &saved)
	got := saved.SaveSubmissionDraft
	if len(got.Feedback) != 2 || got.Feedback[1].Answer != "Vi savnet eksempler." || got.Feedback[0].Question.Kind != "FEEDBACK" || len(got.Reflections) != 1 {
		t.Fatalf("saved draft: %+v", got)
	}
}

// officeReadsSubmitted: nothing before submit; after a re-opened form is changed, the submitted
// revision's two answers.
func (c *feedbackCase) officeReadsSubmitted(t *testing.T) {
	var before feedbackRead
	c.adv.mustQuery(t, readFeedback, map[string]any{"s": c.svc, "r": c.r2}, &before)
	if len(before.Submission.Feedback) != 0 {
		t.Errorf("the county office reads the draft's feedback before submit: %+v", before.Submission.Feedback)
	}
	subID := fillCases(t, c.srv, c.svc, c.r2, sameCases(5, "2025-06", "YES", nil))
	c.leader.mustQuery(t, submitForm, map[string]any{"id": subID}, nil)
	c.leader.mustQuery(t, reopenForm, map[string]any{"id": subID}, nil)
	c.leader.mustQuery(t, saveFeedback, c.vars([]map[string]any{{"questionId": c.fb[0].ID, "answer": "Endret etter innsending."}}, nil), nil)

	var after feedbackRead
	c.adv.mustQuery(t, readFeedback, map[string]any{"s": c.svc, "r": c.r2}, &after)
	if len(after.Submission.Feedback) != 2 || after.Submission.Feedback[0].Answer != "Lærerikt å delta." {
		t.Errorf("the county office reads %+v, want the submitted revision's two answers", after.Submission.Feedback)
	}
	if len(after.Submission.Revisions) != 1 || len(after.Submission.Revisions[0].Feedback) != 2 {
		t.Errorf("revisions: %+v", after.Submission.Revisions)
	}
}

const supervisionFeedbackList = `query($r: ID!, $o: ID) { supervisionFeedback(roundId: $r, officeId: $o) { office { id } service { id name } revision answers { question { code } answer } } }`

func (c *feedbackCase) helsetilsynetReads(t *testing.T) {
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
	c.a.mustQuery(t, supervisionFeedbackList, map[string]any{"r": c.r2}, &all)
	if len(all.SupervisionFeedback) != 1 {
		t.Fatalf("supervisionFeedback: %+v, want Bodø only", all.SupervisionFeedback)
	}
	row := all.SupervisionFeedback[0]
	if row.Service.ID != c.svc || row.Office.ID != c.office || row.Revision != 1 || len(row.Answers) != 2 || row.Answers[1].Question.Code != "T3" ||
		row.Answers[0].Answer != "Lærerikt å delta." {
		t.Errorf("supervisionFeedback row: %+v", row)
	}
	c.a.mustQuery(t, supervisionFeedbackList, map[string]any{"r": c.r2, "o": c.otherOffice}, &all)
	if len(all.SupervisionFeedback) != 0 {
		t.Errorf("another office's feedback: %+v", all.SupervisionFeedback)
	}
	c.adv.mustFail(t, "FORBIDDEN", supervisionFeedbackList, map[string]any{"r": c.r2})
	c.leader.mustFail(t, "FORBIDDEN", supervisionFeedbackList, map[string]any{"r": c.r2})
}

func (c *feedbackCase) exports(t *testing.T) {
	status, body, ctype := c.a.download(t, "/exports/feedback/"+c.r2+".csv")
	if status != 200 || !strings.HasPrefix(ctype, "text/csv") || !strings.Contains(string(body), "Lærerikt å delta.") ||
		strings.Contains(string(body), "Endret etter innsending.") || !strings.Contains(string(body), "T3") {
		t.Errorf("CSV export: %d %s\n%s", status, ctype, body)
	}
	if status, body, _ := c.a.download(t, "/exports/feedback/"+c.r2+".xlsx"); status != 200 || len(body) < 100 {
		t.Errorf("XLSX export: %d, %d bytes", status, len(body))
	}
	if status, _, _ := c.adv.download(t, "/exports/feedback/"+c.r2+".csv"); status != 403 {
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
	bodoOffice := officeOf(t, a, bodo)
	leader := srv.leader(t, bodo)
	const save = saveWayForward
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

	t.Run("the decisions are counted as last submitted, within each caller's reach", func(t *testing.T) {
		checkWayForwardCounts(t, srv, leader, adv, r2, bergen)
	})

	// Text typed by mistake in the comment is removed by a redaction like any other text.
	var red struct{ RedactText struct{ Total int } }
	leader.mustQuery(t, `mutation($s: ID!, $r: ID!) { redactText(input: {serviceId: $s, roundId: $r, text: "fristoppfølgingen", reason: CONFIDENTIAL}) { total } }`,
		map[string]any{"s": bodo, "r": r2}, &red)
	adv.mustQuery(t, read, map[string]any{"s": bodo, "r": r2}, &seen)
	if red.RedactText.Total == 0 || strings.Contains(seen.Submission.WayForward.Comment, "fristoppfølgingen") {
		t.Errorf("redaction: %d places, comment now %q", red.RedactText.Total, seen.Submission.WayForward.Comment)
	}
}

const saveWayForward = `mutation($s: ID!, $r: ID!, $w: WayForwardInput) {
		saveSubmissionDraft(input: {serviceId: $s, roundId: $r, wayForward: $w}) { wayForward { decision comment } } }`

// checkWayForwardCounts: Bergen decides to make its measures permanent; Bodø's reopened draft does
// not count. Each caller counts the decisions within its reach, and the county report shows its
// office's.
func checkWayForwardCounts(t *testing.T, srv, leader, adv *instance, r2, bergen string) {
	a := srv.analyst(t)
	bodoOffice, bergenOffice := officeOf(t, a, serviceID(t, a, "Bodø")), officeOf(t, a, bergen)
	const save = saveWayForward
	vars := func(s, r string, w map[string]any) map[string]any { return map[string]any{"s": s, "r": r, "w": w} }
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
}
