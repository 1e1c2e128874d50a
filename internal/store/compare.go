package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

// QuestionComparison compares a question of a round with the question(s) it continues in an
// earlier round, following the lineage: SAME and CHANGED_OPTIONS compare directly, each part of
// a SPLIT question with the whole earlier question, a MERGED question with its predecessors pooled.
// Changes are judged with the two-proportion z-test on effective counts at 5 % (Rao & Scott 1992:
// each round's answers count as n / design effect, clustered as the figures are), and each change
// says whether it is beyond random variation, within it, or rests on too few answers to tell.
type QuestionComparison struct {
	QuestionID        int64
	Comparability     domain.Comparability
	PredecessorIDs    []int64
	Current, Previous OptionFigures
	Yes, Partly, No   *stats.Comparison
	Suppressed        bool
	SuppressedReason  string
	Focus             bool // the question continues one the service's previous-round plan targeted
}

// WithinRandomVariation reports whether the change in Ja share is within random variation; nil
// when there is nothing to compare.
func (c QuestionComparison) WithinRandomVariation() *bool {
	if c.Yes == nil {
		return nil
	}
	v := !c.Yes.Significant
	return &v
}

// TooFewToTell reports whether the Ja shares rest on too few answers to tell a change from chance;
// nil when there is nothing to compare.
func (c QuestionComparison) TooFewToTell() *bool {
	if c.Yes == nil {
		return nil
	}
	v := c.Yes.TooFewToTell
	return &v
}

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

// sumOptions pools the figures of several questions of one scope and round (a MERGED question's
// predecessors): counts add up, and the shares are pooled over the parts (stats.PooledShare).
func sumOptions(fs []OptionFigures) OptionFigures {
	if len(fs) == 1 {
		return fs[0]
	}
	var y, p, n, np, na int
	var unit ClusterUnit
	var parts [][3]stats.ClusterSums
	for _, f := range fs {
		y, p, n, np, na = y+f.Yes.Count, p+f.Partly.Count, n+f.No.Count, np+f.NotPossible, na+f.NotApplicable
		parts = append(parts, f.parts...)
		if unit == "" {
			unit = f.Unit
		}
	}
	return pooledFigures(y, p, n, np, na, unit, parts)
}

// change compares option i (0 Ja, 1 Delvis, 2 Nei) of two rounds' figures; nil without answers in
// either.
func change(older, newer OptionFigures, i int) *stats.Comparison {
	o, ok1 := older.share(i)
	n, ok2 := newer.share(i)
	if !ok1 || !ok2 {
		return nil
	}
	c, ok := stats.ClusteredChange(o, n)
	if !ok {
		return nil
	}
	return &c
}

// CompareRounds compares every question of sq's round with the older round in the same scope.
func (s *Store) CompareRounds(ctx context.Context, vis auth.Scope, sq StatsQuery, olderRoundID int64) ([]QuestionComparison, error) {
	cur, err := s.RoundFigures(ctx, vis, sq, LevelNone)
	if err != nil {
		return nil, err
	}
	oq := sq
	oq.RoundID = olderRoundID
	old, err := s.RoundFigures(ctx, vis, oq, LevelNone)
	if err != nil {
		return nil, err
	}
	var questions []Question
	if err := s.reader().NewSelect().Model(&questions).Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
		Where("r.id = ?", sq.RoundID).OrderExpr("q.position").Scan(ctx); err != nil {
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
	preds := map[int64][]Lineage{}
	for _, l := range links {
		preds[l.QuestionID] = append(preds[l.QuestionID], l)
	}
	curQ := map[int64]QuestionFigures{}
	if len(cur) == 1 {
		for _, q := range cur[0].Questions {
			curQ[q.QuestionID] = q
		}
	}
	oldQ := map[int64]QuestionFigures{}
	if len(old) == 1 {
		for _, q := range old[0].Questions {
			oldQ[q.QuestionID] = q
		}
	}
	out := make([]QuestionComparison, 0, len(questions))
	for _, q := range questions {
		c := QuestionComparison{QuestionID: q.ID, Comparability: domain.ComparabilityNew, PredecessorIDs: []int64{}, Current: curQ[q.ID].Options}
		c.Suppressed, c.SuppressedReason = curQ[q.ID].Suppressed, curQ[q.ID].SuppressedReason
		var prevs []OptionFigures
		rank := domain.ComparabilityRank
		for i, l := range preds[q.ID] {
			if i == 0 || rank[l.Comparability] > rank[c.Comparability] {
				c.Comparability = l.Comparability
			}
			c.PredecessorIDs = append(c.PredecessorIDs, l.PredecessorID)
			p := oldQ[l.PredecessorID]
			if p.Suppressed {
				c.Suppressed, c.SuppressedReason = true, p.SuppressedReason
			}
			prevs = append(prevs, p.Options)
		}
		if len(prevs) > 0 {
			c.Previous = sumOptions(prevs)
		}
		if !c.Suppressed && len(prevs) > 0 {
			c.Yes, c.Partly, c.No = change(c.Previous, c.Current, 0), change(c.Previous, c.Current, 1), change(c.Previous, c.Current, 2)
		}
		if c.Suppressed {
			c.Current, c.Previous = OptionFigures{}, OptionFigures{}
		}
		out = append(out, c)
	}
	return out, nil
}

// TrendPoint is a question's (or all questions') figures in one round.
type TrendPoint struct {
	RoundID          int64
	RoundNumber      int
	Options          OptionFigures
	Cases            int
	Suppressed       bool
	SuppressedReason string
}

// TrendLine is a series over the rounds of a campaign. A question's line follows its lineage back
// through earlier questionnaire versions (a split question continues the whole earlier question).
type TrendLine struct {
	QuestionID *int64 // the question in the newest round; nil for all questions together
	Points     []TrendPoint
	Median     *float64
	Signals    []TrendSignal // run-chart signals on the Ja share (points are rounds)
}

// TrendSignal is a run-chart signal located in rounds.
type TrendSignal struct {
	Kind, Direction        string
	FromRoundID, ToRoundID int64
}

// Trends computes every line of a campaign in a scope in six statements, whatever the number of
// rounds. Each point is withheld as the scope's figures are withheld in its round.
func (s *Store) Trends(ctx context.Context, vis auth.Scope, campaignID int64, sq StatsQuery) ([]TrendLine, error) {
	var err error
	if sq.MinCases, err = minCases(sq.MinCases); err != nil {
		return nil, err
	}
	var rounds []Round
	if err := s.reader().NewSelect().Model(&rounds).Where("r.campaign_id = ?", campaignID).OrderExpr("r.number").Scan(ctx); err != nil {
		return nil, err
	}
	if len(rounds) == 0 {
		return nil, domain.ErrNotFound(domain.Noun{NB: "kampanjen", NN: "kampanjen", EN: "campaign"}, campaignID)
	}
	probe := sq
	probe.RoundID = rounds[0].ID
	if err := checkStatsScope(ctx, s.reader(), vis, probe); err != nil {
		return nil, err
	}
	roundIDs := make([]int64, len(rounds))
	for i, r := range rounds {
		roundIDs[i] = r.ID
	}
	cells, err := s.countCells(ctx, vis, sq, roundIDs, LevelNone)
	if err != nil {
		return nil, fmt.Errorf("trends: %w", err)
	}
	var questions []Question
	if err := s.reader().NewSelect().Model(&questions).Where("q.questionnaire_id IN (SELECT questionnaire_id FROM rounds WHERE campaign_id = ?)", campaignID).
		OrderExpr("q.position").Scan(ctx); err != nil {
		return nil, err
	}
	var links []Lineage
	if err := s.reader().NewSelect().Model(&links).Where("ql.question_id IN (SELECT id FROM questions WHERE questionnaire_id IN (SELECT questionnaire_id FROM rounds WHERE campaign_id = ?))", campaignID).
		Scan(ctx); err != nil {
		return nil, err
	}
	preds := map[int64][]int64{}
	for _, l := range links {
		preds[l.QuestionID] = append(preds[l.QuestionID], l.PredecessorID)
	}
	// The scope's figures: one service's clustered by case, anything above it by service.
	byCase := scopeNode(vis, sq).Kind == stats.Service
	at := func(round, question int64) (OptionFigures, int) {
		c := cells[cellKey{round: round, question: question}]
		if c == nil {
			return OptionFigures{}, 0
		}
		return c.figures(byCase), c.Cases
	}
	lang := domain.LangFrom(ctx)
	// The service itself sees its own figures; everyone else what the round's suppression shows.
	var supp map[int64]*stats.Suppression
	if !vis.InsideOneService() {
		if supp, err = s.suppressions(ctx, roundIDs, sq.MinCases); err != nil {
			return nil, err
		}
	}
	node := scopeNode(vis, sq)
	point := func(r Round, ids []int64, overall bool) TrendPoint {
		p := TrendPoint{RoundID: r.ID, RoundNumber: r.Number}
		if overall {
			p.Options, p.Cases = at(r.ID, 0)
		} else {
			var fs []OptionFigures
			for _, id := range ids {
				o, n := at(r.ID, id)
				fs = append(fs, o)
				p.Cases = max(p.Cases, n)
			}
			p.Options = sumOptions(fs)
		}
		if supp != nil {
			p.SuppressedReason = suppressionReason(supp[r.ID].Reason(node), sq.MinCases, lang)
		}
		if p.Suppressed = p.SuppressedReason != ""; p.Suppressed {
			p.Options = OptionFigures{}
			if !overall {
				p.Cases = 0 // a question's answered cases are a figure of the node too
			}
		}
		return p
	}
	finish := func(line *TrendLine) {
		var series []float64
		var at []int64 // the round of each point of the series
		for _, p := range line.Points {
			if p.Options.Yes.Share != nil && !p.Suppressed {
				series = append(series, *p.Options.Yes.Share)
				at = append(at, p.RoundID)
			}
		}
		line.Signals = []TrendSignal{}
		if len(series) > 0 {
			m, signals := stats.RunChart(series)
			line.Median = &m
			for _, sg := range signals {
				line.Signals = append(line.Signals, TrendSignal{Kind: sg.Kind, Direction: sg.Direction, FromRoundID: at[sg.From], ToRoundID: at[sg.To]})
			}
		}
	}
	newest := rounds[len(rounds)-1]
	var newestQuestions []Question
	for _, q := range questions {
		if q.QuestionnaireID == newest.QuestionnaireID {
			newestQuestions = append(newestQuestions, q)
		}
	}
	sort.Slice(newestQuestions, func(i, j int) bool { return newestQuestions[i].Position < newestQuestions[j].Position })
	overall := TrendLine{}
	for _, r := range rounds {
		overall.Points = append(overall.Points, point(r, nil, true))
	}
	finish(&overall)
	out := []TrendLine{overall}
	qByID := map[int64]Question{}
	for _, q := range questions {
		qByID[q.ID] = q
	}
	for _, q := range newestQuestions {
		qid := q.ID
		line := TrendLine{QuestionID: &qid}
		// Walk back through the rounds: the ids that stand for this line in each questionnaire.
		ids := []int64{q.ID}
		version := q.QuestionnaireID
		var points []TrendPoint
		for i := len(rounds) - 1; i >= 0; i-- {
			r := rounds[i]
			for r.QuestionnaireID != version && len(ids) > 0 {
				var earlier []int64
				seen := map[int64]bool{}
				for _, id := range ids {
					for _, p := range preds[id] {
						if !seen[p] {
							seen[p] = true
							earlier = append(earlier, p)
						}
					}
				}
				ids = earlier
				if len(ids) == 0 {
					break
				}
				version = qByID[ids[0]].QuestionnaireID
			}
			if len(ids) == 0 || r.QuestionnaireID != version {
				break
			}
			points = append(points, point(r, ids, false))
		}
		for i := len(points) - 1; i >= 0; i-- {
			line.Points = append(line.Points, points[i])
		}
		finish(&line)
		out = append(out, line)
	}
	return out, nil
}
