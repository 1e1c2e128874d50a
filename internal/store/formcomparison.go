package store

import (
	"context"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/results"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

// ComparisonTotal compares a set of questions taken together across two rounds: the newer
// questions and the earlier ones they continue one to one (SAME or CHANGED_OPTIONS), so the total
// is always like with like; split and merged questions are compared one by one only.
type ComparisonTotal struct {
	QuestionIDs       []int64
	Current, Previous OptionFigures
	Yes, Partly, No   *stats.Comparison
}

// FormComparison is one service's round compared with its previous round.
type FormComparison struct {
	PreviousRoundID   int64
	CaseCount         int  // cases in this round's form (as read)
	PreviousCaseCount int  // cases in the previous round's last submitted form
	Provisional       bool // the form is not submitted: the current figures are the live cases (foreløpig)
	Total, Focus      ComparisonTotal
	Questions         []results.QuestionComparison
	Suppressed        bool
	SuppressedReason  string
}

// FormComparisons compares each form with the service's previous round, per question and in
// total (Ja, Delvis, Nei), and on the focus questions. The current round is what the caller reads
// of the form: inside the service the live cases, marked provisional while the form is not
// submitted; outside it the last submitted revision (nil before the first). A form without a
// previous round or without a submitted revision there gets nil. Outside the service the whole
// comparison is withheld when either round's form rests on fewer than MinCases cases.
func (s *Store) FormComparisons(ctx context.Context, scope Scope, formKeys []FormKey) (map[int64]*FormComparison, error) {
	return s.formComparisons(ctx, scope, formKeys, true)
}

// formComparisons compares the forms; withhold blanks a comparison outside the service as a whole
// when either round is small (without it, each round's small figures are zero on their own).
func (s *Store) formComparisons(ctx context.Context, scope Scope, formKeys []FormKey, withhold bool) (map[int64]*FormComparison, error) {
	subs := formsOf(formKeys)
	out := map[int64]*FormComparison{}
	prior, err := s.priorForms(ctx, scope, subs)
	if err != nil {
		return nil, err
	}
	current, succ, questions, err := s.currentAndLineage(ctx, scope, subs, func(sub Submission) bool {
		p := prior[sub.ID]
		return p != nil && p.revision != nil && (scope.SeesCaseWork(sub.ServiceID) || sub.Revision > 0)
	})
	if err != nil {
		return nil, err
	}
	if current == nil {
		return out, nil
	}
	lang := domain.LangFrom(ctx)
	for _, sub := range subs {
		cur := current[SummaryKey{SubmissionID: sub.ID, ServiceID: sub.ServiceID}]
		if cur == nil {
			continue
		}
		p := prior[sub.ID]
		prev := &p.revision.Snapshot.Summary
		fc := &FormComparison{PreviousRoundID: p.round.ID, CaseCount: cur.CaseCount, PreviousCaseCount: prev.CaseCount,
			Provisional: scope.SeesCaseWork(sub.ServiceID) && sub.Status != domain.StatusSubmitted && sub.Status != domain.StatusAccepted}
		if cur.Suppressed || prev.Suppressed {
			fc.Suppressed = true
			fc.SuppressedReason = results.SuppressionReason(stats.TooFewCases, MinCases, lang)
		}
		fc.Questions, fc.Total, fc.Focus = compareSummaries(cur, prev, questions[sub.RoundID], succ, focusOf(p, succ))
		if fc.Suppressed && withhold {
			fc.Questions = withheldQuestions(fc.Questions, fc.SuppressedReason)
			fc.Total = ComparisonTotal{QuestionIDs: fc.Total.QuestionIDs}
			fc.Focus = ComparisonTotal{QuestionIDs: fc.Focus.QuestionIDs}
		}
		out[sub.ID] = fc
	}
	return out, nil
}

// compareSummaries compares two summary forms question by question through the lineage, and in
// total over the questions continued one to one; focus marks the focus questions.
func compareSummaries(cur, prev *Summary, questions []Question, succ map[int64][]Lineage, focus map[int64]bool) ([]results.QuestionComparison, ComparisonTotal, ComparisonTotal) {
	preds := map[int64][]Lineage{}
	for _, links := range succ {
		for _, l := range links {
			preds[l.QuestionID] = append(preds[l.QuestionID], l)
		}
	}
	figures := func(d Distribution) OptionFigures {
		return optionFigures(d.Yes, d.Partly, d.No, d.NotPossible, d.NotApplicable)
	}
	total := ComparisonTotal{QuestionIDs: []int64{}}
	focusTotal := ComparisonTotal{QuestionIDs: []int64{}}
	var tc, tp, fcur, fprev Distribution
	out := make([]results.QuestionComparison, 0, len(questions))
	for _, q := range questions {
		c := results.QuestionComparison{QuestionID: q.ID, Comparability: domain.ComparabilityNew, PredecessorIDs: []int64{}, Focus: focus[q.ID]}
		cd := distributionOf(cur, q.ID)
		c.Current = figures(cd)
		var pd Distribution
		rank := domain.ComparabilityRank
		for i, l := range preds[q.ID] {
			if i == 0 || rank[l.Comparability] > rank[c.Comparability] {
				c.Comparability = l.Comparability
			}
			c.PredecessorIDs = append(c.PredecessorIDs, l.PredecessorID)
			d := distributionOf(prev, l.PredecessorID)
			pd = Distribution{Yes: pd.Yes + d.Yes, Partly: pd.Partly + d.Partly, No: pd.No + d.No,
				NotPossible: pd.NotPossible + d.NotPossible, NotApplicable: pd.NotApplicable + d.NotApplicable}
		}
		if len(c.PredecessorIDs) > 0 {
			c.Previous = figures(pd)
			c.Yes, c.Partly, c.No = changes(pd, cd)
		}
		oneToOne := len(c.PredecessorIDs) == 1 && c.Comparability.OneToOne() &&
			len(succ[c.PredecessorIDs[0]]) == 1
		if oneToOne {
			total.QuestionIDs = append(total.QuestionIDs, q.ID)
			tc, tp = addDist(tc, cd), addDist(tp, pd)
			if c.Focus {
				focusTotal.QuestionIDs = append(focusTotal.QuestionIDs, q.ID)
				fcur, fprev = addDist(fcur, cd), addDist(fprev, pd)
			}
		}
		out = append(out, c)
	}
	total.Current, total.Previous = figures(tc), figures(tp)
	total.Yes, total.Partly, total.No = changes(tp, tc)
	focusTotal.Current, focusTotal.Previous = figures(fcur), figures(fprev)
	focusTotal.Yes, focusTotal.Partly, focusTotal.No = changes(fprev, fcur)
	return out, total, focusTotal
}

func addDist(a, b Distribution) Distribution {
	return Distribution{Yes: a.Yes + b.Yes, Partly: a.Partly + b.Partly, No: a.No + b.No,
		NotPossible: a.NotPossible + b.NotPossible, NotApplicable: a.NotApplicable + b.NotApplicable}
}

// changes tests the change of each of Ja, Delvis and Nei from prev to cur.
func changes(prev, cur Distribution) (yes, partly, no *stats.Comparison) {
	one := func(k0, k1 int) *stats.Comparison {
		if c, ok := stats.TwoProportion(k0, prev.Denominator(), k1, cur.Denominator()); ok {
			return &c
		}
		return nil
	}
	return one(prev.Yes, cur.Yes), one(prev.Partly, cur.Partly), one(prev.No, cur.No)
}

func withheldQuestions(qs []results.QuestionComparison, reason string) []results.QuestionComparison {
	for i := range qs {
		qs[i].Current, qs[i].Previous = OptionFigures{}, OptionFigures{}
		qs[i].Yes, qs[i].Partly, qs[i].No = nil, nil, nil
		qs[i].Suppressed, qs[i].SuppressedReason = true, reason
	}
	return qs
}

// comparableResults compares each service of an office that submitted in the round with its
// previous round like with like: the total over the questions continued one to one (the lineage),
// never one overall share across different question sets, from the last submitted revisions. A
// service without a previous submission gets its round's own total (one question set) and no
// change. A round's share on fewer than MinCases cases is withheld, and so is the change.
func (s *Store) comparableResults(ctx context.Context, scope Scope, officeID, roundID int64) ([]ServiceResult, error) {
	var subs []Submission
	if err := applyScope(s.db.NewSelect().Model(&subs).Join("JOIN services AS s ON s.id = sub.service_id").
		Where("s.office_id = ? AND sub.round_id = ? AND sub.revision > 0", officeID, roundID), scope).
		OrderExpr("s.name").Scan(ctx); err != nil {
		return nil, err
	}
	// The county report is read outside the services: the last submitted revisions.
	outside := Scope{OfficeID: scope.OfficeID, ServiceID: scope.ServiceID, None: scope.None}
	keys := make([]FormKey, len(subs))
	sumKeys := make([]SummaryKey, len(subs))
	for i := range subs {
		keys[i] = subs[i].Key()
		sumKeys[i] = SummaryKey{SubmissionID: subs[i].ID, ServiceID: subs[i].ServiceID}
	}
	cmp, err := s.formComparisons(ctx, outside, keys, false)
	if err != nil {
		return nil, err
	}
	sums, err := s.SummariesFor(ctx, outside, sumKeys)
	if err != nil {
		return nil, err
	}
	out := []ServiceResult{}
	for i, sub := range subs {
		res := ServiceResult{ServiceID: sub.ServiceID}
		sum := sums[sumKeys[i]]
		if sum != nil {
			res.Cases = sum.CaseCount
		}
		if c := cmp[sub.ID]; c != nil {
			// Each round's share is withheld on its own (its summary is then all zeros), the change
			// whenever either is.
			res.PrevCases = c.PreviousCaseCount
			res.Suppressed = c.CaseCount < MinCases
			res.PreviousSuppressed = c.PreviousCaseCount < MinCases
			if !res.Suppressed {
				res.Yes, res.Denominator = c.Total.Current.Yes.Count, c.Total.Current.Denominator
			}
			if !res.PreviousSuppressed {
				res.PrevYes, res.PrevDenominator = c.Total.Previous.Yes.Count, c.Total.Previous.Denominator
			}
			if !c.Suppressed {
				res.Change = c.Total.Yes
			}
		} else if sum != nil {
			res.Suppressed = sum.Suppressed
			res.Yes, res.Denominator = sum.Overall.Yes, sum.Overall.Denominator()
		}
		out = append(out, res)
	}
	return out, nil
}

// CountyReports computes the county report of every office the caller may read in a round
// (Helsetilsynet: all, side by side), by office name.
func (s *Store) CountyReports(ctx context.Context, roundID int64) ([]CountyReportData, error) {
	statuses, err := s.ReportStatuses(ctx, auth.From(ctx).Scope(), roundID)
	if err != nil {
		return nil, err
	}
	out := make([]CountyReportData, 0, len(statuses))
	for _, st := range statuses {
		d, err := s.CountyReport(ctx, st.OfficeID, roundID)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, nil
}

// optionFigures are the figures of counts known only as totals (a summary form's distribution):
// without the cases behind them, each answer counts as its own cluster, so the interval is the
// plain Wilson interval (design effect 1). The clustered comparisons of a service's own forms are
// in CountyReport.results and roundComparison, which read the cases of the submitted revisions.
func optionFigures(yes, partly, no, np, na int) OptionFigures {
	n := yes + partly + no
	var sums [3]stats.ClusterSums
	for i, k := range []int{yes, partly, no} {
		sums[i] = stats.ClusterSums{K: n, Y: float64(k), M: float64(n), YY: float64(k), YM: float64(k), MM: float64(n)}
	}
	return clusteredFigures(yes, partly, no, np, na, domain.ClusterCase, sums)
}
