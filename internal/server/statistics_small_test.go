package server_test

import (
	"context"
	"github.com/uptrace/bun"
	"math"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Small numbers in the statistics: suppressed below the floor, and trends and comparisons that say
// when there are too few to tell.

// TestSmallNumbersAndTrends: a service with 3 cases is withheld from its county advisor but not
// from itself; six more rounds of rising results give a run-chart TREND signal.
func TestSmallNumbersAndTrends(t *testing.T) {
	c := newSmallService(t)
	step := inSteps(t)
	step("three cases are withheld from the county advisor, not from the service", c.withheldFromAdvisor)
	step("the fact table leaves the service's rows out for the analyst, not for the service", c.factsInsideOnly)
	step("seven rising rounds give a run-chart TREND up, following the lineage back", c.risingTrend)
	step("exports of the facts and the form follow the same credentials", c.exports)
}

// smallService is TestSmallNumbersAndTrends' world: Bergen with 3 cases in each of rounds 2..8,
// rising from round to round.
type smallService struct {
	in, a, leader *instance
	svc, r2       string
	office        int64
	questions     int // questions per form
}

func newSmallService(t *testing.T) *smallService {
	in := startInstance(t, newDatabase(t, false), nil)
	ctx := context.Background()
	a := in.analyst(t)
	c := &smallService{in: in, a: a, svc: serviceID(t, a, "i Bergen")}
	_ = in.DB.NewSelect().Table("services").Column("office_id").Where("id = ?", mustInt(c.svc)).Scan(ctx, &c.office)
	// Rounds 3..8 on questionnaire version 2, deadlines ahead.
	if _, err := in.DB.ExecContext(ctx, `INSERT INTO rounds (campaign_id, number, title_nb, title_nn, title_en, questionnaire_id, period_start, period_end, deadline, report_deadline)
		SELECT r.campaign_id, n, 'Egenkontroll nr. ' || n, 'Eigenkontroll nr. ' || n, 'Self-assessment no. ' || n, r.questionnaire_id,
		       DATE '2099-01-01', DATE '2099-03-01', DATE '2099-03-31', DATE '2099-04-30'
		FROM rounds r CROSS JOIN generate_series(3, 8) AS n WHERE r.number = 2`); err != nil {
		t.Fatal(err)
	}
	var rounds []store.Round
	if err := in.DB.NewSelect().Model(&rounds).Where("r.number >= 2").OrderExpr("r.number").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	var questions []store.Question
	if err := in.DB.NewSelect().Model(&questions).Where("q.questionnaire_id = ?", rounds[0].QuestionnaireID).OrderExpr("q.position").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	c.questions = len(questions)
	fillRisingRounds(t, in.Store, in.DB, mustInt(c.svc), rounds, questions)
	c.r2 = itoa(rounds[0].ID)
	c.leader = in.leader(t, c.svc)
	return c
}

// fillRisingRounds submits 3 cases in each round k (2..8): in each case the first k+8 questions
// are Ja, the rest Nei — rising.
func fillRisingRounds(t *testing.T, st *store.Store, db bun.IDB, svc int64, rounds []store.Round, questions []store.Question) {
	for i, r := range rounds {
		for c := 0; c < 3; c++ {
			days := 5
			cs, err := st.CreateCase(system, svc, r.ID, completeFacts(store.CaseFields{DaysToFirstActivity: &days}))
			if err != nil {
				t.Fatal(err)
			}
			for j, q := range questions {
				o := domain.OptionNo
				if j < i+8 {
					o = domain.OptionYes
				}
				if _, err := st.SaveAnswer(system, store.AnswerInput{CaseID: cs.ID, QuestionID: q.ID, Option: &o}); err != nil {
					t.Fatal(err)
				}
			}
			if c == 2 {
				ensureAssessment(t, st, db, svc, r.ID)
				if _, err := st.Submit(system, cs.SubmissionID, nil); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func (c *smallService) withheldFromAdvisor(t *testing.T) {
	scope := map[string]any{"serviceId": c.svc}
	var adv, own struct{ Statistics statisticsJSON }
	c.in.advisor(t, itoa(c.office)).mustQuery(t, statisticsQuery, map[string]any{"r": c.r2, "scope": scope}, &adv)
	if !adv.Statistics.Suppressed || adv.Statistics.Overall.Denominator != 0 || adv.Statistics.Questions[0].Options.Yes.Count != 0 || !adv.Statistics.Questions[0].Suppressed {
		t.Fatalf("3 cases must be withheld from the advisor: %+v", adv.Statistics)
	}
	c.leader.mustQuery(t, statisticsQuery, map[string]any{"r": c.r2, "scope": scope}, &own)
	if own.Statistics.Suppressed || own.Statistics.Overall.Yes.Count != 3*8 {
		t.Fatalf("the service sees its own figures: %+v", own.Statistics.Overall)
	}
}

func (c *smallService) factsInsideOnly(t *testing.T) {
	var fa, fo struct{ AnswerFacts struct{ TotalCount int } }
	c.a.mustQuery(t, `query($s: ID!) { answerFacts(filter: {serviceId: $s}) { totalCount } }`, map[string]any{"s": c.svc}, &fa)
	c.leader.mustQuery(t, `query($s: ID!) { answerFacts(filter: {serviceId: $s}) { totalCount } }`, map[string]any{"s": c.svc}, &fo)
	if fa.AnswerFacts.TotalCount != 0 || fo.AnswerFacts.TotalCount != 7*3*c.questions {
		t.Fatalf("facts: analyst %d, service %d", fa.AnswerFacts.TotalCount, fo.AnswerFacts.TotalCount)
	}
}

func (c *smallService) risingTrend(t *testing.T) {
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
	c.leader.mustQuery(t, `query($s: ID!) { trends(campaignId: "1", scope: {serviceId: $s}) { question { code } points { round { number } options { yes { share } } }
		median signals { kind direction fromRound { number } toRound { number } } } }`, map[string]any{"s": c.svc}, &tr)
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
}

// exports: of the same facts and of the form, with the same credentials.
func (c *smallService) exports(t *testing.T) {
	get := func(in *instance, path string) (int, []byte) {
		status, body, _ := in.download(t, path)
		return status, body
	}
	status, body := get(c.leader, "/exports/answer-facts.csv?serviceId="+c.svc)
	if lines := strings.Count(string(body), "\n"); status != 200 || lines != 1+7*3*c.questions {
		t.Fatalf("csv: %d, %d lines", status, lines)
	}
	status, body = get(c.leader, "/exports/answer-facts.xlsx?serviceId="+c.svc+"&questionCode=1.1")
	book, err := excelize.OpenReader(strings.NewReader(string(body)))
	if status != 200 || err != nil {
		t.Fatalf("xlsx: %d %v", status, err)
	}
	rows, _ := book.GetRows("Fakta")
	if len(rows) != 1+7*3 || rows[1][4] != "1.1" {
		t.Fatalf("xlsx rows %d, first %v", len(rows), rows[1])
	}
	if status, _ := get(c.in.advisor(t, "1"), "/exports/answer-facts.csv?serviceId="+c.svc); status != 404 && c.office != 1 {
		t.Fatalf("another office's advisor got %d", status)
	}
	sub := getSubmission(t, c.leader, c.svc, c.r2)
	status, body = get(c.leader, "/exports/submissions/"+sub.ID+".csv")
	if status != 200 || !strings.Contains(string(body), "question_code") || !strings.Contains(string(body), "ALL") {
		t.Fatalf("form csv: %d %s", status, body)
	}
	if status, _ := get(c.leader, "/exports/submissions/"+sub.ID+".xlsx"); status != 200 {
		t.Fatalf("form xlsx: %d", status)
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
	byCode := tallyByServiceAndCode(t, in, r1, r2)
	seen, compared := countyReportsSayWhetherTheyCanTell(t, a, r2)

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

// countyReportsSayWhetherTheyCanTell checks every office's county report of the round: each
// change says whether the numbers can tell. It returns the services compared.
func countyReportsSayWhetherTheyCanTell(t *testing.T, a *instance, r2 string) (seen int, compared []int64) {
	var rep struct {
		CountyReport struct {
			Results []struct {
				Service                             struct{ ID string }
				Change                              *float64
				WithinRandomVariation, TooFewToTell *bool
			}
		}
	}
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
	return seen, compared
}

// tallyByServiceAndCode tallies the raw answers of each round by service and question.
func tallyByServiceAndCode(t *testing.T, in *instance, rounds ...string) map[string]map[int64]map[string]*tally {
	raw := map[string]map[int64]*tally{} // round → service → all answers
	byCode := map[string]map[int64]map[string]*tally{}
	for _, r := range rounds {
		raw[r], byCode[r] = map[int64]*tally{}, map[int64]map[string]*tally{}
		for _, x := range rawAnswers(t, in.DB, mustInt(r)) {
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
	return byCode
}
