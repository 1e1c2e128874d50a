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
