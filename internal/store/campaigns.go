package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// NounCampaign names a campaign in errors.
var NounCampaign = domain.NounCampaign

// CreateCampaignInput is a new supervision campaign (Helsetilsynet's campaign staff).
type CreateCampaignInput struct {
	// Code is the short stable code; empty derives one from the Bokmål name.
	Code        string
	Name        domain.Text
	Topic       domain.Text
	Description domain.Text // optional
}

// Validate trims the input and checks it, before anything is read or written.
func (in *CreateCampaignInput) Validate() error {
	in.Code = strings.TrimSpace(in.Code)
	in.Name, in.Topic, in.Description = trimText(in.Name), trimText(in.Topic), trimText(in.Description)
	if err := domain.CheckCampaignCode(in.Code); err != nil {
		return err
	}
	if err := checkText("name", in.Name, 200, false); err != nil {
		return err
	}
	if err := checkText("topic", in.Topic, 200, false); err != nil {
		return err
	}
	if err := checkText("description", in.Description, domain.MaxShortTextLen, true); err != nil {
		return err
	}
	return screenTexts(map[string]domain.Text{"name": in.Name, "topic": in.Topic, "description": in.Description})
}

// screenTexts refuses a phone number, identity number or e-mail address in Helsetilsynet's own
// texts of a campaign or round (PERSONAL_DATA, by field and language). They are published
// material, not the services' free text, so likely names and health words do not warn.
func screenTexts(texts map[string]domain.Text) error {
	for _, field := range []string{"name", "topic", "description", "title"} {
		t, ok := texts[field]
		if !ok {
			continue
		}
		for _, l := range []struct{ lang, s string }{{"nb", t.NB}, {"nn", t.NN}, {"en", t.EN}} {
			if err := domain.ScreenPersonalData(field+"."+l.lang, l.s); err != nil {
				return err
			}
		}
	}
	return nil
}

// codeFrom derives a campaign code from a name: "LOT 2024–2026" → "lot-2024-2026".
func codeFrom(name string) string {
	r := strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "Æ", "ae", "Ø", "o", "Å", "a")
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(r.Replace(name)) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 50 {
		s = strings.TrimSuffix(s[:50], "-")
	}
	if s == "" {
		s = "kampanje"
	}
	return s
}

// CreateCampaign creates a supervision campaign (Helsetilsynet's campaign staff; audited). A code
// given that is taken is refused; a derived one gets a number added until it is free.
func (s *Store) CreateCampaign(ctx context.Context, in CreateCampaignInput) (*Campaign, error) {
	if err := auth.From(ctx).Can(auth.ActManage, auth.Target{}); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	c := &Campaign{Code: in.Code, Title: in.Name, Topic: in.Topic, DescriptionText: in.Description}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		// One campaign is created at a time, so a derived code is free when inserted.
		if _, err := tx.ExecContext(ctx, "LOCK TABLE campaigns IN SHARE ROW EXCLUSIVE MODE"); err != nil {
			return err
		}
		base := c.Code
		derived := base == ""
		if derived {
			base = codeFrom(in.Name.NB)
		}
		for n := 1; ; n++ {
			code := base
			if n > 1 {
				code = fmt.Sprintf("%s-%d", base, n)
			}
			taken, err := tx.NewSelect().Table("campaigns").Where("code = ?", code).Exists(ctx)
			if err != nil {
				return err
			}
			if !taken {
				c.Code = code
				break
			}
			if !derived {
				return domain.ErrCampaignCodeTaken()
			}
		}
		if _, err := tx.NewInsert().Model(c).Returning("id, created_at").Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "campaign.create", ObjectType: "campaign", ObjectID: c.ID, New: c})
	})
	if err != nil {
		return nil, fmt.Errorf("create campaign: %w", err)
	}
	return c, nil
}

// CreateRoundInput is a new round of a campaign (Helsetilsynet's campaign staff).
type CreateRoundInput struct {
	CampaignID int64
	// Title is optional: "Egenkontroll nr. N" when empty.
	Title           domain.Text
	PeriodStart     domain.Date
	PeriodEnd       domain.Date
	Deadline        domain.Date // the services' deadline
	ReportDeadline  domain.Date // the county offices' report deadline
	QuestionnaireID int64
	// PreviousRoundID is the round it is compared with: same campaign, earlier. Nil: none.
	PreviousRoundID  *int64
	SamplingGuidance domain.Text       // optional
	Resources        []SupportResource // support links and contacts, in order
}

// Validate trims the input and checks everything that needs no database, before the transaction.
func (in *CreateRoundInput) Validate() error {
	in.Title, in.SamplingGuidance = trimText(in.Title), trimText(in.SamplingGuidance)
	if err := checkText("title", in.Title, 200, true); err != nil {
		return err
	}
	if err := screenTexts(map[string]domain.Text{"title": in.Title}); err != nil {
		return err
	}
	for _, d := range []struct {
		field string
		date  domain.Date
	}{{"periodStart", in.PeriodStart}, {"periodEnd", in.PeriodEnd}, {"deadline", in.Deadline}, {"reportDeadline", in.ReportDeadline}} {
		if d.date.IsZero() {
			return domain.ErrDateMissing(d.field)
		}
	}
	if in.PeriodEnd.Before(in.PeriodStart) {
		return domain.ErrRoundPeriodEndsBeforeStart()
	}
	for _, d := range []struct {
		field string
		date  domain.Date
	}{{"deadline", in.Deadline}, {"reportDeadline", in.ReportDeadline}} {
		if d.date.Before(in.PeriodStart) {
			return domain.ErrDeadlineBeforeRound(d.field)
		}
	}
	if in.QuestionnaireID <= 0 {
		return domain.ErrQuestionnaireMissing()
	}
	if err := checkText("samplingGuidance", in.SamplingGuidance, domain.MaxAssessmentLen, true); err != nil {
		return err
	}
	rows, err := checkResources(0, in.Resources)
	if err != nil {
		return err
	}
	in.Resources = rows
	return nil
}

// usableQuestionnaire checks that a round may use the questionnaire version. This is the one place
// that decides it: today every existing version may be used (the versions are the seeded ones);
// once versions are published it requires a published one.
func usableQuestionnaire(ctx context.Context, db bun.IDB, id int64) error {
	var q Questionnaire
	err := db.NewSelect().Model(&q).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		e := domain.ErrNotFound(domain.NounQuestionnaire, id)
		e.Field = "questionnaireId"
		return e
	}
	if err != nil {
		return err
	}
	if !q.Published() {
		// A round only ever uses a version that can no longer change (the database refuses it too).
		return domain.ErrQuestionnaireDraft()
	}
	return nil
}

// CreateRound creates the next round of a campaign (Helsetilsynet's campaign staff; audited). It
// gets the next number in its campaign; its services are the active services of the register,
// which the county offices then invite.
func (s *Store) CreateRound(ctx context.Context, in CreateRoundInput) (*Round, error) {
	if err := auth.From(ctx).Can(auth.ActManage, auth.Target{}); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	r := &Round{CampaignID: in.CampaignID, Title: in.Title, QuestionnaireID: in.QuestionnaireID,
		PeriodStart: in.PeriodStart, PeriodEnd: in.PeriodEnd, Deadline: in.Deadline, ReportDeadline: in.ReportDeadline,
		PreviousRoundID: in.PreviousRoundID, SamplingGuidanceText: in.SamplingGuidance, Version: 1}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var c Campaign
		if err := tx.NewSelect().Model(&c).Where("cmp.id = ?", in.CampaignID).For("UPDATE").Scan(ctx); err != nil {
			err = notFoundIfNoRows(err, NounCampaign, in.CampaignID)
			if e, ok := domain.AsError(err); ok {
				e.Field = "campaignId"
			}
			return err
		}
		if err := usableQuestionnaire(ctx, tx, in.QuestionnaireID); err != nil {
			return err
		}
		if err := tx.NewSelect().Table("rounds").ColumnExpr("coalesce(max(number), 0) + 1").
			Where("campaign_id = ?", c.ID).Scan(ctx, &r.Number); err != nil {
			return err
		}
		if in.PreviousRoundID != nil {
			var prev Round
			err := tx.NewSelect().Model(&prev).Where("r.id = ?", *in.PreviousRoundID).Scan(ctx)
			if errors.Is(err, errNoRows) || (err == nil && prev.CampaignID != c.ID) {
				return domain.ErrPreviousRoundOtherCampaign()
			}
			if err != nil {
				return err
			}
			if !prev.PeriodStart.Before(in.PeriodStart) {
				return domain.ErrPreviousRoundNotEarlier()
			}
		}
		if r.Title.IsZero() {
			r.Title = domain.DefaultRoundTitle(r.Number)
		}
		if _, err := tx.NewInsert().Model(r).ExcludeColumn("figures_published_at", "figures_published_by").
			Returning("id").Exec(ctx); err != nil {
			return err
		}
		rows, _ := checkResources(r.ID, in.Resources)
		if len(rows) > 0 {
			if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
				return err
			}
		}
		type created struct {
			*Round
			Resources []SupportResource `json:"resources"`
		}
		return audit(ctx, tx, Change{Action: "round.create", ObjectType: "round", ObjectID: r.ID, New: created{r, rows}})
	})
	if err != nil {
		return nil, fmt.Errorf("create round of campaign %d: %w", in.CampaignID, err)
	}
	return r, nil
}
