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
			return domain.ErrBadInput("roundId", "Planen kan følges opp når samleskjemaet er sendt inn.",
				"Planen kan følgjast opp når samleskjemaet er sendt inn.", "The plan can be followed up once the summary form is submitted.")
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
		if err := checkVersion(expectedVersion, seen, nounPlan); err != nil {
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
		return nil, domain.ErrBadInput("goal", "Planen har ikke dette målet.", "Planen har ikkje dette målet.", "The plan has no such goal.")
	}
	return &lp.plan.Goals[pos], nil
}

func checkDates(started, ended *domain.Date) error {
	if started != nil && ended != nil && ended.Before(*started) {
		return domain.ErrBadInput("endedOn", "Sluttdatoen kan ikke være før startdatoen.",
			"Sluttdatoen kan ikkje vere før startdatoen.", "The end date cannot be before the start date.")
	}
	return nil
}

func checkStatus(st domain.ActionStatus) error {
	if !st.Valid() {
		return domain.ErrBadInput("status", "Ukjent status.", "Ukjend status.", "Unknown status.")
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

// UpdatePlanAction records an action's status, dates and note.
func (s *Store) UpdatePlanAction(ctx context.Context, in PlanActionUpdate) (*PlanFollowUp, error) {
	return s.changePlan(ctx, in.ServiceID, in.RoundID, in.ExpectedVersion, "plan.action.update", func(tx bun.Tx, lp *lockedPlan) (any, any, error) {
		g, err := lp.goal(in.Goal)
		if err != nil {
			return nil, nil, err
		}
		if in.Action < 0 || in.Action >= len(g.Actions) {
			return nil, nil, domain.ErrBadInput("action", "Målet har ikke dette tiltaket.", "Målet har ikkje dette tiltaket.", "The goal has no such action.")
		}
		a := &g.Actions[in.Action]
		old := *a
		if in.Status != nil {
			if err := checkStatus(*in.Status); err != nil {
				return nil, nil, err
			}
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

// AddPlanAction adds an action to a goal.
func (s *Store) AddPlanAction(ctx context.Context, in PlanActionNew) (*PlanFollowUp, error) {
	return s.changePlan(ctx, in.ServiceID, in.RoundID, in.ExpectedVersion, "plan.action.add", func(tx bun.Tx, lp *lockedPlan) (any, any, error) {
		g, err := lp.goal(in.Goal)
		if err != nil {
			return nil, nil, err
		}
		if len(g.Actions) >= MaxPlanActions {
			return nil, nil, domain.ErrBadInput("goal", fmt.Sprintf("Høyst %d tiltak per mål.", MaxPlanActions),
				fmt.Sprintf("Høgst %d tiltak per mål.", MaxPlanActions), fmt.Sprintf("At most %d actions per goal.", MaxPlanActions))
		}
		if in.Status == "" {
			in.Status = domain.ActionPlanned
		}
		if err := checkStatus(in.Status); err != nil {
			return nil, nil, err
		}
		a := PlanAction{FollowUpID: lp.plan.ID, GoalPosition: g.Position, Position: len(g.Actions), Description: strings.TrimSpace(in.Description),
			Owner: strings.TrimSpace(in.Owner), DueDate: in.DueDate, StartedOn: in.StartedOn, Status: in.Status, Added: true, UpdatedAt: now()}
		if a.Description == "" {
			return nil, nil, domain.ErrBadInput("description", "Beskriv tiltaket.", "Beskriv tiltaket.", "Describe the action.")
		}
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

// ChangePlanGoal adjusts a goal's description, target or measure (a reason is required), records
// its progress (status and note, the own method's level of reporting), or adds a goal.
func (s *Store) ChangePlanGoal(ctx context.Context, in PlanGoalChange) (*PlanFollowUp, error) {
	action := "plan.goal.adjust"
	if in.Goal == nil {
		action = "plan.goal.add"
	}
	return s.changePlan(ctx, in.ServiceID, in.RoundID, in.ExpectedVersion, action, func(tx bun.Tx, lp *lockedPlan) (any, any, error) {
		var g *PlanGoal
		var old any
		if in.Goal == nil {
			if len(lp.plan.Goals) >= MaxPlanGoals {
				return nil, nil, domain.ErrBadInput("goal", fmt.Sprintf("Høyst %d mål.", MaxPlanGoals),
					fmt.Sprintf("Høgst %d mål.", MaxPlanGoals), fmt.Sprintf("At most %d goals.", MaxPlanGoals))
			}
			g = &PlanGoal{FollowUpID: lp.plan.ID, Position: len(lp.plan.Goals), Added: true, Status: domain.ActionPlanned}
		} else {
			var err error
			if g, err = lp.goal(*in.Goal); err != nil {
				return nil, nil, err
			}
			o := *g
			o.Actions = nil
			old = o
		}
		field := fmt.Sprintf("goals[%d]", g.Position)
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
				return nil, nil, err
			}
			if v := strings.TrimSpace(*t.in); v != *t.to {
				*t.to, adjusted = v, true
			}
		}
		if in.QuestionID != nil && (g.QuestionID == nil || *g.QuestionID != *in.QuestionID) {
			var n int
			if err := tx.NewSelect().TableExpr("questions AS q").Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
				Where("q.id = ? AND r.id = ?", *in.QuestionID, lp.plan.RoundID).ColumnExpr("count(*)").Scan(ctx, &n); err != nil {
				return nil, nil, err
			}
			if n == 0 {
				return nil, nil, domain.ErrBadInput("questionId", "Spørsmålet hører ikke til denne runden.",
					"Spørsmålet høyrer ikkje til denne runden.", "The question is not part of this round.")
			}
			g.QuestionID, adjusted = in.QuestionID, true
		}
		if g.Description == "" {
			return nil, nil, domain.ErrBadInput(field+".description", "Beskriv målet.", "Beskriv målet.", "Describe the goal.")
		}
		lp.ts.Stored(field+".reason", g.AdjustReason)
		if adjusted && in.Goal != nil {
			if strings.TrimSpace(in.Reason) == "" {
				return nil, nil, domain.ErrBadInput("reason", "Skriv hvorfor målet endres.", "Skriv kvifor målet blir endra.", "Say why the goal is changed.")
			}
			if err := lp.ts.Check(field+".reason", in.Reason, domain.MaxShortTextLen); err != nil {
				return nil, nil, err
			}
			at := now()
			g.AdjustReason, g.AdjustedAt = strings.TrimSpace(in.Reason), &at
		} else if in.Goal == nil && strings.TrimSpace(in.Reason) != "" {
			if err := lp.ts.Check(field+".reason", in.Reason, domain.MaxShortTextLen); err != nil {
				return nil, nil, err
			}
			g.AdjustReason = strings.TrimSpace(in.Reason)
		}
		if in.Status != nil {
			if err := checkStatus(*in.Status); err != nil {
				return nil, nil, err
			}
			g.Status = *in.Status
		}
		lp.ts.Stored(field+".note", g.Note)
		if in.Note != nil {
			if err := lp.ts.Check(field+".note", *in.Note, MaxPlanNoteLen); err != nil {
				return nil, nil, err
			}
			g.Note = strings.TrimSpace(*in.Note)
		}
		if in.Goal == nil {
			g.Actions = []PlanAction{}
			if _, err := tx.NewInsert().Model(g).Exec(ctx); err != nil {
				return nil, nil, err
			}
		} else if _, err := tx.NewUpdate().Model(g).Column("question_id", "description", "target", "measure", "status", "note", "adjust_reason", "adjusted_at").
			WherePK().Exec(ctx); err != nil {
			return nil, nil, err
		}
		n := *g
		n.Actions = nil
		return old, n, nil
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
			return nil, nil, domain.ErrBadInput("ownPlanSummary", "Beskriv planen kort når dere bruker egen metode.",
				"Beskriv planen kort når de bruker eigen metode.", "Describe the plan briefly when you use your own method.")
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
