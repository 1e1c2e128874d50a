package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// The service's own part of the summary form (assessment, comments, reflections, feedback, way
// forward, goal results, improvement plan), saved as a draft under the lock of its form.

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

// Validate applies the rules of a draft that need nothing stored: the improvement plan has at most
// MaxGoals goals of at most MaxActionsPerGoal actions, each goal and action is described, and each
// action's status is one of ActionStatus. Questions of the round and free text are checked in the
// save, against the round's questionnaire and what the form held.
func (in DraftInput) Validate() error {
	if in.Plan == nil {
		return nil
	}
	if len(in.Plan.Goals) > domain.MaxGoals {
		return domain.ErrTooManyGoals()
	}
	for i, g := range in.Plan.Goals {
		field := fmt.Sprintf("improvementPlan.goals[%d]", i)
		if strings.TrimSpace(g.Description) == "" {
			return domain.ErrGoalUndescribed(field + ".description")
		}
		if len(g.Actions) > domain.MaxActionsPerGoal {
			return domain.ErrTooManyActions(field + ".actions")
		}
		for j, a := range g.Actions {
			afield := fmt.Sprintf("%s.actions[%d]", field, j)
			if strings.TrimSpace(a.Description) == "" {
				return domain.ErrActionUndescribed(afield + ".description")
			}
			if a.Status != "" && !a.Status.Valid() {
				return domain.ErrUnknownActionStatus(afield + ".status")
			}
		}
	}
	return nil
}

// SaveDraft saves assessment, reflections and improvement plan.
func (s *Store) SaveDraft(ctx context.Context, in DraftInput) (*Submission, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockForm(ctx, tx, in.ServiceID, in.RoundID, auth.ActEditDraft)
		if err != nil {
			return err
		}
		if err := checkDraftVersion(f, in.ExpectedVersion); err != nil {
			return err
		}
		old := draftOf(&f.sub)
		ts := domain.NewTextScreen(ctx)
		ts.Stored("assessment", f.sub.Assessment)
		textCols, err := mergeDraftText(ctx, tx, f, in, ts)
		if err != nil {
			return err
		}
		planCols, err := mergeDraftPlan(ctx, tx, f, in, ts)
		if err != nil {
			return err
		}
		if err := ts.Err(); err != nil {
			return err
		}
		if err := f.storeDraft(ctx, tx, append(append([]string{"version"}, textCols...), planCols...)); err != nil {
			return err
		}
		sub = f.sub
		return f.audit(ctx, tx, "submission.draft", "submission", f.sub.ID, old, draftOf(&f.sub))
	})
	if err != nil {
		return nil, fmt.Errorf("save draft for service %d in round %d: %w", in.ServiceID, in.RoundID, err)
	}
	return &sub, nil
}

// checkDraftVersion holds the caller's expected version against the form's. A caller who saw no
// form expects version 0, which a form lockForm has just created in NOT_STARTED matches.
func checkDraftVersion(f *lockedForm, expected *int) error {
	current := f.sub.Version
	if f.sub.Status == domain.StatusNotStarted && expected != nil && *expected == 0 {
		current = 0
	}
	return checkVersion(expected, current, domain.NounSubmission)
}

// draft is the service's own part of a form, as the audit trail records it before and after a save.
type draft struct {
	Assessment       string              `json:"assessment"`
	QuestionComments []QuestionComment   `json:"questionComments"`
	Reflections      []ReflectionAnswer  `json:"reflections"`
	Feedback         []ReflectionAnswer  `json:"feedback"`
	WayForward       *WayForwardDecision `json:"wayForward"`
	GoalResults      []GoalJudgement     `json:"goalResults"`
	ImprovementPlan  Plan                `json:"improvementPlan"`
}

func draftOf(sub *Submission) draft {
	return draft{sub.Assessment, sub.QuestionComments, sub.Reflections, sub.Feedback, sub.Decision(), sub.GoalResults, sub.ImprovementPlan}
}

// mergeDraftText takes the given free text into the form: the assessment, the comments on
// questions, the reflections and the feedback on the supervision, each screened by ts. It returns
// the columns changed.
func mergeDraftText(ctx context.Context, tx bun.Tx, f *lockedForm, in DraftInput, ts *domain.TextScreen) ([]string, error) {
	var cols []string
	if in.Assessment != nil {
		if err := ts.Check("assessment", *in.Assessment, domain.MaxAssessmentLen); err != nil {
			return nil, err
		}
		f.sub.Assessment = strings.TrimSpace(*in.Assessment)
		cols = append(cols, "assessment")
	}
	if in.QuestionComments != nil {
		merged, err := mergeQuestionComments(ctx, tx, f, in.QuestionComments, ts)
		if err != nil {
			return nil, err
		}
		f.sub.QuestionComments = merged
		cols = append(cols, "question_comments")
	}
	if in.Reflections != nil {
		merged, err := mergeReflections(ctx, tx, f, domain.ReflectionKindReflection, f.sub.Reflections, in.Reflections, ts)
		if err != nil {
			return nil, err
		}
		f.sub.Reflections = merged
		cols = append(cols, "reflections")
	}
	if in.Feedback != nil {
		merged, err := mergeReflections(ctx, tx, f, domain.ReflectionKindFeedback, f.sub.Feedback, in.Feedback, ts)
		if err != nil {
			return nil, err
		}
		f.sub.Feedback = merged
		cols = append(cols, "feedback")
	}
	return cols, nil
}

// mergeDraftPlan takes the given decisions into the form: the way forward, the judgements of the
// previous round's goals and the improvement plan. It returns the columns changed.
func mergeDraftPlan(ctx context.Context, tx bun.Tx, f *lockedForm, in DraftInput, ts *domain.TextScreen) ([]string, error) {
	var cols []string
	if in.WayForward != nil {
		d, err := checkWayForward(f, in.WayForward, ts)
		if err != nil {
			return nil, err
		}
		f.sub.setDecision(d)
		cols = append(cols, "way_forward", "way_forward_comment")
	}
	if in.GoalResults != nil {
		judged, err := checkGoalJudgements(ctx, tx, f, in.GoalResults)
		if err != nil {
			return nil, err
		}
		f.sub.GoalResults = judged
		cols = append(cols, "goal_results")
	}
	if in.Plan != nil {
		if err := checkPlan(ctx, tx, f, in.Plan, ts); err != nil {
			return nil, err
		}
		f.sub.ImprovementPlan = *in.Plan
		cols = append(cols, "improvement_plan")
	}
	return cols, nil
}

// storeDraft moves the form to its edited status and stores the columns changed; the version moves
// on once per save.
func (f *lockedForm) storeDraft(ctx context.Context, tx bun.Tx, cols []string) error {
	wasStatus := f.sub.Status
	if err := f.apply(ctx, tx, domain.EventEdit, now()); err != nil {
		return err
	}
	if f.sub.Status == wasStatus {
		f.sub.Version++ // apply bumps the version only when the status changes
	}
	_, err := tx.NewUpdate().Model(&f.sub).Column(cols...).WherePK().Exec(ctx)
	return err
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
			return nil, domain.ErrQuestionNotInForm(fmt.Sprintf("questionComments[%d].questionId", i))
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
func mergeReflections(ctx context.Context, tx bun.Tx, f *lockedForm, kind domain.ReflectionKind, stored, given []ReflectionAnswer, ts *domain.TextScreen) ([]ReflectionAnswer, error) {
	var qs []ReflectionQuestion
	if err := tx.NewSelect().Model(&qs).Where("rq.questionnaire_id = ? AND rq.kind = ?", f.quest.ID, kind).OrderExpr("rq.position").Scan(ctx); err != nil {
		return nil, err
	}
	input := "reflections"
	if kind == domain.ReflectionKindFeedback {
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
			return nil, domain.ErrQuestionNotInPart(field + ".questionId")
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

// checkPlan holds a plan that passed DraftInput.Validate against the round: a goal tied to a question
// names one of the round's. It trims the text, gives actions without status the status planned, and
// screens every text with ts (against what the plan held at the same place).
func checkPlan(ctx context.Context, tx bun.Tx, f *lockedForm, p *Plan, ts *domain.TextScreen) error {
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
		if err := checkGoal(&p.Goals[i], fmt.Sprintf("improvementPlan.goals[%d]", i), known, ts); err != nil {
			return err
		}
	}
	if p.Goals == nil {
		p.Goals = []Goal{}
	}
	return nil
}

// checkGoal checks one goal of a plan (at field) and its actions.
func checkGoal(g *Goal, field string, known map[int64]bool, ts *domain.TextScreen) error {
	if g.QuestionID != nil && !known[*g.QuestionID] {
		return domain.ErrQuestionNotInRound(field + ".questionId")
	}
	g.Description, g.Target, g.Measure = strings.TrimSpace(g.Description), strings.TrimSpace(g.Target), strings.TrimSpace(g.Measure)
	for _, t := range []struct{ name, text string }{{"description", g.Description}, {"target", g.Target}, {"measure", g.Measure}} {
		if err := ts.Check(field+"."+t.name, t.text, domain.MaxShortTextLen); err != nil {
			return err
		}
	}
	if g.Actions == nil {
		g.Actions = []Action{}
	}
	for j := range g.Actions {
		a := &g.Actions[j]
		afield := fmt.Sprintf("%s.actions[%d]", field, j)
		a.Description, a.Owner = strings.TrimSpace(a.Description), strings.TrimSpace(a.Owner)
		if a.Status == "" {
			a.Status = domain.ActionPlanned
		}
		for _, t := range []struct{ name, text string }{{"description", a.Description}, {"owner", a.Owner}} {
			if err := ts.Check(afield+"."+t.name, t.text, domain.MaxShortTextLen); err != nil {
				return err
			}
		}
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
