package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
)

// AuditEntry is one row of the append-only audit trail.
type AuditEntry struct {
	bun.BaseModel `bun:"table:audit_log,alias:al"`
	ID            int64           `bun:",pk,autoincrement"`
	At            time.Time       `bun:",nullzero,notnull,default:clock_timestamp()"`
	ActorKind     string          `bun:",notnull"`
	ActorUserID   *int64          `bun:"actor_user_id"`
	ActorTokenID  *int64          `bun:"actor_token_id"`
	ActorName     string          `bun:",notnull"`
	Organisation  string          `bun:",notnull"`
	Action        string          `bun:",notnull"`
	ObjectType    string          `bun:",notnull"`
	ObjectID      *int64          `bun:"object_id"`
	ServiceID     *int64          `bun:"service_id"`
	OfficeID      *int64          `bun:"office_id"`
	OldValue      json.RawMessage `bun:"old_value,type:jsonb"`
	NewValue      json.RawMessage `bun:"new_value,type:jsonb"`
}

// Change describes one audited change.
type Change struct {
	Action     string // e.g. "case.create", "answer.save", "submission.submit"
	ObjectType string // "case", "answer", "submission", "user", "api_token", "session"
	ObjectID   int64
	ServiceID  int64 // the service the object belongs to, for reading its history in scope
	OfficeID   int64
	Old, New   any // marshalled to JSON; nil for none
}

func nz(v int64) *int64 {
	if v == 0 {
		return nil
	}
	return &v
}

func rawJSON(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if string(b) == "null" {
		return nil, nil
	}
	return b, nil
}

// audit writes ch to the audit trail as the caller of ctx, in the same transaction as the change.
func audit(ctx context.Context, db bun.IDB, ch Change) error {
	c := auth.From(ctx)
	e := &AuditEntry{ActorKind: string(c.Kind), ActorUserID: nz(c.UserID), ActorTokenID: nz(c.TokenID), ActorName: c.Name,
		Organisation: c.Organisation(), Action: ch.Action, ObjectType: ch.ObjectType, ObjectID: nz(ch.ObjectID),
		ServiceID: nz(ch.ServiceID), OfficeID: nz(ch.OfficeID)}
	if e.ActorName == "" {
		e.ActorName = string(c.Kind)
	}
	var err error
	if e.OldValue, err = rawJSON(ch.Old); err != nil {
		return err
	}
	if e.NewValue, err = rawJSON(ch.New); err != nil {
		return err
	}
	if _, err := db.NewInsert().Model(e).Exec(ctx); err != nil {
		return fmt.Errorf("audit %s: %w", ch.Action, err)
	}
	return nil
}

// Audit writes a change outside a workflow (log-ins, token use), in its own statement.
func (s *Store) Audit(ctx context.Context, ch Change) error { return audit(ctx, s.db, ch) }

// SubmissionHistory is the audit trail of many submissions, oldest first, grouped by submission.
// Only the service's own people read it: drafts are working papers.
func (s *Store) SubmissionHistory(ctx context.Context, scope Scope, ids []int64) (map[int64][]AuditEntry, error) {
	var rows []AuditEntry
	out := map[int64][]AuditEntry{}
	if len(ids) == 0 {
		return out, nil
	}
	err := caseWork(s.db.NewSelect().Model(&rows).
		Join("JOIN submissions AS sub ON sub.id = al.object_id").
		Where("al.object_type = 'submission' AND al.object_id IN (?)", bun.List(ids)), scope, "sub.service_id").
		OrderExpr("al.id").Scan(ctx)
	for _, r := range rows {
		out[*r.ObjectID] = append(out[*r.ObjectID], r)
	}
	return out, err
}

// CaseHistory is the audit trail of many cases and their answers, oldest first, grouped by case.
// Only the service's own people read it.
func (s *Store) CaseHistory(ctx context.Context, scope Scope, ids []int64) (map[int64][]AuditEntry, error) {
	var rows []struct {
		AuditEntry
		CaseID int64 `bun:"case_id"`
	}
	out := map[int64][]AuditEntry{}
	if len(ids) == 0 {
		return out, nil
	}
	err := caseWork(s.db.NewSelect().Model((*AuditEntry)(nil)).ColumnExpr("al.*").
		ColumnExpr("coalesce(CASE WHEN al.object_type = 'case' THEN al.object_id END, (coalesce(al.new_value, al.old_value)->>'caseId')::bigint) AS case_id").
		Where("(al.object_type = 'case' AND al.object_id IN (?)) OR (al.object_type = 'answer' AND (coalesce(al.new_value, al.old_value)->>'caseId')::bigint IN (?))",
			bun.List(ids), bun.List(ids)), scope, "al.service_id").
		OrderExpr("al.id").Scan(ctx, &rows)
	for _, r := range rows {
		out[r.CaseID] = append(out[r.CaseID], r.AuditEntry)
	}
	return out, err
}
