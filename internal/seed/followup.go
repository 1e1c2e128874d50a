package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// demoFollowUp adds the county governors' side of the story to each round: invitations in June,
// an information meeting, replies (some late, a few declining), reminders and contacts to the
// services that lag behind, the reasons of the returned form, and county reports (round 1 sent by
// most offices). Only rounds without participations get any.
func demoFollowUp(ctx context.Context, tx bun.Tx) error {
	var rounds []store.Round
	if err := tx.NewSelect().Model(&rounds).OrderExpr("r.number").Scan(ctx); err != nil {
		return err
	}
	var offices []store.Office
	if err := tx.NewSelect().Model(&offices).OrderExpr("o.id").Scan(ctx); err != nil {
		return err
	}
	for _, r := range rounds {
		done, err := tx.NewSelect().Table("participations").Where("round_id = ?", r.ID).Exists(ctx)
		if err != nil || done {
			return err
		}
		start := r.PeriodStart.Time()
		for _, o := range offices {
			if err := demoOfficeRound(ctx, tx, o, r, start); err != nil {
				return fmt.Errorf("follow-up of %s in round %d: %w", o.Code, r.Number, err)
			}
		}
	}
	return demoReturnReasons(ctx, tx)
}

// demoServiceRow is a demo service of an office with its form in a round, if any.
type demoServiceRow struct {
	ID          int64
	Name        string
	Status      *domain.Status
	SubmittedAt *time.Time
}

// demoOfficeRound is one office's follow-up of one round: the information meeting, the services'
// replies, the activities and the county report.
func demoOfficeRound(ctx context.Context, tx bun.Tx, o store.Office, r store.Round, start time.Time) error {
	rng := rngFor(o.Code, fmt.Sprint(r.Number), "follow-up")
	var rows []demoServiceRow
	if err := tx.NewSelect().TableExpr("services AS s").
		Join("LEFT JOIN submissions AS sub ON sub.service_id = s.id AND sub.round_id = ?", r.ID).
		ColumnExpr("s.id, s.name, sub.status, sub.submitted_at").
		Where("s.office_id = ? AND s.name IN (?)", o.ID, bun.List(demoServiceNames())).OrderExpr("s.name").Scan(ctx, &rows); err != nil {
		return err
	}
	meetingDay := domain.DateOf(start.AddDate(0, -1, 4))
	meeting := &store.InfoMeeting{OfficeID: o.ID, RoundID: r.ID, HeldOn: meetingDay, Format: domain.MeetingFormats[rng.IntN(3)],
		Title: fmt.Sprintf("Informasjonsmøte om egenkontroll nr. %d", r.Number), CreatedAt: meetingDay.Time()}
	if _, err := tx.NewInsert().Model(meeting).Exec(ctx); err != nil {
		return err
	}
	lagging, err := demoParticipations(ctx, tx, rng, rows, r, meeting, start)
	if err != nil {
		return err
	}
	if err := demoActivities(ctx, tx, o, r, meetingDay, lagging); err != nil {
		return err
	}
	return demoCountyReport(ctx, tx, rng, o, r)
}

// demoParticipations records each service's invitation and reply: those who took part said yes
// after the meeting, most of the others said no with a reason; it returns the services that have
// not sent their form.
func demoParticipations(ctx context.Context, tx bun.Tx, rng *rand.Rand, rows []demoServiceRow, r store.Round,
	meeting *store.InfoMeeting, start time.Time) ([]int64, error) {
	invited := start.AddDate(0, -3, -10)
	meetingDay := meeting.HeldOn
	var lagging []int64
	for _, s := range rows {
		p := &store.Participation{ServiceID: s.ID, RoundID: r.ID, InvitedAt: invited, Version: 1, UpdatedAt: invited}
		took := s.Status != nil
		if took || rng.Float64() < 0.5 {
			p.MeetingID = &meeting.ID
		}
		switch {
		case took:
			yes := domain.ReplyYes
			on := meetingDay.AddDays(3 + rng.IntN(16)) // a few after the two weeks
			from := domain.YearMonth{Date: domain.NewDate(start.Year(), start.Month(), 1)}
			to := domain.YearMonth{Date: domain.NewDate(r.PeriodEnd.Time().Year(), r.PeriodEnd.Time().Month(), 1)}
			p.Reply, p.RepliedOn, p.PlannedFrom, p.PlannedTo = &yes, &on, &from, &to
			if s.SubmittedAt != nil {
				p.NextAssessment = []string{"Ny egenkontroll høsten etter at tiltakene er innført.",
					"Planlegger ny egenkontroll om ett år.", "Tar ny egenkontroll når forbedringsplanen er gjennomført."}[rng.IntN(3)]
			} else {
				p.NextAssessment = "Har startet gjennomgangen, men ikke fullført."
			}
		case rng.Float64() < 0.6:
			no := domain.ReplyNo
			on := meetingDay.AddDays(5 + rng.IntN(10))
			p.Reply, p.RepliedOn = &no, &on
			p.DeclineReason = []string{"Stor utskifting i ledelsen denne høsten.", "Tjenesten er i omorganisering og prioriterer det.",
				"Nylig gjennomført tilsvarende internrevisjon."}[rng.IntN(3)]
		}
		if _, err := tx.NewInsert().Model(p).Exec(ctx); err != nil {
			return nil, err
		}
		if s.Status == nil || s.SubmittedAt == nil {
			lagging = append(lagging, s.ID)
		}
	}
	return lagging, nil
}

// demoActivities records the office's contacts, notes, reminders (with the mail they would have
// sent) and a meeting with the services that lag behind.
func demoActivities(ctx context.Context, tx bun.Tx, o store.Office, r store.Round, meetingDay domain.Date, lagging []int64) error {
	deadline := r.Deadline.Time()
	activities := []store.FollowUpActivity{
		{Kind: domain.FollowUpContact, OccurredOn: meetingDay.AddDays(-20), Note: "Sendte invitasjon og veileder til alle tjenestene i embetet."},
		{Kind: domain.FollowUpNote, OccurredOn: meetingDay.AddDays(1), Note: "God deltakelse på informasjonsmøtet; spørsmål om utvalg av saker besvart."},
	}
	if len(lagging) > 0 {
		activities = append(activities,
			store.FollowUpActivity{Kind: domain.FollowUpReminder, OccurredOn: domain.DateOf(deadline.AddDate(0, 0, -14)), ServiceIDs: lagging,
				Note: "Påminnelse om fristen for samleskjema og forbedringsplan."},
			store.FollowUpActivity{Kind: domain.FollowUpReminder, OccurredOn: domain.DateOf(deadline.AddDate(0, 0, 10)), ServiceIDs: lagging,
				Note: "Purring: samleskjema og forbedringsplan er ikke mottatt."},
			store.FollowUpActivity{Kind: domain.FollowUpMeeting, OccurredOn: domain.DateOf(deadline.AddDate(0, 0, 20)), ServiceIDs: lagging[:1],
				Note: "Oppfølgingsmøte om hvordan tjenesten kan komme i gang."})
	}
	for i := range activities {
		a := &activities[i]
		a.OfficeID, a.RoundID, a.CreatedAt = o.ID, r.ID, a.OccurredOn.Time()
		if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
			return err
		}
		for _, sid := range a.ServiceIDs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO follow_up_services (activity_id, service_id) VALUES (?, ?)", a.ID, sid); err != nil {
				return err
			}
			if a.Kind == domain.FollowUpReminder {
				sent := a.OccurredOn.Time()
				if _, err := tx.NewInsert().Model(&store.Outbox{ActivityID: &a.ID, ServiceID: sid, Status: store.MailNotSent, LastError: "demodata", Subject: "Påminnelse: egenkontroll av undersøkelsesarbeidet",
					Body: a.Note, CreatedAt: sent, SentAt: &sent, Attempts: 1}).Exec(ctx); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// demoCountyReport: most offices sent the report for round 1; round 2 reports are being written.
func demoCountyReport(ctx context.Context, tx bun.Tx, rng *rand.Rand, o store.Office, r store.Round) error {
	if r.Number == 1 && rng.Float64() < 0.8 || r.Number > 1 && rng.Float64() < 0.5 {
		rec := &store.CountyReportRecord{OfficeID: o.ID, RoundID: r.ID, Version: 1, Comments: map[string]string{
			"GENERAL":      "Embetet opplever at egenkontrollen er godt mottatt av tjenestene.",
			"OWN_ACTIVITY": "Vi har fulgt opp tjenestene som ikke leverte, per e-post og telefon.",
		}}
		if r.Number == 1 {
			before := 3 + rng.IntN(10)
			at := WorkingHours(r.ReportDeadline.Time().AddDate(0, 0, -before), before*7+int(o.ID))
			rec.SubmittedAt, rec.UpdatedAt = &at, at
		}
		if _, err := tx.NewInsert().Model(rec).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// demoReturnReasons gives the returned demo form its reasons.
func demoReturnReasons(ctx context.Context, tx bun.Tx) error {
	var subs []store.Submission
	if err := tx.NewSelect().Model(&subs).Where("sub.status = 'RETURNED'").Scan(ctx); err != nil {
		return err
	}
	for _, sub := range subs {
		exists, err := tx.NewSelect().Table("return_reasons").Where("submission_id = ?", sub.ID).Exists(ctx)
		if err != nil || exists {
			return err
		}
		var q store.Question
		if err := tx.NewSelect().Model(&q).Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
			Where("r.id = ?", sub.RoundID).OrderExpr("q.position").Limit(1).Offset(8).Scan(ctx); err != nil {
			return err
		}
		reasons := []store.ReturnReason{
			{SubmissionID: sub.ID, Revision: sub.Revision, Reason: "Forbedringsplanen mangler ansvarlig og frist for tiltakene.", CreatedAt: *sub.ReturnedAt},
			{SubmissionID: sub.ID, Revision: sub.Revision, QuestionID: &q.ID, Reason: "Svarene på dette spørsmålet stemmer ikke med kommentaren i vurderingen.", CreatedAt: *sub.ReturnedAt},
		}
		if _, err := tx.NewInsert().Model(&reasons).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
