package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/results"
)

// Citation is a figure a summary cites: a question (by code) and which figure of it.
type Citation struct {
	QuestionCode string             `json:"questionCode"`
	Figure       domain.CitedFigure `json:"figure"`
}

// RoundSummary is Helsetilsynet's summary of a round: a draft, or published and never changed.
type RoundSummary struct {
	bun.BaseModel `bun:"table:round_summaries,alias:rs"`
	ID            int64              `bun:",pk,autoincrement"`
	RoundID       int64              `bun:",notnull"`
	Kind          domain.SummaryKind `bun:",notnull"`
	Title         domain.Text        `bun:"embed:title_"`
	Body          domain.Text        `bun:"embed:body_"`
	Citations     []Citation         `bun:",type:jsonb,notnull"`
	PublishedAt   *time.Time         `bun:",nullzero"`
	PublishedBy   *int64             `bun:",nullzero"`
	CreatedBy     *int64             `bun:",nullzero"`
	Version       int                `bun:",notnull"`
	UpdatedAt     time.Time          `bun:",nullzero,notnull,default:current_timestamp"`
}

var nounSummary = domain.NounSummary

// readsSummaryDrafts: only Helsetilsynet's analysts read drafts.
func readsSummaryDrafts(ctx context.Context) bool {
	c := auth.From(ctx)
	return c.Kind == auth.KindSystem || (c.Kind == auth.KindUser && c.Role == auth.RoleNationalAnalyst)
}

// RoundSummaries lists a round's summaries: the published ones for every signed-in reader, and the
// drafts too for Helsetilsynet's analysts. Newest first.
func (s *Store) RoundSummaries(ctx context.Context, scope Scope, roundID int64) ([]RoundSummary, error) {
	out := []RoundSummary{}
	if scope.None {
		return out, nil
	}
	q := s.db.NewSelect().Model(&out).Where("rs.round_id = ?", roundID)
	if !readsSummaryDrafts(ctx) {
		q = q.Where("rs.published_at IS NOT NULL")
	}
	err := q.OrderExpr("rs.id DESC").Scan(ctx)
	return out, err
}

// SummaryInput is a summary's text and the figures it cites. ID 0 creates a draft.
type SummaryInput struct {
	ID, RoundID     int64
	Kind            domain.SummaryKind
	Title, Body     domain.Text
	Citations       []Citation
	ExpectedVersion *int
}

// Validate trims the summary's texts and citations and refuses an unknown kind, a title or body
// out of bounds, and a citation of a figure a summary cannot cite, before anything is read.
func (in *SummaryInput) Validate() error {
	if !in.Kind.Valid() {
		return domain.ErrUnknownSummaryKind()
	}
	in.Title, in.Body = trimText(in.Title), trimText(in.Body)
	if err := checkText("title", in.Title, domain.MaxShortTextLen, false); err != nil {
		return err
	}
	if err := checkText("body", in.Body, domain.MaxAssessmentLen, false); err != nil {
		return err
	}
	if in.Citations == nil {
		in.Citations = []Citation{}
	}
	for i, ct := range in.Citations {
		if !ct.Figure.Valid() {
			return domain.ErrUnknownCitedFigure(i)
		}
		in.Citations[i].QuestionCode = strings.TrimSpace(ct.QuestionCode)
	}
	return nil
}

// checkCitedQuestions refuses a citation of a question the round does not ask.
func checkCitedQuestions(ctx context.Context, tx bun.Tx, in SummaryInput) error {
	var round Round
	if err := tx.NewSelect().Model(&round).Where("r.id = ?", in.RoundID).Scan(ctx); err != nil {
		return notFoundIfNoRows(err, domain.NounRound, in.RoundID)
	}
	var codes []string
	if err := tx.NewSelect().Table("questions").Column("code").Where("questionnaire_id = ?", round.QuestionnaireID).Scan(ctx, &codes); err != nil {
		return err
	}
	for i, ct := range in.Citations {
		if !contains(codes, ct.QuestionCode) {
			return domain.ErrCitedQuestionNotInRound(i)
		}
	}
	return nil
}

// SaveRoundSummary creates or changes a draft summary (Helsetilsynet's analysts; screened and
// audited). A published summary is refused.
func (s *Store) SaveRoundSummary(ctx context.Context, in SummaryInput) (*RoundSummary, error) {
	c := auth.From(ctx)
	if err := c.Can(auth.ActManage, auth.Target{}); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var rs RoundSummary
	err := s.inTx(ctx, func(tx bun.Tx) error {
		ts := domain.NewTextScreen(ctx)
		for _, f := range []struct{ field, text string }{{"body.nb", in.Body.NB}, {"body.nn", in.Body.NN}, {"body.en", in.Body.EN}} {
			if err := ts.Check(f.field, f.text, domain.MaxAssessmentLen); err != nil {
				return err
			}
		}
		if err := checkCitedQuestions(ctx, tx, in); err != nil {
			return err
		}
		var old any
		if in.ID != 0 {
			if err := tx.NewSelect().Model(&rs).Where("rs.id = ?", in.ID).For("UPDATE").Scan(ctx); err != nil {
				return notFoundIfNoRows(err, nounSummary, in.ID)
			}
			if rs.PublishedAt != nil {
				return domain.ErrSummaryPublished()
			}
			if rs.RoundID != in.RoundID {
				return domain.ErrSummaryInOtherRound()
			}
			if err := checkVersion(in.ExpectedVersion, rs.Version, nounSummary); err != nil {
				return err
			}
			o := rs
			old = o
			ts.Stored("body.nb", rs.Body.NB)
			ts.Stored("body.nn", rs.Body.NN)
			ts.Stored("body.en", rs.Body.EN)
		} else {
			rs = RoundSummary{RoundID: in.RoundID, CreatedBy: nz(c.UserID)}
		}
		if err := ts.Err(); err != nil {
			return err
		}
		rs.Kind, rs.Title, rs.Body, rs.Citations = in.Kind, in.Title, in.Body, in.Citations
		rs.Version, rs.UpdatedAt = rs.Version+1, now()
		if rs.ID == 0 {
			if _, err := tx.NewInsert().Model(&rs).Exec(ctx); err != nil {
				return err
			}
		} else if _, err := tx.NewUpdate().Model(&rs).Column("kind", "title_nb", "title_nn", "title_en", "body_nb", "body_nn", "body_en",
			"citations", "version", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "round_summary.save", ObjectType: "round_summary", ObjectID: rs.ID, Old: old, New: rs})
	})
	if err != nil {
		return nil, fmt.Errorf("save round summary: %w", err)
	}
	return &rs, nil
}

// PublishRoundSummary publishes a draft summary (audited); from then on offices and services read
// it and it is never changed. Publishing again changes nothing.
func (s *Store) PublishRoundSummary(ctx context.Context, id int64, expected *int) (*RoundSummary, error) {
	c := auth.From(ctx)
	if err := c.Can(auth.ActManage, auth.Target{}); err != nil {
		return nil, err
	}
	var rs RoundSummary
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := tx.NewSelect().Model(&rs).Where("rs.id = ?", id).For("UPDATE").Scan(ctx); err != nil {
			return notFoundIfNoRows(err, nounSummary, id)
		}
		if rs.PublishedAt != nil {
			return nil
		}
		if err := checkVersion(expected, rs.Version, nounSummary); err != nil {
			return err
		}
		t := now()
		rs.PublishedAt, rs.PublishedBy, rs.Version = &t, nz(c.UserID), rs.Version+1
		if _, err := tx.NewUpdate().Model(&rs).Column("published_at", "published_by", "version").WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "round_summary.publish", ObjectType: "round_summary", ObjectID: rs.ID, New: map[string]any{"publishedAt": t}})
	})
	if err != nil {
		return nil, fmt.Errorf("publish round summary %d: %w", id, err)
	}
	return &rs, nil
}

// CitationValue is the current value of a cited figure from the published national figures: nil
// when the figures are not published, the question is unknown, or the figure is withheld (then
// the second result is set).
func CitationValue(pf *PublishedFigures, questionIDByCode map[string]int64, ct Citation) (*float64, bool) {
	if pf == nil {
		return nil, false
	}
	qid, ok := questionIDByCode[ct.QuestionCode]
	if !ok {
		return nil, false
	}
	return results.CitedValue(pf.National.Questions, qid, ct.Figure)
}
