package results

import (
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

func TestQueryValidate(t *testing.T) {
	tests := []struct {
		name      string
		q         Query
		wantField string // "" when valid
		wantFloor int
	}{
		{"zero floor is the default", Query{}, "", DefaultMinCases},
		{"a raised floor stands", Query{MinCases: 12}, "", 12},
		{"a floor below the default is refused", Query{MinCases: DefaultMinCases - 1}, "minCases", 0},
		{"as many thresholds as allowed", Query{Thresholds: make([]int, MaxDaysThresholds)}, "", DefaultMinCases},
		{"one threshold too many is refused", Query{Thresholds: make([]int, MaxDaysThresholds+1)}, "daysThresholds", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			err := q.Validate()
			if tt.wantField == "" {
				if err != nil || q.MinCases != tt.wantFloor {
					t.Fatalf("err %v, floor %d", err, q.MinCases)
				}
				return
			}
			de, ok := domain.AsError(err)
			if !ok || de.Code != domain.CodeBadInput || de.Field != tt.wantField {
				t.Fatalf("err %v, want BAD_USER_INPUT on %s", err, tt.wantField)
			}
		})
	}
}

func TestScopeAndGroupNodes(t *testing.T) {
	tests := []struct {
		name  string
		scope auth.Scope
		q     Query
		level Level
		grp   int64
		want  stats.Node
	}{
		{"national caller, no scope: the nation", auth.Scope{}, Query{}, LevelNone, 0, stats.Node{Kind: stats.Nation}},
		{"an office's caller: its office", auth.Scope{OfficeID: 2}, Query{}, LevelNone, 0, stats.Node{Kind: stats.Office, ID: 2}},
		{"a service's caller: its service", auth.Scope{OfficeID: 2, ServiceID: 5}, Query{}, LevelNone, 0, stats.Node{Kind: stats.Service, ID: 5}},
		{"the narrowest scope asked for wins", auth.Scope{}, Query{OfficeID: 2, CountyID: 3}, LevelNone, 0, stats.Node{Kind: stats.County, ID: 3}},
		{"a breakdown row by county", auth.Scope{}, Query{OfficeID: 2}, domain.BreakdownCounty, 8, stats.Node{Kind: stats.County, ID: 8}},
		{"a breakdown row by service", auth.Scope{}, Query{}, domain.BreakdownService, 9, stats.Node{Kind: stats.Service, ID: 9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := GroupNode(tt.scope, tt.q, tt.level, tt.grp); got != tt.want {
				t.Fatalf("node %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestSuppressionReason(t *testing.T) {
	tests := []struct {
		name   string
		reason stats.Reason
		want   string // a part of the English text; "" for none
	}{
		{"shown: no reason", stats.Shown, ""},
		{"too few cases names the floor", stats.TooFewCases, "Fewer than 7 cases"},
		{"complementary says why", stats.Complementary, "subtracting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SuppressionReason(tt.reason, 7, domain.LangEN)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Fatalf("reason %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSuppressionsDecidesEveryRound(t *testing.T) {
	units := map[int64][]stats.Unit{1: {{Service: 1, County: 1, Office: 1, Cases: 2}, {Service: 2, County: 1, Office: 1, Cases: 9}}}
	got := Suppressions([]int64{1, 2}, units, DefaultMinCases)
	if !got[1].Withheld(stats.Node{Kind: stats.Service, ID: 1}) {
		t.Fatal("a service on 2 cases is withheld")
	}
	if got[2] == nil || got[2].Withheld(stats.Node{Kind: stats.Nation}) {
		t.Fatal("a round without cases has a decision that withholds nothing")
	}
}
