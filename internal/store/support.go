package store

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// SupportResource is a piece of support material or a contact shown with a round (document 002).
type SupportResource struct {
	bun.BaseModel   `bun:"table:round_resources,alias:rr"`
	ID              int64                      `bun:",pk,autoincrement" json:"-"`
	RoundID         int64                      `bun:",notnull" json:"roundId"`
	Position        int                        `bun:",notnull" json:"position"`
	Kind            domain.SupportResourceKind `bun:",notnull" json:"kind"`
	Title           domain.Text                `bun:"embed:title_" json:"title"`
	DescriptionText domain.Text                `bun:"embed:description_" json:"description"`
	URL             string                     `bun:"url,notnull" json:"url"`
}

// Description is the description, nil when none.
func (r *SupportResource) Description() *domain.Text {
	if r.DescriptionText.IsZero() {
		return nil
	}
	return &r.DescriptionText
}

// SupportResourcesByRound loads the support resources of rounds, in order (reference data).
func (s *Store) SupportResourcesByRound(ctx context.Context, ids []int64) ([]SupportResource, error) {
	return where[SupportResource](ctx, s, "round_id", ids, "rr.position")
}

// RoundSupportInput replaces a round's guidance on choosing cases and its support resources.
type RoundSupportInput struct {
	RoundID          int64
	SamplingGuidance *domain.Text      // nil: unchanged
	Resources        []SupportResource // nil: unchanged; Position and RoundID are set here
}

// Validate trims the guidance and checks it and the resources, before the transaction.
func (in *RoundSupportInput) Validate() error {
	if in.SamplingGuidance != nil {
		g := trimText(*in.SamplingGuidance)
		if err := checkText("samplingGuidance", g, domain.MaxAssessmentLen, false); err != nil {
			return err
		}
		in.SamplingGuidance = &g
	}
	if in.Resources != nil {
		if _, err := checkResources(0, in.Resources); err != nil {
			return err
		}
	}
	return nil
}

// MaxSupportResources is the most support resources a round has.
const MaxSupportResources = 30

// SetRoundSupport lets Helsetilsynet change a round's guidance and support material (audited).
// The texts are Helsetilsynet's own published material, not the services' free text, so they are
// checked for form (three languages, length, a https:// or mailto: address), not screened.
func (s *Store) SetRoundSupport(ctx context.Context, in RoundSupportInput) (*Round, error) {
	if err := auth.From(ctx).Can(auth.ActManage, auth.Target{}); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var r Round
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := tx.NewSelect().Model(&r).Where("r.id = ?", in.RoundID).For("UPDATE").Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounRound, in.RoundID)
		}
		var old []SupportResource
		if err := tx.NewSelect().Model(&old).Where("rr.round_id = ?", r.ID).OrderExpr("rr.position").Scan(ctx); err != nil {
			return err
		}
		type state struct {
			SamplingGuidance domain.Text       `json:"samplingGuidance"`
			Resources        []SupportResource `json:"resources"`
		}
		before := state{r.SamplingGuidanceText, old}
		if in.SamplingGuidance != nil {
			r.SamplingGuidanceText = *in.SamplingGuidance
			if _, err := tx.NewUpdate().Model(&r).Column("sampling_guidance_nb", "sampling_guidance_nn", "sampling_guidance_en").WherePK().Exec(ctx); err != nil {
				return err
			}
		}
		after := state{r.SamplingGuidanceText, old}
		if in.Resources != nil {
			rows, _ := checkResources(r.ID, in.Resources) // checked by Validate
			if _, err := tx.NewDelete().Model((*SupportResource)(nil)).Where("round_id = ?", r.ID).Exec(ctx); err != nil {
				return err
			}
			if len(rows) > 0 {
				if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
					return err
				}
			}
			after.Resources = rows
		}
		return audit(ctx, tx, Change{Action: "round.support", ObjectType: "round", ObjectID: r.ID, Old: before, New: after})
	})
	if err != nil {
		return nil, fmt.Errorf("set support of round %d: %w", in.RoundID, err)
	}
	return &r, nil
}

// checkResources trims and checks support resources and numbers them for the round, in order.
func checkResources(roundID int64, in []SupportResource) ([]SupportResource, error) {
	if len(in) > MaxSupportResources {
		return nil, domain.ErrTooManyResources(MaxSupportResources)
	}
	rows := make([]SupportResource, 0, len(in))
	for i, res := range in {
		field := fmt.Sprintf("resources[%d]", i)
		res.RoundID, res.Position, res.ID = roundID, i+1, 0
		res.Title, res.DescriptionText, res.URL = trimText(res.Title), trimText(res.DescriptionText), strings.TrimSpace(res.URL)
		if res.Kind != domain.SupportLink && res.Kind != domain.SupportTechnicalContact {
			return nil, domain.ErrResourceKind(field + ".kind")
		}
		if err := checkText(field+".title", res.Title, domain.MaxShortTextLen, false); err != nil {
			return nil, err
		}
		if err := checkText(field+".description", res.DescriptionText, domain.MaxShortTextLen, true); err != nil {
			return nil, err
		}
		if !validResourceURL(res.URL) {
			return nil, domain.ErrResourceURL(field + ".url")
		}
		rows = append(rows, res)
	}
	return rows, nil
}

// trimText trims each language of a text (domain.TrimText).
func trimText(t domain.Text) domain.Text { return domain.TrimText(t) }

// checkText requires a text in all three languages (or none, when optional) of at most max
// characters (domain.CheckTranslated).
func checkText(field string, t domain.Text, max int, optional bool) error {
	return domain.CheckTranslated(field, t, max, optional)
}

func validResourceURL(s string) bool {
	if strings.ContainsAny(s, " \t\n") || len(s) > 500 {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	return (u.Scheme == "https" && u.Host != "") || (u.Scheme == "mailto" && u.Opaque != "")
}
