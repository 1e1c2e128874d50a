package stats

import "math"

// Comparison is the result of TwoProportion or ClusteredChange.
type Comparison struct {
	Diff        float64 // p2 - p1: positive when the newer proportion is higher
	Z           float64 // pooled two-proportion z statistic, same sign as Diff
	P           float64 // two-sided p-value
	Significant bool    // P < 0.05
	// DetectableDifference is the smallest difference that could have been significant at 5 % with these
	// (effective) sample sizes, at a share of one half where the uncertainty is largest:
	// Z95·√(¼(1/n1 + 1/n2)).
	DetectableDifference float64
	// TooFewToTell: not significant, and DetectableDifference is above TellableDifference — the numbers
	// cannot tell a real change of that size from chance.
	TooFewToTell bool
	// The design effects of the older and newer share (1 for TwoProportion).
	OlderDesignEffect, NewerDesignEffect float64
}

// TwoProportion compares an older proportion p1 = k1/n1 with a newer one
// p2 = k2/n2 using the pooled two-proportion z-test, as if every answer were
// independent. The statistics of the application use ClusteredChange, which
// gives the same test on effective counts; this is its textbook special case
// (design effect 1).
//
// How to read it:
//   - The test uses the normal approximation, which is rough when n is small
//     (as a rule of thumb, when any of k1, n1-k1, k2, n2-k2 is below 5). Show
//     such results with care, preferably together with the Wilson intervals.
//   - "Not significant" means the change is within what random variation
//     could produce; it does NOT mean there was no change. Small services
//     will rarely see significant changes even when real ones happen: then
//     TooFewToTell is set.
//
// ok is false when a denominator is not positive or a k is outside [0, n].
// When both proportions are 0 or both are 1 there is no variation to test
// against; the result is then Diff 0, Z 0, P 1, not significant.
func TwoProportion(k1, n1, k2, n2 int) (Comparison, bool) {
	if n1 <= 0 || n2 <= 0 || k1 < 0 || k1 > n1 || k2 < 0 || k2 > n2 {
		return Comparison{}, false
	}
	c := change(float64(k1)/float64(n1), float64(n1), float64(k2)/float64(n2), float64(n2))
	c.OlderDesignEffect, c.NewerDesignEffect = 1, 1
	return c, true
}

// change is the pooled two-proportion z-test of p1 on n1 against p2 on n2 (n may be an effective,
// fractional sample size).
func change(p1, n1, p2, n2 float64) Comparison {
	pooled := (p1*n1 + p2*n2) / (n1 + n2)
	se := math.Sqrt(pooled * (1 - pooled) * (1/n1 + 1/n2))
	c := Comparison{Diff: p2 - p1, P: 1, DetectableDifference: Z95 * math.Sqrt(0.25*(1/n1+1/n2))}
	if se > 1e-12 {
		c.Z = c.Diff / se
		c.P = math.Erfc(math.Abs(c.Z) / math.Sqrt2)
		c.Significant = c.P < 0.05
	}
	c.TooFewToTell = !c.Significant && c.DetectableDifference > TellableDifference
	return c
}
