package server_test

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// rawAnswer is one answer of a form's latest submitted revision, read with plain SQL straight from
// the revision's snapshot (not from the figures stored with it) for independent counting.
type rawAnswer struct {
	Service, Office, Case int64
	Code                  string
	Option                string
	Days                  *int
}

func rawAnswers(t *testing.T, st *store.Store, roundID int64) []rawAnswer {
	t.Helper()
	rows, err := st.DB.QueryContext(context.Background(), `SELECT s.id, s.office_id, rev.id * 100000 + (c.c ->> 'number')::int, q.code,
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

func TestStatisticsAgainstIndependentCounts(t *testing.T) {
	in := startInstance(t, newDatabase(t, true), nil)
	a := in.analyst(t)
	for _, roundNo := range []int{1, 2} {
		r := roundID(t, a, roundNo)
		raw := rawAnswers(t, in.Store, mustInt(r))
		var got struct{ Statistics statisticsJSON }
		a.mustQuery(t, statisticsQuery, map[string]any{"r": r}, &got)
		st := got.Statistics
		overall, byCode := tally{}, map[string]*tally{}
		cases, services := map[int64]*int{}, map[int64]bool{}
		for _, x := range raw {
			overall.addIn(x.Option, x.Service, x.Case)
			if byCode[x.Code] == nil {
				byCode[x.Code] = &tally{}
			}
			byCode[x.Code].addIn(x.Option, x.Service, x.Case)
			cases[x.Case], services[x.Service] = x.Days, true
		}
		if st.CaseCount != len(cases) || st.ServiceCount != len(services) {
			t.Errorf("round %d: %d cases in %d services, counted %d in %d", roundNo, st.CaseCount, st.ServiceCount, len(cases), len(services))
		}
		checkOptions(t, fmt.Sprintf("round %d overall", roundNo), st.Overall, overall, false)
		for _, q := range st.Questions {
			checkOptions(t, fmt.Sprintf("round %d question %s", roundNo, q.Question.Code), q.Options, *byCode[q.Question.Code], false)
		}
		// Days to first activity (round 2 collects it).
		var days []float64
		above7 := 0
		for _, d := range cases {
			if d != nil {
				days = append(days, float64(*d))
				if *d > 7 {
					above7++
				}
			}
		}
		dd := st.DaysToFirstActivity
		if dd.Count != len(days) {
			t.Fatalf("round %d: %d cases with days, counted %d", roundNo, dd.Count, len(days))
		}
		if len(days) > 0 {
			if !near(*dd.Median, percentileCont(days, 0.5)) || !near(*dd.Q1, percentileCont(days, 0.25)) || !near(*dd.Q3, percentileCont(days, 0.75)) ||
				dd.Above[0].Days != 7 || dd.Above[0].Count != above7 {
				t.Errorf("round %d days: %+v; want median %v, q1 %v, q3 %v, >7 %d", roundNo, dd, percentileCont(days, 0.5),
					percentileCont(days, 0.25), percentileCont(days, 0.75), above7)
			}
		}
	}

	// Breakdown by office: each office's overall counts, in a constant number of statements.
	r1 := roundID(t, a, 1)
	raw := rawAnswers(t, in.Store, mustInt(r1))
	perOffice := map[int64]*tally{}
	for _, x := range raw {
		if perOffice[x.Office] == nil {
			perOffice[x.Office] = &tally{}
		}
		perOffice[x.Office].addIn(x.Option, x.Service, x.Case)
	}
	var br struct {
		StatisticsBreakdown []struct {
			Office  struct{ ID string }
			Overall optionsJSON
		}
	}
	a.mustQuery(t, `query($r: ID!) { statisticsBreakdown(roundId: $r, by: OFFICE) { office { id } overall { ...Opts } } }`+optsFragment,
		map[string]any{"r": r1}, &br)
	if len(br.StatisticsBreakdown) != len(perOffice) {
		t.Fatalf("%d offices in the breakdown, %d with data", len(br.StatisticsBreakdown), len(perOffice))
	}
	for _, b := range br.StatisticsBreakdown {
		checkOptions(t, "office "+b.Office.ID, b.Overall, *perOffice[mustInt(b.Office.ID)], false)
	}

	// Outside the service the fact table is service-level: its counts add up to exactly the
	// submitted answers, and no row names a case.
	var facts struct {
		AnswerFacts struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   string
			}
			Nodes []struct {
				CaseID, AnswerID *string
				CaseNumber       *int
				Count            int
			}
		}
	}
	sum, rows, after := 0, 0, ""
	for {
		a.mustQuery(t, `query($r: ID!, $a: String) { answerFacts(filter: {roundId: $r}, first: 500, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { caseId answerId caseNumber count } } }`,
			map[string]any{"r": r1, "a": after}, &facts)
		for _, n := range facts.AnswerFacts.Nodes {
			if n.CaseID != nil || n.AnswerID != nil || n.CaseNumber != nil {
				t.Fatalf("a service-level fact names a case: %+v", n)
			}
			sum += n.Count
			rows++
		}
		if !facts.AnswerFacts.PageInfo.HasNextPage {
			break
		}
		after = facts.AnswerFacts.PageInfo.EndCursor
	}
	if sum != len(raw) || rows != facts.AnswerFacts.TotalCount {
		t.Fatalf("answerFacts counts add up to %d (in %d rows of %d), counted %d answers", sum, rows, facts.AnswerFacts.TotalCount, len(raw))
	}
}

// TestSplitQuestionComparison: 3.7a and 3.7b of round 2 each compare with the whole 3.7 of round 1.
func TestSplitQuestionComparison(t *testing.T) {
	in := startInstance(t, newDatabase(t, true), nil)
	a := in.analyst(t)
	r1, r2 := roundID(t, a, 1), roundID(t, a, 2)
	old, cur := tally{}, map[string]*tally{"3.7a": {}, "3.7b": {}, "1.1": {}}
	oldByCode := map[string]*tally{"1.1": {}}
	for _, x := range rawAnswers(t, in.Store, mustInt(r1)) {
		if x.Code == "3.7" {
			old.addIn(x.Option, x.Service, x.Case)
		}
		if x.Code == "1.1" {
			oldByCode["1.1"].addIn(x.Option, x.Service, x.Case)
		}
	}
	for _, x := range rawAnswers(t, in.Store, mustInt(r2)) {
		if c := cur[x.Code]; c != nil {
			c.addIn(x.Option, x.Service, x.Case)
		}
	}
	var got struct {
		RoundComparison struct {
			PreviousRound struct{ Number int }
			Questions     []struct {
				Question          struct{ Code string }
				Comparability     string
				Predecessors      []struct{ Code string }
				Current, Previous optionsJSON
				YesChange         *struct {
					Difference, Z, PValue, DetectableDifference float64
					Significant, TooFewToTell                   bool
					Verdict                                     string
				}
				WithinRandomVariation, TooFewToTell *bool
			}
		}
	}
	a.mustQuery(t, `query($r: ID!) { roundComparison(roundId: $r) { previousRound { number } questions { question { code } comparability predecessors { code }
		current { ...Opts } previous { ...Opts }
		yesChange { difference z pValue significant detectableDifference tooFewToTell verdict } withinRandomVariation tooFewToTell } } }`+optsFragment,
		map[string]any{"r": r2}, &got)
	if got.RoundComparison.PreviousRound.Number != 1 {
		t.Fatalf("previous round %d", got.RoundComparison.PreviousRound.Number)
	}
	found := 0
	for _, q := range got.RoundComparison.Questions {
		want, prev := cur[q.Question.Code], old
		if want == nil {
			continue
		}
		found++
		if q.Question.Code == "1.1" {
			prev = *oldByCode["1.1"]
			if q.Comparability != "SAME" {
				t.Errorf("1.1 comparability %s", q.Comparability)
			}
		} else if q.Comparability != "SPLIT" || len(q.Predecessors) != 1 || q.Predecessors[0].Code != "3.7" {
			t.Errorf("%s: %s from %+v, want SPLIT from 3.7", q.Question.Code, q.Comparability, q.Predecessors)
		}
		checkOptions(t, q.Question.Code+" now", q.Current, *want, false)
		checkOptions(t, q.Question.Code+" before", q.Previous, prev, false)
		// The two-proportion z-test on effective counts (Rao & Scott 1992), written out: each
		// round's answers count as n / design effect, clustered by service.
		p1, d1, n1 := clustered(prev.clustersOf(0, false))
		p2, d2, n2 := clustered(want.clustersOf(0, false))
		pool := (p1*n1 + p2*n2) / (n1 + n2)
		z := (p2 - p1) / math.Sqrt(pool*(1-pool)*(1/n1+1/n2))
		pval := math.Erfc(math.Abs(z) / math.Sqrt2)
		detectable := 1.959964 * math.Sqrt(0.25*(1/n1+1/n2))
		if q.YesChange == nil {
			t.Fatalf("%s: no change", q.Question.Code)
		}
		if !near(q.YesChange.Difference, p2-p1) || math.Abs(q.YesChange.Z-z) > 1e-9 || math.Abs(q.YesChange.PValue-pval) > 1e-9 ||
			*q.WithinRandomVariation != (pval >= 0.05) || !near(q.YesChange.DetectableDifference, detectable) ||
			*q.TooFewToTell != (pval >= 0.05 && detectable > 0.2) || q.YesChange.TooFewToTell != *q.TooFewToTell {
			t.Errorf("%s change %+v; want diff %v, z %v, p %v (design effects %v, %v), detectable %v", q.Question.Code, q.YesChange, p2-p1, z, pval, d1, d2, detectable)
		}
		// The textbook test on the same counts claims more: the clustered z is never larger.
		naive := (p2 - p1) / math.Sqrt(pool*(1-pool)*(1/float64(prev.den())+1/float64(want.den())))
		if math.Abs(q.YesChange.Z) > math.Abs(naive)+0.05 {
			t.Errorf("%s: clustered z %v above the independent-answers z %v", q.Question.Code, q.YesChange.Z, naive)
		}
		t.Logf("%s: Ja %.3f → %.3f, design effects %.2f and %.2f, z %.2f (independent answers: %.2f), %s",
			q.Question.Code, p1, p2, d1, d2, q.YesChange.Z, naive, q.YesChange.Verdict)
	}
	if found != 3 {
		t.Fatalf("found %d of 3.7a, 3.7b and 1.1", found)
	}
}

// TestSmallNumbersAndTrends: a service with 3 cases is withheld from its county advisor but not
// from itself; six more rounds of rising results give a run-chart TREND signal.
func TestSmallNumbersAndTrends(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	ctx := context.Background()
	a := in.analyst(t)
	svc := serviceID(t, a, "i Bergen")
	var office int64
	_ = in.Store.DB.NewSelect().Table("services").Column("office_id").Where("id = ?", mustInt(svc)).Scan(ctx, &office)
	// Rounds 3..8 on questionnaire version 2, deadlines ahead.
	if _, err := in.Store.DB.ExecContext(ctx, `INSERT INTO rounds (campaign_id, number, title_nb, title_nn, title_en, questionnaire_id, period_start, period_end, deadline, report_deadline)
		SELECT r.campaign_id, n, 'Egenkontroll nr. ' || n, 'Eigenkontroll nr. ' || n, 'Self-assessment no. ' || n, r.questionnaire_id,
		       DATE '2099-01-01', DATE '2099-03-01', DATE '2099-03-31', DATE '2099-04-30'
		FROM rounds r CROSS JOIN generate_series(3, 8) AS n WHERE r.number = 2`); err != nil {
		t.Fatal(err)
	}
	var rounds []store.Round
	if err := in.Store.DB.NewSelect().Model(&rounds).Where("r.number >= 2").OrderExpr("r.number").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	var questions []store.Question
	if err := in.Store.DB.NewSelect().Model(&questions).Where("q.questionnaire_id = ?", rounds[0].QuestionnaireID).OrderExpr("q.position").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	// Round k (2..8): 3 cases; in each case the first k+8 questions are Ja, the rest Nei — rising.
	for i, r := range rounds {
		for c := 0; c < 3; c++ {
			days := 5
			cs, err := in.Store.CreateCase(system, mustInt(svc), r.ID, completeFacts(store.CaseFields{DaysToFirstActivity: &days}))
			if err != nil {
				t.Fatal(err)
			}
			for j, q := range questions {
				o := domain.OptionNo
				if j < i+8 {
					o = domain.OptionYes
				}
				if _, err := in.Store.SaveAnswer(system, store.AnswerInput{CaseID: cs.ID, QuestionID: q.ID, Option: &o}); err != nil {
					t.Fatal(err)
				}
			}
			if c == 2 {
				ensureAssessment(t, in.Store, mustInt(svc), r.ID)
				if _, err := in.Store.Submit(system, cs.SubmissionID, nil); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	r2 := itoa(rounds[0].ID)
	scope := map[string]any{"serviceId": svc}
	var adv, own struct{ Statistics statisticsJSON }
	in.advisor(t, itoa(office)).mustQuery(t, statisticsQuery, map[string]any{"r": r2, "scope": scope}, &adv)
	if !adv.Statistics.Suppressed || adv.Statistics.Overall.Denominator != 0 || adv.Statistics.Questions[0].Options.Yes.Count != 0 || !adv.Statistics.Questions[0].Suppressed {
		t.Fatalf("3 cases must be withheld from the advisor: %+v", adv.Statistics)
	}
	leader := in.leader(t, svc)
	leader.mustQuery(t, statisticsQuery, map[string]any{"r": r2, "scope": scope}, &own)
	if own.Statistics.Suppressed || own.Statistics.Overall.Yes.Count != 3*8 {
		t.Fatalf("the service sees its own figures: %+v", own.Statistics.Overall)
	}
	// The fact table leaves the service's rows out for the analyst, not for the service.
	var fa, fo struct{ AnswerFacts struct{ TotalCount int } }
	a.mustQuery(t, `query($s: ID!) { answerFacts(filter: {serviceId: $s}) { totalCount } }`, map[string]any{"s": svc}, &fa)
	leader.mustQuery(t, `query($s: ID!) { answerFacts(filter: {serviceId: $s}) { totalCount } }`, map[string]any{"s": svc}, &fo)
	if fa.AnswerFacts.TotalCount != 0 || fo.AnswerFacts.TotalCount != 7*3*len(questions) {
		t.Fatalf("facts: analyst %d, service %d", fa.AnswerFacts.TotalCount, fo.AnswerFacts.TotalCount)
	}

	var tr struct {
		Trends []struct {
			Question *struct{ Code string }
			Points   []struct {
				Round   struct{ Number int }
				Options struct{ Yes shareJSON }
			}
			Median  *float64
			Signals []struct {
				Kind, Direction    string
				FromRound, ToRound struct{ Number int }
			}
		}
	}
	leader.mustQuery(t, `query($s: ID!) { trends(campaignId: "1", scope: {serviceId: $s}) { question { code } points { round { number } options { yes { share } } }
		median signals { kind direction fromRound { number } toRound { number } } } }`, map[string]any{"s": svc}, &tr)
	overall := tr.Trends[0]
	if overall.Question != nil || len(overall.Points) != 8 {
		t.Fatalf("overall line %+v", overall)
	}
	var series []float64
	for _, p := range overall.Points[1:] {
		series = append(series, *p.Options.Yes.Share)
	}
	for i := 1; i < len(series); i++ {
		if series[i] <= series[i-1] {
			t.Fatalf("constructed series is not rising: %v", series)
		}
	}
	trend := false
	for _, s := range overall.Signals {
		trend = trend || s.Kind == "TREND" && s.Direction == "UP" && s.FromRound.Number == 2 && s.ToRound.Number == 8
	}
	if !trend {
		t.Fatalf("seven rising points must give a TREND UP from round 2 to 8: %+v", overall.Signals)
	}
	// 3.7a's line reaches back to 3.7 in round 1 (no data there for this service: round 1 point is empty).
	for _, l := range tr.Trends[1:] {
		if l.Question != nil && l.Question.Code == "3.7a" && len(l.Points) != 8 {
			t.Fatalf("3.7a line has %d points; it follows the lineage back to round 1", len(l.Points))
		}
	}

	// Exports of the same facts and of the form, with the same credentials.
	get := func(c *instance, path string) (int, []byte) {
		status, body, _ := c.download(t, path)
		return status, body
	}
	status, body := get(leader, "/exports/answer-facts.csv?serviceId="+svc)
	if lines := strings.Count(string(body), "\n"); status != 200 || lines != 1+7*3*len(questions) {
		t.Fatalf("csv: %d, %d lines", status, lines)
	}
	status, body = get(leader, "/exports/answer-facts.xlsx?serviceId="+svc+"&questionCode=1.1")
	book, err := excelize.OpenReader(strings.NewReader(string(body)))
	if status != 200 || err != nil {
		t.Fatalf("xlsx: %d %v", status, err)
	}
	rows, _ := book.GetRows("Fakta")
	if len(rows) != 1+7*3 || rows[1][4] != "1.1" {
		t.Fatalf("xlsx rows %d, first %v", len(rows), rows[1])
	}
	if status, _ := get(in.advisor(t, "1"), "/exports/answer-facts.csv?serviceId="+svc); status != 404 && office != 1 {
		t.Fatalf("another office's advisor got %d", status)
	}
	sub := getSubmission(t, leader, svc, r2)
	status, body = get(leader, "/exports/submissions/"+sub.ID+".csv")
	if status != 200 || !strings.Contains(string(body), "question_code") || !strings.Contains(string(body), "ALL") {
		t.Fatalf("form csv: %d %s", status, body)
	}
	if status, _ := get(leader, "/exports/submissions/"+sub.ID+".xlsx"); status != 200 {
		t.Fatalf("form xlsx: %d", status)
	}
}

// TestLastSubmittedRevisionCounts: a form re-opened keeps counting with what it last sent, for
// every caller, and nothing typed into it counts before it is sent again (DESIGN §3; issue 11).
// One service's own figures are clustered by case, and its county report compares them honestly.
func TestLastSubmittedRevisionCounts(t *testing.T) {
	in := startInstance(t, newDatabase(t, true), nil)
	ctx := context.Background()
	a := in.analyst(t)
	r1 := mustInt(roundID(t, a, 1))
	// A submitted form in round 1 on more than 5 cases.
	var subID, svc, office int64
	if err := in.Store.DB.QueryRowContext(ctx, `SELECT sub.id, sub.service_id, s.office_id FROM submissions sub JOIN services s ON s.id = sub.service_id
		WHERE sub.round_id = ? AND sub.status = 'SUBMITTED' AND (SELECT count(*) FROM cases c WHERE c.submission_id = sub.id) > 5
		ORDER BY sub.id LIMIT 1`, r1).Scan(&subID, &svc, &office); err != nil {
		t.Fatal(err)
	}
	svcID := itoa(svc)
	leader := in.leader(t, svcID)
	vars := map[string]any{"r": itoa(r1), "scope": map[string]any{"serviceId": svcID}}
	read := func(c *instance) statisticsJSON {
		var got struct{ Statistics statisticsJSON }
		c.mustQuery(t, statisticsQuery, vars, &got)
		return got.Statistics
	}
	facts := func() int {
		var f struct {
			AnswerFacts struct {
				Nodes []struct {
					Option string
					Count  int
				}
			}
		}
		a.mustQuery(t, `query($s: ID!, $r: ID!) { answerFacts(filter: {serviceId: $s, roundId: $r, option: NO}, first: 1000) { nodes { option count } } }`,
			map[string]any{"s": svcID, "r": itoa(r1)}, &f)
		n := 0
		for _, x := range f.AnswerFacts.Nodes {
			n += x.Count
		}
		return n
	}
	// The service's own figures against the raw answers, clustered by case.
	own := tally{}
	for _, x := range rawAnswers(t, in.Store, r1) {
		if x.Service == svc {
			own.addIn(x.Option, x.Service, x.Case)
		}
	}
	before := read(a)
	checkOptions(t, "service overall", before.Overall, own, true)
	if *before.Overall.ClusteredBy != "CASE" || before.Overall.Clusters != before.CaseCount {
		t.Fatalf("one service's figures are clustered by its cases: %+v", before.Overall)
	}
	noBefore := facts()

	// The leader re-opens the form and answers Nei on every question of every case.
	if _, err := in.Store.Transition(system, subID, nil, domain.EventReopen); err != nil {
		t.Fatal(err)
	}
	var answers []store.Answer
	if err := in.Store.DB.NewSelect().Model(&answers).Join("JOIN cases AS c ON c.id = a.case_id").
		Where("c.submission_id = ? AND a.option IN ('YES', 'PARTLY')", subID).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	no := domain.OptionNo
	for _, x := range answers {
		if _, err := in.Store.SaveAnswer(system, store.AnswerInput{CaseID: x.CaseID, QuestionID: x.QuestionID, Option: &no}); err != nil {
			t.Fatal(err)
		}
	}
	if len(answers) == 0 {
		t.Fatal("the form has no Ja or Delvis to change")
	}
	for name, c := range map[string]*instance{"analyst": a, "advisor": in.advisor(t, itoa(office)), "leader": leader} {
		if got := read(c); got.Overall.Yes.Count != before.Overall.Yes.Count || got.Overall.No.Count != before.Overall.No.Count ||
			got.Overall.Partly.Count != before.Overall.Partly.Count || *got.Overall.Yes.DesignEffect != *before.Overall.Yes.DesignEffect ||
			got.CaseCount != before.CaseCount {
			t.Errorf("%s: a re-opened form's live edits reached the statistics: %+v, before %+v", name, got.Overall, before.Overall)
		}
	}
	if got := facts(); got != noBefore {
		t.Errorf("answerFacts outside the service: %d Nei while re-opened, %d before", got, noBefore)
	}

	// Sent again, the new revision counts.
	if _, err := in.Store.Submit(system, subID, nil); err != nil {
		t.Fatal(err)
	}
	after := read(a)
	if after.Overall.No.Count != before.Overall.No.Count+len(answers) || after.Overall.Yes.Count != 0 || after.Overall.Partly.Count != 0 {
		t.Fatalf("after sending again: %+v; %d answers became Nei", after.Overall, len(answers))
	}
	if got := facts(); got != noBefore+len(answers) {
		t.Errorf("answerFacts after sending again: %d Nei, want %d", got, noBefore+len(answers))
	}
}

// changeOf is the clustered two-round test written out on raw clusters (see clustered): the
// z-test on effective counts, and whether the numbers are too few to tell a 20-point change.
func changeOf(older, newer [][2]float64) (within, tooFew bool) {
	p1, _, n1 := clustered(older)
	p2, _, n2 := clustered(newer)
	pool := (p1*n1 + p2*n2) / (n1 + n2)
	pval := 1.0
	if se := math.Sqrt(pool * (1 - pool) * (1/n1 + 1/n2)); se > 1e-12 {
		pval = math.Erfc(math.Abs(p2-p1) / se / math.Sqrt2)
	}
	within = pval >= 0.05
	return within, within && 1.959964*math.Sqrt(0.25*(1/n1+1/n2)) > 0.2
}

// TestServiceComparisonsSayTooFewToTell: a service's own round-to-round changes rest on its cases,
// clustered by case, in the county report (all questions) and in its round comparison (one
// question on about ten cases a round: too few to tell, as document 002 says of two measurements).
func TestServiceComparisonsSayTooFewToTell(t *testing.T) {
	in := startInstance(t, newDatabase(t, true), nil)
	a := in.analyst(t)
	r1, r2 := roundID(t, a, 1), roundID(t, a, 2)
	raw := map[string]map[int64]*tally{} // round → service → all answers
	byCode := map[string]map[int64]map[string]*tally{}
	for _, r := range []string{r1, r2} {
		raw[r], byCode[r] = map[int64]*tally{}, map[int64]map[string]*tally{}
		for _, x := range rawAnswers(t, in.Store, mustInt(r)) {
			if raw[r][x.Service] == nil {
				raw[r][x.Service], byCode[r][x.Service] = &tally{}, map[string]*tally{}
			}
			if byCode[r][x.Service][x.Code] == nil {
				byCode[r][x.Service][x.Code] = &tally{}
			}
			raw[r][x.Service].addIn(x.Option, x.Service, x.Case)
			byCode[r][x.Service][x.Code].addIn(x.Option, x.Service, x.Case)
		}
	}
	var rep struct {
		CountyReport struct {
			Results []struct {
				Service                             struct{ ID string }
				Change                              *float64
				WithinRandomVariation, TooFewToTell *bool
			}
		}
	}
	seen := 0
	var compared []int64
	for office := 1; office <= 10; office++ {
		a.mustQuery(t, `query($o: ID!, $r: ID!) { countyReport(officeId: $o, roundId: $r) { results { service { id } change withinRandomVariation tooFewToTell } } }`,
			map[string]any{"o": itoa(int64(office)), "r": r2}, &rep)
		for _, x := range rep.CountyReport.Results {
			if x.Change == nil {
				if x.TooFewToTell != nil {
					t.Errorf("service %s: tooFewToTell without a change", x.Service.ID)
				}
				continue
			}
			seen++
			svc := mustInt(x.Service.ID)
			compared = append(compared, svc)
			// The county report compares like with like (the questions continued one to one through
			// the lineage, document 002), so its verdict is not the all-question one recomputed here;
			// it must still say whether the numbers can tell.
			if x.TooFewToTell == nil || x.WithinRandomVariation == nil || (*x.TooFewToTell && !*x.WithinRandomVariation) {
				t.Errorf("service %s: within %v, too few %v: a change too few to tell is within random variation", x.Service.ID, x.WithinRandomVariation, x.TooFewToTell)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no service compared in the county reports")
	}

	// One service's comparison question by question.
	svc := compared[0]
	var cmp struct {
		RoundComparison struct {
			Questions []struct {
				Question     struct{ Code string }
				Predecessors []struct{ Code string }
				YesChange    *struct {
					Verdict      string
					TooFewToTell bool
				}
				WithinRandomVariation, TooFewToTell *bool
			}
		}
	}
	in.leader(t, itoa(svc)).mustQuery(t, `query($r: ID!, $s: ID!) { roundComparison(roundId: $r, scope: {serviceId: $s}) { questions { question { code } predecessors { code }
		yesChange { verdict tooFewToTell } withinRandomVariation tooFewToTell } } }`, map[string]any{"r": r2, "s": itoa(svc)}, &cmp)
	tooFew, checked := 0, 0
	for _, q := range cmp.RoundComparison.Questions {
		if q.YesChange == nil || len(q.Predecessors) != 1 {
			continue
		}
		now, before := byCode[r2][svc][q.Question.Code], byCode[r1][svc][q.Predecessors[0].Code]
		within, few := changeOf(before.clustersOf(0, true), now.clustersOf(0, true))
		if *q.TooFewToTell != few || *q.WithinRandomVariation != within || q.YesChange.TooFewToTell != few ||
			few != (q.YesChange.Verdict == "TOO_FEW_TO_TELL") {
			t.Errorf("%s: %+v, within %v, too few %v; want %v, %v", q.Question.Code, *q.YesChange, *q.WithinRandomVariation, *q.TooFewToTell, within, few)
		}
		checked++
		if few {
			tooFew++
		}
	}
	if checked == 0 || tooFew*2 < checked {
		t.Fatalf("%d of %d questions too few to tell: on about ten cases a round most must be", tooFew, checked)
	}
	t.Logf("county reports: %d services compared; service %d: %d of %d questions too few to tell", seen, svc, tooFew, checked)
}
