package server_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"regexp"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/mail"
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
	_ = in.DB.QueryRowContext(context.Background(), `SELECT count(*), count(*) FILTER (WHERE number = '0301') FROM municipalities`).Scan(&municipalities, &oslo)
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
	checkMergedServiceKeepsItsHistory(t, a, askoy, bergen)
	var renamed struct{ RenameService struct{ Name string } }
	a.mustQuery(t, `mutation($s: ID!) { renameService(input: {serviceId: $s, name: "Barneverntjenesten i Bergen og Askøy"}) { name } }`, map[string]any{"s": bergen}, &renamed)
	if renamed.RenameService.Name != "Barneverntjenesten i Bergen og Askøy" {
		t.Fatalf("rename: %+v", renamed)
	}
	// The funnel counts the register as it stands.
	checkFunnelFollowsRegister(t, a, askoy, all.Services.TotalCount)
	// A leader may not change the register; an advisor not another office's services.
	in.leader(t, bergen).mustFail(t, "FORBIDDEN", `mutation($s: ID!) { renameService(input: {serviceId: $s, name: "Mitt barnevern"}) { id } }`, map[string]any{"s": bergen})
	adv.mustFail(t, "NOT_FOUND", `mutation($s: ID!) { renameService(input: {serviceId: $s, name: "Nord"}) { id } }`, map[string]any{"s": serviceID(t, a, "Tromsø")})
}

// checkMergedServiceKeepsItsHistory: the merged service is inactive, points to the one it merged
// into, keeps its history, and is listed only when merged services are asked for.
func checkMergedServiceKeepsItsHistory(t *testing.T, a *instance, askoy, bergen string) {
	t.Helper()
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
}

// checkFunnelFollowsRegister: the funnel counts the register as it stands: the merged service is
// gone from it.
func checkFunnelFollowsRegister(t *testing.T, a *instance, askoy string, services int) {
	t.Helper()
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
	if len(funnel.Funnel.Entries) != services { // one split off, one merged away
		t.Fatalf("funnel has %d services, the register %d", len(funnel.Funnel.Entries), services)
	}
}

var inviteLinkRE = regexp.MustCompile(`http://egenkontroll\.test/invitasjon/(eki_[A-Za-z0-9_-]+)`)

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
	if err := in.DB.NewSelect().Model(&u).Where("u.oidc_subject = ?", "kari.idp@bergen.kommune.no").Scan(context.Background()); err != nil {
		t.Fatalf("no account linked to the identity: %v", err)
	}
	if u.Role != auth.RoleServiceLeader || *u.ServiceID != bergen || u.PasswordHash != nil || *u.Email != "kari@bergen.kommune.no" {
		t.Fatalf("account %+v", u)
	}
	// The link is used up.
	in.mustFail(t, "BAD_USER_INPUT", `mutation($t: String!) { acceptInvitation(input: {token: $t, displayName: "X", password: "et passord som er langt nok"}) { kind } }`,
		map[string]any{"t": link[1]})
}
