package server_test

import "testing"

// TestCampaignWorkflow's later steps: the office returns the form with reasons, the service
// corrects it, and the office's non-binding "gjennomgått" mark.

// returnWithReasons: only the office returns a form, with reasons; the leader sees them.
func (w *campaignRound) returnWithReasons(t *testing.T) {
	const ret = `mutation($id: ID!, $q: ID!) { returnSubmission(input: {submissionId: $id, reason: "Vurderingen mangler.", questionReasons: [{questionId: $q, reason: "Stemmer ikke med journalen."}]}) { status } }`
	w.leader.mustFail(t, "FORBIDDEN", ret, map[string]any{"id": w.sub.ID, "q": w.qs["1.1"].ID})
	w.otherAdv.mustFail(t, "NOT_FOUND", ret, map[string]any{"id": w.sub.ID, "q": w.qs["1.1"].ID})
	w.adv.mustFail(t, "BAD_USER_INPUT", `mutation($id: ID!) { returnSubmission(input: {submissionId: $id}) { status } }`, map[string]any{"id": w.sub.ID})
	w.adv.mustQuery(t, ret, map[string]any{"id": w.sub.ID, "q": w.qs["1.1"].ID}, nil)
	var reasons struct {
		Submission struct {
			Status        string
			ReturnReasons []struct {
				Question *struct{ Code string }
				Reason   string
			}
		}
	}
	w.leader.mustQuery(t, `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { status returnReasons { question { code } reason } } }`,
		map[string]any{"s": w.bergen, "r": w.r2}, &reasons)
	rr := reasons.Submission.ReturnReasons
	if reasons.Submission.Status != "RETURNED" || len(rr) != 2 || rr[0].Question != nil || rr[1].Question.Code != "1.1" {
		t.Fatalf("return reasons %+v", reasons.Submission)
	}
}

// correctionsStayInside: the leader corrects and submits again; the changes show inside the
// service, while the county office reads the summary form only: no case-level change leaves it.
func (w *campaignRound) correctionsStayInside(t *testing.T) {
	w.leader.mustQuery(t, saveAnswer, map[string]any{"c": w.caseID, "q": w.qs["1.1"].ID, "o": "PARTLY", "m": "Rettet etter gjennomgang."}, nil)
	w.leader.mustQuery(t, submit, map[string]any{"id": w.sub.ID}, nil)
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
	w.adv.mustQuery(t, revisionChanges, map[string]any{"s": w.bergen, "r": w.r2}, &revs)
	if latest := revs.Submission.Revisions[0]; latest.Revision != 2 || len(latest.Changes) != 0 {
		t.Fatalf("the county office must not see case-level changes: %+v", latest)
	}
	w.leader.mustQuery(t, revisionChanges, map[string]any{"s": w.bergen, "r": w.r2}, &revs)
	latest := revs.Submission.Revisions[0]
	if latest.Revision != 2 || len(latest.Changes) != 2 {
		t.Fatalf("revision 2 changes: %+v", latest)
	}
	opt := latest.Changes[0]
	if opt.Field != "option" || *opt.CaseNumber != 1 || opt.Question.Code != "1.1" || *opt.Before != "YES" || *opt.After != "PARTLY" ||
		latest.Changes[1].Field != "comment" || latest.Changes[1].Before != nil {
		t.Fatalf("changes %+v", latest.Changes)
	}
	if e := w.funnel(t).entry(t, w.bergen); e.Stage != "SUBMITTED" || !e.Returned {
		t.Fatalf("after resubmission: %+v", e)
	}
}

const markReviewed = `mutation($id: ID!, $on: Boolean!) { markSubmissionReviewed(input: {submissionId: $id, reviewed: $on}) {
		status version reviewed { by at revision outdated } } }`

type reviewMark struct {
	By       string
	At       string
	Revision int
	Outdated bool
}

type markResult struct {
	MarkSubmissionReviewed struct {
		Status   string
		Version  int
		Reviewed *reviewMark
	}
}

type seenMark struct {
	Submission struct {
		Status   string
		Reviewed *reviewMark
	}
}

const submissionMark = `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { status reviewed { by revision outdated } } }`

// markGoneThrough: gone through is a mark (who, when, which revision) that the service and the
// funnel show. It is no approval: status and version stay, and the service keeps its form in its
// own hands.
func (w *campaignRound) markGoneThrough(t *testing.T) {
	var marked markResult
	before := getSubmission(t, w.leader, w.bergen, w.r2)
	w.leader.mustFail(t, "FORBIDDEN", markReviewed, map[string]any{"id": w.sub.ID, "on": true})
	w.otherAdv.mustFail(t, "NOT_FOUND", markReviewed, map[string]any{"id": w.sub.ID, "on": true})
	w.adv.mustQuery(t, markReviewed, map[string]any{"id": w.sub.ID, "on": true}, &marked)
	m := marked.MarkSubmissionReviewed
	if m.Status != "SUBMITTED" || m.Version != before.Version || m.Reviewed == nil || m.Reviewed.Revision != 2 || m.Reviewed.Outdated ||
		m.Reviewed.By == "" || m.Reviewed.At == "" {
		t.Fatalf("after marking as gone through: %+v (version before %d)", m, before.Version)
	}
	var seen seenMark
	w.leader.mustQuery(t, submissionMark, map[string]any{"s": w.bergen, "r": w.r2}, &seen)
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
	w.adv.mustQuery(t, `query($r: ID!, $o: ID) { funnel(roundId: $r, filter: {officeId: $o}) { entries { service { id } stage reviewed { by revision } } } }`,
		map[string]any{"r": w.r2, "o": w.office}, &withMark)
	for _, e := range withMark.Funnel.Entries {
		if e.Service.ID == w.bergen && (e.Stage != "SUBMITTED" || e.Reviewed == nil || e.Reviewed.Revision != 2) {
			t.Fatalf("funnel entry of the gone-through form: %+v", e)
		}
	}
	if f := w.funnel(t); f.count("ACCEPTED") > 0 || f.count("SUBMITTED") != 1 || f.count("DECLINED") != 1 {
		t.Fatalf("counts %+v", f.Funnel.Counts)
	}
}

// markOutdatedAndCleared: the service re-opens, changes and resubmits as it likes; the mark then
// refers to an older revision. The office clears it, and the mutations that approved and locked
// are gone from the graph.
func (w *campaignRound) markOutdatedAndCleared(t *testing.T) {
	w.leader.mustQuery(t, reopen, map[string]any{"id": w.sub.ID}, nil)
	w.leader.mustQuery(t, saveAnswer, map[string]any{"c": w.caseID, "q": w.qs["1.1"].ID, "o": "YES"}, nil)
	w.leader.mustQuery(t, submit, map[string]any{"id": w.sub.ID}, nil)
	var seen seenMark
	w.leader.mustQuery(t, submissionMark, map[string]any{"s": w.bergen, "r": w.r2}, &seen)
	if seen.Submission.Status != "SUBMITTED" || seen.Submission.Reviewed == nil || !seen.Submission.Reviewed.Outdated {
		t.Fatalf("after resubmission the mark is outdated: %+v", seen.Submission)
	}
	var marked markResult
	w.adv.mustQuery(t, markReviewed, map[string]any{"id": w.sub.ID, "on": false}, &marked)
	if marked.MarkSubmissionReviewed.Reviewed != nil {
		t.Fatalf("cleared mark: %+v", marked.MarkSubmissionReviewed)
	}
	w.adv.mustFail(t, "GRAPHQL_VALIDATION_FAILED", `mutation($id: ID!) { acceptSubmission(input: {submissionId: $id}) { status } }`, map[string]any{"id": w.sub.ID})
	w.adv.mustFail(t, "GRAPHQL_VALIDATION_FAILED", `mutation($id: ID!) { unlockSubmission(input: {submissionId: $id}) { status } }`, map[string]any{"id": w.sub.ID})
	w.leader.mustQuery(t, reopen, map[string]any{"id": w.sub.ID}, nil)
}

// funnelFilters: filters and sorting by stage; another office's advisor sees none of this
// office's services.
func (w *campaignRound) funnelFilters(t *testing.T) {
	var onlyDeclined funnelResult
	w.adv.mustQuery(t, funnelQuery, map[string]any{"r": w.r2, "o": w.office, "stages": []string{"DECLINED"}}, &onlyDeclined)
	if len(onlyDeclined.Funnel.Entries) != 1 || onlyDeclined.Funnel.Entries[0].Service.ID != w.askoy {
		t.Fatalf("stage filter: %+v", onlyDeclined.Funnel.Entries)
	}
	var byStage funnelResult
	w.adv.mustQuery(t, funnelQuery, map[string]any{"r": w.r2, "o": w.office, "sort": "STAGE"}, &byStage)
	if byStage.Funnel.Entries[len(byStage.Funnel.Entries)-1].Stage != "STARTED" {
		t.Fatalf("sorted by stage, the furthest comes last: %+v", byStage.Funnel.Entries[len(byStage.Funnel.Entries)-1])
	}
	var other funnelResult
	w.otherAdv.mustQuery(t, funnelQuery, map[string]any{"r": w.r2, "o": w.office}, &other)
	if len(other.Funnel.Entries) != 0 {
		t.Fatalf("another office's advisor saw %d services", len(other.Funnel.Entries))
	}
}
