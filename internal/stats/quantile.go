package stats

import (
	"math"
	"slices"
)

// Summary is a five-number summary of a sample.
type Summary struct {
	N                        int
	Min, Q1, Median, Q3, Max float64
}

// Summarize returns the five-number summary of xs, using PercentileCont for
// the quartiles so the numbers match what the database reports for the same
// data. xs is not modified. ok is false when xs is empty or contains NaN
// (a NaN has no place in an ordering, so any quantile would be arbitrary).
func Summarize(xs []float64) (Summary, bool) {
	if len(xs) == 0 || slices.ContainsFunc(xs, math.IsNaN) {
		return Summary{}, false
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return Summary{
		N:      len(s),
		Min:    s[0],
		Q1:     PercentileCont(s, 0.25),
		Median: PercentileCont(s, 0.5),
		Q3:     PercentileCont(s, 0.75),
		Max:    s[len(s)-1],
	}, true
}

// PercentileCont returns the p-quantile of an ascending sorted sample with
// the definition of PostgreSQL's percentile_cont: linear interpolation
// between the values at ranks floor(p*(n-1)) and ceil(p*(n-1)) (0-based). The
// arithmetic follows PostgreSQL's float8 lerp (lo + (hi-lo)*fraction), so
// results agree to the last bit, not merely approximately (infinite values
// aside: PostgreSQL yields NaN between two equal infinities, this returns the
// infinity).
//
// It returns NaN for an empty sample or p outside [0, 1] (PostgreSQL raises
// an error there). sorted must be sorted ascending; this is not checked.
func PercentileCont(sorted []float64, p float64) float64 {
	if len(sorted) == 0 || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	pos := p * float64(len(sorted)-1)
	first := math.Floor(pos)
	second := math.Ceil(pos)
	lo, hi := sorted[int(first)], sorted[int(second)]
	if first == second || lo == hi {
		// Also avoids Inf-Inf = NaN when both neighbours are the same infinity.
		return lo
	}
	// The explicit conversion forbids fusing into an FMA (allowed on arm64
	// and others), which would round differently from PostgreSQL.
	return lo + float64((hi-lo)*(pos-first))
}
