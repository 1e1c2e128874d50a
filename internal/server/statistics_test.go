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

// rawAnswer is one answer of a submitted form, read with plain SQL for independent counting.
type rawAnswer struct {
	Service, Office, Case int64
	Code                  string
	Option                string
	Days                  *int
}

func rawAnswers(t *testing.T, st *store.Store, roundID int64) []rawAnswer {
	t.Helper()
	rows, err := st.DB.QueryContext(context.Background(), `SELECT s.id, s.office_id, c.id, q.code, a.option, c.days_to_first_activity
		FROM answers a JOIN cases c ON c.id = a.case_id JOIN submissions sub ON sub.id = c.submission_id
		JOIN services s ON s.id = c.service_id JOIN questions q ON q.id = a.question_id
		WHERE c.round_id = ? AND sub.status IN ('SUBMITTED', 'ACCEPTED') AND a.option IS NOT NULL`, roundID)
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

type tally struct{ yes, partly, no, np, na int }

func (c *tally) add(o string) {
	switch o {
	case "YES":
		c.yes++
	case "PARTLY":
		c.partly++
	case "NO":
		c.no++
	case "NOT_POSSIBLE":
		c.np++
	case "NOT_APPLICABLE":
		c.na++
	}
}

func (c tally) den() int { return c.yes + c.partly + c.no }

// wilson is the 95 % Wilson score interval, written out here independently of internal/stats.
func wilson(k, n int) (float64, float64) {
	z := 1.959963984540054
	p := float64(k) / float64(n)
	nn := float64(n)
	centre := (p + z*z/(2*nn)) / (1 + z*z/nn)
	half := z / (1 + z*z/nn) * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn))
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

type shareJSON struct {
	Count            int
	Share, Low, High *float64
}
type optionsJSON struct {
	Yes, Partly, No            shareJSON
	NotPossible, NotApplicable int
	Denominator                int
}

func checkOptions(t *testing.T, what string, got optionsJSON, want tally) {
	t.Helper()
	if got.Yes.Count != want.yes || got.Partly.Count != want.partly || got.No.Count != want.no ||
		got.NotPossible != want.np || got.NotApplicable != want.na || got.Denominator != want.den() {
		t.Errorf("%s: got %+v, counted %+v", what, got, want)
		return
	}
	if want.den() == 0 {
		return
	}
	lo, hi := wilson(want.yes, want.den())
	if !near(*got.Yes.Share, float64(want.yes)/float64(want.den())) || !near(*got.Yes.Low, lo) || !near(*got.Yes.High, hi) {
		t.Errorf("%s: yes share %v [%v, %v], want %v [%v, %v]", what, *got.Yes.Share, *got.Yes.Low, *got.Yes.High,
			float64(want.yes)/float64(want.den()), lo, hi)
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
	overall { yes { count share low high } partly { count share low high } no { count share low high } notPossible notApplicable denominator }
	questions { question { code } suppressed options { yes { count share low high } partly { count share low high } no { count share low high } notPossible notApplicable denominator } }
	daysToFirstActivity { count q1 median q3 max above { days count } } } }`

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
			overall.add(x.Option)
			if byCode[x.Code] == nil {
				byCode[x.Code] = &tally{}
			}
			byCode[x.Code].add(x.Option)
			cases[x.Case], services[x.Service] = x.Days, true
		}
		if st.CaseCount != len(cases) || st.ServiceCount != len(services) {
			t.Errorf("round %d: %d cases in %d services, counted %d in %d", roundNo, st.CaseCount, st.ServiceCount, len(cases), len(services))
		}
		checkOptions(t, fmt.Sprintf("round %d overall", roundNo), st.Overall, overall)
		for _, q := range st.Questions {
			checkOptions(t, fmt.Sprintf("round %d question %s", roundNo, q.Question.Code), q.Options, *byCode[q.Question.Code])
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
		perOffice[x.Office].add(x.Option)
	}
	var br struct {
		StatisticsBreakdown []struct {
			Office  struct{ ID string }
			Overall optionsJSON
		}
	}
	a.mustQuery(t, `query($r: ID!) { statisticsBreakdown(roundId: $r, by: OFFICE) { office { id } overall { yes { count share low high } partly { count share low high } no { count share low high } notPossible notApplicable denominator } } }`,
		map[string]any{"r": r1}, &br)
	if len(br.StatisticsBreakdown) != len(perOffice) {
		t.Fatalf("%d offices in the breakdown, %d with data", len(br.StatisticsBreakdown), len(perOffice))
	}
	for _, b := range br.StatisticsBreakdown {
		checkOptions(t, "office "+b.Office.ID, b.Overall, *perOffice[mustInt(b.Office.ID)])
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
			old.add(x.Option)
		}
		if x.Code == "1.1" {
			oldByCode["1.1"].add(x.Option)
		}
	}
	for _, x := range rawAnswers(t, in.Store, mustInt(r2)) {
		if c := cur[x.Code]; c != nil {
			c.add(x.Option)
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
					Difference, Z, PValue float64
					Significant           bool
				}
				WithinRandomVariation *bool
			}
		}
	}
	a.mustQuery(t, `query($r: ID!) { roundComparison(roundId: $r) { previousRound { number } questions { question { code } comparability predecessors { code }
		current { yes { count share low high } partly { count share low high } no { count share low high } notPossible notApplicable denominator }
		previous { yes { count share low high } partly { count share low high } no { count share low high } notPossible notApplicable denominator }
		yesChange { difference z pValue significant } withinRandomVariation } } }`, map[string]any{"r": r2}, &got)
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
		checkOptions(t, q.Question.Code+" now", q.Current, *want)
		checkOptions(t, q.Question.Code+" before", q.Previous, prev)
		// The pooled two-proportion z-test, written out.
		p1, p2 := float64(prev.yes)/float64(prev.den()), float64(want.yes)/float64(want.den())
		pool := float64(prev.yes+want.yes) / float64(prev.den()+want.den())
		z := (p2 - p1) / math.Sqrt(pool*(1-pool)*(1/float64(prev.den())+1/float64(want.den())))
		pval := math.Erfc(math.Abs(z) / math.Sqrt2)
		if q.YesChange == nil || !near(q.YesChange.Difference, p2-p1) || math.Abs(q.YesChange.Z-z) > 1e-9 || math.Abs(q.YesChange.PValue-pval) > 1e-9 ||
			*q.WithinRandomVariation != (pval >= 0.05) {
			t.Errorf("%s change %+v; want diff %v, z %v, p %v", q.Question.Code, q.YesChange, p2-p1, z, pval)
		}
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
			cs, err := in.Store.CreateCase(system, mustInt(svc), r.ID, store.CaseFields{DaysToFirstActivity: &days})
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
