package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// The service's workflow. Every change runs in one transaction that first locks the submission
// row of its (service, round): edits, submit and re-open of one form are serialised, so a submit
// never sees half of a colleague's save, and nothing is half-written when a request fails.

// inTx runs fn in a transaction.
func (s *Store) inTx(ctx context.Context, fn func(tx bun.Tx) error) error {
	return s.DB.RunInTx(ctx, &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error { return fn(tx) })
}

// lockedForm is a locked submission with what the rules need about its round.
type lockedForm struct {
	sub      Submission
	round    Round
	quest    Questionnaire
	officeID int64
}

// lockForm checks that the caller may do act on the service's form, then locks the submission of
// (service, round), creating it in NOT_STARTED when missing.
func lockForm(ctx context.Context, tx bun.Tx, serviceID, roundID int64, act auth.Action) (*lockedForm, error) {
	f := &lockedForm{}
	var svc Service
	if err := tx.NewSelect().Model(&svc).Where("s.id = ?", serviceID).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounService, serviceID)
	}
	if err := auth.From(ctx).Can(act, auth.Target{ServiceID: svc.ID, OfficeID: svc.OfficeID}); err != nil {
		return nil, err
	}
	f.officeID = svc.OfficeID
	if err := tx.NewSelect().Model(&f.round).Where("r.id = ?", roundID).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounRound, roundID)
	}
	if _, err := tx.NewInsert().Model(&Submission{ServiceID: serviceID, RoundID: roundID, Status: domain.StatusNotStarted,
		Reflections: []ReflectionAnswer{}, Feedback: []ReflectionAnswer{}, ImprovementPlan: Plan{Goals: []Goal{}}, Version: 1}).
		On("CONFLICT (service_id, round_id) DO NOTHING").Exec(ctx); err != nil {
		return nil, fmt.Errorf("create submission: %w", err)
	}
	if err := tx.NewSelect().Model(&f.sub).Where("sub.service_id = ? AND sub.round_id = ?", serviceID, roundID).
		For("NO KEY UPDATE").Scan(ctx); err != nil {
		return nil, fmt.Errorf("lock submission: %w", err)
	}
	if err := tx.NewSelect().Model(&f.quest).Where("qn.id = ?", f.round.QuestionnaireID).Scan(ctx); err != nil {
		return nil, fmt.Errorf("load questionnaire: %w", err)
	}
	return f, nil
}

// lockFormByID locks an existing submission.
func lockFormByID(ctx context.Context, tx bun.Tx, submissionID int64, act auth.Action) (*lockedForm, error) {
	var sub Submission
	if err := tx.NewSelect().Model(&sub).Where("sub.id = ?", submissionID).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounSubmission, submissionID)
	}
	f, err := lockForm(ctx, tx, sub.ServiceID, sub.RoundID, act)
	if domain.IsCode(err, domain.CodeNotFound) {
		return nil, domain.ErrNotFound(domain.NounSubmission, submissionID)
	}
	return f, err
}

// apply moves the form through the lifecycle and publishes the change, in the transaction.
func (f *lockedForm) apply(ctx context.Context, tx bun.Tx, ev domain.Event, now time.Time) error {
	to, err := domain.Transition(f.sub.Status, ev)
	if err != nil {
		return err
	}
	from := f.sub.Status
	f.sub.Status = to
	f.sub.UpdatedAt = now
	cols := []string{"status", "updated_at"}
	if from == domain.StatusNotStarted {
		f.sub.StartedAt = now
		cols = append(cols, "started_at")
	}
	switch ev {
	case domain.EventSubmit:
		f.sub.SubmittedAt = &now
		cols = append(cols, "submitted_at")
	case domain.EventReturn:
		f.sub.ReturnedAt = &now
		cols = append(cols, "returned_at")
	}
	if from != to {
		f.sub.Version++
		cols = append(cols, "version")
	}
	if _, err := tx.NewUpdate().Model(&f.sub).Column(cols...).WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("update submission %d: %w", f.sub.ID, err)
	}
	if from == to {
		return nil
	}
	if err := f.audit(ctx, tx, "submission.status", "submission", f.sub.ID, map[string]any{"status": from}, map[string]any{"status": to}); err != nil {
		return err
	}
	return recordStatus(ctx, tx, StatusEvent{SubmissionID: f.sub.ID, ServiceID: f.sub.ServiceID, RoundID: f.sub.RoundID,
		OfficeID: f.officeID, Previous: from, Status: to, At: now})
}

// audit records a change to an object of this form, in its transaction.
func (f *lockedForm) audit(ctx context.Context, tx bun.Tx, action, objectType string, id int64, old, new any) error {
	return audit(ctx, tx, Change{Action: action, ObjectType: objectType, ObjectID: id, ServiceID: f.sub.ServiceID,
		OfficeID: f.officeID, Old: old, New: new})
}

// caseNotFound reports a case outside the caller's reach as a missing case.
func caseNotFound(err error, caseID int64) error {
	if domain.IsCode(err, domain.CodeNotFound) {
		return domain.ErrNotFound(domain.NounCase, caseID)
	}
	return err
}

func checkVersion(expected *int, current int, noun domain.Noun) error {
	if expected != nil && *expected != current {
		return domain.ErrVersionConflict(noun, current)
	}
	return nil
}

func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// CaseFields are a case's own fields. In an update, Set says which fields the caller gave.
type CaseFields struct {
	StartedMonth        *domain.YearMonth
	ClosedMonth         *domain.YearMonth
	Outcome             *domain.Outcome
	DaysToFirstActivity *int
	Set                 map[string]bool // by GraphQL field name; nil means all fields are given
}

func (cf CaseFields) has(name string) bool { return cf.Set == nil || cf.Set[name] }

func (cf CaseFields) check(q Questionnaire) error {
	if cf.has("outcome") && cf.Outcome != nil && !cf.Outcome.Valid() {
		return domain.ErrBadInput("outcome", "Ukjent utfall.", "Ukjent utfall.", "Unknown outcome.")
	}
	if cf.has("startedMonth") && cf.has("closedMonth") && cf.StartedMonth != nil && cf.ClosedMonth != nil &&
		cf.ClosedMonth.Before(cf.StartedMonth.Date) {
		return domain.ErrBadInput("closedMonth", "Avslutningsmåned kan ikke være før startmåned.",
			"Avslutningsmånad kan ikkje vere før startmånad.", "The closing month cannot be before the start month.")
	}
	if cf.has("daysToFirstActivity") {
		return domain.CheckDays(cf.DaysToFirstActivity, q.CollectsDaysToFirstActivity)
	}
	return nil
}

// CreateCase adds an anonymous case with the next number of the service's round.
func (s *Store) CreateCase(ctx context.Context, serviceID, roundID int64, fields CaseFields) (*Case, error) {
	var c Case
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockForm(ctx, tx, serviceID, roundID, auth.ActEditForm)
		if err != nil {
			return err
		}
		if f.sub.EntryMode == EntryTotals {
			return errTotalsEntered()
		}
		if err := fields.check(f.quest); err != nil {
			return err
		}
		t := now()
		if err := f.apply(ctx, tx, domain.EventEdit, t); err != nil {
			return err
		}
		f.sub.LastCaseNumber++
		if _, err := tx.NewUpdate().Model(&f.sub).Column("last_case_number").WherePK().Exec(ctx); err != nil {
			return err
		}
		c = Case{SubmissionID: f.sub.ID, ServiceID: serviceID, RoundID: roundID, Number: f.sub.LastCaseNumber,
			StartedMonth: fields.StartedMonth, ClosedMonth: fields.ClosedMonth, Outcome: fields.Outcome,
			DaysToFirstActivity: fields.DaysToFirstActivity, Version: 1, CreatedAt: t, UpdatedAt: t}
		if _, err := tx.NewInsert().Model(&c).Exec(ctx); err != nil {
			return err
		}
		return f.audit(ctx, tx, "case.create", "case", c.ID, nil, c)
	})
	if err != nil {
		return nil, fmt.Errorf("create case for service %d in round %d: %w", serviceID, roundID, err)
	}
	return &c, nil
}

// UpdateCase changes the fields given in fields.Set.
func (s *Store) UpdateCase(ctx context.Context, caseID int64, expectedVersion *int, fields CaseFields) (*Case, error) {
	var c Case
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := tx.NewSelect().Model(&c).Where("c.id = ?", caseID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounCase, caseID)
		}
		f, err := lockForm(ctx, tx, c.ServiceID, c.RoundID, auth.ActEditForm)
		if err != nil {
			return caseNotFound(err, caseID)
		}
		if err := tx.NewSelect().Model(&c).Where("c.id = ?", caseID).For("UPDATE").Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounCase, caseID) // deleted while we waited for the lock
		}
		if err := checkVersion(expectedVersion, c.Version, domain.NounCase); err != nil {
			return err
		}
		// Fields not given keep their stored value in the combined check.
		merged := CaseFields{StartedMonth: c.StartedMonth, ClosedMonth: c.ClosedMonth, Outcome: c.Outcome, DaysToFirstActivity: c.DaysToFirstActivity}
		cols := []string{"version", "updated_at"}
		for name, col := range map[string]string{"startedMonth": "started_month", "closedMonth": "closed_month", "outcome": "outcome", "daysToFirstActivity": "days_to_first_activity"} {
			if fields.has(name) {
				cols = append(cols, col)
			}
		}
		if fields.has("startedMonth") {
			merged.StartedMonth = fields.StartedMonth
		}
		if fields.has("closedMonth") {
			merged.ClosedMonth = fields.ClosedMonth
		}
		if fields.has("outcome") {
			merged.Outcome = fields.Outcome
		}
		if fields.has("daysToFirstActivity") {
			merged.DaysToFirstActivity = fields.DaysToFirstActivity
		}
		if err := (CaseFields{StartedMonth: merged.StartedMonth, ClosedMonth: merged.ClosedMonth, Outcome: merged.Outcome,
			DaysToFirstActivity: fields.DaysToFirstActivity, Set: map[string]bool{"startedMonth": true, "closedMonth": true,
				"outcome": true, "daysToFirstActivity": fields.has("daysToFirstActivity")}}).check(f.quest); err != nil {
			return err
		}
		t := now()
		if err := f.apply(ctx, tx, domain.EventEdit, t); err != nil {
			return err
		}
		old := c
		c.StartedMonth, c.ClosedMonth, c.Outcome, c.DaysToFirstActivity = merged.StartedMonth, merged.ClosedMonth, merged.Outcome, merged.DaysToFirstActivity
		c.Version++
		c.UpdatedAt = t
		if _, err := tx.NewUpdate().Model(&c).Column(cols...).WherePK().Exec(ctx); err != nil {
			return err
		}
		return f.audit(ctx, tx, "case.update", "case", c.ID, old, c)
	})
	if err != nil {
		return nil, fmt.Errorf("update case %d: %w", caseID, err)
	}
	return &c, nil
}

// DeleteCase deletes a case and its answers, and returns the submission it belonged to.
func (s *Store) DeleteCase(ctx context.Context, caseID int64) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var c Case
		if err := tx.NewSelect().Model(&c).Where("c.id = ?", caseID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounCase, caseID)
		}
		f, err := lockForm(ctx, tx, c.ServiceID, c.RoundID, auth.ActEditForm)
		if err != nil {
			return caseNotFound(err, c.ID)
		}
		if err := f.apply(ctx, tx, domain.EventEdit, now()); err != nil {
			return err
		}
		res, err := tx.NewDelete().Model((*Case)(nil)).Where("id = ?", caseID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.ErrNotFound(domain.NounCase, caseID)
		}
		sub = f.sub
		return f.audit(ctx, tx, "case.delete", "case", caseID, c, nil)
	})
	if err != nil {
		return nil, fmt.Errorf("delete case %d: %w", caseID, err)
	}
	return &sub, nil
}

// DraftInput is the service's own part of the summary form. Nil fields are unchanged.
type DraftInput struct {
	ServiceID       int64
	RoundID         int64
	ExpectedVersion *int
	Assessment      *string
	Reflections     []ReflectionAnswer // nil: unchanged
	// Feedback are the answers to the questions on the supervision itself (nil: unchanged).
	Feedback []ReflectionAnswer
	// WayForward sets the decision on the way forward (nil: unchanged); a nil Decision clears it.
	WayForward *WayForwardInput
	// GoalResults judge goals of the previous round's plan (nil: unchanged); a judgement with an
	// empty Result clears that goal's.
	GoalResults []GoalJudgement
	Plan        *Plan
	// QuestionComments replace the comments on the questions they name; an empty comment removes
	// one. Nil: unchanged.
	QuestionComments []QuestionComment
}

// SaveDraft saves assessment, reflections and improvement plan.
func (s *Store) SaveDraft(ctx context.Context, in DraftInput) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockForm(ctx, tx, in.ServiceID, in.RoundID, auth.ActEditDraft)
		if err != nil {
			return err
		}
		expectedCurrent := f.sub.Version
		if f.sub.Status == domain.StatusNotStarted && in.ExpectedVersion != nil && *in.ExpectedVersion == 0 {
			expectedCurrent = 0 // the caller saw no form; the row was created just now by lockForm
		}
		if err := checkVersion(in.ExpectedVersion, expectedCurrent, domain.NounSubmission); err != nil {
			return err
		}
		cols := []string{"version"}
		type draft struct {
			Assessment       string              `json:"assessment"`
			QuestionComments []QuestionComment   `json:"questionComments"`
			Reflections      []ReflectionAnswer  `json:"reflections"`
			Feedback         []ReflectionAnswer  `json:"feedback"`
			WayForward       *WayForwardDecision `json:"wayForward"`
			GoalResults      []GoalJudgement     `json:"goalResults"`
			ImprovementPlan  Plan                `json:"improvementPlan"`
		}
		old := draft{f.sub.Assessment, f.sub.QuestionComments, f.sub.Reflections, f.sub.Feedback, f.sub.Decision(), f.sub.GoalResults, f.sub.ImprovementPlan}
		ts := domain.NewTextScreen(ctx)
		ts.Stored("assessment", f.sub.Assessment)
		if in.Assessment != nil {
			if err := ts.Check("assessment", *in.Assessment, domain.MaxAssessmentLen); err != nil {
				return err
			}
			f.sub.Assessment = strings.TrimSpace(*in.Assessment)
			cols = append(cols, "assessment")
		}
		if in.QuestionComments != nil {
			merged, err := mergeQuestionComments(ctx, tx, f, in.QuestionComments, ts)
			if err != nil {
				return err
			}
			f.sub.QuestionComments = merged
			cols = append(cols, "question_comments")
		}
		if in.Reflections != nil {
			merged, err := mergeReflections(ctx, tx, f, ReflectionKindReflection, f.sub.Reflections, in.Reflections, ts)
			if err != nil {
				return err
			}
			f.sub.Reflections = merged
			cols = append(cols, "reflections")
		}
		if in.Feedback != nil {
			merged, err := mergeReflections(ctx, tx, f, ReflectionKindFeedback, f.sub.Feedback, in.Feedback, ts)
			if err != nil {
				return err
			}
			f.sub.Feedback = merged
			cols = append(cols, "feedback")
		}
		if in.WayForward != nil {
			d, err := checkWayForward(f, in.WayForward, ts)
			if err != nil {
				return err
			}
			f.sub.setDecision(d)
			cols = append(cols, "way_forward", "way_forward_comment")
		}
		if in.GoalResults != nil {
			judged, err := checkGoalJudgements(ctx, tx, f, in.GoalResults)
			if err != nil {
				return err
			}
			f.sub.GoalResults = judged
			cols = append(cols, "goal_results")
		}
		if in.Plan != nil {
			if err := checkPlan(ctx, tx, f, in.Plan, ts); err != nil {
				return err
			}
			f.sub.ImprovementPlan = *in.Plan
			cols = append(cols, "improvement_plan")
		}
		if err := ts.Err(); err != nil {
			return err
		}
		wasStatus := f.sub.Status
		if err := f.apply(ctx, tx, domain.EventEdit, now()); err != nil {
			return err
		}
		if f.sub.Status == wasStatus {
			f.sub.Version++ // apply bumps the version only when the status changes
		}
		if _, err := tx.NewUpdate().Model(&f.sub).Column(cols...).WherePK().Exec(ctx); err != nil {
			return err
		}
		sub = f.sub
		return f.audit(ctx, tx, "submission.draft", "submission", f.sub.ID, old, draft{f.sub.Assessment, f.sub.QuestionComments, f.sub.Reflections, f.sub.Feedback, f.sub.Decision(), f.sub.GoalResults, f.sub.ImprovementPlan})
	})
	if err != nil {
		return nil, fmt.Errorf("save draft for service %d in round %d: %w", in.ServiceID, in.RoundID, err)
	}
	return &sub, nil
}

// mergeQuestionComments checks the given comments (each on a question of the round's questionnaire,
// screened like all free text) and merges them into the stored ones, in questionnaire order.
func mergeQuestionComments(ctx context.Context, tx bun.Tx, f *lockedForm, given []QuestionComment, ts *domain.TextScreen) ([]QuestionComment, error) {
	var qs []Question
	if err := tx.NewSelect().Model(&qs).Where("q.questionnaire_id = ?", f.quest.ID).OrderExpr("q.position").Scan(ctx); err != nil {
		return nil, err
	}
	byQuestion := map[int64]string{}
	for _, c := range f.sub.QuestionComments {
		byQuestion[c.QuestionID] = c.Comment
	}
	known := map[int64]bool{}
	for _, q := range qs {
		known[q.ID] = true
	}
	for i, c := range given {
		field := fmt.Sprintf("questionComments[%d].comment", i)
		ts.Stored(field, byQuestion[c.QuestionID])
		if !known[c.QuestionID] {
			return nil, domain.ErrBadInput(fmt.Sprintf("questionComments[%d].questionId", i),
				"Spørsmålet hører ikke til skjemaet i denne runden.", "Spørsmålet høyrer ikkje til skjemaet i denne runden.",
				"The question is not part of this round's form.")
		}
		if err := ts.Check(field, c.Comment, domain.MaxCommentLen); err != nil {
			return nil, err
		}
		byQuestion[c.QuestionID] = strings.TrimSpace(c.Comment)
	}
	out := []QuestionComment{}
	for _, q := range qs {
		if text := byQuestion[q.ID]; text != "" {
			out = append(out, QuestionComment{QuestionID: q.ID, Comment: text})
		}
	}
	return out, nil
}

// mergeReflections checks answers to the round's reflection questions of one kind (each screened
// like all free text) and merges them into the stored ones, in questionnaire order. The input
// field is `reflections` for REFLECTION questions and `feedback` for FEEDBACK questions.
func mergeReflections(ctx context.Context, tx bun.Tx, f *lockedForm, kind string, stored, given []ReflectionAnswer, ts *domain.TextScreen) ([]ReflectionAnswer, error) {
	var qs []ReflectionQuestion
	if err := tx.NewSelect().Model(&qs).Where("rq.questionnaire_id = ? AND rq.kind = ?", f.quest.ID, kind).OrderExpr("rq.position").Scan(ctx); err != nil {
		return nil, err
	}
	input := "reflections"
	if kind == ReflectionKindFeedback {
		input = "feedback"
	}
	answers := map[int64]string{}
	for _, r := range stored {
		answers[r.QuestionID] = r.Answer
	}
	for i, r := range given {
		ts.Stored(fmt.Sprintf("%s[%d].answer", input, i), answers[r.QuestionID])
	}
	known := map[int64]bool{}
	for _, q := range qs {
		known[q.ID] = true
	}
	for i, r := range given {
		field := fmt.Sprintf("%s[%d]", input, i)
		if !known[r.QuestionID] {
			return nil, domain.ErrBadInput(field+".questionId", "Spørsmålet hører ikke til denne delen av samleskjemaet i denne runden.",
				"Spørsmålet høyrer ikkje til denne delen av samleskjemaet i denne runden.", "The question is not part of this part of the summary form in this round.")
		}
		if err := ts.Check(field+".answer", r.Answer, domain.MaxAssessmentLen); err != nil {
			return nil, err
		}
		answers[r.QuestionID] = strings.TrimSpace(r.Answer)
	}
	out := []ReflectionAnswer{}
	for _, q := range qs {
		if a := answers[q.ID]; a != "" {
			out = append(out, ReflectionAnswer{QuestionID: q.ID, Answer: a})
		}
	}
	return out, nil
}

func checkPlan(ctx context.Context, tx bun.Tx, f *lockedForm, p *Plan, ts *domain.TextScreen) error {
	if len(p.Goals) > domain.MaxGoals {
		return domain.ErrBadInput("improvementPlan.goals", fmt.Sprintf("Høyst %d mål.", domain.MaxGoals),
			fmt.Sprintf("Høgst %d mål.", domain.MaxGoals), fmt.Sprintf("At most %d goals.", domain.MaxGoals))
	}
	var ids []int64
	if err := tx.NewSelect().TableExpr("questions").Column("id").Where("questionnaire_id = ?", f.quest.ID).Scan(ctx, &ids); err != nil {
		return err
	}
	known := map[int64]bool{}
	for _, id := range ids {
		known[id] = true
	}
	storedPlan(ts, f.sub.ImprovementPlan)
	for i := range p.Goals {
		g := &p.Goals[i]
		field := fmt.Sprintf("improvementPlan.goals[%d]", i)
		if g.QuestionID != nil && !known[*g.QuestionID] {
			return domain.ErrBadInput(field+".questionId", "Spørsmålet hører ikke til denne runden.",
				"Spørsmålet høyrer ikkje til denne runden.", "The question is not part of this round.")
		}
		g.Description, g.Target, g.Measure = strings.TrimSpace(g.Description), strings.TrimSpace(g.Target), strings.TrimSpace(g.Measure)
		if g.Description == "" {
			return domain.ErrBadInput(field+".description", "Beskriv målet.", "Beskriv målet.", "Describe the goal.")
		}
		for _, t := range []struct{ name, text string }{{"description", g.Description}, {"target", g.Target}, {"measure", g.Measure}} {
			if err := ts.Check(field+"."+t.name, t.text, domain.MaxShortTextLen); err != nil {
				return err
			}
		}
		if len(g.Actions) > domain.MaxActionsPerGoal {
			return domain.ErrBadInput(field+".actions", fmt.Sprintf("Høyst %d tiltak per mål.", domain.MaxActionsPerGoal),
				fmt.Sprintf("Høgst %d tiltak per mål.", domain.MaxActionsPerGoal), fmt.Sprintf("At most %d actions per goal.", domain.MaxActionsPerGoal))
		}
		if g.Actions == nil {
			g.Actions = []Action{}
		}
		for j := range g.Actions {
			a := &g.Actions[j]
			afield := fmt.Sprintf("%s.actions[%d]", field, j)
			a.Description, a.Owner = strings.TrimSpace(a.Description), strings.TrimSpace(a.Owner)
			if a.Description == "" {
				return domain.ErrBadInput(afield+".description", "Beskriv tiltaket.", "Beskriv tiltaket.", "Describe the action.")
			}
			if a.Status == "" {
				a.Status = domain.ActionPlanned
			}
			if !a.Status.Valid() {
				return domain.ErrBadInput(afield+".status", "Ukjent status.", "Ukjend status.", "Unknown status.")
			}
			for _, t := range []struct{ name, text string }{{"description", a.Description}, {"owner", a.Owner}} {
				if err := ts.Check(afield+"."+t.name, t.text, domain.MaxShortTextLen); err != nil {
					return err
				}
			}
		}
	}
	if p.Goals == nil {
		p.Goals = []Goal{}
	}
	return nil
}

// storedPlan tells ts what each plan field held before, by position.
func storedPlan(ts *domain.TextScreen, p Plan) {
	for i, g := range p.Goals {
		field := fmt.Sprintf("improvementPlan.goals[%d]", i)
		ts.Stored(field+".description", g.Description)
		ts.Stored(field+".target", g.Target)
		ts.Stored(field+".measure", g.Measure)
		for j, a := range g.Actions {
			afield := fmt.Sprintf("%s.actions[%d]", field, j)
			ts.Stored(afield+".description", a.Description)
			ts.Stored(afield+".owner", a.Owner)
		}
	}
}

// Submit sends the form to the county governor: it refuses while required answers are missing,
// flags a late submission, and stores the whole form as a new revision.
func (s *Store) Submit(ctx context.Context, submissionID int64, expectedVersion *int) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockFormByID(ctx, tx, submissionID, auth.ActSubmitForm)
		if err != nil {
			return err
		}
		if err := checkVersion(expectedVersion, f.sub.Version, domain.NounSubmission); err != nil {
			return err
		}
		if _, err := domain.Transition(f.sub.Status, domain.EventSubmit); err != nil {
			return err
		}
		if f.sub.EntryMode == EntryTotals {
			questions, err := questionsOf(ctx, tx, f.quest.ID)
			if err != nil {
				return err
			}
			if problems := CheckTotals(questions, f.quest.CollectsDaysToFirstActivity, *f.sub.Totals, true, nil); len(problems) > 0 {
				e := domain.ErrProblems(problems)
				e.Code = domain.CodeRequiredMissing
				return e
			}
			if missing := domain.MissingInForm(f.sub.Assessment); len(missing) > 0 {
				return domain.ErrRequiredMissing(missing)
			}
		} else {
			missing, err := missingParts(ctx, tx, f)
			if err != nil {
				return err
			}
			if len(missing) > 0 {
				return domain.ErrRequiredMissing(missing)
			}
		}
		t := now()
		deadline, err := effectiveDeadline(ctx, tx, f.sub.ServiceID, f.round)
		if err != nil {
			return err
		}
		f.sub.Late = domain.IsLate(t, deadline)
		f.sub.Revision++
		if err := f.apply(ctx, tx, domain.EventSubmit, t); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(&f.sub).Column("late", "revision").WherePK().Exec(ctx); err != nil {
			return err
		}
		rev, err := StoreRevision(ctx, tx, &f.sub, t)
		if err != nil {
			return err
		}
		sub = f.sub
		return f.audit(ctx, tx, "submission.submit", "submission", f.sub.ID, nil,
			map[string]any{"revision": rev.Revision, "late": rev.Late, "caseCount": rev.Snapshot.Summary.CaseCount})
	})
	if err != nil {
		return nil, fmt.Errorf("submit submission %d: %w", submissionID, err)
	}
	return &sub, nil
}

// Transition applies a status event that changes nothing else (the leader's re-open).
func (s *Store) Transition(ctx context.Context, submissionID int64, expectedVersion *int, ev domain.Event) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if ev != domain.EventReopen {
			return fmt.Errorf("%s is not a transition of its own", ev)
		}
		f, err := lockFormByID(ctx, tx, submissionID, auth.ActSubmitForm)
		if err != nil {
			return err
		}
		if err := checkVersion(expectedVersion, f.sub.Version, domain.NounSubmission); err != nil {
			return err
		}
		if err := f.apply(ctx, tx, ev, now()); err != nil {
			return err
		}
		sub = f.sub
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s submission %d: %w", strings.ToLower(string(ev)), submissionID, err)
	}
	return s.asSeen(ctx, &sub)
}

// MarkReviewed sets (reviewed true) or clears the county office's mark that it has gone through
// the last submitted revision of a form ("gjennomgått"). The mark is not an approval: it locks
// nothing, changes neither status nor version (so the service's open screens stay valid), and the
// service keeps every right to change and resubmit (the guide, § 1.2). Only the office's advisors
// set it, on a form submitted at least once. Setting it again moves it to the latest revision.
func (s *Store) MarkReviewed(ctx context.Context, submissionID int64, reviewed bool) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockFormByID(ctx, tx, submissionID, auth.ActFollowUp)
		if err != nil {
			return err
		}
		type mark struct {
			At       *time.Time `json:"at"`
			By       *string    `json:"by"`
			Revision *int       `json:"revision"`
		}
		old := mark{f.sub.ReviewedAt, f.sub.ReviewedByName, f.sub.ReviewedRevision}
		if reviewed {
			if f.sub.Revision == 0 {
				return domain.ErrBadInput("reviewed", "Skjemaet er ikke sendt inn ennå, så det er ingenting å gå gjennom.",
					"Skjemaet er ikkje sendt inn enno, så det er ingenting å gå gjennom.",
					"The form has not been submitted yet, so there is nothing to go through.")
			}
			c := auth.From(ctx)
			name := c.Name
			t, rev := now(), f.sub.Revision
			f.sub.ReviewedAt, f.sub.ReviewedBy, f.sub.ReviewedByName, f.sub.ReviewedRevision = &t, nz(c.UserID), &name, &rev
		} else {
			f.sub.ReviewedAt, f.sub.ReviewedBy, f.sub.ReviewedByName, f.sub.ReviewedRevision = nil, nil, nil, nil
		}
		if _, err := tx.NewUpdate().Model(&f.sub).Column("reviewed_at", "reviewed_by", "reviewed_by_name", "reviewed_revision").
			WherePK().Exec(ctx); err != nil {
			return err
		}
		sub = f.sub
		action := "submission.reviewed"
		if !reviewed {
			action = "submission.review_cleared"
		}
		return f.audit(ctx, tx, action, "submission", f.sub.ID, old, mark{f.sub.ReviewedAt, f.sub.ReviewedByName, f.sub.ReviewedRevision})
	})
	if err != nil {
		return nil, fmt.Errorf("mark submission %d as reviewed: %w", submissionID, err)
	}
	return s.asSeen(ctx, &sub)
}

// StoreRevision stores the form as it is now as its revision number sub.Revision, sent at t (used by
// submit and the seeders). The database derives the revision's figures from the snapshot in the
// same statement (migration 0009); from then on the statistics count this revision until a newer
// one is stored.
func StoreRevision(ctx context.Context, db bun.IDB, sub *Submission, t time.Time) (*Revision, error) {
	snap, err := snapshot(ctx, db, sub)
	if err != nil {
		return nil, err
	}
	rev := Revision{SubmissionID: sub.ID, Revision: sub.Revision, SubmittedAt: t, Late: sub.Late, Snapshot: *snap}
	if _, err := db.NewInsert().Model(&rev).Exec(ctx); err != nil {
		return nil, fmt.Errorf("store revision: %w", err)
	}
	return &rev, nil
}

// SnapshotOf builds the revision snapshot of a submission as it is now (used by submit and the seeder).
func SnapshotOf(ctx context.Context, tx bun.IDB, sub *Submission) (*Snapshot, error) {
	return snapshot(ctx, tx, sub)
}

func snapshot(ctx context.Context, tx bun.IDB, sub *Submission) (*Snapshot, error) {
	sums, err := summaries(ctx, tx, []int64{sub.ID})
	if err != nil {
		return nil, err
	}
	var cases []Case
	if err := tx.NewSelect().Model(&cases).Where("c.submission_id = ?", sub.ID).OrderExpr("c.number").Scan(ctx); err != nil {
		return nil, err
	}
	var answers []Answer
	if err := tx.NewSelect().Model(&answers).Join("JOIN cases AS c ON c.id = a.case_id").
		Where("c.submission_id = ?", sub.ID).OrderExpr("a.case_id, a.question_id").Scan(ctx); err != nil {
		return nil, err
	}
	byCase := map[int64][]SnapshotAnswer{}
	for _, a := range answers {
		byCase[a.CaseID] = append(byCase[a.CaseID], SnapshotAnswer{QuestionID: a.QuestionID, Option: a.Option, Comment: a.Comment})
	}
	snap := &Snapshot{Assessment: sub.Assessment, QuestionComments: sub.QuestionComments, Reflections: sub.Reflections, Feedback: sub.Feedback, WayForward: sub.Decision(), GoalResults: sub.GoalResults, ImprovementPlan: sub.ImprovementPlan,
		Summary: *sums[sub.ID], Cases: []SnapshotCase{}}
	if sub.EntryMode == EntryTotals && sub.Totals != nil {
		snap.EntryMode, snap.TotalsCases = EntryTotals, sub.Totals.positions()
	}
	for _, c := range cases {
		snap.Cases = append(snap.Cases, SnapshotCase{Number: c.Number, StartedMonth: c.StartedMonth, ClosedMonth: c.ClosedMonth,
			Outcome: c.Outcome, DaysToFirstActivity: c.DaysToFirstActivity, Answers: append([]SnapshotAnswer{}, byCase[c.ID]...)})
	}
	return snap, nil
}

// SnapshotsOf builds the revision snapshots of many submissions as they are now, in five
// statements (used to give synthetic data its submitted revisions).
func SnapshotsOf(ctx context.Context, db bun.IDB, subs []Submission) (map[int64]*Snapshot, error) {
	ids := make([]int64, len(subs))
	for i := range subs {
		ids[i] = subs[i].ID
	}
	out := make(map[int64]*Snapshot, len(subs))
	if len(ids) == 0 {
		return out, nil
	}
	sums, err := summaries(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	var cases []Case
	if err := db.NewSelect().Model(&cases).Where("c.submission_id IN (?)", bun.List(ids)).OrderExpr("c.submission_id, c.number").Scan(ctx); err != nil {
		return nil, err
	}
	var answers []Answer
	if err := db.NewSelect().Model(&answers).Join("JOIN cases AS c ON c.id = a.case_id").
		Where("c.submission_id IN (?)", bun.List(ids)).OrderExpr("a.case_id, a.question_id").Scan(ctx); err != nil {
		return nil, err
	}
	byCase := map[int64][]SnapshotAnswer{}
	for _, a := range answers {
		byCase[a.CaseID] = append(byCase[a.CaseID], SnapshotAnswer{QuestionID: a.QuestionID, Option: a.Option, Comment: a.Comment})
	}
	for i := range subs {
		sub := &subs[i]
		out[sub.ID] = &Snapshot{Assessment: sub.Assessment, QuestionComments: sub.QuestionComments, Reflections: sub.Reflections,
			Feedback: sub.Feedback, WayForward: sub.Decision(), GoalResults: sub.GoalResults, ImprovementPlan: sub.ImprovementPlan,
			Summary: *sums[sub.ID], Cases: []SnapshotCase{}}
		if sub.EntryMode == EntryTotals && sub.Totals != nil {
			out[sub.ID].EntryMode, out[sub.ID].TotalsCases = EntryTotals, sub.Totals.positions()
		}
	}
	for _, c := range cases {
		snap := out[c.SubmissionID]
		snap.Cases = append(snap.Cases, SnapshotCase{Number: c.Number, StartedMonth: c.StartedMonth, ClosedMonth: c.ClosedMonth,
			Outcome: c.Outcome, DaysToFirstActivity: c.DaysToFirstActivity, Answers: append([]SnapshotAnswer{}, byCase[c.ID]...)})
	}
	return out, nil
}

// nullJSON is b as a statement argument, NULL when empty.
func nullJSON(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}
