package server_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Round 2, document 002: the case selection (which cases the round counts, and since when measures
// began).

type caseSelection struct {
	CaseCount              int
	PreviousCaseCount      *int
	PreviousRound          *struct{ Number int }
	MeasuresStartedOn      *string
	MeasuresStartSource    *string
	CasesStartedBefore     []int
	CasesWithoutStartMonth []int
	FewerThanPrevious      bool
	BelowSmallNumberFloor  bool
}

const caseSelectionQuery = `query($s: ID!, $r: ID!) { caseSelection(serviceId: $s, roundId: $r) { caseCount previousCaseCount previousRound { number }
	measuresStartedOn measuresStartSource casesStartedBefore casesWithoutStartMonth fewerThanPrevious belowSmallNumberFloor } }`

// TestCaseSelection checks round 2's cases against the guidance of document 002: round 1's
// number, start months against when the measures began, and a pragmatic word when there are few.
func TestCaseSelection(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r1, r2 := roundID(t, a, 1), roundID(t, a, 2)
	q1 := questions(t, a, r1)

	checkSamplingGuidance(t, a)

	for _, tc := range caseSelections {
		t.Run(tc.name, func(t *testing.T) {
			svc := serviceID(t, a, tc.service)
			leader := srv.leader(t, svc)
			sub1 := fillCases(t, srv, svc, r1, sameCases(8, "2024-05", "YES", nil))
			plan := map[string]any{"goals": []any{map[string]any{"questionId": q1["3.2"].ID, "description": "Samtale med barnet", "actions": tc.actions}}}
			leader.mustQuery(t, `mutation($s: ID!, $r: ID!, $p: ImprovementPlanInput) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, improvementPlan: $p}) { id } }`,
				map[string]any{"s": svc, "r": r1, "p": plan}, nil)
			var submitted struct{ SubmitSubmission struct{ SubmittedAt string } }
			leader.mustQuery(t, `mutation($id: ID!) { submitSubmission(input: {submissionId: $id}) { submittedAt } }`, map[string]any{"id": sub1}, &submitted)

			var first struct{ CaseSelection caseSelection }
			leader.mustQuery(t, caseSelectionQuery, map[string]any{"s": svc, "r": r1}, &first)
			if first.CaseSelection.PreviousRound != nil || first.CaseSelection.PreviousCaseCount != nil || first.CaseSelection.CaseCount != 8 {
				t.Errorf("round 1: %+v", first.CaseSelection)
			}

			// Cases that started before the measures are warned about, never refused.
			fillCases(t, srv, svc, r2, tc.r2)
			var got struct{ CaseSelection caseSelection }
			leader.mustQuery(t, caseSelectionQuery, map[string]any{"s": svc, "r": r2}, &got)
			c := got.CaseSelection
			wantStart := tc.wantStart
			if wantStart == "" {
				wantStart = domainDateOf(t, submitted.SubmitSubmission.SubmittedAt)
			}
			if c.CaseCount != len(tc.r2) || c.PreviousCaseCount == nil || *c.PreviousCaseCount != 8 || c.PreviousRound == nil || c.PreviousRound.Number != 1 {
				t.Errorf("counts: %+v", c)
			}
			if c.MeasuresStartSource == nil || *c.MeasuresStartSource != tc.wantSource || c.MeasuresStartedOn == nil || *c.MeasuresStartedOn != wantStart {
				t.Errorf("measures began: %v from %v, want %s from %s", deref(c.MeasuresStartedOn), deref(c.MeasuresStartSource), wantStart, tc.wantSource)
			}
			if !slices.Equal(c.CasesStartedBefore, tc.before) || !slices.Equal(c.CasesWithoutStartMonth, tc.noMonth) {
				t.Errorf("started before %v (want %v), without month %v (want %v)", c.CasesStartedBefore, tc.before, c.CasesWithoutStartMonth, tc.noMonth)
			}
			if c.FewerThanPrevious != tc.fewer || c.BelowSmallNumberFloor != tc.belowFloor {
				t.Errorf("fewer %v (want %v), below floor %v (want %v)", c.FewerThanPrevious, tc.fewer, c.BelowSmallNumberFloor, tc.belowFloor)
			}
			// Cases never leave the service.
			srv.advisor(t, officeOf(t, a, svc)).mustFail(t, "FORBIDDEN", caseSelectionQuery, map[string]any{"s": svc, "r": r2})
			srv.leader(t, serviceID(t, a, "Tromsø")).mustFail(t, "NOT_FOUND", caseSelectionQuery, map[string]any{"s": svc, "r": r2})
		})
	}
}

// checkSamplingGuidance: every round has sampling guidance in every language; round 2's speaks of
// cases started after the measures.
func checkSamplingGuidance(t *testing.T, a *instance) {
	var guidance struct {
		Rounds []struct {
			Number           int
			SamplingGuidance *struct{ NB, NN, EN string }
		}
	}
	a.mustQuery(t, `{ rounds { number samplingGuidance { nb nn en } } }`, nil, &guidance)
	for _, r := range guidance.Rounds {
		g := r.SamplingGuidance
		if g == nil || g.NB == "" || g.NN == "" || g.EN == "" {
			t.Fatalf("round %d has no sampling guidance in every language: %+v", r.Number, g)
		}
		if after := strings.Contains(g.NB, "startet etter at forbedringstiltakene kom i gang"); after != (r.Number == 2) {
			t.Errorf("round %d guidance speaks of cases started after the measures: %v", r.Number, after)
		}
	}
}

type caseSelectionCase struct {
	name       string
	service    string
	actions    []any
	r2         []formCase
	wantSource string
	wantStart  string // "" means the day of round 1's submission
	before     []int
	noMonth    []int
	fewer      bool
	belowFloor bool
}

// caseSelections are two services' round-1 plans and round-2 cases, and the case selection each
// must get.
var caseSelections = []caseSelectionCase{
	{
		name: "action start dates", service: "Bodø",
		actions: []any{
			map[string]any{"description": "Sjekkliste", "startDate": "2025-03-15", "dueDate": "2025-06-30", "status": "DONE"},
			map[string]any{"description": "Avlyst tiltak", "startDate": "2024-12-01", "status": "CANCELLED"},
		},
		r2:         []formCase{{started: "2025-02"}, {started: "2025-03"}, {started: "2025-05"}, {}},
		wantSource: "ACTION_START", wantStart: "2025-03-15", before: []int{1}, noMonth: []int{4}, fewer: true, belowFloor: true,
	},
	{
		name: "plan submitted", service: "Bergen",
		actions:    []any{map[string]any{"description": "Kollegaveiledning", "dueDate": "2025-06-30"}},
		r2:         append(sameCases(6, "2099-01", "YES", nil), formCase{started: "2020-01"}),
		wantSource: "PLAN_SUBMITTED", before: []int{7}, noMonth: []int{}, fewer: false, belowFloor: false,
	},
}

// domainDateOf is the Oslo date of an RFC 3339 time, as the server reckons dates.
func domainDateOf(t *testing.T, ts string) string {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		t.Fatal(err)
	}
	return domain.DateOf(tm).String()
}
