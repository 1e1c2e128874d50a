package store

import (
	"context"
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
	return s.definition(ctx, s.db, id)
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
	lineage, err := lineageOf(ctx, db, &qn, d)
	if err != nil {
		return nil, err
	}
	defineSections(d, sections, questions, lineage)
	defineFreeText(d, free)
	return d, nil
}

// lineageOf reads how the questions of qn continue those of the version it descends from, as codes
// of that version, and names in d that version and its questions no question continues.
func lineageOf(ctx context.Context, db bun.IDB, qn *Questionnaire, d *questionnaire.Definition) (map[int64]*questionnaire.Lineage, error) {
	lineage := map[int64]*questionnaire.Lineage{}
	if qn.DescendsFrom == nil {
		return lineage, nil
	}
	var prev Questionnaire
	if err := db.NewSelect().Model(&prev).Where("qn.id = ?", *qn.DescendsFrom).Scan(ctx); err != nil {
		return nil, err
	}
	d.DescendsFrom = &prev.Version
	var links []struct {
		QuestionID    int64
		Comparability domain.QuestionLineageKind
		Code          string
	}
	if err := db.NewSelect().TableExpr("question_lineage AS ql").Join("JOIN questions AS p ON p.id = ql.predecessor_id").
		Join("JOIN questions AS q ON q.id = ql.question_id").
		ColumnExpr("ql.question_id, ql.comparability, p.code").
		Where("q.questionnaire_id = ? AND p.questionnaire_id = ?", qn.ID, prev.ID).OrderExpr("q.position, p.position").Scan(ctx, &links); err != nil {
		return nil, err
	}
	var prevCodes []string
	if err := db.NewSelect().Table("questions").Column("code").Where("questionnaire_id = ?", prev.ID).OrderExpr("position").Scan(ctx, &prevCodes); err != nil {
		return nil, err
	}
	continued := map[string]bool{}
	for _, l := range links {
		if lineage[l.QuestionID] == nil {
			lineage[l.QuestionID] = &questionnaire.Lineage{Kind: l.Comparability, Previous: []string{}}
		}
		x := lineage[l.QuestionID]
		x.Previous = append(x.Previous, l.Code)
		if l.Comparability == domain.LineageMerged {
			x.Kind = domain.LineageMerged
		}
		continued[l.Code] = true
	}
	for _, code := range prevCodes {
		if !continued[code] {
			d.Removed = append(d.Removed, code)
		}
	}
	return lineage, nil
}

// defineSections puts the sections and their questions into d, each question with its lineage
// when d descends from a version (a question without one is new).
func defineSections(d *questionnaire.Definition, sections []Section, questions []Question, lineage map[int64]*questionnaire.Lineage) {
	bySection := map[int64][]questionnaire.Question{}
	for _, q := range questions {
		fq := questionnaire.Question{Code: q.Code, Text: q.Text, Guidance: q.Guidance(), LegalBasis: q.LegalBasisText,
			Options: q.Options, NotPossibleGuidance: q.NotPossibleGuidance(), Required: q.Required, Comment: q.CommentAllowed}
		if d.DescendsFrom != nil {
			fq.Lineage = lineage[q.ID]
			if fq.Lineage == nil {
				fq.Lineage = &questionnaire.Lineage{Kind: domain.LineageNew, Previous: []string{}}
			}
		}
		bySection[q.SectionID] = append(bySection[q.SectionID], fq)
	}
	for _, sec := range sections {
		d.Sections = append(d.Sections, questionnaire.Section{Code: sec.Code, Title: sec.Title, Questions: bySection[sec.ID]})
	}
}

// defineFreeText puts the reflection and feedback questions into d.
func defineFreeText(d *questionnaire.Definition, free []ReflectionQuestion) {
	d.ReflectionQuestions, d.FeedbackQuestions = []questionnaire.FreeText{}, []questionnaire.FreeText{}
	for _, r := range free {
		ft := questionnaire.FreeText{Code: r.Code, Text: r.Text, Guidance: r.Guidance()}
		if r.Kind == domain.ReflectionKindFeedback {
			d.FeedbackQuestions = append(d.FeedbackQuestions, ft)
		} else {
			d.ReflectionQuestions = append(d.ReflectionQuestions, ft)
		}
	}
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
			return domain.ErrAlreadyPublished(q.Version)
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
	sel := s.db.NewSelect().Model(&q).Join("JOIN campaigns AS cmp ON cmp.id = qn.campaign_id").Where("qn.version = ?", version).
		OrderExpr("cmp.id DESC").Limit(1)
	if campaign != "" {
		sel = sel.Where("cmp.code = ?", campaign)
	}
	if err := visibleQuestionnaires(ctx, sel).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounQuestionnaire, version)
	}
	return &q, nil
}
