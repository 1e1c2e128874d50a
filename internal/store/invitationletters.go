package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// MaxLetterLen bounds the text of an invitation letter.
const MaxLetterLen = domain.MaxAssessmentLen

// InvitationDraft is Helsetilsynet's draft invitation of a campaign, in nb, nn and en (the guide,
// § 3: time and place, the process, voluntary participation, background, the office's role, the
// legal framework, internal control and quality improvement, and the topic).
type InvitationDraft struct {
	bun.BaseModel `bun:"table:invitation_drafts,alias:idr"`
	CampaignID    int64       `bun:",pk"`
	Subject       domain.Text `bun:"embed:subject_"`
	Body          domain.Text `bun:"embed:body_"`
	Version       int         `bun:",notnull"`
	UpdatedAt     time.Time   `bun:",nullzero,notnull,default:current_timestamp"`
}

// InvitationLetter is one office's adaptation of the draft for a round, and when it was sent.
type InvitationLetter struct {
	bun.BaseModel `bun:"table:invitation_letters,alias:il"`
	ID            int64      `bun:",pk,autoincrement"`
	OfficeID      int64      `bun:",notnull"`
	RoundID       int64      `bun:",notnull"`
	Lang          string     `bun:",notnull"`
	Subject       string     `bun:",notnull"`
	Body          string     `bun:",notnull"`
	TimeAndPlace  string     `bun:",notnull"`
	Contact       string     `bun:",notnull"`
	SentAt        *time.Time `bun:",nullzero"`
	SentBy        *int64     `bun:",nullzero"`
	Version       int        `bun:",notnull"`
	UpdatedAt     time.Time  `bun:",nullzero,notnull,default:current_timestamp"`
}

// roundCampaign gives the campaign of a round.
func roundCampaign(ctx context.Context, db bun.IDB, roundID int64) (int64, error) {
	var id int64
	err := db.NewSelect().Table("rounds").Column("campaign_id").Where("id = ?", roundID).Scan(ctx, &id)
	return id, notFoundIfNoRows(err, domain.NounRound, roundID)
}

// readsDrafts reports whether the caller reads Helsetilsynet's draft invitation: its analysts and
// the county offices that adapt it; never a service.
func readsDrafts(scope Scope) bool { return !scope.None && scope.ServiceID == 0 }

// InvitationDraftOf returns the draft invitation of a round's campaign (nil when none is written).
func (s *Store) InvitationDraftOf(ctx context.Context, scope Scope, roundID int64) (*InvitationDraft, error) {
	if !readsDrafts(scope) {
		return nil, nil
	}
	campaign, err := roundCampaign(ctx, s.db, roundID)
	if err != nil {
		return nil, err
	}
	var d InvitationDraft
	err = s.db.NewSelect().Model(&d).Where("idr.campaign_id = ?", campaign).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &d, err
}

// validateDraftTexts requires the draft's subject and body (trimmed) in all three languages.
func validateDraftTexts(subject, body domain.Text) error {
	for _, f := range []struct{ field, text string }{{"subject.nb", subject.NB}, {"subject.nn", subject.NN}, {"subject.en", subject.EN},
		{"body.nb", body.NB}, {"body.nn", body.NN}, {"body.en", body.EN}} {
		if f.text == "" {
			return domain.ErrAllLanguagesMissing(f.field)
		}
	}
	return nil
}

// SaveInvitationDraft writes the draft invitation of a round's campaign (Helsetilsynet; audited).
func (s *Store) SaveInvitationDraft(ctx context.Context, roundID int64, subject, body domain.Text, expected *int) (*InvitationDraft, error) {
	if err := auth.From(ctx).Can(auth.ActManage, auth.Target{}); err != nil {
		return nil, err
	}
	subject, body = trimText(subject), trimText(body)
	if err := validateDraftTexts(subject, body); err != nil {
		return nil, err
	}
	var d InvitationDraft
	err := s.inTx(ctx, func(tx bun.Tx) error {
		campaign, err := roundCampaign(ctx, tx, roundID)
		if err != nil {
			return err
		}
		ts := domain.NewTextScreen(ctx)
		for _, f := range []struct {
			field, text string
			max         int
		}{{"subject.nb", subject.NB, domain.MaxShortTextLen}, {"subject.nn", subject.NN, domain.MaxShortTextLen}, {"subject.en", subject.EN, domain.MaxShortTextLen},
			{"body.nb", body.NB, MaxLetterLen}, {"body.nn", body.NN, MaxLetterLen}, {"body.en", body.EN, MaxLetterLen}} {
			if err := ts.Check(f.field, f.text, f.max); err != nil {
				return err
			}
		}
		err = tx.NewSelect().Model(&d).Where("idr.campaign_id = ?", campaign).For("UPDATE").Scan(ctx)
		var old any
		switch {
		case errors.Is(err, sql.ErrNoRows):
			d = InvitationDraft{CampaignID: campaign}
		case err != nil:
			return err
		default:
			o := d
			old = o
			if err := checkVersion(expected, d.Version, domain.NounInvitationDraft); err != nil {
				return err
			}
			ts.Stored("body.nb", d.Body.NB)
			ts.Stored("body.nn", d.Body.NN)
			ts.Stored("body.en", d.Body.EN)
		}
		if err := ts.Err(); err != nil {
			return err
		}
		d.Subject, d.Body, d.Version, d.UpdatedAt = subject, body, d.Version+1, now()
		if _, err := tx.NewInsert().Model(&d).On("CONFLICT (campaign_id) DO UPDATE").
			Set("subject_nb = EXCLUDED.subject_nb, subject_nn = EXCLUDED.subject_nn, subject_en = EXCLUDED.subject_en").
			Set("body_nb = EXCLUDED.body_nb, body_nn = EXCLUDED.body_nn, body_en = EXCLUDED.body_en").
			Set("version = EXCLUDED.version, updated_at = EXCLUDED.updated_at").Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "invitation_draft.save", ObjectType: "invitation_draft", ObjectID: campaign, Old: old, New: d})
	})
	if err != nil {
		return nil, fmt.Errorf("save invitation draft of round %d: %w", roundID, err)
	}
	return &d, nil
}

// InvitationLetterOf returns an office's letter for a round (nil when not written): the office's
// own people and Helsetilsynet read it at any time.
func (s *Store) InvitationLetterOf(ctx context.Context, scope Scope, officeID, roundID int64) (*InvitationLetter, error) {
	if !scope.SeesOffice(officeID) {
		return nil, nil
	}
	var l InvitationLetter
	err := s.db.NewSelect().Model(&l).Where("il.office_id = ? AND il.round_id = ?", officeID, roundID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &l, err
}

// SentLettersByKey loads, per (service, round), the letter its office sent, for the readers who
// see the service (its own people, its office, Helsetilsynet). Unsent letters are not listed.
func (s *Store) SentLettersByKey(ctx context.Context, scope Scope, keys []SubmissionKey) (map[SubmissionKey]*InvitationLetter, error) {
	out := map[SubmissionKey]*InvitationLetter{}
	if len(keys) == 0 {
		return out, nil
	}
	services, rounds := keyColumns(keys)
	var links []struct {
		ServiceID int64 `bun:"service_id"`
		LetterID  int64 `bun:"letter_id"`
	}
	if err := applyScope(s.db.NewSelect().TableExpr("invitation_letters AS il").ColumnExpr("s.id AS service_id, il.id AS letter_id").
		Join("JOIN services AS s ON s.office_id = il.office_id").
		Where("il.sent_at IS NOT NULL").
		Where("(s.id, il.round_id) IN (SELECT * FROM unnest(?::bigint[], ?::bigint[]))", pgArray(services), pgArray(rounds)), scope).Scan(ctx, &links); err != nil {
		return nil, err
	}
	if len(links) == 0 {
		return out, nil
	}
	ids := make([]int64, len(links))
	for i, l := range links {
		ids[i] = l.LetterID
	}
	var letters []InvitationLetter
	if err := s.db.NewSelect().Model(&letters).Where("il.id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
		return nil, err
	}
	byID := map[int64]*InvitationLetter{}
	for i := range letters {
		byID[letters[i].ID] = &letters[i]
	}
	for _, l := range links {
		if lt := byID[l.LetterID]; lt != nil {
			out[SubmissionKey{ServiceID: l.ServiceID, RoundID: lt.RoundID}] = lt
		}
	}
	return out, nil
}

// LetterInput is an office's adaptation of the draft.
type LetterInput struct {
	OfficeID, RoundID     int64
	Lang                  string
	Subject, Body         string
	TimeAndPlace, Contact string
	ExpectedVersion       *int
}

// Validate trims the letter's texts and checks its language (nb when none is given), subject and
// body, before the transaction.
func (in *LetterInput) Validate() error {
	if in.Lang == "" {
		in.Lang = "nb"
	}
	if in.Lang != "nb" && in.Lang != "nn" && in.Lang != "en" {
		return domain.ErrLetterLanguage()
	}
	in.Subject, in.Body = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Body)
	in.TimeAndPlace, in.Contact = strings.TrimSpace(in.TimeAndPlace), strings.TrimSpace(in.Contact)
	if in.Subject == "" {
		return domain.ErrLetterSubjectMissing()
	}
	if in.Body == "" {
		return domain.ErrLetterBodyMissing()
	}
	return nil
}

// SaveInvitationLetter stores an office's letter for a round (its county advisors; screened and
// audited). A sent letter can still be corrected; it is not sent again by saving.
func (s *Store) SaveInvitationLetter(ctx context.Context, in LetterInput) (*InvitationLetter, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("save invitation letter: %w", err)
	}
	var l InvitationLetter
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := auth.From(ctx).Can(auth.ActFollowUp, auth.Target{OfficeID: in.OfficeID}); err != nil {
			return err
		}
		if err := roundExists(ctx, tx, in.RoundID); err != nil {
			return err
		}
		ts := domain.NewTextScreen(ctx)
		for _, f := range []struct {
			field, text string
			max         int
		}{{"subject", in.Subject, domain.MaxShortTextLen}, {"body", in.Body, MaxLetterLen},
			{"timeAndPlace", in.TimeAndPlace, domain.MaxShortTextLen}, {"contact", in.Contact, domain.MaxShortTextLen}} {
			if err := ts.Check(f.field, f.text, f.max); err != nil {
				return err
			}
		}
		err := tx.NewSelect().Model(&l).Where("il.office_id = ? AND il.round_id = ?", in.OfficeID, in.RoundID).For("UPDATE").Scan(ctx)
		var old any
		switch {
		case errors.Is(err, sql.ErrNoRows):
			l = InvitationLetter{OfficeID: in.OfficeID, RoundID: in.RoundID}
		case err != nil:
			return err
		default:
			if err := checkVersion(in.ExpectedVersion, l.Version, domain.NounInvitationLetter); err != nil {
				return err
			}
			o := l
			old = o
			ts.Stored("body", l.Body)
			ts.Stored("timeAndPlace", l.TimeAndPlace)
			ts.Stored("contact", l.Contact)
		}
		if err := ts.Err(); err != nil {
			return err
		}
		l.Lang, l.Subject, l.Body, l.TimeAndPlace, l.Contact = in.Lang, in.Subject, in.Body, in.TimeAndPlace, in.Contact
		l.Version, l.UpdatedAt = l.Version+1, now()
		if l.ID == 0 {
			if _, err := tx.NewInsert().Model(&l).Exec(ctx); err != nil {
				return err
			}
		} else if _, err := tx.NewUpdate().Model(&l).Column("lang", "subject", "body", "time_and_place", "contact", "version", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "invitation_letter.save", ObjectType: "invitation_letter", ObjectID: l.ID, OfficeID: l.OfficeID, Old: old, New: l})
	})
	if err != nil {
		return nil, fmt.Errorf("save invitation letter: %w", err)
	}
	return &l, nil
}

// LetterRecipients lists the services an office's letter goes to: every current service of the
// office (merged services are left out), by name.
func (s *Store) LetterRecipients(ctx context.Context, scope Scope, officeID int64) ([]Service, error) {
	out := []Service{}
	if !scope.SeesOffice(officeID) {
		return out, nil
	}
	err := s.db.NewSelect().Model(&out).Where("s.office_id = ? AND s.merged_into_id IS NULL", officeID).OrderExpr("s.name").Scan(ctx)
	return out, err
}

// LetterText is the e-mail body of a letter: its text, then time and place and the contact person.
func LetterText(l *InvitationLetter) string {
	return domain.LetterMailBody(l.Lang, l.Body, l.TimeAndPlace, l.Contact)
}

// SendInvitationLetter sends an office's letter to the leaders of all its services through the
// outbox (one message per service), invites every service to the round that is not yet invited,
// and records when it was sent (county advisors; audited). Sending again sends it again, to all.
func (s *Store) SendInvitationLetter(ctx context.Context, officeID, roundID int64, expected *int) (*InvitationLetter, error) {
	var l InvitationLetter
	err := s.inTx(ctx, func(tx bun.Tx) error {
		c := auth.From(ctx)
		if err := c.Can(auth.ActFollowUp, auth.Target{OfficeID: officeID}); err != nil {
			return err
		}
		if err := tx.NewSelect().Model(&l).Where("il.office_id = ? AND il.round_id = ?", officeID, roundID).For("UPDATE").Scan(ctx); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return domain.ErrLetterNotSaved()
			}
			return err
		}
		if err := checkVersion(expected, l.Version, domain.NounInvitationLetter); err != nil {
			return err
		}
		var services []int64
		if err := tx.NewSelect().Table("services").Column("id").Where("office_id = ? AND merged_into_id IS NULL", officeID).OrderExpr("id").Scan(ctx, &services); err != nil {
			return err
		}
		if len(services) == 0 {
			return domain.ErrOfficeWithoutServices()
		}
		t := now()
		body := LetterText(&l)
		for _, sid := range services {
			p := &Participation{ServiceID: sid, RoundID: roundID, InvitedAt: t, Version: 1}
			res, err := tx.NewInsert().Model(p).On("CONFLICT (service_id, round_id) DO NOTHING").Exec(ctx)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				if err := auditParticipation(ctx, tx, "participation.invite", nil, p); err != nil {
					return err
				}
			}
			if _, err := tx.NewInsert().Model(&Outbox{LetterID: &l.ID, ServiceID: sid, Status: MailPending, Subject: l.Subject, Body: body}).Exec(ctx); err != nil {
				return err
			}
		}
		l.SentAt, l.SentBy, l.Version = &t, nz(c.UserID), l.Version+1
		if _, err := tx.NewUpdate().Model(&l).Column("sent_at", "sent_by", "version").WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "invitation_letter.send", ObjectType: "invitation_letter", ObjectID: l.ID, OfficeID: officeID,
			New: map[string]any{"sentAt": t, "services": services}})
	})
	if err != nil {
		return nil, fmt.Errorf("send invitation letter: %w", err)
	}
	return &l, nil
}

// LetterDeliveries lists the newest message of each service of a letter (the last sending).
func (s *Store) LetterDeliveries(ctx context.Context, scope Scope, l *InvitationLetter) ([]Outbox, error) {
	out := []Outbox{}
	if !scope.SeesOffice(l.OfficeID) {
		return out, nil
	}
	err := s.db.NewSelect().Model(&out).ExcludeColumn("sealed_secret").
		Where("ob.letter_id = ?", l.ID).
		Where("ob.id = (SELECT max(x.id) FROM outbox AS x WHERE x.letter_id = ob.letter_id AND x.service_id = ob.service_id)").
		OrderExpr("ob.service_id").Scan(ctx)
	return out, err
}
