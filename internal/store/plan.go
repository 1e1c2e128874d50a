package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// The improvement plan lives between the rounds (guide § 3). After submitting, the service follows
// its plan up without re-opening the form: status, dates and notes per action, new actions and
// goals, goals adjusted with a reason, or its own method (guide § 1.3). The follow-up starts as a
// copy of the plan in the form's last submitted revision, made at the first change; until then it
// is read from that revision. Goals and actions are named by position and never removed (an
// action is dropped with the status CANCELLED). Nothing here touches the submitted revisions or
// the statistics. The service's leader changes it; everyone who reads the submitted form reads it.

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

// measuresNotDerivedHere is the source of a plan whose measures' start is not known here.
const measuresNotDerivedHere domain.MeasuresStartSource = ""

// MeasuresBegan is when the plan's measures began: the date the service set, or the earliest start
// of an action that was not dropped; nil with "" when neither is known.
func (p *PlanFollowUp) MeasuresBegan() (*domain.Date, domain.MeasuresStartSource) {
	if p.MeasuresBeganOn != nil {
		d := *p.MeasuresBeganOn
		return &d, domain.MeasuresStartSetByService
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
		return earliest, domain.MeasuresStartFollowUpAction
	}
	return earliest, domain.MeasuresStartAction
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
func (s *Store) PlanFollowUp(ctx context.Context, scope Scope, serviceID, roundID int64) (*PlanFollowUp, error) {
	if _, err := s.VisibleService(ctx, scope, serviceID); err != nil {
		return nil, err
	}
	var subs []Submission
	if err := s.db.NewSelect().Model(&subs).Where("sub.service_id = ? AND sub.round_id = ?", serviceID, roundID).Scan(ctx); err != nil {
		return nil, err
	}
	plans, err := plansOf(ctx, s.db, subs)
	if err != nil || len(subs) == 0 {
		return nil, err
	}
	return plans[subs[0].ID], nil
}

// PlanKey names a service's plan of a round.
type PlanKey struct{ ServiceID, RoundID int64 }

// PlanFollowUpsOf reads the plans of many forms (for round 2 beside round 1), scope-checked.
func (s *Store) PlanFollowUpsOf(ctx context.Context, scope Scope, keys []PlanKey) (map[PlanKey]*PlanFollowUp, error) {
	out := map[PlanKey]*PlanFollowUp{}
	if len(keys) == 0 {
		return out, nil
	}
	services, rounds := make([]int64, len(keys)), make([]int64, len(keys))
	for i, k := range keys {
		services[i], rounds[i] = k.ServiceID, k.RoundID
	}
	var subs []Submission
	if err := applyScope(s.db.NewSelect().Model(&subs).Join("JOIN services AS s ON s.id = sub.service_id").
		Where("(sub.service_id, sub.round_id) IN (SELECT * FROM unnest(?::bigint[], ?::bigint[]))", pgArray(services), pgArray(rounds)), scope).
		Scan(ctx); err != nil {
		return nil, err
	}
	plans, err := plansOf(ctx, s.db, subs)
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
