package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

const createCampaignMutation = `mutation($in: CreateCampaignInput!) { createCampaign(input: $in) { id code title { nb } topic { en } description { nn } } }`
const createRoundMutation = `mutation($in: CreateRoundInput!) { createRound(input: $in) {
	id number title { nb } periodStart periodEnd deadline reportDeadline questionnaire { id } previousRound { id } campaign { id }
	samplingGuidance { nb } supportResources { kind url title { en } } deadlineChanges { kind } } }`

func text(s string) map[string]any {
	return map[string]any{"nb": s, "nn": s + " (nn)", "en": s + " (en)"}
}

// TestCreateCampaignAndRound creates a campaign and two rounds as Helsetilsynet, and refuses bad
// input with a typed error, field by field, storing nothing.
func TestCreateCampaignAndRound(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	var campaignID, round2ID string
	step := inSteps(t) // the steps share the campaign, in order
	step("a campaign gets a code from its name, a fresh one when it is taken", func(t *testing.T) { campaignID = createCampaignByName(t, a) })
	step("bad campaign input is refused field by field", func(t *testing.T) {
		for _, tc := range badCampaigns {
			t.Run("campaign/"+tc.name, func(t *testing.T) {
				e := a.mustFail(t, "BAD_USER_INPUT", createCampaignMutation, map[string]any{"in": tc.in})
				if f, _ := e.Extensions["field"].(string); !strings.HasPrefix(f, tc.field) {
					t.Fatalf("field %q, want %q", f, tc.field)
				}
			})
		}
	})
	// Helsetilsynet's texts are published: a phone number is refused, by field and language.
	step("a phone number in a published text is refused by field and language", func(t *testing.T) {
		if e := a.mustFail(t, "PERSONAL_DATA", createCampaignMutation, map[string]any{"in": map[string]any{
			"name": map[string]any{"nb": "Ring 912 34 567", "nn": "X", "en": "X"}, "topic": text("T")}}); e.Extensions["field"] != "name.nb" {
			t.Fatalf("personal data in the name: field %v", e.Extensions["field"])
		}
	})
	step("the first round has no previous round; the second is compared with the first", func(t *testing.T) {
		round2ID = createTwoRounds(t, a, campaignID)
	})
	step("bad round input is refused field by field", func(t *testing.T) {
		for _, tc := range badRounds(roundID(t, a, 1), round2ID) {
			t.Run("round/"+tc.name, func(t *testing.T) {
				m := goodRound(campaignID)
				tc.edit(m)
				e := a.mustFail(t, tc.code, createRoundMutation, map[string]any{"in": m})
				if f, _ := e.Extensions["field"].(string); !strings.HasPrefix(f, tc.field) {
					t.Fatalf("field %q, want %q (%s)", f, tc.field, e.Message)
				}
			})
		}
	})
	step("only the good rounds are stored, and every creation is audited", func(t *testing.T) {
		var n int
		if err := in.DB.NewSelect().Table("rounds").ColumnExpr("count(*)").Where("campaign_id = ?", mustInt(campaignID)).Scan(context.Background(), &n); err != nil || n != 2 {
			t.Fatalf("rounds stored: %d (%v)", n, err)
		}
		// Audited, with who did it.
		var actions []string
		if err := in.DB.NewSelect().Table("audit_log").Column("action").Where("action IN ('campaign.create', 'round.create')").
			OrderExpr("id").Scan(context.Background(), &actions); err != nil || len(actions) != 4 {
			t.Fatalf("audit: %v %v", actions, err)
		}
	})
}

// createCampaignByName creates a campaign, and another of the same name: the second gets a code
// of its own. It returns the first campaign's id.
func createCampaignByName(t *testing.T, a *instance) string {
	var c struct {
		CreateCampaign struct {
			ID, Code    string
			Title       struct{ NB string }
			Topic       struct{ EN string }
			Description *struct{ NN string }
		}
	}
	a.mustQuery(t, createCampaignMutation, map[string]any{"in": map[string]any{
		"name": text("Tilsyn med ettervern 2027–2028"), "topic": text("Ettervern"), "description": text("Om ettervern")}}, &c)
	if c.CreateCampaign.Code != "tilsyn-med-ettervern-2027-2028" || c.CreateCampaign.Topic.EN != "Ettervern (en)" ||
		c.CreateCampaign.Description == nil || c.CreateCampaign.Description.NN != "Om ettervern (nn)" {
		t.Fatalf("campaign: %+v", c.CreateCampaign)
	}
	// The same name again gets a code of its own; a code given that is taken is refused.
	var c2 struct{ CreateCampaign struct{ Code string } }
	a.mustQuery(t, createCampaignMutation, map[string]any{"in": map[string]any{"name": text("Tilsyn med ettervern 2027–2028"), "topic": text("T")}}, &c2)
	if c2.CreateCampaign.Code != "tilsyn-med-ettervern-2027-2028-2" {
		t.Fatalf("second code %q", c2.CreateCampaign.Code)
	}
	return c.CreateCampaign.ID
}

// badCampaigns are campaign inputs refused, and the field each refusal names.
var badCampaigns = []struct {
	name  string
	in    map[string]any
	field string
}{
	{"taken code", map[string]any{"code": "lot-2024-2026", "name": text("X"), "topic": text("T")}, "code"},
	{"malformed code", map[string]any{"code": "LOT 2024", "name": text("X"), "topic": text("T")}, "code"},
	{"name missing in nynorsk", map[string]any{"name": map[string]any{"nb": "X", "nn": " ", "en": "X"}, "topic": text("T")}, "name.nn"},
	{"topic too long", map[string]any{"name": text("X"), "topic": text(strings.Repeat("t", 201))}, "topic."},
	{"half a description", map[string]any{"name": text("X"), "topic": text("T"), "description": map[string]any{"nb": "D", "nn": "", "en": ""}}, "description."},
}

// goodRound is a valid input for a round of the campaign.
func goodRound(campaignID string) map[string]any {
	return map[string]any{"campaignId": campaignID, "questionnaireId": "2",
		"periodStart": "2027-01-01", "periodEnd": "2027-06-30", "deadline": "2027-09-30", "reportDeadline": "2027-10-31",
		"samplingGuidance": text("Velg ti saker"),
		"resources":        []any{map[string]any{"kind": "LINK", "title": text("Veileder"), "url": "https://www.helsetilsynet.no/"}}}
}

// createTwoRounds creates the campaign's rounds: the first without a previous round, the second
// compared with the first. It returns the second round's id.
func createTwoRounds(t *testing.T, a *instance, campaignID string) string {
	type roundData struct {
		CreateRound struct {
			ID, PeriodStart, PeriodEnd, Deadline, ReportDeadline string
			Number                                               int
			Title                                                struct{ NB string }
			Questionnaire, Campaign                              struct{ ID string }
			PreviousRound                                        *struct{ ID string }
			SamplingGuidance                                     *struct{ NB string }
			SupportResources                                     []struct{ Kind, URL string }
		}
	}
	var r1 roundData
	a.mustQuery(t, createRoundMutation, map[string]any{"in": goodRound(campaignID)}, &r1)
	got := r1.CreateRound
	if got.Number != 1 || got.Title.NB != "Egenkontroll nr. 1" || got.Questionnaire.ID != "2" || got.Campaign.ID != campaignID ||
		got.PreviousRound != nil || got.Deadline != "2027-09-30" || got.ReportDeadline != "2027-10-31" ||
		got.SamplingGuidance == nil || got.SamplingGuidance.NB != "Velg ti saker" || len(got.SupportResources) != 1 {
		t.Fatalf("round 1: %+v", got)
	}
	second := goodRound(campaignID)
	second["periodStart"], second["periodEnd"], second["deadline"], second["reportDeadline"] = "2028-01-01", "2028-06-30", "2028-09-30", "2028-10-31"
	second["previousRoundId"] = got.ID
	second["title"] = text("Oppfølgingsrunden")
	var r2 roundData
	a.mustQuery(t, createRoundMutation, map[string]any{"in": second}, &r2)
	if r2.CreateRound.Number != 2 || r2.CreateRound.PreviousRound == nil || r2.CreateRound.PreviousRound.ID != got.ID || r2.CreateRound.Title.NB != "Oppfølgingsrunden" {
		t.Fatalf("round 2: %+v", r2.CreateRound)
	}
	return r2.CreateRound.ID
}

// badRounds are edits of a good round input that are refused, with the code and field of each
// refusal; otherCampaignRound is a round of another campaign, latest the campaign's last round.
func badRounds(otherCampaignRound, latest string) []struct {
	name  string
	edit  func(m map[string]any)
	code  string
	field string
} {
	return []struct {
		name  string
		edit  func(m map[string]any)
		code  string
		field string
	}{
		{"period ends before it starts", func(m map[string]any) { m["periodEnd"] = "2026-12-31" }, "BAD_USER_INPUT", "periodEnd"},
		{"deadline before the start", func(m map[string]any) { m["deadline"] = "2026-12-01" }, "BAD_USER_INPUT", "deadline"},
		{"report deadline before the start", func(m map[string]any) { m["reportDeadline"] = "2026-12-01" }, "BAD_USER_INPUT", "reportDeadline"},
		{"unknown questionnaire", func(m map[string]any) { m["questionnaireId"] = "999999" }, "NOT_FOUND", "questionnaireId"},
		{"unknown campaign", func(m map[string]any) { m["campaignId"] = "999999" }, "NOT_FOUND", "campaignId"},
		{"previous round of another campaign", func(m map[string]any) { m["previousRoundId"] = otherCampaignRound }, "BAD_USER_INPUT", "previousRoundId"},
		{"previous round not earlier", func(m map[string]any) { m["previousRoundId"] = latest }, "BAD_USER_INPUT", "previousRoundId"},
		{"guidance in one language", func(m map[string]any) { m["samplingGuidance"] = map[string]any{"nb": "G", "nn": "", "en": ""} }, "BAD_USER_INPUT", "samplingGuidance."},
		{"link without https", func(m map[string]any) {
			m["resources"] = []any{map[string]any{"kind": "LINK", "title": text("V"), "url": "http://example.no"}}
		}, "BAD_USER_INPUT", "resources[0].url"},
	}
}

// TestDeadlineChangeShown moves a round's deadline as Helsetilsynet and checks that a service's
// leader and a county advisor both see the change, from which date to which.
func TestDeadlineChangeShown(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	r2 := roundID(t, a, 2)
	bergen := serviceID(t, a, "i Bergen")
	var svc struct {
		Service struct{ Office struct{ ID string } }
	}
	a.mustQuery(t, `query($s: ID!) { service(id: $s) { office { id } } }`, map[string]any{"s": bergen}, &svc)
	var before struct{ Round struct{ Deadline string } }
	a.mustQuery(t, `query($r: ID!) { round(id: $r) { deadline } }`, map[string]any{"r": r2}, &before)
	a.mustQuery(t, `mutation($r: ID!) { updateRoundDeadlines(input: {roundId: $r, deadline: "2026-04-30"}) { id } }`, map[string]any{"r": r2}, nil)
	for name, reader := range map[string]*instance{"leader": in.leader(t, bergen), "advisor": in.advisor(t, svc.Service.Office.ID), "analyst": a} {
		var got struct {
			Round struct {
				DeadlineChanges []struct{ Kind, From, To, ChangedAt string }
			}
		}
		reader.mustQuery(t, `query($r: ID!) { round(id: $r) { deadlineChanges { kind from to changedAt } } }`, map[string]any{"r": r2}, &got)
		ch := got.Round.DeadlineChanges
		if len(ch) != 1 || ch[0].Kind != "SERVICES" || ch[0].From != before.Round.Deadline || ch[0].To != "2026-04-30" || ch[0].ChangedAt == "" {
			t.Fatalf("%s sees %+v", name, ch)
		}
	}
}

// TestInviteJobProgress invites every active service of an office as one job in batches, its
// progress recorded after each, and follows it as the advisor through the graph.
func TestInviteJobProgress(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	bergen := serviceID(t, a, "i Bergen")
	var svc struct {
		Service struct{ Office struct{ ID string } }
	}
	a.mustQuery(t, `query($s: ID!) { service(id: $s) { office { id } } }`, map[string]any{"s": bergen}, &svc)
	office := svc.Service.Office.ID
	var c struct{ CreateCampaign struct{ ID string } }
	a.mustQuery(t, createCampaignMutation, map[string]any{"in": map[string]any{"name": text("Jobbkampanje"), "topic": text("T")}}, &c)
	var r struct{ CreateRound struct{ ID string } }
	a.mustQuery(t, createRoundMutation, map[string]any{"in": map[string]any{"campaignId": c.CreateCampaign.ID, "questionnaireId": "2",
		"periodStart": "2027-01-01", "periodEnd": "2027-06-30", "deadline": "2027-09-30", "reportDeadline": "2027-10-31"}}, &r)
	var active int
	ctx := context.Background()
	if err := in.DB.NewSelect().Table("services").ColumnExpr("count(*)").Where("office_id = ? AND merged_into_id IS NULL", mustInt(office)).Scan(ctx, &active); err != nil {
		t.Fatal(err)
	}

	// Batches of three from here on, in the store and through the graph.
	old := store.JobBatch
	store.JobBatch = 3
	t.Cleanup(func() { store.JobBatch = old })
	t.Run("the store reports progress after every batch", func(t *testing.T) { checkStoreJobProgress(t, in, r.CreateRound.ID, office, active) })

	// Through the graph, on a second round: the advisor starts it and follows it to the end.
	var r2 struct{ CreateRound struct{ ID string } }
	a.mustQuery(t, createRoundMutation, map[string]any{"in": map[string]any{"campaignId": c.CreateCampaign.ID, "questionnaireId": "2",
		"periodStart": "2028-01-01", "periodEnd": "2028-06-30", "deadline": "2028-09-30", "reportDeadline": "2028-10-31"}}, &r2)
	adv := in.advisor(t, office)
	var started struct{ InviteOfficeServices struct{ ID string } }
	adv.mustQuery(t, `mutation($r: ID!, $o: ID!) { inviteOfficeServices(input: {roundId: $r, officeId: $o}) { id } }`,
		map[string]any{"r": r2.CreateRound.ID, "o": office}, &started)
	var job struct {
		Job *struct {
			Status      string
			Done, Total int
			Round       struct{ ID string }
		}
	}
	for deadline := time.Now().Add(30 * time.Second); ; {
		adv.mustQuery(t, `query($j: ID!) { job(id: $j) { status done total round { id } } }`, map[string]any{"j": started.InviteOfficeServices.ID}, &job)
		if job.Job == nil {
			t.Fatal("the advisor cannot follow their own job")
		}
		if job.Job.Status != "RUNNING" || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if job.Job.Status != "DONE" || job.Job.Done != active || job.Job.Total != active || job.Job.Round.ID != r2.CreateRound.ID {
		t.Fatalf("job: %+v", job.Job)
	}
	var f funnelResult
	adv.mustQuery(t, funnelQuery, map[string]any{"r": r2.CreateRound.ID, "o": office}, &f)
	if f.count("NOT_INVITED") > 0 || f.entry(t, bergen).Stage != "INVITED" {
		t.Fatalf("funnel after the job: %+v", f.Funnel.Counts)
	}
	// Starting again invites nobody twice: an empty job, done at once.
	var again struct {
		InviteOfficeServices struct {
			Total  int
			Status string
		}
	}
	adv.mustQuery(t, `mutation($r: ID!, $o: ID!) { inviteOfficeServices(input: {roundId: $r, officeId: $o}) { total status } }`,
		map[string]any{"r": r2.CreateRound.ID, "o": office}, &again)
	if again.InviteOfficeServices.Total != 0 || again.InviteOfficeServices.Status != "DONE" {
		t.Fatalf("second job: %+v", again.InviteOfficeServices)
	}
	// A leader of the office's service cannot follow it (not a job follower).
	in.leader(t, bergen).mustFail(t, "FORBIDDEN", `query($j: ID!) { job(id: $j) { id } }`, map[string]any{"j": started.InviteOfficeServices.ID})
}

// checkStoreJobProgress: in the store, with batches of three, the job reports and stores its
// progress after every batch.
func checkStoreJobProgress(t *testing.T, in *instance, round, office string, active int) {
	ctx := context.Background()
	caller := auth.WithCaller(ctx, auth.System)
	ij, err := in.Store.StartInviteOffice(caller, mustInt(round), mustInt(office), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if ij.Job.Total != active || ij.Job.Done != 0 || ij.Job.Status != domain.JobRunning || active < 4 {
		t.Fatalf("job at start: %+v (active %d)", ij.Job, active)
	}
	var seen []int
	if err := in.Store.Run(caller, ij, func(done, total int) {
		var j store.Job
		if err := in.DB.NewSelect().Model(&j).Where("id = ?", ij.Job.ID).Scan(ctx); err != nil || j.Done != done {
			t.Errorf("stored progress %d, reported %d (%v)", j.Done, done, err)
		}
		seen = append(seen, done)
	}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != (active+2)/3 || seen[len(seen)-1] != active {
		t.Fatalf("progress %v of %d", seen, active)
	}
}
