package server_test

import (
	"slices"
	"strings"
	"testing"
)

// Round 2, document 002: round 1's goals followed up and the full comparison of the form with the
// round before.

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
	c := newComparisonCase(t)
	step := inSteps(t) // the steps share the form's state, in order
	step("a draft is compared inside the service only, marked provisional", c.draftComparedInside)
	step("goals are judged only after the first round, and only the plan's goals", c.judgements)
	step("a submitted comparison is the same for the service, its office and Helsetilsynet", c.submittedComparison)
	step("a change after re-opening stays inside the service until it is sent again", c.reopenedStaysInside)
	step("the round comparison marks the focus questions of one service only", c.roundComparisonFocus)
	step("a service with fewer than 5 cases is compared inside the service only", c.smallNumbers)
}

// comparisonCase is TestRoundOneGoalsAndFullComparison's world: Bodø with a round-1 plan whose
// goals target 3.2 and 3.7, and its round-2 form.
type comparisonCase struct {
	srv, a, leader, adv *instance
	r1, r2, svc, sub2   string
	oneToOne            int // the round-2 questions that continue one round-1 question one to one
}

const judgeGoals = `mutation($s: ID!, $r: ID!, $g: [GoalResultInput!]) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, goalResults: $g}) { previousGoals { index judgement } } }`

func newComparisonCase(t *testing.T) *comparisonCase {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	c := &comparisonCase{srv: srv, a: a, svc: serviceID(t, a, "Bodø")}
	c.r1, c.r2 = roundID(t, a, 1), roundID(t, a, 2)
	c.leader = srv.leader(t, c.svc)
	c.adv = srv.advisor(t, officeOf(t, a, c.svc))
	q1 := questions(t, a, c.r1)

	// Round 1: five cases, 1.1 Delvis, 3.2 and 3.7 Nei, the rest Ja; the plan targets 3.2 and 3.7.
	sub1 := fillCases(t, srv, c.svc, c.r1, sameCases(5, "2024-05", "YES", map[string]string{"1.1": "PARTLY", "3.2": "NO", "3.7": "NO"}))
	plan := map[string]any{"goals": []any{
		map[string]any{"questionId": q1["3.2"].ID, "description": "Samtale med barnet i alle saker",
			"actions": []any{map[string]any{"description": "Sjekkliste", "dueDate": "2025-03-31"}}},
		map[string]any{"questionId": q1["3.7"].ID, "description": "Samarbeid med foreldre og barn"},
	}}
	c.leader.mustQuery(t, `mutation($s: ID!, $r: ID!, $p: ImprovementPlanInput) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, improvementPlan: $p}) { id } }`,
		map[string]any{"s": c.svc, "r": c.r1, "p": plan}, nil)
	c.leader.mustQuery(t, submitForm, map[string]any{"id": sub1}, nil)

	// Round 2: 3.2 Ja in three cases and Nei in two, 3.7a Ja, 3.7b Delvis, the rest Ja.
	r2Cases := append(sameCases(3, "2025-06", "YES", map[string]string{"3.7b": "PARTLY"}),
		sameCases(2, "2025-07", "YES", map[string]string{"3.2": "NO", "3.7b": "PARTLY"})...)
	c.sub2 = fillCases(t, srv, c.svc, c.r2, r2Cases)
	c.oneToOne = oneToOneQuestions(t, a, c.r2)
	return c
}

// oneToOneQuestions counts the like-with-like total: the round's questions that continue one
// question of the round before one to one, worked out here from the lineage the graph shows.
func oneToOneQuestions(t *testing.T, a *instance, round string) int {
	t.Helper()
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
	a.mustQuery(t, `query($r: ID!) { round(id: $r) { questionnaire { questions { code comparability } } } }`, map[string]any{"r": round}, &lineage)
	oneToOne := 0
	for _, q := range lineage.Round.Questionnaire.Questions {
		if q.Comparability == "SAME" || q.Comparability == "CHANGED_OPTIONS" {
			oneToOne++
		}
	}
	if oneToOne < 10 {
		t.Fatalf("only %d one-to-one questions; is the lineage seeded?", oneToOne)
	}
	return oneToOne
}

// check reads Bodø's round-2 form as in and checks the goals beside their results, the judgement
// of the first goal, and the comparison in total and on the focus questions.
func (c *comparisonCase) check(t *testing.T, name string, in *instance, wantProvisional bool, wantJudgement *string) {
	t.Helper()
	var got formComparisonResult
	in.mustQuery(t, formComparisonQuery, map[string]any{"s": c.svc, "r": c.r2}, &got)
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
	cmp := got.Submission.Comparison
	if cmp == nil {
		t.Fatalf("%s: no comparison", name)
	}
	if cmp.Provisional != wantProvisional || cmp.Suppressed || cmp.PreviousRound.Number != 1 {
		t.Errorf("%s: provisional %v suppressed %v previous %d", name, cmp.Provisional, cmp.Suppressed, cmp.PreviousRound.Number)
	}
	focus := map[string]bool{}
	for _, q := range cmp.Questions {
		focus[q.Question.Code] = q.Focus
	}
	if !focus["3.2"] || !focus["3.7a"] || !focus["3.7b"] || focus["1.1"] || focus["4.1"] {
		t.Errorf("%s: focus %v", name, focus)
	}
	n := c.oneToOne
	if want := (dist{5*(n-2) + 0, 5, 5, 5 * n}); cmp.Total.Previous.dist() != want {
		t.Errorf("%s: total previous %+v, want %+v", name, cmp.Total.Previous.dist(), want)
	}
	if want := (dist{5*n - 2, 0, 2, 5 * n}); cmp.Total.Current.dist() != want {
		t.Errorf("%s: total current %+v, want %+v", name, cmp.Total.Current.dist(), want)
	}
	if len(cmp.Total.Questions) != n || slices.Contains(codes(cmp.Total.Questions), "3.7a") {
		t.Errorf("%s: total over %v", name, codes(cmp.Total.Questions))
	}
	if cmp.Total.YesChange == nil || cmp.Total.NoChange == nil || cmp.Total.NoChange.Difference >= 0 {
		t.Errorf("%s: total changes %+v %+v", name, cmp.Total.YesChange, cmp.Total.NoChange)
	}
	// The focus total is 3.2 alone: 3.7 was split, so its parts are compared one by one.
	if fq := codes(cmp.Focus.Questions); len(fq) != 1 || fq[0] != "3.2" ||
		cmp.Focus.Previous.dist() != (dist{0, 0, 5, 5}) || cmp.Focus.Current.dist() != (dist{3, 0, 2, 5}) {
		t.Errorf("%s: focus total %+v", name, cmp.Focus)
	}
}

// draftComparedInside: the service sees the comparison from its live cases, marked provisional;
// outside the service nothing is compared before the first submission.
func (c *comparisonCase) draftComparedInside(t *testing.T) {
	c.check(t, "draft, service", c.leader, true, nil)
	var outside formComparisonResult
	c.adv.mustQuery(t, formComparisonQuery, map[string]any{"s": c.svc, "r": c.r2}, &outside)
	if outside.Submission.Comparison != nil {
		t.Errorf("the county office compares a draft: %+v", outside.Submission.Comparison)
	}
}

// judgements: only in rounds after the first, only of goals the plan has.
func (c *comparisonCase) judgements(t *testing.T) {
	c.leader.mustFail(t, "FIELD_NOT_COLLECTED", judgeGoals, map[string]any{"s": c.svc, "r": c.r1, "g": []any{map[string]any{"goal": 0, "result": "REACHED"}}})
	e := c.leader.mustFail(t, "BAD_USER_INPUT", judgeGoals, map[string]any{"s": c.svc, "r": c.r2, "g": []any{map[string]any{"goal": 2, "result": "REACHED"}}})
	if e.Extensions["field"] != "goalResults[0].goal" {
		t.Errorf("unknown goal: field %v", e.Extensions["field"])
	}
	c.leader.mustQuery(t, judgeGoals, map[string]any{"s": c.svc, "r": c.r2, "g": []any{map[string]any{"goal": 0, "result": "PARTLY_REACHED"}}}, nil)
	partly := "PARTLY_REACHED"
	c.check(t, "judged draft, service", c.leader, true, &partly)
}

func (c *comparisonCase) submittedComparison(t *testing.T) {
	partly := "PARTLY_REACHED"
	c.leader.mustQuery(t, submitForm, map[string]any{"id": c.sub2}, nil)
	c.check(t, "submitted, service", c.leader, false, &partly)
	c.check(t, "submitted, county office", c.adv, false, &partly)
	c.check(t, "submitted, Helsetilsynet", c.a, false, &partly)
}

func (c *comparisonCase) reopenedStaysInside(t *testing.T) {
	partly, reached := "PARTLY_REACHED", "REACHED"
	c.leader.mustQuery(t, reopenForm, map[string]any{"id": c.sub2}, nil)
	c.leader.mustQuery(t, judgeGoals, map[string]any{"s": c.svc, "r": c.r2, "g": []any{map[string]any{"goal": 0, "result": "REACHED"}}}, nil)
	c.check(t, "reopened, service", c.leader, true, &reached)
	c.check(t, "reopened, county office", c.adv, false, &partly)
}

func (c *comparisonCase) roundComparisonFocus(t *testing.T) {
	var rc struct {
		RoundComparison struct {
			Questions []struct {
				Question struct{ Code string }
				Focus    bool
			}
		}
	}
	c.a.mustQuery(t, `query($r: ID!, $s: ID!) { roundComparison(roundId: $r, scope: {serviceId: $s}) { questions { question { code } focus } } }`,
		map[string]any{"r": c.r2, "s": c.svc}, &rc)
	marked := []string{}
	for _, q := range rc.RoundComparison.Questions {
		if q.Focus {
			marked = append(marked, q.Question.Code)
		}
	}
	if strings.Join(marked, ",") != "3.2,3.7a,3.7b" {
		t.Errorf("roundComparison focus: %v, want 3.2, 3.7a, 3.7b", marked)
	}
	c.a.mustQuery(t, `query($r: ID!) { roundComparison(roundId: $r) { questions { question { code } focus } } }`, map[string]any{"r": c.r2}, &rc)
	for _, q := range rc.RoundComparison.Questions {
		if q.Focus {
			t.Errorf("national comparison marks %s as focus", q.Question.Code)
		}
	}
}

// smallNumbers: a service with 3 cases in round 2 is compared inside the service only.
func (c *comparisonCase) smallNumbers(t *testing.T) {
	small := serviceID(t, c.a, "Bergen")
	smallLeader := c.srv.leader(t, small)
	s1 := fillCases(t, c.srv, small, c.r1, sameCases(5, "2024-05", "YES", nil))
	smallLeader.mustQuery(t, submitForm, map[string]any{"id": s1}, nil)
	s2 := fillCases(t, c.srv, small, c.r2, sameCases(3, "2025-06", "NO", nil))
	smallLeader.mustQuery(t, submitForm, map[string]any{"id": s2}, nil)
	var in, out formComparisonResult
	smallLeader.mustQuery(t, formComparisonQuery, map[string]any{"s": small, "r": c.r2}, &in)
	c.a.mustQuery(t, formComparisonQuery, map[string]any{"s": small, "r": c.r2}, &out)
	if cmp := in.Submission.Comparison; cmp == nil || cmp.Suppressed || cmp.Total.Current.No.Count == 0 {
		t.Errorf("inside the service: %+v", cmp)
	}
	if cmp := out.Submission.Comparison; cmp == nil || !cmp.Suppressed || cmp.Total.Current.Denominator != 0 || cmp.Total.Previous.Denominator != 0 {
		t.Errorf("outside the service, 3 cases: %+v", cmp)
	}
}
