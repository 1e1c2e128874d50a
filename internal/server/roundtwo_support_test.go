package server_test

import (
	"context"
	"strings"
	"testing"
)

// Round 2, document 002: the support material each round links to.

// TestSupportMaterial: document 002's links and the two contacts, per round as data that
// Helsetilsynet changes (audited) and nobody else does.
func TestSupportMaterial(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r2 := roundID(t, a, 2)
	svc := serviceID(t, a, "Bodø")
	leader := srv.leader(t, svc)
	type resource struct {
		Kind        string
		Title       struct{ NB, NN, EN string }
		Description *struct{ NB string }
		URL         string
	}
	var got struct {
		Round struct {
			SupportResources []resource
			SamplingGuidance struct{ NB string }
		}
		Service struct{ Office struct{ WebURL string } }
	}
	const read = `query($r: ID!, $s: ID!) { round(id: $r) { supportResources { kind title { nb nn en } description { nb } url } samplingGuidance { nb } }
		service(id: $s) { office { webUrl } } }`
	leader.mustQuery(t, read, map[string]any{"r": r2, "s": svc}, &got)
	titles := []string{}
	for _, r := range got.Round.SupportResources {
		titles = append(titles, r.Kind+": "+r.Title.NB)
		if !strings.HasPrefix(r.URL, "https://") || r.Title.NN == "" || r.Title.EN == "" {
			t.Errorf("resource %+v", r)
		}
	}
	want := "LINK: Veiledning for forbedringsarbeid|LINK: Fagressurs for implementering|LINK: Forbedringsguiden (I trygge hender 24-7)|LINK: Helsebiblioteket|TECHNICAL_CONTACT: Helsetilsynet – tekniske spørsmål om løsningen"
	if strings.Join(titles, "|") != want {
		t.Errorf("resources:\n%s\nwant\n%s", strings.Join(titles, "|"), want)
	}
	if got.Service.Office.WebURL != "https://www.statsforvalteren.no/nb/nordland/" {
		t.Errorf("Bodø's subject-matter contact: %q", got.Service.Office.WebURL)
	}

	const set = `mutation($in: RoundSupportInput!) { setRoundSupport(input: $in) { samplingGuidance { nb } supportResources { kind title { nb } url } } }`
	text := func(s string) map[string]any { return map[string]any{"nb": s, "nn": s + " (nn)", "en": s + " (en)"} }
	link := func(title, url string) map[string]any {
		return map[string]any{"kind": "LINK", "title": text(title), "url": url}
	}
	for _, tc := range []struct {
		name, field string
		in          map[string]any
	}{
		{"no https", "resources[0].url", map[string]any{"roundId": r2, "resources": []any{link("Lenke", "http://example.no")}}},
		{"script", "resources[0].url", map[string]any{"roundId": r2, "resources": []any{link("Lenke", "javascript:alert(1)")}}},
		{"missing language", "resources[0].title.nn", map[string]any{"roundId": r2, "resources": []any{map[string]any{"kind": "LINK",
			"title": map[string]any{"nb": "Lenke", "nn": " ", "en": "Link"}, "url": "https://example.no"}}}},
		{"empty guidance", "samplingGuidance.en", map[string]any{"roundId": r2, "samplingGuidance": map[string]any{"nb": "Velg", "nn": "Vel", "en": ""}}},
	} {
		e := a.mustFail(t, "BAD_USER_INPUT", set, map[string]any{"in": tc.in})
		if e.Extensions["field"] != tc.field {
			t.Errorf("%s: field %v, want %s", tc.name, e.Extensions["field"], tc.field)
		}
	}
	leader.mustFail(t, "FORBIDDEN", set, map[string]any{"in": map[string]any{"roundId": r2, "resources": []any{}}})
	srv.advisor(t, officeOf(t, a, svc)).mustFail(t, "FORBIDDEN", set, map[string]any{"in": map[string]any{"roundId": r2, "resources": []any{}}})

	var changed struct {
		SetRoundSupport struct {
			SamplingGuidance struct{ NB string }
			SupportResources []resource
		}
	}
	a.mustQuery(t, set, map[string]any{"in": map[string]any{"roundId": r2, "samplingGuidance": text("Ny veiledning"),
		"resources": []any{link("Ny lenke", "https://www.helsetilsynet.no/"), map[string]any{"kind": "TECHNICAL_CONTACT", "title": text("Brukerstøtte"), "url": "mailto:postmottak@helsetilsynet.no"}}}}, &changed)
	if c := changed.SetRoundSupport; c.SamplingGuidance.NB != "Ny veiledning" || len(c.SupportResources) != 2 || c.SupportResources[1].URL != "mailto:postmottak@helsetilsynet.no" {
		t.Errorf("after the change: %+v", c)
	}
	leader.mustQuery(t, read, map[string]any{"r": r2, "s": svc}, &got)
	if len(got.Round.SupportResources) != 2 || got.Round.SamplingGuidance.NB != "Ny veiledning" {
		t.Errorf("the service reads %+v", got.Round)
	}
	var n int
	if err := srv.DB.NewSelect().TableExpr("audit_log").ColumnExpr("count(*)").Where("action = 'round.support' AND object_id = ?", mustInt(r2)).Scan(context.Background(), &n); err != nil || n != 1 {
		t.Errorf("audit entries: %d (%v), want 1", n, err)
	}
}
