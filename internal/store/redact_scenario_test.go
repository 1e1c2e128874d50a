package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// redaction is TestRedaction's world: Bergen's round-2 form (its questionnaire takes comments and
// reflections) with the phrase in an answer comment, the assessment, a reflection, a plan action,
// a submitted revision and the audit trail, and Tromsø's draft with the phrase too.
type redaction struct {
	st                                 *store.Store
	ctx                                context.Context
	svc, other, r1                     int64 // Bergen, Tromsø and round 2
	office                             int64 // Bergen's office
	staff, leader, otherLeader         context.Context
	advisor, analyst, admin, token     context.Context
	c                                  *store.Case
	commented                          *store.Answer // the answer whose comment holds the phrase
	sub                                *store.Submission
	assessment2                        string // the assessment saved after the form was re-opened
	before                             map[string]int
	staleSub, staleAnswer, auditBefore int
	res                                *store.RedactionResult
	stored                             store.Submission // the form as stored after the redaction
}

func newRedaction(t *testing.T) *redaction {
	st := seeded(t, false)
	ctx := context.Background()
	r := &redaction{st: st, ctx: ctx}
	r.svc, _, r.r1 = ids(t, st) // round 2: its questionnaire takes comments and reflections
	var otherOffice int64
	_ = store.DBOf(st).NewSelect().Table("services").Column("office_id").Where("id = ?", r.svc).Scan(ctx, &r.office)
	if err := store.DBOf(st).NewSelect().Table("services").Column("id", "office_id").Where("name = 'Barneverntjenesten i Tromsø'").Scan(ctx, &r.other, &otherOffice); err != nil {
		t.Fatal(err)
	}
	as := func(c *auth.Caller) context.Context { return auth.WithCaller(ctx, c) }
	r.staff = as(&auth.Caller{Kind: auth.KindUser, UserID: 101, Name: "Saksbehandler", Role: auth.RoleServiceStaff, ServiceID: r.svc})
	r.leader = as(&auth.Caller{Kind: auth.KindUser, UserID: 102, Name: "Leder Bergen", Role: auth.RoleServiceLeader, ServiceID: r.svc})
	r.otherLeader = as(&auth.Caller{Kind: auth.KindUser, UserID: 103, Name: "Leder Tromsø", Role: auth.RoleServiceLeader, ServiceID: r.other})
	r.advisor = as(&auth.Caller{Kind: auth.KindUser, UserID: 104, Name: "Rådgiver", Role: auth.RoleCountyAdvisor, OfficeID: r.office})
	r.analyst = as(&auth.Caller{Kind: auth.KindUser, UserID: 105, Name: "Analytiker", Role: auth.RoleNationalAnalyst})
	r.admin = as(&auth.Caller{Kind: auth.KindUser, UserID: 106, Name: "Drift", Role: auth.RoleAdmin})
	r.token = as(&auth.Caller{Kind: auth.KindToken, TokenID: 1, Name: "BI", ServiceID: r.svc})

	// The phrase goes into an answer comment, the assessment, a reflection and a plan action.
	r.answerWithPhrase(t)
	r.formWithPhrase(t)
	r.before = phraseHits(t, store.DBOf(st), phrase)
	for _, want := range []string{"answers.comment", "submissions.assessment", "submissions.reflections", "submissions.improvement_plan",
		"submission_revisions.snapshot", "audit_log.new_value", "audit_log.old_value"} {
		if r.before[want] == 0 {
			t.Fatalf("the setup did not put the phrase into %s (hits: %v)", want, r.before)
		}
	}
	return r
}

// answerWithPhrase adds a case whose answers are all given, the first commentable one with the
// phrase in its comment.
func (r *redaction) answerWithPhrase(t *testing.T) {
	st, ctx := r.st, r.ctx
	var qs []store.Question
	if err := store.DBOf(st).NewSelect().Model(&qs).Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
		Where("r.id = ?", r.r1).OrderExpr("q.position").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	var collects bool
	_ = store.DBOf(st).NewSelect().TableExpr("rounds AS r").Join("JOIN questionnaires AS qn ON qn.id = r.questionnaire_id").
		ColumnExpr("qn.collects_days_to_first_activity").Where("r.id = ?", r.r1).Scan(ctx, &collects)
	outcome := domain.OutcomeDismissed
	closed, _ := domain.ParseYearMonth("2024-10")
	fields := store.CaseFields{Outcome: &outcome, ClosedMonth: &closed}
	if days := 3; collects {
		fields.DaysToFirstActivity = &days
	}
	c, err := st.CreateCase(r.staff, r.svc, r.r1, fields)
	if err != nil {
		t.Fatal(err)
	}
	r.c = c
	for _, q := range qs {
		o := q.Options[0]
		in := store.AnswerInput{CaseID: c.ID, QuestionID: q.ID, Option: &o}
		if q.CommentAllowed && r.commented == nil {
			comment := "Samtale med " + phrase + " om tiltaket."
			in.Comment = &comment
		}
		a, err := st.SaveAnswer(r.staff, in)
		if err != nil {
			t.Fatalf("answer %s: %v", q.Code, err)
		}
		if in.Comment != nil {
			r.commented = a
		}
	}
	if r.commented == nil {
		t.Fatal("no question of round 1 takes a comment")
	}
}

// formWithPhrase writes the phrase into the form's assessment, a reflection and a plan action,
// submits it (a revision snapshot and audit rows), re-opens it and changes it again; and writes
// the phrase into Tromsø's draft too, which the Bergen redaction must leave alone.
func (r *redaction) formWithPhrase(t *testing.T) {
	st := r.st
	var rqs []store.ReflectionQuestion
	if err := store.DBOf(st).NewSelect().Model(&rqs).Join("JOIN rounds AS r ON r.questionnaire_id = rq.questionnaire_id").Where("r.id = ?", r.r1).Scan(r.ctx); err != nil || len(rqs) == 0 {
		t.Fatalf("reflection questions of round 1: %d, %v", len(rqs), err)
	}
	assessment := "Vi må bli bedre på dokumentasjon. " + phrase + "."
	plan := store.Plan{Goals: []store.Goal{{Description: "Bedre dokumentasjon", Target: "90 prosent", Measure: "Neste egenkontroll",
		Actions: []store.Action{{Description: "Gjennomgang med " + phrase, Owner: "Leder", Status: domain.ActionPlanned}}}}}
	sub, err := st.SaveDraft(r.leader, store.DraftInput{ServiceID: r.svc, RoundID: r.r1, Assessment: &assessment, Plan: &plan,
		Reflections: []store.ReflectionAnswer{{QuestionID: rqs[0].ID, Answer: "Vi lærte at " + phrase + " må skrives annerledes."}}})
	if err != nil {
		t.Fatal(err)
	}
	// Submit (a revision snapshot and audit rows), re-open and change again.
	if sub, err = st.Submit(r.leader, sub.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, err = st.Transition(r.leader, sub.ID, nil, domain.EventReopen); err != nil {
		t.Fatal(err)
	}
	r.assessment2 = "Ny vurdering etter samtale: " + phrase + " igjen."
	if sub, err = st.SaveDraft(r.leader, store.DraftInput{ServiceID: r.svc, RoundID: r.r1, Assessment: &r.assessment2}); err != nil {
		t.Fatal(err)
	}
	r.sub = sub
	// The same phrase in another service's draft, which the Bergen redaction must leave alone.
	otherText := "Tromsø skrev også " + phrase + "."
	if _, err := st.SaveDraft(r.otherLeader, store.DraftInput{ServiceID: r.other, RoundID: r.r1, Assessment: &otherText}); err != nil {
		t.Fatal(err)
	}
}

func (r *redaction) redact(ctx context.Context, serviceID int64, text, reason string) (*store.RedactionResult, error) {
	return r.st.RedactText(ctx, store.RedactInput{ServiceID: serviceID, RoundID: r.r1, Text: text, Reason: domain.RedactionReason(reason)})
}

func (r *redaction) refusedCallers(t *testing.T) {
	for name, tc := range map[string]struct {
		ctx  context.Context
		code domain.Code
	}{
		"another service's leader": {r.otherLeader, domain.CodeNotFound},
		"county advisor":           {r.advisor, domain.CodeForbidden},
		"national analyst":         {r.analyst, domain.CodeForbidden},
		"service staff":            {r.staff, domain.CodeForbidden},
		"API token":                {r.token, domain.CodeForbidden},
		"anonymous":                {r.ctx, domain.CodeUnauthenticated},
	} {
		if _, err := r.redact(tc.ctx, r.svc, phrase, "PERSONAL_DATA"); !domain.IsCode(err, tc.code) {
			t.Errorf("%s redacts: %v, want %s", name, err, tc.code)
		}
	}
}

func (r *redaction) refusedInput(t *testing.T) {
	for name, tc := range map[string]struct{ text, reason string }{
		"empty":              {"", "PERSONAL_DATA"},
		"white space":        {" \t\n  ", "PERSONAL_DATA"},
		"too short":          {" zeb ", "PERSONAL_DATA"},
		"part of the marker": {"fjernet", "PERSONAL_DATA"},
		"NUL":                {"zebra\x00finke", "PERSONAL_DATA"},
		"invalid UTF-8":      {"zebra\xff finke", "PERSONAL_DATA"},
		"unknown reason":     {phrase, "BECAUSE"},
	} {
		_, err := r.redact(r.leader, r.svc, tc.text, tc.reason)
		if !domain.IsCode(err, domain.CodeBadInput) {
			t.Errorf("%s: %v, want BAD_USER_INPUT", name, err)
		}
		if de, ok := domain.AsError(err); ok && strings.Contains(de.Message(domain.LangEN), "zebra") {
			t.Errorf("%s: the error repeats the text: %s", name, de.Message(domain.LangEN))
		}
	}
	if _, err := r.st.RedactText(r.leader, store.RedactInput{ServiceID: r.svc, RoundID: 999999, Text: phrase, Reason: "OTHER"}); !domain.IsCode(err, domain.CodeNotFound) {
		t.Errorf("a round without a form: %v, want NOT_FOUND", err)
	}
}

func (r *redaction) refusalsChangedNothing(t *testing.T) {
	if after := phraseHits(t, store.DBOf(r.st), phrase); fmt.Sprint(after) != fmt.Sprint(r.before) {
		t.Fatalf("refused redactions changed data: before %v, after %v", r.before, after)
	}
}

// leaderRedacts: the leader redacts; the editors' stale versions are kept to try later.
func (r *redaction) leaderRedacts(t *testing.T) {
	r.staleSub, r.staleAnswer = r.sub.Version, r.commented.Version
	_ = store.DBOf(r.st).NewSelect().Table("audit_log").ColumnExpr("count(*)").Scan(r.ctx, &r.auditBefore)
	res, err := r.redact(r.leader, r.svc, "  "+phrase+"\n", "PERSONAL_DATA")
	if err != nil {
		t.Fatal(err)
	}
	r.res = res
	got := map[domain.RedactionPlace]int{}
	for _, p := range res.Places {
		got[p.Kind] = p.Count
	}
	if len(res.Places) != len(domain.RedactionPlaces) {
		t.Errorf("places %v: every kind must be listed", res.Places)
	}
	for kind, least := range map[domain.RedactionPlace]int{domain.RedactionInAnswerComment: 1, domain.RedactionInSubmissionText: 3, domain.RedactionInRevisionSnapshot: 1, domain.RedactionInAuditValue: 3} {
		if got[kind] < least {
			t.Errorf("%s: %d places changed, want at least %d (all: %v)", kind, got[kind], least, got)
		}
	}
	if got[domain.RedactionInSubmissionText] != 3 || got[domain.RedactionInAnswerComment] != 1 || got[domain.RedactionInRevisionSnapshot] != 1 {
		t.Errorf("exact counts: %v; want 3 summary fields, 1 comment, 1 revision", got)
	}
}

func (r *redaction) onlyOtherServiceLeft(t *testing.T) {
	left := phraseHits(t, store.DBOf(r.st), phrase)
	if fmt.Sprint(sortedKeys(left)) != "[audit_log.new_value submissions.assessment]" || left["submissions.assessment"] != 1 || left["audit_log.new_value"] != 1 {
		t.Fatalf("after the redaction the phrase is still in %v; want only Tromsø's draft and its audit entry", left)
	}
	var tromsø int
	_ = store.DBOf(r.st).NewSelect().Table("audit_log").ColumnExpr("count(*)").Where("service_id = ? AND strpos(new_value::text, ?) > 0", r.other, phrase).Scan(r.ctx, &tromsø)
	if tromsø != 1 {
		t.Fatalf("the remaining audit hit is not Tromsø's (%d)", tromsø)
	}
}

func (r *redaction) markerWhereTheTextWas(t *testing.T) {
	if err := store.DBOf(r.st).NewSelect().Model(&r.stored).Where("sub.id = ?", r.sub.ID).Scan(r.ctx); err != nil {
		t.Fatal(err)
	}
	stored := r.stored
	if stored.Assessment != "Ny vurdering etter samtale: [fjernet] igjen." || stored.ImprovementPlan.Goals[0].Actions[0].Description != "Gjennomgang med [fjernet]" {
		t.Errorf("stored after redaction: %q / %q", stored.Assessment, stored.ImprovementPlan.Goals[0].Actions[0].Description)
	}
	if r.res.SubmissionID != r.sub.ID || stored.Version <= r.staleSub {
		t.Errorf("the result names form %d (want %d); its version must move on (was %d, now %d)", r.res.SubmissionID, r.sub.ID, r.staleSub, stored.Version)
	}
	var revs []store.Revision
	if err := store.DBOf(r.st).NewSelect().Model(&revs).Where("rev.submission_id = ?", r.sub.ID).Scan(r.ctx); err != nil || len(revs) != 1 {
		t.Fatal(revs, err)
	}
	if revs[0].Snapshot.Assessment != "Vi må bli bedre på dokumentasjon. [fjernet]." || revs[0].Snapshot.Summary.CaseCount != 1 {
		t.Errorf("revision after redaction: %q, %d cases", revs[0].Snapshot.Assessment, revs[0].Snapshot.Summary.CaseCount)
	}
}
