package store_test

import (
	"context"
	"github.com/egenkontroll/egenkontroll/internal/results"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// roundQuestions loads the questions of a round in order.
func roundQuestions(t *testing.T, st *store.Store, roundID int64) []store.Question {
	t.Helper()
	var qs []store.Question
	if err := store.DBOf(st).NewSelect().Model(&qs).Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
		Where("r.id = ?", roundID).OrderExpr("q.position").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return qs
}

func otherService(t *testing.T, st *store.Store, not int64) int64 {
	t.Helper()
	var id int64
	if err := store.DBOf(st).NewSelect().Table("services").Column("id").Where("id <> ?", not).OrderExpr("id").Limit(1).
		Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestTotalsCountLikeCases: the same figures entered as cases by one service and as totals by
// another give the same summary and the same statistics (every figure, interval and days figure).
func TestTotalsCountLikeCases(t *testing.T) {
	c := newTotalsCase(t)
	step := inSteps(t) // the steps share the two forms, in order
	step("the live summaries are the same", c.liveSummariesSame)
	step("outside the service the submitted summaries are the same", c.submittedSummariesSame)
	step("the statistics of each service are the same, figure for figure", c.statisticsSame)
	step("a form of totals takes no cases", c.totalsTakeNoCases)
}

// sameFiguresCases is how many cases both services enter.
const sameFiguresCases = 7

// totalsCase is TestTotalsCountLikeCases' world: one service's round-2 form of cases and another
// service's form of the same figures as totals.
type totalsCase struct {
	st                  *store.Store
	ctx                 context.Context
	svcCases, svcTotals int64
	r2                  int64
	casesSub, totalsSub int64
}

func newTotalsCase(t *testing.T) *totalsCase {
	st := seeded(t, false)
	c := &totalsCase{st: st, ctx: context.Background()}
	c.svcCases, _, c.r2 = ids(t, st)
	c.svcTotals = otherService(t, st, c.svcCases)
	qs := roundQuestions(t, st, c.r2)
	var collects bool
	if err := store.DBOf(st).NewSelect().Table("questionnaires").Column("collects_days_to_first_activity").
		Where("id = ?", qs[0].QuestionnaireID).Scan(c.ctx, &collects); err != nil {
		t.Fatal(err)
	}
	counts := c.enterCases(t, qs, collects)
	entered, err := st.SaveTotals(system, c.svcTotals, c.r2, sameFiguresAsTotals(qs, counts, collects), nil)
	if err != nil {
		t.Fatal(err)
	}
	if entered.EntryMode != domain.EntryTotals {
		t.Fatalf("entry mode %s", entered.EntryMode)
	}
	c.totalsSub = entered.ID
	if err := store.DBOf(st).NewSelect().Table("submissions").Column("id").Where("service_id = ? AND round_id = ?", c.svcCases, c.r2).Scan(c.ctx, &c.casesSub); err != nil {
		t.Fatal(err)
	}
	return c
}

// enterCases enters seven cases; on each question the earlier cases have the earlier options (as
// totals lay them out), with the thresholds differing between questions. It returns the counts
// per question.
func (c *totalsCase) enterCases(t *testing.T, qs []store.Question, collects bool) []store.Distribution {
	days := []int{0, 2, 3, 3, 9, 14, 40}
	outcomes := []domain.Outcome{domain.OutcomeDismissed, domain.OutcomeDismissed, domain.OutcomeDismissed,
		domain.OutcomeMeasuresDecided, domain.OutcomeMeasuresDecided, domain.OutcomeCareOrderProposed, domain.OutcomeCareOrderProposed}
	counts := make([]store.Distribution, len(qs))
	for k := 1; k <= sameFiguresCases; k++ {
		closed, _ := domain.ParseYearMonth("2026-09")
		f := store.CaseFields{Outcome: &outcomes[k-1], ClosedMonth: &closed}
		if collects {
			f.DaysToFirstActivity = &days[k-1]
		}
		cs, err := c.st.CreateCase(system, c.svcCases, c.r2, f)
		if err != nil {
			t.Fatal(err)
		}
		for j, q := range qs {
			var o domain.Option
			switch {
			case k <= 1+j%4:
				o = domain.OptionYes
			case k <= 5:
				o = domain.OptionPartly
			case k == 6 || !slices.Contains(q.Options, domain.OptionNotPossible):
				o = domain.OptionNo
			default:
				o = domain.OptionNotPossible
			}
			if _, err := c.st.SaveAnswer(system, store.AnswerInput{CaseID: cs.ID, QuestionID: q.ID, Option: &o}); err != nil {
				t.Fatal(err)
			}
			counts[j].Add(o, 1)
		}
	}
	return counts
}

// sameFiguresAsTotals is what enterCases entered, as totals.
func sameFiguresAsTotals(qs []store.Question, counts []store.Distribution, collects bool) store.Totals {
	totals := store.Totals{CaseCount: sameFiguresCases}
	for j, q := range qs {
		totals.Questions = append(totals.Questions, store.QuestionTotals{QuestionID: q.ID, Counts: counts[j]})
	}
	if collects {
		totals.DaysValues = []int{40, 3, 0, 14, 3, 9, 2} // any order
	}
	totals.Outcomes = []store.OutcomeCount{{Outcome: domain.OutcomeCareOrderProposed, Count: 2}, {Outcome: domain.OutcomeDismissed, Count: 3},
		{Outcome: domain.OutcomeMeasuresDecided, Count: 2}}
	return totals
}

func (c *totalsCase) liveSummariesSame(t *testing.T) {
	sums, err := c.st.Summaries(c.ctx, []int64{c.casesSub, c.totalsSub})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sums[c.casesSub], sums[c.totalsSub]) {
		t.Fatalf("live summaries differ:\ncases  %+v\ntotals %+v", sums[c.casesSub], sums[c.totalsSub])
	}
}

// submittedSummariesSame: both forms are submitted; outside the service the submitted summaries
// are the same.
func (c *totalsCase) submittedSummariesSame(t *testing.T) {
	for _, svc := range []int64{c.svcCases, c.svcTotals} {
		assessment := "Vi må dokumentere vurderingene bedre."
		if _, err := c.st.SaveDraft(system, store.DraftInput{ServiceID: svc, RoundID: c.r2, Assessment: &assessment}); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []int64{c.casesSub, c.totalsSub} {
		if _, err := c.st.Submit(system, id, nil); err != nil {
			t.Fatalf("submit %d: %v", id, err)
		}
	}
	outside := auth.Scope{}
	cases, totals := store.SummaryKey{SubmissionID: c.casesSub, ServiceID: c.svcCases}, store.SummaryKey{SubmissionID: c.totalsSub, ServiceID: c.svcTotals}
	sent, err := c.st.SummariesFor(c.ctx, outside, []store.SummaryKey{cases, totals})
	if err != nil {
		t.Fatal(err)
	}
	a, b := sent[cases], sent[totals]
	if a.CaseCount != sameFiguresCases || !reflect.DeepEqual(a, b) {
		t.Fatalf("submitted summaries differ:\ncases  %+v\ntotals %+v", a, b)
	}
}

func (c *totalsCase) statisticsSame(t *testing.T) {
	figures := func(svc int64) []results.Figures {
		f, err := c.st.RoundFigures(c.ctx, auth.System.Scope(), store.StatsQuery{RoundID: c.r2, ServiceID: svc}, store.LevelNone)
		if err != nil {
			t.Fatal(err)
		}
		for i := range f {
			f[i].Query, f[i].GroupID = store.StatsQuery{}, 0
		}
		return f
	}
	fc, ft := figures(c.svcCases), figures(c.svcTotals)
	if len(fc) == 0 || fc[0].Cases != sameFiguresCases {
		t.Fatalf("figures of the cases: %+v", fc)
	}
	if !reflect.DeepEqual(fc, ft) {
		t.Fatalf("statistics differ:\ncases  %+v\ntotals %+v", fc, ft)
	}
}

func (c *totalsCase) totalsTakeNoCases(t *testing.T) {
	if _, err := c.st.CreateCase(system, c.svcTotals, c.r2, store.CaseFields{}); !domain.IsCode(err, domain.CodeBadInput) {
		t.Fatalf("case on a form of totals: %v", err)
	}
}

// TestTotalsValidation: every problem is reported at once with its path, and nothing is stored.
func TestTotalsValidation(t *testing.T) {
	st := seeded(t, false)
	ctx := context.Background()
	svc, _, r2 := ids(t, st)
	qs := roundQuestions(t, st, r2)
	var strict store.Question // a question that does not allow NOT_POSSIBLE
	for _, q := range qs[1:] {
		if !slices.Contains(q.Options, domain.OptionNotPossible) {
			strict = q
			break
		}
	}
	if strict.ID == 0 {
		t.Fatal("no question without NOT_POSSIBLE in round 2")
	}
	q0 := qs[0]
	for _, tc := range []struct {
		name  string
		in    store.Totals
		paths []string
	}{
		{"count above cases", store.Totals{CaseCount: 3, Questions: []store.QuestionTotals{{QuestionID: q0.ID, Counts: store.Distribution{Yes: 4}}}},
			[]string{"questions[0].counts.YES", "questions[0].counts"}},
		{"sum above cases", store.Totals{CaseCount: 3, Questions: []store.QuestionTotals{{QuestionID: q0.ID, Counts: store.Distribution{Yes: 2, No: 2}}}},
			[]string{"questions[0].counts"}},
		{"not possible where not allowed", store.Totals{CaseCount: 3, Questions: []store.QuestionTotals{{QuestionID: q0.ID, Counts: store.Distribution{Yes: 3}},
			{QuestionID: strict.ID, Counts: store.Distribution{NotPossible: 1}}}},
			[]string{"questions[1].counts.NOT_POSSIBLE"}},
		{"negative", store.Totals{CaseCount: 3, Questions: []store.QuestionTotals{{QuestionID: q0.ID, Counts: store.Distribution{Partly: -1}}}},
			[]string{"questions[0].counts.PARTLY"}},
		{"unknown question", store.Totals{CaseCount: 3, Questions: []store.QuestionTotals{{QuestionID: -5}}}, []string{"questions[0].questionId"}},
		{"days", store.Totals{CaseCount: 2, DaysValues: []int{1, -1, 4}}, []string{"daysValues[1]", "daysValues"}},
		{"outcomes", store.Totals{CaseCount: 2, Outcomes: []store.OutcomeCount{{Outcome: domain.OutcomeDismissed, Count: 2}, {Outcome: domain.OutcomeMeasuresDecided, Count: 1}}},
			[]string{"outcomes"}},
		{"case count", store.Totals{CaseCount: -1}, []string{"caseCount"}},
		{"all at once", store.Totals{CaseCount: 1, Questions: []store.QuestionTotals{{QuestionID: q0.ID, Counts: store.Distribution{Yes: 2}},
			{QuestionID: strict.ID, Counts: store.Distribution{NotPossible: 1}}}, DaysValues: []int{4000}},
			[]string{"questions[0].counts.YES", "questions[0].counts", "questions[1].counts.NOT_POSSIBLE", "daysValues[0]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := st.SaveTotals(system, svc, r2, tc.in, nil)
			de, ok := domain.AsError(err)
			if !ok || de.Code != domain.CodeInvalidTotals {
				t.Fatalf("got %v, want INVALID_TOTALS", err)
			}
			var got []string
			for _, p := range de.Extra["problems"].([]map[string]any) {
				got = append(got, p["path"].(string))
			}
			if !reflect.DeepEqual(got, tc.paths) {
				t.Fatalf("paths %v, want %v (%s)", got, tc.paths, strings.TrimSpace(de.Text.EN))
			}
			n, _ := store.DBOf(st).NewSelect().Table("submissions").Where("service_id = ? AND round_id = ?", svc, r2).Count(ctx)
			if n != 0 {
				t.Fatal("a refused entry stored a form")
			}
		})
	}

	// Submit needs every required question counted for every case.
	half := store.Totals{CaseCount: 2, Questions: []store.QuestionTotals{{QuestionID: q0.ID, Counts: store.Distribution{Yes: 1}}}}
	sub, err := st.SaveTotals(system, svc, r2, half, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Submit(system, sub.ID, nil); !domain.IsCode(err, domain.CodeRequiredMissing) {
		t.Fatalf("submit of incomplete totals: %v", err)
	}
	// Clearing the totals lets cases in again.
	if _, err := st.ClearTotals(system, sub.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateCase(system, svc, r2, store.CaseFields{}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveTotals(system, svc, r2, half, nil); !domain.IsCode(err, domain.CodeBadInput) {
		t.Fatalf("totals on a form with cases: %v", err)
	}
}

// TestBaselineImport: round 1's results come in as submitted forms of totals, all or nothing, and
// round 2 compares with them.
func TestBaselineImport(t *testing.T) {
	st := seeded(t, false)
	ctx := context.Background()
	svc, r1, r2 := ids(t, st)
	other := otherService(t, st, svc)
	qs := roundQuestions(t, st, r1)
	totals := func(n, yes int) store.Totals {
		tt := store.Totals{CaseCount: n}
		for _, q := range qs {
			tt.Questions = append(tt.Questions, store.QuestionTotals{QuestionID: q.ID, Counts: store.Distribution{Yes: yes, No: n - yes}})
		}
		return tt
	}
	locate := func(name string) func(store.TotalsField) string {
		return func(f store.TotalsField) string { return name + " " + store.TotalsPath(f) }
	}
	// One bad file stops them all.
	_, err := st.ImportBaselines(system, r1, []store.Baseline{
		{ServiceID: svc, Totals: totals(6, 4), Source: "a.xlsx", Locate: locate("a.xlsx")},
		{ServiceID: other, Totals: totals(6, 7), Source: "b.xlsx", Locate: locate("b.xlsx")},
	}, nil)
	de, ok := domain.AsError(err)
	if !ok || de.Code != domain.CodeInvalidTotals || !strings.HasPrefix(de.Extra["problems"].([]map[string]any)[0]["path"].(string), "b.xlsx questions[0]") {
		t.Fatalf("bad baseline: %v", err)
	}
	if n, _ := store.DBOf(st).NewSelect().Table("submissions").Where("round_id = ?", r1).Count(ctx); n != 0 {
		t.Fatalf("a refused import stored %d forms", n)
	}
	// Only Helsetilsynet's campaign staff (and the command line).
	leader := auth.WithCaller(ctx, &auth.Caller{Kind: auth.KindUser, UserID: 1, Role: auth.RoleServiceLeader, ServiceID: svc})
	if _, err := st.ImportBaselines(leader, r1, []store.Baseline{{ServiceID: svc, Totals: totals(6, 4), Source: "a.xlsx"}}, nil); !domain.IsCode(err, domain.CodeForbidden) {
		t.Fatalf("a leader imports a baseline: %v", err)
	}
	var seen []string
	subs, err := st.ImportBaselines(system, r1, []store.Baseline{{ServiceID: svc, Totals: totals(6, 4), Source: "a.xlsx", Locate: locate("a.xlsx")}},
		func(i int, b store.Baseline, sub *store.Submission) { seen = append(seen, b.Source) })
	if err != nil || len(subs) != 1 || subs[0].Status != domain.StatusSubmitted || subs[0].EntryMode != domain.EntryTotals || len(seen) != 1 {
		t.Fatalf("import: %+v, %v, progress %v", subs, err, seen)
	}
	// Not twice.
	if _, err := st.ImportBaselines(system, r1, []store.Baseline{{ServiceID: svc, Totals: totals(6, 4), Source: "a.xlsx"}}, nil); !domain.IsCode(err, domain.CodeInvalidTotals) {
		t.Fatalf("second import: %v", err)
	}

	// Round 2 compares with it.
	qs2 := roundQuestions(t, st, r2)
	c, err := st.CreateCase(system, svc, r2, store.CaseFields{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs2 {
		o := domain.OptionYes
		if _, err := st.SaveAnswer(system, store.AnswerInput{CaseID: c.ID, QuestionID: q.ID, Option: &o}); err != nil {
			t.Fatal(err)
		}
	}
	cmp, err := st.FormComparisons(ctx, auth.System.Scope(), []store.FormKey{{SubmissionID: c.SubmissionID, ServiceID: svc, RoundID: r2, Status: domain.StatusInProgress}})
	if err != nil {
		t.Fatal(err)
	}
	if got := cmp[c.SubmissionID]; got == nil || got.PreviousCaseCount != 6 || got.PreviousRoundID != r1 {
		t.Fatalf("round 2 compared with %+v", got)
	}
}
