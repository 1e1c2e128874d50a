package graph

import (
	"context"
	"fmt"

	"github.com/egenkontroll/egenkontroll/graph/model"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// required turns a missing related row into an error: the schema promises it is there.
func required[T any](v *T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, fmt.Errorf("related %T is missing", v)
	}
	return v, nil
}

// comparabilityOf summarises a question's lineage: NEW without predecessors; otherwise the
// weakest link, since one changed predecessor makes the whole comparison change.
func comparabilityOf(links []store.Lineage) domain.Comparability {
	if len(links) == 0 {
		return domain.ComparabilityNew
	}
	rank := domain.ComparabilityRank
	out := links[0].Comparability
	for _, l := range links[1:] {
		if rank[l.Comparability] > rank[out] {
			out = l.Comparability
		}
	}
	return out
}

// nilIfNotFound turns NOT_FOUND into a null result for nullable single-object queries.
func nilIfNotFound[T any](v *T, err error) (*T, error) {
	if domain.IsCode(err, domain.CodeNotFound) {
		return nil, nil
	}
	return v, err
}

func pageOf(first *int, after *string) store.Page {
	p := store.Page{First: 50}
	if first != nil {
		p.First = *first
	}
	if after != nil {
		p.After = *after
	}
	return p
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func planFromInput(in *model.ImprovementPlanInput) *store.Plan {
	if in == nil {
		return nil
	}
	p := &store.Plan{Goals: make([]store.Goal, 0, len(in.Goals))}
	for _, g := range in.Goals {
		goal := store.Goal{QuestionID: g.QuestionID, Description: g.Description, Target: deref(g.Target),
			Measure: deref(g.Measure), Actions: make([]store.Action, 0, len(g.Actions))}
		for _, a := range g.Actions {
			goal.Actions = append(goal.Actions, store.Action{Description: a.Description, Owner: deref(a.Owner),
				DueDate: a.DueDate, StartDate: a.StartDate, Status: deref(a.Status)})
		}
		p.Goals = append(p.Goals, goal)
	}
	return p
}

func reflectionsFromInput(in []model.ReflectionAnswerInput) []store.ReflectionAnswer {
	if in == nil {
		return nil
	}
	out := make([]store.ReflectionAnswer, 0, len(in))
	for _, r := range in {
		out = append(out, store.ReflectionAnswer{QuestionID: r.QuestionID, Answer: r.Answer})
	}
	return out
}

// roundExists checks a round id given as an argument.
// Aliases asking about the same round check it once (the request's shared loader).
func (r *Resolver) roundExists(ctx context.Context, id int64) error {
	round, err := load(ctx, requestLoaders(ctx).Round, id)
	if err != nil {
		return err
	}
	if round == nil {
		return domain.ErrNotFound(domain.NounRound, id)
	}
	return nil
}

func questionCommentsFromInput(in []model.QuestionCommentInput) []store.QuestionComment {
	if in == nil {
		return nil
	}
	out := make([]store.QuestionComment, len(in))
	for i, c := range in {
		out[i] = store.QuestionComment{QuestionID: c.QuestionID, Comment: c.Comment}
	}
	return out
}

// confirmWarnings records the input's confirmWarnings for the store's text screen (see
// domain.TextScreen): with true, PERSONAL_DATA_WARNING does not stop the mutation.
func confirmWarnings(ctx context.Context, confirmed *bool) context.Context {
	return domain.ConfirmWarnings(ctx, confirmed != nil && *confirmed)
}

// ofKind keeps the reflection questions of one kind, in order.
func ofKind(qs []store.ReflectionQuestion, kind domain.ReflectionKind) []store.ReflectionQuestion {
	out := []store.ReflectionQuestion{}
	for _, q := range qs {
		if q.Kind == kind {
			out = append(out, q)
		}
	}
	return out
}

func wayForwardFromInput(in *model.WayForwardInput) *store.WayForwardInput {
	if in == nil {
		return nil
	}
	return &store.WayForwardInput{Decision: in.Decision, Comment: deref(in.Comment)}
}

func goalResultsFromInput(in []model.GoalResultInput) []store.GoalJudgement {
	if in == nil {
		return nil
	}
	out := make([]store.GoalJudgement, 0, len(in))
	for _, g := range in {
		out = append(out, store.GoalJudgement{Goal: g.Goal, Result: deref(g.Result)})
	}
	return out
}

// missingParts shows the completeness rule's list in the caller's language.
func missingParts(lang domain.Lang, parts []domain.Missing) []model.MissingPart {
	out := make([]model.MissingPart, 0, len(parts))
	for _, p := range parts {
		m := model.MissingPart{Field: p.Field, Message: p.Text.In(lang)}
		if p.CaseNumber != 0 {
			n := p.CaseNumber
			m.CaseNumber = &n
		}
		if p.QuestionCode != "" {
			c := p.QuestionCode
			m.QuestionCode = &c
		}
		out = append(out, m)
	}
	return out
}
