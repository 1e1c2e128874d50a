package graph

import (
	"context"

	"github.com/egenkontroll/egenkontroll/graph/model"
	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

func statsQuery(roundID int64, scope *model.StatisticsScope, minCases *int, thresholds []int) store.StatsQuery {
	q := store.StatsQuery{RoundID: roundID, MinCases: deref(minCases), Thresholds: thresholds}
	if scope != nil {
		q.OfficeID, q.CountyID, q.ServiceID = deref(scope.OfficeID), deref(scope.CountyID), deref(scope.ServiceID)
	}
	return q
}

// emptyFigures is the answer for a scope without submitted forms: zeros, not an error.
func emptyFigures(roundID int64, scope *model.StatisticsScope, minCases *int, thresholds []int) *store.Figures {
	return &store.Figures{RoundID: roundID, Query: statsQuery(roundID, scope, minCases, thresholds), Sections: []store.SectionFigures{},
		Questions: []store.QuestionFigures{}, Days: store.DaysFigures{Above: []store.DaysAbove{}}}
}

func (r *Resolver) answerFacts(ctx context.Context, filter *model.AnswerFactFilter, first *int, after *string) (*model.AnswerFactConnection, error) {
	var f store.FactFilter
	if filter != nil {
		f = store.FactFilter{RoundID: deref(filter.RoundID), OfficeID: deref(filter.OfficeID), CountyID: deref(filter.CountyID),
			ServiceID: deref(filter.ServiceID), QuestionCode: deref(filter.QuestionCode), Option: deref(filter.Option)}
	}
	n := 1000
	if first != nil {
		n = *first
	}
	rows, more, total, err := r.Store.AnswerFacts(ctx, auth.From(ctx).Scope(), f, deref(after), n)
	if err != nil {
		return nil, err
	}
	conn := &model.AnswerFactConnection{Nodes: rows, Edges: make([]model.AnswerFactEdge, 0, len(rows)), TotalCount: total}
	for i := range rows {
		conn.Edges = append(conn.Edges, model.AnswerFactEdge{Cursor: rows[i].Cursor(), Node: &rows[i]})
	}
	var start, end string
	if len(rows) > 0 {
		start, end = conn.Edges[0].Cursor, conn.Edges[len(rows)-1].Cursor
	}
	conn.PageInfo = pageInfo(after, start, end, more)
	return conn, nil
}
