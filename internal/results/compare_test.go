package results

import (
	"reflect"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

func TestCompareQuestions(t *testing.T) {
	cur := map[int64]QuestionFigures{
		10: {QuestionID: 10, Options: figuresOf(90, 0, 10)},
		11: {QuestionID: 11, Options: figuresOf(5, 0, 5)},
		12: {QuestionID: 12, Options: figuresOf(5, 0, 5)},
		13: {QuestionID: 13, Options: figuresOf(8, 0, 2)},
	}
	old := map[int64]QuestionFigures{
		1: {QuestionID: 1, Options: figuresOf(10, 0, 90)},
		2: {QuestionID: 2, Suppressed: true, SuppressedReason: "few"},
		3: {QuestionID: 3, Options: figuresOf(2, 0, 2)},
		4: {QuestionID: 4, Options: figuresOf(2, 0, 2)},
	}
	links := []Link{
		{QuestionID: 10, PredecessorID: 1, Comparability: domain.ComparabilitySame},
		{QuestionID: 11, PredecessorID: 2, Comparability: domain.ComparabilitySame},
		{QuestionID: 13, PredecessorID: 3, Comparability: domain.ComparabilitySame},
		{QuestionID: 13, PredecessorID: 4, Comparability: domain.ComparabilityMerged},
	}
	got := CompareQuestions([]int64{10, 11, 12, 13, 14}, links, cur, old)
	tests := []struct {
		name  string
		c     QuestionComparison
		check func(QuestionComparison) bool
	}{
		{"a question continued the same compares directly", got[0], func(c QuestionComparison) bool {
			return c.Comparability == domain.ComparabilitySame && c.Yes != nil && c.Yes.Significant && !*c.WithinRandomVariation()
		}},
		{"a withheld predecessor withholds the comparison and both sides", got[1], func(c QuestionComparison) bool {
			return c.Suppressed && c.SuppressedReason == "few" && c.Yes == nil && c.Current.Denominator == 0
		}},
		{"a question without lineage is new, with nothing to compare", got[2], func(c QuestionComparison) bool {
			return c.Comparability == domain.ComparabilityNew && c.Yes == nil && c.WithinRandomVariation() == nil &&
				reflect.DeepEqual(c.PredecessorIDs, []int64{})
		}},
		{"a merged question pools its predecessors and takes the least comparable link", got[3], func(c QuestionComparison) bool {
			return c.Comparability == domain.ComparabilityMerged && c.Previous.Denominator == 8 &&
				reflect.DeepEqual(c.PredecessorIDs, []int64{3, 4}) && c.Yes != nil
		}},
		{"a question with no figures still appears under its own id", got[4], func(c QuestionComparison) bool {
			return c.QuestionID == 14 && c.Comparability == domain.ComparabilityNew
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.check(tt.c) {
				t.Fatalf("comparison %+v", tt.c)
			}
		})
	}
}

func TestByQuestionOnlyOfOneScope(t *testing.T) {
	f := Figures{Questions: []QuestionFigures{{QuestionID: 3}}}
	if len(ByQuestion([]Figures{f})) != 1 || len(ByQuestion([]Figures{f, f})) != 0 || len(ByQuestion(nil)) != 0 {
		t.Fatal("only a single scope's figures are indexed")
	}
}
