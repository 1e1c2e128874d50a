package results

import (
	"math"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

func TestClusteredFiguresShares(t *testing.T) {
	tests := []struct {
		name                string
		yes, partly, no, np int
		wantDen             int
		wantYes             *float64
		wantUnit            domain.ClusterUnit
	}{
		{"shares of Ja, Delvis and Nei only", 6, 2, 2, 5, 10, ptr(0.6), domain.ClusterCase},
		{"only not possible: no denominator, no share, no unit", 0, 0, 0, 3, 0, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := indep(1, 0, 0, 0, 1, tt.yes, tt.partly, tt.no)
			c.Counts.NotPossible = tt.np
			f := c.Figures(true)
			if f.Denominator != tt.wantDen || f.NotPossible != tt.np || f.Unit != tt.wantUnit {
				t.Fatalf("got denominator %d, not possible %d, unit %q", f.Denominator, f.NotPossible, f.Unit)
			}
			if (f.Yes.Share == nil) != (tt.wantYes == nil) || (f.Yes.Share != nil && math.Abs(*f.Yes.Share-*tt.wantYes) > 1e-9) {
				t.Fatalf("yes share %v, want %v", f.Yes.Share, tt.wantYes)
			}
			if tt.wantYes != nil && (*f.Yes.Low > *f.Yes.Share || *f.Yes.High < *f.Yes.Share) {
				t.Fatalf("interval [%v, %v] does not hold the share", *f.Yes.Low, *f.Yes.High)
			}
		})
	}
}

func TestSumOptionsPoolsCountsAndShares(t *testing.T) {
	a, b := figuresOf(3, 1, 0), figuresOf(1, 1, 2)
	got := SumOptions([]OptionFigures{a, b})
	if got.Yes.Count != 4 || got.Partly.Count != 2 || got.No.Count != 2 || got.Denominator != 8 {
		t.Fatalf("pooled counts %+v", got)
	}
	if got.Yes.Share == nil || math.Abs(*got.Yes.Share-0.5) > 1e-9 {
		t.Fatalf("pooled yes share %v, want 0.5", got.Yes.Share)
	}
	if one := SumOptions([]OptionFigures{a}); one.Yes.Count != a.Yes.Count {
		t.Fatal("one figure pooled is itself")
	}
}

func TestChange(t *testing.T) {
	tests := []struct {
		name       string
		old, cur   OptionFigures
		wantNil    bool
		wantSignif bool
	}{
		{"no answers before: nothing to compare", OptionFigures{}, figuresOf(5, 0, 5), true, false},
		{"the same share is no change", figuresOf(50, 0, 50), figuresOf(50, 0, 50), false, false},
		{"from a tenth to nine tenths is beyond random variation", figuresOf(10, 0, 90), figuresOf(90, 0, 10), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Change(tt.old, tt.cur, OptYes)
			if (c == nil) != tt.wantNil {
				t.Fatalf("change %v, want nil %v", c, tt.wantNil)
			}
			if c != nil && c.Significant != tt.wantSignif {
				t.Fatalf("significant %v, want %v", c.Significant, tt.wantSignif)
			}
		})
	}
}

func TestShare(t *testing.T) {
	if Share(1, 0) != nil {
		t.Fatal("no share of nothing")
	}
	if s := Share(1, 4); s == nil || *s != 0.25 {
		t.Fatalf("share %v", s)
	}
}

func TestClusteredBy(t *testing.T) {
	if (OptionFigures{}).ClusteredBy() != nil {
		t.Fatal("figures without answers are clustered by nothing")
	}
	if u := figuresOf(1, 0, 0).ClusteredBy(); u == nil || *u != "CASE" {
		t.Fatalf("clustered by %v", u)
	}
}
