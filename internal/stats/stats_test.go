package stats

import (
	"math"
	"slices"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestWilson(t *testing.T) {
	// Reference values from an independent script using the closed form
	// (center ± half-width), cross-checked against the published
	// k=0/5/10 of n=10 values.
	tests := []struct {
		k, n   int
		lo, hi float64
		ok     bool
	}{
		{0, 10, 0, 0.2775328030, true},
		{5, 10, 0.2365930890, 0.7634069110, true},
		{10, 10, 0.7224671970, 1, true},
		{1, 10, 0.0178762129, 0.4041500295, true},
		{3, 7, 0.1582198540, 0.7495416372, true},
		{81, 263, 0.2552885195, 0.3662095775, true},
		{95, 100, 0.8882495301, 0.9784563210, true},
		{0, 1, 0, 0.7934506882, true},
		{1, 1, 0.2065493118, 1, true},
		{0, 0, 0, 0, false},
		{1, 0, 0, 0, false},
		{-1, 10, 0, 0, false},
		{11, 10, 0, 0, false},
		{0, -5, 0, 0, false},
	}
	for _, tt := range tests {
		lo, hi, ok := Wilson(tt.k, tt.n)
		if ok != tt.ok || !near(lo, tt.lo, 1e-9) || !near(hi, tt.hi, 1e-9) {
			t.Errorf("Wilson(%d, %d) = (%.10f, %.10f, %v), want (%.10f, %.10f, %v)",
				tt.k, tt.n, lo, hi, ok, tt.lo, tt.hi, tt.ok)
		}
		if ok && !(0 <= lo && lo <= float64(tt.k)/float64(tt.n) && float64(tt.k)/float64(tt.n) <= hi && hi <= 1) {
			t.Errorf("Wilson(%d, %d) = [%v, %v] does not contain the estimate within [0, 1]", tt.k, tt.n, lo, hi)
		}
	}
}

func TestWilsonZ(t *testing.T) {
	tests := []struct {
		name   string
		k, n   int
		z      float64
		lo, hi float64
		ok     bool
	}{
		{"90 %", 3, 20, 1.644854, 0.0615823985, 0.3218281210, true},
		{"z 0 is the point estimate", 3, 20, 0, 0.15, 0.15, true},
		{"negative z", 3, 20, -1, 0, 0, false},
		{"NaN z", 3, 20, math.NaN(), 0, 0, false},
		{"Inf z", 3, 20, math.Inf(1), 0, 0, false},
		{"large n stays within [0, 1]", 1_000_000, 1_000_000, Z95, 0.9999961586, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi, ok := WilsonZ(tt.k, tt.n, tt.z)
			if ok != tt.ok || !near(lo, tt.lo, 1e-9) || !near(hi, tt.hi, 1e-9) {
				t.Errorf("WilsonZ(%d, %d, %v) = (%.10f, %.10f, %v), want (%.10f, %.10f, %v)",
					tt.k, tt.n, tt.z, lo, hi, ok, tt.lo, tt.hi, tt.ok)
			}
		})
	}
}

func TestTwoProportion(t *testing.T) {
	// Hand-computed: 30/100 -> 45/100. Pooled p = 75/200 = 0.375,
	// SE = sqrt(0.375 * 0.625 * (1/100 + 1/100)) = sqrt(0.0046875) = 0.0684653,
	// z = 0.15 / 0.0684653 = 2.19089, two-sided P = 2 * (1 - Φ(2.19089)) = 0.02846.
	tests := []struct {
		name           string
		k1, n1, k2, n2 int
		want           Comparison
		ok             bool
	}{
		{"hand example up", 30, 100, 45, 100, Comparison{Diff: 0.15, Z: 2.1908902300, P: 0.0284597369, Significant: true}, true},
		{"hand example down", 45, 100, 30, 100, Comparison{Diff: -0.15, Z: -2.1908902300, P: 0.0284597369, Significant: true}, true},
		{"small drop, random variation", 12, 40, 9, 38, Comparison{Diff: -0.0631578947, Z: -0.6285642335, P: 0.5296343820, Significant: false}, true},
		{"large drop, small n", 5, 20, 10, 20, Comparison{Diff: 0.25, Z: 1.6329931619, P: 0.1024704349, Significant: false}, true},
		{"equal proportions", 40, 50, 48, 60, Comparison{Diff: 0, Z: 0, P: 1, Significant: false}, true},
		{"both zero", 0, 10, 0, 25, Comparison{Diff: 0, Z: 0, P: 1, Significant: false}, true},
		{"both all", 10, 10, 25, 25, Comparison{Diff: 0, Z: 0, P: 1, Significant: false}, true},
		{"zero older denominator", 0, 0, 3, 10, Comparison{}, false},
		{"zero newer denominator", 3, 10, 0, 0, Comparison{}, false},
		{"k above n", 11, 10, 3, 10, Comparison{}, false},
		{"negative k", 3, 10, -1, 10, Comparison{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := TwoProportion(tt.k1, tt.n1, tt.k2, tt.n2)
			if ok != tt.ok || got.Significant != tt.want.Significant ||
				!near(got.Diff, tt.want.Diff, 1e-9) || !near(got.Z, tt.want.Z, 1e-9) || !near(got.P, tt.want.P, 1e-9) {
				t.Errorf("TwoProportion(%d, %d, %d, %d) = %+v, %v; want %+v, %v",
					tt.k1, tt.n1, tt.k2, tt.n2, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestPercentileContMatchesPostgreSQL(t *testing.T) {
	// want is the output of
	//   SELECT percentile_cont(ARRAY[0, 0.1, 0.25, 0.5, 0.75, 0.9, 1])
	//          WITHIN GROUP (ORDER BY x)
	// on PostgreSQL 15 for each sample (float8). Compared exactly: the
	// rounding artefacts (-0.9999999999999998, 62.999999999999986) are
	// PostgreSQL's and must be reproduced.
	ps := []float64{0, 0.1, 0.25, 0.5, 0.75, 0.9, 1}
	tests := []struct {
		name   string
		sample []float64
		want   []float64
	}{
		{"one value", []float64{1}, []float64{1, 1, 1, 1, 1, 1, 1}},
		{"two values", []float64{1, 2}, []float64{1, 1.1, 1.25, 1.5, 1.75, 1.9, 2}},
		{"three values", []float64{1, 2, 3}, []float64{1, 1.2, 1.5, 2, 2.5, 2.8, 3}},
		{"four values", []float64{1, 2, 3, 4}, []float64{1, 1.3, 1.75, 2.5, 3.25, 3.7, 4}},
		{"ties, unsorted input", []float64{3, 1, 4, 1, 5}, []float64{1, 1, 1, 3, 4, 4.6, 5}},
		{"negative and fractional", []float64{-2.5, 0, 0, 7, 10, 10, 12.25}, []float64{-2.5, -0.9999999999999998, 0, 7, 10, 10.9, 12.25}},
		{"ten values", []float64{12, 15, 20, 21, 35, 40, 44, 45, 60, 90}, []float64{12, 14.7, 20.25, 37.5, 44.75, 62.999999999999986, 90}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := slices.Sorted(slices.Values(tt.sample))
			for i, p := range ps {
				if got := PercentileCont(s, p); got != tt.want[i] {
					t.Errorf("PercentileCont(%v, %v) = %v, want %v", s, p, got, tt.want[i])
				}
			}
		})
	}
}

func TestPercentileContInvalid(t *testing.T) {
	tests := []struct {
		name   string
		sorted []float64
		p      float64
	}{
		{"empty", nil, 0.5},
		{"p below 0", []float64{1, 2}, -0.1},
		{"p above 1", []float64{1, 2}, 1.1},
		{"p NaN", []float64{1, 2}, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PercentileCont(tt.sorted, tt.p); !math.IsNaN(got) {
				t.Errorf("PercentileCont(%v, %v) = %v, want NaN", tt.sorted, tt.p, got)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want Summary
		ok   bool
	}{
		{"empty", nil, Summary{}, false},
		{"NaN", []float64{1, math.NaN()}, Summary{}, false},
		{"one", []float64{7}, Summary{1, 7, 7, 7, 7, 7}, true},
		{"unsorted with ties", []float64{3, 1, 4, 1, 5}, Summary{5, 1, 1, 3, 4, 5}, true},
		{"days to conclusion", []float64{90, 12, 45, 20, 15, 21, 35, 40, 44, 60}, Summary{10, 12, 20.25, 37.5, 44.75, 90}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.xs)
			got, ok := Summarize(tt.xs)
			if ok != tt.ok || got != tt.want {
				t.Errorf("Summarize(%v) = %+v, %v; want %+v, %v", tt.xs, got, ok, tt.want, tt.ok)
			}
			if !slices.EqualFunc(in, tt.xs, func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }) {
				t.Errorf("Summarize modified its input: %v -> %v", in, tt.xs)
			}
		})
	}
}

func TestRunChart(t *testing.T) {
	nan := math.NaN()
	shift := func(dir string, from, to int) Signal { return Signal{SignalShift, dir, from, to} }
	trend := func(dir string, from, to int) Signal { return Signal{SignalTrend, dir, from, to} }
	tests := []struct {
		name    string
		series  []float64
		median  float64
		signals []Signal
	}{
		{"empty", nil, 0, nil},
		{"all NaN", []float64{nan, nan}, 0, nil},
		{"single point", []float64{4}, 4, nil},
		{"flat", []float64{5, 5, 5, 5, 5, 5, 5, 5}, 5, nil},
		{"zigzag", []float64{1, 3, 1, 3, 1, 3, 1, 3}, 2, nil},

		// Shifts. Alternating steps (2, 1, 2, 1, ...) avoid accidental trends.
		{"shift of 5 above is not a signal",
			[]float64{1, 1, 1, 1, 1, 9, 8, 9, 8, 9, 1}, 1, nil},
		{"shift of 6 below",
			[]float64{10, 1, 2, 1, 2, 1, 2, 10, 10, 10, 10, 10, 3}, 3,
			[]Signal{shift(DirectionBelow, 1, 6)}},
		{"shift of 6 above after 6 below",
			[]float64{1, 1, 1, 1, 1, 1, 9, 8, 9, 8, 9, 8}, 4.5,
			[]Signal{shift(DirectionBelow, 0, 5), shift(DirectionAbove, 6, 11)}},
		{"points on the median neither break nor add",
			// median 5; above: indices 0,1,3,4,6 (5 points) and 7: 6 points.
			[]float64{7, 6, 5, 7, 6, 5, 7, 6, 1, 2, 1, 2, 1, 5, 5}, 5,
			[]Signal{shift(DirectionAbove, 0, 7)}},
		{"5 points plus points on median is still 5",
			[]float64{7, 6, 5, 7, 6, 5, 7, 1, 2, 1, 2, 1, 2, 5}, 5,
			[]Signal{shift(DirectionBelow, 7, 12)}},
		{"NaN neither breaks nor adds",
			[]float64{1, 2, nan, 1, 2, 1, 2, 9, 8, 9, 8, 9, 8}, 5,
			[]Signal{shift(DirectionBelow, 0, 6), shift(DirectionAbove, 7, 12)}},

		// Trends.
		{"trend of 4 points is not a signal", []float64{5, 1, 2, 3, 4, 1, 5}, 3, nil},
		{"trend of 5 points up", []float64{5, 1, 2, 3, 4, 5, 1}, 3, []Signal{trend(DirectionUp, 1, 5)}},
		{"trend of 5 points down", []float64{1, 9, 8, 7, 6, 5, 9}, 7, []Signal{trend(DirectionDown, 1, 5)}},
		{"tie inside adds nothing: 4 points", []float64{5, 1, 2, 2, 3, 4, 1}, 2, nil},
		{"tie inside does not break: 5 points", []float64{5, 1, 2, 2, 3, 4, 5, 1}, 2.5, []Signal{trend(DirectionUp, 1, 6)}},
		{"leading and trailing ties are outside the span",
			[]float64{1, 1, 2, 3, 4, 5, 5}, 3, []Signal{trend(DirectionUp, 1, 5)}},
		{"peak belongs to both trends",
			[]float64{1, 2, 3, 4, 5, 4, 3, 2, 1}, 3,
			[]Signal{trend(DirectionUp, 0, 4), trend(DirectionDown, 4, 8)}},
		{"NaN inside a trend", []float64{1, 2, nan, 3, 4, 5}, 3, []Signal{trend(DirectionUp, 0, 5)}},

		// Both.
		{"steady improvement gives shift and trend",
			[]float64{1, 2, 1, 2, 1, 2, 5, 6, 7, 8, 9, 10}, 3.5,
			[]Signal{shift(DirectionBelow, 0, 5), trend(DirectionUp, 4, 11), shift(DirectionAbove, 6, 11)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			median, signals := RunChart(tt.series)
			if median != tt.median || !slices.Equal(signals, tt.signals) {
				t.Errorf("RunChart(%v) = %v, %+v; want %v, %+v", tt.series, median, signals, tt.median, tt.signals)
			}
		})
	}
}
