package graph

import (
	"context"

	"github.com/egenkontroll/egenkontroll/graph/model"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// citations reads the figures a summary cites live from the round's published national figures
// (the same for every reader: small numbers withheld; nothing before publication).
func (r *Resolver) citations(ctx context.Context, obj *store.RoundSummary) ([]model.FigureCitation, error) {
	out := make([]model.FigureCitation, 0, len(obj.Citations))
	if len(obj.Citations) == 0 {
		return out, nil
	}
	pf, err := r.Store.PublishedFigures(ctx, obj.RoundID, 5)
	if err != nil {
		return nil, err
	}
	round, err := required(load(ctx, loadersFrom(ctx).Round, obj.RoundID))
	if err != nil {
		return nil, err
	}
	qs, err := load(ctx, loadersFrom(ctx).Questions, round.QuestionnaireID)
	if err != nil {
		return nil, err
	}
	ids := map[string]int64{}
	for _, q := range qs {
		ids[q.Code] = q.ID
	}
	for _, c := range obj.Citations {
		v, withheld := store.CitationValue(pf, ids, c)
		out = append(out, model.FigureCitation{QuestionCode: c.QuestionCode, Figure: c.Figure, Value: v, Withheld: withheld})
	}
	return out, nil
}
