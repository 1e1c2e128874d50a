package store

import (
	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// A figure of the nation, an office or a county — any scope and breakdown wider than one service —
// reads the counts that the statistics cluster by service from county_option_sums (migration
// 0024): the counted forms' counts summed per round and county in the transactions that change
// them, a few rows per county instead of one per counted form and figure. A service's own figures
// and a breakdown by service read the forms' rows (serviceClusters).

// byCounty says whether a statistics query can read county_option_sums: its scope and groups are
// whole counties (the nation, an office, a county; breakdowns by office or county).
func byCounty(scope auth.Scope, sq StatsQuery, level Level) bool {
	return !scope.None && scope.ServiceID == 0 && sq.ServiceID == 0 && level != domain.BreakdownService
}

// countyGroupExpr is groupExpr for rows of counties (c).
func countyGroupExpr(level Level) string {
	switch level {
	case domain.BreakdownOffice:
		return "c.office_id"
	case domain.BreakdownCounty:
		return "c.id"
	}
	return "0::bigint"
}

// countyBase reads the rows (t) of county_option_sums of counties (c) in the rounds and the
// query's scope within the caller's reach (as scopeWhere; a county's services are in its office).
func countyBase(q *bun.SelectQuery, scope auth.Scope, sq StatsQuery, roundIDs []int64) *bun.SelectQuery {
	q = q.TableExpr("county_option_sums AS t").
		Join("JOIN counties AS c ON c.id = t.county_id").
		Where("t.round_id IN (?)", bun.List(roundIDs))
	if scope.OfficeID != 0 {
		q = q.Where("c.office_id = ?", scope.OfficeID)
	}
	if sq.OfficeID != 0 {
		q = q.Where("c.office_id = ?", sq.OfficeID)
	}
	if sq.CountyID != 0 {
		q = q.Where("c.id = ?", sq.CountyID)
	}
	return q
}

// countyClusters is what serviceClusters gives, from county_option_sums: per group, round and
// figure, a row with the sums over the clusters of services on enough cases (added up over the
// counties), and a row for the cluster of the small services (their counts summed over the
// counties, and the squares and products taken of those sums). The outer query of countCells adds
// them up with countyClusterColumns.
func (s *Store) countyClusters(scope auth.Scope, sq StatsQuery, roundIDs []int64, level Level) *bun.SelectQuery {
	grp := countyGroupExpr(level)
	key := "t.round_id, " + grp + " AS grp, t.question_id, t.section_id"
	own := countyBase(s.reader().NewSelect(), scope, sq, roundIDs).
		ColumnExpr(key + ", t.forms AS services, t.y, t.p, t.no, t.np, t.na").
		ColumnExpr("t.k, t.yy, t.ym, t.pp, t.pm, t.nn, t.nm, t.mm").
		Where("NOT t.small")
	together := countyBase(s.reader().NewSelect(), scope, sq, roundIDs).
		ColumnExpr(key + ", sum(t.forms) AS services, sum(t.y) AS y, sum(t.p) AS p, sum(t.no) AS no, sum(t.np) AS np, sum(t.na) AS na").
		ColumnExpr("(sum(t.y + t.p + t.no) > 0)::int AS k").
		ColumnExpr("sum(t.y) * sum(t.y) AS yy, sum(t.y) * sum(t.y + t.p + t.no) AS ym").
		ColumnExpr("sum(t.p) * sum(t.p) AS pp, sum(t.p) * sum(t.y + t.p + t.no) AS pm").
		ColumnExpr("sum(t.no) * sum(t.no) AS nn, sum(t.no) * sum(t.y + t.p + t.no) AS nm").
		ColumnExpr("sum(t.y + t.p + t.no) * sum(t.y + t.p + t.no) AS mm").
		Where("t.small").
		GroupExpr("t.round_id, " + grp + ", t.question_id, t.section_id")
	return own.UnionAll(together)
}

// countyClusterColumns add up the rows of countyClusters as clusterColumns add up those of
// serviceClusters.
const countyClusterColumns = `sum(k) AS k, sum(yy) AS yy, sum(ym) AS ym, sum(pp) AS pp, sum(pm) AS pm,
	sum(nn) AS nn, sum(nm) AS nm, sum(mm) AS mm`
