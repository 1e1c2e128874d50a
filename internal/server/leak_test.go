package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestGraphWalkLeaks walks the whole graph as every kind of caller and checks every object it gets
// back against an independent SQL oracle of what that caller may read. The walk is built from
// introspection: every query root field, every object and list edge to depth 5, arguments fed
// with real ids, so a new field is walked without editing this test; a new type that carries an
// id must be given a rule in oracleByID, or the test fails.
//
//	go test -v -run TestGraphWalkLeaks ./internal/server/   (prints the number of objects checked)
func TestGraphWalkLeaks(t *testing.T) {
	dsn := newDatabase(t, true)
	in := startInstanceLimits(t, dsn, server.Limits{MaxDepth: 40, MaxComplexity: 1 << 40, MaxAliases: 1 << 20, PerIP: 1e6, PerToken: 1e6, Burst: 1e6})
	registerChanges(t, in)
	startJobs(t, in)
	betweenRounds(t, in)
	w := newWalker(t, in)

	callers := w.callers(t)
	totalChecked, totalLeaks := 0, 0
	for _, c := range callers {
		checked, leaks := 0, []string{}
		for _, q := range w.queries {
			res := c.client.do(t, q.text, nil)
			var data map[string]any
			if len(res.Data) > 0 {
				if err := json.Unmarshal(res.Data, &data); err != nil {
					t.Fatal(err)
				}
			}
			for _, e := range res.Errors {
				if code, _ := e.Extensions["code"].(string); code == "INTERNAL" || code == "QUERY_TOO_EXPENSIVE" || code == "GRAPHQL_VALIDATION_FAILED" {
					t.Fatalf("%s: %s on %s: %s %v\n%s", c.name, code, q.root, e.Message, e.Extensions, q.text)
				}
			}
			n, l := w.check(c, q.root, data)
			checked += n
			leaks = append(leaks, l...)
		}
		t.Logf("%-22s %6d objects checked, %d leaks", c.name, checked, len(leaks))
		for i, l := range leaks {
			if i == 20 {
				t.Errorf("%s: … and %d more leaks", c.name, len(leaks)-20)
				break
			}
			t.Errorf("%s: leak: %s", c.name, l)
		}
		totalChecked += checked
		totalLeaks += len(leaks)
	}
	t.Logf("graph walk: %d queries × %d callers, %d objects checked, %d leaks", len(w.queries), len(callers), totalChecked, totalLeaks)
	if totalChecked < 1000 {
		t.Fatalf("only %d objects checked: the walk does not reach the data", totalChecked)
	}
}

// ---- the schema, from introspection ----

// ---- ids to feed arguments with, read as the server itself ----

// startJobs records invitation jobs of two offices (started, not run), for the walk to reach.
func startJobs(t *testing.T, in *instance) {
	t.Helper()
	ctx := auth.WithCaller(context.Background(), auth.System)
	var offices []int64
	if err := in.DB.NewRaw(`SELECT DISTINCT office_id FROM services WHERE name LIKE '%Bergen' OR name LIKE '%Tromsø' ORDER BY office_id`).Scan(ctx, &offices); err != nil {
		t.Fatal(err)
	}
	var round int64
	if err := in.DB.NewRaw(`SELECT max(id) FROM rounds`).Scan(ctx, &round); err != nil {
		t.Fatal(err)
	}
	for _, o := range offices {
		if _, err := in.Store.StartInviteOffice(ctx, round, o, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

func ids(t *testing.T, in *instance, query string, args ...any) []string {
	t.Helper()
	var out []int64
	if err := in.DB.NewRaw(query, args...).Scan(context.Background(), &out); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	s := make([]string, len(out))
	for i, id := range out {
		s[i] = strconv.FormatInt(id, 10)
	}
	return s
}

// ---- the walker ----

// ---- the callers ----

// ---- the oracle: what each caller may read, in SQL of its own ----

// registerChanges gives the walk register history (a split and a merge in Vestland) and
// invitations (of leaders and staff, in two offices) to reach.
func registerChanges(t *testing.T, in *instance) {
	t.Helper()
	id := func(name string) int64 {
		var v int64
		if err := in.DB.NewRaw(`SELECT id FROM services WHERE name = ?`, name).Scan(context.Background(), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if _, err := in.Store.SplitService(system, id("Sunnhordland interkommunale barnevern"), "Barnevernstenesta i Fitjar", []string{"4615"}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Store.MergeServices(system, id("Barneverntjenesten i Bergen"), []int64{id("Barneverntjenesten i Askøy")}, nil); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Barneverntjenesten i Bergen", "Barneverntjenesten i Tromsø"} {
		for i, role := range []auth.Role{auth.RoleServiceLeader, auth.RoleServiceStaff} {
			if _, err := in.Store.CreateInvitation(system, id(name), fmt.Sprintf("person%d.%d@example.no", id(name), i), role); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// betweenRounds gives the walk invitation letters (one sent, one not) and summaries (one
// published, one draft) to judge.
func betweenRounds(t *testing.T, in *instance) {
	t.Helper()
	ctx := context.Background()
	var offices []int64
	if err := in.DB.NewRaw(`SELECT id FROM governor_offices ORDER BY id LIMIT 2`).Scan(ctx, &offices); err != nil {
		t.Fatal(err)
	}
	var round int64
	if err := in.DB.NewRaw(`SELECT id FROM rounds ORDER BY number DESC LIMIT 1`).Scan(ctx, &round); err != nil {
		t.Fatal(err)
	}
	for i, o := range offices {
		if _, err := in.Store.SaveInvitationLetter(system, store.LetterInput{OfficeID: o, RoundID: round, Subject: "Invitasjon", Body: "Velkommen"}); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := in.Store.SendInvitationLetter(system, o, round, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	txt := domain.Text{NB: "Oppsummering", NN: "Oppsummering", EN: "Summary"}
	for i := 0; i < 2; i++ {
		rs, err := in.Store.SaveRoundSummary(system, store.SummaryInput{RoundID: round, Kind: "MIDWAY", Title: txt, Body: txt,
			Citations: []store.Citation{{QuestionCode: "1.1", Figure: "YES_SHARE"}}})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := in.Store.PublishRoundSummary(system, rs.ID, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
}
