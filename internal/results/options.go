package results

import (
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

// A figure of several services (the nation, an office, a county) is clustered by service
// (domain.ClusterService); one service's own figures, and any figure that rests on a single
// service, by case (domain.ClusterCase). See internal/stats/cluster.go.

// Option indexes of the clustered sums: Ja, Delvis and Nei.
const (
	OptYes = iota
	OptPartly
	OptNo
)

// ShareCI is a count with its share of the denominator, a 95 % interval that respects the
// clustering of the answers, and the design effect it rests on.
type ShareCI struct {
	Count            int
	Share, Low, High *float64
	// DesignEffect is the variance of the share over what independent answers would give (at
	// least 1); nil without a denominator.
	DesignEffect *float64
}

// OptionFigures are the counts of each option. Shares use YES + PARTLY + NO as the denominator;
// NOT_POSSIBLE and NOT_APPLICABLE are counted separately.
type OptionFigures struct {
	Yes, Partly, No            ShareCI
	NotPossible, NotApplicable int
	Denominator                int
	// Unit is what the answers are clustered by; "" without answers.
	Unit domain.ClusterUnit
	// Clusters is the number of services or cases with answers in the denominator.
	Clusters int
	// parts are the cluster sums of Ja, Delvis and Nei the shares rest on: one entry, or one per
	// question of a pooled figure.
	parts [][3]stats.ClusterSums
}

// Counts are the answers of each option behind a figure.
type Counts struct {
	Yes, Partly, No, NotPossible, NotApplicable int
}

func newShare(k int, sh stats.Share, ok bool) ShareCI {
	s := ShareCI{Count: k}
	if ok {
		p, lo, hi, d := sh.P, sh.Low, sh.High, sh.DesignEffect
		s.Share, s.Low, s.High, s.DesignEffect = &p, &lo, &hi, &d
	}
	return s
}

// ClusteredFigures are the figures of counts whose Ja, Delvis and Nei rest on the cluster sums.
func ClusteredFigures(c Counts, unit domain.ClusterUnit, sums [3]stats.ClusterSums) OptionFigures {
	return pooledFigures(c, unit, [][3]stats.ClusterSums{sums})
}

// pooledFigures are the figures of counts pooled over several parts, each with its cluster sums.
func pooledFigures(c Counts, unit domain.ClusterUnit, parts [][3]stats.ClusterSums) OptionFigures {
	f := OptionFigures{NotPossible: c.NotPossible, NotApplicable: c.NotApplicable, Denominator: c.Yes + c.Partly + c.No, parts: parts}
	shares := [3]*ShareCI{&f.Yes, &f.Partly, &f.No}
	for i, k := range []int{c.Yes, c.Partly, c.No} {
		sh, ok := pooledShare(parts, i)
		*shares[i] = newShare(k, sh, ok)
		if ok {
			f.Unit, f.Clusters = unit, sh.Clusters
		}
	}
	return f
}

func pooledShare(parts [][3]stats.ClusterSums, i int) (stats.Share, bool) {
	var ps []stats.ClusterSums
	for _, p := range parts {
		ps = append(ps, p[i])
	}
	return stats.PooledShare(ps)
}

// SumOptions pools the figures of several questions of one scope and round (a MERGED question's
// predecessors): counts add up, and the shares are pooled over the parts (stats.PooledShare).
func SumOptions(fs []OptionFigures) OptionFigures {
	if len(fs) == 1 {
		return fs[0]
	}
	var c Counts
	var unit domain.ClusterUnit
	var parts [][3]stats.ClusterSums
	for _, f := range fs {
		c.Yes, c.Partly, c.No = c.Yes+f.Yes.Count, c.Partly+f.Partly.Count, c.No+f.No.Count
		c.NotPossible, c.NotApplicable = c.NotPossible+f.NotPossible, c.NotApplicable+f.NotApplicable
		parts = append(parts, f.parts...)
		if unit == "" {
			unit = f.Unit
		}
	}
	return pooledFigures(c, unit, parts)
}

// ClusteredBy is what the answers are clustered by (GraphQL field); nil without answers.
func (f OptionFigures) ClusteredBy() *domain.ClusterUnit {
	if f.Unit == "" {
		return nil
	}
	u := f.Unit
	return &u
}

// Change compares option i (OptYes, OptPartly or OptNo) of two rounds' figures with the clustered
// two-proportion test; nil without answers in either.
func Change(older, newer OptionFigures, i int) *stats.Comparison {
	o, ok1 := pooledShare(older.parts, i)
	n, ok2 := pooledShare(newer.parts, i)
	if !ok1 || !ok2 {
		return nil
	}
	c, ok := stats.ClusteredChange(o, n)
	if !ok {
		return nil
	}
	return &c
}

// Share is k of n as a fraction; nil when n is 0.
func Share(k, n int) *float64 {
	if n == 0 {
		return nil
	}
	v := float64(k) / float64(n)
	return &v
}
