package stats

import (
	"math"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Shares from clustered answers.
//
// The answers behind a figure are not independent draws: the cases of one service share its
// routines and people, and the answers of one case share that case. Counting them as independent
// (the textbook interval and two-proportion test) over-states certainty. So every share is
// treated as a ratio estimate over clusters: services for a figure of several services (the
// nation, an office, a county), cases for one service's own figures.
//
// The method (Rao & Scott 1992; the design effect of Kish 1965):
//
//  1. The share is p = Σy_i / Σm_i over clusters i, where y_i counts the answers with the option
//     in cluster i and m_i its answers in the denominator (Ja + Delvis + Nei).
//  2. Its variance is the ratio-estimator (linearisation) variance with clusters as the sampling
//     units: v = k/(k−1) · Σ (y_i − p·m_i)² / (Σm_i)², k the clusters with answers.
//  3. The design effect is d = v / (p(1−p)/n), n = Σm_i: how much larger the variance is than if
//     the n answers were independent. It is never taken below 1 (Korn & Graubard 1998): the
//     clustering is never allowed to claim more precision than independent answers would give.
//     With fewer than two clusters, or p at 0 or 1, there is nothing to estimate it from: d = 1.
//  4. The interval is the Wilson score interval at the effective sample size n/d (Korn &
//     Graubard 1998), and a change between two rounds is the pooled two-proportion z-test on the
//     effective counts y/d and n/d of each round (the "simple method" of Rao & Scott 1992).
//
// References:
//   - J. N. K. Rao and A. J. Scott (1992), "A simple method for the analysis of clustered binary
//     data", Biometrics 48(2), 577–585.
//   - E. L. Korn and B. I. Graubard (1998), "Confidence intervals for proportions with small
//     expected number of positive counts estimated from survey data", Survey Methodology 24(2),
//     193–201.
//   - L. Kish (1965), Survey Sampling, Wiley, section 8.2 (the design effect).
//
// What it does not do: with few clusters (a county of three services) the variance estimate is
// itself uncertain, and Korn and Graubard would also widen the interval by a t quantile on k−1
// degrees of freedom; that refinement is left out. Comparisons say when the numbers are too few to
// tell a change from chance (Comparison.TooFewToTell) instead.

// ClusterSums are the sums over clusters that a clustered share needs, for one option: y counts the
// answers with the option in a cluster, m its answers in the denominator. Sums of the products are
// kept so that the variance can be computed from a few aggregates in SQL, never from rows in Go.
type ClusterSums struct {
	K          int     // clusters with at least one answer in the denominator
	Y, M       float64 // Σy_i, Σm_i
	YY, YM, MM float64 // Σy_i², Σy_i·m_i, Σm_i²
}

// Add counts one cluster with y answers of the option among m in the denominator.
func (s *ClusterSums) Add(y, m float64) {
	if m > 0 {
		s.K++
	}
	s.Y, s.M = s.Y+y, s.M+m
	s.YY, s.YM, s.MM = s.YY+y*y, s.YM+y*m, s.MM+m*m
}

// Independent returns the sums of n answers that are their own clusters (one answer per cluster),
// y of them with the option: a single question's answers clustered by case.
func Independent(y, n int) ClusterSums {
	return ClusterSums{K: n, Y: float64(y), M: float64(n), YY: float64(y), YM: float64(y), MM: float64(n)}
}

// residual is Σ(y_i − p·m_i)² expanded: Σy² − 2p·Σym + p²·Σm² (never below 0).
func (s ClusterSums) residual(p float64) float64 {
	return max(0, s.YY-2*p*s.YM+p*p*s.MM)
}

// Share is a clustered share with its 95 % interval.
type Share struct {
	P            float64 // Σy / Σm
	N            float64 // Σm: answers in the denominator
	Clusters     int     // clusters with answers
	DesignEffect float64 // at least 1
	EffectiveN   float64 // N / DesignEffect
	Low, High    float64 // 95 % Wilson interval at the effective sample size
}

// ClusteredShare computes the share, design effect and interval of one option; ok is false when
// there are no answers in the denominator.
func ClusteredShare(s ClusterSums) (Share, bool) {
	return PooledShare([]ClusterSums{s})
}

// PooledShare is the share of several questions' answers pooled (a question that merges earlier
// ones, or a line that follows them back): Σy / Σm over the parts. The parts come from the same
// clusters, and how their answers go together within a cluster is not kept, so the variance uses
// the bound that holds for any such dependence (Minkowski's inequality):
// √Σ_i(Σ_j r_ij)² ≤ Σ_j √Σ_i r_ij², r_ij = y_ij − p·m_ij. With one part it is exact.
func PooledShare(parts []ClusterSums) (Share, bool) {
	var y, m, root float64
	k := 0
	for _, s := range parts {
		y, m = y+s.Y, m+s.M
	}
	if m <= 0 || y < 0 || y > m {
		return Share{}, false
	}
	p := y / m
	for _, s := range parts {
		if s.M <= 0 {
			continue
		}
		root += math.Sqrt(s.residual(p))
		if k == 0 || s.K < k {
			k = s.K
		}
	}
	out := Share{P: p, N: m, Clusters: k, DesignEffect: 1}
	if srs := p * (1 - p) / m; k >= 2 && srs > 0 {
		v := float64(k) / float64(k-1) * root * root / (m * m)
		out.DesignEffect = max(1, v/srs)
	}
	out.EffectiveN = m / out.DesignEffect
	out.Low, out.High = wilsonAt(p, out.EffectiveN, Z95)
	if y == 0 {
		out.Low = 0
	}
	if y == m {
		out.High = 1
	}
	return out, true
}

// wilsonAt is the Wilson score interval for a share p of n (n may be fractional: an effective
// sample size).
func wilsonAt(p, n, z float64) (lo, hi float64) {
	z2 := z * z
	denom := 1 + z2/n
	center := (p + z2/(2*n)) / denom
	half := z * math.Sqrt(p*(1-p)/n+z2/(4*n*n)) / denom
	return max(center-half, 0), min(center+half, 1)
}

// TellableDifference is the smallest change, in share (0.20 = 20 percentage points), that a
// comparison must be able to tell from chance before "within random variation" is said: below
// that power, the honest answer is "too few to tell" (document 002: "to målinger er ikke en
// trend"). The documents give no number; 20 points, one case in five, is the convention here.
const TellableDifference = 0.20

// ClusteredChange compares an older share with a newer one by the pooled two-proportion z-test on
// effective counts (Rao & Scott 1992): each round's answers count as N/d independent ones.
func ClusteredChange(older, newer Share) (Comparison, bool) {
	if older.EffectiveN <= 0 || newer.EffectiveN <= 0 {
		return Comparison{}, false
	}
	c := change(older.P, older.EffectiveN, newer.P, newer.EffectiveN)
	c.OlderDesignEffect, c.NewerDesignEffect = older.DesignEffect, newer.DesignEffect
	return c, true
}

// Verdict says what the comparison shows, in words a reader can act on: higher or lower beyond
// random variation; within random variation with enough answers to have seen a change of
// TellableDifference; or too few answers to have told such a change from chance.
func (c Comparison) Verdict() domain.ChangeVerdict {
	switch {
	case c.Significant && c.Diff > 0:
		return domain.VerdictHigher
	case c.Significant:
		return domain.VerdictLower
	case c.TooFewToTell:
		return domain.VerdictTooFewToTell
	}
	return domain.VerdictWithinRandomVariation
}
