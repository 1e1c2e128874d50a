// Package seed loads the reference data (offices, counties, services, campaign, questionnaires,
// rounds) and realistic demo cases into the database. Seeding is idempotent: everything is keyed by
// its natural key, and demo data is only added where a service has nothing in a round yet.
package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/seed/content"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Options choose what to seed.
type Options struct {
	Demo bool // add demo cases, answers and submissions
}

// Report says what a seeding run added.
type Report struct {
	Offices, Counties, Services, Questionnaires, Rounds int
	DemoSubmissions, DemoCases, DemoAnswers             int
}

// String is the report as one line for the log.
func (r Report) String() string {
	return fmt.Sprintf("added %d offices, %d counties, %d services, %d questionnaires, %d rounds; demo: %d submissions, %d cases, %d answers",
		r.Offices, r.Counties, r.Services, r.Questionnaires, r.Rounds, r.DemoSubmissions, r.DemoCases, r.DemoAnswers)
}

// lockKey serialises seeding by several instances starting at once.
const lockKey = 7_150_002

// Run seeds in one transaction: it either all lands or nothing does.
func Run(ctx context.Context, st *store.Store, opts Options) (Report, error) {
	var rep Report
	ctx = auth.WithCaller(ctx, auth.System)
	err := st.Seed(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", lockKey); err != nil {
			return err
		}
		if err := reference(ctx, tx, &rep); err != nil {
			return err
		}
		if opts.Demo {
			if err := demoUsers(ctx, tx, st); err != nil {
				return err
			}
			if err := demo(ctx, tx, &rep); err != nil {
				return err
			}
			return demoFollowUp(ctx, tx)
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("seed: %w", err)
	}
	return rep, nil
}

func text(t content.Text) domain.Text { return domain.Text{NB: t.NB, NN: t.NN, EN: t.EN} }

func textPtr(t *content.Text) domain.Text {
	if t == nil {
		return domain.Text{}
	}
	return text(*t)
}

func date(s string) domain.Date {
	d, err := domain.ParseDate(s)
	if err != nil {
		panic(fmt.Sprintf("seed content has a bad date %q", s)) // content is checked by its own tests
	}
	return d
}

// insertOnce inserts a row unless one with the same natural key exists, and returns the row's id.
func insertOnce(ctx context.Context, tx bun.Tx, model any, conflict string, lookup *bun.SelectQuery, added *int) (int64, error) {
	res, err := tx.NewInsert().Model(model).On("CONFLICT " + conflict + " DO NOTHING").Exec(ctx)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		*added++
	}
	var id int64
	if err := lookup.Column("id").Scan(ctx, &id); err != nil {
		return 0, err
	}
	return id, nil
}

func reference(ctx context.Context, tx bun.Tx, rep *Report) error {
	countyIDs := map[string]int64{}
	officeOf := map[string]int64{}
	for _, o := range content.Offices {
		officeID, err := insertOnce(ctx, tx, &store.Office{Code: o.Code, Name: text(o.Name)}, "(code)",
			tx.NewSelect().Table("governor_offices").Where("code = ?", o.Code), &rep.Offices)
		if err != nil {
			return fmt.Errorf("office %s: %w", o.Code, err)
		}
		for _, c := range o.Counties {
			id, err := insertOnce(ctx, tx, &store.County{Number: c.Number, Name: c.Name, OfficeID: officeID}, "(number)",
				tx.NewSelect().Table("counties").Where("number = ?", c.Number), &rep.Counties)
			if err != nil {
				return fmt.Errorf("county %s: %w", c.Number, err)
			}
			countyIDs[c.Number], officeOf[c.Number] = id, officeID
		}
	}
	if err := register(ctx, tx, countyIDs, officeOf, rep); err != nil {
		return fmt.Errorf("register: %w", err)
	}
	var dummy int
	campaignID, err := insertOnce(ctx, tx, &store.Campaign{Code: content.CampaignLOT2024.Code, Title: text(content.CampaignLOT2024.Title)},
		"(code)", tx.NewSelect().Table("campaigns").Where("code = ?", content.CampaignLOT2024.Code), &dummy)
	if err != nil {
		return fmt.Errorf("campaign: %w", err)
	}
	questionnaireIDs := map[int]int64{}
	questionIDs := map[[2]any]int64{} // (version, code) → id
	for _, q := range content.Questionnaires {
		id, err := questionnaire(ctx, tx, campaignID, q, questionnaireIDs, questionIDs, rep)
		if err != nil {
			return fmt.Errorf("questionnaire v%d: %w", q.Version, err)
		}
		questionnaireIDs[q.Version] = id
	}
	for _, r := range content.Rounds {
		round := &store.Round{CampaignID: campaignID, Number: r.Number, Title: text(r.Title),
			QuestionnaireID: questionnaireIDs[r.QuestionnaireVersion], PeriodStart: date(r.PeriodStart),
			PeriodEnd: date(r.PeriodEnd), Deadline: date(r.Deadline), ReportDeadline: date(r.ReportDeadline),
			SamplingGuidanceText: text(r.SamplingGuidance)}
		if r.OriginalDeadline != "" {
			d := date(r.OriginalDeadline)
			round.OriginalDeadline = &d
		}
		if _, err := insertOnce(ctx, tx, round, "(campaign_id, number)",
			tx.NewSelect().Table("rounds").Where("campaign_id = ? AND number = ?", campaignID, r.Number), &rep.Rounds); err != nil {
			return fmt.Errorf("round %d: %w", r.Number, err)
		}
		// A round seeded before the guidance was data gets it once; a text Helsetilsynet has set stays.
		if _, err := tx.NewUpdate().Table("rounds").
			Set("sampling_guidance_nb = ?, sampling_guidance_nn = ?, sampling_guidance_en = ?", r.SamplingGuidance.NB, r.SamplingGuidance.NN, r.SamplingGuidance.EN).
			Where("campaign_id = ? AND number = ? AND sampling_guidance_nb = ''", campaignID, r.Number).Exec(ctx); err != nil {
			return fmt.Errorf("round %d guidance: %w", r.Number, err)
		}
		if err := supportResources(ctx, tx, campaignID, r.Number); err != nil {
			return fmt.Errorf("round %d support: %w", r.Number, err)
		}
	}
	// Each round is compared with the one numbered before it, unless Helsetilsynet chose otherwise.
	if err := linkPreviousRounds(ctx, tx); err != nil {
		return err
	}
	// Helsetilsynet's draft invitation, unless it has written its own.
	if _, err := tx.NewInsert().Model(&store.InvitationDraft{CampaignID: campaignID, Subject: text(content.InvitationDraft.Subject),
		Body: text(content.InvitationDraft.Body), Version: 1}).On("CONFLICT (campaign_id) DO NOTHING").Exec(ctx); err != nil {
		return fmt.Errorf("invitation draft: %w", err)
	}
	// The offices' web pages, where none is set yet.
	for code, url := range content.OfficeWebPages {
		if _, err := tx.NewUpdate().Table("governor_offices").Set("web_url = ?", url).Where("code = ? AND web_url = ''", code).Exec(ctx); err != nil {
			return fmt.Errorf("office %s web page: %w", code, err)
		}
	}
	return nil
}

// supportResources gives a round the campaign's support material and contacts, unless it has some
// (Helsetilsynet may have changed them).
func supportResources(ctx context.Context, tx bun.Tx, campaignID int64, number int) error {
	var roundID int64
	if err := tx.NewSelect().Table("rounds").Column("id").Where("campaign_id = ? AND number = ?", campaignID, number).Scan(ctx, &roundID); err != nil {
		return err
	}
	has, err := tx.NewSelect().Table("round_resources").Where("round_id = ?", roundID).Exists(ctx)
	if err != nil || has {
		return err
	}
	rows := make([]store.SupportResource, 0, len(content.SupportResources))
	for i, r := range content.SupportResources {
		rows = append(rows, store.SupportResource{RoundID: roundID, Position: i + 1, Kind: domain.SupportResourceKind(r.Kind), Title: text(r.Title),
			DescriptionText: text(r.Description), URL: r.URL})
	}
	_, err = tx.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// questionnaire inserts a questionnaire version with its sections, questions, lineage and
// reflection questions, unless the version exists.
func questionnaire(ctx context.Context, tx bun.Tx, campaignID int64, q content.Questionnaire, versionIDs map[int]int64, questionIDs map[[2]any]int64, rep *Report) (int64, error) {
	var existing int64
	err := tx.NewSelect().Table("questionnaires").Column("id").Where("campaign_id = ? AND version = ?", campaignID, q.Version).Scan(ctx, &existing)
	if err == nil {
		// Already seeded: remember its question ids for the lineage of later versions.
		var rows []store.Question
		if err := tx.NewSelect().Model(&rows).Where("q.questionnaire_id = ?", existing).Scan(ctx); err != nil {
			return 0, err
		}
		for _, r := range rows {
			questionIDs[[2]any{q.Version, r.Code}] = r.ID
		}
		return existing, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	now := time.Now() // seeded versions are in use: published
	qn := &store.Questionnaire{CampaignID: campaignID, Version: q.Version, Title: text(q.Title), CollectsDaysToFirstActivity: q.CollectsDaysToFirstActivity, Official: q.Official,
		CollectsOutcome: true, CollectsMonths: true, PublishedAt: &now}
	if prevID, ok := versionIDs[q.Version-1]; ok {
		qn.DescendsFrom = &prevID
	}
	if _, err := tx.NewInsert().Model(qn).Exec(ctx); err != nil {
		return 0, err
	}
	rep.Questionnaires++
	pos := 0
	for si, s := range q.Sections {
		sec := &store.Section{QuestionnaireID: qn.ID, Position: si + 1, Code: s.Code, Title: text(s.Title)}
		if _, err := tx.NewInsert().Model(sec).Exec(ctx); err != nil {
			return 0, err
		}
		for _, cq := range s.Questions {
			pos++
			opts := make([]domain.Option, 0, len(cq.Options))
			for _, o := range cq.Options {
				opts = append(opts, domain.Option(o))
			}
			row := &store.Question{QuestionnaireID: qn.ID, SectionID: sec.ID, Position: pos, Code: cq.Code, Text: text(cq.Text),
				GuidanceText: textPtr(cq.Guidance), LegalBasisText: cq.LegalBasis, Options: opts,
				CommentAllowed: cq.CommentAllowed, Required: cq.Required}
			if slices.Contains(opts, domain.OptionNotPossible) {
				// The seeded questions explain "Ikke mulig" in their guidance.
				row.NotPossibleGuidanceText = textPtr(cq.Guidance)
			}
			if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
				return 0, fmt.Errorf("question %s: %w", cq.Code, err)
			}
			questionIDs[[2]any{q.Version, cq.Code}] = row.ID
			for _, l := range cq.Lineage {
				pred, ok := questionIDs[[2]any{q.Version - 1, l.PredecessorCode}]
				if !ok {
					return 0, fmt.Errorf("question %s: predecessor %s of version %d not found", cq.Code, l.PredecessorCode, q.Version-1)
				}
				if _, err := tx.NewInsert().Model(&store.Lineage{QuestionID: row.ID, PredecessorID: pred,
					Comparability: domain.Comparability(l.Comparability)}).Exec(ctx); err != nil {
					return 0, err
				}
			}
		}
	}
	position := 0
	for _, set := range []struct {
		kind domain.ReflectionKind
		qs   []content.Reflection
	}{{domain.ReflectionKindReflection, q.Reflections}, {domain.ReflectionKindFeedback, q.Feedback}} {
		for _, r := range set.qs {
			position++
			row := &store.ReflectionQuestion{QuestionnaireID: qn.ID, Position: position, Code: r.Code, Kind: set.kind,
				Text: text(r.Text), GuidanceText: textPtr(r.Guidance)}
			if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
				return 0, err
			}
		}
	}
	return qn.ID, nil
}

// linkPreviousRounds compares each round that has no previous round with the round numbered
// before it in its campaign.
func linkPreviousRounds(ctx context.Context, db bun.IDB) error {
	if _, err := db.ExecContext(ctx, `UPDATE rounds AS r SET previous_round_id = p.id
		FROM rounds AS p WHERE p.campaign_id = r.campaign_id AND p.number = r.number - 1 AND r.previous_round_id IS NULL`); err != nil {
		return fmt.Errorf("previous rounds: %w", err)
	}
	return nil
}
