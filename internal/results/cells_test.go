package results

import (
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

func TestCellClusterUnit(t *testing.T) {
	tests := []struct {
		name     string
		services int
		byCase   bool
		want     domain.ClusterUnit
	}{
		{"several services are clustered by service", 3, false, domain.ClusterService},
		{"one service's own figures are clustered by case", 3, true, domain.ClusterCase},
		{"a figure resting on a single service is clustered by case", 1, false, domain.ClusterCase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := indep(1, 0, 0, 0, tt.services, 4, 1, 1)
			if got := c.Figures(tt.byCase).Unit; got != tt.want {
				t.Fatalf("unit %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCellKeys(t *testing.T) {
	q, s := indep(1, 7, 11, 0, 1, 1, 0, 0), indep(1, 7, 0, 3, 1, 1, 0, 0)
	q.SectionID = ptr(int64(3)) // a question's cell is named by the question even with its section
	tests := []struct {
		name string
		cell *Cell
		want CellKey
	}{
		{"a question's cell", q, CellKey{Round: 1, Grp: 7, Question: 11}},
		{"a section's cell", s, CellKey{Round: 1, Grp: 7, Section: 3}},
		{"all questions' cell", indep(2, 0, 0, 0, 1, 1, 0, 0), CellKey{Round: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cell.Key(); got != tt.want {
				t.Fatalf("key %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestAnswersAreCases(t *testing.T) {
	c := &Cell{Counts: Counts{Yes: 2, Partly: 1, No: 1, NotPossible: 1, NotApplicable: 2}}
	c.AnswersAreCases()
	if c.Cases != 7 {
		t.Fatalf("every answer is a case: %d", c.Cases)
	}
	if c.ByCase[OptYes].K != 4 || c.ByCase[OptYes].Y != 2 {
		t.Fatalf("by case the denominator's answers are the clusters: %+v", c.ByCase[OptYes])
	}
	if _, _, n := (Cells{}).At(CellKey{Round: 9}, false); n != 0 {
		t.Fatal("a cell not counted is empty")
	}
}
