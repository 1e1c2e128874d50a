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

// Submitting a form, re-opening it, and the county office's mark that it has gone through the last
// revision.

// Submit sends the form to the county governor: it refuses while required answers are missing,
// flags a late submission, and stores the whole form as a new revision.
func (s *Store) Submit(ctx context.Context, submissionID int64, expectedVersion *int) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockFormByID(ctx, tx, submissionID, auth.ActSubmitForm)
		if err != nil {
			return err
		}
		if err := checkVersion(expectedVersion, f.sub.Version, domain.NounSubmission); err != nil {
			return err
		}
		if _, err := domain.Transition(f.sub.Status, domain.EventSubmit); err != nil {
			return err
		}
		if f.sub.EntryMode == domain.EntryTotals {
			questions, err := questionsOf(ctx, tx, f.quest.ID)
			if err != nil {
				return err
			}
			if problems := CheckTotals(questions, f.quest.CollectsDaysToFirstActivity, *f.sub.Totals, true, nil); len(problems) > 0 {
				e := domain.ErrProblems(problems)
				e.Code = domain.CodeRequiredMissing
				return e
			}
			if missing := domain.MissingInForm(f.sub.Assessment); len(missing) > 0 {
				return domain.ErrRequiredMissing(missing)
			}
		} else {
			missing, err := missingParts(ctx, tx, f)
			if err != nil {
				return err
			}
			if len(missing) > 0 {
				return domain.ErrRequiredMissing(missing)
			}
		}
		t := now()
		deadline, err := effectiveDeadline(ctx, tx, f.sub.ServiceID, f.round)
		if err != nil {
			return err
		}
		f.sub.Late = domain.IsLate(t, deadline)
		f.sub.Revision++
		if err := f.apply(ctx, tx, domain.EventSubmit, t); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(&f.sub).Column("late", "revision").WherePK().Exec(ctx); err != nil {
			return err
		}
		rev, err := StoreRevision(ctx, tx, &f.sub, t)
		if err != nil {
			return err
		}
		sub = f.sub
		return f.audit(ctx, tx, "submission.submit", "submission", f.sub.ID, nil,
			map[string]any{"revision": rev.Revision, "late": rev.Late, "caseCount": rev.Snapshot.Summary.CaseCount})
	})
	if err != nil {
		return nil, fmt.Errorf("submit submission %d: %w", submissionID, err)
	}
	return &sub, nil
}

// Transition applies a status event that changes nothing else (the leader's re-open).
func (s *Store) Transition(ctx context.Context, submissionID int64, expectedVersion *int, ev domain.Event) (*Submission, error) {
	if ev != domain.EventReopen {
		return nil, fmt.Errorf("%s is not a transition of its own", ev)
	}
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockFormByID(ctx, tx, submissionID, auth.ActSubmitForm)
		if err != nil {
			return err
		}
		if err := checkVersion(expectedVersion, f.sub.Version, domain.NounSubmission); err != nil {
			return err
		}
		if err := f.apply(ctx, tx, ev, now()); err != nil {
			return err
		}
		sub = f.sub
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s submission %d: %w", strings.ToLower(string(ev)), submissionID, err)
	}
	return s.asSeen(ctx, &sub)
}

// MarkReviewed sets (reviewed true) or clears the county office's mark that it has gone through
// the last submitted revision of a form ("gjennomgått"). The mark is not an approval: it locks
// nothing, changes neither status nor version (so the service's open screens stay valid), and the
// service keeps every right to change and resubmit (the guide, § 1.2). Only the office's advisors
// set it, on a form submitted at least once. Setting it again moves it to the latest revision.
func (s *Store) MarkReviewed(ctx context.Context, submissionID int64, reviewed bool) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockFormByID(ctx, tx, submissionID, auth.ActFollowUp)
		if err != nil {
			return err
		}
		type mark struct {
			At       *time.Time `json:"at"`
			By       *string    `json:"by"`
			Revision *int       `json:"revision"`
		}
		old := mark{f.sub.ReviewedAt, f.sub.ReviewedByName, f.sub.ReviewedRevision}
		if reviewed {
			if f.sub.Revision == 0 {
				return domain.ErrNothingToReview()
			}
			c := auth.From(ctx)
			name := c.Name
			t, rev := now(), f.sub.Revision
			f.sub.ReviewedAt, f.sub.ReviewedBy, f.sub.ReviewedByName, f.sub.ReviewedRevision = &t, nz(c.UserID), &name, &rev
		} else {
			f.sub.ReviewedAt, f.sub.ReviewedBy, f.sub.ReviewedByName, f.sub.ReviewedRevision = nil, nil, nil, nil
		}
		if _, err := tx.NewUpdate().Model(&f.sub).Column("reviewed_at", "reviewed_by", "reviewed_by_name", "reviewed_revision").
			WherePK().Exec(ctx); err != nil {
			return err
		}
		sub = f.sub
		action := "submission.reviewed"
		if !reviewed {
			action = "submission.review_cleared"
		}
		return f.audit(ctx, tx, action, "submission", f.sub.ID, old, mark{f.sub.ReviewedAt, f.sub.ReviewedByName, f.sub.ReviewedRevision})
	})
	if err != nil {
		return nil, fmt.Errorf("mark submission %d as reviewed: %w", submissionID, err)
	}
	return s.asSeen(ctx, &sub)
}
