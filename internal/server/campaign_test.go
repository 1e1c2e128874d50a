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
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	r2 := roundID(t, a, 2)
	bergen := serviceID(t, a, "i Bergen")
	askoy := serviceID(t, a, "Askøy")
	tromso := serviceID(t, a, "Tromsø")
	var svc struct {
		Service struct{ Office struct{ ID string } }
	}
	a.mustQuery(t, `query($s: ID!) { service(id: $s) { office { id } } }`, map[string]any{"s": bergen}, &svc)
	office := svc.Service.Office.ID
	adv := in.advisor(t, office)
	var tsvc struct {
		Service struct{ Office struct{ ID string } }
	}
	a.mustQuery(t, `query($s: ID!) { service(id: $s) { office { id } } }`, map[string]any{"s": tromso}, &tsvc)
	otherAdv := in.advisor(t, tsvc.Service.Office.ID)
	leader := in.leader(t, bergen)
	funnel := func() funnelResult {
		var f funnelResult
		adv.mustQuery(t, funnelQuery, map[string]any{"r": r2, "o": office}, &f)
		return f
	}
	f := funnel()
	total := len(f.Funnel.Entries)
	if f.count("NOT_INVITED") != total || total < 3 {
		t.Fatalf("before invitations: %+v", f.Funnel.Counts)
	}

	step := inSteps(t) // the steps share the round's state, in order
	var (
		qs  map[string]question
		c   struct{ CreateCase struct{ ID string } }
		sub *submissionResult
	)

	step("invitations reach only the office's own services", func(t *testing.T) {
		// Invitations: only the office's own services; another office's advisor cannot.
		adv.mustQuery(t, `mutation($r: ID!, $s: [ID!]!) { inviteServices(input: {roundId: $r, serviceIds: $s}) { id } }`,
			map[string]any{"r": r2, "s": []string{bergen, askoy}}, nil)
		otherAdv.mustFail(t, "NOT_FOUND", `mutation($r: ID!, $s: [ID!]!) { inviteServices(input: {roundId: $r, serviceIds: $s}) { id } }`,
			map[string]any{"r": r2, "s": []string{bergen}})
		adv.mustFail(t, "NOT_FOUND", `mutation($r: ID!, $s: [ID!]!) { inviteServices(input: {roundId: $r, serviceIds: $s}) { id } }`,
			map[string]any{"r": r2, "s": []string{tromso}})
		f = funnel()
		if f.count("INVITED") != 2 || f.entry(t, bergen).Stage != "INVITED" {
			t.Fatalf("after invitations: %+v", f.Funnel.Counts)
		}

	})

	step("replies are due two weeks after the information meeting", func(t *testing.T) {
		// The information meeting; replies are due two weeks later.
		adv.mustQuery(t, `mutation($o: ID!, $r: ID!, $s: [ID!]) { recordInfoMeeting(input: {officeId: $o, roundId: $r, heldOn: "2025-09-10", format: DIGITAL, title: "Informasjonsmøte", attendeeServiceIds: $s}) { id attendees { id } } }`,
			map[string]any{"o": office, "r": r2, "s": []string{bergen}}, nil)
		e := funnel().entry(t, bergen)
		if e.Stage != "ATTENDED_MEETING" || e.ReplyDue == nil || *e.ReplyDue != "2025-09-24" {
			t.Fatalf("after the meeting: %+v", e)
		}
		const reply = `mutation($s: ID!, $r: ID!, $reply: ParticipationReply!, $on: Date, $reason: String) {
		recordReply(input: {serviceId: $s, roundId: $r, reply: $reply, repliedOn: $on, plannedFrom: "2025-10", plannedTo: "2026-02", declineReason: $reason}) { reply version } }`
		leader.mustQuery(t, reply, map[string]any{"s": bergen, "r": r2, "reply": "YES", "on": "2025-09-30"}, nil)
		adv.mustFail(t, "BAD_USER_INPUT", reply, map[string]any{"s": askoy, "r": r2, "reply": "NO", "on": "2025-09-15"})
		adv.mustQuery(t, reply, map[string]any{"s": askoy, "r": r2, "reply": "NO", "on": "2025-09-15", "reason": "Omorganisering i høst."}, nil)
		leader.mustFail(t, "NOT_FOUND", reply, map[string]any{"s": askoy, "r": r2, "reply": "YES"})
		f = funnel()
		if e := f.entry(t, bergen); e.Stage != "AGREED" || !e.ReplyLate {
			t.Fatalf("Bergen replied on 30.09, after the due date 24.09: %+v", e)
		}
		if e := f.entry(t, askoy); e.Stage != "DECLINED" || e.ReplyLate || e.Overdue {
			t.Fatalf("Askøy declined in time and is not overdue: %+v", e)
		}

	})

	step("a reminder goes to the outbox once per service", func(t *testing.T) {
		// A reminder to both, in the outbox once per service.
		var act struct{ RecordFollowUp struct{ ID string } }
		adv.mustQuery(t, `mutation($o: ID!, $r: ID!, $s: [ID!]) { recordFollowUp(input: {officeId: $o, roundId: $r, kind: REMINDER, note: "Husk fristen", serviceIds: $s, message: "Hei! Husk fristen for samleskjemaet."}) { id services { id } } }`,
			map[string]any{"o": office, "r": r2, "s": []string{bergen, askoy}}, &act)
		outbox, err := in.Store.OutboxFor(context.Background(), mustInt(act.RecordFollowUp.ID))
		if err != nil || len(outbox) != 2 || outbox[0].Body != "Hei! Husk fristen for samleskjemaet." || outbox[0].SentAt != nil {
			t.Fatalf("outbox %+v, %v", outbox, err)
		}
		adv.mustFail(t, "PERSONAL_DATA", `mutation($o: ID!, $r: ID!) { recordFollowUp(input: {officeId: $o, roundId: $r, kind: NOTE, note: "Ring 22 33 44 55"}) { id } }`,
			map[string]any{"o": office, "r": r2})
		if e := funnel().entry(t, bergen); e.ReminderCount != 1 {
			t.Fatalf("reminder count %d", e.ReminderCount)
		}
		var acts struct {
			FollowUpActivities []struct{ Kind string }
		}
		adv.mustQuery(t, `query($o: ID!, $r: ID!, $s: ID) { followUpActivities(officeId: $o, roundId: $r, serviceId: $s) { kind } }`,
			map[string]any{"o": office, "r": r2, "s": askoy}, &acts)
		if len(acts.FollowUpActivities) != 1 {
			t.Fatalf("activities of Askøy: %+v", acts)
		}

	})

	step("a passed deadline makes a service overdue until the office extends it", func(t *testing.T) {
		// The round's deadline (31.03.2026) has passed: Bergen is overdue until it gets an extension.
		if !funnel().entry(t, bergen).Overdue {
			t.Fatal("Bergen must be overdue")
		}
		leader.mustFail(t, "FORBIDDEN", `mutation($s: ID!, $r: ID!) { grantExtension(input: {serviceId: $s, roundId: $r, until: "2099-06-30", reason: "Sykdom"}) { id } }`,
			map[string]any{"s": bergen, "r": r2})
		adv.mustQuery(t, `mutation($s: ID!, $r: ID!) { grantExtension(input: {serviceId: $s, roundId: $r, until: "2099-06-30", reason: "Langvarig sykefravær i teamet."}) { extensionUntil } }`,
			map[string]any{"s": bergen, "r": r2}, nil)
		if e := funnel().entry(t, bergen); e.Overdue || e.Deadline != "2099-06-30" {
			t.Fatalf("after the extension: %+v", e)
		}

	})

	step("a form submitted within the extension is not late", func(t *testing.T) {
		// Bergen fills in a case and submits: on time thanks to the extension.
		qs = questions(t, a, r2)
		leader.mustQuery(t, createCase, map[string]any{"s": bergen, "r": r2, "d": 5}, &c)
		for _, q := range qs {
			leader.mustQuery(t, saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": q.ID, "o": "YES"}, nil)
		}
		leader.mustQuery(t, `mutation($s: ID!, $r: ID!) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: "Vi må dokumentere vurderingene bedre.", improvementPlan: {goals: [{description: "Bedre samtaler med barn", actions: [{description: "Fagdag", owner: "Fagleder"}]}]}}) { id } }`,
			map[string]any{"s": bergen, "r": r2}, nil)
		sub = getSubmission(t, leader, bergen, r2)
		var sr struct{ SubmitSubmission struct{ Late bool } }
		leader.mustQuery(t, submit, map[string]any{"id": sub.ID}, &sr)
		if sr.SubmitSubmission.Late {
			t.Fatal("a submission within the extension is not late")
		}
		if e := funnel().entry(t, bergen); e.Stage != "SUBMITTED" || !e.PlanSubmitted || e.CaseCount != 1 {
			t.Fatalf("after submit: %+v", e)
		}

	})

	step("a returned form shows its reasons; its corrections are seen only inside the service", func(t *testing.T) {
		// Returned with reasons; the leader sees them, corrects and submits again; the changes show.
		const ret = `mutation($id: ID!, $q: ID!) { returnSubmission(input: {submissionId: $id, reason: "Vurderingen mangler.", questionReasons: [{questionId: $q, reason: "Stemmer ikke med journalen."}]}) { status } }`
		leader.mustFail(t, "FORBIDDEN", ret, map[string]any{"id": sub.ID, "q": qs["1.1"].ID})
		otherAdv.mustFail(t, "NOT_FOUND", ret, map[string]any{"id": sub.ID, "q": qs["1.1"].ID})
		adv.mustFail(t, "BAD_USER_INPUT", `mutation($id: ID!) { returnSubmission(input: {submissionId: $id}) { status } }`, map[string]any{"id": sub.ID})
		adv.mustQuery(t, ret, map[string]any{"id": sub.ID, "q": qs["1.1"].ID}, nil)
		var reasons struct {
			Submission struct {
				Status        string
				ReturnReasons []struct {
					Question *struct{ Code string }
					Reason   string
				}
			}
		}
		leader.mustQuery(t, `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { status returnReasons { question { code } reason } } }`,
			map[string]any{"s": bergen, "r": r2}, &reasons)
		rr := reasons.Submission.ReturnReasons
		if reasons.Submission.Status != "RETURNED" || len(rr) != 2 || rr[0].Question != nil || rr[1].Question.Code != "1.1" {
			t.Fatalf("return reasons %+v", reasons.Submission)
		}
		leader.mustQuery(t, saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": qs["1.1"].ID, "o": "PARTLY", "m": "Rettet etter gjennomgang."}, nil)
		leader.mustQuery(t, submit, map[string]any{"id": sub.ID}, nil)
		var revs struct {
			Submission struct {
				Revisions []struct {
					Revision int
					Changes  []struct {
						CaseNumber    *int
						Question      *struct{ Code string }
						Field         string
						Before, After *string
					}
				}
			}
		}
		const revisionChanges = `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { revisions { revision changes { caseNumber question { code } field before after } } } }`
		// The county office reads the summary form only: no case-level change leaves the service.
		adv.mustQuery(t, revisionChanges, map[string]any{"s": bergen, "r": r2}, &revs)
		if latest := revs.Submission.Revisions[0]; latest.Revision != 2 || len(latest.Changes) != 0 {
			t.Fatalf("the county office must not see case-level changes: %+v", latest)
		}
		leader.mustQuery(t, revisionChanges, map[string]any{"s": bergen, "r": r2}, &revs)
		latest := revs.Submission.Revisions[0]
		if latest.Revision != 2 || len(latest.Changes) != 2 {
			t.Fatalf("revision 2 changes: %+v", latest)
		}
		opt := latest.Changes[0]
		if opt.Field != "option" || *opt.CaseNumber != 1 || opt.Question.Code != "1.1" || *opt.Before != "YES" || *opt.After != "PARTLY" ||
			latest.Changes[1].Field != "comment" || latest.Changes[1].Before != nil {
			t.Fatalf("changes %+v", latest.Changes)
		}
		if e := funnel().entry(t, bergen); e.Stage != "SUBMITTED" || !e.Returned {
			t.Fatalf("after resubmission: %+v", e)
		}

	})

	step("gone through is a mark the service sees, never an approval or a lock", func(t *testing.T) {
		// Gone through: a mark (who, when, which revision) that the service and the funnel show. It
		// is no approval: status and version stay, and the service keeps its form in its own hands.
		const mark = `mutation($id: ID!, $on: Boolean!) { markSubmissionReviewed(input: {submissionId: $id, reviewed: $on}) {
		status version reviewed { by at revision outdated } } }`
		type reviewMark struct {
			By       string
			At       string
			Revision int
			Outdated bool
		}
		var marked struct {
			MarkSubmissionReviewed struct {
				Status   string
				Version  int
				Reviewed *reviewMark
			}
		}
		before := getSubmission(t, leader, bergen, r2)
		leader.mustFail(t, "FORBIDDEN", mark, map[string]any{"id": sub.ID, "on": true})
		otherAdv.mustFail(t, "NOT_FOUND", mark, map[string]any{"id": sub.ID, "on": true})
		adv.mustQuery(t, mark, map[string]any{"id": sub.ID, "on": true}, &marked)
		m := marked.MarkSubmissionReviewed
		if m.Status != "SUBMITTED" || m.Version != before.Version || m.Reviewed == nil || m.Reviewed.Revision != 2 || m.Reviewed.Outdated ||
			m.Reviewed.By == "" || m.Reviewed.At == "" {
			t.Fatalf("after marking as gone through: %+v (version before %d)", m, before.Version)
		}
		var seen struct {
			Submission struct {
				Status   string
				Reviewed *reviewMark
			}
		}
		leader.mustQuery(t, `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { status reviewed { by revision outdated } } }`,
			map[string]any{"s": bergen, "r": r2}, &seen)
		if seen.Submission.Reviewed == nil || seen.Submission.Reviewed.By != m.Reviewed.By {
			t.Fatalf("the service must see the mark: %+v", seen.Submission)
		}
		var withMark struct {
			Funnel struct {
				Entries []struct {
					Service  struct{ ID string }
					Stage    string
					Reviewed *reviewMark
				}
			}
		}
		adv.mustQuery(t, `query($r: ID!, $o: ID) { funnel(roundId: $r, filter: {officeId: $o}) { entries { service { id } stage reviewed { by revision } } } }`,
			map[string]any{"r": r2, "o": office}, &withMark)
		for _, e := range withMark.Funnel.Entries {
			if e.Service.ID == bergen && (e.Stage != "SUBMITTED" || e.Reviewed == nil || e.Reviewed.Revision != 2) {
				t.Fatalf("funnel entry of the gone-through form: %+v", e)
			}
		}
		if f := funnel(); f.count("ACCEPTED") > 0 || f.count("SUBMITTED") != 1 || f.count("DECLINED") != 1 {
			t.Fatalf("counts %+v", f.Funnel.Counts)
		}
		// The service re-opens, changes and resubmits as it likes; the mark then refers to an older revision.
		leader.mustQuery(t, reopen, map[string]any{"id": sub.ID}, nil)
		leader.mustQuery(t, saveAnswer, map[string]any{"c": c.CreateCase.ID, "q": qs["1.1"].ID, "o": "YES"}, nil)
		leader.mustQuery(t, submit, map[string]any{"id": sub.ID}, nil)
		leader.mustQuery(t, `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { status reviewed { by revision outdated } } }`,
			map[string]any{"s": bergen, "r": r2}, &seen)
		if seen.Submission.Status != "SUBMITTED" || seen.Submission.Reviewed == nil || !seen.Submission.Reviewed.Outdated {
			t.Fatalf("after resubmission the mark is outdated: %+v", seen.Submission)
		}
		adv.mustQuery(t, mark, map[string]any{"id": sub.ID, "on": false}, &marked)
		if marked.MarkSubmissionReviewed.Reviewed != nil {
			t.Fatalf("cleared mark: %+v", marked.MarkSubmissionReviewed)
		}
		// The mutations that approved and locked are gone from the graph.
		adv.mustFail(t, "GRAPHQL_VALIDATION_FAILED", `mutation($id: ID!) { acceptSubmission(input: {submissionId: $id}) { status } }`, map[string]any{"id": sub.ID})
		adv.mustFail(t, "GRAPHQL_VALIDATION_FAILED", `mutation($id: ID!) { unlockSubmission(input: {submissionId: $id}) { status } }`, map[string]any{"id": sub.ID})
		leader.mustQuery(t, reopen, map[string]any{"id": sub.ID}, nil)

	})

	step("the funnel filters and sorts by stage, for its own office only", func(t *testing.T) {
		// Filters and sorting by stage.
		var onlyDeclined funnelResult
		adv.mustQuery(t, funnelQuery, map[string]any{"r": r2, "o": office, "stages": []string{"DECLINED"}}, &onlyDeclined)
		if len(onlyDeclined.Funnel.Entries) != 1 || onlyDeclined.Funnel.Entries[0].Service.ID != askoy {
			t.Fatalf("stage filter: %+v", onlyDeclined.Funnel.Entries)
		}
		var byStage funnelResult
		adv.mustQuery(t, funnelQuery, map[string]any{"r": r2, "o": office, "sort": "STAGE"}, &byStage)
		if byStage.Funnel.Entries[len(byStage.Funnel.Entries)-1].Stage != "STARTED" {
			t.Fatalf("sorted by stage, the furthest comes last: %+v", byStage.Funnel.Entries[len(byStage.Funnel.Entries)-1])
		}
		// Another office's advisor sees none of this office's services.
		var other funnelResult
		otherAdv.mustQuery(t, funnelQuery, map[string]any{"r": r2, "o": office}, &other)
		if len(other.Funnel.Entries) != 0 {
			t.Fatalf("another office's advisor saw %d services", len(other.Funnel.Entries))
		}
	})
}
