package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/questionnaire"
)

// Questionnaire versions as files (internal/questionnaire): export any version, preview and import
// a file as a draft, publish a draft. A published version never changes; only published versions
// are read by everyone, drafts only by campaign staff.

// managesCampaigns reports whether the caller of ctx may see drafts and import and publish.
func managesCampaigns(ctx context.Context) bool {
	return auth.From(ctx).Can(auth.ActManage, auth.Target{}) == nil
}

// visibleQuestionnaires limits q to published versions unless the caller manages campaigns.
func visibleQuestionnaires(ctx context.Context, q *bun.SelectQuery) *bun.SelectQuery {
	if managesCampaigns(ctx) {
		return q
	}
	return q.Where("qn.published_at IS NOT NULL")
}

// QuestionnaireDefinition exports a version as a file definition.
func (s *Store) QuestionnaireDefinition(ctx context.Context, id int64) (*questionnaire.Definition, error) {
	return s.definition(ctx, s.DB, id)
}

func (s *Store) definition(ctx context.Context, db bun.IDB, id int64) (*questionnaire.Definition, error) {
	var qn Questionnaire
	if err := visibleQuestionnaires(ctx, db.NewSelect().Model(&qn).Where("qn.id = ?", id)).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounQuestionnaire, id)
	}
	var campaign Campaign
	if err := db.NewSelect().Model(&campaign).Where("cmp.id = ?", qn.CampaignID).Scan(ctx); err != nil {
		return nil, err
	}
	d := &questionnaire.Definition{Format: questionnaire.FormatVersion, Campaign: campaign.Code, Version: qn.Version,
		Official: qn.Official, Title: qn.Title, Removed: []string{},
		CaseFields: questionnaire.CaseFields{DaysToFirstActivity: qn.CollectsDaysToFirstActivity, Outcome: qn.CollectsOutcome, Months: qn.CollectsMonths}}
	var sections []Section
	var questions []Question
	var free []ReflectionQuestion
	if err := db.NewSelect().Model(&sections).Where("sec.questionnaire_id = ?", id).OrderExpr("sec.position").Scan(ctx); err != nil {
		return nil, err
	}
	if err := db.NewSelect().Model(&questions).Where("q.questionnaire_id = ?", id).OrderExpr("q.position").Scan(ctx); err != nil {
		return nil, err
	}
	if err := db.NewSelect().Model(&free).Where("rq.questionnaire_id = ?", id).OrderExpr("rq.position").Scan(ctx); err != nil {
		return nil, err
	}
	// The lineage, as codes of the version this one descends from.
	type link struct {
		QuestionID    int64
		Comparability string
		Code          string
	}
	var links []link
	var prevCodes []string
	if qn.DescendsFrom != nil {
		var prev Questionnaire
		if err := db.NewSelect().Model(&prev).Where("qn.id = ?", *qn.DescendsFrom).Scan(ctx); err != nil {
			return nil, err
		}
		d.DescendsFrom = &prev.Version
		if err := db.NewSelect().TableExpr("question_lineage AS ql").Join("JOIN questions AS p ON p.id = ql.predecessor_id").
			Join("JOIN questions AS q ON q.id = ql.question_id").
			ColumnExpr("ql.question_id, ql.comparability, p.code").
			Where("q.questionnaire_id = ? AND p.questionnaire_id = ?", id, prev.ID).OrderExpr("q.position, p.position").Scan(ctx, &links); err != nil {
			return nil, err
		}
		if err := db.NewSelect().Table("questions").Column("code").Where("questionnaire_id = ?", prev.ID).OrderExpr("position").Scan(ctx, &prevCodes); err != nil {
			return nil, err
		}
	}
	lineage := map[int64]*questionnaire.Lineage{}
	continued := map[string]bool{}
	for _, l := range links {
		if lineage[l.QuestionID] == nil {
			lineage[l.QuestionID] = &questionnaire.Lineage{Kind: l.Comparability, Previous: []string{}}
		}
		x := lineage[l.QuestionID]
		x.Previous = append(x.Previous, l.Code)
		if l.Comparability == questionnaire.Merged {
			x.Kind = questionnaire.Merged
		}
		continued[l.Code] = true
	}
	for _, code := range prevCodes {
		if !continued[code] {
			d.Removed = append(d.Removed, code)
		}
	}
	bySection := map[int64][]questionnaire.Question{}
	for _, q := range questions {
		fq := questionnaire.Question{Code: q.Code, Text: q.Text, Guidance: q.Guidance(), LegalBasis: q.LegalBasisText,
			Options: q.Options, NotPossibleGuidance: q.NotPossibleGuidance(), Required: q.Required, Comment: q.CommentAllowed}
		if d.DescendsFrom != nil {
			fq.Lineage = lineage[q.ID]
			if fq.Lineage == nil {
				fq.Lineage = &questionnaire.Lineage{Kind: questionnaire.New, Previous: []string{}}
			}
		}
		bySection[q.SectionID] = append(bySection[q.SectionID], fq)
	}
	for _, sec := range sections {
		d.Sections = append(d.Sections, questionnaire.Section{Code: sec.Code, Title: sec.Title, Questions: bySection[sec.ID]})
	}
	d.ReflectionQuestions, d.FeedbackQuestions = []questionnaire.FreeText{}, []questionnaire.FreeText{}
	for _, r := range free {
		ft := questionnaire.FreeText{Code: r.Code, Text: r.Text, Guidance: r.Guidance()}
		if r.Kind == ReflectionKindFeedback {
			d.FeedbackQuestions = append(d.FeedbackQuestions, ft)
		} else {
			d.ReflectionQuestions = append(d.ReflectionQuestions, ft)
		}
	}
	return d, nil
}

// QuestionnairePreview is what importing a file would do: every problem by path, the definition
// read from it, the version it descends from and the difference against that version.
type QuestionnairePreview struct {
	Problems   []questionnaire.Problem
	Definition *questionnaire.Definition // nil when the file could not be read
	// DescendsFrom is the version the file continues; ReplacesDraft the draft of the same number
	// that importing replaces.
	DescendsFrom  *Questionnaire
	ReplacesDraft *Questionnaire
	Changes       []questionnaire.Change
}

// Valid reports whether the file can be imported.
func (p *QuestionnairePreview) Valid() bool { return len(p.Problems) == 0 }

// PreviewQuestionnaire reads and checks a file without storing anything.
func (s *Store) PreviewQuestionnaire(ctx context.Context, data []byte) (*QuestionnairePreview, error) {
	if err := auth.From(ctx).Can(auth.ActManage, auth.Target{}); err != nil {
		return nil, err
	}
	return s.preview(ctx, s.DB, data)
}

func (s *Store) preview(ctx context.Context, db bun.IDB, data []byte) (*QuestionnairePreview, error) {
	p := &QuestionnairePreview{Problems: []questionnaire.Problem{}, Changes: []questionnaire.Change{}}
	d, problems := questionnaire.ParseBytes(data)
	if d == nil {
		p.Problems = problems
		return p, nil
	}
	p.Definition = d
	var campaign Campaign
	var prevDef *questionnaire.Definition
	var early []questionnaire.Problem
	err := db.NewSelect().Model(&campaign).Where("cmp.code = ?", d.Campaign).Scan(ctx)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if d.Campaign != "" {
			early = append(early, questionnaire.Problem{Path: "campaign", Message: domain.Text{
				NB: fmt.Sprintf("Kampanjen %q finnes ikke.", d.Campaign), NN: fmt.Sprintf("Kampanjen %q finst ikkje.", d.Campaign),
				EN: fmt.Sprintf("The campaign %q does not exist.", d.Campaign)}})
		}
	case err != nil:
		return nil, err
	default:
		var same Questionnaire
		err := db.NewSelect().Model(&same).Where("qn.campaign_id = ? AND qn.version = ?", campaign.ID, d.Version).Scan(ctx)
		switch {
		case err == nil && same.Published():
			early = append(early, questionnaire.Problem{Path: "version", Message: domain.Text{
				NB: fmt.Sprintf("Versjon %d er publisert og kan ikke endres. Gi filen et nytt versjonsnummer.", d.Version),
				NN: fmt.Sprintf("Versjon %d er publisert og kan ikkje endrast. Gi fila eit nytt versjonsnummer.", d.Version),
				EN: fmt.Sprintf("Version %d is published and cannot change. Give the file a new version number.", d.Version)}})
		case err == nil:
			p.ReplacesDraft = &same
		case !errors.Is(err, sql.ErrNoRows):
			return nil, err
		}
		if d.DescendsFrom != nil {
			var prev Questionnaire
			err := db.NewSelect().Model(&prev).Where("qn.campaign_id = ? AND qn.version = ?", campaign.ID, *d.DescendsFrom).Scan(ctx)
			switch {
			case err == nil && !prev.Published():
				early = append(early, questionnaire.Problem{Path: "descendsFrom", Message: domain.Text{
					NB: fmt.Sprintf("Versjon %d er et utkast; en ny versjon kan bare bygge på en publisert.", prev.Version),
					NN: fmt.Sprintf("Versjon %d er eit utkast; ein ny versjon kan berre byggje på ein publisert.", prev.Version),
					EN: fmt.Sprintf("Version %d is a draft; a new version can only descend from a published one.", prev.Version)}})
			case err == nil:
				p.DescendsFrom = &prev
				if prevDef, err = s.definition(ctx, db, prev.ID); err != nil {
					return nil, err
				}
			case !errors.Is(err, sql.ErrNoRows):
				return nil, err
			}
		}
	}
	if p.DescendsFrom == nil && prevDef == nil && d.DescendsFrom != nil && len(early) > 0 && early[len(early)-1].Path == "descendsFrom" {
		// A draft to descend from: the lineage cannot be checked either.
		prevDef = &questionnaire.Definition{}
	}
	early = append(early, questionnaire.Validate(d, prevDef)...)
	p.Problems = early
	if prevDef != nil && p.DescendsFrom != nil {
		p.Changes = questionnaire.Diff(d, prevDef)
	} else {
		p.Changes = questionnaire.Diff(d, nil)
	}
	return p, nil
}

// ImportQuestionnaire stores a valid file as a draft version (replacing a draft of the same
// number). An invalid file changes nothing and gives BAD_USER_INPUT with every problem in
// Extra["problems"].
func (s *Store) ImportQuestionnaire(ctx context.Context, data []byte) (*Questionnaire, *QuestionnairePreview, error) {
	if err := auth.From(ctx).Can(auth.ActManage, auth.Target{}); err != nil {
		return nil, nil, err
	}
	var out Questionnaire
	var p *QuestionnairePreview
	err := s.inTx(ctx, func(tx bun.Tx) error {
		// One import at a time, so two imports of one version do not race.
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext('questionnaire.import'))"); err != nil {
			return err
		}
		var err error
		if p, err = s.preview(ctx, tx, data); err != nil {
			return err
		}
		if !p.Valid() {
			return invalidFile(p.Problems)
		}
		d := p.Definition
		var campaign Campaign
		if err := tx.NewSelect().Model(&campaign).Where("cmp.code = ?", d.Campaign).Scan(ctx); err != nil {
			return err
		}
		var old any
		if p.ReplacesDraft != nil {
			if old, err = s.definition(ctx, tx, p.ReplacesDraft.ID); err != nil {
				return err
			}
			if _, err := tx.NewDelete().Model((*Questionnaire)(nil)).Where("id = ? AND published_at IS NULL", p.ReplacesDraft.ID).Exec(ctx); err != nil {
				return fmt.Errorf("replace draft: %w", err)
			}
		}
		out = Questionnaire{CampaignID: campaign.ID, Version: d.Version, Title: d.Title, Official: d.Official,
			CollectsDaysToFirstActivity: d.CaseFields.DaysToFirstActivity, CollectsOutcome: d.CaseFields.Outcome, CollectsMonths: d.CaseFields.Months}
		if p.DescendsFrom != nil {
			out.DescendsFrom = &p.DescendsFrom.ID
		}
		// bun leaves false booleans with a default out of the insert; name every column.
		if _, err := tx.NewInsert().Model(&out).Value("collects_outcome", "?", out.CollectsOutcome).Value("collects_months", "?", out.CollectsMonths).Exec(ctx); err != nil {
			return err
		}
		prevIDs := map[string]int64{}
		if p.DescendsFrom != nil {
			var prevQs []Question
			if err := tx.NewSelect().Model(&prevQs).Where("q.questionnaire_id = ?", p.DescendsFrom.ID).Scan(ctx); err != nil {
				return err
			}
			for _, q := range prevQs {
				prevIDs[q.Code] = q.ID
			}
		}
		pos := 0
		for si, sec := range d.Sections {
			srow := &Section{QuestionnaireID: out.ID, Position: si + 1, Code: sec.Code, Title: sec.Title}
			if _, err := tx.NewInsert().Model(srow).Exec(ctx); err != nil {
				return err
			}
			for _, q := range sec.Questions {
				pos++
				row := &Question{QuestionnaireID: out.ID, SectionID: srow.ID, Position: pos, Code: q.Code, Text: q.Text,
					GuidanceText: deref(q.Guidance), LegalBasisText: q.LegalBasis, Options: q.Options,
					NotPossibleGuidanceText: deref(q.NotPossibleGuidance), CommentAllowed: q.Comment, Required: q.Required}
				if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
					return fmt.Errorf("question %s: %w", q.Code, err)
				}
				if q.Lineage == nil || q.Lineage.Kind == questionnaire.New {
					continue
				}
				for _, code := range q.Lineage.Previous {
					if _, err := tx.NewInsert().Model(&Lineage{QuestionID: row.ID, PredecessorID: prevIDs[code],
						Comparability: domain.Comparability(q.Lineage.Kind)}).Exec(ctx); err != nil {
						return err
					}
				}
			}
		}
		position := 0
		for _, set := range []struct {
			kind domain.ReflectionKind
			qs   []questionnaire.FreeText
		}{{ReflectionKindReflection, d.ReflectionQuestions}, {ReflectionKindFeedback, d.FeedbackQuestions}} {
			for _, r := range set.qs {
				position++
				if _, err := tx.NewInsert().Model(&ReflectionQuestion{QuestionnaireID: out.ID, Position: position, Code: r.Code,
					Kind: set.kind, Text: r.Text, GuidanceText: deref(r.Guidance)}).Exec(ctx); err != nil {
					return err
				}
			}
		}
		return audit(ctx, tx, Change{Action: "questionnaire.import", ObjectType: "questionnaire", ObjectID: out.ID, Old: old, New: d})
	})
	if err != nil {
		return nil, p, err
	}
	return &out, p, nil
}

func deref(t *domain.Text) domain.Text {
	if t == nil {
		return domain.Text{}
	}
	return *t
}

// invalidFile is BAD_USER_INPUT on the file, with every problem.
func invalidFile(problems []questionnaire.Problem) error {
	n := len(problems)
	e := domain.ErrBadInput("definition", fmt.Sprintf("Filen har %d feil. Forhåndsvis den for å se alle.", n),
		fmt.Sprintf("Fila har %d feil. Førehandsvis henne for å sjå alle.", n),
		fmt.Sprintf("The file has %d problem(s). Preview it to see them all.", n))
	e.Extra = map[string]any{"problems": problems}
	return e
}

// PublishQuestionnaire publishes a draft version: from now on it never changes, and rounds can use it.
func (s *Store) PublishQuestionnaire(ctx context.Context, id int64) (*Questionnaire, error) {
	c := auth.From(ctx)
	if err := c.Can(auth.ActManage, auth.Target{}); err != nil {
		return nil, err
	}
	var q Questionnaire
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := tx.NewSelect().Model(&q).Where("qn.id = ?", id).For("UPDATE").Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounQuestionnaire, id)
		}
		if q.Published() {
			return domain.ErrBadInput("id", fmt.Sprintf("Versjon %d er allerede publisert.", q.Version),
				fmt.Sprintf("Versjon %d er alt publisert.", q.Version), fmt.Sprintf("Version %d is already published.", q.Version))
		}
		now := time.Now()
		q.PublishedAt, q.PublishedBy = &now, nz(c.UserID)
		if _, err := tx.NewUpdate().Model(&q).Column("published_at", "published_by").WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "questionnaire.publish", ObjectType: "questionnaire", ObjectID: q.ID,
			New: map[string]any{"version": q.Version, "publishedAt": now}})
	})
	if err != nil {
		return nil, fmt.Errorf("publish questionnaire %d: %w", id, err)
	}
	return &q, nil
}

// QuestionnaireByVersion finds a campaign's version by number ("" campaign: the only campaign, or
// the newest one).
func (s *Store) QuestionnaireByVersion(ctx context.Context, campaign string, version int) (*Questionnaire, error) {
	var q Questionnaire
	sel := s.DB.NewSelect().Model(&q).Join("JOIN campaigns AS cmp ON cmp.id = qn.campaign_id").Where("qn.version = ?", version).
		OrderExpr("cmp.id DESC").Limit(1)
	if campaign != "" {
		sel = sel.Where("cmp.code = ?", campaign)
	}
	if err := visibleQuestionnaires(ctx, sel).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounQuestionnaire, version)
	}
	return &q, nil
}
