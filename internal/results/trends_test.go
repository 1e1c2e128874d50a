package results

import (
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

// trendInput is a campaign of three rounds: rounds 1 and 2 on questionnaire 1 (questions 1 and 2),
// round 3 on questionnaire 2, where question 20 continues 1 and question 21 is new.
func trendInput() TrendInput {
	return TrendInput{
		Rounds: []RoundRef{{ID: 1, QuestionnaireID: 1, Number: 1}, {ID: 2, QuestionnaireID: 1, Number: 2}, {ID: 3, QuestionnaireID: 2, Number: 3}},
		Questions: []QuestionRef{{ID: 1, QuestionnaireID: 1, Position: 1}, {ID: 2, QuestionnaireID: 1, Position: 2},
			{ID: 21, QuestionnaireID: 2, Position: 2}, {ID: 20, QuestionnaireID: 2, Position: 1}},
		Links: []Link{{QuestionID: 20, PredecessorID: 1, Comparability: domain.ComparabilitySame}},
		Cells: cells(
			indep(1, 0, 0, 0, 3, 4, 0, 6), indep(2, 0, 0, 0, 3, 6, 0, 4), indep(3, 0, 0, 0, 3, 8, 0, 2),
			indep(1, 0, 1, 0, 3, 2, 0, 3), indep(2, 0, 1, 0, 3, 3, 0, 2), indep(3, 0, 20, 0, 3, 4, 0, 1),
			indep(3, 0, 21, 0, 3, 1, 0, 1),
		),
		Node: stats.Node{Kind: stats.Nation}, Floor: DefaultMinCases, Lang: domain.LangEN,
	}
}

func rounds(l TrendLine) []int64 {
	var out []int64
	for _, p := range l.Points {
		out = append(out, p.RoundID)
	}
	return out
}

func TestTrendsFollowTheLineage(t *testing.T) {
	lines := Trends(trendInput())
	if len(lines) != 3 {
		t.Fatalf("%d lines: all questions, then each question of the newest round", len(lines))
	}
	tests := []struct {
		name       string
		line       TrendLine
		question   *int64
		wantRounds []int64
	}{
		{"all questions together span every round", lines[0], nil, []int64{1, 2, 3}},
		{"a continued question goes back through its predecessor", lines[1], ptr(int64(20)), []int64{1, 2, 3}},
		{"a new question starts in its own round", lines[2], ptr(int64(21)), []int64{3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if (tt.question == nil) != (tt.line.QuestionID == nil) || (tt.question != nil && *tt.question != *tt.line.QuestionID) {
				t.Fatalf("line of question %v", tt.line.QuestionID)
			}
			if got := rounds(tt.line); len(got) != len(tt.wantRounds) || got[0] != tt.wantRounds[0] {
				t.Fatalf("rounds %v, want %v", got, tt.wantRounds)
			}
			if tt.line.Median == nil || tt.line.Signals == nil {
				t.Fatal("a line with shares has a median and a (possibly empty) list of signals")
			}
		})
	}
	if lines[1].Points[0].Options.Yes.Count != 2 || lines[1].Points[0].Cases != 5 {
		t.Fatalf("round 1 of question 20 is question 1's figures: %+v", lines[1].Points[0])
	}
}

func TestTrendsWithholdPointsAsTheirRoundDoes(t *testing.T) {
	in := trendInput()
	few := []stats.Unit{{Service: 1, County: 1, Office: 1, Cases: 2}}
	many := []stats.Unit{{Service: 1, County: 1, Office: 1, Cases: 20}, {Service: 2, County: 1, Office: 1, Cases: 20}}
	in.Suppressions = map[int64]*stats.Suppression{1: stats.Suppress(few, DefaultMinCases), 2: stats.Suppress(many, DefaultMinCases), 3: stats.Suppress(many, DefaultMinCases)}
	lines := Trends(in)
	overall, question := lines[0].Points[0], lines[1].Points[0]
	if !overall.Suppressed || overall.Options.Denominator != 0 || overall.Cases == 0 {
		t.Fatalf("round 1 of the nation is withheld, its case count kept: %+v", overall)
	}
	if !question.Suppressed || question.Cases != 0 {
		t.Fatalf("a question's answered cases are withheld too: %+v", question)
	}
	if lines[0].Points[1].Suppressed {
		t.Fatal("round 2 is shown")
	}
	if len(Trends(TrendInput{})) != 0 {
		t.Fatal("no rounds, no lines")
	}
}
