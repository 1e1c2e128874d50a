package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Reads of answers and the questions they answer, for the service's own people. Both are
// prepared statements (prepared.go) whose cases are chosen by a condition on the cases (alias c)
// that comes in one of two shapes, so that a list of answers costs one round trip: the answers
// and their questions are two statements sent at the same time, neither waiting for the other.

// CaseSet names cases in one of two ways: by their ids (the look-ahead's batch of a level), or as
// every case of a service in a round (a cases list, read beside the list itself).
type CaseSet struct {
	IDs       []int64
	ServiceID int64 // with RoundID, when IDs is nil
	RoundID   int64
}

// caseSetQuery is the text and arguments of a read over the cases of set that scope may read,
// as build gives it the condition on the cases; false when scope reads none of them (no
// statement then).
func (s *Store) caseSetQuery(name string, scope Scope, set CaseSet, build func(cases string) *bun.SelectQuery) (string, []any, bool) {
	if set.IDs == nil {
		if !scope.SeesCaseWork(set.ServiceID) {
			return "", nil, false
		}
		cases := "c.service_id = $1 AND c.round_id = $2"
		return s.builtQuery(name+" where "+cases, func() string { return build(cases).String() }), []any{set.ServiceID, set.RoundID}, true
	}
	if len(set.IDs) == 0 || !scope.CaseWork {
		return "", nil, false
	}
	// As caseWork restricts a read: only the one service the scope reaches ($2), if one.
	cases, args := caseWorkTerms(scope, "c.service_id").withParams("c.id = ANY($1::bigint[])", []any{idArray(set.IDs)})
	return s.builtQuery(name+" where "+cases, func() string { return build(cases).String() }), args, true
}

// AnswersOf loads the answers of the cases of set that scope may read, by case and in question
// order.
func (s *Store) AnswersOf(ctx context.Context, scope Scope, set CaseSet) ([]Answer, error) {
	var out []Answer
	query, args, ok := s.caseSetQuery("answers", scope, set, func(cases string) *bun.SelectQuery {
		return s.db.NewSelect().Model((*Answer)(nil)).
			Column("a.id", "a.case_id", "a.question_id", "a.option", "a.comment", "a.version").
			ColumnExpr(epochMicros("a.created_at")).ColumnExpr(epochMicros("a.updated_at")).
			Join("JOIN questions AS q ON q.id = a.question_id").
			Join("JOIN cases AS c ON c.id = a.case_id").
			Where(cases).OrderExpr("a.case_id, q.position")
	})
	if !ok {
		return out, nil
	}
	rows, err := s.queryPrepared(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	// Scanned column by column, not by bun's model: a list of answers is the longest a read
	// returns (some 500 for a service's round), and bun's reflection per row cost a tenth of it.
	// The times come as microseconds since the epoch, since parsing two timestamps' text per row
	// was 40 % of the rest.
	for rows.Next() {
		var a Answer
		var option *string
		var created, updated int64
		if err := rows.Scan(&a.ID, &a.CaseID, &a.QuestionID, &option, &a.Comment, &a.Version, &created, &updated); err != nil {
			return nil, err
		}
		if option != nil {
			o := domain.Option(*option)
			a.Option = &o
		}
		a.CreatedAt, a.UpdatedAt = time.UnixMicro(created).UTC(), time.UnixMicro(updated).UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// QuestionsAnsweredIn loads the questions answered in the cases of set that scope may read, by a
// subquery of its own, so that it need not wait for AnswersOf.
func (s *Store) QuestionsAnsweredIn(ctx context.Context, scope Scope, set CaseSet) ([]Question, error) {
	var out []Question
	query, args, ok := s.caseSetQuery("questions answered", scope, set, func(cases string) *bun.SelectQuery {
		return s.db.NewSelect().Model((*Question)(nil)).
			Where("q.id IN (SELECT a.question_id FROM answers AS a JOIN cases AS c ON c.id = a.case_id WHERE ?)", bun.Safe(cases))
	})
	if !ok {
		return out, nil
	}
	err := s.scanAllPrepared(ctx, query, args, &out)
	return out, err
}

// epochMicros selects a timestamptz column as whole microseconds since the epoch (PostgreSQL's
// own precision, so nothing is lost), which a reader turns into a time far cheaper than the
// column's text.
func epochMicros(col string) string {
	return "(extract(epoch FROM " + col + ") * 1000000)::bigint"
}
