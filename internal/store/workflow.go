package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// The service's workflow. Every change runs in one transaction that first locks the submission
// row of its (service, round): edits, submit and re-open of one form are serialised, so a submit
// never sees half of a colleague's save, and nothing is half-written when a request fails.

// inTx runs fn in a transaction.
func (s *Store) inTx(ctx context.Context, fn func(tx bun.Tx) error) error {
	return s.db.RunInTx(ctx, &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error { return fn(tx) })
}

// lockedForm is a locked submission with what the rules need about its round.
type lockedForm struct {
	sub      Submission
	round    Round
	quest    Questionnaire
	officeID int64
}

// lockForm checks that the caller may do act on the service's form, then locks the submission of
// (service, round), creating it in NOT_STARTED when missing.
func lockForm(ctx context.Context, tx bun.Tx, serviceID, roundID int64, act auth.Action) (*lockedForm, error) {
	f := &lockedForm{}
	var svc Service
	if err := tx.NewSelect().Model(&svc).Where("s.id = ?", serviceID).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounService, serviceID)
	}
	if err := auth.From(ctx).Can(act, auth.Target{ServiceID: svc.ID, OfficeID: svc.OfficeID}); err != nil {
		return nil, err
	}
	f.officeID = svc.OfficeID
	if err := tx.NewSelect().Model(&f.round).Where("r.id = ?", roundID).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounRound, roundID)
	}
	if _, err := tx.NewInsert().Model(&Submission{ServiceID: serviceID, RoundID: roundID, Status: domain.StatusNotStarted,
		Reflections: []ReflectionAnswer{}, Feedback: []ReflectionAnswer{}, ImprovementPlan: Plan{Goals: []Goal{}}, Version: 1}).
		On("CONFLICT (service_id, round_id) DO NOTHING").Exec(ctx); err != nil {
		return nil, fmt.Errorf("create submission: %w", err)
	}
	if err := tx.NewSelect().Model(&f.sub).Where("sub.service_id = ? AND sub.round_id = ?", serviceID, roundID).
		For("NO KEY UPDATE").Scan(ctx); err != nil {
		return nil, fmt.Errorf("lock submission: %w", err)
	}
	if err := tx.NewSelect().Model(&f.quest).Where("qn.id = ?", f.round.QuestionnaireID).Scan(ctx); err != nil {
		return nil, fmt.Errorf("load questionnaire: %w", err)
	}
	return f, nil
}

// lockFormByID locks an existing submission.
func lockFormByID(ctx context.Context, tx bun.Tx, submissionID int64, act auth.Action) (*lockedForm, error) {
	var sub Submission
	if err := tx.NewSelect().Model(&sub).Where("sub.id = ?", submissionID).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounSubmission, submissionID)
	}
	f, err := lockForm(ctx, tx, sub.ServiceID, sub.RoundID, act)
	if domain.IsCode(err, domain.CodeNotFound) {
		return nil, domain.ErrNotFound(domain.NounSubmission, submissionID)
	}
	return f, err
}

// apply moves the form through the lifecycle and publishes the change, in the transaction.
func (f *lockedForm) apply(ctx context.Context, tx bun.Tx, ev domain.Event, now time.Time) error {
	to, err := domain.Transition(f.sub.Status, ev)
	if err != nil {
		return err
	}
	from := f.sub.Status
	f.sub.Status = to
	f.sub.UpdatedAt = now
	cols := []string{"status", "updated_at"}
	if from == domain.StatusNotStarted {
		f.sub.StartedAt = now
		cols = append(cols, "started_at")
	}
	switch ev {
	case domain.EventSubmit:
		f.sub.SubmittedAt = &now
		cols = append(cols, "submitted_at")
	case domain.EventReturn:
		f.sub.ReturnedAt = &now
		cols = append(cols, "returned_at")
	}
	if from != to {
		f.sub.Version++
		cols = append(cols, "version")
	}
	if _, err := tx.NewUpdate().Model(&f.sub).Column(cols...).WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("update submission %d: %w", f.sub.ID, err)
	}
	if from == to {
		return nil
	}
	if err := f.audit(ctx, tx, "submission.status", "submission", f.sub.ID, map[string]any{"status": from}, map[string]any{"status": to}); err != nil {
		return err
	}
	return recordStatus(ctx, tx, StatusEvent{SubmissionID: f.sub.ID, ServiceID: f.sub.ServiceID, RoundID: f.sub.RoundID,
		OfficeID: f.officeID, Previous: from, Status: to, At: now})
}

// audit records a change to an object of this form, in its transaction.
func (f *lockedForm) audit(ctx context.Context, tx bun.Tx, action, objectType string, id int64, old, new any) error {
	return audit(ctx, tx, Change{Action: action, ObjectType: objectType, ObjectID: id, ServiceID: f.sub.ServiceID,
		OfficeID: f.officeID, Old: old, New: new})
}

// caseNotFound reports a case outside the caller's reach as a missing case.
func caseNotFound(err error, caseID int64) error {
	if domain.IsCode(err, domain.CodeNotFound) {
		return domain.ErrNotFound(domain.NounCase, caseID)
	}
	return err
}

func checkVersion(expected *int, current int, noun domain.Noun) error {
	if expected != nil && *expected != current {
		return domain.ErrVersionConflict(noun, current)
	}
	return nil
}

func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// nullJSON is b as a statement argument, NULL when empty.
func nullJSON(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}
