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

// InfoMeeting is an information meeting a county governor office holds for its services.
type InfoMeeting struct {
	bun.BaseModel `bun:"table:info_meetings,alias:im"`
	ID            int64                `bun:",pk,autoincrement" json:"id"`
	OfficeID      int64                `bun:",notnull" json:"officeId"`
	RoundID       int64                `bun:",notnull" json:"roundId"`
	HeldOn        domain.Date          `bun:",type:date,notnull" json:"heldOn"`
	Format        domain.MeetingFormat `bun:",notnull" json:"format"`
	Title         string               `bun:",notnull" json:"title"`
	CreatedAt     time.Time            `bun:",nullzero,notnull,default:current_timestamp" json:"createdAt"`
}

// MeetingInput describes an information meeting.
type MeetingInput struct {
	RoundID   int64
	OfficeID  int64
	HeldOn    domain.Date
	Format    domain.MeetingFormat
	Title     string
	Attendees []int64
}

// Validate trims the title and checks the meeting's format, before the transaction.
func (in *MeetingInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	if !in.Format.Valid() {
		return domain.ErrMeetingFormat()
	}
	return nil
}

// RecordMeeting records an information meeting and which services attended it (attending implies
// an invitation).
func (s *Store) RecordMeeting(ctx context.Context, in MeetingInput) (*InfoMeeting, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("record meeting: %w", err)
	}
	m := &InfoMeeting{OfficeID: in.OfficeID, RoundID: in.RoundID, HeldOn: in.HeldOn, Format: in.Format, Title: in.Title}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := auth.From(ctx).Can(auth.ActFollowUp, auth.Target{OfficeID: in.OfficeID}); err != nil {
			return err
		}
		if err := roundExists(ctx, tx, in.RoundID); err != nil {
			return err
		}
		ts := domain.NewTextScreen(ctx)
		if err := ts.Check("title", m.Title, domain.MaxShortTextLen); err != nil {
			return err
		}
		if err := ts.Err(); err != nil {
			return err
		}
		if len(in.Attendees) > 0 {
			office, err := officeOfServices(ctx, tx, in.Attendees)
			if err != nil {
				return err
			}
			if office != in.OfficeID {
				return domain.ErrAttendeesOutsideOffice()
			}
		}
		if _, err := tx.NewInsert().Model(m).Exec(ctx); err != nil {
			return err
		}
		if err := audit(ctx, tx, Change{Action: "meeting.record", ObjectType: "info_meeting", ObjectID: m.ID, OfficeID: in.OfficeID, New: m}); err != nil {
			return err
		}
		for _, id := range in.Attendees {
			p, err := lockParticipation(ctx, tx, id, in.RoundID, true)
			if err != nil {
				return err
			}
			old := *p
			p.MeetingID, p.Version, p.UpdatedAt = &m.ID, p.Version+1, time.Now()
			if _, err := tx.NewUpdate().Model(p).Column("meeting_id", "version", "updated_at").WherePK().Exec(ctx); err != nil {
				return err
			}
			if err := auditParticipation(ctx, tx, "participation.attended", &old, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("record meeting: %w", err)
	}
	return m, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// meetingScope restricts information meetings (im) to those the scope reaches: the office's own
// (its advisors and national readers), or, for a service, the meetings it attended.
func meetingScope(q *bun.SelectQuery, scope Scope) *bun.SelectQuery {
	switch {
	case scope.None:
		return q.Where("false")
	case scope.ServiceID != 0:
		return q.Where("EXISTS (SELECT 1 FROM participations AS mp WHERE mp.meeting_id = im.id AND mp.service_id = ?)", scope.ServiceID)
	case scope.OfficeID != 0:
		return q.Where("im.office_id = ?", scope.OfficeID)
	}
	return q
}

// MeetingsByID loads the information meetings of ids that the scope reaches.
func (s *Store) MeetingsByID(ctx context.Context, scope Scope, ids []int64) ([]InfoMeeting, error) {
	var out []InfoMeeting
	if len(ids) == 0 {
		return out, nil
	}
	err := meetingScope(s.db.NewSelect().Model(&out).Where("im.id IN (?)", bun.List(ids)), scope).Scan(ctx)
	return out, err
}

// Meetings lists an office's information meetings in a round that the scope reaches.
func (s *Store) Meetings(ctx context.Context, scope Scope, officeID, roundID int64) ([]InfoMeeting, error) {
	var out []InfoMeeting
	err := meetingScope(s.db.NewSelect().Model(&out).Where("im.office_id = ? AND im.round_id = ?", officeID, roundID), scope).
		OrderExpr("im.held_on, im.id").Scan(ctx)
	return out, err
}

// MeetingAttendees lists the services that attended each meeting.
// Only the services the scope reaches are listed.
func (s *Store) MeetingAttendees(ctx context.Context, scope Scope, meetingIDs []int64) (map[int64][]int64, error) {
	var rows []struct {
		MeetingID int64
		ServiceID int64
	}
	out := map[int64][]int64{}
	if len(meetingIDs) == 0 {
		return out, nil
	}
	err := applyScope(s.db.NewSelect().TableExpr("participations AS p").ColumnExpr("p.meeting_id, p.service_id").
		Join("JOIN services AS s ON s.id = p.service_id").
		Where("p.meeting_id IN (?)", bun.List(meetingIDs)), scope).OrderExpr("p.service_id").Scan(ctx, &rows)
	for _, r := range rows {
		out[r.MeetingID] = append(out[r.MeetingID], r.ServiceID)
	}
	return out, err
}
