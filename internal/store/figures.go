package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

// Statistics for dashboards and BI. Counting happens in SQL (GROUP BY with GROUPING SETS and
// percentile_cont); Go only adds the intervals and the suppression to the small result.
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

// DefaultMinCases is the smallest number of cases a figure may rest on for callers outside the
// service; a caller may raise it, never lower it.
const DefaultMinCases = stats.MinCases

// CheckMinCases refuses a floor below DefaultMinCases.
func CheckMinCases(n int) error {
	if n < DefaultMinCases {
		return domain.ErrBadInput("minCases",
			fmt.Sprintf("minCases kan bare heve grensen for små tall, som er %d saker.", DefaultMinCases),
			fmt.Sprintf("minCases kan berre heve grensa for små tal, som er %d saker.", DefaultMinCases),
			fmt.Sprintf("minCases may only raise the small-number floor of %d cases.", DefaultMinCases))
	}
	return nil
}

// minCases is the floor of a query: zero means the default; below it is refused.
func minCases(n int) (int, error) {
	if n == 0 {
		return DefaultMinCases, nil
	}
	return n, CheckMinCases(n)
}

// StatsQuery selects what to count.
type StatsQuery struct {
	RoundID    int64
	OfficeID   int64 // zero: every office
	CountyID   int64
	ServiceID  int64
	MinCases   int   // zero: DefaultMinCases; lower values are refused
	Thresholds []int // days: count cases above each
}

// Level is what a breakdown groups by.
type Level string

const (
	LevelNone    Level = ""
	LevelOffice  Level = "OFFICE"
	LevelCounty  Level = "COUNTY"
	LevelService Level = "SERVICE"
)

// ShareCI is a count with its share of the denominator, a 95 % interval that respects the
// clustering of the answers, and the design effect it rests on.
type ShareCI struct {
	Count            int
	Share, Low, High *float64
	// DesignEffect is the variance of the share over what independent answers would give (at
	// least 1); nil without a denominator.
	DesignEffect *float64
}

// OptionFigures are the counts of each option.
type OptionFigures struct {
	Yes, Partly, No            ShareCI
	NotPossible, NotApplicable int
	Denominator                int
	// Unit is what the answers are clustered by; "" without answers.
	Unit ClusterUnit
	// Clusters is the number of services or cases with answers in the denominator.
	Clusters int
	// parts are the cluster sums of Ja, Delvis and Nei the shares rest on: one entry, or one per
	// question of a pooled figure.
	parts [][3]stats.ClusterSums
}

// QuestionFigures are the figures of one question.
type QuestionFigures struct {
	QuestionID       int64
	SectionID        int64
	Options          OptionFigures
	Services, Cases  int
	Suppressed       bool
	SuppressedReason string
}

// SectionFigures are the figures of one section's questions together.
type SectionFigures struct {
	SectionID        int64
	Options          OptionFigures
	Services, Cases  int
	Suppressed       bool
	SuppressedReason string
}

// DaysFigures describe days from report to first investigation activity.
type DaysFigures struct {
	Count          int
	Q1, Median, Q3 *float64
	Max            *int
	Above          []DaysAbove
}

// DaysAbove counts cases above a threshold.
type DaysAbove struct {
	Days  int
	Count int
	Share *float64
}

// Figures are the statistics of one scope (or one group of a breakdown) in a round.
type Figures struct {
	RoundID          int64
	Level            Level
	GroupID          int64 // the office, county or service of a breakdown row; 0 for the scope itself
	Query            StatsQuery
	Services, Cases  int
	Overall          OptionFigures
	Sections         []SectionFigures
	Questions        []QuestionFigures
	Days             DaysFigures
	Suppressed       bool
	SuppressedReason string
}

func newShare(k int, sh stats.Share, ok bool) ShareCI {
	s := ShareCI{Count: k}
	if ok {
		p, lo, hi, d := sh.P, sh.Low, sh.High, sh.DesignEffect
		s.Share, s.Low, s.High, s.DesignEffect = &p, &lo, &hi, &d
	}
	return s
}

// clusteredFigures are the figures of counts whose Ja, Delvis and Nei rest on the cluster sums.
func clusteredFigures(yes, partly, no, np, na int, unit ClusterUnit, sums [3]stats.ClusterSums) OptionFigures {
	return pooledFigures(yes, partly, no, np, na, unit, [][3]stats.ClusterSums{sums})
}

func pooledFigures(yes, partly, no, np, na int, unit ClusterUnit, parts [][3]stats.ClusterSums) OptionFigures {
	f := OptionFigures{NotPossible: np, NotApplicable: na, Denominator: yes + partly + no, parts: parts}
	shares := [3]*ShareCI{&f.Yes, &f.Partly, &f.No}
	for i, k := range []int{yes, partly, no} {
		var ps []stats.ClusterSums
		for _, p := range parts {
			ps = append(ps, p[i])
		}
		sh, ok := stats.PooledShare(ps)
		*shares[i] = newShare(k, sh, ok)
		if ok {
			f.Unit, f.Clusters = unit, sh.Clusters
		}
	}
	return f
}

// ClusteredBy is what the answers are clustered by (GraphQL field); nil without answers.
func (f OptionFigures) ClusteredBy() *string {
	if f.Unit == "" {
		return nil
	}
	u := string(f.Unit)
	return &u
}

// share returns the clustered share of one option (0 Ja, 1 Delvis, 2 Nei) for comparisons.
func (f OptionFigures) share(i int) (stats.Share, bool) {
	var ps []stats.ClusterSums
	for _, p := range f.parts {
		ps = append(ps, p[i])
	}
	return stats.PooledShare(ps)
}

// suppressionReason says why a node is withheld at floor, or "" when it is shown.
func suppressionReason(r stats.Reason, floor int, lang domain.Lang) string {
	switch r {
	case stats.TooFewCases:
		return domain.Text{
			NB: fmt.Sprintf("Færre enn %d saker; tallet vises ikke, så det ikke kan peke ut enkeltbarn.", floor),
			NN: fmt.Sprintf("Færre enn %d saker; talet blir ikkje vist, så det ikkje kan peike ut enkeltborn.", floor),
			EN: fmt.Sprintf("Fewer than %d cases; withheld so that it cannot point to individual children.", floor),
		}.In(lang)
	case stats.Complementary:
		return domain.Text{
			NB: fmt.Sprintf("Holdt tilbake så tallene til en tjeneste med færre enn %d saker ikke kan regnes ut ved å trekke fra de andre tallene.", floor),
			NN: fmt.Sprintf("Halde tilbake så tala til ei teneste med færre enn %d saker ikkje kan reknast ut ved å trekkje frå dei andre tala.", floor),
			EN: fmt.Sprintf("Withheld so that the figures of a service with fewer than %d cases cannot be worked out by subtracting the other figures.", floor),
		}.In(lang)
	}
	return ""
}

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
	out := make(map[int64]*stats.Suppression, len(roundIDs))
	for _, id := range roundIDs {
		out[id] = stats.Suppress(units[id], floor)
	}
	return out, nil
}

// scopeNode is the node a query's own figures belong to: the narrowest scope asked for, else the
// caller's reach.
func scopeNode(vis auth.Scope, sq StatsQuery) stats.Node {
	switch {
	case sq.ServiceID != 0:
		return stats.Node{Kind: stats.Service, ID: sq.ServiceID}
	case sq.CountyID != 0:
		return stats.Node{Kind: stats.County, ID: sq.CountyID}
	case sq.OfficeID != 0:
		return stats.Node{Kind: stats.Office, ID: sq.OfficeID}
	case vis.ServiceID != 0:
		return stats.Node{Kind: stats.Service, ID: vis.ServiceID}
	case vis.OfficeID != 0:
		return stats.Node{Kind: stats.Office, ID: vis.OfficeID}
	}
	return stats.Node{Kind: stats.Nation}
}

// groupNode is the node of a breakdown row.
func groupNode(vis auth.Scope, sq StatsQuery, level Level, grp int64) stats.Node {
	switch level {
	case LevelOffice:
		return stats.Node{Kind: stats.Office, ID: grp}
	case LevelCounty:
		return stats.Node{Kind: stats.County, ID: grp}
	case LevelService:
		return stats.Node{Kind: stats.Service, ID: grp}
	}
	return scopeNode(vis, sq)
}

// checkStatsScope refuses a scope outside the caller's reach, as if it did not exist.
func checkStatsScope(ctx context.Context, db bun.IDB, vis auth.Scope, q StatsQuery) error {
	if vis.None {
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
		if !vis.SeesService(svc.ID, svc.OfficeID) {
			return domain.ErrNotFound(domain.NounService, q.ServiceID)
		}
	case q.OfficeID != 0:
		if !vis.SeesOffice(q.OfficeID) {
			return domain.ErrNotFound(domain.NounOffice, q.OfficeID)
		}
	case q.CountyID != 0:
		var c County
		if err := db.NewSelect().Model(&c).Where("cty.id = ?", q.CountyID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounCounty, q.CountyID)
		}
		if !vis.SeesOffice(c.OfficeID) {
			return domain.ErrNotFound(domain.NounCounty, q.CountyID)
		}
	default:
		// No scope given: the caller's own reach (national, one office or one service).
	}
	return nil
}

// scopeWhere restricts rows of services (s) to the query's scope within the caller's reach.
func scopeWhere(q *bun.SelectQuery, vis auth.Scope, sq StatsQuery) *bun.SelectQuery {
	q = applyScope(q, vis)
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
	case LevelOffice:
		return "s.office_id"
	case LevelCounty:
		return "s.county_id"
	case LevelService:
		return "s.id"
	}
	return "0::bigint"
}

// MaxDaysThresholds bounds the day thresholds one statistics request counts cases above (the
// graph's @maxItems on daysThresholds says the same).
const MaxDaysThresholds = 10

// RoundFigures computes the statistics of a scope in a round, or a breakdown of it by office,
// county or service, in six statements whatever the number of groups.
func (s *Store) RoundFigures(ctx context.Context, vis auth.Scope, sq StatsQuery, level Level) ([]Figures, error) {
	var err error
	if sq.MinCases, err = minCases(sq.MinCases); err != nil {
		return nil, err
	}
	if len(sq.Thresholds) > MaxDaysThresholds {
		return nil, domain.ErrBadInput("daysThresholds",
			fmt.Sprintf("Gi høyst %d terskler for dager.", MaxDaysThresholds),
			fmt.Sprintf("Gje høgst %d tersklar for dagar.", MaxDaysThresholds),
			fmt.Sprintf("Give at most %d day thresholds.", MaxDaysThresholds))
	}
	if err := checkStatsScope(ctx, s.reader(), vis, sq); err != nil {
		return nil, err
	}
	grp := groupExpr(level)
	rounds := []int64{sq.RoundID}
	cases := func() *bun.SelectQuery {
		return countedBase(s.reader().NewSelect().TableExpr("revision_cases AS x"), vis, sq, rounds)
	}

	// 3–5 below do not depend on 1–2: they run at the same time on other connections of the pool,
	// so the request waits for the slowest statement rather than for their sum.
	var (
		wg                    sync.WaitGroup
		cells                 map[cellKey]*cell
		questions             []Question
		cellsErr, questionErr error
	)
	wg.Add(2)
	go func() {
		defer wg.Done()
		cells, cellsErr = s.countCells(ctx, vis, sq, rounds, level)
	}()
	go func() {
		defer wg.Done()
		questionErr = s.reader().NewSelect().Model(&questions).Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
			Where("r.id = ?", sq.RoundID).OrderExpr("q.position").Scan(ctx)
	}()

	// 1–2. Cases, services and days per group, and the cases above each days threshold (each
	// threshold once, as a FILTER column of the same scan of the cases).
	thresholds := slices.Clone(sq.Thresholds)
	slices.Sort(thresholds)
	thresholds = slices.Compact(thresholds)
	aboveExpr, aboveArgs := "'{}'::bigint[]", []any(nil)
	if len(thresholds) > 0 {
		parts := make([]string, len(thresholds))
		for i, t := range thresholds {
			parts[i] = "count(*) FILTER (WHERE x.days_to_first_activity > ?)"
			aboveArgs = append(aboveArgs, t)
		}
		aboveExpr = "ARRAY[" + strings.Join(parts, ", ") + "]::bigint[]"
	}
	var groups []struct {
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
	casesErr := cases().
		ColumnExpr(grp+" AS grp, count(DISTINCT cr.service_id) AS services, count(*) AS cases").
		ColumnExpr("count(x.days_to_first_activity) AS days_n").
		ColumnExpr("percentile_cont(0.25) WITHIN GROUP (ORDER BY x.days_to_first_activity) AS q1").
		ColumnExpr("percentile_cont(0.5) WITHIN GROUP (ORDER BY x.days_to_first_activity) AS median").
		ColumnExpr("percentile_cont(0.75) WITHIN GROUP (ORDER BY x.days_to_first_activity) AS q3").
		ColumnExpr("max(x.days_to_first_activity) AS max").
		ColumnExpr(aboveExpr+" AS above", aboveArgs...). // nil without thresholds: no placeholder, no args
		GroupExpr("1").OrderExpr("1").Scan(ctx, &groups)
	wg.Wait()
	switch {
	case casesErr != nil:
		return nil, fmt.Errorf("round figures: cases: %w", casesErr)
	case cellsErr != nil:
		return nil, fmt.Errorf("round figures: %w", cellsErr)
	case questionErr != nil:
		return nil, questionErr
	}
	type aboveRow struct {
		Grp   int64
		T     int
		Count int
	}
	var above []aboveRow
	for _, g := range groups {
		for i, t := range thresholds {
			if i < len(g.Above) {
				above = append(above, aboveRow{Grp: g.Grp, T: t, Count: int(g.Above[i])})
			}
		}
	}

	// 3–4 (started above). Options per group and question, per group and section, and per group,
	// with the sums the clustered intervals need.
	// 5 (started above). The questionnaire's questions, so every question appears in order,
	// answered or not.

	// 6. What is withheld in the round, decided for the whole country.
	lang := domain.LangFrom(ctx)
	// The people of a service only ever reach its own figures, which are never withheld from them
	// (a service's API token is outside the service: it gets what everyone outside gets).
	own := vis.InsideOneService()
	var supp *stats.Suppression
	if !own && len(groups) > 0 {
		all, err := s.suppressions(ctx, rounds, sq.MinCases)
		if err != nil {
			return nil, err
		}
		supp = all[sq.RoundID]
	}
	out := make([]Figures, 0, len(groups))
	index := map[int64]int{}
	for _, g := range groups {
		f := Figures{RoundID: sq.RoundID, Level: level, GroupID: g.Grp, Query: sq, Services: g.Services, Cases: g.Cases,
			Days: DaysFigures{Count: g.DaysN, Q1: g.Q1, Median: g.Median, Q3: g.Q3, Max: g.Max, Above: []DaysAbove{}}}
		if supp != nil {
			f.SuppressedReason = suppressionReason(supp.Reason(groupNode(vis, sq, level, g.Grp)), sq.MinCases, lang)
		}
		f.Suppressed = f.SuppressedReason != ""
		index[g.Grp] = len(out)
		out = append(out, f)
	}
	for _, a := range above {
		f := &out[index[a.Grp]]
		f.Days.Above = append(f.Days.Above, DaysAbove{Days: a.T, Count: a.Count, Share: share(a.Count, f.Days.Count)})
	}
	for i := range out {
		f := &out[i]
		sort.Slice(f.Days.Above, func(x, y int) bool { return f.Days.Above[x].Days < f.Days.Above[y].Days })
		// One service's figures are clustered by case, everything above it by service.
		byCase := groupNode(vis, sq, level, f.GroupID).Kind == stats.Service
		at := func(question, section int64) (OptionFigures, int, int) {
			c := cells[cellKey{round: sq.RoundID, grp: f.GroupID, question: question, section: section}]
			if c == nil {
				return OptionFigures{}, 0, 0
			}
			return c.figures(byCase), c.Services, c.Cases
		}
		seenSection := map[int64]bool{}
		for _, q := range questions {
			qf := QuestionFigures{QuestionID: q.ID, SectionID: q.SectionID}
			qf.Options, qf.Services, qf.Cases = at(q.ID, 0)
			f.Questions = append(f.Questions, qf)
			if !seenSection[q.SectionID] {
				seenSection[q.SectionID] = true
				sf := SectionFigures{SectionID: q.SectionID}
				sf.Options, sf.Services, sf.Cases = at(0, q.SectionID)
				f.Sections = append(f.Sections, sf)
			}
		}
		f.Overall, _, _ = at(0, 0)
	}
	for i := range out {
		withhold(&out[i])
	}
	return out, nil
}

// withhold empties every cell of a withheld figure, so a withheld count can never be read. A figure
// is withheld or shown as a whole: its questions and sections follow it.
func withhold(f *Figures) {
	if !f.Suppressed {
		return
	}
	f.Overall, f.Days = OptionFigures{}, DaysFigures{Above: []DaysAbove{}}
	for i := range f.Questions {
		q := &f.Questions[i]
		q.Options, q.Services, q.Cases, q.Suppressed, q.SuppressedReason = OptionFigures{}, 0, 0, true, f.SuppressedReason
	}
	for i := range f.Sections {
		sf := &f.Sections[i]
		sf.Options, sf.Services, sf.Cases, sf.Suppressed, sf.SuppressedReason = OptionFigures{}, 0, 0, true, f.SuppressedReason
	}
}
