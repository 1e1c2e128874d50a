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

// InfoMeeting is an information meeting a county governor office holds for its services.
type InfoMeeting struct {
	bun.BaseModel `bun:"table:info_meetings,alias:im"`
	ID            int64       `bun:",pk,autoincrement" json:"id"`
	OfficeID      int64       `bun:",notnull" json:"officeId"`
	RoundID       int64       `bun:",notnull" json:"roundId"`
	HeldOn        domain.Date `bun:",type:date,notnull" json:"heldOn"`
	Format        string      `bun:",notnull" json:"format"`
	Title         string      `bun:",notnull" json:"title"`
	CreatedAt     time.Time   `bun:",nullzero,notnull,default:current_timestamp" json:"createdAt"`
}

// Participation is a service's invitation to a round and its reply.
type Participation struct {
	bun.BaseModel   `bun:"table:participations,alias:p"`
	ID              int64             `bun:",pk,autoincrement" json:"id"`
	ServiceID       int64             `bun:",notnull" json:"serviceId"`
	RoundID         int64             `bun:",notnull" json:"roundId"`
	InvitedAt       time.Time         `bun:",notnull" json:"invitedAt"`
	MeetingID       *int64            `json:"meetingId"`
	Reply           *string           `json:"reply"`
	RepliedOn       *domain.Date      `bun:",type:date" json:"repliedOn"`
	PlannedFrom     *domain.YearMonth `bun:",type:date" json:"plannedFrom"`
	PlannedTo       *domain.YearMonth `bun:",type:date" json:"plannedTo"`
	DeclineReason   string            `bun:",notnull" json:"declineReason"`
	NextAssessment  string            `bun:",notnull" json:"nextAssessment"`
	ExtensionUntil  *domain.Date      `bun:",type:date" json:"extensionUntil"`
	ExtensionReason string            `bun:",notnull" json:"extensionReason"`
	// LeadRole is who leads the self-assessment and ParticipantRoles who takes part: roles, never
	// names of clients (screened free text).
	LeadRole         string    `bun:",notnull" json:"leadRole"`
	ParticipantRoles string    `bun:",notnull" json:"participantRoles"`
	Version          int       `bun:",notnull" json:"version"`
	UpdatedAt        time.Time `bun:",nullzero,notnull,default:current_timestamp" json:"updatedAt"`
}

// FollowUpActivity is the county governor's own effort: a reminder, contact, meeting or note.
type FollowUpActivity struct {
	bun.BaseModel `bun:"table:follow_up_activities,alias:fa"`
	ID            int64       `bun:",pk,autoincrement" json:"id"`
	OfficeID      int64       `bun:",notnull" json:"officeId"`
	RoundID       int64       `bun:",notnull" json:"roundId"`
	Kind          string      `bun:",notnull" json:"kind"`
	OccurredOn    domain.Date `bun:",type:date,notnull" json:"occurredOn"`
	Note          string      `bun:",notnull" json:"note"`
	CreatedBy     *int64      `json:"createdBy"`
	CreatedAt     time.Time   `bun:",nullzero,notnull,default:current_timestamp" json:"createdAt"`
	ServiceIDs    []int64     `bun:"-" json:"serviceIds"`
}

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

// Outbox is a message waiting for the sender (internal/mail): a reminder to a service (its
// leaders' addresses are looked up when it is sent) or an invitation to one address.
type Outbox struct {
	bun.BaseModel  `bun:"table:outbox,alias:ob"`
	ID             int64     `bun:",pk,autoincrement"`
	ActivityID     *int64    `bun:"activity_id"`
	InvitationID   *int64    `bun:"invitation_id"`
	PlanReminderID *int64    `bun:"plan_reminder_id"` // a reminder of an improvement action past its due date
	LetterID       *int64    `bun:"letter_id"`        // an office's invitation letter
	ServiceID      int64     `bun:",notnull"`
	Recipient      string    `bun:",notnull"`
	Subject        string    `bun:",notnull"`
	Body           string    `bun:",notnull"`
	CreatedAt      time.Time `bun:",nullzero,notnull,default:current_timestamp"`
	SentAt         *time.Time
	Attempts       int       `bun:",notnull"`
	LastError      string    `bun:",notnull"`
	Status         string    `bun:",notnull"`
	NextAttemptAt  time.Time `bun:",nullzero,notnull,default:current_timestamp"`
	SealedSecret   []byte    `bun:"sealed_secret" json:"-"`
}

// Meeting formats and activity kinds, as stored.
var (
	MeetingFormats = []string{"DIGITAL", "PHYSICAL", "HYBRID"}
	ActivityKinds  = []string{"REMINDER", "CONTACT", "MEETING", "NOTE"}
)

// ReplyDays is how long a service has to reply after the information meeting.
const ReplyDays = 14

// officeOfServices checks that the caller may follow up every service and that they belong to
// one office, which it returns.
func officeOfServices(ctx context.Context, db bun.IDB, serviceIDs []int64) (int64, error) {
	if len(serviceIDs) == 0 {
		return 0, domain.ErrBadInput("serviceIds", "Velg minst én tjeneste.", "Vel minst éi teneste.", "Choose at least one service.")
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
			return 0, domain.ErrBadInput("serviceIds", "Tjenestene hører til ulike embeter.", "Tenestene høyrer til ulike embete.", "The services belong to different offices.")
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
		return nil, domain.ErrBadInput("serviceId", "Tjenesten er ikke invitert til denne runden ennå.",
			"Tenesta er ikkje invitert til denne runden enno.", "The service has not been invited to this round yet.")
	}
	return &p, err
}

// MeetingInput describes an information meeting.
type MeetingInput struct {
	RoundID   int64
	OfficeID  int64
	HeldOn    domain.Date
	Format    string
	Title     string
	Attendees []int64
}

// RecordMeeting records an information meeting and which services attended it (attending implies
// an invitation).
func (s *Store) RecordMeeting(ctx context.Context, in MeetingInput) (*InfoMeeting, error) {
	m := &InfoMeeting{OfficeID: in.OfficeID, RoundID: in.RoundID, HeldOn: in.HeldOn, Format: in.Format, Title: strings.TrimSpace(in.Title)}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := auth.From(ctx).Can(auth.ActFollowUp, auth.Target{OfficeID: in.OfficeID}); err != nil {
			return err
		}
		if err := roundExists(ctx, tx, in.RoundID); err != nil {
			return err
		}
		if !contains(MeetingFormats, in.Format) {
			return domain.ErrBadInput("format", "Ukjent møteform.", "Ukjend møteform.", "Unknown meeting format.")
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
				return domain.ErrBadInput("attendeeServiceIds", "Deltakerne må høre til embetet.", "Deltakarane må høyre til embetet.", "The attendees must belong to the office.")
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

// ReplyInput is a service's reply to the invitation.
type ReplyInput struct {
	ServiceID, RoundID     int64
	Reply                  string // YES or NO
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

// RecordReply records whether a service will take part. The county advisor records replies that
// came by e-mail; the service leader can answer in the app.
func (s *Store) RecordReply(ctx context.Context, in ReplyInput) (*Participation, error) {
	var p *Participation
	err := s.inTx(ctx, func(tx bun.Tx) error {
		svc, err := serviceForFollowUp(ctx, tx, in.ServiceID, true)
		if err != nil {
			return err
		}
		_ = svc
		if in.Reply != "YES" && in.Reply != "NO" {
			return domain.ErrBadInput("reply", "Svar ja eller nei.", "Svar ja eller nei.", "Answer yes or no.")
		}
		if in.Reply == "NO" && strings.TrimSpace(in.DeclineReason) == "" {
			return domain.ErrBadInput("declineReason", "Oppgi hvorfor tjenesten ikke deltar.", "Oppgi kvifor tenesta ikkje deltek.", "Give the reason the service does not take part.")
		}
		if in.PlannedFrom != nil && in.PlannedTo != nil && in.PlannedTo.Before(in.PlannedFrom.Date) {
			return domain.ErrBadInput("plannedTo", "Perioden slutter før den begynner.", "Perioden sluttar før han byrjar.", "The period ends before it starts.")
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
		if err := checkVersion(in.ExpectedVersion, p.Version, domain.Noun{NB: "deltakelsen", NN: "deltakinga", EN: "participation"}); err != nil {
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
		if in.Reply == "NO" {
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

// GrantExtension gives one service a later deadline in a round, with a reason. A form already
// submitted is re-judged against the new deadline.
func (s *Store) GrantExtension(ctx context.Context, serviceID, roundID int64, until domain.Date, reason string) (*Participation, error) {
	var p *Participation
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if _, err := serviceForFollowUp(ctx, tx, serviceID, false); err != nil {
			return err
		}
		var round Round
		if err := tx.NewSelect().Model(&round).Where("r.id = ?", roundID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounRound, roundID)
		}
		reason = strings.TrimSpace(reason)
		if reason == "" {
			return domain.ErrBadInput("reason", "Oppgi grunnen til utsettelsen.", "Oppgi grunnen til utsetjinga.", "Give the reason for the extension.")
		}
		ts := domain.NewTextScreen(ctx)
		if err := ts.Check("reason", reason, domain.MaxShortTextLen); err != nil {
			return err
		}
		if err := ts.Err(); err != nil {
			return err
		}
		if !until.After(round.Deadline) {
			return domain.ErrBadInput("until", "Utsettelsen må gå ut over rundens frist.", "Utsetjinga må gå ut over fristen for runden.", "The extension must go beyond the round's deadline.")
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

// effectiveDeadline is the deadline that applies to a service in a round (effective_deadline in
// the database, the one rule: the latest of the round's, its office's and its own extension).
func effectiveDeadline(ctx context.Context, db bun.IDB, serviceID int64, round Round) (domain.Date, error) {
	var d domain.Date
	err := db.NewRaw("SELECT effective_deadline(?, ?)", serviceID, round.ID).Scan(ctx, &d)
	return d, err
}

// rejudgeLate sets the late mark of the submitted forms matching where (on submissions AS sub)
// against the deadline that applies to each.
func rejudgeLate(ctx context.Context, db bun.IDB, where string, args ...any) error {
	_, err := db.NewUpdate().TableExpr("submissions AS sub").
		Set("late = (sub.submitted_at >= ("+deadlineOfSubSQL+" + 1)::timestamp AT TIME ZONE 'Europe/Oslo')").
		Where("sub.submitted_at IS NOT NULL").Where(where, args...).Exec(ctx)
	return err
}

// deadlineOfSubSQL is the deadline that applies to the submission sub.
const deadlineOfSubSQL = `effective_deadline(sub.service_id, sub.round_id)`

// ActivityInput is follow-up work of an office.
type ActivityInput struct {
	RoundID    int64
	OfficeID   int64
	Kind       string
	OccurredOn domain.Date
	Note       string
	ServiceIDs []int64
	// Message is the text of a reminder, stored in the outbox for each service.
	Message string
}

// RecordActivity records a reminder, contact, meeting or note. A reminder to several services is
// one activity, with one outbox message per service, in the same transaction.
func (s *Store) RecordActivity(ctx context.Context, in ActivityInput) (*FollowUpActivity, error) {
	a := &FollowUpActivity{OfficeID: in.OfficeID, RoundID: in.RoundID, Kind: in.Kind, OccurredOn: in.OccurredOn,
		Note: strings.TrimSpace(in.Note), ServiceIDs: in.ServiceIDs}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		c := auth.From(ctx)
		if err := c.Can(auth.ActFollowUp, auth.Target{OfficeID: in.OfficeID}); err != nil {
			return err
		}
		if err := roundExists(ctx, tx, in.RoundID); err != nil {
			return err
		}
		if !contains(ActivityKinds, in.Kind) {
			return domain.ErrBadInput("kind", "Ukjent aktivitet.", "Ukjend aktivitet.", "Unknown kind of activity.")
		}
		if a.OccurredOn.IsZero() {
			a.OccurredOn = domain.DateOf(time.Now())
		}
		ts := domain.NewTextScreen(ctx)
		for _, t := range []struct{ field, text string }{{"note", a.Note}, {"message", in.Message}} {
			if err := ts.Check(t.field, t.text, domain.MaxAssessmentLen); err != nil {
				return err
			}
		}
		if err := ts.Err(); err != nil {
			return err
		}
		if len(in.ServiceIDs) > 0 {
			office, err := officeOfServices(ctx, tx, in.ServiceIDs)
			if err != nil {
				return err
			}
			if office != in.OfficeID {
				return domain.ErrBadInput("serviceIds", "Tjenestene må høre til embetet.", "Tenestene må høyre til embetet.", "The services must belong to the office.")
			}
		} else if in.Kind == "REMINDER" {
			return domain.ErrBadInput("serviceIds", "Velg hvem purringen gjelder.", "Vel kven purringa gjeld.", "Choose who the reminder is for.")
		}
		a.CreatedBy = nz(c.UserID)
		if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
			return err
		}
		for _, sid := range in.ServiceIDs {
			if _, err := tx.NewInsert().Model(&struct {
				bun.BaseModel `bun:"table:follow_up_services"`
				ActivityID    int64
				ServiceID     int64
			}{ActivityID: a.ID, ServiceID: sid}).Exec(ctx); err != nil {
				return err
			}
		}
		if in.Kind == "REMINDER" {
			msg := strings.TrimSpace(in.Message)
			if msg == "" {
				msg = a.Note
			}
			for _, sid := range in.ServiceIDs {
				if _, err := tx.NewInsert().Model(&Outbox{ActivityID: &a.ID, ServiceID: sid, Status: MailPending,
					Subject: "Påminnelse: egenkontroll av undersøkelsesarbeidet", Body: msg}).Exec(ctx); err != nil {
					return err
				}
			}
		}
		return audit(ctx, tx, Change{Action: "follow_up." + strings.ToLower(in.Kind), ObjectType: "follow_up_activity", ObjectID: a.ID, OfficeID: in.OfficeID, New: a})
	})
	if err != nil {
		return nil, fmt.Errorf("record follow-up activity: %w", err)
	}
	return a, nil
}

// QuestionReason is a return reason for one question.
type QuestionReason struct {
	QuestionID int64
	Reason     string
}

// ReturnSubmission sends a submitted form back to the service for correction, with reasons.
func (s *Store) ReturnSubmission(ctx context.Context, submissionID int64, expectedVersion *int, reason string, perQuestion []QuestionReason) (*Submission, error) {
	var sub Submission
	err := s.inTx(ctx, func(tx bun.Tx) error {
		f, err := lockFormByID(ctx, tx, submissionID, auth.ActFollowUp)
		if err != nil {
			return err
		}
		if err := checkVersion(expectedVersion, f.sub.Version, domain.NounSubmission); err != nil {
			return err
		}
		reason = strings.TrimSpace(reason)
		if reason == "" && len(perQuestion) == 0 {
			return domain.ErrBadInput("reason", "Skriv hva som må rettes.", "Skriv kva som må rettast.", "Say what must be corrected.")
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
				return domain.ErrBadInput(fmt.Sprintf("questionReasons[%d].questionId", i), "Spørsmålet hører ikke til denne runden.",
					"Spørsmålet høyrer ikkje til denne runden.", "The question is not part of this round.")
			}
			qid := q.QuestionID
			rows = append(rows, ReturnReason{SubmissionID: f.sub.ID, Revision: f.sub.Revision, QuestionID: &qid, Reason: strings.TrimSpace(q.Reason), CreatedBy: nz(c.UserID)})
			fields = append(fields, fmt.Sprintf("questionReasons[%d].reason", i))
		}
		ts := domain.NewTextScreen(ctx)
		for i, r := range rows {
			if r.Reason == "" {
				return domain.ErrBadInput(fields[i], "Skriv hva som må rettes.", "Skriv kva som må rettast.", "Say what must be corrected.")
			}
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
func (s *Store) ReturnReasons(ctx context.Context, sc Scope, submissionIDs []int64) (map[int64][]ReturnReason, error) {
	var rows []ReturnReason
	out := map[int64][]ReturnReason{}
	if len(submissionIDs) == 0 {
		return out, nil
	}
	err := applyScope(s.DB.NewSelect().Model(&rows).
		Join("JOIN submissions AS sub ON sub.id = rr.submission_id").
		Join("JOIN services AS s ON s.id = sub.service_id").
		Where("rr.submission_id IN (?)", bun.List(submissionIDs)), sc).
		Where("rr.revision = (SELECT max(revision) FROM return_reasons AS x WHERE x.submission_id = rr.submission_id)").
		OrderExpr("rr.submission_id, rr.question_id NULLS FIRST, rr.id").Scan(ctx)
	for _, r := range rows {
		out[r.SubmissionID] = append(out[r.SubmissionID], r)
	}
	return out, err
}

// Participations loads the participations of many (service, round) pairs in one statement.
func (s *Store) Participations(ctx context.Context, sc Scope, keys []SubmissionKey) (map[SubmissionKey]*Participation, error) {
	out := map[SubmissionKey]*Participation{}
	if len(keys) == 0 {
		return out, nil
	}
	services := make([]int64, len(keys))
	rounds := make([]int64, len(keys))
	for i, k := range keys {
		services[i], rounds[i] = k.ServiceID, k.RoundID
	}
	var rows []Participation
	err := applyScope(s.DB.NewSelect().Model(&rows).Join("JOIN services AS s ON s.id = p.service_id").
		Where("(p.service_id, p.round_id) IN (SELECT * FROM unnest(?::bigint[], ?::bigint[]))", pgArray(services), pgArray(rounds)), sc).Scan(ctx)
	for i := range rows {
		out[SubmissionKey{ServiceID: rows[i].ServiceID, RoundID: rows[i].RoundID}] = &rows[i]
	}
	return out, err
}

// meetingScope restricts information meetings (im) to those the scope reaches: the office's own
// (its advisors and national readers), or, for a service, the meetings it attended.
func meetingScope(q *bun.SelectQuery, sc Scope) *bun.SelectQuery {
	switch {
	case sc.None:
		return q.Where("false")
	case sc.ServiceID != 0:
		return q.Where("EXISTS (SELECT 1 FROM participations AS mp WHERE mp.meeting_id = im.id AND mp.service_id = ?)", sc.ServiceID)
	case sc.OfficeID != 0:
		return q.Where("im.office_id = ?", sc.OfficeID)
	}
	return q
}

// MeetingsByID loads the information meetings of ids that the scope reaches.
func (s *Store) MeetingsByID(ctx context.Context, sc Scope, ids []int64) ([]InfoMeeting, error) {
	var out []InfoMeeting
	if len(ids) == 0 {
		return out, nil
	}
	err := meetingScope(s.DB.NewSelect().Model(&out).Where("im.id IN (?)", bun.List(ids)), sc).Scan(ctx)
	return out, err
}

// Meetings lists an office's information meetings in a round that the scope reaches.
func (s *Store) Meetings(ctx context.Context, sc Scope, officeID, roundID int64) ([]InfoMeeting, error) {
	var out []InfoMeeting
	err := meetingScope(s.DB.NewSelect().Model(&out).Where("im.office_id = ? AND im.round_id = ?", officeID, roundID), sc).
		OrderExpr("im.held_on, im.id").Scan(ctx)
	return out, err
}

// MeetingAttendees lists the services that attended each meeting.
// Only the services the scope reaches are listed.
func (s *Store) MeetingAttendees(ctx context.Context, sc Scope, meetingIDs []int64) (map[int64][]int64, error) {
	var rows []struct {
		MeetingID int64
		ServiceID int64
	}
	out := map[int64][]int64{}
	if len(meetingIDs) == 0 {
		return out, nil
	}
	err := applyScope(s.DB.NewSelect().TableExpr("participations AS p").ColumnExpr("p.meeting_id, p.service_id").
		Join("JOIN services AS s ON s.id = p.service_id").
		Where("p.meeting_id IN (?)", bun.List(meetingIDs)), sc).OrderExpr("p.service_id").Scan(ctx, &rows)
	for _, r := range rows {
		out[r.MeetingID] = append(out[r.MeetingID], r.ServiceID)
	}
	return out, err
}

// ActivityFilter selects follow-up activity.
type ActivityFilter struct {
	OfficeID, RoundID, ServiceID int64
}

// Activities lists follow-up activity, newest first, with the services each concerns (two statements).
// Only an office's own advisors and national readers reach them; the services each concerns are
// listed only where the scope reaches them.
func (s *Store) Activities(ctx context.Context, sc Scope, f ActivityFilter) ([]FollowUpActivity, error) {
	var out []FollowUpActivity
	if !sc.SeesOffice(f.OfficeID) {
		return []FollowUpActivity{}, nil
	}
	q := s.DB.NewSelect().Model(&out).Where("fa.office_id = ? AND fa.round_id = ?", f.OfficeID, f.RoundID)
	if f.ServiceID != 0 {
		q = q.Where("EXISTS (SELECT 1 FROM follow_up_services AS fs WHERE fs.activity_id = fa.id AND fs.service_id = ?)", f.ServiceID)
	}
	if err := q.OrderExpr("fa.occurred_on DESC, fa.id DESC").Scan(ctx); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]int64, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	var links []struct {
		ActivityID int64
		ServiceID  int64
	}
	if err := applyScope(s.DB.NewSelect().TableExpr("follow_up_services AS fs").ColumnExpr("fs.activity_id, fs.service_id").
		Join("JOIN services AS s ON s.id = fs.service_id").
		Where("fs.activity_id IN (?)", bun.List(ids)), sc).OrderExpr("fs.service_id").Scan(ctx, &links); err != nil {
		return nil, err
	}
	byID := map[int64]*FollowUpActivity{}
	for i := range out {
		out[i].ServiceIDs = []int64{}
		byID[out[i].ID] = &out[i]
	}
	for _, l := range links {
		byID[l.ActivityID].ServiceIDs = append(byID[l.ActivityID].ServiceIDs, l.ServiceID)
	}
	return out, nil
}

// OutboxFor lists the outbox messages of an activity (for tests and a future mailer).
func (s *Store) OutboxFor(ctx context.Context, activityID int64) ([]Outbox, error) {
	var out []Outbox
	err := s.DB.NewSelect().Model(&out).Where("ob.activity_id = ?", activityID).OrderExpr("ob.service_id").Scan(ctx)
	return out, err
}
