package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/mail"
	"github.com/egenkontroll/egenkontroll/internal/mail/mailtest"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestInvitationLetter: Helsetilsynet's draft (seeded, then edited), the office's adaptation sent
// through the outbox over real SMTP to its services' leaders, the reply in the app with who leads
// and who takes part, and the funnel showing it.
func TestInvitationLetter(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	r := roundID(t, a, 2)
	bergen := serviceID(t, a, "i Bergen")
	office := officeOf(t, a, bergen)
	adv := in.advisor(t, office)
	leader := in.leader(t, bergen)
	if _, err := in.Store.DB.ExecContext(context.Background(), `UPDATE users SET email = 'leder@bergen.kommune.no' WHERE username = ?`, "leader."+bergen); err != nil {
		t.Fatal(err)
	}

	// The seeded draft, in three languages, with the guide's parts; Helsetilsynet edits it.
	var d struct {
		InvitationDraft *struct {
			Subject, Body struct{ NB, NN, EN string }
			Version       int
		}
	}
	a.mustQuery(t, `query($r: ID!) { invitationDraft(roundId: $r) { subject { nb nn en } body { nb nn en } version } }`, map[string]any{"r": r}, &d)
	if d.InvitationDraft == nil || !strings.Contains(d.InvitationDraft.Body.NB, "Frivillig deltakelse") || !strings.Contains(d.InvitationDraft.Body.EN, "Legal framework") || d.InvitationDraft.Body.NN == "" {
		t.Fatalf("seeded draft: %+v", d.InvitationDraft)
	}
	a.mustFail(t, "BAD_USER_INPUT", `mutation($r: ID!) { saveInvitationDraft(input: {roundId: $r, subject: {nb: "S", nn: "", en: "S"}, body: {nb: "B", nn: "B", en: "B"}}) { version } }`, map[string]any{"r": r})
	a.mustFail(t, "VERSION_CONFLICT", `mutation($r: ID!) { saveInvitationDraft(input: {roundId: $r, subject: {nb: "S", nn: "S", en: "S"}, body: {nb: "B", nn: "B", en: "B"}, expectedVersion: 99}) { version } }`, map[string]any{"r": r})
	body := d.InvitationDraft.Body
	a.mustQuery(t, `mutation($r: ID!, $v: Int, $nb: String!, $nn: String!, $en: String!) { saveInvitationDraft(input: {roundId: $r, expectedVersion: $v,
		subject: {nb: "Invitasjon til egenkontroll", nn: "Invitasjon til eigenkontroll", en: "Invitation to a self-assessment"},
		body: {nb: $nb, nn: $nn, en: $en}}) { version } }`,
		map[string]any{"r": r, "v": d.InvitationDraft.Version, "nb": body.NB + "\n\nVelkommen!", "nn": body.NN, "en": body.EN}, nil)
	// Services never read the draft; the county office does.
	leader.mustFail(t, "FORBIDDEN", `query($r: ID!) { invitationDraft(roundId: $r) { version } }`, map[string]any{"r": r})
	adv.mustQuery(t, `query($r: ID!) { invitationDraft(roundId: $r) { subject { nb } body { nb } } }`, map[string]any{"r": r}, &d)
	if d.InvitationDraft.Subject.NB != "Invitasjon til egenkontroll" || !strings.HasSuffix(d.InvitationDraft.Body.NB, "Velkommen!") {
		t.Fatalf("advisor reads %+v", d.InvitationDraft)
	}

	// The office adapts and sends. Sending before saving is refused; personal data is refused.
	adv.mustFail(t, "BAD_USER_INPUT", `mutation($o: ID!, $r: ID!) { sendInvitationLetter(officeId: $o, roundId: $r) { id } }`, map[string]any{"o": office, "r": r})
	adv.mustFail(t, "PERSONAL_DATA", `mutation($o: ID!, $r: ID!) { saveInvitationLetter(input: {officeId: $o, roundId: $r, subject: "Invitasjon", body: "Tekst", contact: "Ring 912 34 567"}) { id } }`, map[string]any{"o": office, "r": r})
	var saved struct {
		SaveInvitationLetter struct {
			ID, MailText string
			Version      int
			SentAt       *string
			Recipients   []struct{ ID string }
		}
	}
	adv.mustQuery(t, `mutation($o: ID!, $r: ID!, $b: String!) { saveInvitationLetter(input: {officeId: $o, roundId: $r, subject: "Invitasjon fra Statsforvalteren i Vestland", body: $b,
		timeAndPlace: "Informasjonsmøte 10. september kl. 10 på Teams", contact: "Rådgiver for barnevern, Statsforvalteren i Vestland"}) { id mailText version sentAt recipients { id } } }`,
		map[string]any{"o": office, "r": r, "b": d.InvitationDraft.Body.NB}, &saved)
	l := saved.SaveInvitationLetter
	if l.SentAt != nil || !strings.Contains(l.MailText, "Tid og sted: Informasjonsmøte 10. september") || !strings.Contains(l.MailText, "Kontaktperson: Rådgiver") || len(l.Recipients) < 2 {
		t.Fatalf("saved letter %+v", l)
	}
	// Another office's advisor reaches neither the letter nor sending it.
	tromso := serviceID(t, a, "Tromsø")
	other := in.advisor(t, officeOf(t, a, tromso))
	other.mustFail(t, "NOT_FOUND", `mutation($o: ID!, $r: ID!) { sendInvitationLetter(officeId: $o, roundId: $r) { id } }`, map[string]any{"o": office, "r": r})
	var none struct{ InvitationLetter *struct{ ID string } }
	other.mustQuery(t, `query($o: ID!, $r: ID!) { invitationLetter(officeId: $o, roundId: $r) { id } }`, map[string]any{"o": office, "r": r}, &none)
	if none.InvitationLetter != nil {
		t.Fatal("another office read the letter")
	}

	smtp := mailtest.Start(t, "egk", "hemmelig")
	sender, err := mail.New(mail.Config{SMTPURL: smtp.URL(), PublicURL: "http://egenkontroll.test"}, in.Store, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	var sent struct {
		SendInvitationLetter struct {
			SentAt     *string
			Deliveries []struct {
				Status  string
				Service struct{ ID string }
			}
		}
	}
	adv.mustQuery(t, `mutation($o: ID!, $r: ID!, $v: Int) { sendInvitationLetter(officeId: $o, roundId: $r, expectedVersion: $v) { sentAt deliveries { status service { id } } } }`,
		map[string]any{"o": office, "r": r, "v": l.Version}, &sent)
	if sent.SendInvitationLetter.SentAt == nil || len(sent.SendInvitationLetter.Deliveries) != len(l.Recipients) {
		t.Fatalf("sent %+v", sent.SendInvitationLetter)
	}
	if _, err := sender.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs := smtp.Wait(1, 5*time.Second)
	if len(msgs) != 1 || msgs[0].To[0] != "leder@bergen.kommune.no" || !strings.Contains(msgs[0].Body, "Kontaktperson: R") {
		t.Fatalf("arrived: %+v", msgs)
	}
	var after struct {
		InvitationLetter struct {
			Deliveries []struct {
				Status  string
				Service struct{ ID string }
			}
		}
	}
	adv.mustQuery(t, `query($o: ID!, $r: ID!) { invitationLetter(officeId: $o, roundId: $r) { deliveries { status service { id } } } }`, map[string]any{"o": office, "r": r}, &after)
	statuses := map[string]string{}
	for _, d := range after.InvitationLetter.Deliveries {
		statuses[d.Service.ID] = d.Status
	}
	if statuses[bergen] != "SENT" {
		t.Fatalf("deliveries %+v", statuses)
	}
	for id, st := range statuses {
		if id != bergen && st != "NOT_SENT" { // no leader with an address
			t.Errorf("service %s: %s", id, st)
		}
	}

	// The leader reads the letter with the participation and replies in the app.
	var p struct {
		Service struct {
			Participation struct {
				Version int
				Letter  *struct{ Subject, Contact string }
			}
		}
	}
	leader.mustQuery(t, `query($s: ID!, $r: ID!) { service(id: $s) { participation(roundId: $r) { version letter { subject contact } } } }`, map[string]any{"s": bergen, "r": r}, &p)
	if p.Service.Participation.Letter == nil || p.Service.Participation.Letter.Contact != "Rådgiver for barnevern, Statsforvalteren i Vestland" {
		t.Fatalf("leader's participation %+v", p.Service.Participation)
	}
	leader.mustFail(t, "PERSONAL_DATA", `mutation($s: ID!, $r: ID!) { recordReply(input: {serviceId: $s, roundId: $r, reply: YES, leadRole: "kari@bergen.kommune.no"}) { id } }`, map[string]any{"s": bergen, "r": r})
	leader.mustQuery(t, `mutation($s: ID!, $r: ID!, $v: Int) { recordReply(input: {serviceId: $s, roundId: $r, reply: YES, plannedFrom: "2025-10", plannedTo: "2025-11",
		leadRole: "Fagleder undersøkelse", participantRoles: "To saksbehandlere og leder", expectedVersion: $v}) { id } }`,
		map[string]any{"s": bergen, "r": r, "v": p.Service.Participation.Version}, nil)
	var f struct {
		Funnel struct {
			Entries []struct {
				Service                   struct{ ID string }
				Stage, LeadRole           string
				ParticipantRoles          string
				LetterSentAt, PlannedFrom *string
			}
		}
	}
	adv.mustQuery(t, `query($r: ID!) { funnel(roundId: $r) { entries { service { id } stage leadRole participantRoles letterSentAt plannedFrom } } }`, map[string]any{"r": r}, &f)
	found := false
	for _, e := range f.Funnel.Entries {
		if e.Service.ID == bergen {
			found = true
			if e.Stage != "AGREED" || e.LeadRole != "Fagleder undersøkelse" || e.ParticipantRoles != "To saksbehandlere og leder" || e.LetterSentAt == nil || e.PlannedFrom == nil {
				t.Errorf("funnel entry %+v", e)
			}
		} else if e.LetterSentAt == nil {
			t.Errorf("service %s has no letter sent", e.Service.ID)
		}
	}
	if !found {
		t.Fatal("Bergen not in the funnel")
	}
	// Audited.
	var n int
	if err := in.Store.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action IN ('invitation_draft.save', 'invitation_letter.save', 'invitation_letter.send')`).Scan(&n); err != nil || n != 3 {
		t.Fatalf("audit entries %d (%v)", n, err)
	}
}

// TestOfficeDeadline: an office moves the deadline of all its services with a reason; a later
// extension of one service still wins; late, overdue and the deadline shown follow the one rule.
func TestOfficeDeadline(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	r := roundID(t, a, 2) // deadline 2026-03-31
	bergen := serviceID(t, a, "i Bergen")
	office := officeOf(t, a, bergen)
	adv := in.advisor(t, office)
	leader := in.leader(t, bergen)
	ctx := context.Background()

	for _, bad := range []string{
		`{officeId: $o, roundId: $r, deadline: "2026-03-31", reason: "For tidlig"}`, // not after the round's
		`{officeId: $o, roundId: $r, deadline: "2026-05-31", reason: "  "}`,         // no reason
	} {
		adv.mustFail(t, "BAD_USER_INPUT", `mutation($o: ID!, $r: ID!) { setOfficeDeadline(input: `+bad+`) { deadline } }`, map[string]any{"o": office, "r": r})
	}
	in.advisor(t, officeOf(t, a, serviceID(t, a, "Tromsø"))).mustFail(t, "NOT_FOUND",
		`mutation($o: ID!, $r: ID!) { setOfficeDeadline(input: {officeId: $o, roundId: $r, deadline: "2026-05-31", reason: "Møter"}) { deadline } }`, map[string]any{"o": office, "r": r})
	leader.mustFail(t, "FORBIDDEN", `mutation($o: ID!, $r: ID!) { setOfficeDeadline(input: {officeId: $o, roundId: $r, deadline: "2026-05-31", reason: "Møter"}) { deadline } }`, map[string]any{"o": office, "r": r})
	var cnt int
	_ = in.Store.DB.QueryRowContext(ctx, `SELECT count(*) FROM office_deadlines`).Scan(&cnt)
	if cnt != 0 {
		t.Fatal("a refused deadline was stored")
	}

	// A submitted form, late against the round's deadline (submitted 2026-04-15).
	sub, err := in.Store.CreateCase(system, mustInt(bergen), mustInt(r), store.CaseFields{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Store.DB.ExecContext(ctx, `UPDATE submissions SET status = 'SUBMITTED', revision = 1, late = true,
		submitted_at = '2026-04-15 10:00+02' WHERE id = ?`, sub.SubmissionID); err != nil {
		t.Fatal(err)
	}
	adv.mustQuery(t, `mutation($o: ID!, $r: ID!) { setOfficeDeadline(input: {officeId: $o, roundId: $r, deadline: "2026-04-30", reason: "Lokale informasjonsmøter ble flyttet"}) { deadline reason } }`,
		map[string]any{"o": office, "r": r}, nil)
	var s struct {
		Submission struct {
			Late     bool
			Deadline string
		}
		OfficeDeadline *struct{ Deadline, Reason string }
	}
	q := `query($s: ID!, $o: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { late deadline } officeDeadline(officeId: $o, roundId: $r) { deadline reason } }`
	vars := map[string]any{"s": bergen, "o": office, "r": r}
	leader.mustQuery(t, q, vars, &s)
	if s.Submission.Late || s.Submission.Deadline != "2026-04-30" || s.OfficeDeadline == nil || s.OfficeDeadline.Reason != "Lokale informasjonsmøter ble flyttet" {
		t.Fatalf("after the office's deadline: %+v %+v", s.Submission, s.OfficeDeadline)
	}
	// A later extension of the one service wins; an earlier one does not.
	adv.mustQuery(t, `mutation($s: ID!, $r: ID!) { grantExtension(input: {serviceId: $s, roundId: $r, until: "2026-04-10", reason: "Sykdom"}) { id } }`, map[string]any{"s": bergen, "r": r}, nil)
	leader.mustQuery(t, q, vars, &s)
	if s.Submission.Deadline != "2026-04-30" || s.Submission.Late {
		t.Fatalf("an earlier extension changed the deadline: %+v", s.Submission)
	}
	adv.mustQuery(t, `mutation($s: ID!, $r: ID!) { grantExtension(input: {serviceId: $s, roundId: $r, until: "2026-05-15", reason: "Sykdom"}) { id } }`, map[string]any{"s": bergen, "r": r}, nil)
	leader.mustQuery(t, q, vars, &s)
	if s.Submission.Deadline != "2026-05-15" {
		t.Fatalf("a later extension did not win: %+v", s.Submission)
	}
	// The funnel uses the same rule: the other services of the office get the office's deadline.
	var f struct {
		Funnel struct {
			Entries []struct {
				Service  struct{ ID string }
				Deadline string
			}
		}
	}
	adv.mustQuery(t, `query($r: ID!) { funnel(roundId: $r) { entries { service { id } deadline } } }`, map[string]any{"r": r}, &f)
	for _, e := range f.Funnel.Entries {
		want := "2026-04-30"
		if e.Service.ID == bergen {
			want = "2026-05-15"
		}
		if e.Deadline != want {
			t.Errorf("funnel deadline of %s: %s, want %s", e.Service.ID, e.Deadline, want)
		}
	}
	// Going back to the round's deadline re-judges the form against the extension (still later).
	adv.mustQuery(t, `mutation($o: ID!, $r: ID!) { setOfficeDeadline(input: {officeId: $o, roundId: $r}) { deadline } }`, map[string]any{"o": office, "r": r}, nil)
	leader.mustQuery(t, q, vars, &s)
	if s.OfficeDeadline != nil || s.Submission.Deadline != "2026-05-15" || s.Submission.Late {
		t.Fatalf("after removing: %+v %+v", s.Submission, s.OfficeDeadline)
	}
	var n int
	_ = in.Store.DB.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'office_deadline.set'`).Scan(&n)
	if n != 2 {
		t.Fatalf("%d audit entries", n)
	}
}

// TestRoundSummaries: Helsetilsynet writes a draft summary citing figures, publishes it, and it is
// then immutable; offices and services read only published summaries, with the cited figures live
// from the published statistics.
func TestRoundSummaries(t *testing.T) {
	in := startInstance(t, newDatabase(t, true), nil)
	a := in.analyst(t)
	r := roundID(t, a, 1)
	bergen := serviceID(t, a, "i Bergen")
	adv := in.advisor(t, officeOf(t, a, bergen))
	leader := in.leader(t, bergen)
	save := `mutation($id: ID, $r: ID!, $v: Int, $c: [CitationInput!]) { saveRoundSummary(input: {id: $id, roundId: $r, kind: MIDWAY, expectedVersion: $v,
		title: {nb: "Halvveis", nn: "Halvvegs", en: "Midway"}, body: {nb: "Tjenestene har kommet godt i gang.", nn: "Tenestene har kome godt i gang.", en: "The services are well under way."},
		citations: $c}) { id version publishedAt citations { questionCode figure value withheld } } }`
	a.mustFail(t, "BAD_USER_INPUT", save, map[string]any{"r": r, "c": []any{map[string]any{"questionCode": "99.9", "figure": "YES_SHARE"}}})
	var rs struct {
		SaveRoundSummary struct {
			ID        string
			Version   int
			Citations []struct {
				Value    *float64
				Withheld bool
			}
		}
	}
	a.mustQuery(t, save, map[string]any{"r": r, "c": []any{map[string]any{"questionCode": "1.1", "figure": "YES_SHARE"}, map[string]any{"questionCode": "1.1", "figure": "CASES"}}}, &rs)
	if len(rs.SaveRoundSummary.Citations) != 2 || rs.SaveRoundSummary.Citations[0].Value != nil {
		t.Fatalf("before the figures are published: %+v", rs.SaveRoundSummary.Citations)
	}
	list := `query($r: ID!) { roundSummaries(roundId: $r) { id publishedAt citations { value } } }`
	var got struct {
		RoundSummaries []struct {
			ID          string
			PublishedAt *string
			Citations   []struct{ Value *float64 }
		}
	}
	for _, c := range []*instance{adv, leader} {
		c.mustQuery(t, list, map[string]any{"r": r}, &got)
		if len(got.RoundSummaries) != 0 {
			t.Fatalf("a draft was read outside Helsetilsynet: %+v", got)
		}
	}
	adv.mustFail(t, "FORBIDDEN", `mutation($id: ID!) { publishRoundSummary(id: $id) { id } }`, map[string]any{"id": rs.SaveRoundSummary.ID})
	a.mustQuery(t, `mutation($id: ID!, $v: Int) { publishRoundSummary(id: $id, expectedVersion: $v) { id } }`, map[string]any{"id": rs.SaveRoundSummary.ID, "v": rs.SaveRoundSummary.Version}, nil)
	a.mustFail(t, "BAD_USER_INPUT", save, map[string]any{"id": rs.SaveRoundSummary.ID, "r": r, "c": []any{}})
	a.mustQuery(t, `mutation($r: ID!) { publishRoundFigures(roundId: $r) { id } }`, map[string]any{"r": r}, nil)
	for _, c := range []*instance{adv, leader} {
		c.mustQuery(t, list, map[string]any{"r": r}, &got)
		if len(got.RoundSummaries) != 1 || got.RoundSummaries[0].PublishedAt == nil || got.RoundSummaries[0].Citations[1].Value == nil || *got.RoundSummaries[0].Citations[1].Value <= 0 {
			t.Fatalf("published summary: %+v", got.RoundSummaries)
		}
	}
	var n int
	_ = in.Store.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action IN ('round_summary.save', 'round_summary.publish')`).Scan(&n)
	if n != 2 {
		t.Fatalf("%d audit entries", n)
	}
}
