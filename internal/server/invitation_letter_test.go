package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/mail"
	"github.com/egenkontroll/egenkontroll/internal/mail/mailtest"
)

// TestInvitationLetter: Helsetilsynet's draft (seeded, then edited), the office's adaptation sent
// through the outbox over real SMTP to its services' leaders, the reply in the app with who leads
// and who takes part, and the funnel showing it.
func TestInvitationLetter(t *testing.T) {
	c := newLetterCase(t)
	step := inSteps(t) // the steps share the letter's state, in order
	step("Helsetilsynet edits the seeded draft in three languages, version-checked", c.draftEdited)
	step("services never read the draft; the county office does", c.draftReaders)
	step("the office saves its adaptation; sending before saving and personal data are refused", c.letterSaved)
	step("another office reaches neither the letter nor sending it", c.otherOfficeShutOut)
	step("the letter goes through the outbox over SMTP to the leaders with an address", c.letterSent)
	step("the leader reads the letter and replies in the app with who leads and who takes part", c.leaderReplies)
	step("the funnel shows the letter and the reply", c.funnelShowsReply)
	step("the draft, the letter and the sending are audited", c.audited)
}

// letterCase is TestInvitationLetter's world: round 2, Bergen (whose leader has an e-mail
// address) and its office.
type letterCase struct {
	in, a, adv, leader *instance
	r, bergen, office  string
	draftBody          string // the draft's Bokmål body as the office reads it
	letterVersion      int
	recipients         int
}

func newLetterCase(t *testing.T) *letterCase {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	c := &letterCase{in: in, a: a, r: roundID(t, a, 2), bergen: serviceID(t, a, "i Bergen")}
	c.office = officeOf(t, a, c.bergen)
	c.adv = in.advisor(t, c.office)
	c.leader = in.leader(t, c.bergen)
	if _, err := in.DB.ExecContext(context.Background(), `UPDATE users SET email = 'leder@bergen.kommune.no' WHERE username = ?`, "leader."+c.bergen); err != nil {
		t.Fatal(err)
	}
	return c
}

type invitationDraft struct {
	InvitationDraft *struct {
		Subject, Body struct{ NB, NN, EN string }
		Version       int
	}
}

// draftEdited: the seeded draft, in three languages, with the guide's parts; Helsetilsynet edits it.
func (c *letterCase) draftEdited(t *testing.T) {
	var d invitationDraft
	c.a.mustQuery(t, `query($r: ID!) { invitationDraft(roundId: $r) { subject { nb nn en } body { nb nn en } version } }`, map[string]any{"r": c.r}, &d)
	if d.InvitationDraft == nil || !strings.Contains(d.InvitationDraft.Body.NB, "Frivillig deltakelse") || !strings.Contains(d.InvitationDraft.Body.EN, "Legal framework") || d.InvitationDraft.Body.NN == "" {
		t.Fatalf("seeded draft: %+v", d.InvitationDraft)
	}
	c.a.mustFail(t, "BAD_USER_INPUT", `mutation($r: ID!) { saveInvitationDraft(input: {roundId: $r, subject: {nb: "S", nn: "", en: "S"}, body: {nb: "B", nn: "B", en: "B"}}) { version } }`, map[string]any{"r": c.r})
	c.a.mustFail(t, "VERSION_CONFLICT", `mutation($r: ID!) { saveInvitationDraft(input: {roundId: $r, subject: {nb: "S", nn: "S", en: "S"}, body: {nb: "B", nn: "B", en: "B"}, expectedVersion: 99}) { version } }`, map[string]any{"r": c.r})
	body := d.InvitationDraft.Body
	c.a.mustQuery(t, `mutation($r: ID!, $v: Int, $nb: String!, $nn: String!, $en: String!) { saveInvitationDraft(input: {roundId: $r, expectedVersion: $v,
		subject: {nb: "Invitasjon til egenkontroll", nn: "Invitasjon til eigenkontroll", en: "Invitation to a self-assessment"},
		body: {nb: $nb, nn: $nn, en: $en}}) { version } }`,
		map[string]any{"r": c.r, "v": d.InvitationDraft.Version, "nb": body.NB + "\n\nVelkommen!", "nn": body.NN, "en": body.EN}, nil)
}

func (c *letterCase) draftReaders(t *testing.T) {
	c.leader.mustFail(t, "FORBIDDEN", `query($r: ID!) { invitationDraft(roundId: $r) { version } }`, map[string]any{"r": c.r})
	var d invitationDraft
	c.adv.mustQuery(t, `query($r: ID!) { invitationDraft(roundId: $r) { subject { nb } body { nb } } }`, map[string]any{"r": c.r}, &d)
	if d.InvitationDraft.Subject.NB != "Invitasjon til egenkontroll" || !strings.HasSuffix(d.InvitationDraft.Body.NB, "Velkommen!") {
		t.Fatalf("advisor reads %+v", d.InvitationDraft)
	}
	c.draftBody = d.InvitationDraft.Body.NB
}

// letterSaved: the office adapts and saves. Sending before saving is refused; personal data is refused.
func (c *letterCase) letterSaved(t *testing.T) {
	c.adv.mustFail(t, "BAD_USER_INPUT", `mutation($o: ID!, $r: ID!) { sendInvitationLetter(officeId: $o, roundId: $r) { id } }`, map[string]any{"o": c.office, "r": c.r})
	c.adv.mustFail(t, "PERSONAL_DATA", `mutation($o: ID!, $r: ID!) { saveInvitationLetter(input: {officeId: $o, roundId: $r, subject: "Invitasjon", body: "Tekst", contact: "Ring 912 34 567"}) { id } }`, map[string]any{"o": c.office, "r": c.r})
	var saved struct {
		SaveInvitationLetter struct {
			ID, MailText string
			Version      int
			SentAt       *string
			Recipients   []struct{ ID string }
		}
	}
	c.adv.mustQuery(t, `mutation($o: ID!, $r: ID!, $b: String!) { saveInvitationLetter(input: {officeId: $o, roundId: $r, subject: "Invitasjon fra Statsforvalteren i Vestland", body: $b,
		timeAndPlace: "Informasjonsmøte 10. september kl. 10 på Teams", contact: "Rådgiver for barnevern, Statsforvalteren i Vestland"}) { id mailText version sentAt recipients { id } } }`,
		map[string]any{"o": c.office, "r": c.r, "b": c.draftBody}, &saved)
	l := saved.SaveInvitationLetter
	if l.SentAt != nil || !strings.Contains(l.MailText, "Tid og sted: Informasjonsmøte 10. september") || !strings.Contains(l.MailText, "Kontaktperson: Rådgiver") || len(l.Recipients) < 2 {
		t.Fatalf("saved letter %+v", l)
	}
	c.letterVersion, c.recipients = l.Version, len(l.Recipients)
}

func (c *letterCase) otherOfficeShutOut(t *testing.T) {
	tromso := serviceID(t, c.a, "Tromsø")
	other := c.in.advisor(t, officeOf(t, c.a, tromso))
	other.mustFail(t, "NOT_FOUND", `mutation($o: ID!, $r: ID!) { sendInvitationLetter(officeId: $o, roundId: $r) { id } }`, map[string]any{"o": c.office, "r": c.r})
	var none struct{ InvitationLetter *struct{ ID string } }
	other.mustQuery(t, `query($o: ID!, $r: ID!) { invitationLetter(officeId: $o, roundId: $r) { id } }`, map[string]any{"o": c.office, "r": c.r}, &none)
	if none.InvitationLetter != nil {
		t.Fatal("another office read the letter")
	}
}

type letterDeliveries []struct {
	Status  string
	Service struct{ ID string }
}

func (c *letterCase) letterSent(t *testing.T) {
	smtp := mailtest.Start(t, "egk", "hemmelig")
	sender, err := mail.New(mail.Config{SMTPURL: smtp.URL(), PublicURL: "http://egenkontroll.test"}, c.in.Store, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	var sent struct {
		SendInvitationLetter struct {
			SentAt     *string
			Deliveries letterDeliveries
		}
	}
	c.adv.mustQuery(t, `mutation($o: ID!, $r: ID!, $v: Int) { sendInvitationLetter(officeId: $o, roundId: $r, expectedVersion: $v) { sentAt deliveries { status service { id } } } }`,
		map[string]any{"o": c.office, "r": c.r, "v": c.letterVersion}, &sent)
	if sent.SendInvitationLetter.SentAt == nil || len(sent.SendInvitationLetter.Deliveries) != c.recipients {
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
		InvitationLetter struct{ Deliveries letterDeliveries }
	}
	c.adv.mustQuery(t, `query($o: ID!, $r: ID!) { invitationLetter(officeId: $o, roundId: $r) { deliveries { status service { id } } } }`, map[string]any{"o": c.office, "r": c.r}, &after)
	statuses := map[string]string{}
	for _, d := range after.InvitationLetter.Deliveries {
		statuses[d.Service.ID] = d.Status
	}
	if statuses[c.bergen] != "SENT" {
		t.Fatalf("deliveries %+v", statuses)
	}
	for id, st := range statuses {
		if id != c.bergen && st != "NOT_SENT" { // no leader with an address
			t.Errorf("service %s: %s", id, st)
		}
	}
}

// leaderReplies: the leader reads the letter with the participation and replies in the app.
func (c *letterCase) leaderReplies(t *testing.T) {
	var p struct {
		Service struct {
			Participation struct {
				Version int
				Letter  *struct{ Subject, Contact string }
			}
		}
	}
	c.leader.mustQuery(t, `query($s: ID!, $r: ID!) { service(id: $s) { participation(roundId: $r) { version letter { subject contact } } } }`, map[string]any{"s": c.bergen, "r": c.r}, &p)
	if p.Service.Participation.Letter == nil || p.Service.Participation.Letter.Contact != "Rådgiver for barnevern, Statsforvalteren i Vestland" {
		t.Fatalf("leader's participation %+v", p.Service.Participation)
	}
	c.leader.mustFail(t, "PERSONAL_DATA", `mutation($s: ID!, $r: ID!) { recordReply(input: {serviceId: $s, roundId: $r, reply: YES, leadRole: "kari@bergen.kommune.no"}) { id } }`, map[string]any{"s": c.bergen, "r": c.r})
	c.leader.mustQuery(t, `mutation($s: ID!, $r: ID!, $v: Int) { recordReply(input: {serviceId: $s, roundId: $r, reply: YES, plannedFrom: "2025-10", plannedTo: "2025-11",
		leadRole: "Fagleder undersøkelse", participantRoles: "To saksbehandlere og leder", expectedVersion: $v}) { id } }`,
		map[string]any{"s": c.bergen, "r": c.r, "v": p.Service.Participation.Version}, nil)
}

func (c *letterCase) funnelShowsReply(t *testing.T) {
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
	c.adv.mustQuery(t, `query($r: ID!) { funnel(roundId: $r) { entries { service { id } stage leadRole participantRoles letterSentAt plannedFrom } } }`, map[string]any{"r": c.r}, &f)
	found := false
	for _, e := range f.Funnel.Entries {
		if e.Service.ID == c.bergen {
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
}

func (c *letterCase) audited(t *testing.T) {
	var n int
	if err := c.in.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action IN ('invitation_draft.save', 'invitation_letter.save', 'invitation_letter.send')`).Scan(&n); err != nil || n != 3 {
		t.Fatalf("audit entries %d (%v)", n, err)
	}
}
