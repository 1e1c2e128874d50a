package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// phrase is the confidential text typed by mistake. It is distinctive, so any hit is a leak.
const phrase = "hemmelig stikkord zebrafinke"

// phraseHits searches every text-like column of every table in the public schema for the phrase,
// and names the places where it still is ("table.column" → rows). Nothing is listed by hand, so a
// table or column added later is searched too.
func phraseHits(t *testing.T, db bun.IDB, text string) map[string]int {
	t.Helper()
	ctx := context.Background()
	var cols []struct {
		Table  string `bun:"table_name"`
		Column string `bun:"column_name"`
	}
	if err := db.NewRaw(`SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
		WHERE c.table_schema = 'public'
		  AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')
		ORDER BY 1, 2`).Scan(ctx, &cols); err != nil {
		t.Fatal(err)
	}
	if len(cols) < 50 {
		t.Fatalf("only %d text columns found; the search would prove little", len(cols))
	}
	hits := map[string]int{}
	for _, c := range cols {
		var n int
		// Both the stored text and its JSON form: a phrase inside jsonb may be escaped in ::text.
		if err := db.NewRaw(`SELECT count(*) FROM ? WHERE strpos(?::text, ?) > 0`,
			bun.Ident(c.Table), bun.Ident(c.Column), text).Scan(ctx, &n); err != nil {
			t.Fatalf("%s.%s: %v", c.Table, c.Column, err)
		}
		if n > 0 {
			hits[c.Table+"."+c.Column] = n
		}
	}
	return hits
}

func keysOf(m map[string]json.RawMessage) map[string]int {
	out := map[string]int{}
	for k := range m {
		out[k] = 1
	}
	return out
}

func sortedKeys(m map[string]int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestRedaction: a leader removes a phrase from answers, the summary text, the submitted revision
// and the audit trail; afterwards no table holds it, the audit trail says who removed which field
// and never the text, versions still protect stale saves, and the audit trail still refuses
// every other change.
func TestRedaction(t *testing.T) {
	st := seeded(t, false)
	ctx := context.Background()
	svc, _, r1 := ids(t, st) // round 2: its questionnaire takes comments and reflections
	var office, other, otherOffice int64
	_ = st.DB.NewSelect().Table("services").Column("office_id").Where("id = ?", svc).Scan(ctx, &office)
	if err := st.DB.NewSelect().Table("services").Column("id", "office_id").Where("name = 'Barneverntjenesten i Tromsø'").Scan(ctx, &other, &otherOffice); err != nil {
		t.Fatal(err)
	}
	as := func(c *auth.Caller) context.Context { return auth.WithCaller(ctx, c) }
	staff := as(&auth.Caller{Kind: auth.KindUser, UserID: 101, Name: "Saksbehandler", Role: auth.RoleServiceStaff, ServiceID: svc})
	leader := as(&auth.Caller{Kind: auth.KindUser, UserID: 102, Name: "Leder Bergen", Role: auth.RoleServiceLeader, ServiceID: svc})
	otherLeader := as(&auth.Caller{Kind: auth.KindUser, UserID: 103, Name: "Leder Tromsø", Role: auth.RoleServiceLeader, ServiceID: other})
	advisor := as(&auth.Caller{Kind: auth.KindUser, UserID: 104, Name: "Rådgiver", Role: auth.RoleCountyAdvisor, OfficeID: office})
	analyst := as(&auth.Caller{Kind: auth.KindUser, UserID: 105, Name: "Analytiker", Role: auth.RoleNationalAnalyst})
	admin := as(&auth.Caller{Kind: auth.KindUser, UserID: 106, Name: "Drift", Role: auth.RoleAdmin})
	token := as(&auth.Caller{Kind: auth.KindToken, TokenID: 1, Name: "BI", ServiceID: svc})

	// The phrase goes into an answer comment, the assessment, a reflection and a plan action.
	var qs []store.Question
	if err := st.DB.NewSelect().Model(&qs).Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
		Where("r.id = ?", r1).OrderExpr("q.position").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	var collects bool
	_ = st.DB.NewSelect().TableExpr("rounds AS r").Join("JOIN questionnaires AS qn ON qn.id = r.questionnaire_id").
		ColumnExpr("qn.collects_days_to_first_activity").Where("r.id = ?", r1).Scan(ctx, &collects)
	outcome := domain.OutcomeDismissed
	closed, _ := domain.ParseYearMonth("2024-10")
	fields := store.CaseFields{Outcome: &outcome, ClosedMonth: &closed}
	if days := 3; collects {
		fields.DaysToFirstActivity = &days
	}
	c, err := st.CreateCase(staff, svc, r1, fields)
	if err != nil {
		t.Fatal(err)
	}
	var commented *store.Answer
	for _, q := range qs {
		o := q.Options[0]
		in := store.AnswerInput{CaseID: c.ID, QuestionID: q.ID, Option: &o}
		if q.CommentAllowed && commented == nil {
			comment := "Samtale med " + phrase + " om tiltaket."
			in.Comment = &comment
		}
		a, err := st.SaveAnswer(staff, in)
		if err != nil {
			t.Fatalf("answer %s: %v", q.Code, err)
		}
		if in.Comment != nil {
			commented = a
		}
	}
	if commented == nil {
		t.Fatal("no question of round 1 takes a comment")
	}
	var rqs []store.ReflectionQuestion
	if err := st.DB.NewSelect().Model(&rqs).Join("JOIN rounds AS r ON r.questionnaire_id = rq.questionnaire_id").Where("r.id = ?", r1).Scan(ctx); err != nil || len(rqs) == 0 {
		t.Fatalf("reflection questions of round 1: %d, %v", len(rqs), err)
	}
	assessment := "Vi må bli bedre på dokumentasjon. " + phrase + "."
	plan := store.Plan{Goals: []store.Goal{{Description: "Bedre dokumentasjon", Target: "90 prosent", Measure: "Neste egenkontroll",
		Actions: []store.Action{{Description: "Gjennomgang med " + phrase, Owner: "Leder", Status: domain.ActionPlanned}}}}}
	sub, err := st.SaveDraft(leader, store.DraftInput{ServiceID: svc, RoundID: r1, Assessment: &assessment, Plan: &plan,
		Reflections: []store.ReflectionAnswer{{QuestionID: rqs[0].ID, Answer: "Vi lærte at " + phrase + " må skrives annerledes."}}})
	if err != nil {
		t.Fatal(err)
	}
	// Submit (a revision snapshot and audit rows), re-open and change again.
	if sub, err = st.Submit(leader, sub.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, err = st.Transition(leader, sub.ID, nil, domain.EventReopen); err != nil {
		t.Fatal(err)
	}
	assessment2 := "Ny vurdering etter samtale: " + phrase + " igjen."
	if sub, err = st.SaveDraft(leader, store.DraftInput{ServiceID: svc, RoundID: r1, Assessment: &assessment2}); err != nil {
		t.Fatal(err)
	}
	// The same phrase in another service's draft, which the Bergen redaction must leave alone.
	otherText := "Tromsø skrev også " + phrase + "."
	if _, err := st.SaveDraft(otherLeader, store.DraftInput{ServiceID: other, RoundID: r1, Assessment: &otherText}); err != nil {
		t.Fatal(err)
	}
	before := phraseHits(t, st.DB, phrase)
	for _, want := range []string{"answers.comment", "submissions.assessment", "submissions.reflections", "submissions.improvement_plan",
		"submission_revisions.snapshot", "audit_log.new_value", "audit_log.old_value"} {
		if before[want] == 0 {
			t.Fatalf("the setup did not put the phrase into %s (hits: %v)", want, before)
		}
	}

	redact := func(ctx context.Context, serviceID int64, text, reason string) (*store.RedactionResult, error) {
		return st.RedactText(ctx, store.RedactInput{ServiceID: serviceID, RoundID: r1, Text: text, Reason: reason})
	}
	// Nobody else can redact, and a refused redaction changes nothing.
	for name, tc := range map[string]struct {
		ctx  context.Context
		code domain.Code
	}{
		"another service's leader": {otherLeader, domain.CodeNotFound},
		"county advisor":           {advisor, domain.CodeForbidden},
		"national analyst":         {analyst, domain.CodeForbidden},
		"service staff":            {staff, domain.CodeForbidden},
		"API token":                {token, domain.CodeForbidden},
		"anonymous":                {ctx, domain.CodeUnauthenticated},
	} {
		if _, err := redact(tc.ctx, svc, phrase, "PERSONAL_DATA"); !domain.IsCode(err, tc.code) {
			t.Errorf("%s redacts: %v, want %s", name, err, tc.code)
		}
	}
	// Bad input is refused and changes nothing.
	for name, tc := range map[string]struct{ text, reason string }{
		"empty":              {"", "PERSONAL_DATA"},
		"white space":        {" \t\n  ", "PERSONAL_DATA"},
		"too short":          {" zeb ", "PERSONAL_DATA"},
		"part of the marker": {"fjernet", "PERSONAL_DATA"},
		"NUL":                {"zebra\x00finke", "PERSONAL_DATA"},
		"invalid UTF-8":      {"zebra\xff finke", "PERSONAL_DATA"},
		"unknown reason":     {phrase, "BECAUSE"},
	} {
		_, err := redact(leader, svc, tc.text, tc.reason)
		if !domain.IsCode(err, domain.CodeBadInput) {
			t.Errorf("%s: %v, want BAD_USER_INPUT", name, err)
		}
		if de, ok := domain.AsError(err); ok && strings.Contains(de.Message(domain.LangEN), "zebra") {
			t.Errorf("%s: the error repeats the text: %s", name, de.Message(domain.LangEN))
		}
	}
	if _, err := st.RedactText(leader, store.RedactInput{ServiceID: svc, RoundID: 999999, Text: phrase, Reason: "OTHER"}); !domain.IsCode(err, domain.CodeNotFound) {
		t.Errorf("a round without a form: %v, want NOT_FOUND", err)
	}
	if after := phraseHits(t, st.DB, phrase); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("refused redactions changed data: before %v, after %v", before, after)
	}

	// The leader redacts; the editors' stale versions are kept to try later.
	staleSub, staleAnswer := sub.Version, commented.Version
	var auditBefore int
	_ = st.DB.NewSelect().Table("audit_log").ColumnExpr("count(*)").Scan(ctx, &auditBefore)
	res, err := redact(leader, svc, "  "+phrase+"\n", "PERSONAL_DATA")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, p := range res.Places {
		got[p.Kind] = p.Count
	}
	if len(res.Places) != len(store.RedactionPlaces) {
		t.Errorf("places %v: every kind must be listed", res.Places)
	}
	for kind, least := range map[string]int{store.PlaceAnswerComment: 1, store.PlaceSubmissionText: 3, store.PlaceRevisionSnapshot: 1, store.PlaceAuditValue: 3} {
		if got[kind] < least {
			t.Errorf("%s: %d places changed, want at least %d (all: %v)", kind, got[kind], least, got)
		}
	}
	if got[store.PlaceSubmissionText] != 3 || got[store.PlaceAnswerComment] != 1 || got[store.PlaceRevisionSnapshot] != 1 {
		t.Errorf("exact counts: %v; want 3 summary fields, 1 comment, 1 revision", got)
	}
	// Only the other service's draft and its own audit entry still hold the phrase.
	left := phraseHits(t, st.DB, phrase)
	if fmt.Sprint(sortedKeys(left)) != "[audit_log.new_value submissions.assessment]" || left["submissions.assessment"] != 1 || left["audit_log.new_value"] != 1 {
		t.Fatalf("after the redaction the phrase is still in %v; want only Tromsø's draft and its audit entry", left)
	}
	var tromsø int
	_ = st.DB.NewSelect().Table("audit_log").ColumnExpr("count(*)").Where("service_id = ? AND strpos(new_value::text, ?) > 0", other, phrase).Scan(ctx, &tromsø)
	if tromsø != 1 {
		t.Fatalf("the remaining audit hit is not Tromsø's (%d)", tromsø)
	}
	// The text is replaced by the marker where it was.
	var stored store.Submission
	if err := st.DB.NewSelect().Model(&stored).Where("sub.id = ?", sub.ID).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if stored.Assessment != "Ny vurdering etter samtale: [fjernet] igjen." || stored.ImprovementPlan.Goals[0].Actions[0].Description != "Gjennomgang med [fjernet]" {
		t.Errorf("stored after redaction: %q / %q", stored.Assessment, stored.ImprovementPlan.Goals[0].Actions[0].Description)
	}
	if res.SubmissionID != sub.ID || stored.Version <= staleSub {
		t.Errorf("the result names form %d (want %d); its version must move on (was %d, now %d)", res.SubmissionID, sub.ID, staleSub, stored.Version)
	}
	var revs []store.Revision
	if err := st.DB.NewSelect().Model(&revs).Where("rev.submission_id = ?", sub.ID).Scan(ctx); err != nil || len(revs) != 1 {
		t.Fatal(revs, err)
	}
	if revs[0].Snapshot.Assessment != "Vi må bli bedre på dokumentasjon. [fjernet]." || revs[0].Snapshot.Summary.CaseCount != 1 {
		t.Errorf("revision after redaction: %q, %d cases", revs[0].Snapshot.Assessment, revs[0].Snapshot.Summary.CaseCount)
	}

	// One audit entry: who, which fields, the reason; never the text, not even its length.
	var entries []store.AuditEntry
	if err := st.DB.NewSelect().Model(&entries).Where("al.action = 'redaction'").Scan(ctx); err != nil || len(entries) != 1 {
		t.Fatalf("redaction audit entries: %d, %v", len(entries), err)
	}
	e := entries[0]
	if e.ActorName != "Leder Bergen" || e.ObjectType != "submission" || e.ObjectID == nil || *e.ObjectID != sub.ID || e.ServiceID == nil || *e.ServiceID != svc {
		t.Errorf("redaction entry %+v", e)
	}
	var recorded struct {
		Reason string
		Fields []struct{ ObjectType, Field string }
	}
	if err := json.Unmarshal(e.NewValue, &recorded); err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, f := range recorded.Fields {
		named[f.ObjectType+"."+f.Field] = true
	}
	for _, want := range []string{"answer.comment", "submission.assessment", "submission.reflections", "submission.improvementPlan", "submission_revision.snapshot", "audit_log.value"} {
		if !named[want] {
			t.Errorf("the redaction entry does not name %s: %s", want, e.NewValue)
		}
	}
	for _, word := range strings.Fields(phrase) {
		if strings.Contains(string(e.NewValue), word) {
			t.Errorf("the redaction entry holds %q: %s", word, e.NewValue)
		}
	}
	// Nothing derived from the text either (no hash, no length): only these keys exist.
	var shape map[string]json.RawMessage
	_ = json.Unmarshal(e.NewValue, &shape)
	if fmt.Sprint(sortedKeys(keysOf(shape))) != "[fields places reason roundId]" {
		t.Errorf("the redaction entry has keys %v", sortedKeys(keysOf(shape)))
	}
	var fieldShapes []map[string]json.RawMessage
	_ = json.Unmarshal(shape["fields"], &fieldShapes)
	for _, f := range fieldShapes {
		if fmt.Sprint(sortedKeys(keysOf(f))) != "[field objectId objectType]" {
			t.Errorf("a field of the redaction entry has keys %v", sortedKeys(keysOf(f)))
		}
	}
	if recorded.Reason != "PERSONAL_DATA" || (len(e.OldValue) != 0 && string(e.OldValue) != "null") {
		t.Errorf("redaction entry reason %q, old value %s", recorded.Reason, e.OldValue)
	}
	var auditAfter int
	_ = st.DB.NewSelect().Table("audit_log").ColumnExpr("count(*)").Scan(ctx, &auditAfter)
	if auditAfter != auditBefore+1 {
		t.Errorf("audit rows %d → %d; a redaction adds exactly one and removes none", auditBefore, auditAfter)
	}

	// Stale editors get VERSION_CONFLICT instead of writing the text back; fresh ones save.
	if _, err := st.SaveDraft(leader, store.DraftInput{ServiceID: svc, RoundID: r1, ExpectedVersion: &staleSub, Assessment: &assessment2}); !domain.IsCode(err, domain.CodeVersionConflict) {
		t.Errorf("a stale draft save after redaction: %v, want VERSION_CONFLICT", err)
	}
	o := *commented.Option
	staleComment := "Samtale med " + phrase + " om tiltaket."
	if _, err := st.SaveAnswer(staff, store.AnswerInput{CaseID: c.ID, QuestionID: commented.QuestionID, Option: &o, Comment: &staleComment, ExpectedVersion: &staleAnswer}); !domain.IsCode(err, domain.CodeVersionConflict) {
		t.Errorf("a stale answer save after redaction: %v, want VERSION_CONFLICT", err)
	}
	fresh := "Oppdatert vurdering."
	if _, err := st.SaveDraft(leader, store.DraftInput{ServiceID: svc, RoundID: r1, ExpectedVersion: &stored.Version, Assessment: &fresh}); err != nil {
		t.Errorf("a fresh save after redaction: %v", err)
	}
	// Redacting again finds nothing and writes nothing.
	again, err := redact(leader, svc, phrase, "PERSONAL_DATA")
	if err != nil || again.Total != 0 {
		t.Errorf("second redaction: %+v, %v; want 0 places", again, err)
	}

	// The administrator, on request, redacts any service: afterwards the phrase is nowhere.
	if res, err := redact(admin, other, phrase, "CONFIDENTIAL"); err != nil || res.Total < 2 {
		t.Fatalf("admin redacts Tromsø: %+v, %v", res, err)
	}
	if left := phraseHits(t, st.DB, phrase); len(left) != 0 {
		t.Fatalf("the phrase is still in %v", left)
	}

	// The audit trail still refuses every ordinary change.
	var id int64
	_ = st.DB.NewSelect().Table("audit_log").Column("id").Where("action = 'redaction'").Limit(1).Scan(ctx, &id)
	for _, stmt := range []string{
		`UPDATE audit_log SET action = 'x'`,
		`UPDATE audit_log SET new_value = '{}' WHERE id = ` + fmt.Sprint(id),
		`UPDATE audit_log SET old_value = new_value`,
		`DELETE FROM audit_log WHERE id = ` + fmt.Sprint(id),
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
	} {
		if _, err := st.DB.ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s was allowed", stmt)
		}
	}
	// Even a transaction that declares a redaction can only replace that text by the marker. One row
	// whose new value holds the text and whose old value does not, so each statement fails for its
	// own reason, and the exact replacement (rolled back) shows the declared path works.
	target := "Bedre dokumentasjon"
	row := `(SELECT min(id) FROM audit_log WHERE strpos(new_value::text, '` + target + `') > 0 AND strpos(coalesce(old_value::text, ''), '` + target + `') = 0)`
	errRollback := fmt.Errorf("roll back")
	for name, tc := range map[string]struct {
		stmt  string
		allow bool
	}{
		"the exact replacement": {`UPDATE audit_log SET new_value = redact_jsonb(new_value, '` + target + `', redaction_marker()) WHERE id = ` + row, true},
		"another column":        {`UPDATE audit_log SET action = 'x' WHERE id = ` + row, false},
		"another column too":    {`UPDATE audit_log SET new_value = redact_jsonb(new_value, '` + target + `', redaction_marker()), actor_name = 'x' WHERE id = ` + row, false},
		"another replacement":   {`UPDATE audit_log SET new_value = redact_jsonb(new_value, '` + target + `', 'godkjent') WHERE id = ` + row, false},
		"another text":          {`UPDATE audit_log SET new_value = redact_jsonb(new_value, 'dokumentasjon', redaction_marker()) WHERE id = ` + row, false},
		"a value set outright":  {`UPDATE audit_log SET new_value = '{"goals": []}' WHERE id = ` + row, false},
		"the old value as well": {`UPDATE audit_log SET new_value = redact_jsonb(new_value, '` + target + `', redaction_marker()), old_value = '{}' WHERE id = ` + row, false},
		"delete":                {`DELETE FROM audit_log WHERE id = ` + row, false},
	} {
		var n int64
		err := st.DB.RunInTx(ctx, &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error {
			if _, err := tx.ExecContext(ctx, `SELECT set_config('egenkontroll.redaction', ?, true)`, target); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, tc.stmt)
			if err != nil {
				return err
			}
			n, _ = res.RowsAffected()
			return errRollback
		})
		if allowed := errors.Is(err, errRollback); allowed != tc.allow || allowed && n != 1 {
			t.Errorf("within a declared redaction, %s: allowed=%v (%d rows, %v), want %v", name, allowed, n, err, tc.allow)
		}
	}
	if n, _ := st.DB.NewSelect().Table("audit_log").Where("strpos(new_value::text, ?) > 0", target).Count(ctx); n == 0 {
		t.Fatal("the refused changes touched the audit trail")
	}
	// A too short declared text is refused as well.
	err = st.DB.RunInTx(ctx, &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT set_config('egenkontroll.redaction', 'e', true)`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE audit_log SET new_value = redact_jsonb(new_value, 'e', redaction_marker()) WHERE strpos(new_value::text, 'e') > 0`)
		return err
	})
	if err == nil {
		t.Error("a one-letter redaction of the audit trail was allowed")
	}
}
