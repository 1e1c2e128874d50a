package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// AnswerFact is one answer with everything a BI tool groups by: a flat fact table.
type AnswerFact struct {
	AnswerID             int64          `bun:"answer_id"`
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
	CaseID               int64          `bun:"case_id"`
	CaseNumber           int            `bun:"case_number"`
	Option               *domain.Option `bun:"option"`
	DaysToFirstActivity  *int           `bun:"days_to_first_activity"`
	SubmissionStatus     domain.Status  `bun:"submission_status"`
}

// FactFilter selects facts. Only answers of submitted or accepted forms are facts.
type FactFilter struct {
	RoundID, OfficeID, CountyID, ServiceID int64
	QuestionCode                           string
	Option                                 domain.Option
	MinCases                               int // zero: DefaultMinCases
}

// factQuery selects the facts the caller may have. Case-level rows of a service's round resting on
// fewer than MinCases cases are left out for everyone but the service itself (small-number protection).
func factQuery(db bun.IDB, vis auth.Scope, f FactFilter) *bun.SelectQuery {
	if f.MinCases <= 0 {
		f.MinCases = DefaultMinCases
	}
	q := db.NewSelect().TableExpr("answers AS a").
		Join("JOIN cases AS c ON c.id = a.case_id").
		Join("JOIN submissions AS sub ON sub.id = c.submission_id").
		Join("JOIN services AS s ON s.id = c.service_id").
		Join("JOIN counties AS cty ON cty.id = s.county_id").
		Join("JOIN governor_offices AS o ON o.id = s.office_id").
		Join("JOIN rounds AS r ON r.id = c.round_id").
		Join("JOIN questionnaires AS qn ON qn.id = r.questionnaire_id").
		Join("JOIN questions AS q ON q.id = a.question_id").
		Where("sub.status IN ('SUBMITTED', 'ACCEPTED') AND a.option IS NOT NULL")
	q = scopeWhere(q, vis, StatsQuery{OfficeID: f.OfficeID, CountyID: f.CountyID, ServiceID: f.ServiceID})
	if vis.ServiceID == 0 {
		q = q.Where("(SELECT count(*) FROM cases AS c2 WHERE c2.submission_id = sub.id) >= ?", f.MinCases)
	}
	if f.RoundID != 0 {
		q = q.Where("c.round_id = ?", f.RoundID)
	}
	if f.QuestionCode != "" {
		q = q.Where("q.code = ?", f.QuestionCode)
	}
	if f.Option != "" {
		q = q.Where("a.option = ?", f.Option)
	}
	return q
}

func factColumns(q *bun.SelectQuery) *bun.SelectQuery {
	return q.ColumnExpr(`a.id AS answer_id, r.id AS round_id, r.number AS round_number, qn.version AS questionnaire_version,
		q.id AS question_id, q.code AS question_code, o.id AS office_id, o.code AS office_code, cty.id AS county_id,
		cty.number AS county_number, s.id AS service_id, s.name AS service_name, c.id AS case_id, c.number AS case_number,
		a.option, c.days_to_first_activity, sub.status AS submission_status`)
}

// AnswerFacts returns one page of facts ordered by answer id (keyset), whether more follow, and
// the total: two statements.
func (s *Store) AnswerFacts(ctx context.Context, vis auth.Scope, f FactFilter, afterID int64, first int) ([]AnswerFact, bool, int, error) {
	if vis.None {
		return nil, false, 0, auth.ErrUnauthenticated()
	}
	if err := checkStatsScope(ctx, s.DB, vis, StatsQuery{RoundID: f.RoundID, OfficeID: f.OfficeID, CountyID: f.CountyID, ServiceID: f.ServiceID}); err != nil {
		return nil, false, 0, err
	}
	if first < 0 || first > 10000 {
		return nil, false, 0, domain.ErrBadInput("first", "first må være mellom 0 og 10000.", "first må vere mellom 0 og 10000.", "first must be between 0 and 10000.")
	}
	total, err := factQuery(s.DB, vis, f).Count(ctx)
	if err != nil {
		return nil, false, 0, fmt.Errorf("count answer facts: %w", err)
	}
	var rows []AnswerFact
	q := factColumns(factQuery(s.DB, vis, f))
	if afterID > 0 {
		q = q.Where("a.id > ?", afterID)
	}
	if err := q.OrderExpr("a.id").Limit(int64(first)+1).Scan(ctx, &rows); err != nil {
		return nil, false, 0, fmt.Errorf("answer facts: %w", err)
	}
	more := len(rows) > first
	if more {
		rows = rows[:first]
	}
	return rows, more, int(total), nil
}

// EachAnswerFact streams every fact matching f to fn (for exports of any size), in pages so that
// no more than a page is held in memory and no long transaction is kept open.
func (s *Store) EachAnswerFact(ctx context.Context, vis auth.Scope, f FactFilter, fn func(AnswerFact) error) error {
	if err := checkStatsScope(ctx, s.DB, vis, StatsQuery{RoundID: f.RoundID, OfficeID: f.OfficeID, CountyID: f.CountyID, ServiceID: f.ServiceID}); err != nil {
		return err
	}
	var after int64
	for {
		var rows []AnswerFact
		q := factColumns(factQuery(s.DB, vis, f)).Where("a.id > ?", after).OrderExpr("a.id").Limit(5000)
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
		after = rows[len(rows)-1].AnswerID
	}
}
