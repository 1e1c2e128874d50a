package server_test

import (
	"context"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/store"
)

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

	refuseOfficeDeadlines(t, in, a, adv, leader, office, r)

	// A submitted form, late against the round's deadline (submitted 2026-04-15).
	sub, err := in.Store.CreateCase(system, mustInt(bergen), mustInt(r), store.CaseFields{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.DB.ExecContext(ctx, `UPDATE submissions SET status = 'SUBMITTED', revision = 1, late = true,
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
	_ = in.DB.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'office_deadline.set'`).Scan(&n)
	if n != 2 {
		t.Fatalf("%d audit entries", n)
	}
}

// refuseOfficeDeadlines: a deadline not after the round's, no reason, another office's advisor
// and a leader are refused, and nothing is stored.
func refuseOfficeDeadlines(t *testing.T, in, a, adv, leader *instance, office, r string) {
	t.Helper()
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
	_ = in.DB.QueryRowContext(ctx, `SELECT count(*) FROM office_deadlines`).Scan(&cnt)
	if cnt != 0 {
		t.Fatal("a refused deadline was stored")
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
	_ = in.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action IN ('round_summary.save', 'round_summary.publish')`).Scan(&n)
	if n != 2 {
		t.Fatalf("%d audit entries", n)
	}
}
