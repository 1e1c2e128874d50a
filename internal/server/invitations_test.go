package server_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/mail"
	"github.com/egenkontroll/egenkontroll/internal/mail/mailtest"
)

// TestInvitations: a county advisor invites a service's leader; the mail arrives over SMTP with a
// one-time link; the leader sets a password and is signed in; the leader invites staff, revokes
// one invitation, and the web app's lists say what became of each mail.
func TestInvitations(t *testing.T) {
	c := newInvitationCase(t)
	step := inSteps(t) // the steps share the invitations' state, in order
	step("the office invites a leader, and the mail arrives with a one-time link", c.officeInvitesLeader)
	step("the link's page is public and says what it offers", c.linkPreview)
	step("accepting with a password signs the leader in, once", c.accept)
	step("the leader invites staff and revokes one invitation, never the office's", c.leaderInvitesStaff)
	step("the list says what became of each mail, and only the leader reads it", c.invitationList)
	step("a reminder from the office reaches the leader by e-mail", c.reminderByMail)
}

// invitationCase is TestInvitations' world: Bergen, its office's advisor, an SMTP server and the
// mail sender, and the invitation as the steps leave it.
type invitationCase struct {
	in, a, adv, leader *instance
	bergen, office     string
	smtp               *mailtest.Server
	sender             *mail.Sender
	token              string // the leader's one-time link
	leaderInvitation   string // the office's invitation of the leader
}

func newInvitationCase(t *testing.T) *invitationCase {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	c := &invitationCase{in: in, a: a, bergen: serviceID(t, a, "i Bergen")}
	c.office = officeOf(t, a, c.bergen)
	c.adv = in.advisor(t, c.office)
	c.smtp = mailtest.Start(t, "egk", "hemmelig")
	var err error
	c.sender, err = mail.New(mail.Config{SMTPURL: c.smtp.URL(), PublicURL: "http://egenkontroll.test"}, in.Store, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// flush sends what the outbox holds.
func (c *invitationCase) flush(t *testing.T) {
	t.Helper()
	if _, err := c.sender.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (c *invitationCase) officeInvitesLeader(t *testing.T) {
	var v struct {
		Viewer struct {
			InvitesRole       *string
			CanManageRegister bool
		}
	}
	c.adv.mustQuery(t, `{ viewer { invitesRole canManageRegister } }`, nil, &v)
	if v.Viewer.InvitesRole == nil || *v.Viewer.InvitesRole != "SERVICE_LEADER" || !v.Viewer.CanManageRegister {
		t.Fatalf("advisor viewer %+v", v.Viewer)
	}
	c.adv.mustFail(t, "BAD_USER_INPUT", `mutation($s: ID!) { createInvitation(input: {serviceId: $s, email: "ikke en adresse"}) { id } }`, map[string]any{"s": c.bergen})
	var created struct {
		CreateInvitation struct {
			ID, Role, Email, State string
			Mail                   struct{ Status string }
		}
	}
	c.adv.mustQuery(t, `mutation($s: ID!) { createInvitation(input: {serviceId: $s, email: "Leder@Bergen.Kommune.no"}) { id role email state mail { status } } }`,
		map[string]any{"s": c.bergen}, &created)
	if inv := created.CreateInvitation; inv.Role != "SERVICE_LEADER" || inv.Email != "leder@bergen.kommune.no" || inv.State != "PENDING" || inv.Mail.Status != "PENDING" {
		t.Fatalf("created %+v", inv)
	}
	c.leaderInvitation = created.CreateInvitation.ID
	c.flush(t)
	msgs := c.smtp.Wait(1, 5*time.Second)
	if len(msgs) != 1 || msgs[0].To[0] != "leder@bergen.kommune.no" {
		t.Fatalf("arrived: %+v", msgs)
	}
	link := inviteLinkRE.FindStringSubmatch(msgs[0].Body)
	if link == nil {
		t.Fatalf("no link: %s", msgs[0].Body)
	}
	c.token = link[1]
	// The one who follows the link: without credentials, with a cookie jar of their own.
	anon := *c.in
	jar, _ := cookiejar.New(nil)
	anon.client = &http.Client{Jar: jar}
	c.leader = &anon
}

func (c *invitationCase) linkPreview(t *testing.T) {
	var preview struct {
		Invitation *struct{ ServiceName, Role, Email, State string }
	}
	c.leader.mustQuery(t, `query($t: String!) { invitation(token: $t) { serviceName role email state } }`, map[string]any{"t": c.token}, &preview)
	if p := preview.Invitation; p == nil || p.ServiceName != "Barneverntjenesten i Bergen" || p.Role != "SERVICE_LEADER" || p.State != "PENDING" {
		t.Fatalf("preview %+v", preview.Invitation)
	}
}

func (c *invitationCase) accept(t *testing.T) {
	c.leader.mustFail(t, "BAD_USER_INPUT", `mutation($t: String!) { acceptInvitation(input: {token: $t, displayName: "Kari Leder", password: "kort"}) { kind } }`,
		map[string]any{"t": c.token})
	var accepted struct {
		AcceptInvitation struct {
			Kind, Role string
			Service    struct{ ID string }
		}
	}
	c.leader.mustQuery(t, `mutation($t: String!) { acceptInvitation(input: {token: $t, displayName: "Kari Leder", password: "et passord som er langt nok"}) {
		kind role service { id } } }`, map[string]any{"t": c.token}, &accepted)
	if acc := accepted.AcceptInvitation; acc.Kind != "USER" || acc.Role != "SERVICE_LEADER" || acc.Service.ID != c.bergen {
		t.Fatalf("accepted: %+v", acc)
	}
	// Signed in by the cookie the answer set.
	var me struct {
		Viewer struct{ Name, InvitesRole string }
	}
	c.leader.mustQuery(t, `{ viewer { name invitesRole } }`, nil, &me)
	if me.Viewer.Name != "Kari Leder" || me.Viewer.InvitesRole != "SERVICE_STAFF" {
		t.Fatalf("signed in as %+v", me.Viewer)
	}
	c.in.mustFail(t, "BAD_USER_INPUT", `mutation($t: String!) { acceptInvitation(input: {token: $t, username: "kari2", displayName: "Kari", password: "et passord som er langt nok"}) { kind } }`,
		map[string]any{"t": c.token})
	// The same person signs in with the invited address as user name.
	c.in.as(t, "leder@bergen.kommune.no", "et passord som er langt nok")
}

// leaderInvitesStaff: the leader invites staff, and revokes one invitation; the revoked link does
// not work. A leader may not revoke the office's invitation of a leader, nor invite to another
// service.
func (c *invitationCase) leaderInvitesStaff(t *testing.T) {
	var staff struct{ CreateInvitation struct{ ID, Role string } }
	c.leader.mustQuery(t, `mutation($s: ID!) { createInvitation(input: {serviceId: $s, email: "ola@bergen.kommune.no"}) { id role } }`, map[string]any{"s": c.bergen}, &staff)
	if staff.CreateInvitation.Role != "SERVICE_STAFF" {
		t.Fatalf("a leader invited %s", staff.CreateInvitation.Role)
	}
	var other struct{ CreateInvitation struct{ ID string } }
	c.leader.mustQuery(t, `mutation($s: ID!) { createInvitation(input: {serviceId: $s, email: "per@bergen.kommune.no"}) { id } }`, map[string]any{"s": c.bergen}, &other)
	c.leader.mustQuery(t, `mutation($id: ID!) { revokeInvitation(id: $id) { id } }`, map[string]any{"id": other.CreateInvitation.ID}, nil)
	c.leader.mustFail(t, "INVALID_TRANSITION", `mutation($id: ID!) { revokeInvitation(id: $id) { id } }`, map[string]any{"id": other.CreateInvitation.ID})
	c.leader.mustFail(t, "FORBIDDEN", `mutation($id: ID!) { revokeInvitation(id: $id) { id } }`, map[string]any{"id": c.leaderInvitation})
	c.leader.mustFail(t, "NOT_FOUND", `mutation($s: ID!) { createInvitation(input: {serviceId: $s, email: "x@example.no"}) { id } }`, map[string]any{"s": serviceID(t, c.a, "Tromsø")})
}

func (c *invitationCase) invitationList(t *testing.T) {
	c.smtp.Refuse(1, 550) // the staff invitation is refused for good
	c.flush(t)
	var list struct {
		Invitations []struct {
			Email, State string
			Mail         *struct {
				Status   string
				Attempts int
				Error    string
			}
		}
	}
	c.leader.mustQuery(t, `query($s: ID!) { invitations(serviceId: $s) { email state mail { status attempts error } } }`, map[string]any{"s": c.bergen}, &list)
	got := map[string]string{}
	for _, i := range list.Invitations {
		got[i.Email] = i.State + "/" + i.Mail.Status
	}
	want := map[string]string{"leder@bergen.kommune.no": "ACCEPTED/SENT", "ola@bergen.kommune.no": "PENDING/FAILED", "per@bergen.kommune.no": "REVOKED/NOT_SENT"}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %s, want %s", k, got[k], w)
		}
	}
	// Nobody else reads the addresses.
	c.a.mustFail(t, "FORBIDDEN", `query($s: ID!) { invitations(serviceId: $s) { email } }`, map[string]any{"s": c.bergen})
	c.in.staff(t, c.bergen).mustFail(t, "FORBIDDEN", `query($s: ID!) { invitations(serviceId: $s) { email } }`, map[string]any{"s": c.bergen})
}

// reminderByMail: a reminder from the office now reaches the leader by e-mail, and the follow-up
// list says so.
func (c *invitationCase) reminderByMail(t *testing.T) {
	r2 := roundID(t, c.a, 2)
	var fu struct{ RecordFollowUp struct{ ID string } }
	c.adv.mustQuery(t, `mutation($o: ID!, $r: ID!, $s: ID!) { recordFollowUp(input: {officeId: $o, roundId: $r, kind: REMINDER, serviceIds: [$s], message: "Husk fristen."}) { id } }`,
		map[string]any{"o": c.office, "r": r2, "s": c.bergen}, &fu)
	c.flush(t)
	var acts struct {
		FollowUpActivities []struct {
			ID   string
			Mail []struct {
				Status  string
				Service struct{ ID string }
			}
		}
	}
	c.adv.mustQuery(t, `query($o: ID!, $r: ID!) { followUpActivities(officeId: $o, roundId: $r) { id mail { status service { id } } } }`,
		map[string]any{"o": c.office, "r": r2}, &acts)
	if len(acts.FollowUpActivities) == 0 || len(acts.FollowUpActivities[0].Mail) != 1 || acts.FollowUpActivities[0].Mail[0].Status != "SENT" {
		t.Fatalf("reminder mail: %+v", acts.FollowUpActivities)
	}
	if last := c.smtp.Messages(); last[len(last)-1].To[0] != "leder@bergen.kommune.no" || !strings.Contains(last[len(last)-1].Body, "Husk fristen.") {
		t.Fatalf("reminder arrived as %+v", last[len(last)-1])
	}
}
