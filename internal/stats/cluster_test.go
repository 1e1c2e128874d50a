package stats

import (
	"math"
	"math/rand"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// cluster is one cluster's raw counts: y answers with the option among m in the denominator.
type cluster struct{ y, m float64 }

// rawShare recomputes a clustered share straight from the clusters, term by term as Rao & Scott
// (1992) write it, independently of the sums ClusterSums keeps: p, the ratio-estimator variance,
// the design effect (at least 1), and the Wilson interval at n/d written out (with z to full
// precision, where Z95 has six decimals: interval ends agree to 1e-7).
func rawShare(cs []cluster) (p, deff, lo, hi float64) {
	var y, m float64
	k := 0
	for _, c := range cs {
		y += c.y
		m += c.m
		if c.m > 0 {
			k++
		}
	}
	p = y / m
	deff = 1
	if k >= 2 && p > 0 && p < 1 {
		var ss float64
		for _, c := range cs {
			r := c.y - p*c.m
			ss += r * r
		}
		v := float64(k) / float64(k-1) * ss / (m * m)
		deff = math.Max(1, v/(p*(1-p)/m))
	}
	n := m / deff
	z := 1.959963984540054
	centre := (p + z*z/(2*n)) / (1 + z*z/n)
	half := z / (1 + z*z/n) * math.Sqrt(p*(1-p)/n+z*z/(4*n*n))
	return p, deff, math.Max(0, centre-half), math.Min(1, centre+half)
}

func sumsOf(cs []cluster) ClusterSums {
	var s ClusterSums
	for _, c := range cs {
		s.Add(c.y, c.m)
	}
	return s
}

func TestClusteredShareHandExample(t *testing.T) {
	// Three services of ten answers: 8, 2 and 5 Ja. p = 15/30 = 0.5; residuals 3, −3, 0;
	// v = 3/2 · 18 / 900 = 0.03; independent answers would give 0.25/30 = 0.008333…; d = 3.6;
	// the interval is Wilson's at 30/3.6 = 8.33 answers.
	got, ok := ClusteredShare(sumsOf([]cluster{{8, 10}, {2, 10}, {5, 10}}))
	if !ok || !near(got.P, 0.5, 1e-12) || !near(got.DesignEffect, 3.6, 1e-9) || !near(got.EffectiveN, 30/3.6, 1e-9) || got.Clusters != 3 {
		t.Fatalf("got %+v", got)
	}
	// Wilson at n = 8.333…, p = 0.5: centre 0.5, half-width = z/(1+z²/n)·√(0.25/n + z²/4n²).
	if !near(got.Low, 0.2191416646, 1e-7) || !near(got.High, 0.7808583354, 1e-7) {
		t.Fatalf("interval [%.10f, %.10f]", got.Low, got.High)
	}
	lo, hi, _ := Wilson(15, 30)
	if got.Low >= lo || got.High <= hi {
		t.Fatalf("the clustered interval [%v, %v] must be wider than the independent one [%v, %v]", got.Low, got.High, lo, hi)
	}
}

func TestClusteredShareAgainstRawClusters(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	tests := []struct {
		name string
		cs   []cluster
	}{
		{"one cluster: nothing to estimate the clustering from", []cluster{{3, 10}}},
		{"all Ja", []cluster{{10, 10}, {8, 8}}},
		{"no Ja", []cluster{{0, 10}, {0, 8}, {0, 4}}},
		{"homogeneous clusters: the design effect is near the cluster size", []cluster{{10, 10}, {0, 10}, {10, 10}, {0, 10}}},
		{"clusters alike: the design effect is floored at 1", []cluster{{5, 10}, {5, 10}, {5, 10}}},
		{"a cluster without answers in the denominator does not count", []cluster{{4, 10}, {0, 0}, {7, 9}}},
	}
	for i := 0; i < 40; i++ {
		var cs []cluster
		for j := 0; j < 2+rng.Intn(30); j++ {
			m := float64(rng.Intn(40))
			cs = append(cs, cluster{math.Floor(m * rng.Float64()), m})
		}
		tests = append(tests, struct {
			name string
			cs   []cluster
		}{"random", cs})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, deff, lo, hi := rawShare(tt.cs)
			got, ok := ClusteredShare(sumsOf(tt.cs))
			if math.IsNaN(p) {
				if ok {
					t.Fatalf("no answers, got %+v", got)
				}
				return
			}
			if !ok || !near(got.P, p, 1e-12) || !near(got.DesignEffect, deff, 1e-9) || !near(got.Low, lo, 1e-7) || !near(got.High, hi, 1e-7) {
				t.Fatalf("got %+v; want p %v, d %v, [%v, %v]", got, p, deff, lo, hi)
			}
		})
	}
	// Homogeneous clusters of 10, half all Ja: residuals ±5, v = 4/3 · 100 / 40², and independent
	// answers would give ¼/40, so d = 40/3.
	got, _ := ClusteredShare(sumsOf([]cluster{{10, 10}, {0, 10}, {10, 10}, {0, 10}}))
	if !near(got.DesignEffect, 40.0/3, 1e-9) {
		t.Fatalf("homogeneous clusters: design effect %v, want 40/3", got.DesignEffect)
	}
}

func TestIndependentIsOneAnswerPerCluster(t *testing.T) {
	var s ClusterSums
	for i := 0; i < 12; i++ {
		y := 0.0
		if i < 7 {
			y = 1
		}
		s.Add(y, 1)
	}
	if s != Independent(7, 12) {
		t.Fatalf("%+v != %+v", s, Independent(7, 12))
	}
	got, _ := ClusteredShare(s)
	// One answer per cluster: v = k/(k−1)·p(1−p)/n, so d = n/(n−1).
	if !near(got.DesignEffect, 12.0/11, 1e-12) {
		t.Fatalf("design effect %v, want 12/11", got.DesignEffect)
	}
}

func TestPooledShareBoundsTheJointVariance(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	for trial := 0; trial < 200; trial++ {
		// Two questions answered in the same clusters.
		k := 2 + rng.Intn(12)
		var a, b []cluster
		var joint []cluster
		for i := 0; i < k; i++ {
			m := float64(1 + rng.Intn(15))
			ya, yb := math.Floor(m*rng.Float64()), math.Floor(m*rng.Float64())
			if rng.Intn(2) == 0 {
				yb = ya // strongly dependent
			}
			a, b = append(a, cluster{ya, m}), append(b, cluster{yb, m})
			joint = append(joint, cluster{ya + yb, 2 * m})
		}
		p, exact, _, _ := rawShare(joint)
		got, ok := PooledShare([]ClusterSums{sumsOf(a), sumsOf(b)})
		if !ok || !near(got.P, p, 1e-12) || got.DesignEffect < exact-1e-9 {
			t.Fatalf("trial %d: pooled %+v; exact p %v, design effect %v", trial, got, p, exact)
		}
	}
	one := sumsOf([]cluster{{3, 9}, {7, 8}, {1, 10}})
	x, _ := PooledShare([]ClusterSums{one})
	y, _ := ClusteredShare(one)
	if x != y {
		t.Fatalf("one part pooled %+v != %+v", x, y)
	}
}

func TestClusteredChange(t *testing.T) {
	// With design effect 1 it is the textbook test.
	older, _ := ClusteredShare(Independent(30, 100))
	newer, _ := ClusteredShare(Independent(45, 100))
	older.DesignEffect, older.EffectiveN = 1, 100
	newer.DesignEffect, newer.EffectiveN = 1, 100
	got, ok := ClusteredChange(older, newer)
	want, _ := TwoProportion(30, 100, 45, 100)
	if !ok || !near(got.Z, want.Z, 1e-9) || !near(got.P, want.P, 1e-9) || got.Significant != want.Significant {
		t.Fatalf("got %+v, want %+v", got, want)
	}

	// Clustering takes significance away: 10 services of 20 answers, alike within each service.
	homogeneous := func(yes int) ClusterSums {
		var s ClusterSums
		for i := 0; i < 10; i++ {
			y := 0.0
			if i < yes {
				y = 20
			}
			s.Add(y, 20)
		}
		return s
	}
	o, _ := ClusteredShare(homogeneous(4))
	n, _ := ClusteredShare(homogeneous(6))
	naive, _ := TwoProportion(80, 200, 120, 200)
	clustered, _ := ClusteredChange(o, n)
	if !naive.Significant || clustered.Significant {
		t.Fatalf("a change of two services out of ten: naive %+v must be significant, clustered %+v not", naive, clustered)
	}
	// Written out: effective counts y/d and n/d of each round, pooled z-test.
	n1, n2 := 200/o.DesignEffect, 200/n.DesignEffect
	pool := (0.4*n1 + 0.6*n2) / (n1 + n2)
	z := 0.2 / math.Sqrt(pool*(1-pool)*(1/n1+1/n2))
	if !near(clustered.Z, z, 1e-9) || !near(clustered.P, math.Erfc(z/math.Sqrt2), 1e-9) ||
		clustered.OlderDesignEffect != o.DesignEffect || clustered.NewerDesignEffect != n.DesignEffect {
		t.Fatalf("clustered %+v, want z %v", clustered, z)
	}
	if clustered.Verdict() != domain.VerdictTooFewToTell {
		t.Fatalf("ten services that answer as blocks cannot tell 20 points: %s (detectable %v)", clustered.Verdict(), clustered.DetectableDifference)
	}
}

func TestVerdict(t *testing.T) {
	tests := []struct {
		name           string
		k1, n1, k2, n2 int
		want           domain.ChangeVerdict
	}{
		// About ten cases each, as a service's own comparison on one question: 5/10 → 8/10 is not
		// significant, and ten cases could not tell a 20-point change from chance.
		{"a service's ten cases", 5, 10, 8, 10, domain.VerdictTooFewToTell},
		{"a service's ten cases, all Ja twice", 10, 10, 10, 10, domain.VerdictTooFewToTell},
		{"a large change on ten cases is still a change", 1, 10, 9, 10, domain.VerdictHigher},
		{"enough answers, no change", 50, 100, 52, 100, domain.VerdictWithinRandomVariation},
		{"enough answers, down", 70, 100, 50, 100, domain.VerdictLower},
		// DetectableDifference = 1.96·√(¼·2/n) ≤ 0.20 from n = 49.
		{"at 48 answers each it is still too few", 24, 48, 25, 48, domain.VerdictTooFewToTell},
		{"at 49 answers each it can tell", 24, 49, 25, 49, domain.VerdictWithinRandomVariation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := TwoProportion(tt.k1, tt.n1, tt.k2, tt.n2)
			if got := c.Verdict(); got != tt.want {
				t.Fatalf("%+v: verdict %s, want %s", c, got, tt.want)
			}
			if want := Z95 * math.Sqrt(0.25*(1/float64(tt.n1)+1/float64(tt.n2))); !near(c.DetectableDifference, want, 1e-12) {
				t.Fatalf("detectable %v, want %v", c.DetectableDifference, want)
			}
		})
	}
}
