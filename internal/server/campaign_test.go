package server_test

import (
	"context"
	"testing"
)

const funnelQuery = `query($r: ID!, $o: ID, $stages: [FunnelStage!], $overdue: Boolean, $sort: FunnelSort) {
	funnel(roundId: $r, filter: {officeId: $o, stages: $stages, overdue: $overdue}, sort: $sort) {
		counts { stage count } overdueCount
		entries { service { id name } stage reply replyDue replyLate deadline extensionUntil status late overdue returned
			planSubmitted reminderCount caseCount meeting { heldOn } } } }`

type funnelEntry struct {
	Service        struct{ ID, Name string }
	Stage          string
	Reply          *string
	ReplyDue       *string
	ReplyLate      bool
	Deadline       string
	ExtensionUntil *string
	Status         string
	Late, Overdue  bool
	Returned       bool
	PlanSubmitted  bool
	ReminderCount  int
	CaseCount      int
}

type funnelResult struct {
	Funnel struct {
		Counts []struct {
			Stage string
			Count int
		}
		OverdueCount int
		Entries      []funnelEntry
	}
}

func (f funnelResult) entry(t *testing.T, serviceID string) funnelEntry {
	t.Helper()
	for _, e := range f.Funnel.Entries {
		if e.Service.ID == serviceID {
			return e
		}
	}
	t.Fatalf("service %s not in the funnel", serviceID)
	return funnelEntry{}
}

func (f funnelResult) count(stage string) int {
	for _, c := range f.Funnel.Counts {
		if c.Stage == stage {
			return c.Count
		}
	}
	return -1
}

// TestCampaignWorkflow follows services of one office through a round: invitation, information
// meeting, replies (one late, one declining), reminders, an extension, submission, return with
// reasons, correction and resubmission with the changes shown, and the office's non-binding
// "gjennomgått" mark (the guide, § 1.2: no approval, no lock).
func TestCampaignWorkflow(t *testing.T) {
	w := newCampaignRound(t)
	step := inSteps(t) // the steps share the round's state, in order
	step("invitations reach only the office's own services", w.invitations)
	step("replies are due two weeks after the information meeting", w.replies)
	step("a reminder goes to the outbox once per service", w.reminder)
	step("a passed deadline makes a service overdue until the office extends it", w.extension)
	step("a form submitted within the extension is not late", w.submitWithinExtension)
	step("a returned form shows the service its reasons", w.returnWithReasons)
	step("the corrections are seen only inside the service", w.correctionsStayInside)
	step("gone through is a mark the service and the funnel see, never an approval", w.markGoneThrough)
	step("a resubmission outdates the mark, the office clears it, and nothing approves or locks", w.markOutdatedAndCleared)
	step("the funnel filters and sorts by stage, for its own office only", w.funnelFilters)
}

// campaignRound is TestCampaignWorkflow's round 2 as seen by Bergen's office: its advisor, another
// office's advisor, Bergen's leader, and the form as the steps leave it.
type campaignRound struct {
	in, a, adv, otherAdv, leader *instance
	r2, office                   string
	bergen, askoy, tromso        string
	qs                           map[string]question
	caseID                       string
	sub                          *submissionResult
}

func newCampaignRound(t *testing.T) *campaignRound {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	w := &campaignRound{in: in, a: a, r2: roundID(t, a, 2)}
	w.bergen = serviceID(t, a, "i Bergen")
	w.askoy = serviceID(t, a, "Askøy")
	w.tromso = serviceID(t, a, "Tromsø")
	w.office = officeOf(t, a, w.bergen)
	w.adv = in.advisor(t, w.office)
	w.otherAdv = in.advisor(t, officeOf(t, a, w.tromso))
	w.leader = in.leader(t, w.bergen)
	f := w.funnel(t)
	total := len(f.Funnel.Entries)
	if f.count("NOT_INVITED") != total || total < 3 {
		t.Fatalf("before invitations: %+v", f.Funnel.Counts)
	}
	return w
}

// funnel is the office's funnel of the round, as its advisor sees it.
func (w *campaignRound) funnel(t *testing.T) funnelResult {
	var f funnelResult
	w.adv.mustQuery(t, funnelQuery, map[string]any{"r": w.r2, "o": w.office}, &f)
	return f
}

// invitations: only the office's own services; another office's advisor cannot.
func (w *campaignRound) invitations(t *testing.T) {
	const invite = `mutation($r: ID!, $s: [ID!]!) { inviteServices(input: {roundId: $r, serviceIds: $s}) { id } }`
	w.adv.mustQuery(t, invite, map[string]any{"r": w.r2, "s": []string{w.bergen, w.askoy}}, nil)
	w.otherAdv.mustFail(t, "NOT_FOUND", invite, map[string]any{"r": w.r2, "s": []string{w.bergen}})
	w.adv.mustFail(t, "NOT_FOUND", invite, map[string]any{"r": w.r2, "s": []string{w.tromso}})
	f := w.funnel(t)
	if f.count("INVITED") != 2 || f.entry(t, w.bergen).Stage != "INVITED" {
		t.Fatalf("after invitations: %+v", f.Funnel.Counts)
	}
}

// replies: the information meeting; replies are due two weeks later.
func (w *campaignRound) replies(t *testing.T) {
	w.adv.mustQuery(t, `mutation($o: ID!, $r: ID!, $s: [ID!]) { recordInfoMeeting(input: {officeId: $o, roundId: $r, heldOn: "2025-09-10", format: DIGITAL, title: "Informasjonsmøte", attendeeServiceIds: $s}) { id attendees { id } } }`,
		map[string]any{"o": w.office, "r": w.r2, "s": []string{w.bergen}}, nil)
	e := w.funnel(t).entry(t, w.bergen)
	if e.Stage != "ATTENDED_MEETING" || e.ReplyDue == nil || *e.ReplyDue != "2025-09-24" {
		t.Fatalf("after the meeting: %+v", e)
	}
	const reply = `mutation($s: ID!, $r: ID!, $reply: ParticipationReply!, $on: Date, $reason: String) {
		recordReply(input: {serviceId: $s, roundId: $r, reply: $reply, repliedOn: $on, plannedFrom: "2025-10", plannedTo: "2026-02", declineReason: $reason}) { reply version } }`
	w.leader.mustQuery(t, reply, map[string]any{"s": w.bergen, "r": w.r2, "reply": "YES", "on": "2025-09-30"}, nil)
	w.adv.mustFail(t, "BAD_USER_INPUT", reply, map[string]any{"s": w.askoy, "r": w.r2, "reply": "NO", "on": "2025-09-15"})
	w.adv.mustQuery(t, reply, map[string]any{"s": w.askoy, "r": w.r2, "reply": "NO", "on": "2025-09-15", "reason": "Omorganisering i høst."}, nil)
	w.leader.mustFail(t, "NOT_FOUND", reply, map[string]any{"s": w.askoy, "r": w.r2, "reply": "YES"})
	f := w.funnel(t)
	if e := f.entry(t, w.bergen); e.Stage != "AGREED" || !e.ReplyLate {
		t.Fatalf("Bergen replied on 30.09, after the due date 24.09: %+v", e)
	}
	if e := f.entry(t, w.askoy); e.Stage != "DECLINED" || e.ReplyLate || e.Overdue {
		t.Fatalf("Askøy declined in time and is not overdue: %+v", e)
	}
}

// reminder: a reminder to both, in the outbox once per service.
func (w *campaignRound) reminder(t *testing.T) {
	var act struct{ RecordFollowUp struct{ ID string } }
	w.adv.mustQuery(t, `mutation($o: ID!, $r: ID!, $s: [ID!]) { recordFollowUp(input: {officeId: $o, roundId: $r, kind: REMINDER, note: "Husk fristen", serviceIds: $s, message: "Hei! Husk fristen for samleskjemaet."}) { id services { id } } }`,
		map[string]any{"o": w.office, "r": w.r2, "s": []string{w.bergen, w.askoy}}, &act)
	outbox, err := w.in.Store.OutboxFor(context.Background(), mustInt(act.RecordFollowUp.ID))
	if err != nil || len(outbox) != 2 || outbox[0].Body != "Hei! Husk fristen for samleskjemaet." || outbox[0].SentAt != nil {
		t.Fatalf("outbox %+v, %v", outbox, err)
	}
	w.adv.mustFail(t, "PERSONAL_DATA", `mutation($o: ID!, $r: ID!) { recordFollowUp(input: {officeId: $o, roundId: $r, kind: NOTE, note: "Ring 22 33 44 55"}) { id } }`,
		map[string]any{"o": w.office, "r": w.r2})
	if e := w.funnel(t).entry(t, w.bergen); e.ReminderCount != 1 {
		t.Fatalf("reminder count %d", e.ReminderCount)
	}
	var acts struct {
		FollowUpActivities []struct{ Kind string }
	}
	w.adv.mustQuery(t, `query($o: ID!, $r: ID!, $s: ID) { followUpActivities(officeId: $o, roundId: $r, serviceId: $s) { kind } }`,
		map[string]any{"o": w.office, "r": w.r2, "s": w.askoy}, &acts)
	if len(acts.FollowUpActivities) != 1 {
		t.Fatalf("activities of Askøy: %+v", acts)
	}
}

// extension: the round's deadline (31.03.2026) has passed: Bergen is overdue until it gets an
// extension, which only the office grants.
func (w *campaignRound) extension(t *testing.T) {
	if !w.funnel(t).entry(t, w.bergen).Overdue {
		t.Fatal("Bergen must be overdue")
	}
	w.leader.mustFail(t, "FORBIDDEN", `mutation($s: ID!, $r: ID!) { grantExtension(input: {serviceId: $s, roundId: $r, until: "2099-06-30", reason: "Sykdom"}) { id } }`,
		map[string]any{"s": w.bergen, "r": w.r2})
	w.adv.mustQuery(t, `mutation($s: ID!, $r: ID!) { grantExtension(input: {serviceId: $s, roundId: $r, until: "2099-06-30", reason: "Langvarig sykefravær i teamet."}) { extensionUntil } }`,
		map[string]any{"s": w.bergen, "r": w.r2}, nil)
	if e := w.funnel(t).entry(t, w.bergen); e.Overdue || e.Deadline != "2099-06-30" {
		t.Fatalf("after the extension: %+v", e)
	}
}

// submitWithinExtension: Bergen fills in a case and submits: on time thanks to the extension.
func (w *campaignRound) submitWithinExtension(t *testing.T) {
	w.qs = questions(t, w.a, w.r2)
	var c struct{ CreateCase struct{ ID string } }
	w.leader.mustQuery(t, createCase, map[string]any{"s": w.bergen, "r": w.r2, "d": 5}, &c)
	w.caseID = c.CreateCase.ID
	for _, q := range w.qs {
		w.leader.mustQuery(t, saveAnswer, map[string]any{"c": w.caseID, "q": q.ID, "o": "YES"}, nil)
	}
	w.leader.mustQuery(t, `mutation($s: ID!, $r: ID!) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: "Vi må dokumentere vurderingene bedre.", improvementPlan: {goals: [{description: "Bedre samtaler med barn", actions: [{description: "Fagdag", owner: "Fagleder"}]}]}}) { id } }`,
		map[string]any{"s": w.bergen, "r": w.r2}, nil)
	w.sub = getSubmission(t, w.leader, w.bergen, w.r2)
	var sr struct{ SubmitSubmission struct{ Late bool } }
	w.leader.mustQuery(t, submit, map[string]any{"id": w.sub.ID}, &sr)
	if sr.SubmitSubmission.Late {
		t.Fatal("a submission within the extension is not late")
	}
	if e := w.funnel(t).entry(t, w.bergen); e.Stage != "SUBMITTED" || !e.PlanSubmitted || e.CaseCount != 1 {
		t.Fatalf("after submit: %+v", e)
	}
}
