package store

import (
	"context"
	"fmt"
	"github.com/egenkontroll/egenkontroll/internal/results"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// PublishRoundFigures publishes a round's national and county figures (Helsetilsynet's analysts;
// audited). Publishing again changes nothing.
func (s *Store) PublishRoundFigures(ctx context.Context, roundID int64) (*Round, error) {
	if err := auth.From(ctx).Can(auth.ActManage, auth.Target{}); err != nil {
		return nil, err
	}
	var r Round
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := tx.NewSelect().Model(&r).Where("r.id = ?", roundID).For("UPDATE").Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounRound, roundID)
		}
		if r.FiguresPublishedAt != nil {
			return nil
		}
		t := now()
		r.FiguresPublishedAt, r.FiguresPublishedBy = &t, nz(auth.From(ctx).UserID)
		if _, err := tx.NewUpdate().Model(&r).Column("figures_published_at", "figures_published_by").WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "round.publish_figures", ObjectType: "round", ObjectID: r.ID, New: map[string]any{"publishedAt": t}})
	})
	if err != nil {
		return nil, fmt.Errorf("publish figures of round %d: %w", roundID, err)
	}
	return &r, nil
}

// PublishedFigures are a round's published national, office and county figures.
type PublishedFigures struct {
	RoundID     int64
	PublishedAt time.Time
	National    results.Figures
	Offices     []results.Figures
	Counties    []results.Figures
}

// PublishedFigures returns a round's national, office and county figures once Helsetilsynet has
// published them (nil before), for every signed-in reader, whatever their own reach: they are
// computed by the statistics of a national reader outside every service, so every small number is
// withheld with its complementary suppression, and no service's own figures are among them. They
// are the round's figures as they stand (a form sent after publication counts).
func (s *Store) PublishedFigures(ctx context.Context, roundID int64, floor int) (*PublishedFigures, error) {
	if auth.From(ctx).Scope().None {
		return nil, auth.ErrUnauthenticated()
	}
	var r Round
	if err := s.db.NewSelect().Model(&r).Where("r.id = ?", roundID).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounRound, roundID)
	}
	if r.FiguresPublishedAt == nil {
		return nil, nil
	}
	national := auth.Scope{} // every service, none of them from inside
	q := StatsQuery{RoundID: roundID, MinCases: floor}
	out := &PublishedFigures{RoundID: roundID, PublishedAt: *r.FiguresPublishedAt}
	all, err := s.RoundFigures(ctx, national, q, LevelNone)
	if err != nil {
		return nil, err
	}
	if len(all) > 0 {
		out.National = all[0]
	} else {
		out.National = results.Figures{RoundID: roundID, Query: q, Sections: []SectionFigures{}, Questions: []QuestionFigures{}, Days: DaysFigures{Above: []DaysAbove{}}}
	}
	if out.Offices, err = s.RoundFigures(ctx, national, q, domain.BreakdownOffice); err != nil {
		return nil, err
	}
	if out.Counties, err = s.RoundFigures(ctx, national, q, domain.BreakdownCounty); err != nil {
		return nil, err
	}
	return out, nil
}
