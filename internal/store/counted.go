package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/results"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

// What the statistics count: the latest submitted revision of each form (the view
// counted_revisions, which reads the table counted_forms), through the figures stored with each revision when it was sent
// (revision_counts, revision_cases, revision_case_sections; migration 0009). A form re-opened or
// returned for correction keeps counting with what it last sent, and edits to the live form count
// only once they are sent (DESIGN §3, issue 11).

// clusteredFigures are the figures of counts whose Ja, Delvis and Nei rest on the cluster sums.
func clusteredFigures(yes, partly, no, np, na int, unit domain.ClusterUnit, sums [3]stats.ClusterSums) OptionFigures {
	return results.ClusteredFigures(results.Counts{Yes: yes, Partly: partly, No: no, NotPossible: np, NotApplicable: na}, unit, sums)
}

// smallCase says whether a counted form (cr) is of a service on fewer than DefaultMinCases cases.
// The forms of those services are one cluster together in each figure. Merging them into one
// cluster per figure keeps a published interval from telling more about withheld services than the
// published counts do: a variance over them separately would give the sum of their squared
// residuals next to the sum of their counts, which for two withheld services pins down both.
// Grouping clusters into a larger one is itself a valid clustered design, only a less detailed one.
//
// Every other service is a cluster of its own. A service counts one form in a round (submissions
// are unique by service and round), so its cluster is its counted form, and that form's row of a
// figure is the cluster's row: only the forms of small services need summing into theirs
// (countCells: per).
var smallCase = fmt.Sprintf("cr.case_count < %d", DefaultMinCases)

// countedBase reads the rows of one of a revision's figure tables (revision_option_sums,
// revision_case_totals, revision_cases) as x, of the counted revisions (cr: the view
// counted_revisions over the table counted_forms, migration 0022) of services (s) in the rounds and
// the query's scope within the caller's reach.
//
// The figures are probed per counted form through the table's index on revision_id: the OFFSET 0
// keeps the planner from flattening the lateral subquery into a join, which it costs by random page
// reads and so answers with a sequential scan of the table's rows of every round and revision
// (four times the rows a national figure of one round needs, and growing with each round).
func countedBase(q *bun.SelectQuery, table string, scope auth.Scope, sq StatsQuery, roundIDs []int64) *bun.SelectQuery {
	q = q.TableExpr("counted_revisions AS cr").
		Join("JOIN services AS s ON s.id = cr.service_id").
		Join("CROSS JOIN LATERAL (SELECT * FROM "+table+" AS x WHERE x.revision_id = cr.revision_id OFFSET 0) AS x").
		Where("cr.round_id IN (?)", bun.List(roundIDs))
	return scopeWhere(q, scope, sq)
}

// clusterColumns are the sums over clusters (rows of per) of Ja, Delvis and Nei that a clustered
// share needs: y² and y·m per option, m², and the clusters with answers in the denominator.
const clusterColumns = `count(*) FILTER (WHERE y + p + no > 0) AS k,
	sum(y * y) AS yy, sum(y * (y + p + no)) AS ym, sum(p * p) AS pp, sum(p * (y + p + no)) AS pm,
	sum(no * no) AS nn, sum(no * (y + p + no)) AS nm, sum((y + p + no) * (y + p + no)) AS mm`

// perKey are the columns of a row of per, a cluster's counts on a figure of a group and round.
const perKey = "cr.round_id, %s AS grp, x.question_id, x.section_id"

type clusterRow struct {
	K  int     `bun:"k"`
	YY float64 `bun:"yy"`
	YM float64 `bun:"ym"`
	PP float64 `bun:"pp"`
	PM float64 `bun:"pm"`
	NN float64 `bun:"nn"`
	NM float64 `bun:"nm"`
	MM float64 `bun:"mm"`
}

func (r clusterRow) sums(yes, partly, no int) [3]stats.ClusterSums {
	m := float64(yes + partly + no)
	return [3]stats.ClusterSums{
		{K: r.K, Y: float64(yes), M: m, YY: r.YY, YM: r.YM, MM: r.MM},
		{K: r.K, Y: float64(partly), M: m, YY: r.PP, YM: r.PM, MM: r.MM},
		{K: r.K, Y: float64(no), M: m, YY: r.NN, YM: r.NM, MM: r.MM},
	}
}

// countCells counts the cells of every group and round in two statements: per question, section
// and all questions from the revisions' counts with the sums by service, and per section and all
// questions from the revisions' cases with the sums by case. A question's answers clustered by
// case need no more: each case answers a question once.
func (s *Store) countCells(ctx context.Context, scope auth.Scope, sq StatsQuery, roundIDs []int64, level Level) (results.Cells, error) {
	out := results.Cells{}
	if len(roundIDs) == 0 {
		return out, nil
	}
	grp := groupExpr(level)

	// 1. By service: per service its counts on each question, section and all questions, then
	// summed over the services of each group (serviceClusters; countyClusters for whole counties).
	per, sums := s.serviceClusters(scope, sq, roundIDs, grp), clusterColumns
	if byCounty(scope, sq, level) {
		per, sums = s.countyClusters(scope, sq, roundIDs, level), countyClusterColumns
	}
	var byService []struct {
		RoundID    int64  `bun:"round_id"`
		Grp        int64  `bun:"grp"`
		QuestionID *int64 `bun:"question_id"`
		SectionID  *int64 `bun:"section_id"`
		Yes        int    `bun:"yes"`
		Partly     int    `bun:"partly"`
		No         int    `bun:"no_"`
		NP         int    `bun:"np"`
		NA         int    `bun:"na"`
		Services   int    `bun:"services"`
		clusterRow
	}
	// 2 (below) does not depend on 1: it runs at the same time on another connection of the pool.
	var (
		byCase    []caseSums
		byCaseErr error
		wg        sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		byCase, byCaseErr = s.countByCase(ctx, scope, sq, roundIDs, grp)
	}()
	err := s.reader().NewSelect().With("per", per).TableExpr("per").
		ColumnExpr("round_id, grp, question_id, section_id, sum(y) AS yes, sum(p) AS partly, sum(no) AS no_, sum(np) AS np, sum(na) AS na").
		ColumnExpr("sum(services) AS services, "+sums).
		GroupExpr("round_id, grp, question_id, section_id").Scan(ctx, &byService)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("count by service: %w", err)
	}
	if byCaseErr != nil {
		return nil, fmt.Errorf("count by case: %w", byCaseErr)
	}
	for _, r := range byService {
		c := &results.Cell{RoundID: r.RoundID, Grp: r.Grp, QuestionID: r.QuestionID, SectionID: r.SectionID, Services: r.Services,
			Counts: results.Counts{Yes: r.Yes, Partly: r.Partly, No: r.No, NotPossible: r.NP, NotApplicable: r.NA}}
		c.ByService = r.sums(r.Yes, r.Partly, r.No)
		if c.QuestionID != nil {
			c.AnswersAreCases()
		}
		out[c.Key()] = c
	}
	for _, r := range byCase {
		k := results.CellKey{Round: r.RoundID, Grp: r.Grp}
		if r.SectionID != nil {
			k.Section = *r.SectionID
		}
		c := out[k]
		if c == nil {
			continue
		}
		c.Cases = r.Cases
		c.ByCase = r.sums(c.Counts.Yes, c.Counts.Partly, c.Counts.No)
	}
	return out, nil
}

// serviceClusters is what step 1 of countCells sums: a row per cluster of services and figure, its
// counts there. Services on fewer than DefaultMinCases cases are one cluster together in each
// group: their figures are withheld from everyone outside them, and what a published figure
// reveals of them is their sum (which its counts already give by subtraction, and no more: see
// smallCase). Each counted revision keeps its counts per question, section and all questions
// (revision_option_sums, migration 0022): one row per form and figure, so the forms of services on
// enough cases are each a row as they are, and those of small services are summed into one row per
// figure, instead of grouping every row by service.
func (s *Store) serviceClusters(scope auth.Scope, sq StatsQuery, roundIDs []int64, grp string) *bun.SelectQuery {
	key := fmt.Sprintf(perKey, grp)
	own := countedBase(s.reader().NewSelect(), "revision_option_sums", scope, sq, roundIDs).
		ColumnExpr(key + ", 1 AS services, x.y, x.p, x.no, x.np, x.na").
		Where("NOT " + smallCase)
	together := countedBase(s.reader().NewSelect(), "revision_option_sums", scope, sq, roundIDs).
		ColumnExpr(key + ", count(*) AS services, sum(x.y)::bigint AS y, sum(x.p)::bigint AS p, sum(x.no)::bigint AS no").
		ColumnExpr("sum(x.np)::bigint AS np, sum(x.na)::bigint AS na").
		Where(smallCase).
		GroupExpr("cr.round_id, " + grp + ", x.question_id, x.section_id")
	return own.UnionAll(together)
}

// caseSums are the sums clustered by case of a group's section (SectionID nil: all questions).
type caseSums struct {
	RoundID   int64  `bun:"round_id"`
	Grp       int64  `bun:"grp"`
	SectionID *int64 `bun:"section_id"`
	Cases     int    `bun:"cases"`
	clusterRow
}

// countByCase is step 2 of countCells. By case: per case its counts in each section and in all
// questions, then summed over the cases of each group. Each counted revision keeps these sums over
// its own cases (revision_case_totals, migration 0022), so a group adds a few rows per form, not
// one per case.
func (s *Store) countByCase(ctx context.Context, scope auth.Scope, sq StatsQuery, roundIDs []int64, grp string) ([]caseSums, error) {
	var byCase []caseSums
	err := countedBase(s.reader().NewSelect(), "revision_case_totals", scope, sq, roundIDs).
		ColumnExpr("cr.round_id, "+grp+" AS grp, x.section_id").
		ColumnExpr("sum(x.cases) AS cases, sum(x.k) AS k, sum(x.yy) AS yy, sum(x.ym) AS ym, sum(x.pp) AS pp, sum(x.pm) AS pm").
		ColumnExpr("sum(x.nn) AS nn, sum(x.nm) AS nm, sum(x.mm) AS mm").
		GroupExpr("cr.round_id, "+grp+", x.section_id").Scan(ctx, &byCase)
	return byCase, err
}
