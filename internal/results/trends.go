package results

import (
	"sort"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

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

// RoundRef is what a trend needs to know of a round.
type RoundRef struct {
	ID, QuestionnaireID int64
	Number              int
}

// TrendInput is what Trends draws: a campaign's rounds in order, the questions of every
// questionnaire version with their lineage, the counted cells of the scope in each round, and
// what each round withholds of the scope's node (nil for the service's own people).
type TrendInput struct {
	Rounds       []RoundRef
	Questions    []QuestionRef
	Links        []Link
	Cells        Cells
	Node         stats.Node
	Suppressions map[int64]*stats.Suppression
	Floor        int
	Lang         domain.Lang
}

// Trends draws the line of all questions together, then one line per question of the newest
// round, followed back through its lineage. Each point is withheld as the scope's figures are
// withheld in its round.
func Trends(in TrendInput) []TrendLine {
	if len(in.Rounds) == 0 {
		return []TrendLine{}
	}
	overall := TrendLine{}
	for _, r := range in.Rounds {
		overall.Points = append(overall.Points, in.point(r, nil))
	}
	finish(&overall)
	out := []TrendLine{overall}
	newest := in.Rounds[len(in.Rounds)-1]
	var newestQuestions []QuestionRef
	for _, q := range in.Questions {
		if q.QuestionnaireID == newest.QuestionnaireID {
			newestQuestions = append(newestQuestions, q)
		}
	}
	sort.Slice(newestQuestions, func(i, j int) bool { return newestQuestions[i].Position < newestQuestions[j].Position })
	l := newLineage(in.Questions, in.Links)
	for _, q := range newestQuestions {
		out = append(out, in.questionLine(q, l))
	}
	return out
}

// lineage finds the earlier questions a question continues.
type lineage struct {
	preds   map[int64][]int64
	version map[int64]int64 // question → questionnaire
}

func newLineage(questions []QuestionRef, links []Link) lineage {
	l := lineage{preds: map[int64][]int64{}, version: map[int64]int64{}}
	for _, lk := range links {
		l.preds[lk.QuestionID] = append(l.preds[lk.QuestionID], lk.PredecessorID)
	}
	for _, q := range questions {
		l.version[q.ID] = q.QuestionnaireID
	}
	return l
}

// earlier are the questions that ids continue, each once.
func (l lineage) earlier(ids []int64) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, id := range ids {
		for _, p := range l.preds[id] {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// questionLine walks back through the rounds: in each, the ids that stand for q's line in the
// round's questionnaire. The line ends where the lineage does.
func (in TrendInput) questionLine(q QuestionRef, l lineage) TrendLine {
	qid := q.ID
	line := TrendLine{QuestionID: &qid}
	ids := []int64{q.ID}
	version := q.QuestionnaireID
	var points []TrendPoint
	for i := len(in.Rounds) - 1; i >= 0; i-- {
		r := in.Rounds[i]
		for r.QuestionnaireID != version && len(ids) > 0 {
			if ids = l.earlier(ids); len(ids) > 0 {
				version = l.version[ids[0]]
			}
		}
		if len(ids) == 0 || r.QuestionnaireID != version {
			break
		}
		points = append(points, in.point(r, ids))
	}
	for i := len(points) - 1; i >= 0; i-- {
		line.Points = append(line.Points, points[i])
	}
	finish(&line)
	return line
}

// point is the figures of questions ids pooled in round r, or of all questions when ids is nil.
func (in TrendInput) point(r RoundRef, ids []int64) TrendPoint {
	p := TrendPoint{RoundID: r.ID, RoundNumber: r.Number}
	byCase := in.Node.Kind == stats.Service
	overall := ids == nil
	if overall {
		p.Options, _, p.Cases = in.Cells.At(CellKey{Round: r.ID}, byCase)
	} else {
		var fs []OptionFigures
		for _, id := range ids {
			o, _, n := in.Cells.At(CellKey{Round: r.ID, Question: id}, byCase)
			fs = append(fs, o)
			p.Cases = max(p.Cases, n)
		}
		p.Options = SumOptions(fs)
	}
	if in.Suppressions != nil {
		p.SuppressedReason = SuppressionReason(in.Suppressions[r.ID].Reason(in.Node), in.Floor, in.Lang)
	}
	if p.Suppressed = p.SuppressedReason != ""; p.Suppressed {
		p.Options = OptionFigures{}
		if !overall {
			p.Cases = 0 // a question's answered cases are a figure of the node too
		}
	}
	return p
}

// finish finds the line's median and run-chart signals on the Ja shares it shows.
func finish(line *TrendLine) {
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
