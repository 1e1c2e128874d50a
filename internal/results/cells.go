package results

import (
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

// Cell is one figure of a group in a round: a question, a section (QuestionID nil) or all
// questions (both nil), with its counts and the cluster sums of Ja, Delvis and Nei by service and
// by case.
type Cell struct {
	RoundID           int64
	Grp               int64
	QuestionID        *int64
	SectionID         *int64
	Counts            Counts
	Services, Cases   int
	ByService, ByCase [3]stats.ClusterSums
}

// CellKey names a cell: a question's by the question, a section's by the section (question 0),
// all questions' by neither.
type CellKey struct {
	Round, Grp, Question, Section int64
}

// Cells are the counted cells of a query, by key.
type Cells map[CellKey]*Cell

// Key is the cell's name in Cells.
func (c *Cell) Key() CellKey {
	k := CellKey{Round: c.RoundID, Grp: c.Grp}
	switch {
	case c.QuestionID != nil:
		k.Question = *c.QuestionID
	case c.SectionID != nil:
		k.Section = *c.SectionID
	}
	return k
}

// AnswersAreCases sets what a question's cell knows by case without counting cases: each case
// answers a question once, so the cases that answered are the answers, and by case every answer is
// its own cluster.
func (c *Cell) AnswersAreCases() {
	n := c.Counts
	c.Cases = n.Yes + n.Partly + n.No + n.NotPossible + n.NotApplicable
	m := n.Yes + n.Partly + n.No
	c.ByCase = [3]stats.ClusterSums{stats.Independent(n.Yes, m), stats.Independent(n.Partly, m), stats.Independent(n.No, m)}
}

// Figures are the option figures of the cell, clustered by service unless the figure is one
// service's own (byCase) or rests on a single service.
func (c *Cell) Figures(byCase bool) OptionFigures {
	unit, sums := domain.ClusterService, c.ByService
	if byCase || c.Services < 2 {
		unit, sums = domain.ClusterCase, c.ByCase
	}
	return ClusteredFigures(c.Counts, unit, sums)
}

// At returns the figures, services and cases of one cell (zero when nothing was counted there).
func (cs Cells) At(k CellKey, byCase bool) (OptionFigures, int, int) {
	c := cs[k]
	if c == nil {
		return OptionFigures{}, 0, 0
	}
	return c.Figures(byCase), c.Services, c.Cases
}
