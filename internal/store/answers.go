package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Saving one answer: the hot path of the service's work, kept apart so that its statement count and
// latency can be read (and measured) on its own.

// AnswerInput is one answer to save.
type AnswerInput struct {
	CaseID          int64
	QuestionID      int64
	Option          *domain.Option
	Comment         *string
	ExpectedVersion *int
}

// SaveAnswer creates or replaces the answer to one question for one case.
//
// The usual save (an answer to a form already in progress, within the caller's reach, valid,
// without a new personal-data warning, at the version the caller saw) takes two statements: one
// read of everything the rules need, then one statement that writes the answer, touches the form
// and audits the change, each part guarded so that it writes only if the form still has the
// status that was read and the answer still the version that was read (saveAnswerFast). Anything
// else — the first edit of a form (which moves it to IN_PROGRESS and records the status event),
// any refusal, a concurrent change between the two statements — takes the full path in one
// transaction that locks the form (saveAnswerLocked), with the same errors as always.
func (s *Store) SaveAnswer(ctx context.Context, in AnswerInput) (*Answer, error) {
	if a, ok, err := s.saveAnswerFast(ctx, in); err != nil || ok {
		if err != nil {
			return nil, fmt.Errorf("save answer to question %d of case %d: %w", in.QuestionID, in.CaseID, err)
		}
		return a, nil
	}
	return s.saveAnswerLocked(ctx, in)
}

// saveRead is what the usual save reads in its first statement: the case's service and round, the
// question, the form's status and the current answer.
type saveRead struct {
	ServiceID      int64           `bun:"service_id"`
	OfficeID       int64           `bun:"office_id"`
	RoundQuest     int64           `bun:"round_questionnaire_id"`
	QuestionQuest  *int64          `bun:"question_questionnaire_id"`
	Code           string          `bun:"code"`
	Options        []domain.Option `bun:"options,array"`
	CommentAllowed bool            `bun:"comment_allowed"`
	SubID          *int64          `bun:"sub_id"`
	Status         *domain.Status  `bun:"status"`
	AnswerID       *int64          `bun:"answer_id"`
	Option         *domain.Option  `bun:"answer_option"`
	Comment        *string         `bun:"answer_comment"`
	Version        *int            `bun:"answer_version"`
	CreatedAt      *time.Time      `bun:"answer_created_at"`
	UpdatedAt      *time.Time      `bun:"answer_updated_at"`
}

// The usual save's two statements, prepared once per connection (prepared.go): planning them
// cost several times running them.
const (
	saveReadSQL = `SELECT c.service_id, s.office_id, r.questionnaire_id AS round_questionnaire_id,
		q.questionnaire_id AS question_questionnaire_id, q.code, q.options, q.comment_allowed,
		sub.id AS sub_id, sub.status, a.id AS answer_id, a.option AS answer_option, a.comment AS answer_comment,
		a.version AS answer_version, a.created_at AS answer_created_at, a.updated_at AS answer_updated_at
		FROM cases AS c
		JOIN services AS s ON s.id = c.service_id
		JOIN rounds AS r ON r.id = c.round_id
		LEFT JOIN questions AS q ON q.id = $2
		LEFT JOIN submissions AS sub ON sub.service_id = c.service_id AND sub.round_id = c.round_id
		LEFT JOIN answers AS a ON a.case_id = c.id AND a.question_id = $2
		WHERE c.id = $1`

	// $1 the form, $2 its status as read; $3 option, $4 comment, $5 the time; $6, $7 the answer's
	// id and version as read (an update) or its case and question (an insert); $8 to $16 the audit
	// entry's actor, organisation, service, office, old and new value.
	saveWriteHead = `WITH g AS (
			SELECT id FROM submissions WHERE id = $1::bigint AND status = $2::text FOR NO KEY UPDATE),
		w AS (`
	saveWriteUpdate = `UPDATE answers SET option = $3::text, comment = $4::text, version = version + 1, updated_at = $5::timestamptz
			WHERE id = $6::bigint AND version = $7::int AND EXISTS (SELECT 1 FROM g) RETURNING id`
	saveWriteInsert = `INSERT INTO answers (case_id, question_id, option, comment, version, created_at, updated_at)
			SELECT $6::bigint, $7::bigint, $3::text, $4::text, 1, $5::timestamptz, $5::timestamptz FROM g
			ON CONFLICT (case_id, question_id) DO NOTHING RETURNING id`
	saveWriteTail = `),
		f AS (UPDATE submissions SET updated_at = $5::timestamptz WHERE id IN (SELECT id FROM g) AND EXISTS (SELECT 1 FROM w) RETURNING id),
		al AS (INSERT INTO audit_log (actor_kind, actor_user_id, actor_token_id, actor_name, organisation, action,
				object_type, object_id, service_id, office_id, old_value, new_value)
			SELECT $8::text, $9::bigint, $10::bigint, $11::text, $12::text, 'answer.save', 'answer', w.id, $13::bigint, $14::bigint,
				$15::jsonb, jsonb_set($16::jsonb, '{id}', to_jsonb(w.id))
			FROM w)
		SELECT id FROM w`
	saveWriteUpdateSQL = saveWriteHead + saveWriteUpdate + saveWriteTail
	saveWriteInsertSQL = saveWriteHead + saveWriteInsert + saveWriteTail
)

// saveAnswerFast is SaveAnswer in two statements, or ok false when the full path must decide.
func (s *Store) saveAnswerFast(ctx context.Context, in AnswerInput) (*Answer, bool, error) {
	var r saveRead
	if err := s.scanPrepared(ctx, saveReadSQL, []any{in.CaseID, in.QuestionID}, &r); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, false, nil
		}
		return nil, false, err
	}
	comment := in.Comment
	if comment != nil && strings.TrimSpace(*comment) == "" {
		comment = nil
	}
	if !r.usual(ctx, in, comment) {
		return nil, false, nil
	}
	a, ok, err := s.writeAnswerFast(ctx, in, &r, comment)
	if err != nil || !ok {
		return nil, false, err
	}
	return a, true, nil
}

// usual reports whether the save may take the fast path: the question is the round's, the form
// exists, the caller may edit it, the edit does not move it, the answer passes its rules without
// a new personal-data warning, and the caller saw the current version. Anything else goes to the
// full path, which gives the error.
func (r *saveRead) usual(ctx context.Context, in AnswerInput, comment *string) bool {
	if r.QuestionQuest == nil || *r.QuestionQuest != r.RoundQuest || r.SubID == nil || r.Status == nil {
		return false
	}
	if auth.From(ctx).Can(auth.ActEditForm, auth.Target{ServiceID: r.ServiceID, OfficeID: r.OfficeID}) != nil {
		return false
	}
	if to, err := domain.Transition(*r.Status, domain.EventEdit); err != nil || to != *r.Status {
		return false // a refusal, or a move the status events must record
	}
	ts := domain.NewTextScreen(ctx)
	if domain.CheckAnswer(domain.QuestionRules{Code: r.Code, Options: r.Options, CommentAllowed: r.CommentAllowed}, in.Option, comment, ts) != nil {
		return false
	}
	if r.Comment != nil {
		ts.Stored("comment", *r.Comment)
	}
	return ts.Err() == nil && (in.ExpectedVersion == nil || *in.ExpectedVersion == r.current())
}

// current is the version of the answer as read (0: none yet).
func (r *saveRead) current() int {
	if r.Version == nil {
		return 0
	}
	return *r.Version
}

// writeAnswerFast writes the answer, touches the form and audits the change in one statement,
// guarded by the form's status and the answer's version as read; ok false when either changed.
func (s *Store) writeAnswerFast(ctx context.Context, in AnswerInput, r *saveRead, comment *string) (*Answer, bool, error) {
	t := now()
	current := r.current()
	a := Answer{CaseID: in.CaseID, QuestionID: in.QuestionID, Option: in.Option, Comment: comment, Version: current + 1, CreatedAt: t, UpdatedAt: t}
	query, key1, key2 := saveWriteInsertSQL, in.CaseID, int64(in.QuestionID)
	var oldJSON []byte
	if r.AnswerID != nil {
		a.ID, a.CreatedAt = *r.AnswerID, *r.CreatedAt
		old := Answer{ID: a.ID, CaseID: in.CaseID, QuestionID: in.QuestionID, Option: r.Option, Comment: r.Comment,
			Version: current, CreatedAt: *r.CreatedAt, UpdatedAt: *r.UpdatedAt}
		var err error
		if oldJSON, err = json.Marshal(old); err != nil {
			return nil, false, err
		}
		query, key1, key2 = saveWriteUpdateSQL, a.ID, int64(current)
	}
	newJSON, err := json.Marshal(a)
	if err != nil {
		return nil, false, err
	}
	c := auth.From(ctx)
	actorName := c.Name
	if actorName == "" {
		actorName = string(c.Kind)
	}
	rows, err := s.queryPrepared(ctx, query, *r.SubID, string(*r.Status), a.Option, a.Comment, t, key1, key2,
		string(c.Kind), nz(c.UserID), nz(c.TokenID), actorName, c.Organisation(), nz(r.ServiceID), nz(r.OfficeID),
		nullJSON(oldJSON), string(newJSON))
	if err != nil {
		return nil, false, err
	}
	defer func() { _ = rows.Close() }()
	n := 0
	for rows.Next() {
		if err := rows.Scan(&a.ID); err != nil {
			return nil, false, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	return &a, n == 1, nil // n 0: changed since the read, the full path decides
}

// saveAnswerLocked is SaveAnswer in one transaction that locks the form.
func (s *Store) saveAnswerLocked(ctx context.Context, in AnswerInput) (*Answer, error) {
	var a Answer
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var c Case
		if err := tx.NewSelect().Model(&c).Where("c.id = ?", in.CaseID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounCase, in.CaseID)
		}
		var q Question
		if err := tx.NewSelect().Model(&q).Where("q.id = ?", in.QuestionID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounQuestion, in.QuestionID)
		}
		f, err := lockForm(ctx, tx, c.ServiceID, c.RoundID, auth.ActEditForm)
		if err != nil {
			return caseNotFound(err, c.ID)
		}
		if q.QuestionnaireID != f.round.QuestionnaireID {
			return domain.ErrQuestionNotInQuestionnaire(q.Code)
		}
		comment := in.Comment
		if comment != nil && strings.TrimSpace(*comment) == "" {
			comment = nil
		}
		ts := domain.NewTextScreen(ctx)
		if err := domain.CheckAnswer(q.Rules(), in.Option, comment, ts); err != nil {
			return err
		}
		err = tx.NewSelect().Model(&a).Where("a.case_id = ? AND a.question_id = ?", in.CaseID, in.QuestionID).For("UPDATE").Scan(ctx)
		exists := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if exists && a.Comment != nil {
			ts.Stored("comment", *a.Comment)
		}
		if err := ts.Err(); err != nil {
			return err
		}
		current := 0
		if exists {
			current = a.Version
		}
		if err := checkVersion(in.ExpectedVersion, current, domain.NounAnswer); err != nil {
			return err
		}
		t := now()
		if err := f.apply(ctx, tx, domain.EventEdit, t); err != nil {
			return err
		}
		if !exists {
			a = Answer{CaseID: in.CaseID, QuestionID: in.QuestionID, Option: in.Option, Comment: comment, Version: 1, CreatedAt: t, UpdatedAt: t}
			if _, err := tx.NewInsert().Model(&a).Exec(ctx); err != nil {
				return err
			}
			return f.audit(ctx, tx, "answer.save", "answer", a.ID, nil, a)
		}
		old := a
		a.Option, a.Comment, a.Version, a.UpdatedAt = in.Option, comment, a.Version+1, t
		if _, err := tx.NewUpdate().Model(&a).Column("option", "comment", "version", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		return f.audit(ctx, tx, "answer.save", "answer", a.ID, old, a)
	})
	if err != nil {
		return nil, fmt.Errorf("save answer to question %d of case %d: %w", in.QuestionID, in.CaseID, err)
	}
	return &a, nil
}
