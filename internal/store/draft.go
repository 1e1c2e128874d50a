package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

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
