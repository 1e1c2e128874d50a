package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestRedaction's steps on the audit trail: the one entry a redaction writes, stale saves after it,
// and the trail's refusal of every other change.

// oneAuditEntry: one audit entry: who, which fields, the reason; never the text, not even its length.
func (r *redaction) oneAuditEntry(t *testing.T) {
	var entries []store.AuditEntry
	if err := store.DBOf(r.st).NewSelect().Model(&entries).Where("al.action = 'redaction'").Scan(r.ctx); err != nil || len(entries) != 1 {
		t.Fatalf("redaction audit entries: %d, %v", len(entries), err)
	}
	e := entries[0]
	if e.ActorName != "Leder Bergen" || e.ObjectType != "submission" || e.ObjectID == nil || *e.ObjectID != r.sub.ID || e.ServiceID == nil || *e.ServiceID != r.svc {
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
	checkRedactionEntryShape(t, e.NewValue)
	if recorded.Reason != "PERSONAL_DATA" || (len(e.OldValue) != 0 && string(e.OldValue) != "null") {
		t.Errorf("redaction entry reason %q, old value %s", recorded.Reason, e.OldValue)
	}
	var auditAfter int
	_ = store.DBOf(r.st).NewSelect().Table("audit_log").ColumnExpr("count(*)").Scan(r.ctx, &auditAfter)
	if auditAfter != r.auditBefore+1 {
		t.Errorf("audit rows %d → %d; a redaction adds exactly one and removes none", r.auditBefore, auditAfter)
	}
}

// checkRedactionEntryShape: nothing derived from the text either (no hash, no length): only these
// keys exist.
func checkRedactionEntryShape(t *testing.T, value json.RawMessage) {
	t.Helper()
	var shape map[string]json.RawMessage
	_ = json.Unmarshal(value, &shape)
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
}

// staleSavesRefused: stale editors get VERSION_CONFLICT instead of writing the text back; fresh
// ones save. Redacting again finds nothing and writes nothing.
func (r *redaction) staleSavesRefused(t *testing.T) {
	st := r.st
	if _, err := st.SaveDraft(r.leader, store.DraftInput{ServiceID: r.svc, RoundID: r.r1, ExpectedVersion: &r.staleSub, Assessment: &r.assessment2}); !domain.IsCode(err, domain.CodeVersionConflict) {
		t.Errorf("a stale draft save after redaction: %v, want VERSION_CONFLICT", err)
	}
	o := *r.commented.Option
	staleComment := "Samtale med " + phrase + " om tiltaket."
	if _, err := st.SaveAnswer(r.staff, store.AnswerInput{CaseID: r.c.ID, QuestionID: r.commented.QuestionID, Option: &o, Comment: &staleComment, ExpectedVersion: &r.staleAnswer}); !domain.IsCode(err, domain.CodeVersionConflict) {
		t.Errorf("a stale answer save after redaction: %v, want VERSION_CONFLICT", err)
	}
	fresh := "Oppdatert vurdering."
	if _, err := st.SaveDraft(r.leader, store.DraftInput{ServiceID: r.svc, RoundID: r.r1, ExpectedVersion: &r.stored.Version, Assessment: &fresh}); err != nil {
		t.Errorf("a fresh save after redaction: %v", err)
	}
	again, err := r.redact(r.leader, r.svc, phrase, "PERSONAL_DATA")
	if err != nil || again.Total != 0 {
		t.Errorf("second redaction: %+v, %v; want 0 places", again, err)
	}
}

// adminRedactsAnyService: the administrator, on request, redacts any service: afterwards the
// phrase is nowhere.
func (r *redaction) adminRedactsAnyService(t *testing.T) {
	if res, err := r.redact(r.admin, r.other, phrase, "CONFIDENTIAL"); err != nil || res.Total < 2 {
		t.Fatalf("admin redacts Tromsø: %+v, %v", res, err)
	}
	if left := phraseHits(t, store.DBOf(r.st), phrase); len(left) != 0 {
		t.Fatalf("the phrase is still in %v", left)
	}
}

func (r *redaction) auditTrailRefusesChanges(t *testing.T) {
	var id int64
	_ = store.DBOf(r.st).NewSelect().Table("audit_log").Column("id").Where("action = 'redaction'").Limit(1).Scan(r.ctx, &id)
	for _, stmt := range []string{
		`UPDATE audit_log SET action = 'x'`,
		`UPDATE audit_log SET new_value = '{}' WHERE id = ` + fmt.Sprint(id),
		`UPDATE audit_log SET old_value = new_value`,
		`DELETE FROM audit_log WHERE id = ` + fmt.Sprint(id),
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
	} {
		if _, err := store.DBOf(r.st).ExecContext(r.ctx, stmt); err == nil {
			t.Errorf("%s was allowed", stmt)
		}
	}
}

// declaredRedactionStatements are the changes tried within a transaction that declares a
// redaction of target, on the row, and whether each is allowed.
func declaredRedactionStatements(target, row string) map[string]struct {
	stmt  string
	allow bool
} {
	return map[string]struct {
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
	}
}

// declaredRedactionOnlyReplaces: even a transaction that declares a redaction can only replace
// that text by the marker. One row whose new value holds the text and whose old value does not,
// so each statement fails for its own reason, and the exact replacement (rolled back) shows the
// declared path works.
func (r *redaction) declaredRedactionOnlyReplaces(t *testing.T) {
	st, ctx := r.st, r.ctx
	target := "Bedre dokumentasjon"
	row := `(SELECT min(id) FROM audit_log WHERE strpos(new_value::text, '` + target + `') > 0 AND strpos(coalesce(old_value::text, ''), '` + target + `') = 0)`
	errRollback := fmt.Errorf("roll back")
	for name, tc := range declaredRedactionStatements(target, row) {
		var n int64
		err := store.DBOf(st).RunInTx(ctx, &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error {
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
	if n, _ := store.DBOf(st).NewSelect().Table("audit_log").Where("strpos(new_value::text, ?) > 0", target).Count(ctx); n == 0 {
		t.Fatal("the refused changes touched the audit trail")
	}
	// A too short declared text is refused as well.
	err := store.DBOf(st).RunInTx(ctx, &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error {
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
