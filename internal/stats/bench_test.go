package stats

import "testing"

func BenchmarkWilson(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Wilson(i%1000, 1000)
	}
}

func BenchmarkRunChart(b *testing.B) {
	series := []float64{0.5, 0.52, 0.55, 0.53, 0.6, 0.62, 0.64, 0.7, 0.71, 0.69, 0.75, 0.8}
	for i := 0; i < b.N; i++ {
		RunChart(series)
	}
}
