package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// PlanGoalChange adjusts a goal (with a reason) or reports its progress. A nil Goal adds a new goal.
type PlanGoalChange struct {
	ServiceID, RoundID  int64
	ExpectedVersion     *int
	Goal                *int
	QuestionID          *int64
	Description, Target *string
	Measure             *string
	Reason              string
	Status              *domain.ActionStatus
	Note                *string
}

// Validate checks the goal's new status, before the transaction. The rules that need the stored
// goal (a description, a reason for an adjustment) are checked there.
func (in PlanGoalChange) Validate() error {
	if in.Status != nil {
		return domain.CheckActionStatus(*in.Status)
	}
	return nil
}

// ChangePlanGoal adjusts a goal's description, target or measure (a reason is required), records
// its progress (status and note, the own method's level of reporting), or adds a goal.
func (s *Store) ChangePlanGoal(ctx context.Context, in PlanGoalChange) (*PlanFollowUp, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("change a goal of the plan of service %d: %w", in.ServiceID, err)
	}
	action := "plan.goal.adjust"
	if in.Goal == nil {
		action = "plan.goal.add"
	}
	return s.changePlan(ctx, in.ServiceID, in.RoundID, in.ExpectedVersion, action, func(tx bun.Tx, lp *lockedPlan) (any, any, error) {
		g, old, err := goalToChange(lp, in.Goal)
		if err != nil {
			return nil, nil, err
		}
		field := fmt.Sprintf("goals[%d]", g.Position)
		adjusted, err := adjustGoalTexts(lp, g, in, field)
		if err != nil {
			return nil, nil, err
		}
		if in.QuestionID != nil && (g.QuestionID == nil || *g.QuestionID != *in.QuestionID) {
			if err := questionInRound(ctx, tx, *in.QuestionID, lp.plan.RoundID); err != nil {
				return nil, nil, err
			}
			g.QuestionID, adjusted = in.QuestionID, true
		}
		if g.Description == "" {
			return nil, nil, domain.ErrGoalUndescribed(field + ".description")
		}
		if err := recordGoalReason(lp, g, in, field, adjusted); err != nil {
			return nil, nil, err
		}
		if err := recordGoalProgress(lp, g, in, field); err != nil {
			return nil, nil, err
		}
		if err := storeGoal(ctx, tx, g, in.Goal == nil); err != nil {
			return nil, nil, err
		}
		n := *g
		n.Actions = nil
		return old, n, nil
	})
}

// goalToChange is the goal at pos with its state before the change (for the audit trail), or a new
// goal at the end of the plan when pos is nil, as long as the plan has room for it.
func goalToChange(lp *lockedPlan, pos *int) (*PlanGoal, any, error) {
	if pos == nil {
		if len(lp.plan.Goals) >= MaxPlanGoals {
			return nil, nil, domain.ErrTooManyPlanGoals(MaxPlanGoals)
		}
		return &PlanGoal{FollowUpID: lp.plan.ID, Position: len(lp.plan.Goals), Added: true, Status: domain.ActionPlanned}, nil, nil
	}
	g, err := lp.goal(*pos)
	if err != nil {
		return nil, nil, err
	}
	o := *g
	o.Actions = nil
	return g, o, nil
}

// adjustGoalTexts screens and sets the goal's description, target and measure that are given, and
// reports whether any of them changed.
func adjustGoalTexts(lp *lockedPlan, g *PlanGoal, in PlanGoalChange, field string) (bool, error) {
	adjusted := false
	for _, t := range []struct {
		name string
		in   *string
		to   *string
	}{{"description", in.Description, &g.Description}, {"target", in.Target, &g.Target}, {"measure", in.Measure, &g.Measure}} {
		lp.ts.Stored(field+"."+t.name, *t.to)
		if t.in == nil {
			continue
		}
		if err := lp.ts.Check(field+"."+t.name, *t.in, domain.MaxShortTextLen); err != nil {
			return false, err
		}
		if v := strings.TrimSpace(*t.in); v != *t.to {
			*t.to, adjusted = v, true
		}
	}
	return adjusted, nil
}

// questionInRound checks that the question is one of the round's questionnaire.
func questionInRound(ctx context.Context, tx bun.Tx, questionID, roundID int64) error {
	var n int
	if err := tx.NewSelect().TableExpr("questions AS q").Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
		Where("q.id = ? AND r.id = ?", questionID, roundID).ColumnExpr("count(*)").Scan(ctx, &n); err != nil {
		return err
	}
	if n == 0 {
		return domain.ErrQuestionNotInRound("questionId")
	}
	return nil
}

// recordGoalReason requires and sets the reason of an existing goal that was adjusted (and when),
// and keeps the reason a new goal is given.
func recordGoalReason(lp *lockedPlan, g *PlanGoal, in PlanGoalChange, field string, adjusted bool) error {
	lp.ts.Stored(field+".reason", g.AdjustReason)
	reason := strings.TrimSpace(in.Reason)
	switch {
	case adjusted && in.Goal != nil:
		if reason == "" {
			return domain.ErrGoalChangeReasonMissing()
		}
		if err := lp.ts.Check(field+".reason", in.Reason, domain.MaxShortTextLen); err != nil {
			return err
		}
		at := now()
		g.AdjustReason, g.AdjustedAt = reason, &at
	case in.Goal == nil && reason != "":
		if err := lp.ts.Check(field+".reason", in.Reason, domain.MaxShortTextLen); err != nil {
			return err
		}
		g.AdjustReason = reason
	}
	return nil
}

// recordGoalProgress sets the goal's status and screened note, when given.
func recordGoalProgress(lp *lockedPlan, g *PlanGoal, in PlanGoalChange, field string) error {
	if in.Status != nil {
		g.Status = *in.Status
	}
	lp.ts.Stored(field+".note", g.Note)
	if in.Note != nil {
		if err := lp.ts.Check(field+".note", *in.Note, MaxPlanNoteLen); err != nil {
			return err
		}
		g.Note = strings.TrimSpace(*in.Note)
	}
	return nil
}

// storeGoal inserts a new goal or updates a changed one.
func storeGoal(ctx context.Context, tx bun.Tx, g *PlanGoal, isNew bool) error {
	if isNew {
		g.Actions = []PlanAction{}
		_, err := tx.NewInsert().Model(g).Exec(ctx)
		return err
	}
	_, err := tx.NewUpdate().Model(g).Column("question_id", "description", "target", "measure", "status", "note", "adjust_reason", "adjusted_at").
		WherePK().Exec(ctx)
	return err
}
