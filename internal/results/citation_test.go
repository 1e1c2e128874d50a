package results

import (
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

func TestCitedValue(t *testing.T) {
	national := []QuestionFigures{
		{QuestionID: 1, Options: figuresOf(3, 1, 0), Cases: 4, Services: 2},
		{QuestionID: 2, Suppressed: true},
	}
	tests := []struct {
		name         string
		qid          int64
		figure       domain.CitedFigure
		want         *float64
		wantWithheld bool
	}{
		{"a share", 1, "YES_SHARE", ptr(0.75), false},
		{"a count", 1, "SERVICES", ptr(2.0), false},
		{"a withheld question", 2, "CASES", nil, true},
		{"a question not among the figures", 3, "CASES", nil, false},
		{"an unknown figure", 1, "MEDIAN", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, withheld := CitedValue(national, tt.qid, tt.figure)
			if withheld != tt.wantWithheld || (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
				t.Fatalf("value %v withheld %v", got, withheld)
			}
		})
	}
}
