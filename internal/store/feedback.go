package store

import (
	"context"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// FeedbackRow is one service's answers to the questions on the supervision itself (document 002,
// the last page of the Forms submission), as its last submitted revision holds them.
type FeedbackRow struct {
	OfficeID    int64              `bun:"office_id"`
	ServiceID   int64              `bun:"service_id"`
	ServiceName string             `bun:"service_name"`
	OfficeCode  string             `bun:"office_code"`
	Revision    int                `bun:"revision"`
	SubmittedAt time.Time          `bun:"submitted_at"`
	Answers     []ReflectionAnswer `bun:"answers,type:jsonb"`
}

// SupervisionFeedback lists, for Helsetilsynet, every service's last submitted answers on the
// supervision in a round (services that answered none are left out), by office and service name,
// optionally for one office. One statement.
func (s *Store) SupervisionFeedback(ctx context.Context, roundID, officeID int64) ([]FeedbackRow, error) {
	if !auth.From(ctx).ReadsSupervisionFeedback() {
		return nil, auth.ErrForbidden()
	}
	if err := roundExists(ctx, s.db, roundID); err != nil {
		return nil, err
	}
	out := []FeedbackRow{}
	q := s.db.NewSelect().
		TableExpr("(SELECT DISTINCT ON (rev.submission_id) rev.* FROM submission_revisions AS rev ORDER BY rev.submission_id, rev.revision DESC) AS rev").
		Join("JOIN submissions AS sub ON sub.id = rev.submission_id").
		Join("JOIN services AS s ON s.id = sub.service_id").
		Join("JOIN governor_offices AS o ON o.id = s.office_id").
		ColumnExpr("s.office_id, s.id AS service_id, s.name AS service_name, o.code AS office_code").
		ColumnExpr("rev.revision, rev.submitted_at, rev.snapshot->'feedback' AS answers").
		Where("sub.round_id = ?", roundID).
		Where("jsonb_typeof(rev.snapshot->'feedback') = 'array' AND jsonb_array_length(rev.snapshot->'feedback') > 0").
		OrderExpr("o.name_nb, s.name")
	if officeID != 0 {
		q = q.Where("s.office_id = ?", officeID)
	}
	if err := q.Scan(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// FeedbackQuestions returns the FEEDBACK questions of a round's questionnaire, in order.
func (s *Store) FeedbackQuestions(ctx context.Context, roundID int64) ([]ReflectionQuestion, error) {
	var out []ReflectionQuestion
	err := s.db.NewSelect().Model(&out).Join("JOIN rounds AS r ON r.questionnaire_id = rq.questionnaire_id").
		Where("r.id = ? AND rq.kind = ?", roundID, domain.ReflectionKindFeedback).OrderExpr("rq.position").Scan(ctx)
	return out, err
}

// OfficeNames returns every office's name by id (reference data, open to every signed-in caller).
func (s *Store) OfficeNames(ctx context.Context) (map[int64]domain.Text, error) {
	var offices []Office
	if err := s.db.NewSelect().Model(&offices).Scan(ctx); err != nil {
		return nil, err
	}
	out := make(map[int64]domain.Text, len(offices))
	for _, o := range offices {
		out[o.ID] = o.Name
	}
	return out, nil
}
