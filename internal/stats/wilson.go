package stats

import "math"

// Z95 is the two-sided 95 % standard normal quantile.
const Z95 = 1.959964

// Wilson returns the 95 % Wilson score interval for k successes of n trials.
// The Wilson interval is used rather than the textbook (Wald) interval
// because services often have small n and proportions near 0 or 1, where the
// Wald interval collapses to zero width or leaves [0, 1].
//
// ok is false when n <= 0 or k is outside [0, n].
func Wilson(k, n int) (lo, hi float64, ok bool) {
	return WilsonZ(k, n, Z95)
}

// WilsonZ is Wilson with a caller-chosen normal quantile z (for example
// 1.644854 for 90 %). ok is false also when z is negative, NaN or infinite.
func WilsonZ(k, n int, z float64) (lo, hi float64, ok bool) {
	if n <= 0 || k < 0 || k > n || z < 0 || math.IsNaN(z) || math.IsInf(z, 0) {
		return 0, 0, false
	}
	nf := float64(n)
	p := float64(k) / nf
	z2 := z * z
	denom := 1 + z2/nf
	center := (p + z2/(2*nf)) / denom
	half := z * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / denom
	lo, hi = center-half, center+half
	// The bounds at k == 0 and k == n are exactly 0 and 1 in theory; pin them
	// so rounding cannot show "-0.0 %" or "100.0000001 %".
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return max(lo, 0), min(hi, 1), true
}
