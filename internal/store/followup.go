package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Round 2 follows round 1 up (document 002): each goal of the round-1 plan beside this round's
// result on its question and the service's own judgement of it, the plan's focus questions marked
// in every comparison, and the full comparison (Ja, Delvis and Nei, in total and on the focus
// questions) also while the form is a draft. "Round 1" here is always the previous round of the
// same campaign, read from the service's last submitted revision there.

// GoalJudgement is the service's judgement of one goal of the previous round's plan, kept with
// the form ("Har dere nådd målene dere satte?").
type GoalJudgement struct {
	Goal       int               `json:"goal"`                 // the goal's position in the previous plan, from 0
	QuestionID *int64            `json:"questionId,omitempty"` // the question the goal targeted (previous version)
	Result     domain.GoalResult `json:"result"`
}

// GoalQuestionResult is a goal's question in both rounds: the previous round's result on the
// question the goal targeted, and this round's result on the question that continues it.
type GoalQuestionResult struct {
	QuestionID         int64
	Previous, Current  Distribution
	PreviousSuppressed bool
	CurrentSuppressed  bool
}

// GoalFollowUp is one goal of the previous round's plan followed up in this round.
type GoalFollowUp struct {
	Index     int
	Goal      Goal
	Results   []GoalQuestionResult
	Judgement *domain.GoalResult
}

// priorForm is what a form's previous round holds for it.
type priorForm struct {
	round    Round
	revision *Revision // the service's last submitted revision there; nil when it never submitted
}

// priorForms loads, for each form, its round's previous round and the service's last submitted
// revision there (scope-checked); two statements for any number of forms.
func (s *Store) priorForms(ctx context.Context, scope Scope, subs []Submission) (map[int64]*priorForm, error) {
	out := map[int64]*priorForm{}
	if len(subs) == 0 {
		return out, nil
	}
	roundIDs := make([]int64, 0, len(subs))
	for _, sub := range subs {
		roundIDs = append(roundIDs, sub.RoundID)
	}
	var prevs []struct {
		Round
		ForRound int64 `bun:"for_round"`
	}
	if err := s.db.NewSelect().Model((*Round)(nil)).ColumnExpr("r.*, cur.id AS for_round").
		Join("JOIN rounds AS cur ON cur.previous_round_id = r.id").
		Where("cur.id IN (?)", bun.List(roundIDs)).Scan(ctx, &prevs); err != nil {
		return nil, err
	}
	prevOf := map[int64]Round{}
	for _, p := range prevs {
		prevOf[p.ForRound] = p.Round
	}
	var services, rounds []int64
	for _, sub := range subs {
		if p, ok := prevOf[sub.RoundID]; ok {
			services, rounds = append(services, sub.ServiceID), append(rounds, p.ID)
		}
	}
	var revs []struct {
		Revision
		ServiceID int64 `bun:"service_id"`
		RoundID   int64 `bun:"round_id"`
	}
	if len(services) > 0 {
		err := applyScope(s.db.NewSelect().Model((*Revision)(nil)).ColumnExpr("DISTINCT ON (rev.submission_id) rev.*, sub.service_id, sub.round_id").
			Join("JOIN submissions AS sub ON sub.id = rev.submission_id").
			Join("JOIN services AS s ON s.id = sub.service_id").
			Where("(sub.service_id, sub.round_id) IN (SELECT * FROM unnest(?::bigint[], ?::bigint[]))", pgArray(services), pgArray(rounds)), scope).
			OrderExpr("rev.submission_id, rev.revision DESC").Scan(ctx, &revs)
		if err != nil {
			return nil, err
		}
	}
	for _, sub := range subs {
		p, ok := prevOf[sub.RoundID]
		if !ok {
			continue
		}
		pf := &priorForm{round: p}
		for i := range revs {
			if revs[i].ServiceID == sub.ServiceID && revs[i].RoundID == p.ID {
				rev := revs[i].Revision
				fillFromCases(&rev.Snapshot.Summary, rev.Snapshot.Cases)
				if !scope.SeesCaseWork(sub.ServiceID) {
					rev.Snapshot.Cases = nil
					withholdSmall(&rev.Snapshot.Summary)
				}
				pf.revision = &rev
			}
		}
		out[sub.ID] = pf
	}
	return out, nil
}

// successors maps each question of the previous version to the questions of rounds' questionnaires
// that continue it, with the comparability of each link; one statement.
func (s *Store) successors(ctx context.Context, roundIDs []int64) (map[int64][]Lineage, map[int64][]Question, error) {
	byRound := map[int64][]Question{}
	var rows []struct {
		Question
		RoundID int64 `bun:"round_id"`
	}
	if err := s.db.NewSelect().Model((*Question)(nil)).ColumnExpr("q.*, r.id AS round_id").
		Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
		Where("r.id IN (?)", bun.List(roundIDs)).OrderExpr("q.position").Scan(ctx, &rows); err != nil {
		return nil, nil, err
	}
	ids := []int64{}
	for _, r := range rows {
		byRound[r.RoundID] = append(byRound[r.RoundID], r.Question)
		ids = append(ids, r.ID)
	}
	links, err := s.LineageByQuestion(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	succ := map[int64][]Lineage{}
	for _, l := range links {
		succ[l.PredecessorID] = append(succ[l.PredecessorID], l)
	}
	return succ, byRound, nil
}

// FormKey names a form with what the follow-up of its previous round needs to know about it.
type FormKey struct {
	SubmissionID, ServiceID, RoundID int64
	Status                           domain.Status
	Revision                         int
}

// Key returns the form's key.
func (s *Submission) Key() FormKey {
	return FormKey{SubmissionID: s.ID, ServiceID: s.ServiceID, RoundID: s.RoundID, Status: s.Status, Revision: s.Revision}
}

func formsOf(keys []FormKey) []Submission {
	out := make([]Submission, len(keys))
	for i, k := range keys {
		out[i] = Submission{ID: k.SubmissionID, ServiceID: k.ServiceID, RoundID: k.RoundID, Status: k.Status, Revision: k.Revision}
	}
	return out
}

// WithJudgements sets each goal's judgement from the form's (as the caller reads the form).
func WithJudgements(goals []GoalFollowUp, judged []GoalJudgement) []GoalFollowUp {
	out := make([]GoalFollowUp, len(goals))
	for i, g := range goals {
		g.Judgement = nil
		for _, j := range judged {
			if j.Goal == g.Index {
				r := j.Result
				g.Judgement = &r
			}
		}
		out[i] = g
	}
	return out
}

// currentAndLineage loads, for the forms of subs that keep picks, each form's summary as the
// caller reads it (SummariesFor) and the question lineage of their rounds: what following up the
// previous round and comparing with it both start from. current is nil when no form is kept.
func (s *Store) currentAndLineage(ctx context.Context, scope Scope, subs []Submission, keep func(Submission) bool) (
	current map[SummaryKey]*Summary, succ map[int64][]Lineage, questions map[int64][]Question, err error) {
	keys, roundIDs := []SummaryKey{}, []int64{}
	for _, sub := range subs {
		if keep(sub) {
			keys = append(keys, SummaryKey{SubmissionID: sub.ID, ServiceID: sub.ServiceID})
			roundIDs = append(roundIDs, sub.RoundID)
		}
	}
	if len(keys) == 0 {
		return nil, nil, nil, nil
	}
	if current, err = s.SummariesFor(ctx, scope, keys); err != nil {
		return nil, nil, nil, err
	}
	if succ, questions, err = s.successors(ctx, roundIDs); err != nil {
		return nil, nil, nil, err
	}
	return current, succ, questions, nil
}

// PreviousGoals follows each form's previous-round plan up: every goal with its question in both
// rounds (the current figures as the caller reads the form: live inside the service, the last
// submitted revision outside it, withheld on fewer than MinCases cases). The judgements are the
// form's own (WithJudgements).
func (s *Store) PreviousGoals(ctx context.Context, scope Scope, formKeys []FormKey) (map[int64][]GoalFollowUp, error) {
	subs := formsOf(formKeys)
	out := map[int64][]GoalFollowUp{}
	prior, err := s.priorForms(ctx, scope, subs)
	if err != nil {
		return nil, err
	}
	for _, sub := range subs {
		out[sub.ID] = []GoalFollowUp{}
	}
	current, succ, _, err := s.currentAndLineage(ctx, scope, subs, func(sub Submission) bool {
		p := prior[sub.ID]
		return p != nil && p.revision != nil
	})
	if err != nil {
		return nil, err
	}
	if current == nil {
		return out, nil
	}
	for _, sub := range subs {
		p := prior[sub.ID]
		if p == nil || p.revision == nil {
			continue
		}
		cur := current[SummaryKey{SubmissionID: sub.ID, ServiceID: sub.ServiceID}]
		prevSum := p.revision.Snapshot.Summary
		for i, g := range p.revision.Snapshot.ImprovementPlan.Goals {
			f := GoalFollowUp{Index: i, Goal: g, Results: []GoalQuestionResult{}}
			if g.QuestionID != nil {
				prev := distributionOf(&prevSum, *g.QuestionID)
				for _, l := range succ[*g.QuestionID] {
					if !inSummary(cur, l.QuestionID) {
						continue // a successor in another round's questionnaire
					}
					f.Results = append(f.Results, GoalQuestionResult{QuestionID: l.QuestionID, Previous: prev,
						Current: distributionOf(cur, l.QuestionID), PreviousSuppressed: prevSum.Suppressed, CurrentSuppressed: cur != nil && cur.Suppressed})
				}
			}
			out[sub.ID] = append(out[sub.ID], f)
		}
	}
	return out, nil
}

func distributionOf(sum *Summary, questionID int64) Distribution {
	if sum == nil {
		return Distribution{}
	}
	for _, q := range sum.Questions {
		if q.QuestionID == questionID {
			return q.Distribution
		}
	}
	return Distribution{}
}

func inSummary(sum *Summary, questionID int64) bool {
	if sum == nil {
		return false
	}
	for _, q := range sum.Questions {
		if q.QuestionID == questionID {
			return true
		}
	}
	return false
}

// focusOf returns the questions of the current round that continue a question targeted by a goal
// of the previous round's plan.
func focusOf(p *priorForm, succ map[int64][]Lineage) map[int64]bool {
	out := map[int64]bool{}
	if p == nil || p.revision == nil {
		return out
	}
	for _, g := range p.revision.Snapshot.ImprovementPlan.Goals {
		if g.QuestionID != nil {
			for _, l := range succ[*g.QuestionID] {
				out[l.QuestionID] = true
			}
		}
	}
	return out
}

// FocusQuestions returns the focus questions of a service in a round: the questions that continue
// a question its previous-round plan targeted (from its last submitted revision there).
func (s *Store) FocusQuestions(ctx context.Context, scope Scope, serviceID, roundID int64) (map[int64]bool, error) {
	sub := Submission{ID: -1, ServiceID: serviceID, RoundID: roundID}
	prior, err := s.priorForms(ctx, scope, []Submission{sub})
	if err != nil {
		return nil, err
	}
	succ, _, err := s.successors(ctx, []int64{roundID})
	if err != nil {
		return nil, err
	}
	return focusOf(prior[sub.ID], succ), nil
}

// checkGoalJudgements validates the judgements of the previous round's goals against the
// service's last submitted plan there.
func checkGoalJudgements(ctx context.Context, tx bun.Tx, f *lockedForm, given []GoalJudgement) ([]GoalJudgement, error) {
	if f.round.Number <= 1 {
		return nil, domain.ErrNotCollectedInFirstRound("goalResults")
	}
	var row struct {
		Plan Plan `bun:"plan,type:jsonb"`
	}
	err := tx.NewSelect().TableExpr("submission_revisions AS rev").
		Join("JOIN submissions AS sub ON sub.id = rev.submission_id").
		Join("JOIN rounds AS r ON r.id = sub.round_id").
		ColumnExpr("rev.snapshot->'improvementPlan' AS plan").
		Where("sub.service_id = ? AND r.id = ?", f.sub.ServiceID, f.round.PreviousRoundID).
		OrderExpr("rev.revision DESC").Limit(1).Scan(ctx, &row)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	plan := row.Plan
	seen := map[int]bool{}
	out := []GoalJudgement{}
	for i, j := range given {
		field := fmt.Sprintf("goalResults[%d]", i)
		if j.Goal < 0 || j.Goal >= len(plan.Goals) {
			return nil, domain.ErrPreviousGoalUnknown(field + ".goal")
		}
		if seen[j.Goal] {
			return nil, domain.ErrGoalJudgedTwice(field + ".goal")
		}
		seen[j.Goal] = true
		if j.Result == "" {
			continue // a null result clears the judgement
		}
		if !j.Result.Valid() {
			return nil, domain.ErrGoalResultUnknown(field + ".result")
		}
		out = append(out, GoalJudgement{Goal: j.Goal, QuestionID: plan.Goals[j.Goal].QuestionID, Result: j.Result})
	}
	// Judgements of goals not given stay as they were.
	for _, old := range f.sub.GoalResults {
		if !seen[old.Goal] {
			out = append(out, old)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Goal < out[j].Goal })
	return out, nil
}
