package graph

import (
	"context"
	"github.com/egenkontroll/egenkontroll/internal/results"

	"github.com/egenkontroll/egenkontroll/graph/model"
	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// statsQuery turns the arguments of a statistics field into a query. minCases may only raise the
// small-number floor: an explicit lower value (0 included) is refused, and null means the floor.
func statsQuery(roundID int64, scope *model.StatisticsScope, minCases *int, thresholds []int) (store.StatsQuery, error) {
	q := store.StatsQuery{RoundID: roundID, MinCases: store.DefaultMinCases, Thresholds: thresholds}
	if minCases != nil {
		if err := store.CheckMinCases(*minCases); err != nil {
			return q, err
		}
		q.MinCases = *minCases
	}
	if scope != nil {
		q.OfficeID, q.CountyID, q.ServiceID = deref(scope.OfficeID), deref(scope.CountyID), deref(scope.ServiceID)
	}
	return q, nil
}

// emptyFigures is the answer for a scope without submitted forms: zeros, not an error.
func emptyFigures(q store.StatsQuery) *results.Figures {
	return &results.Figures{RoundID: q.RoundID, Query: q, Sections: []store.SectionFigures{},
		Questions: []store.QuestionFigures{}, Days: store.DaysFigures{Above: []store.DaysAbove{}}}
}

// nonEmpty is nil for "" and the text otherwise.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
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
	edges, info := connectionOf(rows, func(i int) string { return rows[i].Cursor() },
		func(c string, n *store.AnswerFact) model.AnswerFactEdge {
			return model.AnswerFactEdge{Cursor: c, Node: n}
		}, after, more)
	return &model.AnswerFactConnection{Nodes: rows, Edges: edges, PageInfo: info, TotalCount: total}, nil
}

// markFocus marks the focus questions of a comparison of one service: its own (a service's
// people asking without a scope) or the one named by the scope.
func (r *Resolver) markFocus(ctx context.Context, q store.StatsQuery, roundID int64, rows []results.QuestionComparison) error {
	scope := auth.From(ctx).Scope()
	service := q.ServiceID
	if service == 0 && q.OfficeID == 0 && q.CountyID == 0 && scope.ServiceID != 0 {
		service = scope.ServiceID
	}
	if service == 0 {
		return nil
	}
	focus, err := r.Store.FocusQuestions(ctx, scope, service, roundID)
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].Focus = focus[rows[i].QuestionID]
	}
	return nil
}
