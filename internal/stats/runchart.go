package stats

import (
	"math"
	"slices"
)

// Run-chart rule thresholds, as used in improvement work (IHI run-chart
// rules, "forbedringsmodellen"). They are meant for charts of roughly 10 to
// 25 points; with many more points, random shifts of 6 become common.
const (
	ShiftLength = 6 // points on one side of the median
	TrendLength = 5 // points steadily going up or down
)

// Signal kinds and directions reported by RunChart.
const (
	SignalShift = "SHIFT"
	SignalTrend = "TREND"

	DirectionUp    = "UP"
	DirectionDown  = "DOWN"
	DirectionAbove = "ABOVE"
	DirectionBelow = "BELOW"
)

// Signal is a non-random pattern in a run chart.
type Signal struct {
	Kind      string // SignalShift or SignalTrend
	Direction string // DirectionUp/DirectionDown (trend), DirectionAbove/DirectionBelow (shift)
	From, To  int    // inclusive indices into the series
}

// RunChart returns the median of series (the run chart's centre line) and the
// shifts and trends in it, ordered by From, then To.
//
// Shift: ShiftLength or more consecutive points all above, or all below, the
// median. Points exactly on the median neither break a run nor count towards
// it; they can lie inside the reported From–To span.
//
// Trend: TrendLength or more consecutive points all going up, or all going
// down, counting points (5 points = 4 steps). Equal consecutive values
// neither add to nor break a trend, as in the IHI rules: 1, 2, 2, 3, 4, 5 is
// a trend of 5 points spanning all six indices. A trend's span starts at the
// last of any equal values it begins with and ends at the first point that
// reaches its final value, so flat stretches at either end are not included.
// The turning point of a peak or trough belongs to both the trend into it
// and the trend out of it.
//
// NaN values are treated as missing observations: they are left out of the
// median and neither break nor extend a shift or trend. For a series without
// any non-NaN value, RunChart returns 0 and no signals.
func RunChart(series []float64) (median float64, signals []Signal) {
	var valid []float64
	for _, x := range series {
		if !math.IsNaN(x) {
			valid = append(valid, x)
		}
	}
	if len(valid) == 0 {
		return 0, nil
	}
	slices.Sort(valid)
	median = PercentileCont(valid, 0.5)

	signals = append(shifts(series, median), trends(series)...)
	slices.SortStableFunc(signals, func(a, b Signal) int {
		if a.From != b.From {
			return a.From - b.From
		}
		return a.To - b.To
	})
	return median, signals
}

func shifts(series []float64, median float64) []Signal {
	var out []Signal
	side, count, from, to := 0, 0, 0, 0
	flush := func() {
		if count >= ShiftLength {
			dir := DirectionAbove
			if side < 0 {
				dir = DirectionBelow
			}
			out = append(out, Signal{Kind: SignalShift, Direction: dir, From: from, To: to})
		}
	}
	for i, x := range series {
		if math.IsNaN(x) || x == median {
			continue
		}
		s := 1
		if x < median {
			s = -1
		}
		if s != side {
			flush()
			side, count, from = s, 0, i
		}
		count++
		to = i
	}
	flush()
	return out
}

func trends(series []float64) []Signal {
	var out []Signal
	// prev is the index of the latest valid point, so after equal values it
	// is the last of them: that is where a new trend starts moving.
	prev, dir, count, from, to := -1, 0, 0, 0, 0
	flush := func() {
		if count >= TrendLength {
			d := DirectionUp
			if dir < 0 {
				d = DirectionDown
			}
			out = append(out, Signal{Kind: SignalTrend, Direction: d, From: from, To: to})
		}
	}
	for i, x := range series {
		if math.IsNaN(x) {
			continue
		}
		if prev < 0 {
			prev = i
			continue
		}
		step := 0
		switch {
		case x > series[prev]:
			step = 1
		case x < series[prev]:
			step = -1
		}
		switch step {
		case 0:
			// Equal values neither add to nor break a trend.
		case dir:
			count++
			to = i
		default:
			flush()
			dir, count, from, to = step, 2, prev, i
		}
		prev = i
	}
	flush()
	return out
}
