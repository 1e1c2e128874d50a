package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/results"
)

// The comparisons and trends the reads below return are computed in internal/results.
type (
	// TrendPoint is a line's figures in one round (results.TrendPoint).
	TrendPoint = results.TrendPoint
	// TrendLine is a series over the rounds of a campaign (results.TrendLine).
	TrendLine = results.TrendLine
	// TrendSignal is a run-chart signal located in rounds (results.TrendSignal).
	TrendSignal = results.TrendSignal
)

// PreviousRound returns the round a round is compared with (its previous round), or nil.
func (s *Store) PreviousRound(ctx context.Context, roundID int64) (*Round, error) {
	var r, prev Round
	if err := s.reader().NewSelect().Model(&r).Where("r.id = ?", roundID).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounRound, roundID)
	}
	if r.PreviousRoundID == nil {
		return nil, nil
	}
	err := s.reader().NewSelect().Model(&prev).Where("r.id = ?", *r.PreviousRoundID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &prev, err
}

// CompareRounds compares every question of sq's round with the older round in the same scope.
func (s *Store) CompareRounds(ctx context.Context, scope auth.Scope, sq StatsQuery, olderRoundID int64) ([]results.QuestionComparison, error) {
	cur, err := s.RoundFigures(ctx, scope, sq, LevelNone)
	if err != nil {
		return nil, err
	}
	oq := sq
	oq.RoundID = olderRoundID
	old, err := s.RoundFigures(ctx, scope, oq, LevelNone)
	if err != nil {
		return nil, err
	}
	questions, err := s.roundQuestions(ctx, sq.RoundID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(questions))
	for i, q := range questions {
		ids[i] = q.ID
	}
	links, err := s.LineageByQuestion(ctx, ids)
	if err != nil {
		return nil, err
	}
	return results.CompareQuestions(ids, lineageLinks(links), results.ByQuestion(cur), results.ByQuestion(old)), nil
}

// lineageLinks are the lineage rows as the results package reads them.
func lineageLinks(links []Lineage) []results.Link {
	out := make([]results.Link, len(links))
	for i, l := range links {
		out[i] = results.Link{QuestionID: l.QuestionID, PredecessorID: l.PredecessorID, Comparability: l.Comparability}
	}
	return out
}

// Trends computes every line of a campaign in a scope in six statements, whatever the number of
// rounds. Each point is withheld as the scope's figures are withheld in its round.
func (s *Store) Trends(ctx context.Context, scope auth.Scope, campaignID int64, sq StatsQuery) ([]TrendLine, error) {
	var err error
	if sq.MinCases, err = results.Floor(sq.MinCases); err != nil {
		return nil, err
	}
	var rounds []Round
	if err := s.reader().NewSelect().Model(&rounds).Where("r.campaign_id = ?", campaignID).OrderExpr("r.number").Scan(ctx); err != nil {
		return nil, err
	}
	if len(rounds) == 0 {
		return nil, domain.ErrNotFound(domain.NounCampaign, campaignID)
	}
	probe := sq
	probe.RoundID = rounds[0].ID
	if err := checkStatsScope(ctx, s.reader(), scope, probe); err != nil {
		return nil, err
	}
	in := results.TrendInput{Node: results.ScopeNode(scope, sq), Floor: sq.MinCases, Lang: domain.LangFrom(ctx)}
	roundIDs := make([]int64, len(rounds))
	for i, r := range rounds {
		roundIDs[i] = r.ID
		in.Rounds = append(in.Rounds, results.RoundRef{ID: r.ID, QuestionnaireID: r.QuestionnaireID, Number: r.Number})
	}
	if in.Cells, err = s.countCells(ctx, scope, sq, roundIDs, LevelNone); err != nil {
		return nil, fmt.Errorf("trends: %w", err)
	}
	if in.Questions, in.Links, err = s.campaignQuestions(ctx, campaignID); err != nil {
		return nil, err
	}
	// The service itself sees its own figures; everyone else what the round's suppression shows.
	if !scope.InsideOneService() {
		if in.Suppressions, err = s.suppressions(ctx, roundIDs, sq.MinCases); err != nil {
			return nil, err
		}
	}
	return results.Trends(in), nil
}

// campaignQuestions reads the questions of every questionnaire version of a campaign's rounds, and
// their lineage.
func (s *Store) campaignQuestions(ctx context.Context, campaignID int64) ([]results.QuestionRef, []results.Link, error) {
	var questions []Question
	if err := s.reader().NewSelect().Model(&questions).Where("q.questionnaire_id IN (SELECT questionnaire_id FROM rounds WHERE campaign_id = ?)", campaignID).
		OrderExpr("q.position").Scan(ctx); err != nil {
		return nil, nil, err
	}
	var links []Lineage
	if err := s.reader().NewSelect().Model(&links).Where("ql.question_id IN (SELECT id FROM questions WHERE questionnaire_id IN (SELECT questionnaire_id FROM rounds WHERE campaign_id = ?))", campaignID).
		Scan(ctx); err != nil {
		return nil, nil, err
	}
	return questionRefs(questions), lineageLinks(links), nil
}
