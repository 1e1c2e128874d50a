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

// Participation is a service's invitation to a round and its reply.
type Participation struct {
	bun.BaseModel   `bun:"table:participations,alias:p"`
	ID              int64                      `bun:",pk,autoincrement" json:"id"`
	ServiceID       int64                      `bun:",notnull" json:"serviceId"`
	RoundID         int64                      `bun:",notnull" json:"roundId"`
	InvitedAt       time.Time                  `bun:",notnull" json:"invitedAt"`
	MeetingID       *int64                     `json:"meetingId"`
	Reply           *domain.ParticipationReply `json:"reply"`
	RepliedOn       *domain.Date               `bun:",type:date" json:"repliedOn"`
	PlannedFrom     *domain.YearMonth          `bun:",type:date" json:"plannedFrom"`
	PlannedTo       *domain.YearMonth          `bun:",type:date" json:"plannedTo"`
	DeclineReason   string                     `bun:",notnull" json:"declineReason"`
	NextAssessment  string                     `bun:",notnull" json:"nextAssessment"`
	ExtensionUntil  *domain.Date               `bun:",type:date" json:"extensionUntil"`
	ExtensionReason string                     `bun:",notnull" json:"extensionReason"`
	// LeadRole is who leads the self-assessment and ParticipantRoles who takes part: roles, never
	// names of clients (screened free text).
	LeadRole         string    `bun:",notnull" json:"leadRole"`
	ParticipantRoles string    `bun:",notnull" json:"participantRoles"`
	Version          int       `bun:",notnull" json:"version"`
	UpdatedAt        time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"updatedAt"`
}

// ReplyDays is how long a service has to reply after the information meeting.
const ReplyDays = 14

// officeOfServices checks that the caller may follow up every service and that they belong to
// one office, which it returns.
func officeOfServices(ctx context.Context, db bun.IDB, serviceIDs []int64) (int64, error) {
	if len(serviceIDs) == 0 {
		return 0, domain.ErrNoServicesChosen()
	}
	var svcs []Service
	if err := db.NewSelect().Model(&svcs).Where("s.id IN (?)", bun.List(serviceIDs)).Scan(ctx); err != nil {
		return 0, err
	}
	found := map[int64]Service{}
	for _, s := range svcs {
		found[s.ID] = s
	}
	var office int64
	for _, id := range serviceIDs {
		s, ok := found[id]
		if !ok {
			return 0, domain.ErrNotFound(domain.NounService, id)
		}
		if err := auth.From(ctx).Can(auth.ActFollowUp, auth.Target{ServiceID: s.ID, OfficeID: s.OfficeID}); err != nil {
			return 0, err
		}
		if office != 0 && s.OfficeID != office {
			return 0, domain.ErrServicesInDifferentOffices()
		}
		office = s.OfficeID
	}
	return office, nil
}

// InviteServices records that the office invited the services to the round (once per service).
func (s *Store) InviteServices(ctx context.Context, roundID int64, serviceIDs []int64, at time.Time) ([]Participation, error) {
	var out []Participation
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if _, err := officeOfServices(ctx, tx, serviceIDs); err != nil {
			return err
		}
		if err := roundExists(ctx, tx, roundID); err != nil {
			return err
		}
		for _, id := range serviceIDs {
			p := &Participation{ServiceID: id, RoundID: roundID, InvitedAt: at, Version: 1}
			res, err := tx.NewInsert().Model(p).On("CONFLICT (service_id, round_id) DO NOTHING").Exec(ctx)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				if err := auditParticipation(ctx, tx, "participation.invite", nil, p); err != nil {
					return err
				}
			}
		}
		return tx.NewSelect().Model(&out).Where("p.round_id = ? AND p.service_id IN (?)", roundID, bun.List(serviceIDs)).OrderExpr("p.service_id").Scan(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("invite services to round %d: %w", roundID, err)
	}
	return out, nil
}

func roundExists(ctx context.Context, db bun.IDB, roundID int64) error {
	ok, err := db.NewSelect().Table("rounds").Where("id = ?", roundID).Exists(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return domain.ErrNotFound(domain.NounRound, roundID)
	}
	return nil
}

func auditParticipation(ctx context.Context, db bun.IDB, action string, old, new *Participation) error {
	p := new
	if p == nil {
		p = old
	}
	var office int64
	if err := db.NewSelect().Table("services").Column("office_id").Where("id = ?", p.ServiceID).Scan(ctx, &office); err != nil {
		return err
	}
	var o, n any
	if old != nil {
		o = old
	}
	if new != nil {
		n = new
	}
	return audit(ctx, db, Change{Action: action, ObjectType: "participation", ObjectID: p.ID, ServiceID: p.ServiceID, OfficeID: office, Old: o, New: n})
}

// lockParticipation locks the participation of (service, round), inviting the service first when
// invite is true and it was not invited.
func lockParticipation(ctx context.Context, tx bun.Tx, serviceID, roundID int64, invite bool) (*Participation, error) {
	if invite {
		if _, err := tx.NewInsert().Model(&Participation{ServiceID: serviceID, RoundID: roundID, InvitedAt: time.Now(), Version: 1}).
			On("CONFLICT (service_id, round_id) DO NOTHING").Exec(ctx); err != nil {
			return nil, err
		}
	}
	var p Participation
	err := tx.NewSelect().Model(&p).Where("p.service_id = ? AND p.round_id = ?", serviceID, roundID).For("UPDATE").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.ErrNotInvited()
	}
	return &p, err
}

// ReplyInput is a service's reply to the invitation.
type ReplyInput struct {
	ServiceID, RoundID     int64
	Reply                  domain.ParticipationReply
	RepliedOn              domain.Date
	PlannedFrom, PlannedTo *domain.YearMonth
	DeclineReason          string
	// NextAssessment is when the service expects its next self-assessment, or how far it has
	// come (the county report of round 1 asks for it). Nil keeps the stored text; "" clears it.
	NextAssessment *string
	// LeadRole and ParticipantRoles: who leads the self-assessment and who takes part (roles).
	// Nil keeps the stored text.
	LeadRole, ParticipantRoles *string
	ExpectedVersion            *int
}

// Validate checks the reply (YES or NO), that a NO gives its reason and that the planned period
// does not end before it starts, before the transaction.
func (in ReplyInput) Validate() error {
	if !in.Reply.Valid() {
		return domain.ErrReplyYesNo()
	}
	if in.Reply == domain.ReplyNo && strings.TrimSpace(in.DeclineReason) == "" {
		return domain.ErrDeclineReasonMissing()
	}
	if in.PlannedFrom != nil && in.PlannedTo != nil && in.PlannedTo.Before(in.PlannedFrom.Date) {
		return domain.ErrPlannedPeriodEndsBeforeStart()
	}
	return nil
}

// RecordReply records whether a service will take part. The county advisor records replies that
// came by e-mail; the service leader can answer in the app.
func (s *Store) RecordReply(ctx context.Context, in ReplyInput) (*Participation, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("record reply of service %d: %w", in.ServiceID, err)
	}
	var p *Participation
	err := s.inTx(ctx, func(tx bun.Tx) error {
		_, err := serviceForFollowUp(ctx, tx, in.ServiceID, true)
		if err != nil {
			return err
		}
		ts := domain.NewTextScreen(ctx)
		if err := ts.Check("declineReason", in.DeclineReason, domain.MaxShortTextLen); err != nil {
			return err
		}
		for _, f := range []struct {
			field string
			text  *string
		}{{"nextAssessment", in.NextAssessment}, {"leadRole", in.LeadRole}, {"participantRoles", in.ParticipantRoles}} {
			if f.text == nil {
				continue
			}
			if err := ts.Check(f.field, *f.text, domain.MaxShortTextLen); err != nil {
				return err
			}
		}
		if p, err = lockParticipation(ctx, tx, in.ServiceID, in.RoundID, false); err != nil {
			return err
		}
		ts.Stored("declineReason", p.DeclineReason)
		ts.Stored("nextAssessment", p.NextAssessment)
		ts.Stored("leadRole", p.LeadRole)
		ts.Stored("participantRoles", p.ParticipantRoles)
		if err := ts.Err(); err != nil {
			return err
		}
		if err := checkVersion(in.ExpectedVersion, p.Version, domain.NounParticipation); err != nil {
			return err
		}
		old := *p
		reply := in.Reply
		on := in.RepliedOn
		if on.IsZero() {
			on = domain.DateOf(time.Now())
		}
		p.Reply, p.RepliedOn, p.PlannedFrom, p.PlannedTo = &reply, &on, in.PlannedFrom, in.PlannedTo
		p.DeclineReason = strings.TrimSpace(in.DeclineReason)
		if in.NextAssessment != nil {
			p.NextAssessment = strings.TrimSpace(*in.NextAssessment)
		}
		if in.LeadRole != nil {
			p.LeadRole = strings.TrimSpace(*in.LeadRole)
		}
		if in.ParticipantRoles != nil {
			p.ParticipantRoles = strings.TrimSpace(*in.ParticipantRoles)
		}
		if in.Reply == domain.ReplyNo {
			p.LeadRole, p.ParticipantRoles = "", ""
		}
		p.Version, p.UpdatedAt = p.Version+1, time.Now()
		if _, err := tx.NewUpdate().Model(p).Column("reply", "replied_on", "planned_from", "planned_to", "decline_reason",
			"next_assessment", "lead_role", "participant_roles", "version", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		return auditParticipation(ctx, tx, "participation.reply", &old, p)
	})
	if err != nil {
		return nil, fmt.Errorf("record reply of service %d: %w", in.ServiceID, err)
	}
	return p, nil
}

// serviceForFollowUp loads a service the caller may follow up (a county advisor of its office),
// or, when leaderToo, the service's own leader.
func serviceForFollowUp(ctx context.Context, db bun.IDB, serviceID int64, leaderToo bool) (*Service, error) {
	var svc Service
	if err := db.NewSelect().Model(&svc).Where("s.id = ?", serviceID).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, domain.NounService, serviceID)
	}
	t := auth.Target{ServiceID: svc.ID, OfficeID: svc.OfficeID}
	c := auth.From(ctx)
	if leaderToo && c.SubmitsForms() {
		return &svc, c.Can(auth.ActSubmitForm, t)
	}
	return &svc, c.Can(auth.ActFollowUp, t)
}

// ExtensionInput is a later deadline for one service in a round, with its reason.
type ExtensionInput struct {
	ServiceID, RoundID int64
	Until              domain.Date
	Reason             string
}

// Validate trims the reason and requires one, before the transaction. That the extension goes
// beyond the round's deadline needs the round, so the store checks it in the transaction.
func (in *ExtensionInput) Validate() error {
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" {
		return domain.ErrExtensionReasonMissing()
	}
	return nil
}

// GrantExtension gives one service a later deadline in a round, with a reason. A form already
// submitted is re-judged against the new deadline.
func (s *Store) GrantExtension(ctx context.Context, serviceID, roundID int64, until domain.Date, reason string) (*Participation, error) {
	in := ExtensionInput{ServiceID: serviceID, RoundID: roundID, Until: until, Reason: reason}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("grant extension to service %d: %w", serviceID, err)
	}
	reason = in.Reason
	var p *Participation
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if _, err := serviceForFollowUp(ctx, tx, serviceID, false); err != nil {
			return err
		}
		var round Round
		if err := tx.NewSelect().Model(&round).Where("r.id = ?", roundID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounRound, roundID)
		}
		ts := domain.NewTextScreen(ctx)
		if err := ts.Check("reason", reason, domain.MaxShortTextLen); err != nil {
			return err
		}
		if err := ts.Err(); err != nil {
			return err
		}
		if !until.After(round.Deadline) {
			return domain.ErrExtensionNotLater()
		}
		var err error
		if p, err = lockParticipation(ctx, tx, serviceID, roundID, true); err != nil {
			return err
		}
		old := *p
		p.ExtensionUntil, p.ExtensionReason, p.Version, p.UpdatedAt = &until, reason, p.Version+1, time.Now()
		if _, err := tx.NewUpdate().Model(p).Column("extension_until", "extension_reason", "version", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		if err := rejudgeLate(ctx, tx, "sub.service_id = ? AND sub.round_id = ?", serviceID, roundID); err != nil {
			return err
		}
		return auditParticipation(ctx, tx, "participation.extension", &old, p)
	})
	if err != nil {
		return nil, fmt.Errorf("grant extension to service %d: %w", serviceID, err)
	}
	return p, nil
}

// Participations loads the participations of many (service, round) pairs in one statement.
func (s *Store) Participations(ctx context.Context, scope Scope, keys []SubmissionKey) (map[SubmissionKey]*Participation, error) {
	out := map[SubmissionKey]*Participation{}
	if len(keys) == 0 {
		return out, nil
	}
	services, rounds := keyColumns(keys)
	var rows []Participation
	err := applyScope(s.db.NewSelect().Model(&rows).Join("JOIN services AS s ON s.id = p.service_id").
		Where("(p.service_id, p.round_id) IN (SELECT * FROM unnest(?::bigint[], ?::bigint[]))", pgArray(services), pgArray(rounds)), scope).Scan(ctx)
	for i := range rows {
		out[SubmissionKey{ServiceID: rows[i].ServiceID, RoundID: rows[i].RoundID}] = &rows[i]
	}
	return out, err
}
