package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// ReturnReason says why a submitted form was returned, for the whole form or one question.
type ReturnReason struct {
	bun.BaseModel `bun:"table:return_reasons,alias:rr"`
	ID            int64     `bun:",pk,autoincrement" json:"id"`
	SubmissionID  int64     `bun:",notnull" json:"submissionId"`
	Revision      int       `bun:",notnull" json:"revision"`
	QuestionID    *int64    `json:"questionId"`
	Reason        string    `bun:",notnull" json:"reason"`
	CreatedBy     *int64    `json:"createdBy"`
	CreatedAt     time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"createdAt"`
}

// QuestionReason is a return reason for one question.
type QuestionReason struct {
	QuestionID int64
	Reason     string
}

// ReturnInput is what must be corrected in a returned form: for the whole form, per question, or both.
type ReturnInput struct {
	Reason      string
	PerQuestion []QuestionReason
}

// Validate trims the reasons and requires at least one, and a text for every question named,
// before the transaction. That each question belongs to the round needs the form, so the store
// checks it in the transaction.
func (in *ReturnInput) Validate() error {
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" && len(in.PerQuestion) == 0 {
		return domain.ErrCorrectionMissing("reason")
	}
	qs := make([]QuestionReason, len(in.PerQuestion))
	for i, q := range in.PerQuestion {
		q.Reason = strings.TrimSpace(q.Reason)
		if q.Reason == "" {
			return domain.ErrCorrectionMissing(fmt.Sprintf("questionReasons[%d].reason", i))
		}
		qs[i] = q
	}
	in.PerQuestion = qs
	return nil
}

// ReturnSubmission sends a submitted form back to the service for correction, with reasons.
func (s *Store) ReturnSubmission(ctx context.Context, submissionID int64, expectedVersion *int, reason string, perQuestion []QuestionReason) (*Submission, error) {
	in := ReturnInput{Reason: reason, PerQuestion: perQuestion}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("return submission %d: %w", submissionID, err)
	}
	reason, perQuestion = in.Reason, in.PerQuestion
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockFormByID(ctx, tx, submissionID, auth.ActFollowUp)
		if err != nil {
			return err
		}
		if err := checkVersion(expectedVersion, f.sub.Version, domain.NounSubmission); err != nil {
			return err
		}
		var qids []int64
		if err := tx.NewSelect().TableExpr("questions").Column("id").Where("questionnaire_id = ?", f.quest.ID).Scan(ctx, &qids); err != nil {
			return err
		}
		known := map[int64]bool{}
		for _, id := range qids {
			known[id] = true
		}
		c := auth.From(ctx)
		rows, fields := []ReturnReason{}, []string{}
		if reason != "" {
			rows = append(rows, ReturnReason{SubmissionID: f.sub.ID, Revision: f.sub.Revision, Reason: reason, CreatedBy: nz(c.UserID)})
			fields = append(fields, "reason")
		}
		for i, q := range perQuestion {
			if !known[q.QuestionID] {
				return domain.ErrQuestionNotInRound(fmt.Sprintf("questionReasons[%d].questionId", i))
			}
			qid := q.QuestionID
			rows = append(rows, ReturnReason{SubmissionID: f.sub.ID, Revision: f.sub.Revision, QuestionID: &qid, Reason: q.Reason, CreatedBy: nz(c.UserID)})
			fields = append(fields, fmt.Sprintf("questionReasons[%d].reason", i))
		}
		ts := domain.NewTextScreen(ctx)
		for i, r := range rows {
			if err := ts.Check(fields[i], r.Reason, domain.MaxShortTextLen); err != nil {
				return err
			}
		}
		if err := ts.Err(); err != nil {
			return err
		}
		if err := f.apply(ctx, tx, domain.EventReturn, now()); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return err
		}
		sub = f.sub
		return f.audit(ctx, tx, "submission.return", "submission", f.sub.ID, nil, rows)
	})
	if err != nil {
		return nil, fmt.Errorf("return submission %d: %w", submissionID, err)
	}
	return s.asSeen(ctx, &sub)
}

// ReturnReasons lists the reasons of the latest return of many submissions.
func (s *Store) ReturnReasons(ctx context.Context, scope Scope, submissionIDs []int64) (map[int64][]ReturnReason, error) {
	var rows []ReturnReason
	out := map[int64][]ReturnReason{}
	if len(submissionIDs) == 0 {
		return out, nil
	}
	err := applyScope(s.db.NewSelect().Model(&rows).
		Join("JOIN submissions AS sub ON sub.id = rr.submission_id").
		Join("JOIN services AS s ON s.id = sub.service_id").
		Where("rr.submission_id IN (?)", bun.List(submissionIDs)), scope).
		Where("rr.revision = (SELECT max(revision) FROM return_reasons AS x WHERE x.submission_id = rr.submission_id)").
		OrderExpr("rr.submission_id, rr.question_id NULLS FIRST, rr.id").Scan(ctx)
	for _, r := range rows {
		out[r.SubmissionID] = append(out[r.SubmissionID], r)
	}
	return out, err
}
