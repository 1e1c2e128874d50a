package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// The improvement plan lives between the rounds (guide § 3). After submitting, the service follows
// its plan up without re-opening the form: status, dates and notes per action, new actions and
// goals, goals adjusted with a reason, or its own method (guide § 1.3). The follow-up starts as a
// copy of the plan in the form's last submitted revision, made at the first change; until then it
// is read from that revision. Goals and actions are named by position and never removed (an
// action is dropped with the status CANCELLED). Nothing here touches the submitted revisions or
// the statistics. The service's leader changes it; everyone who reads the submitted form reads it.

var nounPlan = domain.Noun{NB: "forbedringsplanen", NN: "forbetringsplanen", EN: "improvement plan"}

// Limits of the follow-up.
const (
	MaxPlanGoals       = 30
	MaxPlanActions     = 40 // per goal
	MaxPlanNoteLen     = 2000
	MaxOwnPlanSummary  = 20000
	MaxOwnPlanLocation = 500
)

// PlanFollowUp is a service's improvement plan followed up after the form of a round was submitted.
type PlanFollowUp struct {
	bun.BaseModel   `bun:"table:plan_follow_ups,alias:pf"`
	ID              int64        `bun:",pk,autoincrement"`
	SubmissionID    int64        `bun:",notnull"`
	ServiceID       int64        `bun:",notnull"`
	RoundID         int64        `bun:",notnull"`
	FromRevision    int          `bun:",notnull"`
	OwnMethod       bool         `bun:",notnull"`
	OwnPlanSummary  string       `bun:",notnull"`
	OwnPlanLocation string       `bun:",notnull"`
	MeasuresBeganOn *domain.Date `bun:",type:date"`
	Reminders       bool         `bun:",notnull"`
	// Version is 0 while the plan has not been followed up (read from the submitted revision).
	Version   int       `bun:",notnull"`
	CreatedAt time.Time `bun:",nullzero,notnull,default:current_timestamp"`
	UpdatedAt time.Time `bun:",nullzero,notnull,default:current_timestamp"`

	// SubmittedAt is when the revision the plan comes from was submitted.
	SubmittedAt time.Time  `bun:"-"`
	Goals       []PlanGoal `bun:"-"`
}

// PlanGoal is a goal of a followed-up plan.
type PlanGoal struct {
	bun.BaseModel `bun:"table:plan_goals,alias:pg"`
	FollowUpID    int64               `bun:",pk" json:"-"`
	Position      int                 `bun:",pk" json:"position"`
	QuestionID    *int64              `json:"questionId,omitempty"`
	Description   string              `bun:",notnull" json:"description"`
	Target        string              `bun:",notnull" json:"target"`
	Measure       string              `bun:",notnull" json:"measure"`
	Added         bool                `bun:",notnull" json:"added"`
	Status        domain.ActionStatus `bun:",notnull" json:"status"`
	Note          string              `bun:",notnull" json:"note"`
	AdjustReason  string              `bun:",notnull" json:"adjustReason"`
	AdjustedAt    *time.Time          `json:"adjustedAt,omitempty"`
	Actions       []PlanAction        `bun:"-" json:"-"`
}

// PlanAction is an action of a followed-up plan.
type PlanAction struct {
	bun.BaseModel `bun:"table:plan_actions,alias:pa"`
	FollowUpID    int64               `bun:",pk" json:"-"`
	GoalPosition  int                 `bun:",pk" json:"goal"`
	Position      int                 `bun:",pk" json:"position"`
	Description   string              `bun:",notnull" json:"description"`
	Owner         string              `bun:",notnull" json:"owner"`
	DueDate       *domain.Date        `bun:",type:date" json:"dueDate,omitempty"`
	Status        domain.ActionStatus `bun:",notnull" json:"status"`
	StartedOn     *domain.Date        `bun:",type:date" json:"startedOn,omitempty"`
	EndedOn       *domain.Date        `bun:",type:date" json:"endedOn,omitempty"`
	Note          string              `bun:",notnull" json:"note"`
	Added         bool                `bun:",notnull" json:"added"`
	UpdatedAt     time.Time           `bun:",nullzero,notnull,default:current_timestamp" json:"-"`
}

// Overdue reports whether the action is past its due date on the given day and not finished.
func (a *PlanAction) Overdue(today domain.Date) bool {
	return a.DueDate != nil && a.DueDate.Before(today) && (a.Status == domain.ActionPlanned || a.Status == domain.ActionInProgress)
}

// Started reports whether the plan has been followed up at all (changed after submitting).
func (p *PlanFollowUp) Started() bool { return p.Version > 0 }

// LastChangedAt is when the plan was last changed after submitting; nil when never.
func (p *PlanFollowUp) LastChangedAt() *time.Time {
	if !p.Started() {
		return nil
	}
	t := p.UpdatedAt
	return &t
}

// Sources of the date the measures began, beside those of the submitted plan (selection.go).
const (
	MeasuresSetByService   = "SET_BY_SERVICE"
	MeasuresFromFollowUp   = "FOLLOW_UP_ACTION"
	measuresNotDerivedHere = ""
)

// MeasuresBegan is when the plan's measures began: the date the service set, or the earliest start
// of an action that was not dropped; nil with "" when neither is known.
func (p *PlanFollowUp) MeasuresBegan() (*domain.Date, string) {
	if p.MeasuresBeganOn != nil {
		d := *p.MeasuresBeganOn
		return &d, MeasuresSetByService
	}
	var earliest *domain.Date
	for _, g := range p.Goals {
		for _, a := range g.Actions {
			if a.StartedOn != nil && a.Status != domain.ActionCancelled && (earliest == nil || a.StartedOn.Before(*earliest)) {
				d := *a.StartedOn
				earliest = &d
			}
		}
	}
	if earliest == nil {
		return nil, measuresNotDerivedHere
	}
	if p.Started() {
		return earliest, MeasuresFromFollowUp
	}
	return earliest, MeasuresFromActionStart
}

// fromRevision builds the plan as submitted in rev (not yet followed up).
func fromRevision(sub *Submission, rev *Revision) *PlanFollowUp {
	p := &PlanFollowUp{SubmissionID: sub.ID, ServiceID: sub.ServiceID, RoundID: sub.RoundID, FromRevision: rev.Revision,
		SubmittedAt: rev.SubmittedAt, UpdatedAt: rev.SubmittedAt, Goals: []PlanGoal{}}
	for i, g := range rev.Snapshot.ImprovementPlan.Goals {
		pg := PlanGoal{Position: i, QuestionID: g.QuestionID, Description: g.Description, Target: g.Target, Measure: g.Measure,
			Status: domain.ActionPlanned, Actions: []PlanAction{}}
		for j, a := range g.Actions {
			st := a.Status
			if !st.Valid() {
				st = domain.ActionPlanned
			}
			pg.Actions = append(pg.Actions, PlanAction{GoalPosition: i, Position: j, Description: a.Description, Owner: a.Owner,
				DueDate: a.DueDate, Status: st, StartedOn: a.StartDate, UpdatedAt: rev.SubmittedAt})
		}
		pg.Status = goalStatusOf(pg.Actions)
		p.Goals = append(p.Goals, pg)
	}
	return p
}

// goalStatusOf is a submitted goal's progress as its actions say.
func goalStatusOf(actions []PlanAction) domain.ActionStatus {
	if len(actions) == 0 {
		return domain.ActionPlanned
	}
	done, dropped, started := 0, 0, 0
	for _, a := range actions {
		switch a.Status {
		case domain.ActionDone:
			done++
		case domain.ActionCancelled:
			dropped++
		case domain.ActionInProgress:
			started++
		}
	}
	switch {
	case dropped == len(actions):
		return domain.ActionCancelled
	case done+dropped == len(actions):
		return domain.ActionDone
	case done+started > 0:
		return domain.ActionInProgress
	}
	return domain.ActionPlanned
}

// lastRevisions loads the last submitted revision of each given submission; one statement.
func lastRevisions(ctx context.Context, db bun.IDB, subIDs []int64) (map[int64]*Revision, error) {
	out := map[int64]*Revision{}
	if len(subIDs) == 0 {
		return out, nil
	}
	var revs []Revision
	if err := db.NewSelect().Model(&revs).DistinctOn("rev.submission_id").Where("rev.submission_id IN (?)", bun.List(subIDs)).
		OrderExpr("rev.submission_id, rev.revision DESC").Scan(ctx); err != nil {
		return nil, err
	}
	for i := range revs {
		out[revs[i].SubmissionID] = &revs[i]
	}
	return out, nil
}

// loadPlans fills the goals and actions of followed-up plans; two statements for any number.
func loadPlans(ctx context.Context, db bun.IDB, plans []*PlanFollowUp) error {
	ids := []int64{}
	byID := map[int64]*PlanFollowUp{}
	for _, p := range plans {
		if p.ID != 0 {
			ids = append(ids, p.ID)
			byID[p.ID] = p
			p.Goals = []PlanGoal{}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var goals []PlanGoal
	if err := db.NewSelect().Model(&goals).Where("pg.follow_up_id IN (?)", bun.List(ids)).OrderExpr("pg.follow_up_id, pg.position").Scan(ctx); err != nil {
		return err
	}
	var actions []PlanAction
	if err := db.NewSelect().Model(&actions).Where("pa.follow_up_id IN (?)", bun.List(ids)).
		OrderExpr("pa.follow_up_id, pa.goal_position, pa.position").Scan(ctx); err != nil {
		return err
	}
	for _, g := range goals {
		g.Actions = []PlanAction{}
		byID[g.FollowUpID].Goals = append(byID[g.FollowUpID].Goals, g)
	}
	for _, a := range actions {
		p := byID[a.FollowUpID]
		if a.GoalPosition < len(p.Goals) {
			p.Goals[a.GoalPosition].Actions = append(p.Goals[a.GoalPosition].Actions, a)
		}
	}
	return nil
}

// plansOf builds the plans of the given submitted forms: followed up where they are, else as last
// submitted. Forms never submitted have no plan. Four statements for any number of forms.
func plansOf(ctx context.Context, db bun.IDB, subs []Submission) (map[int64]*PlanFollowUp, error) {
	out := map[int64]*PlanFollowUp{}
	ids := make([]int64, 0, len(subs))
	for _, s := range subs {
		ids = append(ids, s.ID)
	}
	revs, err := lastRevisions(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	var rows []*PlanFollowUp
	if len(ids) > 0 {
		if err := db.NewSelect().Model(&rows).Where("pf.submission_id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
			return nil, err
		}
	}
	if err := loadPlans(ctx, db, rows); err != nil {
		return nil, err
	}
	followed := map[int64]*PlanFollowUp{}
	for _, r := range rows {
		followed[r.SubmissionID] = r
	}
	for i := range subs {
		rev := revs[subs[i].ID]
		if rev == nil {
			continue
		}
		if p := followed[subs[i].ID]; p != nil {
			p.SubmittedAt = rev.SubmittedAt
			out[subs[i].ID] = p
			continue
		}
		out[subs[i].ID] = fromRevision(&subs[i], rev)
	}
	return out, nil
}

// PlanFollowUp reads a service's plan of a round as followed up, for everyone who reads the
// service's submitted form; nil when the service has not submitted the form.
func (s *Store) PlanFollowUp(ctx context.Context, sc Scope, serviceID, roundID int64) (*PlanFollowUp, error) {
	if _, err := s.VisibleService(ctx, sc, serviceID); err != nil {
		return nil, err
	}
	var subs []Submission
	if err := s.DB.NewSelect().Model(&subs).Where("sub.service_id = ? AND sub.round_id = ?", serviceID, roundID).Scan(ctx); err != nil {
		return nil, err
	}
	plans, err := plansOf(ctx, s.DB, subs)
	if err != nil || len(subs) == 0 {
		return nil, err
	}
	return plans[subs[0].ID], nil
}

// PlanFollowUpsOf reads the plans of many forms (for round 2 beside round 1), scope-checked.
// PlanKey names a service's plan of a round.
type PlanKey struct{ ServiceID, RoundID int64 }

func (s *Store) PlanFollowUpsOf(ctx context.Context, sc Scope, keys []PlanKey) (map[PlanKey]*PlanFollowUp, error) {
	out := map[PlanKey]*PlanFollowUp{}
	if len(keys) == 0 {
		return out, nil
	}
	services, rounds := make([]int64, len(keys)), make([]int64, len(keys))
	for i, k := range keys {
		services[i], rounds[i] = k.ServiceID, k.RoundID
	}
	var subs []Submission
	if err := applyScope(s.DB.NewSelect().Model(&subs).Join("JOIN services AS s ON s.id = sub.service_id").
		Where("(sub.service_id, sub.round_id) IN (SELECT * FROM unnest(?::bigint[], ?::bigint[]))", pgArray(services), pgArray(rounds)), sc).
		Scan(ctx); err != nil {
		return nil, err
	}
	plans, err := plansOf(ctx, s.DB, subs)
	if err != nil {
		return nil, err
	}
	for _, sub := range subs {
		if p := plans[sub.ID]; p != nil {
			out[PlanKey{ServiceID: sub.ServiceID, RoundID: sub.RoundID}] = p
		}
	}
	return out, nil
}

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

// PlanProgress is how far a service has come with its plan since submitting (the county report's
// "how far they have come", guide § 4).
type PlanProgress struct {
	ServiceID, RoundID, SubmissionID int64
	SubmittedAt                      time.Time
	Goals, Actions                   int
	Planned, InProgress, Done        int
	Dropped, Overdue                 int
	OwnMethod                        bool
	// LastChangedAt is when the plan was last changed after submitting; nil: never touched.
	LastChangedAt   *time.Time
	MeasuresBeganOn *domain.Date
}

// Started counts the actions that have begun (in progress or done).
func (p *PlanProgress) Started() int { return p.InProgress + p.Done }

// ProgressOf counts a plan's progress on the given day.
func ProgressOf(p *PlanFollowUp, today domain.Date) PlanProgress {
	out := PlanProgress{ServiceID: p.ServiceID, RoundID: p.RoundID, SubmissionID: p.SubmissionID, SubmittedAt: p.SubmittedAt,
		Goals: len(p.Goals), OwnMethod: p.OwnMethod, LastChangedAt: p.LastChangedAt()}
	out.MeasuresBeganOn, _ = p.MeasuresBegan()
	for _, g := range p.Goals {
		for _, a := range g.Actions {
			out.Actions++
			switch a.Status {
			case domain.ActionPlanned:
				out.Planned++
			case domain.ActionInProgress:
				out.InProgress++
			case domain.ActionDone:
				out.Done++
			case domain.ActionCancelled:
				out.Dropped++
			}
			if a.Overdue(today) {
				out.Overdue++
			}
		}
	}
	return out
}

// PlanProgressOf lists the plan progress of every service the scope reaches that has submitted its
// form of the round, for one office or (officeID 0) all, by service name. Five statements.
func (s *Store) PlanProgressOf(ctx context.Context, sc Scope, roundID, officeID int64) ([]PlanProgress, error) {
	if err := roundExists(ctx, s.DB, roundID); err != nil {
		return nil, err
	}
	var subs []Submission
	q := applyScope(s.DB.NewSelect().Model(&subs).Join("JOIN services AS s ON s.id = sub.service_id").
		Where("sub.round_id = ?", roundID).
		Where("EXISTS (SELECT 1 FROM submission_revisions AS rev WHERE rev.submission_id = sub.id)"), sc).OrderExpr("s.name, s.id")
	if officeID != 0 {
		q = q.Where("s.office_id = ?", officeID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	plans, err := plansOf(ctx, s.DB, subs)
	if err != nil {
		return nil, err
	}
	today := domain.DateOf(time.Now())
	out := make([]PlanProgress, 0, len(subs))
	for _, sub := range subs {
		if p := plans[sub.ID]; p != nil {
			out = append(out, ProgressOf(p, today))
		}
	}
	return out, nil
}

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
			body := fmt.Sprintf("Tiltaket «%s» i forbedringsplanen til %s skulle vært gjennomført %s og er ikke merket som gjennomført.\n\n"+
				"Oppdater status, datoer og notat under Forbedringsplan i Egenkontroll. Påminnelsene kan slås av samme sted.",
				a.Description, a.ServiceName, a.DueDate.Time().Format("02.01.2006"))
			if _, err := tx.NewInsert().Model(&Outbox{PlanReminderID: &id, ServiceID: a.ServiceID, Status: MailPending,
				Subject: "Påminnelse: tiltak i forbedringsplanen har passert fristen", Body: body}).Exec(ctx); err != nil {
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

// Untouched reports whether the plan has not been changed since the form was submitted.
func (p *PlanProgress) Untouched() bool { return p.LastChangedAt == nil }
