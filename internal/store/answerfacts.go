package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// AnswerFact is a row of the fact table a BI tool groups by. Inside the service a row is one
// answer of one case (Count 1). For every caller outside the service it is the service-level
// count of one option on one question in one summary form: cases never leave the service, so
// AnswerID, CaseID, CaseNumber and DaysToFirstActivity are then empty.
type AnswerFact struct {
	AnswerID             *int64         `bun:"answer_id"`
	RoundID              int64          `bun:"round_id"`
	RoundNumber          int            `bun:"round_number"`
	QuestionnaireVersion int            `bun:"questionnaire_version"`
	QuestionID           int64          `bun:"question_id"`
	QuestionCode         string         `bun:"question_code"`
	OfficeID             int64          `bun:"office_id"`
	OfficeCode           string         `bun:"office_code"`
	CountyID             int64          `bun:"county_id"`
	CountyNumber         string         `bun:"county_number"`
	ServiceID            int64          `bun:"service_id"`
	ServiceName          string         `bun:"service_name"`
	CaseID               *int64         `bun:"case_id"`
	CaseNumber           *int           `bun:"case_number"`
	Option               *domain.Option `bun:"option"`
	DaysToFirstActivity  *int           `bun:"days_to_first_activity"`
	SubmissionStatus     domain.Status  `bun:"submission_status"`
	Count                int            `bun:"n"`
	CaseCount            int            `bun:"case_count"`
}

// Cursor is the row's place in the keyset order: the answer id inside the service, the
// (service, question, option) key outside it.
func (a *AnswerFact) Cursor() string {
	if a.AnswerID != nil {
		return strconv.FormatInt(*a.AnswerID, 10)
	}
	return fmt.Sprintf("s%d.%d.%s", a.ServiceID, a.QuestionID, *a.Option)
}

// factKey is a decoded cursor.
type factKey struct {
	answerID, serviceID, questionID int64
	option                          string
}

// ParseFactCursor reads a cursor given by Cursor; "" is the start.
func ParseFactCursor(s string) (factKey, error) {
	var k factKey
	bad := domain.ErrBadPageCursor()
	if s == "" {
		return k, nil
	}
	if rest, ok := strings.CutPrefix(s, "s"); ok {
		parts := strings.SplitN(rest, ".", 3)
		if len(parts) != 3 {
			return k, bad
		}
		var err1, err2 error
		k.serviceID, err1 = strconv.ParseInt(parts[0], 10, 64)
		k.questionID, err2 = strconv.ParseInt(parts[1], 10, 64)
		k.option = parts[2]
		if err1 != nil || err2 != nil || !domain.Option(k.option).Valid() {
			return k, bad
		}
		return k, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		return k, bad
	}
	k.answerID = id
	return k, nil
}

// FactFilter selects facts: inside the service the answers of its forms that have been submitted,
// as they stand; outside it the counts of each form's latest submitted revision.
type FactFilter struct {
	RoundID, OfficeID, CountyID, ServiceID int64
	QuestionCode                           string
	Option                                 domain.Option
	MinCases                               int // zero: DefaultMinCases
}

// factQuery selects the facts the caller may have. Inside the service they are its own live answers
// of forms it has submitted at least once; outside it they are the counts per question and option
// of the revision each form last sent (what the statistics count), and forms resting on fewer than
// MinCases cases are left out (small-number protection). Both name their rows a (answers, or the
// revision's counts) so that filters and paging read the same.
func factQuery(db bun.IDB, scope auth.Scope, f FactFilter) *bun.SelectQuery {
	if f.MinCases <= 0 {
		f.MinCases = DefaultMinCases
	}
	var q *bun.SelectQuery
	if scope.CaseWork {
		q = db.NewSelect().TableExpr("answers AS a").
			Join("JOIN cases AS c ON c.id = a.case_id").
			Join("JOIN submissions AS sub ON sub.id = c.submission_id").
			Where("sub.revision > 0 AND a.option IS NOT NULL")
	} else {
		q = db.NewSelect().TableExpr("revision_counts AS a").
			Join("JOIN counted_revisions AS cr ON cr.revision_id = a.revision_id").
			Join("JOIN submissions AS sub ON sub.id = cr.submission_id").
			Where("(SELECT count(*) FROM revision_cases AS rc WHERE rc.revision_id = a.revision_id) >= ?", f.MinCases)
	}
	q = q.Join("JOIN services AS s ON s.id = sub.service_id").
		Join("JOIN counties AS cty ON cty.id = s.county_id").
		Join("JOIN governor_offices AS o ON o.id = s.office_id").
		Join("JOIN rounds AS r ON r.id = sub.round_id").
		Join("JOIN questionnaires AS qn ON qn.id = r.questionnaire_id").
		Join("JOIN questions AS q ON q.id = a.question_id")
	q = scopeWhere(q, scope, StatsQuery{OfficeID: f.OfficeID, CountyID: f.CountyID, ServiceID: f.ServiceID})
	if f.RoundID != 0 {
		q = q.Where("sub.round_id = ?", f.RoundID)
	}
	if f.QuestionCode != "" {
		q = q.Where("q.code = ?", f.QuestionCode)
	}
	if f.Option != "" {
		q = q.Where("a.option = ?", f.Option)
	}
	return q
}

// factRows shapes the rows: one per answer inside the service, one per counted option outside.
func factRows(q *bun.SelectQuery, scope auth.Scope) *bun.SelectQuery {
	common := `r.id AS round_id, r.number AS round_number, qn.version AS questionnaire_version,
		q.id AS question_id, q.code AS question_code, o.id AS office_id, o.code AS office_code, cty.id AS county_id,
		cty.number AS county_number, s.id AS service_id, s.name AS service_name, a.option, sub.status AS submission_status`
	if scope.CaseWork {
		return q.ColumnExpr(`a.id AS answer_id, c.id AS case_id, c.number AS case_number, c.days_to_first_activity, 1 AS n, ` + common +
			`, (SELECT count(*) FROM cases AS c3 WHERE c3.submission_id = sub.id) AS case_count`)
	}
	return q.ColumnExpr(`a.n, ` + common + `, (SELECT count(*) FROM revision_cases AS rc WHERE rc.revision_id = a.revision_id) AS case_count`)
}

// factPage orders the rows by the keyset and starts after k.
func factPage(q *bun.SelectQuery, scope auth.Scope, k factKey) *bun.SelectQuery {
	if scope.CaseWork {
		if k.answerID > 0 {
			q = q.Where("a.id > ?", k.answerID)
		}
		return q.OrderExpr("a.id")
	}
	if k.serviceID > 0 {
		q = q.Where("(s.id, q.id, a.option::text) > (?, ?, ?)", k.serviceID, k.questionID, k.option)
	}
	return q.OrderExpr("s.id, q.id, a.option::text")
}

// MaxFactPage is the most facts one page returns.
const MaxFactPage = 10000

// AnswerFacts returns one page of facts in keyset order, whether more follow, and the total: two
// statements.
func (s *Store) AnswerFacts(ctx context.Context, scope auth.Scope, f FactFilter, after string, first int) ([]AnswerFact, bool, int, error) {
	if scope.None {
		return nil, false, 0, auth.ErrUnauthenticated()
	}
	k, err := ParseFactCursor(after)
	if err != nil {
		return nil, false, 0, err
	}
	if first < 0 || first > MaxFactPage {
		return nil, false, 0, domain.ErrPageSizeOutOfRange(MaxFactPage)
	}
	if err := checkStatsScope(ctx, s.reader(), scope, StatsQuery{RoundID: f.RoundID, OfficeID: f.OfficeID, CountyID: f.CountyID, ServiceID: f.ServiceID}); err != nil {
		return nil, false, 0, err
	}
	var total int
	err = s.reader().NewSelect().TableExpr("(?) AS facts", factRows(factQuery(s.reader(), scope, f), scope)).ColumnExpr("count(*)").Scan(ctx, &total)
	if err != nil {
		return nil, false, 0, fmt.Errorf("count answer facts: %w", err)
	}
	var rows []AnswerFact
	q := factPage(factRows(factQuery(s.reader(), scope, f), scope), scope, k)
	if err := q.Limit(int64(first)+1).Scan(ctx, &rows); err != nil {
		return nil, false, 0, fmt.Errorf("answer facts: %w", err)
	}
	more := len(rows) > first
	if more {
		rows = rows[:first]
	}
	return rows, more, total, nil
}

// EachAnswerFact streams every fact matching f to fn (for exports of any size), in pages so that
// no more than a page is held in memory and no long transaction is kept open.
func (s *Store) EachAnswerFact(ctx context.Context, scope auth.Scope, f FactFilter, fn func(AnswerFact) error) error {
	if err := checkStatsScope(ctx, s.reader(), scope, StatsQuery{RoundID: f.RoundID, OfficeID: f.OfficeID, CountyID: f.CountyID, ServiceID: f.ServiceID}); err != nil {
		return err
	}
	var after factKey
	for {
		var rows []AnswerFact
		q := factPage(factRows(factQuery(s.reader(), scope, f), scope), scope, after).Limit(5000)
		if err := q.Scan(ctx, &rows); err != nil {
			return fmt.Errorf("answer facts: %w", err)
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(rows) < 5000 {
			return nil
		}
		var err error
		if after, err = ParseFactCursor(rows[len(rows)-1].Cursor()); err != nil {
			return err
		}
	}
}
