package server_test

import (
	"context"
	"fmt"
	"github.com/uptrace/bun"
	"math"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// The statistics against an independent recount: shares, intervals, clustering and the split
// questions' comparison.

// TestStatisticsAgainstIndependentCounts checks the national statistics, the breakdown by office
// and the fact table against counts made here from the raw answers.
func TestStatisticsAgainstIndependentCounts(t *testing.T) {
	in := startInstance(t, newDatabase(t, true), nil)
	a := in.analyst(t)
	for _, roundNo := range []int{1, 2} {
		t.Run(fmt.Sprintf("round %d's figures are the recount's", roundNo), func(t *testing.T) { checkRoundAgainstRecount(t, in, a, roundNo) })
	}
	r1 := roundID(t, a, 1)
	raw := rawAnswers(t, in.DB, mustInt(r1))
	t.Run("each office's overall counts are the recount's", func(t *testing.T) { checkOfficeBreakdown(t, a, r1, raw) })
	t.Run("the fact table outside the services adds up to the answers and names no case", func(t *testing.T) { checkServiceLevelFacts(t, a, r1, raw) })
}

// checkRoundAgainstRecount compares a round's national statistics with a recount of its raw
// answers: cases, services, every option's share and interval, and the days to first activity.
func checkRoundAgainstRecount(t *testing.T, in, a *instance, roundNo int) {
	r := roundID(t, a, roundNo)
	raw := rawAnswers(t, in.DB, mustInt(r))
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

// checkOfficeBreakdown: the breakdown by office gives each office's overall counts, in a constant
// number of statements.
func checkOfficeBreakdown(t *testing.T, a *instance, r1 string, raw []rawAnswer) {
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

}

// checkServiceLevelFacts: outside the service the fact table is service-level: its counts add up
// to exactly the submitted answers, and no row names a case.
func checkServiceLevelFacts(t *testing.T, a *instance, r1 string, raw []rawAnswer) {
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
	for _, x := range rawAnswers(t, in.DB, mustInt(r1)) {
		if x.Code == "3.7" {
			old.addIn(x.Option, x.Service, x.Case)
		}
		if x.Code == "1.1" {
			oldByCode["1.1"].addIn(x.Option, x.Service, x.Case)
		}
	}
	for _, x := range rawAnswers(t, in.DB, mustInt(r2)) {
		if c := cur[x.Code]; c != nil {
			c.addIn(x.Option, x.Service, x.Case)
		}
	}
	var got struct {
		RoundComparison struct {
			PreviousRound struct{ Number int }
			Questions     []comparedQuestion
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
		checkClusteredChange(t, q, *want, prev)
	}
	if found != 3 {
		t.Fatalf("found %d of 3.7a, 3.7b and 1.1", found)
	}
}

// comparedQuestion is a question of the round comparison with its change.
type comparedQuestion struct {
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

// checkClusteredChange checks the question's change in the Ja share against the clustered
// two-proportion test written out here on the recount of both rounds.
func checkClusteredChange(t *testing.T, q comparedQuestion, want, prev tally) {
	t.Helper()
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
	if err := in.DB.QueryRowContext(ctx, `SELECT sub.id, sub.service_id, s.office_id FROM submissions sub JOIN services s ON s.id = sub.service_id
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
	for _, x := range rawAnswers(t, in.DB, r1) {
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
	changed := reopenAndAnswerNo(t, in.Store, in.DB, subID)
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
	if after.Overall.No.Count != before.Overall.No.Count+changed || after.Overall.Yes.Count != 0 || after.Overall.Partly.Count != 0 {
		t.Fatalf("after sending again: %+v; %d answers became Nei", after.Overall, changed)
	}
	if got := facts(); got != noBefore+changed {
		t.Errorf("answerFacts after sending again: %d Nei, want %d", got, noBefore+changed)
	}
}

// reopenAndAnswerNo re-opens the form and answers Nei on every question of every case that had
// Ja or Delvis. It returns how many answers it changed.
func reopenAndAnswerNo(t *testing.T, st *store.Store, db bun.IDB, subID int64) int {
	if _, err := st.Transition(system, subID, nil, domain.EventReopen); err != nil {
		t.Fatal(err)
	}
	var answers []store.Answer
	if err := db.NewSelect().Model(&answers).Join("JOIN cases AS c ON c.id = a.case_id").
		Where("c.submission_id = ? AND a.option IN ('YES', 'PARTLY')", subID).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	no := domain.OptionNo
	for _, x := range answers {
		if _, err := st.SaveAnswer(system, store.AnswerInput{CaseID: x.CaseID, QuestionID: x.QuestionID, Option: &no}); err != nil {
			t.Fatal(err)
		}
	}
	if len(answers) == 0 {
		t.Fatal("the form has no Ja or Delvis to change")
	}
	return len(answers)
}
