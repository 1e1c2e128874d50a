package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// TestPlanFollowUp: the leader follows the round-1 plan up between the rounds (see plan_test.go).
func TestPlanFollowUp(t *testing.T) {
	p := newPlanCase(t)
	step := inSteps(t) // the steps share the plan's state, in order
	step("before submitting there is no plan to follow up, and changing it is refused", p.noPlanBeforeSubmitting)
	step("as submitted the plan is untouched, its measures began on the action's start date", p.asSubmitted)
	step("only the leader changes the plan", p.onlyTheLeaderChanges)
	step("personal data is refused and a warning needs confirming, storing nothing", p.personalDataRefused)
	step("the first change starts the follow-up; stale versions and ends before starts are refused", p.firstChange)
	step("actions and goals are added, and a goal is adjusted only with a reason", p.addAndAdjust)
	step("the own method needs a summary and sets when the measures began", p.ownMethod)
	step("staff and the office's advisor read the plan; nobody outside does", p.readers)
	step("the progress list shows each caller the services it may see", p.progressVisibility)
	step("every change is audited", p.everyChangeAudited)
	step("the submitted revision, the form and the statistics are as they were", p.submittedUnchanged)
	step("the county report tells how far the office's services have come", p.countyReportProgress)
	step("round 2's case selection uses the date the service set", p.caseSelectionUsesDate)
}

// planCase is TestPlanFollowUp's world: Bergen (followed up) and Tromsø (untouched), their users,
// and Bergen's round-1 form as it was submitted.
type planCase struct {
	srv, a, leader, staff, advisor, otherLeader *instance
	r1, r2, svc, other, office                  string
	sub                                         string // Bergen's round-1 submission
	statsBefore                                 string
	revBefore                                   json.RawMessage
}

func newPlanCase(t *testing.T) *planCase {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	p := &planCase{srv: srv, a: a}
	p.r1, p.r2 = roundID(t, a, 1), roundID(t, a, 2)
	p.svc, p.other = serviceID(t, a, "Bergen"), serviceID(t, a, "Tromsø")
	p.office = officeOf(t, a, p.svc)
	p.leader, p.staff = srv.leader(t, p.svc), srv.staff(t, p.svc)
	p.advisor = srv.advisor(t, p.office)
	p.otherLeader = srv.leader(t, p.other)
	return p
}

func (p *planCase) noPlanBeforeSubmitting(t *testing.T) {
	if got := readPlan(t, p.leader, p.svc, p.r1); got != nil {
		t.Fatalf("plan before submitting: %+v", got)
	}
	p.leader.mustFail(t, "BAD_USER_INPUT", updateAction, map[string]any{"s": p.svc, "r": p.r1, "g": 0, "a": 0, "st": "DONE"})
}

// asSubmitted: both services submit round 1; as submitted: version 0, untouched, the measures from
// the action's start date.
func (p *planCase) asSubmitted(t *testing.T) {
	p.sub = submitRound1Plan(t, p.srv, p.leader, p.svc, p.r1)
	submitRound1Plan(t, p.srv, p.otherLeader, p.other, p.r1)
	p.statsBefore = stats(t, p.a, p.r1)
	if err := p.srv.DB.QueryRowContext(context.Background(), `SELECT snapshot FROM submission_revisions WHERE submission_id = ? ORDER BY revision DESC LIMIT 1`, mustInt(p.sub)).Scan(&p.revBefore); err != nil {
		t.Fatal(err)
	}
	got := readPlan(t, p.leader, p.svc, p.r1)
	if got == nil || got.Version != 0 || got.Started || got.LastChangedAt != nil || len(got.Goals) != 1 || len(got.Goals[0].Actions) != 2 ||
		!got.Goals[0].Actions[0].Overdue || got.Goals[0].Actions[1].Overdue || !got.Progress.Untouched || got.Progress.Planned != 2 {
		t.Fatalf("plan as submitted: %+v", got)
	}
	if deref(got.MeasuresBeganOn) != "2025-01-15" || deref(got.MeasuresBeganSource) != "ACTION_START" {
		t.Errorf("measures began %v from %v", deref(got.MeasuresBeganOn), deref(got.MeasuresBeganSource))
	}
}

// onlyTheLeaderChanges: staff, the advisor and another service's leader cannot.
func (p *planCase) onlyTheLeaderChanges(t *testing.T) {
	p.staff.mustFail(t, "FORBIDDEN", updateAction, map[string]any{"s": p.svc, "r": p.r1, "v": 0, "g": 0, "a": 0, "st": "DONE"})
	p.advisor.mustFail(t, "FORBIDDEN", updateAction, map[string]any{"s": p.svc, "r": p.r1, "v": 0, "g": 0, "a": 0, "st": "DONE"})
	p.otherLeader.mustFail(t, "NOT_FOUND", updateAction, map[string]any{"s": p.svc, "r": p.r1, "v": 0, "g": 0, "a": 0, "st": "DONE"})
}

func (p *planCase) personalDataRefused(t *testing.T) {
	p.leader.mustFail(t, "PERSONAL_DATA", updateAction, map[string]any{"s": p.svc, "r": p.r1, "v": 0, "g": 0, "a": 0, "n": "Ring 912-34-567 etter kl. 15.", "cw": true})
	e := p.leader.mustFail(t, "PERSONAL_DATA_WARNING", updateAction, map[string]any{"s": p.svc, "r": p.r1, "v": 0, "g": 0, "a": 0, "n": "Samtale med Kari om ADHD."})
	if e.Extensions["field"] != "goals[0].actions[0].note" {
		t.Errorf("warning on field %v", e.Extensions["field"])
	}
	if got := readPlan(t, p.leader, p.svc, p.r1); got.Version != 0 || got.Started {
		t.Fatalf("a refused change was stored: %+v", got)
	}
}

func (p *planCase) firstChange(t *testing.T) {
	var got struct{ UpdatePlanAction planView }
	p.leader.mustQuery(t, updateAction, map[string]any{"s": p.svc, "r": p.r1, "v": 0, "g": 0, "a": 0, "st": "DONE", "to": "2025-04-10",
		"n": "Sjekklisten er tatt i bruk i alle team."}, &got)
	pv := &got.UpdatePlanAction
	if act := pv.Goals[0].Actions[0]; pv.Version != 1 || !pv.Started || act.Status != "DONE" || deref(act.EndedOn) != "2025-04-10" ||
		deref(act.StartedOn) != "2025-01-15" || act.Note != "Sjekklisten er tatt i bruk i alle team." || act.Overdue || pv.Progress.Done != 1 || pv.Progress.Untouched {
		t.Fatalf("after the first change: %+v", pv)
	}
	// A stale version is a conflict and changes nothing.
	p.leader.mustFail(t, "VERSION_CONFLICT", updateAction, map[string]any{"s": p.svc, "r": p.r1, "v": 0, "g": 0, "a": 1, "st": "IN_PROGRESS"})
	// An end before the start is refused.
	p.leader.mustFail(t, "BAD_USER_INPUT", updateAction, map[string]any{"s": p.svc, "r": p.r1, "v": 1, "g": 0, "a": 0, "to": "2024-12-01"})
}

const changeGoal = `mutation($s: ID!, $r: ID!, $v: Int, $g: Int, $d: String, $t: String, $why: String) { changePlanGoal(input: {serviceId: $s, roundId: $r, expectedVersion: $v, goal: $g, description: $d, target: $t, reason: $why}) { ` + planFields + ` } }`

// addAndAdjust: a new action, a goal adjusted with a reason (required), a new goal.
func (p *planCase) addAndAdjust(t *testing.T) {
	var added struct{ AddPlanAction planView }
	p.leader.mustQuery(t, `mutation($s: ID!, $r: ID!) { addPlanAction(input: {serviceId: $s, roundId: $r, expectedVersion: 1, goal: 0, description: "Fagdag om barnesamtalen", owner: "Fagleder", startedOn: "2025-02-01", status: IN_PROGRESS}) { `+planFields+` } }`,
		map[string]any{"s": p.svc, "r": p.r1}, &added)
	if acts := added.AddPlanAction.Goals[0].Actions; len(acts) != 3 || !acts[2].Added || acts[2].Status != "IN_PROGRESS" || added.AddPlanAction.Version != 2 {
		t.Fatalf("added action: %+v", added.AddPlanAction)
	}
	p.leader.mustFail(t, "BAD_USER_INPUT", changeGoal, map[string]any{"s": p.svc, "r": p.r1, "v": 2, "g": 0, "t": "70 % Ja"})
	var adjusted struct{ ChangePlanGoal planView }
	p.leader.mustQuery(t, changeGoal, map[string]any{"s": p.svc, "r": p.r1, "v": 2, "g": 0, "t": "70 % Ja", "why": "80 % var urealistisk på ett år."}, &adjusted)
	if g := adjusted.ChangePlanGoal.Goals[0]; g.Target != "70 % Ja" || g.AdjustReason != "80 % var urealistisk på ett år." {
		t.Fatalf("adjusted goal: %+v", g)
	}
	p.leader.mustQuery(t, changeGoal, map[string]any{"s": p.svc, "r": p.r1, "v": 3, "d": "Bedre dokumentasjon av vurderingene"}, &adjusted)
	if gs := adjusted.ChangePlanGoal.Goals; len(gs) != 2 || !gs[1].Added {
		t.Fatalf("new goal: %+v", gs)
	}
}

// ownMethod: a summary is required; progress is still reported per goal.
func (p *planCase) ownMethod(t *testing.T) {
	const settings = `mutation($s: ID!, $r: ID!, $v: Int, $own: Boolean, $sum: String, $loc: String, $m: Date, $rem: Boolean) { updatePlanSettings(input: {serviceId: $s, roundId: $r, expectedVersion: $v, ownMethod: $own, ownPlanSummary: $sum, ownPlanLocation: $loc, measuresBeganOn: $m, remindersEnabled: $rem}) { ` + planFields + ` } }`
	p.leader.mustFail(t, "BAD_USER_INPUT", settings, map[string]any{"s": p.svc, "r": p.r1, "v": 4, "own": true})
	var set struct{ UpdatePlanSettings planView }
	p.leader.mustQuery(t, settings, map[string]any{"s": p.svc, "r": p.r1, "v": 4, "own": true, "sum": "Vi bruker kommunens modell for kvalitetsforbedring.",
		"loc": "Kvalitetssystemet, mappe Barnevern/Forbedring", "m": "2025-01-02"}, &set)
	if s := set.UpdatePlanSettings; !s.OwnMethod || s.OwnPlanLocation == "" || deref(s.MeasuresBeganOn) != "2025-01-02" || deref(s.MeasuresBeganSource) != "SET_BY_SERVICE" {
		t.Fatalf("settings: %+v", s)
	}
	p.leader.mustQuery(t, `mutation($s: ID!, $r: ID!) { changePlanGoal(input: {serviceId: $s, roundId: $r, expectedVersion: 5, goal: 1, status: IN_PROGRESS, note: "Mal for vurderinger er laget."}) { version } }`,
		map[string]any{"s": p.svc, "r": p.r1}, nil)
}

// readers: staff read the plan; the advisor reads it of their own services only.
func (p *planCase) readers(t *testing.T) {
	if got := readPlan(t, p.staff, p.svc, p.r1); got == nil || got.Version != 6 || got.Goals[1].Status != "IN_PROGRESS" {
		t.Fatalf("staff read %+v", got)
	}
	if got := readPlan(t, p.advisor, p.svc, p.r1); got == nil || got.Version != 6 {
		t.Fatalf("advisor read %+v", got)
	}
	p.advisor.mustFail(t, "NOT_FOUND", `query($s: ID!, $r: ID!) { planFollowUp(serviceId: $s, roundId: $r) { version } }`, map[string]any{"s": p.other, "r": p.r1})
	p.otherLeader.mustFail(t, "NOT_FOUND", `query($s: ID!, $r: ID!) { planFollowUp(serviceId: $s, roundId: $r) { version } }`, map[string]any{"s": p.svc, "r": p.r1})
}

type progressRow struct {
	Service                                  struct{ ID string }
	Actions, Started, Done, Dropped, Overdue int
	Untouched, OwnMethod                     bool
}

// progress is the round-1 plan progress the caller sees, by service.
func (p *planCase) progress(t *testing.T, who *instance) map[string]progressRow {
	var data struct{ PlanProgress []progressRow }
	who.mustQuery(t, `query($r: ID!) { planProgress(roundId: $r) { service { id } actions started done dropped overdue untouched ownMethod } }`, map[string]any{"r": p.r1}, &data)
	out := map[string]progressRow{}
	for _, row := range data.PlanProgress {
		out[row.Service.ID] = row
	}
	return out
}

func (p *planCase) progressVisibility(t *testing.T) {
	svc, other := p.svc, p.other
	for _, tc := range []struct {
		name        string
		who         *instance
		sees, hides []string
	}{
		{"advisor", p.advisor, []string{svc}, []string{other}},
		{"analyst", p.a, []string{svc, other}, nil},
		{"leader", p.leader, []string{svc}, []string{other}},
		{"staff", p.staff, []string{svc}, []string{other}},
		{"other leader", p.otherLeader, []string{other}, []string{svc}},
		{"office token", p.srv.token(t, mustInt(p.office), 0), []string{svc}, []string{other}},
	} {
		rows := p.progress(t, tc.who)
		for _, s := range tc.sees {
			if _, ok := rows[s]; !ok {
				t.Errorf("%s does not see the progress of service %s", tc.name, s)
			}
		}
		for _, s := range tc.hides {
			if _, ok := rows[s]; ok {
				t.Errorf("%s sees the progress of service %s", tc.name, s)
			}
		}
	}
	rows := p.progress(t, p.a)
	if r := rows[svc]; r.Actions != 3 || r.Started != 2 || r.Done != 1 || r.Untouched || !r.OwnMethod || r.Overdue != 0 {
		t.Errorf("Bergen's progress: %+v", r)
	}
	if r := rows[other]; r.Actions != 2 || !r.Untouched || r.Overdue != 1 {
		t.Errorf("Tromsø's progress (untouched): %+v", r)
	}
}

func (p *planCase) everyChangeAudited(t *testing.T) {
	var audited int
	if err := p.srv.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE object_type = 'plan_follow_up' AND service_id = ?`, mustInt(p.svc)).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if audited != 6 {
		t.Errorf("%d audited plan changes, want 6", audited)
	}
}

func (p *planCase) submittedUnchanged(t *testing.T) {
	var revAfter json.RawMessage
	var status string
	var revisions int
	if err := p.srv.DB.QueryRowContext(context.Background(), `SELECT rev.snapshot, sub.status, (SELECT count(*) FROM submission_revisions WHERE submission_id = sub.id)
		FROM submission_revisions AS rev JOIN submissions AS sub ON sub.id = rev.submission_id WHERE sub.id = ? ORDER BY rev.revision DESC LIMIT 1`, mustInt(p.sub)).
		Scan(&revAfter, &status, &revisions); err != nil {
		t.Fatal(err)
	}
	if string(revAfter) != string(p.revBefore) || status != string(domain.StatusSubmitted) || revisions != 1 {
		t.Errorf("the submitted form changed: status %s, %d revisions", status, revisions)
	}
	if after := stats(t, p.a, p.r1); after != p.statsBefore {
		t.Errorf("statistics changed:\n%s\n%s", p.statsBefore, after)
	}
}

// countyReportProgress: the county report for round 1 tells how far the office's services have come.
func (p *planCase) countyReportProgress(t *testing.T) {
	if code, html, _ := p.advisor.download(t, "/reports/county/"+p.office+"/"+p.r1+".html"); code != 200 ||
		!strings.Contains(string(html), "Hvor langt tjenestene har kommet med forbedringsplanen") || !strings.Contains(string(html), "(egen metode)") {
		t.Errorf("county report (%d) has no plan progress", code)
	}
	if code, _, _ := p.advisor.download(t, "/reports/county/"+p.office+"/"+p.r1+".xlsx"); code != 200 {
		t.Errorf("county report XLSX: %d", code)
	}
}

func (p *planCase) caseSelectionUsesDate(t *testing.T) {
	fillCases(t, p.srv, p.svc, p.r2, []formCase{{started: "2024-12"}, {started: "2025-02"}})
	var sel struct{ CaseSelection caseSelection }
	p.leader.mustQuery(t, caseSelectionQuery, map[string]any{"s": p.svc, "r": p.r2}, &sel)
	if deref(sel.CaseSelection.MeasuresStartedOn) != "2025-01-02" || deref(sel.CaseSelection.MeasuresStartSource) != "SET_BY_SERVICE" ||
		len(sel.CaseSelection.CasesStartedBefore) != 1 || sel.CaseSelection.CasesStartedBefore[0] != 1 {
		t.Errorf("case selection: %+v", sel.CaseSelection)
	}
}
