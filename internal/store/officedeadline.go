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

// OfficeDeadline is a county office's own deadline for all its services in a round (the guide,
// § 3: the office "kan tilpasse tidspunkt lokalt"), with its reason. A service's own extension
// still wins when it is later (effective_deadline).
type OfficeDeadline struct {
	bun.BaseModel `bun:"table:office_deadlines,alias:od"`
	OfficeID      int64       `bun:",pk"`
	RoundID       int64       `bun:",pk"`
	Deadline      domain.Date `bun:",type:date,notnull"`
	Reason        string      `bun:",notnull"`
	SetBy         *int64      `bun:",nullzero"`
	Version       int         `bun:",notnull"`
	UpdatedAt     time.Time   `bun:",nullzero,notnull,default:current_timestamp"`
}

// OfficeDeadlineOf returns an office's deadline in a round (nil when it has none), for the office's
// own people, its services and Helsetilsynet.
func (s *Store) OfficeDeadlineOf(ctx context.Context, scope Scope, officeID, roundID int64) (*OfficeDeadline, error) {
	if scope.None || (scope.OfficeID != 0 && scope.OfficeID != officeID) {
		return nil, nil
	}
	if scope.ServiceID != 0 {
		ok, err := s.db.NewSelect().Table("services").Where("id = ? AND office_id = ?", scope.ServiceID, officeID).Exists(ctx)
		if err != nil || !ok {
			return nil, err
		}
	}
	var d OfficeDeadline
	err := s.db.NewSelect().Model(&d).Where("od.office_id = ? AND od.round_id = ?", officeID, roundID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &d, err
}

// OfficeDeadlineInput is an office's own deadline in a round and its reason; a nil Deadline
// removes it.
type OfficeDeadlineInput struct {
	Deadline *domain.Date
	Reason   string
}

// Validate trims the reason and requires one when a deadline is set, before the transaction.
func (in *OfficeDeadlineInput) Validate() error {
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Deadline != nil && in.Reason == "" {
		return domain.ErrOfficeDeadlineReasonMissing()
	}
	return nil
}

// SetOfficeDeadline moves the deadline of all an office's services in a round, with a reason
// (county advisors; screened and audited). A nil date removes it (back to the round's). Submitted
// forms are judged late or not against the deadline that now applies.
func (s *Store) SetOfficeDeadline(ctx context.Context, officeID, roundID int64, deadline *domain.Date, reason string, expected *int) (*OfficeDeadline, error) {
	in := OfficeDeadlineInput{Deadline: deadline, Reason: reason}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("set office deadline: %w", err)
	}
	reason = in.Reason
	var out *OfficeDeadline
	err := s.inTx(ctx, func(tx bun.Tx) error {
		c := auth.From(ctx)
		if err := c.Can(auth.ActFollowUp, auth.Target{OfficeID: officeID}); err != nil {
			return err
		}
		var round Round
		if err := tx.NewSelect().Model(&round).Where("r.id = ?", roundID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounRound, roundID)
		}
		var cur OfficeDeadline
		err := tx.NewSelect().Model(&cur).Where("od.office_id = ? AND od.round_id = ?", officeID, roundID).For("UPDATE").Scan(ctx)
		exists := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if exists {
			if err := checkVersion(expected, cur.Version, domain.NounOfficeDeadline); err != nil {
				return err
			}
		}
		var old any
		if exists {
			o := cur
			old = o
		}
		if deadline == nil {
			if exists {
				if _, err := tx.NewDelete().Model(&cur).WherePK().Exec(ctx); err != nil {
					return err
				}
			}
		} else {
			if !deadline.After(round.Deadline) {
				return domain.ErrOfficeDeadlineNotLater()
			}
			ts := domain.NewTextScreen(ctx)
			if err := ts.Check("reason", reason, domain.MaxShortTextLen); err != nil {
				return err
			}
			ts.Stored("reason", cur.Reason)
			if err := ts.Err(); err != nil {
				return err
			}
			out = &OfficeDeadline{OfficeID: officeID, RoundID: roundID, Deadline: *deadline, Reason: reason, SetBy: nz(c.UserID), Version: cur.Version + 1, UpdatedAt: now()}
			if _, err := tx.NewInsert().Model(out).On("CONFLICT (office_id, round_id) DO UPDATE").
				Set("deadline = EXCLUDED.deadline, reason = EXCLUDED.reason, set_by = EXCLUDED.set_by, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at").Exec(ctx); err != nil {
				return err
			}
		}
		if err := rejudgeLate(ctx, tx, "sub.round_id = ? AND sub.service_id IN (SELECT id FROM services WHERE office_id = ?)", roundID, officeID); err != nil {
			return err
		}
		var n any
		if out != nil {
			n = out
		}
		return audit(ctx, tx, Change{Action: "office_deadline.set", ObjectType: "office_deadline", ObjectID: roundID, OfficeID: officeID, Old: old, New: n})
	})
	if err != nil {
		return nil, fmt.Errorf("set office deadline: %w", err)
	}
	return out, nil
}
