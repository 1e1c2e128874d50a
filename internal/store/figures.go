package store

import (
	"context"
	"fmt"
	"sort"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

// Statistics for dashboards and BI. Counting happens in SQL (GROUP BY with GROUPING SETS and
// percentile_cont); Go only adds the Wilson intervals and the suppression to the small result.
//
// What counts: the cases of forms that are SUBMITTED or ACCEPTED (a form being filled in is not a
// result yet). Shares use YES + PARTLY + NO as the denominator; NOT_POSSIBLE and NOT_APPLICABLE are
// counted separately.
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

// ShareCI is a count with its share of the denominator and a 95 % Wilson interval.
type ShareCI struct {
	Count            int
	Share, Low, High *float64
}

// OptionFigures are the counts of each option.
type OptionFigures struct {
	Yes, Partly, No            ShareCI
	NotPossible, NotApplicable int
	Denominator                int
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

func newShare(k, n int) ShareCI {
	s := ShareCI{Count: k}
	if n > 0 {
		v := float64(k) / float64(n)
		lo, hi, _ := stats.Wilson(k, n)
		s.Share, s.Low, s.High = &v, &lo, &hi
	}
	return s
}

func optionFigures(yes, partly, no, np, na int) OptionFigures {
	n := yes + partly + no
	return OptionFigures{Yes: newShare(yes, n), Partly: newShare(partly, n), No: newShare(no, n), NotPossible: np, NotApplicable: na, Denominator: n}
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
// reads every service's cases in the round whatever the caller's reach: the decision must not
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
		if err := s.reader().NewSelect().TableExpr("cases AS c").
			Join("JOIN submissions AS sub ON sub.id = c.submission_id").
			Join("JOIN services AS s ON s.id = c.service_id").
			ColumnExpr("c.round_id, s.id AS service_id, s.county_id, s.office_id, count(*) AS cases").
			Where("c.round_id IN (?) AND sub.status IN ('SUBMITTED', 'ACCEPTED')", bun.In(roundIDs)).
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

// scopeWhere restricts cases (c) of services (s) to the query's scope within the caller's reach.
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
// county or service, in five statements whatever the number of groups.
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
	base := func(q *bun.SelectQuery) *bun.SelectQuery {
		q = q.Join("JOIN submissions AS sub ON sub.id = c.submission_id").
			Join("JOIN services AS s ON s.id = c.service_id").
			Where("c.round_id = ? AND sub.status IN ('SUBMITTED', 'ACCEPTED')", sq.RoundID)
		return scopeWhere(q, vis, sq)
	}

	// 1. Cases, services and days per group.
	var groups []struct {
		Grp      int64    `bun:"grp"`
		Services int      `bun:"services"`
		Cases    int      `bun:"cases"`
		DaysN    int      `bun:"days_n"`
		Q1       *float64 `bun:"q1"`
		Median   *float64 `bun:"median"`
		Q3       *float64 `bun:"q3"`
		Max      *int     `bun:"max"`
	}
	if err := base(s.reader().NewSelect().TableExpr("cases AS c")).
		ColumnExpr(grp+" AS grp, count(DISTINCT c.service_id) AS services, count(*) AS cases").
		ColumnExpr("count(c.days_to_first_activity) AS days_n").
		ColumnExpr("percentile_cont(0.25) WITHIN GROUP (ORDER BY c.days_to_first_activity) AS q1").
		ColumnExpr("percentile_cont(0.5) WITHIN GROUP (ORDER BY c.days_to_first_activity) AS median").
		ColumnExpr("percentile_cont(0.75) WITHIN GROUP (ORDER BY c.days_to_first_activity) AS q3").
		ColumnExpr("max(c.days_to_first_activity) AS max").
		GroupExpr("1").OrderExpr("1").Scan(ctx, &groups); err != nil {
		return nil, fmt.Errorf("round figures: cases: %w", err)
	}

	// 2. Cases above each days threshold per group.
	var above []struct {
		Grp   int64 `bun:"grp"`
		T     int   `bun:"t"`
		Count int   `bun:"n"`
	}
	if len(sq.Thresholds) > 0 {
		if err := base(s.reader().NewSelect().TableExpr("cases AS c")).
			Join("CROSS JOIN unnest(?::int[]) AS t", pgArray(sq.Thresholds)).
			ColumnExpr(grp+" AS grp, t, count(*) FILTER (WHERE c.days_to_first_activity > t) AS n").
			GroupExpr("1, 2").Scan(ctx, &above); err != nil {
			return nil, fmt.Errorf("round figures: thresholds: %w", err)
		}
	}

	// 3. Options per group and question, per group and section, and per group, in one pass.
	var counts []struct {
		Grp        int64  `bun:"grp"`
		QuestionID *int64 `bun:"question_id"`
		SectionID  *int64 `bun:"section_id"`
		Yes        int    `bun:"yes"`
		Partly     int    `bun:"partly"`
		No         int    `bun:"no"`
		NP         int    `bun:"np"`
		NA         int    `bun:"na"`
		Services   int    `bun:"services"`
		Cases      int    `bun:"cases"`
	}
	if err := base(s.reader().NewSelect().TableExpr("answers AS a").Join("JOIN cases AS c ON c.id = a.case_id")).
		Join("JOIN questions AS q ON q.id = a.question_id").
		ColumnExpr(grp+" AS grp, a.question_id, q.section_id").
		ColumnExpr("count(*) FILTER (WHERE a.option = 'YES') AS yes, count(*) FILTER (WHERE a.option = 'PARTLY') AS partly").
		ColumnExpr("count(*) FILTER (WHERE a.option = 'NO') AS no, count(*) FILTER (WHERE a.option = 'NOT_POSSIBLE') AS np").
		ColumnExpr("count(*) FILTER (WHERE a.option = 'NOT_APPLICABLE') AS na").
		ColumnExpr("count(DISTINCT c.service_id) AS services, count(DISTINCT c.id) AS cases").
		Where("a.option IS NOT NULL").
		GroupExpr("GROUPING SETS (("+grp+", a.question_id, q.section_id), ("+grp+", q.section_id), ("+grp+"))").
		Scan(ctx, &counts); err != nil {
		return nil, fmt.Errorf("round figures: answers: %w", err)
	}

	// 4. The questionnaire's questions, so every question appears in order, answered or not.
	var questions []Question
	if err := s.reader().NewSelect().Model(&questions).Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
		Where("r.id = ?", sq.RoundID).OrderExpr("q.position").Scan(ctx); err != nil {
		return nil, err
	}

	// 5. What is withheld in the round, decided for the whole country.
	lang := domain.LangFrom(ctx)
	// The people of a service only ever reach its own figures, which are never withheld from them
	// (a service's API token is outside the service: it gets what everyone outside gets).
	own := vis.InsideOneService()
	var supp *stats.Suppression
	if !own && len(groups) > 0 {
		all, err := s.suppressions(ctx, []int64{sq.RoundID}, sq.MinCases)
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
	byQuestion := map[[2]int64]int{}
	for i := range out {
		f := &out[i]
		sort.Slice(f.Days.Above, func(x, y int) bool { return f.Days.Above[x].Days < f.Days.Above[y].Days })
		seenSection := map[int64]bool{}
		for _, q := range questions {
			byQuestion[[2]int64{f.GroupID, q.ID}] = len(f.Questions)
			f.Questions = append(f.Questions, QuestionFigures{QuestionID: q.ID, SectionID: q.SectionID})
			if !seenSection[q.SectionID] {
				seenSection[q.SectionID] = true
				f.Sections = append(f.Sections, SectionFigures{SectionID: q.SectionID})
			}
		}
	}
	for _, c := range counts {
		i, ok := index[c.Grp]
		if !ok {
			continue
		}
		f := &out[i]
		opts := optionFigures(c.Yes, c.Partly, c.No, c.NP, c.NA)
		switch {
		case c.QuestionID != nil:
			qf := &f.Questions[byQuestion[[2]int64{c.Grp, *c.QuestionID}]]
			qf.Options, qf.Services, qf.Cases = opts, c.Services, c.Cases
		case c.SectionID != nil:
			for j := range f.Sections {
				if f.Sections[j].SectionID == *c.SectionID {
					sf := &f.Sections[j]
					sf.Options, sf.Services, sf.Cases = opts, c.Services, c.Cases
				}
			}
		default:
			f.Overall = opts
		}
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
