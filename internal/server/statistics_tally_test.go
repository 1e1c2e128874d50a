package server_test

import (
	"context"
	"github.com/uptrace/bun"
	"math"
	"sort"
	"testing"
)

// The independent recount the statistics tests check the server against: answers read with plain SQL,
// tallied and clustered here without the server's code.

// rawAnswer is one answer of a form's latest submitted revision, read with plain SQL straight from
// the revision's snapshot (not from the figures stored with it) for independent counting.
type rawAnswer struct {
	Service, Office, Case int64
	Code                  string
	Option                string
	Days                  *int
}

func rawAnswers(t *testing.T, db bun.IDB, roundID int64) []rawAnswer {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT s.id, s.office_id, rev.id * 100000 + (c.c ->> 'number')::int, q.code,
		       a.a ->> 'option', (c.c ->> 'daysToFirstActivity')::int
		FROM submissions sub
		JOIN submission_revisions rev ON rev.submission_id = sub.id
		 AND rev.revision = (SELECT max(r2.revision) FROM submission_revisions r2 WHERE r2.submission_id = sub.id)
		JOIN services s ON s.id = sub.service_id
		CROSS JOIN jsonb_array_elements(rev.snapshot -> 'cases') AS c (c)
		CROSS JOIN jsonb_array_elements(c.c -> 'answers') AS a (a)
		JOIN questions q ON q.id = (a.a ->> 'questionId')::bigint
		WHERE sub.round_id = ? AND a.a ->> 'option' IS NOT NULL`, roundID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []rawAnswer
	for rows.Next() {
		var r rawAnswer
		if err := rows.Scan(&r.Service, &r.Office, &r.Case, &r.Code, &r.Option, &r.Days); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// tally counts options, and per service and per case the Ja, Delvis and Nei answers.
type tally struct {
	yes, partly, no, np, na int
	services, cases         map[int64]*[3]int
	casesOf                 map[int64]map[int64]bool // service → its cases
}

// addIn counts an answer of a case in a service.
func (c *tally) addIn(o string, service, cs int64) {
	if c.services == nil {
		c.services, c.cases, c.casesOf = map[int64]*[3]int{}, map[int64]*[3]int{}, map[int64]map[int64]bool{}
	}
	if c.casesOf[service] == nil {
		c.casesOf[service] = map[int64]bool{}
	}
	c.casesOf[service][cs] = true
	if c.services[service] == nil {
		c.services[service] = &[3]int{}
	}
	if c.cases[cs] == nil {
		c.cases[cs] = &[3]int{}
	}
	i := -1
	switch o {
	case "YES":
		c.yes++
		i = 0
	case "PARTLY":
		c.partly++
		i = 1
	case "NO":
		c.no++
		i = 2
	case "NOT_POSSIBLE":
		c.np++
	case "NOT_APPLICABLE":
		c.na++
	}
	if i >= 0 {
		c.services[service][i]++
		c.cases[cs][i]++
	}
}

func (c tally) den() int { return c.yes + c.partly + c.no }

// clustersOf are the (y, m) of option i per cluster: by case for one service's own figures or a
// figure of a single service, by service otherwise, with the services on fewer than 5 cases
// together as one cluster (the cases counted are those that answered: in a submitted form, all).
func (c tally) clustersOf(i int, byCase bool) [][2]float64 {
	var out [][2]float64
	if byCase || len(c.services) < 2 {
		for _, k := range c.cases {
			out = append(out, [2]float64{float64(k[i]), float64(k[0] + k[1] + k[2])})
		}
		return out
	}
	var small [2]float64
	for s, k := range c.services {
		y, m := float64(k[i]), float64(k[0]+k[1]+k[2])
		if len(c.casesOf[s]) < 5 {
			small[0], small[1] = small[0]+y, small[1]+m
		} else {
			out = append(out, [2]float64{y, m})
		}
	}
	return append(out, small)
}

// clustered is the share of clustered answers as Rao & Scott (1992) and Korn & Graubard (1998)
// give it, written out here on the raw clusters independently of internal/stats: the
// ratio-estimator variance with clusters as units, the design effect against independent answers
// (at least 1; 1 with fewer than two clusters or p at 0 or 1), and the effective sample size.
func clustered(cs [][2]float64) (p, deff, neff float64) {
	var y, m float64
	k := 0
	for _, c := range cs {
		y, m = y+c[0], m+c[1]
		if c[1] > 0 {
			k++
		}
	}
	p, deff = y/m, 1
	if k >= 2 && p > 0 && p < 1 {
		var ss float64
		for _, c := range cs {
			ss += (c[0] - p*c[1]) * (c[0] - p*c[1])
		}
		deff = math.Max(1, float64(k)/float64(k-1)*ss/(m*m)/(p*(1-p)/m))
	}
	return p, deff, m / deff
}

// wilson is the 95 % Wilson score interval for a share p of n (n may be an effective sample
// size), written out here independently of internal/stats.
func wilson(p, n float64) (float64, float64) {
	z := 1.959963984540054
	centre := (p + z*z/(2*n)) / (1 + z*z/n)
	half := z / (1 + z*z/n) * math.Sqrt(p*(1-p)/n+z*z/(4*n*n))
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// nearInterval allows for the six decimals of the z the server uses.
func nearInterval(a, b float64) bool { return math.Abs(a-b) < 1e-7 }

type shareJSON struct {
	Count                          int
	Share, Low, High, DesignEffect *float64
}

type optionsJSON struct {
	Yes, Partly, No            shareJSON
	NotPossible, NotApplicable int
	Denominator                int
	ClusteredBy                *string
	Clusters                   int
}

// checkOptions compares figures with independent counts, and the Ja interval with the clustered
// interval computed here from the raw clusters (byCase: one service's own figures).
func checkOptions(t *testing.T, what string, got optionsJSON, want tally, byCase bool) {
	t.Helper()
	if got.Yes.Count != want.yes || got.Partly.Count != want.partly || got.No.Count != want.no ||
		got.NotPossible != want.np || got.NotApplicable != want.na || got.Denominator != want.den() {
		t.Errorf("%s: got %+v, counted %+v", what, got, want)
		return
	}
	if want.den() == 0 {
		return
	}
	unit := "SERVICE"
	if byCase || len(want.services) < 2 {
		unit = "CASE"
	}
	cs := want.clustersOf(0, byCase)
	p, deff, neff := clustered(cs)
	lo, hi := wilson(p, neff)
	k := 0
	for _, c := range cs {
		if c[1] > 0 {
			k++
		}
	}
	if got.ClusteredBy == nil || *got.ClusteredBy != unit || got.Clusters != k {
		t.Errorf("%s: clustered by %v in %d clusters, want %s in %d", what, got.ClusteredBy, got.Clusters, unit, k)
	}
	if !near(*got.Yes.Share, p) || !near(*got.Yes.DesignEffect, deff) || !nearInterval(*got.Yes.Low, lo) || !nearInterval(*got.Yes.High, hi) {
		t.Errorf("%s: yes share %v (d %v) [%v, %v], want %v (d %v) [%v, %v]", what, *got.Yes.Share, *got.Yes.DesignEffect, *got.Yes.Low, *got.Yes.High,
			p, deff, lo, hi)
	}
}

// percentileCont is PostgreSQL's percentile_cont, written out.
func percentileCont(xs []float64, p float64) float64 {
	sort.Float64s(xs)
	pos := p * float64(len(xs)-1)
	lo := math.Floor(pos)
	if lo == pos {
		return xs[int(lo)]
	}
	return xs[int(lo)] + (pos-lo)*(xs[int(lo)+1]-xs[int(lo)])
}

const statisticsQuery = `query($r: ID!, $scope: StatisticsScope) { statistics(roundId: $r, scope: $scope, daysThresholds: [7, 14]) {
	serviceCount caseCount suppressed
	overall { ...Opts }
	questions { question { code } suppressed options { ...Opts } }
	daysToFirstActivity { count q1 median q3 max above { days count } } } }
` + optsFragment

const optsFragment = `
	fragment Opts on OptionStatistics { yes { count share low high designEffect } partly { count share low high designEffect }
	no { count share low high designEffect } notPossible notApplicable denominator clusteredBy clusters }`

type statisticsJSON struct {
	ServiceCount, CaseCount int
	Suppressed              bool
	Overall                 optionsJSON
	Questions               []struct {
		Question   struct{ Code string }
		Suppressed bool
		Options    optionsJSON
	}
	DaysToFirstActivity struct {
		Count          int
		Q1, Median, Q3 *float64
		Max            *int
		Above          []struct{ Days, Count int }
	}
}
