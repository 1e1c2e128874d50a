package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// FollowUpActivity is the county governor's own effort: a reminder, contact, meeting or note.
type FollowUpActivity struct {
	bun.BaseModel `bun:"table:follow_up_activities,alias:fa"`
	ID            int64               `bun:",pk,autoincrement" json:"id"`
	OfficeID      int64               `bun:",notnull" json:"officeId"`
	RoundID       int64               `bun:",notnull" json:"roundId"`
	Kind          domain.FollowUpKind `bun:",notnull" json:"kind"`
	OccurredOn    domain.Date         `bun:",type:date,notnull" json:"occurredOn"`
	Note          string              `bun:",notnull" json:"note"`
	CreatedBy     *int64              `json:"createdBy"`
	CreatedAt     time.Time           `bun:",nullzero,notnull,default:current_timestamp" json:"createdAt"`
	ServiceIDs    []int64             `bun:"-" json:"serviceIds"`
}

// ActivityInput is follow-up work of an office.
type ActivityInput struct {
	RoundID    int64
	OfficeID   int64
	Kind       domain.FollowUpKind
	OccurredOn domain.Date
	Note       string
	ServiceIDs []int64
	// Message is the text of a reminder, stored in the outbox for each service.
	Message string
}

// Validate trims the note and message and checks the kind, and that a reminder names whom it
// reminds, before the transaction.
func (in *ActivityInput) Validate() error {
	in.Note, in.Message = strings.TrimSpace(in.Note), strings.TrimSpace(in.Message)
	if !in.Kind.Valid() {
		return domain.ErrActivityKind()
	}
	if in.Kind == domain.FollowUpReminder && len(in.ServiceIDs) == 0 {
		return domain.ErrReminderWithoutServices()
	}
	return nil
}

// RecordActivity records a reminder, contact, meeting or note. A reminder to several services is
// one activity, with one outbox message per service, in the same transaction.
func (s *Store) RecordActivity(ctx context.Context, in ActivityInput) (*FollowUpActivity, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("record follow-up activity: %w", err)
	}
	a := &FollowUpActivity{OfficeID: in.OfficeID, RoundID: in.RoundID, Kind: in.Kind, OccurredOn: in.OccurredOn,
		Note: in.Note, ServiceIDs: in.ServiceIDs}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		c := auth.From(ctx)
		if err := c.Can(auth.ActFollowUp, auth.Target{OfficeID: in.OfficeID}); err != nil {
			return err
		}
		if err := roundExists(ctx, tx, in.RoundID); err != nil {
			return err
		}
		if a.OccurredOn.IsZero() {
			a.OccurredOn = domain.DateOf(time.Now())
		}
		ts := domain.NewTextScreen(ctx)
		for _, t := range []struct{ field, text string }{{"note", a.Note}, {"message", in.Message}} {
			if err := ts.Check(t.field, t.text, domain.MaxAssessmentLen); err != nil {
				return err
			}
		}
		if err := ts.Err(); err != nil {
			return err
		}
		if len(in.ServiceIDs) > 0 {
			office, err := officeOfServices(ctx, tx, in.ServiceIDs)
			if err != nil {
				return err
			}
			if office != in.OfficeID {
				return domain.ErrServicesOutsideOffice()
			}
		}
		a.CreatedBy = nz(c.UserID)
		if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
			return err
		}
		for _, sid := range in.ServiceIDs {
			if _, err := tx.NewInsert().Model(&struct {
				bun.BaseModel `bun:"table:follow_up_services"`
				ActivityID    int64
				ServiceID     int64
			}{ActivityID: a.ID, ServiceID: sid}).Exec(ctx); err != nil {
				return err
			}
		}
		if in.Kind == domain.FollowUpReminder {
			msg := in.Message
			if msg == "" {
				msg = a.Note
			}
			for _, sid := range in.ServiceIDs {
				if _, err := tx.NewInsert().Model(&Outbox{ActivityID: &a.ID, ServiceID: sid, Status: MailPending,
					Subject: domain.ReminderSubject, Body: msg}).Exec(ctx); err != nil {
					return err
				}
			}
		}
		return audit(ctx, tx, Change{Action: "follow_up." + strings.ToLower(string(in.Kind)), ObjectType: "follow_up_activity", ObjectID: a.ID, OfficeID: in.OfficeID, New: a})
	})
	if err != nil {
		return nil, fmt.Errorf("record follow-up activity: %w", err)
	}
	return a, nil
}

// ActivityFilter selects follow-up activity.
type ActivityFilter struct {
	OfficeID, RoundID, ServiceID int64
}

// Activities lists follow-up activity, newest first, with the services each concerns (two statements).
// Only an office's own advisors and national readers reach them; the services each concerns are
// listed only where the scope reaches them.
func (s *Store) Activities(ctx context.Context, scope Scope, f ActivityFilter) ([]FollowUpActivity, error) {
	var out []FollowUpActivity
	if !scope.SeesOffice(f.OfficeID) {
		return []FollowUpActivity{}, nil
	}
	q := s.db.NewSelect().Model(&out).Where("fa.office_id = ? AND fa.round_id = ?", f.OfficeID, f.RoundID)
	if f.ServiceID != 0 {
		q = q.Where("EXISTS (SELECT 1 FROM follow_up_services AS fs WHERE fs.activity_id = fa.id AND fs.service_id = ?)", f.ServiceID)
	}
	if err := q.OrderExpr("fa.occurred_on DESC, fa.id DESC").Scan(ctx); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]int64, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	var links []struct {
		ActivityID int64
		ServiceID  int64
	}
	if err := applyScope(s.db.NewSelect().TableExpr("follow_up_services AS fs").ColumnExpr("fs.activity_id, fs.service_id").
		Join("JOIN services AS s ON s.id = fs.service_id").
		Where("fs.activity_id IN (?)", bun.List(ids)), scope).OrderExpr("fs.service_id").Scan(ctx, &links); err != nil {
		return nil, err
	}
	byID := map[int64]*FollowUpActivity{}
	for i := range out {
		out[i].ServiceIDs = []int64{}
		byID[out[i].ID] = &out[i]
	}
	for _, l := range links {
		byID[l.ActivityID].ServiceIDs = append(byID[l.ActivityID].ServiceIDs, l.ServiceID)
	}
	return out, nil
}

// OutboxFor lists the outbox messages of an activity (for tests and a future mailer).
func (s *Store) OutboxFor(ctx context.Context, activityID int64) ([]Outbox, error) {
	var out []Outbox
	err := s.db.NewSelect().Model(&out).Where("ob.activity_id = ?", activityID).OrderExpr("ob.service_id").Scan(ctx)
	return out, err
}
