package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// The improvement plan lives between the rounds (issue 18): after submitting round 1, the leader
// follows the plan up without re-opening the form; the submitted revision and the statistics stay
// as they were; every change is screened, audited and version-checked; the county office sees the
// progress of its services only; the measures-began date feeds round 2's case selection.

const planFields = `version started lastChangedAt ownMethod ownPlanSummary ownPlanLocation measuresBeganOn measuresBeganSource remindersEnabled
	goals { position description target added status note adjustReason actions { position description status startedOn endedOn note added overdue } }
	progress { actions planned inProgress done dropped started untouched }`

type planView struct {
	Version             int
	Started             bool
	LastChangedAt       *string
	OwnMethod           bool
	OwnPlanSummary      string
	OwnPlanLocation     string
	MeasuresBeganOn     *string
	MeasuresBeganSource *string
	RemindersEnabled    bool
	Goals               []struct {
		Position                          int
		Description, Target, Status, Note string
		AdjustReason                      string
		Added                             bool
		Actions                           []struct {
			Position                  int
			Description, Status, Note string
			StartedOn, EndedOn        *string
			Added, Overdue            bool
		}
	}
	Progress struct {
		Actions, Planned, InProgress, Done, Dropped, Started int
		Untouched                                            bool
	}
}

// submitRound1Plan fills and submits the service's round-1 form with a plan of one goal and two
// actions (one long overdue), and returns the submission id.
func submitRound1Plan(t *testing.T, srv *instance, leader *instance, svc, r1 string) string {
	t.Helper()
	sub := fillCases(t, srv, svc, r1, sameCases(6, "2024-05", "YES", map[string]string{"3.2": "NO"}))
	plan := map[string]any{"goals": []any{map[string]any{"description": "Samtale med barnet i alle undersøkelser", "target": "80 % Ja",
		"actions": []any{
			map[string]any{"description": "Sjekkliste for samtaler", "owner": "Fagleder", "dueDate": "2025-03-31", "startDate": "2025-01-15"},
			map[string]any{"description": "Kollegaveiledning", "owner": "Teamleder", "dueDate": "2099-06-30"},
		}}}}
	leader.mustQuery(t, `mutation($s: ID!, $r: ID!, $p: ImprovementPlanInput) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: "Vurdering", improvementPlan: $p}) { id } }`,
		map[string]any{"s": svc, "r": r1, "p": plan}, nil)
	leader.mustQuery(t, submitForm, map[string]any{"id": sub}, nil)
	return sub
}

func readPlan(t *testing.T, who *instance, svc, round string) *planView {
	t.Helper()
	var data struct{ PlanFollowUp *planView }
	who.mustQuery(t, `query($s: ID!, $r: ID!) { planFollowUp(serviceId: $s, roundId: $r) { `+planFields+` } }`, map[string]any{"s": svc, "r": round}, &data)
	return data.PlanFollowUp
}

const updateAction = `mutation($s: ID!, $r: ID!, $v: Int, $g: Int!, $a: Int!, $st: ActionStatus, $from: Date, $to: Date, $n: String, $cw: Boolean) {
	updatePlanAction(input: {serviceId: $s, roundId: $r, expectedVersion: $v, goal: $g, action: $a, status: $st, startedOn: $from, endedOn: $to, note: $n, confirmWarnings: $cw}) { ` + planFields + ` } }`

func TestPlanFollowUp(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r1, r2 := roundID(t, a, 1), roundID(t, a, 2)
	svc, other := serviceID(t, a, "Bergen"), serviceID(t, a, "Tromsø")
	var office struct {
		Service struct{ Office struct{ ID string } }
	}
	a.mustQuery(t, `query($s: ID!) { service(id: $s) { office { id } } }`, map[string]any{"s": svc}, &office)
	leader, staff := srv.leader(t, svc), srv.staff(t, svc)
	advisor := srv.advisor(t, office.Service.Office.ID)
	otherLeader := srv.leader(t, other)

	// Before submitting there is no plan to follow up, and changing it is refused.
	if p := readPlan(t, leader, svc, r1); p != nil {
		t.Fatalf("plan before submitting: %+v", p)
	}
	leader.mustFail(t, "BAD_USER_INPUT", updateAction, map[string]any{"s": svc, "r": r1, "g": 0, "a": 0, "st": "DONE"})

	sub := submitRound1Plan(t, srv, leader, svc, r1)
	submitRound1Plan(t, srv, otherLeader, other, r1)
	statsBefore := stats(t, a, r1)
	var revBefore json.RawMessage
	if err := srv.Store.DB.QueryRowContext(context.Background(), `SELECT snapshot FROM submission_revisions WHERE submission_id = ? ORDER BY revision DESC LIMIT 1`, mustInt(sub)).Scan(&revBefore); err != nil {
		t.Fatal(err)
	}

	// As submitted: version 0, untouched, the measures from the action's start date.
	p := readPlan(t, leader, svc, r1)
	if p == nil || p.Version != 0 || p.Started || p.LastChangedAt != nil || len(p.Goals) != 1 || len(p.Goals[0].Actions) != 2 ||
		!p.Goals[0].Actions[0].Overdue || p.Goals[0].Actions[1].Overdue || !p.Progress.Untouched || p.Progress.Planned != 2 {
		t.Fatalf("plan as submitted: %+v", p)
	}
	if deref(p.MeasuresBeganOn) != "2025-01-15" || deref(p.MeasuresBeganSource) != "ACTION_START" {
		t.Errorf("measures began %v from %v", deref(p.MeasuresBeganOn), deref(p.MeasuresBeganSource))
	}

	// Only the leader changes the plan: staff, the advisor and another service's leader cannot.
	staff.mustFail(t, "FORBIDDEN", updateAction, map[string]any{"s": svc, "r": r1, "v": 0, "g": 0, "a": 0, "st": "DONE"})
	advisor.mustFail(t, "FORBIDDEN", updateAction, map[string]any{"s": svc, "r": r1, "v": 0, "g": 0, "a": 0, "st": "DONE"})
	otherLeader.mustFail(t, "NOT_FOUND", updateAction, map[string]any{"s": svc, "r": r1, "v": 0, "g": 0, "a": 0, "st": "DONE"})

	// Personal data is refused and a warning needs confirming; nothing is stored meanwhile.
	leader.mustFail(t, "PERSONAL_DATA", updateAction, map[string]any{"s": svc, "r": r1, "v": 0, "g": 0, "a": 0, "n": "Ring 912-34-567 etter kl. 15.", "cw": true})
	e := leader.mustFail(t, "PERSONAL_DATA_WARNING", updateAction, map[string]any{"s": svc, "r": r1, "v": 0, "g": 0, "a": 0, "n": "Samtale med Kari om ADHD."})
	if e.Extensions["field"] != "goals[0].actions[0].note" {
		t.Errorf("warning on field %v", e.Extensions["field"])
	}
	if p := readPlan(t, leader, svc, r1); p.Version != 0 || p.Started {
		t.Fatalf("a refused change was stored: %+v", p)
	}

	// The first change starts the follow-up.
	var got struct{ UpdatePlanAction planView }
	leader.mustQuery(t, updateAction, map[string]any{"s": svc, "r": r1, "v": 0, "g": 0, "a": 0, "st": "DONE", "to": "2025-04-10",
		"n": "Sjekklisten er tatt i bruk i alle team."}, &got)
	p = &got.UpdatePlanAction
	if act := p.Goals[0].Actions[0]; p.Version != 1 || !p.Started || act.Status != "DONE" || deref(act.EndedOn) != "2025-04-10" ||
		deref(act.StartedOn) != "2025-01-15" || act.Note != "Sjekklisten er tatt i bruk i alle team." || act.Overdue || p.Progress.Done != 1 || p.Progress.Untouched {
		t.Fatalf("after the first change: %+v", p)
	}
	// A stale version is a conflict and changes nothing.
	leader.mustFail(t, "VERSION_CONFLICT", updateAction, map[string]any{"s": svc, "r": r1, "v": 0, "g": 0, "a": 1, "st": "IN_PROGRESS"})
	// An end before the start is refused.
	leader.mustFail(t, "BAD_USER_INPUT", updateAction, map[string]any{"s": svc, "r": r1, "v": 1, "g": 0, "a": 0, "to": "2024-12-01"})

	// A new action, a goal adjusted with a reason (required), a new goal.
	var added struct{ AddPlanAction planView }
	leader.mustQuery(t, `mutation($s: ID!, $r: ID!) { addPlanAction(input: {serviceId: $s, roundId: $r, expectedVersion: 1, goal: 0, description: "Fagdag om barnesamtalen", owner: "Fagleder", startedOn: "2025-02-01", status: IN_PROGRESS}) { `+planFields+` } }`,
		map[string]any{"s": svc, "r": r1}, &added)
	if acts := added.AddPlanAction.Goals[0].Actions; len(acts) != 3 || !acts[2].Added || acts[2].Status != "IN_PROGRESS" || added.AddPlanAction.Version != 2 {
		t.Fatalf("added action: %+v", added.AddPlanAction)
	}
	const changeGoal = `mutation($s: ID!, $r: ID!, $v: Int, $g: Int, $d: String, $t: String, $why: String) { changePlanGoal(input: {serviceId: $s, roundId: $r, expectedVersion: $v, goal: $g, description: $d, target: $t, reason: $why}) { ` + planFields + ` } }`
	leader.mustFail(t, "BAD_USER_INPUT", changeGoal, map[string]any{"s": svc, "r": r1, "v": 2, "g": 0, "t": "70 % Ja"})
	var adjusted struct{ ChangePlanGoal planView }
	leader.mustQuery(t, changeGoal, map[string]any{"s": svc, "r": r1, "v": 2, "g": 0, "t": "70 % Ja", "why": "80 % var urealistisk på ett år."}, &adjusted)
	if g := adjusted.ChangePlanGoal.Goals[0]; g.Target != "70 % Ja" || g.AdjustReason != "80 % var urealistisk på ett år." {
		t.Fatalf("adjusted goal: %+v", g)
	}
	leader.mustQuery(t, changeGoal, map[string]any{"s": svc, "r": r1, "v": 3, "d": "Bedre dokumentasjon av vurderingene"}, &adjusted)
	if gs := adjusted.ChangePlanGoal.Goals; len(gs) != 2 || !gs[1].Added {
		t.Fatalf("new goal: %+v", gs)
	}

	// The own method: a summary is required; progress is still reported per goal.
	const settings = `mutation($s: ID!, $r: ID!, $v: Int, $own: Boolean, $sum: String, $loc: String, $m: Date, $rem: Boolean) { updatePlanSettings(input: {serviceId: $s, roundId: $r, expectedVersion: $v, ownMethod: $own, ownPlanSummary: $sum, ownPlanLocation: $loc, measuresBeganOn: $m, remindersEnabled: $rem}) { ` + planFields + ` } }`
	leader.mustFail(t, "BAD_USER_INPUT", settings, map[string]any{"s": svc, "r": r1, "v": 4, "own": true})
	var set struct{ UpdatePlanSettings planView }
	leader.mustQuery(t, settings, map[string]any{"s": svc, "r": r1, "v": 4, "own": true, "sum": "Vi bruker kommunens modell for kvalitetsforbedring.",
		"loc": "Kvalitetssystemet, mappe Barnevern/Forbedring", "m": "2025-01-02"}, &set)
	if s := set.UpdatePlanSettings; !s.OwnMethod || s.OwnPlanLocation == "" || deref(s.MeasuresBeganOn) != "2025-01-02" || deref(s.MeasuresBeganSource) != "SET_BY_SERVICE" {
		t.Fatalf("settings: %+v", s)
	}
	leader.mustQuery(t, `mutation($s: ID!, $r: ID!) { changePlanGoal(input: {serviceId: $s, roundId: $r, expectedVersion: 5, goal: 1, status: IN_PROGRESS, note: "Mal for vurderinger er laget."}) { version } }`,
		map[string]any{"s": svc, "r": r1}, nil)

	// Staff read the plan; the advisor reads it and the progress of their own services only.
	if p := readPlan(t, staff, svc, r1); p == nil || p.Version != 6 || p.Goals[1].Status != "IN_PROGRESS" {
		t.Fatalf("staff read %+v", p)
	}
	if p := readPlan(t, advisor, svc, r1); p == nil || p.Version != 6 {
		t.Fatalf("advisor read %+v", p)
	}
	advisor.mustFail(t, "NOT_FOUND", `query($s: ID!, $r: ID!) { planFollowUp(serviceId: $s, roundId: $r) { version } }`, map[string]any{"s": other, "r": r1})
	otherLeader.mustFail(t, "NOT_FOUND", `query($s: ID!, $r: ID!) { planFollowUp(serviceId: $s, roundId: $r) { version } }`, map[string]any{"s": svc, "r": r1})
	type progressRow struct {
		Service                                  struct{ ID string }
		Actions, Started, Done, Dropped, Overdue int
		Untouched, OwnMethod                     bool
	}
	progress := func(who *instance) map[string]progressRow {
		var data struct{ PlanProgress []progressRow }
		who.mustQuery(t, `query($r: ID!) { planProgress(roundId: $r) { service { id } actions started done dropped overdue untouched ownMethod } }`, map[string]any{"r": r1}, &data)
		out := map[string]progressRow{}
		for _, row := range data.PlanProgress {
			out[row.Service.ID] = row
		}
		return out
	}
	for _, tc := range []struct {
		name        string
		who         *instance
		sees, hides []string
	}{
		{"advisor", advisor, []string{svc}, []string{other}},
		{"analyst", a, []string{svc, other}, nil},
		{"leader", leader, []string{svc}, []string{other}},
		{"staff", staff, []string{svc}, []string{other}},
		{"other leader", otherLeader, []string{other}, []string{svc}},
		{"office token", srv.token(t, mustInt(office.Service.Office.ID), 0), []string{svc}, []string{other}},
	} {
		rows := progress(tc.who)
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
	rows := progress(a)
	if r := rows[svc]; r.Actions != 3 || r.Started != 2 || r.Done != 1 || r.Untouched || !r.OwnMethod || r.Overdue != 0 {
		t.Errorf("Bergen's progress: %+v", r)
	}
	if r := rows[other]; r.Actions != 2 || !r.Untouched || r.Overdue != 1 {
		t.Errorf("Tromsø's progress (untouched): %+v", r)
	}

	// Every change is audited.
	var audited int
	if err := srv.Store.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE object_type = 'plan_follow_up' AND service_id = ?`, mustInt(svc)).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	if audited != 6 {
		t.Errorf("%d audited plan changes, want 6", audited)
	}

	// The submitted revision, the form and the statistics are as they were.
	var revAfter json.RawMessage
	var status string
	var revisions int
	if err := srv.Store.DB.QueryRowContext(context.Background(), `SELECT rev.snapshot, sub.status, (SELECT count(*) FROM submission_revisions WHERE submission_id = sub.id)
		FROM submission_revisions AS rev JOIN submissions AS sub ON sub.id = rev.submission_id WHERE sub.id = ? ORDER BY rev.revision DESC LIMIT 1`, mustInt(sub)).
		Scan(&revAfter, &status, &revisions); err != nil {
		t.Fatal(err)
	}
	if string(revAfter) != string(revBefore) || status != string(domain.StatusSubmitted) || revisions != 1 {
		t.Errorf("the submitted form changed: status %s, %d revisions", status, revisions)
	}
	if after := stats(t, a, r1); after != statsBefore {
		t.Errorf("statistics changed:\n%s\n%s", statsBefore, after)
	}

	// The county report for round 1 tells how far the office's services have come.
	if code, html, _ := advisor.download(t, "/reports/county/"+office.Service.Office.ID+"/"+r1+".html"); code != 200 ||
		!strings.Contains(string(html), "Hvor langt tjenestene har kommet med forbedringsplanen") || !strings.Contains(string(html), "(egen metode)") {
		t.Errorf("county report (%d) has no plan progress", code)
	}
	if code, _, _ := advisor.download(t, "/reports/county/"+office.Service.Office.ID+"/"+r1+".xlsx"); code != 200 {
		t.Errorf("county report XLSX: %d", code)
	}

	// Round 2's case selection uses the date the service set.
	fillCases(t, srv, svc, r2, []formCase{{started: "2024-12"}, {started: "2025-02"}})
	var sel struct{ CaseSelection caseSelection }
	leader.mustQuery(t, caseSelectionQuery, map[string]any{"s": svc, "r": r2}, &sel)
	if deref(sel.CaseSelection.MeasuresStartedOn) != "2025-01-02" || deref(sel.CaseSelection.MeasuresStartSource) != "SET_BY_SERVICE" ||
		len(sel.CaseSelection.CasesStartedBefore) != 1 || sel.CaseSelection.CasesStartedBefore[0] != 1 {
		t.Errorf("case selection: %+v", sel.CaseSelection)
	}
}

// stats is round r's national statistics as JSON, for comparing before and after.
func stats(t *testing.T, a *instance, r string) string {
	t.Helper()
	res := a.do(t, statisticsQuery, map[string]any{"r": r})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return string(res.Data)
}

// TestPlanReminders: reminders of overdue actions go to the service's leaders through the outbox,
// only when the service asked for them, once per action and due date however often it runs.
func TestPlanReminders(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r1 := roundID(t, a, 1)
	svc := serviceID(t, a, "Bergen")
	leader := srv.leader(t, svc)
	submitRound1Plan(t, srv, leader, svc, r1)
	today := domain.NewDate(2026, 1, 15)
	count := func() int {
		var n int
		if err := srv.Store.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM outbox WHERE plan_reminder_id IS NOT NULL AND service_id = ?`, mustInt(svc)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n, err := srv.Store.EnqueuePlanReminders(context.Background(), today); err != nil || n != 0 || count() != 0 {
		t.Fatalf("without asking: %d enqueued, %v", n, err)
	}
	leader.mustQuery(t, `mutation($s: ID!, $r: ID!) { updatePlanSettings(input: {serviceId: $s, roundId: $r, expectedVersion: 0, remindersEnabled: true}) { version } }`,
		map[string]any{"s": svc, "r": r1}, nil)
	for i := range 3 {
		n, err := srv.Store.EnqueuePlanReminders(context.Background(), today)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{1, 0, 0}[i]; n != want {
			t.Errorf("run %d enqueued %d, want %d", i, n, want)
		}
	}
	if count() != 1 {
		t.Fatalf("%d reminders in the outbox, want 1", count())
	}
	var ob store.Outbox
	if err := srv.Store.DB.NewSelect().Model(&ob).Where("plan_reminder_id IS NOT NULL").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ob.Recipient != "" || ob.Status != store.MailPending || ob.Subject == "" {
		t.Errorf("reminder %+v", ob)
	}
	// Done actions are not reminded; a new due date that passes is reminded again.
	leader.mustQuery(t, updateAction, map[string]any{"s": svc, "r": r1, "v": 1, "g": 0, "a": 1, "st": "IN_PROGRESS"}, nil)
	if _, err := srv.Store.DB.ExecContext(context.Background(), `UPDATE plan_actions SET due_date = '2025-12-31' WHERE position = 1`); err != nil {
		t.Fatal(err)
	}
	if n, _ := srv.Store.EnqueuePlanReminders(context.Background(), today); n != 1 {
		t.Errorf("after the second action passed its due date: %d enqueued", n)
	}
	leader.mustQuery(t, updateAction, map[string]any{"s": svc, "r": r1, "v": 2, "g": 0, "a": 1, "st": "DONE"}, nil)
	if _, err := srv.Store.DB.ExecContext(context.Background(), `UPDATE plan_actions SET due_date = '2025-12-30' WHERE position = 1`); err != nil {
		t.Fatal(err)
	}
	if n, _ := srv.Store.EnqueuePlanReminders(context.Background(), today); n != 0 {
		t.Errorf("a done action was reminded: %d", n)
	}
}
