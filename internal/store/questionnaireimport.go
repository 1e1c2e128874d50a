package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/questionnaire"
)

// Previewing and importing a questionnaire file as a draft version.

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
	return s.preview(ctx, s.db, data)
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
			early = append(early, questionnaire.Problem{Path: "campaign", Message: domain.TextUnknownCampaign(d.Campaign)})
		}
	case err != nil:
		return nil, err
	default:
		var same Questionnaire
		err := db.NewSelect().Model(&same).Where("qn.campaign_id = ? AND qn.version = ?", campaign.ID, d.Version).Scan(ctx)
		switch {
		case err == nil && same.Published():
			early = append(early, questionnaire.Problem{Path: "version", Message: domain.TextVersionPublished(d.Version)})
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
				early = append(early, questionnaire.Problem{Path: "descendsFrom", Message: domain.TextDescendsFromDraft(prev.Version)})
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
// Extra["problems"]; a file that cannot be read at all is refused before any transaction.
func (s *Store) ImportQuestionnaire(ctx context.Context, data []byte) (*Questionnaire, *QuestionnairePreview, error) {
	if err := auth.From(ctx).Can(auth.ActManage, auth.Target{}); err != nil {
		return nil, nil, err
	}
	if d, problems := questionnaire.ParseBytes(data); d == nil {
		return nil, &QuestionnairePreview{Problems: problems, Changes: []questionnaire.Change{}}, invalidFile(problems)
	}
	var out *Questionnaire
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
		var old any
		if p.ReplacesDraft != nil {
			if old, err = s.definition(ctx, tx, p.ReplacesDraft.ID); err != nil {
				return err
			}
			if _, err := tx.NewDelete().Model((*Questionnaire)(nil)).Where("id = ? AND published_at IS NULL", p.ReplacesDraft.ID).Exec(ctx); err != nil {
				return fmt.Errorf("replace draft: %w", err)
			}
		}
		if out, err = insertVersion(ctx, tx, p); err != nil {
			return err
		}
		if err := insertQuestions(ctx, tx, out.ID, p); err != nil {
			return err
		}
		if err := insertFreeText(ctx, tx, out.ID, p.Definition); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "questionnaire.import", ObjectType: "questionnaire", ObjectID: out.ID, Old: old, New: p.Definition})
	})
	if err != nil {
		return nil, p, err
	}
	return out, p, nil
}

// insertVersion stores the version row of a previewed file.
func insertVersion(ctx context.Context, tx bun.Tx, p *QuestionnairePreview) (*Questionnaire, error) {
	d := p.Definition
	var campaign Campaign
	if err := tx.NewSelect().Model(&campaign).Where("cmp.code = ?", d.Campaign).Scan(ctx); err != nil {
		return nil, err
	}
	out := &Questionnaire{CampaignID: campaign.ID, Version: d.Version, Title: d.Title, Official: d.Official,
		CollectsDaysToFirstActivity: d.CaseFields.DaysToFirstActivity, CollectsOutcome: d.CaseFields.Outcome, CollectsMonths: d.CaseFields.Months}
	if p.DescendsFrom != nil {
		out.DescendsFrom = &p.DescendsFrom.ID
	}
	// bun leaves false booleans with a default out of the insert; name every column.
	if _, err := tx.NewInsert().Model(out).Value("collects_outcome", "?", out.CollectsOutcome).Value("collects_months", "?", out.CollectsMonths).Exec(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// insertQuestions stores the sections and questions of a previewed file in version id, in order,
// each question with its lineage to the questions of the version it descends from.
func insertQuestions(ctx context.Context, tx bun.Tx, id int64, p *QuestionnairePreview) error {
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
	for si, sec := range p.Definition.Sections {
		srow := &Section{QuestionnaireID: id, Position: si + 1, Code: sec.Code, Title: sec.Title}
		if _, err := tx.NewInsert().Model(srow).Exec(ctx); err != nil {
			return err
		}
		for _, q := range sec.Questions {
			pos++
			row := &Question{QuestionnaireID: id, SectionID: srow.ID, Position: pos, Code: q.Code, Text: q.Text,
				GuidanceText: deref(q.Guidance), LegalBasisText: q.LegalBasis, Options: q.Options,
				NotPossibleGuidanceText: deref(q.NotPossibleGuidance), CommentAllowed: q.Comment, Required: q.Required}
			if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
				return fmt.Errorf("question %s: %w", q.Code, err)
			}
			if q.Lineage == nil || q.Lineage.Kind == domain.LineageNew {
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
	return nil
}

// insertFreeText stores the reflection questions and then the feedback questions of d in version id.
func insertFreeText(ctx context.Context, tx bun.Tx, id int64, d *questionnaire.Definition) error {
	position := 0
	for _, set := range []struct {
		kind domain.ReflectionKind
		qs   []questionnaire.FreeText
	}{{domain.ReflectionKindReflection, d.ReflectionQuestions}, {domain.ReflectionKindFeedback, d.FeedbackQuestions}} {
		for _, r := range set.qs {
			position++
			if _, err := tx.NewInsert().Model(&ReflectionQuestion{QuestionnaireID: id, Position: position, Code: r.Code,
				Kind: set.kind, Text: r.Text, GuidanceText: deref(r.Guidance)}).Exec(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func deref(t *domain.Text) domain.Text {
	if t == nil {
		return domain.Text{}
	}
	return *t
}

// invalidFile is BAD_USER_INPUT on the file, with every problem.
func invalidFile(problems []questionnaire.Problem) error {
	e := domain.ErrInvalidQuestionnaireFile(len(problems))
	e.Extra = map[string]any{"problems": problems}
	return e
}
