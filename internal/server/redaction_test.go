package server_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
)

const redactText = `mutation($s: ID!, $r: ID!, $x: String!, $why: RedactionReason!) {
	redactText(input: {serviceId: $s, roundId: $r, text: $x, reason: $why}) { submissionId total places { kind count } } }`

type redactionResult struct {
	RedactText struct {
		SubmissionID string
		Total        int
		Places       []struct {
			Kind  string
			Count int
		}
	}
}

// ownForm is the form as the service's own leader reads it, with its history.
type ownForm struct {
	Submission struct {
		ID         string
		Version    int
		Assessment string
		History    []struct{ Action, ActorName, NewValue, OldValue string }
	}
}

const ownFormQuery = `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { id version assessment history { action actorName newValue oldValue } } }`

// TestRedactTextOverGraphQL: the leader removes a phrase through the graph and gets the counts and
// the form with its new version; a stale save is refused; the history says who redacted, never what;
// bad input names its field; the administrator can redact any service.
func TestRedactTextOverGraphQL(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	var svc int64
	if err := in.DB.NewSelect().Table("services").Column("id").Where("name = 'Barneverntjenesten i Bergen'").Scan(context.Background(), &svc); err != nil {
		t.Fatal(err)
	}
	s := strconv.FormatInt(svc, 10)
	leader := in.leader(t, s)
	r := roundID(t, leader, 2)
	const secret = "opplysning om naboens sønn"
	var saved struct{ SaveSubmissionDraft struct{ Version int } }
	leader.mustQuery(t, `mutation($s: ID!, $r: ID!, $a: String!) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: $a}) { version } }`,
		map[string]any{"s": s, "r": r, "a": "Vi fant mangler. Se " + secret + "."}, &saved)

	vars := map[string]any{"s": s, "r": r, "x": secret, "why": "PERSONAL_DATA"}
	var res redactionResult
	leader.mustQuery(t, redactText, vars, &res)
	got := res.RedactText
	counts := map[string]int{}
	for _, p := range got.Places {
		counts[p.Kind] = p.Count
	}
	if got.Total != 2 || counts["SUBMISSION_TEXT"] != 1 || counts["AUDIT_VALUE"] != 1 || len(got.Places) != 6 {
		t.Errorf("redaction counts: total %d, %v", got.Total, got.Places)
	}
	var form ownForm
	leader.mustQuery(t, ownFormQuery, map[string]any{"s": s, "r": r}, &form)
	if form.Submission.ID != got.SubmissionID || form.Submission.Assessment != "Vi fant mangler. Se [fjernet]." || form.Submission.Version <= saved.SaveSubmissionDraft.Version {
		t.Errorf("form after redaction: %+v (result names %s, version before %d)", form.Submission, got.SubmissionID, saved.SaveSubmissionDraft.Version)
	}
	last := form.Submission.History[len(form.Submission.History)-1]
	if last.Action != "redaction" || last.ActorName != "leader."+s {
		t.Errorf("last history entry %+v, want the leader's redaction", last)
	}
	for _, h := range form.Submission.History {
		if strings.Contains(h.NewValue+h.OldValue, "naboens") {
			t.Errorf("history entry %s still holds the text: %s / %s", h.Action, h.OldValue, h.NewValue)
		}
	}
	// The draft the leader had open is stale now: saving it would bring the text back.
	leader.mustFail(t, "VERSION_CONFLICT", `mutation($s: ID!, $r: ID!, $a: String!, $v: Int) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: $a, expectedVersion: $v}) { version } }`,
		map[string]any{"s": s, "r": r, "a": "Vi fant mangler. Se " + secret + ".", "v": saved.SaveSubmissionDraft.Version})
	// Bad input names the field and does not repeat the text.
	e := leader.mustFail(t, "BAD_USER_INPUT", redactText, map[string]any{"s": s, "r": r, "x": "  ab ", "why": "OTHER"})
	if e.Extensions["field"] != "text" || strings.Contains(e.Message, "ab") {
		t.Errorf("bad input error %+v", e)
	}
	// A county advisor of the office may not; the administrator may, for any service.
	var office string
	_ = in.DB.NewSelect().Table("services").ColumnExpr("office_id::text").Where("id = ?", svc).Scan(context.Background(), &office)
	in.advisor(t, office).mustFail(t, "FORBIDDEN", redactText, vars)
	admin := in.user(t, "test.admin", auth.RoleAdmin, "", "")
	var again redactionResult
	admin.mustQuery(t, redactText, map[string]any{"s": s, "r": r, "x": "Vi fant mangler", "why": "OTHER"}, &again)
	leader.mustQuery(t, ownFormQuery, map[string]any{"s": s, "r": r}, &form)
	if again.RedactText.Total != 2 || form.Submission.Assessment != "[fjernet]. Se [fjernet]." {
		t.Errorf("admin redaction: %+v, form now %q", again.RedactText, form.Submission.Assessment)
	}
}
