package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// EnqueuePlanReminders puts a reminder in the outbox, to the service's leaders, for each action
// past its due date (not done or dropped) in the plans whose service asked for reminders. Each
// action is reminded once per due date: running it again enqueues nothing new. It returns how
// many reminders it enqueued. The server runs it periodically; tests call it directly.
func (s *Store) EnqueuePlanReminders(ctx context.Context, today domain.Date) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var due []struct {
			PlanAction
			ServiceID   int64  `bun:"service_id"`
			ServiceName string `bun:"service_name"`
		}
		if err := tx.NewSelect().Model((*PlanAction)(nil)).ColumnExpr("pa.*, pf.service_id, s.name AS service_name").
			Join("JOIN plan_follow_ups AS pf ON pf.id = pa.follow_up_id").
			Join("JOIN services AS s ON s.id = pf.service_id").
			Where("pf.reminders AND pa.due_date < ? AND pa.status IN (?)", today, bun.List([]domain.ActionStatus{domain.ActionPlanned, domain.ActionInProgress})).
			Where("NOT EXISTS (SELECT 1 FROM plan_reminders AS pr WHERE pr.follow_up_id = pa.follow_up_id AND pr.goal_position = pa.goal_position AND pr.position = pa.position AND pr.due_date = pa.due_date)").
			OrderExpr("pa.follow_up_id, pa.goal_position, pa.position").For("UPDATE OF pa SKIP LOCKED").Scan(ctx, &due); err != nil {
			return err
		}
		for _, a := range due {
			var id int64
			err := tx.NewRaw(`INSERT INTO plan_reminders (follow_up_id, goal_position, position, due_date) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING RETURNING id`, a.FollowUpID, a.GoalPosition, a.Position, a.DueDate).Scan(ctx, &id)
			if errors.Is(err, sql.ErrNoRows) {
				continue // another instance reminded it just now
			}
			if err != nil {
				return err
			}
			subject, body := domain.PlanReminderMail(a.Description, a.ServiceName, *a.DueDate)
			if _, err := tx.NewInsert().Model(&Outbox{PlanReminderID: &id, ServiceID: a.ServiceID, Status: MailPending,
				Subject: subject, Body: body}).Exec(ctx); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("enqueue plan reminders: %w", err)
	}
	return n, nil
}
