package store

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/results"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

// Statistics for dashboards and BI. Counting happens in SQL (GROUP BY with GROUPING SETS and
// percentile_cont); the store reads the small result and internal/results adds the intervals and
// the suppression (stats.Suppress decides, results.RoundFigures applies it).
//
// What counts: the latest submitted revision of each form (counted.go), whatever the form's state
// now: a form re-opened or returned keeps counting with what it last sent. Shares use YES + PARTLY
// + NO as the denominator; NOT_POSSIBLE and NOT_APPLICABLE are counted separately.
//
// Intervals respect that answers come in clusters (internal/stats/cluster.go): a figure of
// several services is clustered by service, one service's own figures (and any figure resting on a
// single service) by case. The 95 % interval is Wilson's at the effective sample size n / design
// effect (Rao & Scott 1992; Korn & Graubard 1998).
//
// Small numbers: every figure is a node of the round's hierarchy (the nation, an office, a county or
// a service), and whether a node is shown is decided once per round and floor for the whole
// country by stats.Suppress: a service with fewer than MinCases cases is withheld, and so is any
// aggregate that would let such a service be worked out by subtraction (complementary
// suppression). The decision is the same whoever asks and whatever the scope, and it covers every
// cell of the node (questions, sections, days) at once. Only the service itself sees its own
// figures whatever their size. The case and service counts of a node stay visible: they say how
// much a figure rests on, not what the cases answered.

// The figures the statistics reads return are computed in internal/results; these names keep
// the store's API (and the graph's bindings) as they were.
type (
	// StatsQuery selects what to count (results.Query).
	StatsQuery = results.Query
	// Level is what a breakdown groups by (results.Level).
	Level = results.Level
	// ShareCI is a count with its share and clustered interval (results.ShareCI).
	ShareCI = results.ShareCI
	// OptionFigures are the counts and shares of each option (results.OptionFigures).
	OptionFigures = results.OptionFigures
	// QuestionFigures are the figures of one question (results.QuestionFigures).
	QuestionFigures = results.QuestionFigures
	// SectionFigures are the figures of one section (results.SectionFigures).
	SectionFigures = results.SectionFigures
	// DaysFigures describe the days to first activity (results.DaysFigures).
	DaysFigures = results.DaysFigures
	// DaysAbove counts cases above a threshold (results.DaysAbove).
	DaysAbove = results.DaysAbove
)

// LevelNone is no breakdown: the scope itself (results.LevelNone).
const LevelNone = results.LevelNone

// DefaultMinCases is the smallest number of cases a figure may rest on for callers outside the
// service; a caller may raise it, never lower it.
const DefaultMinCases = results.DefaultMinCases

// MaxDaysThresholds bounds the day thresholds one statistics request counts cases above.
const MaxDaysThresholds = results.MaxDaysThresholds

// CheckMinCases refuses a floor below DefaultMinCases.
func CheckMinCases(n int) error { return results.CheckMinCases(n) }

// suppressions decides, for each round, which nodes of the whole country are withheld at floor. It
// reads every service's counted cases in the round whatever the caller's reach: the decision must not
// depend on who asks (one statement).
func (s *Store) suppressions(ctx context.Context, roundIDs []int64, floor int) (map[int64]*stats.Suppression, error) {
	var rows []struct {
		RoundID int64 `bun:"round_id"`
		Service int64 `bun:"service_id"`
		County  int64 `bun:"county_id"`
		Office  int64 `bun:"office_id"`
		Cases   int   `bun:"cases"`
	}
	if len(roundIDs) > 0 {
		// Each counted form keeps its number of cases (counted_forms, migration 0022): a row per
		// form, not per case. Forms without cases are no unit, as when the cases were counted here.
		if err := s.reader().NewSelect().TableExpr("counted_forms AS cr").
			Join("JOIN services AS s ON s.id = cr.service_id").
			ColumnExpr("cr.round_id, s.id AS service_id, s.county_id, s.office_id, sum(cr.case_count)::bigint AS cases").
			Where("cr.round_id IN (?)", bun.List(roundIDs)).Where("cr.case_count > 0").
			GroupExpr("1, 2, 3, 4").Scan(ctx, &rows); err != nil {
			return nil, fmt.Errorf("suppression: %w", err)
		}
	}
	units := map[int64][]stats.Unit{}
	for _, r := range rows {
		units[r.RoundID] = append(units[r.RoundID], stats.Unit{Service: r.Service, County: r.County, Office: r.Office, Cases: r.Cases})
	}
	return results.Suppressions(roundIDs, units, floor), nil
}

// checkStatsScope refuses a scope outside the caller's reach, as if it did not exist.
func checkStatsScope(ctx context.Context, db bun.IDB, scope auth.Scope, q StatsQuery) error {
	if scope.None {
		return auth.ErrUnauthenticated()
	}
	if q.RoundID != 0 {
		if err := roundExists(ctx, db, q.RoundID); err != nil {
			return err
		}
	}
	switch {
	case q.ServiceID != 0:
		var svc Service
		if err := db.NewSelect().Model(&svc).Where("s.id = ?", q.ServiceID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounService, q.ServiceID)
		}
		if !scope.SeesService(svc.ID, svc.OfficeID) {
			return domain.ErrNotFound(domain.NounService, q.ServiceID)
		}
	case q.OfficeID != 0:
		if !scope.SeesOffice(q.OfficeID) {
			return domain.ErrNotFound(domain.NounOffice, q.OfficeID)
		}
	case q.CountyID != 0:
		var c County
		if err := db.NewSelect().Model(&c).Where("cty.id = ?", q.CountyID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounCounty, q.CountyID)
		}
		if !scope.SeesOffice(c.OfficeID) {
			return domain.ErrNotFound(domain.NounCounty, q.CountyID)
		}
	default:
		// No scope given: the caller's own reach (national, one office or one service).
	}
	return nil
}

// scopeWhere restricts rows of services (s) to the query's scope within the caller's reach.
func scopeWhere(q *bun.SelectQuery, scope auth.Scope, sq StatsQuery) *bun.SelectQuery {
	q = applyScope(q, scope)
	if sq.OfficeID != 0 {
		q = q.Where("s.office_id = ?", sq.OfficeID)
	}
	if sq.CountyID != 0 {
		q = q.Where("s.county_id = ?", sq.CountyID)
	}
	if sq.ServiceID != 0 {
		q = q.Where("s.id = ?", sq.ServiceID)
	}
	return q
}

func groupExpr(level Level) string {
	switch level {
	case domain.BreakdownOffice:
		return "s.office_id"
	case domain.BreakdownCounty:
		return "s.county_id"
	case domain.BreakdownService:
		return "s.id"
	}
	return "0::bigint"
}

// RoundFigures computes the statistics of a scope in a round, or a breakdown of it by office,
// county or service, in six statements whatever the number of groups.
func (s *Store) RoundFigures(ctx context.Context, scope auth.Scope, sq StatsQuery, level Level) ([]results.Figures, error) {
	if err := sq.Validate(); err != nil {
		return nil, err
	}
	if err := checkStatsScope(ctx, s.reader(), scope, sq); err != nil {
		return nil, err
	}
	rounds := []int64{sq.RoundID}
	thresholds := results.DaysThresholds(sq.Thresholds)

	// 3–5 below do not depend on 1–2: they run at the same time on other connections of the pool,
	// so the request waits for the slowest statement rather than for their sum.
	var (
		wg                    sync.WaitGroup
		cells                 results.Cells
		questions             []results.QuestionRef
		cellsErr, questionErr error
	)
	wg.Add(2)
	go func() {
		defer wg.Done()
		// 3–4. Options per group and question, per group and section, and per group, with the
		// sums the clustered intervals need.
		cells, cellsErr = s.countCells(ctx, scope, sq, rounds, level)
	}()
	go func() {
		defer wg.Done()
		// 5. The questionnaire's questions, so every question appears in order, answered or not.
		questions, questionErr = s.roundQuestions(ctx, sq.RoundID)
	}()
	groups, casesErr := s.countGroups(ctx, scope, sq, level, thresholds)
	wg.Wait()
	switch {
	case casesErr != nil:
		return nil, fmt.Errorf("round figures: cases: %w", casesErr)
	case cellsErr != nil:
		return nil, fmt.Errorf("round figures: %w", cellsErr)
	case questionErr != nil:
		return nil, questionErr
	}

	// 6. What is withheld in the round, decided for the whole country. The people of a service
	// only ever reach its own figures, which are never withheld from them (a service's API token
	// is outside the service: it gets what everyone outside gets).
	var supp *stats.Suppression
	if !scope.InsideOneService() && len(groups) > 0 {
		all, err := s.suppressions(ctx, rounds, sq.MinCases)
		if err != nil {
			return nil, err
		}
		supp = all[sq.RoundID]
	}
	return results.RoundFigures(results.RoundInput{Scope: scope, Query: sq, Level: level, Thresholds: thresholds,
		Groups: groups, Cells: cells, Questions: questions, Suppression: supp, Lang: domain.LangFrom(ctx)}), nil
}

// roundQuestions reads the questions of a round's questionnaire in order.
func (s *Store) roundQuestions(ctx context.Context, roundID int64) ([]results.QuestionRef, error) {
	var questions []Question
	if err := s.reader().NewSelect().Model(&questions).Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
		Where("r.id = ?", roundID).OrderExpr("q.position").Scan(ctx); err != nil {
		return nil, err
	}
	return questionRefs(questions), nil
}

// questionRefs are what the results package needs to know of questions.
func questionRefs(questions []Question) []results.QuestionRef {
	out := make([]results.QuestionRef, len(questions))
	for i, q := range questions {
		out[i] = results.QuestionRef{ID: q.ID, QuestionnaireID: q.QuestionnaireID, SectionID: q.SectionID, Position: q.Position}
	}
	return out
}

// countGroups is steps 1–2 of RoundFigures: cases, services and days per group, and the cases
// above each days threshold (each threshold once, as a FILTER column of the same scan of the cases).
// The services of a group are those with a counted case: each has one counted form in the round
// (submissions are unique by service and round), and a form's cases are numbered from 1
// (revision_cases, migration 0009), so each such service has one case numbered 1. Counting those
// gives what count(DISTINCT) would, without sorting the group's cases by service.
func (s *Store) countGroups(ctx context.Context, scope auth.Scope, sq StatsQuery, level Level, thresholds []int) ([]results.Group, error) {
	aboveExpr, aboveArgs := "'{}'::bigint[]", []any(nil)
	if len(thresholds) > 0 {
		parts := make([]string, len(thresholds))
		for i, t := range thresholds {
			parts[i] = "count(*) FILTER (WHERE x.days_to_first_activity > ?)"
			aboveArgs = append(aboveArgs, t)
		}
		aboveExpr = "ARRAY[" + strings.Join(parts, ", ") + "]::bigint[]"
	}
	var rows []struct {
		Grp      int64    `bun:"grp"`
		Services int      `bun:"services"`
		Cases    int      `bun:"cases"`
		DaysN    int      `bun:"days_n"`
		Q1       *float64 `bun:"q1"`
		Median   *float64 `bun:"median"`
		Q3       *float64 `bun:"q3"`
		Max      *int     `bun:"max"`
		Above    []int64  `bun:"above,array"`
	}
	err := countedBase(s.reader().NewSelect(), "revision_cases", scope, sq, []int64{sq.RoundID}).
		ColumnExpr(groupExpr(level)+" AS grp, count(*) FILTER (WHERE x.ordinal = 1) AS services, count(*) AS cases").
		ColumnExpr("count(x.days_to_first_activity) AS days_n").
		ColumnExpr("percentile_cont(0.25) WITHIN GROUP (ORDER BY x.days_to_first_activity) AS q1").
		ColumnExpr("percentile_cont(0.5) WITHIN GROUP (ORDER BY x.days_to_first_activity) AS median").
		ColumnExpr("percentile_cont(0.75) WITHIN GROUP (ORDER BY x.days_to_first_activity) AS q3").
		ColumnExpr("max(x.days_to_first_activity) AS max").
		ColumnExpr(aboveExpr+" AS above", aboveArgs...). // nil without thresholds: no placeholder, no args
		GroupExpr("1").OrderExpr("1").Scan(ctx, &rows)
	groups := make([]results.Group, len(rows))
	for i, g := range rows {
		groups[i] = results.Group{Grp: g.Grp, Services: g.Services, Cases: g.Cases, Above: g.Above,
			Days: DaysFigures{Count: g.DaysN, Q1: g.Q1, Median: g.Median, Q3: g.Q3, Max: g.Max}}
	}
	return groups, err
}
