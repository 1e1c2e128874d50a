package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/results"
)

// CountyReportRecord is what the office writes in its report; the figures are computed.
type CountyReportRecord struct {
	bun.BaseModel `bun:"table:county_reports,alias:cr"`
	ID            int64             `bun:",pk,autoincrement" json:"id"`
	OfficeID      int64             `bun:",notnull" json:"officeId"`
	RoundID       int64             `bun:",notnull" json:"roundId"`
	Comments      map[string]string `bun:",type:jsonb,notnull" json:"comments"`
	SubmittedAt   *time.Time        `json:"submittedAt"`
	SubmittedBy   *int64            `json:"submittedBy"`
	Version       int               `bun:",notnull" json:"version"`
	UpdatedAt     time.Time         `bun:",nullzero,notnull,default:current_timestamp" json:"updatedAt"`
}

// ServiceResult compares a service's Ja share in the round with the round before
// (results.ServiceResult).
type ServiceResult = results.ServiceResult

// CountyReportData is everything the county report of one office and round shows.
type CountyReportData struct {
	Office        Office
	Round         Round
	PreviousRound *Round
	Record        *CountyReportRecord // nil until the office writes something
	Rows          []FunnelRow         // every service of the office
	Meetings      []InfoMeeting
	Activities    []FollowUpActivity
	Results       []ServiceResult // rounds after the first
	// PlanProgress is how far the services have come with the plans they sent in this round, or in
	// a later round the previous one (guide § 4: "how far they have come"), followed up after
	// submitting.
	PlanProgress []PlanProgress
}

// State is the report's state: not started, a draft, or submitted (domain.CountyReportStateOf).
func (d *CountyReportData) State() domain.CountyReportState {
	return domain.CountyReportStateOf(d.Record != nil, d.Record != nil && d.Record.SubmittedAt != nil)
}

// Count counts the rows for which pred holds.
func (d *CountyReportData) Count(pred func(FunnelRow) bool) int {
	n := 0
	for _, r := range d.Rows {
		if pred(r) {
			n++
		}
	}
	return n
}

// Select returns the rows for which pred holds.
func (d *CountyReportData) Select(pred func(FunnelRow) bool) []FunnelRow {
	out := []FunnelRow{}
	for _, r := range d.Rows {
		if pred(r) {
			out = append(out, r)
		}
	}
	return out
}

// ActivityCount counts the office's activity of one kind.
func (d *CountyReportData) ActivityCount(kind domain.FollowUpKind) int {
	n := 0
	for _, a := range d.Activities {
		if a.Kind == kind {
			n++
		}
	}
	return n
}

// Row predicates of the report's parts.
var (
	RowInvited         = func(r FunnelRow) bool { return r.InvitedAt != nil }
	RowAttended        = func(r FunnelRow) bool { return r.MeetingID != nil }
	RowWillParticipate = func(r FunnelRow) bool { return r.Reply != nil && *r.Reply == domain.ReplyYes }
	RowDeclined        = func(r FunnelRow) bool { return r.Reply != nil && *r.Reply == domain.ReplyNo }
	RowNoReply         = func(r FunnelRow) bool { return r.InvitedAt != nil && r.Reply == nil }
	RowSubmitted       = func(r FunnelRow) bool { return r.FirstSubmittedAt != nil }
	RowNotSubmitted    = func(r FunnelRow) bool { return r.FirstSubmittedAt == nil }
)

// checkOffice lets county advisors of the office and national callers read its report.
func checkOffice(ctx context.Context, db bun.IDB, officeID int64) (*Office, error) {
	var o Office
	if err := db.NewSelect().Model(&o).Where("o.id = ?", officeID).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounOffice, officeID)
	}
	if !auth.From(ctx).CanSeeOffice(officeID) {
		return nil, domain.ErrNotFound(domain.NounOffice, officeID)
	}
	return &o, nil
}

// CountyReport computes the report of an office for a round.
func (s *Store) CountyReport(ctx context.Context, officeID, roundID int64) (*CountyReportData, error) {
	o, err := checkOffice(ctx, s.db, officeID)
	if err != nil {
		return nil, err
	}
	d := &CountyReportData{Office: *o}
	if err := s.db.NewSelect().Model(&d.Round).Where("r.id = ?", roundID).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounRound, roundID)
	}
	var prev Round
	err = s.db.NewSelect().Model(&prev).Where("r.id = ?", d.Round.PreviousRoundID).Scan(ctx)
	if err == nil {
		d.PreviousRound = &prev
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	var rec CountyReportRecord
	err = s.db.NewSelect().Model(&rec).Where("cr.office_id = ? AND cr.round_id = ?", officeID, roundID).Scan(ctx)
	if err == nil {
		d.Record = &rec
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if d.Rows, err = s.Funnel(ctx, auth.From(ctx).Scope(), roundID, FunnelFilter{OfficeID: officeID}); err != nil {
		return nil, err
	}
	if d.Meetings, err = s.Meetings(ctx, auth.From(ctx).Scope(), officeID, roundID); err != nil {
		return nil, err
	}
	if d.Activities, err = s.Activities(ctx, auth.From(ctx).Scope(), ActivityFilter{OfficeID: officeID, RoundID: roundID}); err != nil {
		return nil, err
	}
	// The plans followed in the round: the previous round's in a later round, else the round's own.
	planRound := roundID
	if d.PreviousRound != nil {
		planRound = d.PreviousRound.ID
	}
	if d.PlanProgress, err = s.PlanProgressOf(ctx, auth.From(ctx).Scope(), planRound, officeID); err != nil {
		return nil, err
	}
	if d.PreviousRound != nil {
		if d.Results, err = s.comparableResults(ctx, auth.From(ctx).Scope(), officeID, roundID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// lockReport locks (creating) the report record of an office and round for the office's advisor.
// A record created now has version 0 to the caller, who saw no report.
func lockReport(ctx context.Context, tx bun.Tx, officeID, roundID int64) (*CountyReportRecord, error) {
	if err := auth.From(ctx).Can(auth.ActFollowUp, auth.Target{OfficeID: officeID}); err != nil {
		return nil, err
	}
	if err := roundExists(ctx, tx, roundID); err != nil {
		return nil, err
	}
	res, err := tx.NewInsert().Model(&CountyReportRecord{OfficeID: officeID, RoundID: roundID, Comments: map[string]string{}, Version: 1}).
		On("CONFLICT (office_id, round_id) DO NOTHING").Exec(ctx)
	if err != nil {
		return nil, err
	}
	var rec CountyReportRecord
	if err := tx.NewSelect().Model(&rec).Where("cr.office_id = ? AND cr.round_id = ?", officeID, roundID).For("UPDATE").Scan(ctx); err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		rec.Version = 0
	}
	return &rec, nil
}

// SaveReportComments stores the office's comments on parts of the report. Given parts replace the
// stored text; an empty text removes it. A submitted report can still be corrected; it stays submitted.
func (s *Store) SaveReportComments(ctx context.Context, officeID, roundID int64, comments map[string]string, expectedVersion *int) (*CountyReportRecord, error) {
	if err := results.ReportComments(comments).Validate(); err != nil {
		return nil, err
	}
	var rec *CountyReportRecord
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var err error
		if rec, err = lockReport(ctx, tx, officeID, roundID); err != nil {
			return err
		}
		if err := checkVersion(expectedVersion, rec.Version, domain.NounReport); err != nil {
			return err
		}
		old := map[string]string{}
		for k, v := range rec.Comments {
			old[k] = v
		}
		ts := domain.NewTextScreen(ctx)
		for _, part := range slices.Sorted(maps.Keys(comments)) {
			text := strings.TrimSpace(comments[part])
			ts.Stored("comments."+part, old[part])
			if err := ts.Check("comments."+part, text, domain.MaxAssessmentLen); err != nil {
				return err
			}
			if text == "" {
				delete(rec.Comments, part)
			} else {
				rec.Comments[part] = text
			}
		}
		if err := ts.Err(); err != nil {
			return err
		}
		rec.Version, rec.UpdatedAt = rec.Version+1, time.Now()
		if _, err := tx.NewUpdate().Model(rec).Column("comments", "version", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "county_report.comments", ObjectType: "county_report", ObjectID: rec.ID, OfficeID: officeID, Old: old, New: rec.Comments})
	})
	if err != nil {
		return nil, fmt.Errorf("save county report comments: %w", err)
	}
	return rec, nil
}

// SubmitReport marks the office's report as sent to Helsetilsynet (again, after corrections).
func (s *Store) SubmitReport(ctx context.Context, officeID, roundID int64) (*CountyReportRecord, error) {
	var rec *CountyReportRecord
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var err error
		if rec, err = lockReport(ctx, tx, officeID, roundID); err != nil {
			return err
		}
		t := now()
		rec.SubmittedAt, rec.SubmittedBy, rec.Version, rec.UpdatedAt = &t, nz(auth.From(ctx).UserID), rec.Version+1, t
		if _, err := tx.NewUpdate().Model(rec).Column("submitted_at", "submitted_by", "version", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "county_report.submit", ObjectType: "county_report", ObjectID: rec.ID, OfficeID: officeID, New: map[string]any{"submittedAt": t}})
	})
	if err != nil {
		return nil, fmt.Errorf("submit county report: %w", err)
	}
	return rec, nil
}

// ReportStatus is one office's county report state in a round (Helsetilsynet's overview).
type ReportStatus struct {
	OfficeID    int64      `bun:"office_id"`
	SubmittedAt *time.Time `bun:"submitted_at"`
	Started     bool       `bun:"started"`
}

// State is the report's state: not started, a draft, or submitted (results.ReportState).
func (r ReportStatus) State() domain.CountyReportState {
	return domain.CountyReportStateOf(r.Started, r.SubmittedAt != nil)
}

// ReportStatuses lists every office the caller sees with its report state, in one statement.
func (s *Store) ReportStatuses(ctx context.Context, scope Scope, roundID int64) ([]ReportStatus, error) {
	if err := roundExists(ctx, s.db, roundID); err != nil {
		return nil, err
	}
	var out []ReportStatus
	q := s.db.NewSelect().TableExpr("governor_offices AS o").
		Join("LEFT JOIN county_reports AS cr ON cr.office_id = o.id AND cr.round_id = ?", roundID).
		ColumnExpr("o.id AS office_id, cr.submitted_at, cr.id IS NOT NULL AS started").OrderExpr("o.name_nb")
	switch office, ok := scope.OfficeWork(); {
	case !ok:
		q = q.Where("false")
	case office != 0:
		q = q.Where("o.id = ?", office)
	}
	err := q.Scan(ctx, &out)
	return out, err
}
