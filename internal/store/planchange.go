package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// lockedPlan is a plan locked for a change.
type lockedPlan struct {
	plan     *PlanFollowUp
	officeID int64
	ts       *domain.TextScreen
}

// changePlan checks that the caller leads the service, locks (starting, on the first change) the
// follow-up of its submitted form in the round, checks the version the caller saw, lets fn change
// it, screens the text, bumps the version and audits the change with what fn returns.
func (s *Store) changePlan(ctx context.Context, serviceID, roundID int64, expectedVersion *int, action string,
	fn func(tx bun.Tx, lp *lockedPlan) (old, new any, err error)) (*PlanFollowUp, error) {
	var out *PlanFollowUp
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var svc Service
		if err := tx.NewSelect().Model(&svc).Where("s.id = ?", serviceID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounService, serviceID)
		}
		if err := auth.From(ctx).Can(auth.ActEditDraft, auth.Target{ServiceID: svc.ID, OfficeID: svc.OfficeID}); err != nil {
			return err
		}
		var sub Submission
		// The form's row is locked so that two first changes do not both start the follow-up.
		err := tx.NewSelect().Model(&sub).Where("sub.service_id = ? AND sub.round_id = ?", serviceID, roundID).For("NO KEY UPDATE").Scan(ctx)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var rev *Revision
		if err == nil {
			revs, err := lastRevisions(ctx, tx, []int64{sub.ID})
			if err != nil {
				return err
			}
			rev = revs[sub.ID]
		}
		if rev == nil {
			return domain.ErrPlanNotSubmitted()
		}
		p := &PlanFollowUp{}
		err = tx.NewSelect().Model(p).Where("pf.submission_id = ?", sub.ID).For("UPDATE").Scan(ctx)
		seen := 0
		switch {
		case errors.Is(err, sql.ErrNoRows):
			p = fromRevision(&sub, rev)
			if err := seedPlan(ctx, tx, p); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			seen = p.Version
			p.SubmittedAt = rev.SubmittedAt
			if err := loadPlans(ctx, tx, []*PlanFollowUp{p}); err != nil {
				return err
			}
		}
		if err := checkVersion(expectedVersion, seen, domain.NounPlan); err != nil {
			return err
		}
		lp := &lockedPlan{plan: p, officeID: svc.OfficeID, ts: domain.NewTextScreen(ctx)}
		old, new, err := fn(tx, lp)
		if err != nil {
			return err
		}
		if err := lp.ts.Err(); err != nil {
			return err
		}
		p.Version = seen + 1
		p.UpdatedAt = now()
		if _, err := tx.NewUpdate().Model(p).Column("version", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		if err := audit(ctx, tx, Change{Action: action, ObjectType: "plan_follow_up", ObjectID: p.ID, ServiceID: serviceID,
			OfficeID: svc.OfficeID, Old: old, New: new}); err != nil {
			return err
		}
		if err := loadPlans(ctx, tx, []*PlanFollowUp{p}); err != nil {
			return err
		}
		out = p
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("follow up the plan of service %d in round %d: %w", serviceID, roundID, err)
	}
	return out, nil
}

// seedPlan stores the plan as submitted as the start of its follow-up (version 0 until the change
// that started it is stored).
func seedPlan(ctx context.Context, tx bun.Tx, p *PlanFollowUp) error {
	p.Version = 0
	if _, err := tx.NewInsert().Model(p).Exec(ctx); err != nil {
		return fmt.Errorf("start the plan's follow-up: %w", err)
	}
	goals, actions := []PlanGoal{}, []PlanAction{}
	for i := range p.Goals {
		p.Goals[i].FollowUpID = p.ID
		goals = append(goals, p.Goals[i])
		for j := range p.Goals[i].Actions {
			p.Goals[i].Actions[j].FollowUpID = p.ID
			actions = append(actions, p.Goals[i].Actions[j])
		}
	}
	if len(goals) > 0 {
		if _, err := tx.NewInsert().Model(&goals).Exec(ctx); err != nil {
			return err
		}
	}
	if len(actions) > 0 {
		if _, err := tx.NewInsert().Model(&actions).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (lp *lockedPlan) goal(pos int) (*PlanGoal, error) {
	if pos < 0 || pos >= len(lp.plan.Goals) {
		return nil, domain.ErrPlanGoalUnknown()
	}
	return &lp.plan.Goals[pos], nil
}

func checkDates(started, ended *domain.Date) error {
	if started != nil && ended != nil && ended.Before(*started) {
		return domain.ErrEndBeforeStart()
	}
	return nil
}

// PlanActionUpdate changes an action's progress. Nil fields are left as they are; Clear names
// date fields to empty.
type PlanActionUpdate struct {
	ServiceID, RoundID   int64
	ExpectedVersion      *int
	Goal, Action         int
	Status               *domain.ActionStatus
	StartedOn, EndedOn   *domain.Date
	DueDate              *domain.Date
	Note                 *string
	ClearStarted         bool
	ClearEnded, ClearDue bool
}

// Validate checks the new status and, when both are given, that the action does not end before it
// starts, before the transaction. The dates as merged with the stored ones are checked again there.
func (in PlanActionUpdate) Validate() error {
	if in.Status != nil {
		if err := domain.CheckActionStatus(*in.Status); err != nil {
			return err
		}
	}
	return checkDates(in.StartedOn, in.EndedOn)
}

// UpdatePlanAction records an action's status, dates and note.
func (s *Store) UpdatePlanAction(ctx context.Context, in PlanActionUpdate) (*PlanFollowUp, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update an action of the plan of service %d: %w", in.ServiceID, err)
	}
	return s.changePlan(ctx, in.ServiceID, in.RoundID, in.ExpectedVersion, "plan.action.update", func(tx bun.Tx, lp *lockedPlan) (any, any, error) {
		g, err := lp.goal(in.Goal)
		if err != nil {
			return nil, nil, err
		}
		if in.Action < 0 || in.Action >= len(g.Actions) {
			return nil, nil, domain.ErrPlanActionUnknown()
		}
		a := &g.Actions[in.Action]
		old := *a
		if in.Status != nil {
			a.Status = *in.Status
		}
		if in.StartedOn != nil || in.ClearStarted {
			a.StartedOn = in.StartedOn
		}
		if in.EndedOn != nil || in.ClearEnded {
			a.EndedOn = in.EndedOn
		}
		if in.DueDate != nil || in.ClearDue {
			a.DueDate = in.DueDate
		}
		if err := checkDates(a.StartedOn, a.EndedOn); err != nil {
			return nil, nil, err
		}
		field := fmt.Sprintf("goals[%d].actions[%d].note", in.Goal, in.Action)
		lp.ts.Stored(field, a.Note)
		if in.Note != nil {
			if err := lp.ts.Check(field, *in.Note, MaxPlanNoteLen); err != nil {
				return nil, nil, err
			}
			a.Note = strings.TrimSpace(*in.Note)
		}
		a.UpdatedAt = now()
		if _, err := tx.NewUpdate().Model(a).Column("status", "started_on", "ended_on", "due_date", "note", "updated_at").WherePK().Exec(ctx); err != nil {
			return nil, nil, err
		}
		return old, *a, nil
	})
}

// PlanActionNew is a new action of a goal.
type PlanActionNew struct {
	ServiceID, RoundID int64
	ExpectedVersion    *int
	Goal               int
	Description, Owner string
	DueDate, StartedOn *domain.Date
	Status             domain.ActionStatus
}

// Validate trims the texts, requires a description and checks the status (PLANNED when none is
// given), before the transaction.
func (in *PlanActionNew) Validate() error {
	in.Description, in.Owner = strings.TrimSpace(in.Description), strings.TrimSpace(in.Owner)
	if in.Status == "" {
		in.Status = domain.ActionPlanned
	}
	if err := domain.CheckActionStatus(in.Status); err != nil {
		return err
	}
	if in.Description == "" {
		return domain.ErrActionUndescribed("description")
	}
	return nil
}

// AddPlanAction adds an action to a goal.
func (s *Store) AddPlanAction(ctx context.Context, in PlanActionNew) (*PlanFollowUp, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("add an action to the plan of service %d: %w", in.ServiceID, err)
	}
	return s.changePlan(ctx, in.ServiceID, in.RoundID, in.ExpectedVersion, "plan.action.add", func(tx bun.Tx, lp *lockedPlan) (any, any, error) {
		g, err := lp.goal(in.Goal)
		if err != nil {
			return nil, nil, err
		}
		if len(g.Actions) >= MaxPlanActions {
			return nil, nil, domain.ErrTooManyPlanActions(MaxPlanActions)
		}
		a := PlanAction{FollowUpID: lp.plan.ID, GoalPosition: g.Position, Position: len(g.Actions), Description: in.Description,
			Owner: in.Owner, DueDate: in.DueDate, StartedOn: in.StartedOn, Status: in.Status, Added: true, UpdatedAt: now()}
		for _, t := range []struct{ name, text string }{{"description", in.Description}, {"owner", in.Owner}} {
			if err := lp.ts.Check(t.name, t.text, domain.MaxShortTextLen); err != nil {
				return nil, nil, err
			}
		}
		if _, err := tx.NewInsert().Model(&a).Exec(ctx); err != nil {
			return nil, nil, err
		}
		return nil, a, nil
	})
}

// PlanSettings are the plan's settings: the own method, when the measures began, reminders.
type PlanSettings struct {
	ServiceID, RoundID int64
	ExpectedVersion    *int
	OwnMethod          *bool
	OwnPlanSummary     *string
	OwnPlanLocation    *string
	MeasuresBeganOn    *domain.Date
	ClearMeasuresBegan bool
	Reminders          *bool
}

// UpdatePlanSettings changes the plan's settings.
func (s *Store) UpdatePlanSettings(ctx context.Context, in PlanSettings) (*PlanFollowUp, error) {
	return s.changePlan(ctx, in.ServiceID, in.RoundID, in.ExpectedVersion, "plan.settings", func(tx bun.Tx, lp *lockedPlan) (any, any, error) {
		p := lp.plan
		type settings struct {
			OwnMethod       bool         `json:"ownMethod"`
			OwnPlanSummary  string       `json:"ownPlanSummary"`
			OwnPlanLocation string       `json:"ownPlanLocation"`
			MeasuresBeganOn *domain.Date `json:"measuresBeganOn"`
			Reminders       bool         `json:"reminders"`
		}
		old := settings{p.OwnMethod, p.OwnPlanSummary, p.OwnPlanLocation, p.MeasuresBeganOn, p.Reminders}
		lp.ts.Stored("ownPlanSummary", p.OwnPlanSummary)
		lp.ts.Stored("ownPlanLocation", p.OwnPlanLocation)
		if in.OwnMethod != nil {
			p.OwnMethod = *in.OwnMethod
		}
		if in.OwnPlanSummary != nil {
			if err := lp.ts.Check("ownPlanSummary", *in.OwnPlanSummary, MaxOwnPlanSummary); err != nil {
				return nil, nil, err
			}
			p.OwnPlanSummary = strings.TrimSpace(*in.OwnPlanSummary)
		}
		if in.OwnPlanLocation != nil {
			if err := lp.ts.Check("ownPlanLocation", *in.OwnPlanLocation, MaxOwnPlanLocation); err != nil {
				return nil, nil, err
			}
			p.OwnPlanLocation = strings.TrimSpace(*in.OwnPlanLocation)
		}
		if p.OwnMethod && p.OwnPlanSummary == "" {
			return nil, nil, domain.ErrOwnPlanSummaryMissing()
		}
		if in.MeasuresBeganOn != nil || in.ClearMeasuresBegan {
			p.MeasuresBeganOn = in.MeasuresBeganOn
		}
		if in.Reminders != nil {
			p.Reminders = *in.Reminders
		}
		if _, err := tx.NewUpdate().Model(p).Column("own_method", "own_plan_summary", "own_plan_location", "measures_began_on", "reminders").
			WherePK().Exec(ctx); err != nil {
			return nil, nil, err
		}
		return old, settings{p.OwnMethod, p.OwnPlanSummary, p.OwnPlanLocation, p.MeasuresBeganOn, p.Reminders}, nil
	})
}
