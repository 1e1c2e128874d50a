package server_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/mail"
	"github.com/egenkontroll/egenkontroll/internal/mail/mailtest"
	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestRegisterInTheGraph: the whole country is listed; a county advisor splits, merges and
// renames services of the office through the graph, and everyone who sees a service reads its
// register history; merged services leave the register list and the funnel but keep their id.
func TestRegisterInTheGraph(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	var all struct {
		Services struct{ TotalCount int }
		Offices  []struct{ ID string }
	}
	a.mustQuery(t, `{ services { totalCount } offices { id } }`, nil, &all)
	var municipalities, oslo int
	_ = in.Store.DB.QueryRowContext(context.Background(), `SELECT count(*), count(*) FILTER (WHERE number = '0301') FROM municipalities`).Scan(&municipalities, &oslo)
	if municipalities != 357 || all.Services.TotalCount < 300 {
		t.Fatalf("%d municipalities, %d services", municipalities, all.Services.TotalCount)
	}
	stord := serviceID(t, a, "Sunnhordland")
	bergen := serviceID(t, a, "i Bergen")
	askoy := serviceID(t, a, "Askøy")
	var office struct {
		Service struct{ Office struct{ ID string } }
	}
	a.mustQuery(t, `query($s: ID!) { service(id: $s) { office { id } } }`, map[string]any{"s": bergen}, &office)
	adv := in.advisor(t, office.Service.Office.ID)

	var split struct {
		SplitService struct {
			ID             string
			Name, Kind     string
			Municipalities []struct{ Number, Name string }
		}
	}
	adv.mustQuery(t, `mutation($s: ID!) { splitService(input: {serviceId: $s, name: "Barnevernstenesta i Fitjar", municipalityNumbers: ["4615"]}) {
		id name kind municipalities { number name } } }`, map[string]any{"s": stord}, &split)
	if split.SplitService.Kind != "MUNICIPAL" || len(split.SplitService.Municipalities) != 1 || split.SplitService.Municipalities[0].Name != "Fitjar" {
		t.Fatalf("split: %+v", split.SplitService)
	}
	adv.mustFail(t, "BAD_USER_INPUT", `mutation($s: ID!) { splitService(input: {serviceId: $s, name: "Alt", municipalityNumbers: ["4614", "4613"]}) { id } }`,
		map[string]any{"s": stord})
	var merged struct {
		MergeServices struct {
			ID, Name, Kind string
			Municipalities []struct{ Number string }
		}
	}
	adv.mustQuery(t, `mutation($s: ID!, $m: ID!) { mergeServices(input: {serviceId: $s, mergedServiceIds: [$m], name: "Bergen og Askøy barnevern"}) {
		id name kind municipalities { number } } }`, map[string]any{"s": bergen, "m": askoy}, &merged)
	if merged.MergeServices.ID != bergen || merged.MergeServices.Kind != "INTER_MUNICIPAL" || len(merged.MergeServices.Municipalities) != 2 {
		t.Fatalf("merge: %+v", merged.MergeServices)
	}
	var gone struct {
		Service struct {
			Active          bool
			MergedInto      struct{ ID string }
			RegisterHistory []struct {
				Kind           string
				OldName        string
				NewName        string
				OtherService   *struct{ ID string }
				Municipalities []struct{ Name string }
			}
		}
	}
	a.mustQuery(t, `query($s: ID!) { service(id: $s) { active mergedInto { id } registerHistory { kind oldName newName otherService { id } municipalities { name } } } }`,
		map[string]any{"s": askoy}, &gone)
	h := gone.Service.RegisterHistory
	if gone.Service.Active || gone.Service.MergedInto.ID != bergen || len(h) != 2 || h[1].Kind != "MERGED_INTO" || h[1].OtherService == nil ||
		h[1].OtherService.ID != bergen || h[1].Municipalities[0].Name != "Askøy" || h[1].NewName != "Bergen og Askøy barnevern" {
		t.Fatalf("the merged service: %+v", gone.Service)
	}
	var listed struct {
		Without, With struct{ TotalCount int }
	}
	a.mustQuery(t, `{ without: services(filter: {nameContains: "Askøy"}) { totalCount } with: services(filter: {nameContains: "Barneverntjenesten i Askøy", includeMerged: true}) { totalCount } }`, nil, &listed)
	if listed.Without.TotalCount != 1 || listed.With.TotalCount != 1 { // without: Bergen og Askøy (its municipality and name); with: the merged one too
		t.Fatalf("listing: %+v", listed)
	}
	var renamed struct{ RenameService struct{ Name string } }
	a.mustQuery(t, `mutation($s: ID!) { renameService(input: {serviceId: $s, name: "Barneverntjenesten i Bergen og Askøy"}) { name } }`, map[string]any{"s": bergen}, &renamed)
	if renamed.RenameService.Name != "Barneverntjenesten i Bergen og Askøy" {
		t.Fatalf("rename: %+v", renamed)
	}
	// The funnel counts the register as it stands.
	r2 := roundID(t, a, 2)
	var funnel struct {
		Funnel struct {
			Entries []struct{ Service struct{ ID string } }
		}
	}
	a.mustQuery(t, `query($r: ID!) { funnel(roundId: $r) { entries { service { id } } } }`, map[string]any{"r": r2}, &funnel)
	for _, e := range funnel.Funnel.Entries {
		if e.Service.ID == askoy {
			t.Fatal("the merged service is still in the funnel")
		}
	}
	if len(funnel.Funnel.Entries) != all.Services.TotalCount { // one split off, one merged away
		t.Fatalf("funnel has %d services, the register %d", len(funnel.Funnel.Entries), all.Services.TotalCount)
	}
	// A leader may not change the register; an advisor not another office's services.
	in.leader(t, bergen).mustFail(t, "FORBIDDEN", `mutation($s: ID!) { renameService(input: {serviceId: $s, name: "Mitt barnevern"}) { id } }`, map[string]any{"s": bergen})
	adv.mustFail(t, "NOT_FOUND", `mutation($s: ID!) { renameService(input: {serviceId: $s, name: "Nord"}) { id } }`, map[string]any{"s": serviceID(t, a, "Tromsø")})
}

var inviteLinkRE = regexp.MustCompile(`http://egenkontroll\.test/invitasjon/(eki_[A-Za-z0-9_-]+)`)

// TestInvitations: a county advisor invites a service's leader; the mail arrives over SMTP with a
// one-time link; the leader sets a password and is signed in; the leader invites staff, revokes
// one invitation, and the web app's lists say what became of each mail.
func TestInvitations(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	bergen := serviceID(t, a, "i Bergen")
	var office struct {
		Service struct{ Office struct{ ID string } }
	}
	a.mustQuery(t, `query($s: ID!) { service(id: $s) { office { id } } }`, map[string]any{"s": bergen}, &office)
	adv := in.advisor(t, office.Service.Office.ID)
	smtp := mailtest.Start(t, "egk", "hemmelig")
	sender, err := mail.New(mail.Config{SMTPURL: smtp.URL(), PublicURL: "http://egenkontroll.test"}, in.Store, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	flush := func() {
		t.Helper()
		if _, err := sender.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	var v struct {
		Viewer struct {
			InvitesRole       *string
			CanManageRegister bool
		}
	}
	adv.mustQuery(t, `{ viewer { invitesRole canManageRegister } }`, nil, &v)
	if v.Viewer.InvitesRole == nil || *v.Viewer.InvitesRole != "SERVICE_LEADER" || !v.Viewer.CanManageRegister {
		t.Fatalf("advisor viewer %+v", v.Viewer)
	}
	adv.mustFail(t, "BAD_USER_INPUT", `mutation($s: ID!) { createInvitation(input: {serviceId: $s, email: "ikke en adresse"}) { id } }`, map[string]any{"s": bergen})
	var created struct {
		CreateInvitation struct {
			ID, Role, Email, State string
			Mail                   struct{ Status string }
		}
	}
	adv.mustQuery(t, `mutation($s: ID!) { createInvitation(input: {serviceId: $s, email: "Leder@Bergen.Kommune.no"}) { id role email state mail { status } } }`,
		map[string]any{"s": bergen}, &created)
	if c := created.CreateInvitation; c.Role != "SERVICE_LEADER" || c.Email != "leder@bergen.kommune.no" || c.State != "PENDING" || c.Mail.Status != "PENDING" {
		t.Fatalf("created %+v", c)
	}
	flush()
	msgs := smtp.Wait(1, 5*time.Second)
	if len(msgs) != 1 || msgs[0].To[0] != "leder@bergen.kommune.no" {
		t.Fatalf("arrived: %+v", msgs)
	}
	link := inviteLinkRE.FindStringSubmatch(msgs[0].Body)
	if link == nil {
		t.Fatalf("no link: %s", msgs[0].Body)
	}
	token := link[1]

	// The page of the link: public, and says what it offers.
	anon := *in
	jar, _ := cookiejar.New(nil)
	anon.client = &http.Client{Jar: jar}
	var preview struct {
		Invitation *struct{ ServiceName, Role, Email, State string }
	}
	anon.mustQuery(t, `query($t: String!) { invitation(token: $t) { serviceName role email state } }`, map[string]any{"t": token}, &preview)
	if p := preview.Invitation; p == nil || p.ServiceName != "Barneverntjenesten i Bergen" || p.Role != "SERVICE_LEADER" || p.State != "PENDING" {
		t.Fatalf("preview %+v", preview.Invitation)
	}
	anon.mustFail(t, "BAD_USER_INPUT", `mutation($t: String!) { acceptInvitation(input: {token: $t, displayName: "Kari Leder", password: "kort"}) { kind } }`,
		map[string]any{"t": token})
	var accepted struct {
		AcceptInvitation struct {
			Kind, Role string
			Service    struct{ ID string }
		}
	}
	anon.mustQuery(t, `mutation($t: String!) { acceptInvitation(input: {token: $t, displayName: "Kari Leder", password: "et passord som er langt nok"}) {
		kind role service { id } } }`, map[string]any{"t": token}, &accepted)
	if acc := accepted.AcceptInvitation; acc.Kind != "USER" || acc.Role != "SERVICE_LEADER" || acc.Service.ID != bergen {
		t.Fatalf("accepted: %+v", acc)
	}
	leader := &anon // signed in by the cookie the answer set
	var me struct {
		Viewer struct{ Name, InvitesRole string }
	}
	leader.mustQuery(t, `{ viewer { name invitesRole } }`, nil, &me)
	if me.Viewer.Name != "Kari Leder" || me.Viewer.InvitesRole != "SERVICE_STAFF" {
		t.Fatalf("signed in as %+v", me.Viewer)
	}
	in.mustFail(t, "BAD_USER_INPUT", `mutation($t: String!) { acceptInvitation(input: {token: $t, username: "kari2", displayName: "Kari", password: "et passord som er langt nok"}) { kind } }`,
		map[string]any{"t": token})
	// The same person signs in with the invited address as user name.
	in.as(t, "leder@bergen.kommune.no", "et passord som er langt nok")

	// The leader invites staff, and revokes one invitation; the revoked link does not work.
	var staff struct{ CreateInvitation struct{ ID, Role string } }
	leader.mustQuery(t, `mutation($s: ID!) { createInvitation(input: {serviceId: $s, email: "ola@bergen.kommune.no"}) { id role } }`, map[string]any{"s": bergen}, &staff)
	if staff.CreateInvitation.Role != "SERVICE_STAFF" {
		t.Fatalf("a leader invited %s", staff.CreateInvitation.Role)
	}
	var other struct{ CreateInvitation struct{ ID string } }
	leader.mustQuery(t, `mutation($s: ID!) { createInvitation(input: {serviceId: $s, email: "per@bergen.kommune.no"}) { id } }`, map[string]any{"s": bergen}, &other)
	leader.mustQuery(t, `mutation($id: ID!) { revokeInvitation(id: $id) { id } }`, map[string]any{"id": other.CreateInvitation.ID}, nil)
	leader.mustFail(t, "INVALID_TRANSITION", `mutation($id: ID!) { revokeInvitation(id: $id) { id } }`, map[string]any{"id": other.CreateInvitation.ID})
	// A leader may not revoke the office's invitation of a leader, nor invite to another service.
	leader.mustFail(t, "FORBIDDEN", `mutation($id: ID!) { revokeInvitation(id: $id) { id } }`, map[string]any{"id": created.CreateInvitation.ID})
	leader.mustFail(t, "NOT_FOUND", `mutation($s: ID!) { createInvitation(input: {serviceId: $s, email: "x@example.no"}) { id } }`, map[string]any{"s": serviceID(t, a, "Tromsø")})
	smtp.Refuse(1, 550) // the staff invitation is refused for good
	flush()
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
	leader.mustQuery(t, `query($s: ID!) { invitations(serviceId: $s) { email state mail { status attempts error } } }`, map[string]any{"s": bergen}, &list)
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
	a.mustFail(t, "FORBIDDEN", `query($s: ID!) { invitations(serviceId: $s) { email } }`, map[string]any{"s": bergen})
	in.staff(t, bergen).mustFail(t, "FORBIDDEN", `query($s: ID!) { invitations(serviceId: $s) { email } }`, map[string]any{"s": bergen})

	// A reminder from the office now reaches the leader by e-mail, and the follow-up list says so.
	r2 := roundID(t, a, 2)
	var fu struct{ RecordFollowUp struct{ ID string } }
	adv.mustQuery(t, `mutation($o: ID!, $r: ID!, $s: ID!) { recordFollowUp(input: {officeId: $o, roundId: $r, kind: REMINDER, serviceIds: [$s], message: "Husk fristen."}) { id } }`,
		map[string]any{"o": office.Service.Office.ID, "r": r2, "s": bergen}, &fu)
	flush()
	var acts struct {
		FollowUpActivities []struct {
			ID   string
			Mail []struct {
				Status  string
				Service struct{ ID string }
			}
		}
	}
	adv.mustQuery(t, `query($o: ID!, $r: ID!) { followUpActivities(officeId: $o, roundId: $r) { id mail { status service { id } } } }`,
		map[string]any{"o": office.Service.Office.ID, "r": r2}, &acts)
	if len(acts.FollowUpActivities) == 0 || len(acts.FollowUpActivities[0].Mail) != 1 || acts.FollowUpActivities[0].Mail[0].Status != "SENT" {
		t.Fatalf("reminder mail: %+v", acts.FollowUpActivities)
	}
	if last := smtp.Messages(); last[len(last)-1].To[0] != "leder@bergen.kommune.no" || !strings.Contains(last[len(last)-1].Body, "Husk fristen.") {
		t.Fatalf("reminder arrived as %+v", last[len(last)-1])
	}
}

// TestInvitationThroughOIDC: the invited person may link their identity at the organisation's
// log-in instead of choosing a password.
func TestInvitationThroughOIDC(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	provider := newFakeProvider(t)
	app := startCustom(t, in, server.Config{Limits: testLimits, OIDC: &server.OIDCConfig{Issuer: provider.url, ClientID: "egenkontroll",
		ClientSecret: "secret", RedirectURL: "http://egenkontroll.test/auth/oidc/callback", Claim: "email"}})
	bergen := mustInt(serviceID(t, in.analyst(t), "i Bergen"))
	if _, err := in.Store.CreateInvitation(system, bergen, "kari@bergen.kommune.no", auth.RoleServiceLeader); err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	sender, _ := mail.New(mail.Config{PublicURL: "http://egenkontroll.test"}, in.Store, slog.New(slog.NewTextHandler(&logged, nil)))
	if _, err := sender.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	link := inviteLinkRE.FindStringSubmatch(logged.String())
	if link == nil {
		t.Fatalf("no link in the log: %s", logged.String())
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noRedirect.Get(app.URL + server.OIDCLoginPath + "?invitation=" + link[1])
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	state := regexp.MustCompile(`state=([^&]+)`).FindStringSubmatch(loc)
	nonce := regexp.MustCompile(`nonce=([^&]+)`).FindStringSubmatch(loc)
	if state == nil || nonce == nil {
		t.Fatalf("redirect %s", loc)
	}
	provider.mu.Lock()
	provider.email, provider.nonce = "kari.idp@bergen.kommune.no", nonce[1]
	provider.mu.Unlock()
	req, _ := http.NewRequest(http.MethodGet, app.URL+server.OIDCCallbackPath+"?code=good-code&state="+state[1], nil)
	for _, c := range res.Cookies() {
		req.AddCookie(c)
	}
	cb, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	cb.Body.Close()
	if cb.Header.Get("Location") != "/" {
		t.Fatalf("callback went to %s", cb.Header.Get("Location"))
	}
	var u store.User
	if err := in.Store.DB.NewSelect().Model(&u).Where("u.oidc_subject = ?", "kari.idp@bergen.kommune.no").Scan(context.Background()); err != nil {
		t.Fatalf("no account linked to the identity: %v", err)
	}
	if u.Role != auth.RoleServiceLeader || *u.ServiceID != bergen || u.PasswordHash != nil || *u.Email != "kari@bergen.kommune.no" {
		t.Fatalf("account %+v", u)
	}
	// The link is used up.
	in.mustFail(t, "BAD_USER_INPUT", `mutation($t: String!) { acceptInvitation(input: {token: $t, displayName: "X", password: "et passord som er langt nok"}) { kind } }`,
		map[string]any{"t": link[1]})
}
