package results

import (
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

// Link says that a question continues an earlier one, and how comparably.
type Link struct {
	QuestionID, PredecessorID int64
	Comparability             domain.Comparability
}

// ByQuestion indexes the question figures of a single scope's figures (none for no figures).
func ByQuestion(fs []Figures) map[int64]QuestionFigures {
	out := map[int64]QuestionFigures{}
	if len(fs) == 1 {
		for _, q := range fs[0].Questions {
			out[q.QuestionID] = q
		}
	}
	return out
}

// CompareQuestions compares each question (in order) of the current round's figures with what it
// continues in the older round's figures. A comparison is withheld when either side is.
func CompareQuestions(questions []int64, links []Link, cur, old map[int64]QuestionFigures) []QuestionComparison {
	preds := map[int64][]Link{}
	for _, l := range links {
		preds[l.QuestionID] = append(preds[l.QuestionID], l)
	}
	out := make([]QuestionComparison, 0, len(questions))
	for _, id := range questions {
		out = append(out, compareQuestion(id, cur[id], preds[id], old))
	}
	return out
}

// compareQuestion compares one question's figures with its predecessors' pooled.
func compareQuestion(id int64, q QuestionFigures, preds []Link, old map[int64]QuestionFigures) QuestionComparison {
	c := QuestionComparison{QuestionID: id, Comparability: domain.ComparabilityNew, PredecessorIDs: []int64{}, Current: q.Options}
	c.Suppressed, c.SuppressedReason = q.Suppressed, q.SuppressedReason
	var prevs []OptionFigures
	rank := domain.ComparabilityRank
	for i, l := range preds {
		if i == 0 || rank[l.Comparability] > rank[c.Comparability] {
			c.Comparability = l.Comparability
		}
		c.PredecessorIDs = append(c.PredecessorIDs, l.PredecessorID)
		p := old[l.PredecessorID]
		if p.Suppressed {
			c.Suppressed, c.SuppressedReason = true, p.SuppressedReason
		}
		prevs = append(prevs, p.Options)
	}
	if len(prevs) > 0 {
		c.Previous = SumOptions(prevs)
	}
	if !c.Suppressed && len(prevs) > 0 {
		c.Yes, c.Partly, c.No = Change(c.Previous, c.Current, OptYes), Change(c.Previous, c.Current, OptPartly), Change(c.Previous, c.Current, OptNo)
	}
	if c.Suppressed {
		c.Current, c.Previous = OptionFigures{}, OptionFigures{}
	}
	return c
}
