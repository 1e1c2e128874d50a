package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// stageSQL works out a service's stage from its participation and submission.
const stageSQL = `CASE
	WHEN sub.status = 'RETURNED' THEN 'RETURNED'
	WHEN sub.status = 'SUBMITTED' THEN 'SUBMITTED'
	WHEN sub.status = 'IN_PROGRESS' THEN 'STARTED'
	WHEN p.reply = 'NO' THEN 'DECLINED'
	WHEN p.reply = 'YES' THEN 'AGREED'
	WHEN p.meeting_id IS NOT NULL THEN 'ATTENDED_MEETING'
	WHEN p.id IS NOT NULL THEN 'INVITED'
	ELSE 'NOT_INVITED' END`

// FunnelRow is one service's progress through a round.
type FunnelRow struct {
	ServiceID        int64                      `bun:"service_id"`
	RoundID          int64                      `bun:"round_id"`
	ServiceName      string                     `bun:"service_name"`
	OfficeID         int64                      `bun:"office_id"`
	CountyID         int64                      `bun:"county_id"`
	Stage            domain.FunnelStage         `bun:"stage"`
	InvitedAt        *time.Time                 `bun:"invited_at"`
	MeetingID        *int64                     `bun:"meeting_id"`
	MeetingOn        *domain.Date               `bun:"meeting_on,type:date"`
	Reply            *domain.ParticipationReply `bun:"reply"`
	RepliedOn        *domain.Date               `bun:"replied_on,type:date"`
	ReplyDue         *domain.Date               `bun:"reply_due,type:date"`
	ReplyLate        bool                       `bun:"reply_late"`
	PlannedFrom      *domain.YearMonth          `bun:"planned_from,type:date"`
	PlannedTo        *domain.YearMonth          `bun:"planned_to,type:date"`
	DeclineReason    string                     `bun:"decline_reason"`
	NextAssessment   string                     `bun:"next_assessment"`
	LeadRole         string                     `bun:"lead_role"`
	ParticipantRoles string                     `bun:"participant_roles"`
	LetterSentAt     *time.Time                 `bun:"letter_sent_at"`
	ExtensionUntil   *domain.Date               `bun:"extension_until,type:date"`
	ExtensionReason  string                     `bun:"extension_reason"`
	Deadline         domain.Date                `bun:"deadline,type:date"`
	SubmissionID     *int64                     `bun:"submission_id"`
	Status           domain.Status              `bun:"status"`
	StartedAt        *time.Time                 `bun:"started_at"`
	SubmittedAt      *time.Time                 `bun:"submitted_at"`
	FirstSubmittedAt *time.Time                 `bun:"first_submitted_at"`
	PlanSubmitted    bool                       `bun:"plan_submitted"`
	Late             bool                       `bun:"late"`
	Overdue          bool                       `bun:"overdue"`
	Returned         bool                       `bun:"returned"`
	ReviewedAt       *time.Time                 `bun:"reviewed_at"`
	ReviewedByName   *string                    `bun:"reviewed_by_name"`
	ReviewedRevision *int                       `bun:"reviewed_revision"`
	Revision         int                        `bun:"revision"`
	CaseCount        int                        `bun:"case_count"`
	Reminders        int                        `bun:"reminders"`
	LastReminderOn   *domain.Date               `bun:"last_reminder_on,type:date"`
}

// FunnelFilter selects and orders the funnel.
type FunnelFilter struct {
	OfficeID     int64 // 0: every office the caller sees
	CountyID     int64
	Stages       []domain.FunnelStage
	Overdue      *bool
	Late         *bool
	NameContains string
	Sort         domain.FunnelSort // "" or NAME: by name
	Descending   bool
}

func funnelQuery(db bun.IDB, scope Scope, roundID int64, f FunnelFilter) *bun.SelectQuery {
	q := db.NewSelect().TableExpr("services AS s").
		Join("JOIN rounds AS r ON r.id = ?", roundID).
		Join("LEFT JOIN participations AS p ON p.service_id = s.id AND p.round_id = r.id").
		Join("LEFT JOIN info_meetings AS im ON im.id = p.meeting_id").
		Join("LEFT JOIN submissions AS sub ON sub.service_id = s.id AND sub.round_id = r.id")
	q = applyScope(q, scope)
	// A service merged into another is left out, except in rounds where it took part.
	q = q.Where("(s.merged_into_id IS NULL OR p.service_id IS NOT NULL OR sub.id IS NOT NULL)")
	if f.OfficeID != 0 {
		q = q.Where("s.office_id = ?", f.OfficeID)
	}
	if f.CountyID != 0 {
		q = q.Where("s.county_id = ?", f.CountyID)
	}
	if t := strings.TrimSpace(f.NameContains); t != "" {
		q = q.Where("s.name ILIKE ?", "%"+escapeLike(t)+"%")
	}
	return q
}

// deadlineSQL is the deadline that applies to a service: effective_deadline, the one rule (the
// latest of the round's, its office's and its own extension).
const deadlineSQL = `effective_deadline(s.id, r.id)`

// overdueSQL: taking part is voluntary, so only a service that said yes can be overdue: it said
// yes, its deadline (or later extension) has passed, and it has never submitted the form. A
// service never invited, one that declined and one that has not replied is not overdue; nor is
// one that submitted and was then asked for a correction or re-opened its form (the last
// submitted revision stands).
const overdueSQL = `(p.reply = 'YES' AND current_date > ` + deadlineSQL + ` AND coalesce(sub.revision, 0) = 0)`

// replyDueSQL: a service replies within two weeks of the information meeting (the guide). One that
// attended replies two weeks after its meeting; one invited that missed it, two weeks after the
// office's last meeting in the round, or after its invitation when that came later. No meeting
// held yet, no invitation: no due date.
var replyDueSQL = `(CASE WHEN p.id IS NULL THEN NULL
	WHEN im.held_on IS NOT NULL THEN im.held_on + ` + replyDaysSQL + `
	ELSE greatest((SELECT max(om.held_on) FROM info_meetings AS om WHERE om.office_id = s.office_id AND om.round_id = r.id),
		(p.invited_at AT TIME ZONE 'Europe/Oslo')::date) + ` + replyDaysSQL + ` END)`

var replyDaysSQL = strconv.Itoa(ReplyDays)

// Funnel lists every service of the caller's reach in a round with its stage, in one statement,
// filtered and sorted in SQL.
func (s *Store) Funnel(ctx context.Context, scope Scope, roundID int64, f FunnelFilter) ([]FunnelRow, error) {
	if err := roundExists(ctx, s.db, roundID); err != nil {
		return nil, err
	}
	q := funnelQuery(s.db, scope, roundID, f).
		ColumnExpr("s.id AS service_id, r.id AS round_id, s.name AS service_name, s.office_id, s.county_id").
		ColumnExpr(stageSQL + " AS stage").
		ColumnExpr("p.invited_at, p.meeting_id, im.held_on AS meeting_on, p.reply, p.replied_on").
		ColumnExpr(replyDueSQL + " AS reply_due").
		ColumnExpr(`coalesce(p.replied_on > ` + replyDueSQL + `, p.reply IS NULL AND current_date > ` + replyDueSQL + `, false) AS reply_late`).
		ColumnExpr("p.planned_from, p.planned_to, coalesce(p.decline_reason, '') AS decline_reason, coalesce(p.next_assessment, '') AS next_assessment").
		ColumnExpr("coalesce(p.lead_role, '') AS lead_role, coalesce(p.participant_roles, '') AS participant_roles").
		ColumnExpr(`(SELECT max(ob.created_at) FROM outbox AS ob WHERE ob.letter_id IS NOT NULL AND ob.service_id = s.id
			AND ob.letter_id = (SELECT il.id FROM invitation_letters AS il WHERE il.office_id = s.office_id AND il.round_id = r.id)) AS letter_sent_at`).
		ColumnExpr("p.extension_until, coalesce(p.extension_reason, '') AS extension_reason").
		ColumnExpr(deadlineSQL + " AS deadline").
		ColumnExpr("sub.id AS submission_id, coalesce(sub.status, 'NOT_STARTED') AS status, sub.started_at, sub.submitted_at").
		ColumnExpr("(SELECT min(rev.submitted_at) FROM submission_revisions AS rev WHERE rev.submission_id = sub.id) AS first_submitted_at").
		ColumnExpr(`coalesce((SELECT jsonb_array_length(rev.snapshot->'improvementPlan'->'goals') > 0 FROM submission_revisions AS rev
			WHERE rev.submission_id = sub.id ORDER BY rev.revision DESC LIMIT 1), false) AS plan_submitted`).
		ColumnExpr("coalesce(sub.late, false) AS late").
		ColumnExpr(overdueSQL + " AS overdue").
		ColumnExpr("sub.returned_at IS NOT NULL AS returned").
		ColumnExpr("sub.reviewed_at, sub.reviewed_by_name, sub.reviewed_revision, coalesce(sub.revision, 0) AS revision").
		ColumnExpr("(SELECT count(*) FROM cases AS c WHERE c.submission_id = sub.id) AS case_count").
		ColumnExpr(`(SELECT count(*) FROM follow_up_services AS fs JOIN follow_up_activities AS fa ON fa.id = fs.activity_id
			WHERE fs.service_id = s.id AND fa.round_id = r.id AND fa.kind = 'REMINDER') AS reminders`).
		ColumnExpr(`(SELECT max(fa.occurred_on) FROM follow_up_services AS fs JOIN follow_up_activities AS fa ON fa.id = fs.activity_id
			WHERE fs.service_id = s.id AND fa.round_id = r.id AND fa.kind = 'REMINDER') AS last_reminder_on`)
	if len(f.Stages) > 0 {
		q = q.Where("("+stageSQL+") IN (?)", bun.List(f.Stages))
	}
	if f.Overdue != nil {
		q = q.Where(overdueSQL+" = ?", *f.Overdue)
	}
	if f.Late != nil {
		q = q.Where("coalesce(sub.late, false) = ?", *f.Late)
	}
	dir := "ASC"
	if f.Descending {
		dir = "DESC"
	}
	switch f.Sort {
	case domain.FunnelSortStage:
		q = q.OrderExpr("array_position(?::text[], "+stageSQL+") "+dir+", s.name", pgArray(domain.FunnelStages))
	case domain.FunnelSortDeadline:
		q = q.OrderExpr(deadlineSQL + " " + dir + ", s.name")
	case domain.FunnelSortSubmittedAt:
		q = q.OrderExpr("sub.submitted_at " + dir + " NULLS LAST, s.name")
	case domain.FunnelSortCounty:
		q = q.OrderExpr("s.county_id " + dir + ", s.name")
	default:
		q = q.OrderExpr("s.name " + dir)
	}
	var rows []FunnelRow
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, err
	}
	return rows, nil
}

// StageCount is the number of services at one stage.
type StageCount struct {
	Stage domain.FunnelStage `bun:"stage"`
	Count int                `bun:"n"`
}

// FunnelCounts counts services per stage (and overdue) in one statement.
func (s *Store) FunnelCounts(ctx context.Context, scope Scope, roundID int64, f FunnelFilter) ([]StageCount, int, error) {
	var rows []struct {
		Stage   domain.FunnelStage `bun:"stage"`
		N       int                `bun:"n"`
		Overdue int                `bun:"overdue"`
	}
	err := funnelQuery(s.db, scope, roundID, FunnelFilter{OfficeID: f.OfficeID, CountyID: f.CountyID, NameContains: f.NameContains}).
		ColumnExpr(stageSQL+" AS stage, count(*) AS n").
		ColumnExpr("count(*) FILTER (WHERE "+overdueSQL+") AS overdue").
		GroupExpr("1").Scan(ctx, &rows)
	if err != nil {
		return nil, 0, err
	}
	byStage := map[domain.FunnelStage]int{}
	overdue := 0
	for _, r := range rows {
		byStage[r.Stage] = r.N
		overdue += r.Overdue
	}
	out := make([]StageCount, 0, len(domain.FunnelStages))
	for _, st := range domain.FunnelStages {
		out = append(out, StageCount{Stage: st, Count: byStage[st]})
	}
	return out, overdue, nil
}
