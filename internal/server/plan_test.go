package server_test

import (
	"context"
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
		if err := srv.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM outbox WHERE plan_reminder_id IS NOT NULL AND service_id = ?`, mustInt(svc)).Scan(&n); err != nil {
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
	if err := srv.DB.NewSelect().Model(&ob).Where("plan_reminder_id IS NOT NULL").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ob.Recipient != "" || ob.Status != store.MailPending || ob.Subject == "" {
		t.Errorf("reminder %+v", ob)
	}
	// Done actions are not reminded; a new due date that passes is reminded again.
	leader.mustQuery(t, updateAction, map[string]any{"s": svc, "r": r1, "v": 1, "g": 0, "a": 1, "st": "IN_PROGRESS"}, nil)
	if _, err := srv.DB.ExecContext(context.Background(), `UPDATE plan_actions SET due_date = '2025-12-31' WHERE position = 1`); err != nil {
		t.Fatal(err)
	}
	if n, _ := srv.Store.EnqueuePlanReminders(context.Background(), today); n != 1 {
		t.Errorf("after the second action passed its due date: %d enqueued", n)
	}
	leader.mustQuery(t, updateAction, map[string]any{"s": svc, "r": r1, "v": 2, "g": 0, "a": 1, "st": "DONE"}, nil)
	if _, err := srv.DB.ExecContext(context.Background(), `UPDATE plan_actions SET due_date = '2025-12-30' WHERE position = 1`); err != nil {
		t.Fatal(err)
	}
	if n, _ := srv.Store.EnqueuePlanReminders(context.Background(), today); n != 0 {
		t.Errorf("a done action was reminded: %d", n)
	}
}
