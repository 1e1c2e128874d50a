package server_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/seed"
)

// countedView is the definition of counted_revisions before migration 0022: worked out from the
// revisions on every read.
const countedView = `SELECT rev.id AS revision_id, sub.id AS submission_id, sub.service_id, sub.round_id, rev.revision,
       (SELECT count(*) FROM revision_cases AS rc WHERE rc.revision_id = rev.id) AS case_count
  FROM submissions AS sub
  JOIN submission_revisions AS rev ON rev.submission_id = sub.id
 WHERE rev.revision = (SELECT max(r2.revision) FROM submission_revisions AS r2 WHERE r2.submission_id = sub.id)`

// TestCountedFormsMatchTheView checks that the counted revisions kept in the submitting
// transaction (counted_forms, migration 0022) are exactly those the view of migration 0009 worked
// out, on the demo data and a generated data set after re-opening, resubmitting and returning
// forms, and that every statistics answer is byte for byte the same read either way.
func TestCountedFormsMatchTheView(t *testing.T) {
	in := countedFormsChanged(t)
	step := inSteps(t)
	step("the counted forms kept are those the view worked out", func(t *testing.T) { keptFormsMatchTheView(t, in) })
	levels := []string{"0::bigint", "s.office_id", "s.county_id", "s.id"}
	step("the kept case sums give what the query over every case gave, at each level", func(t *testing.T) {
		for _, grp := range levels {
			caseSumsAgree(t, in, grp)
		}
	})
	step("the kept option sums give what the query over each option gave, at each level", func(t *testing.T) {
		for _, grp := range levels {
			optionSumsAgree(t, in, grp)
		}
	})
	step("every statistics answer is byte for byte the same read either way", func(t *testing.T) { statisticsSameEitherWay(t, in) })
}

// countedFormsChanged is the demo data and a generated data set whose forms changed after they
// were first counted: every synthetic form is sent again (a new revision replaces the counted
// one), one is re-opened (it keeps counting what it sent), one returned for correction, and one
// revision is deleted (the one before counts again).
func countedFormsChanged(t *testing.T) *instance {
	ctx := context.Background()
	in := startInstance(t, newDatabase(t, true), nil)
	if _, err := seed.Synthetic(ctx, in.Store, seed.SyntheticOptions{Services: 30, Rounds: 2, Cases: 8}); err != nil {
		t.Fatal(err)
	}
	if err := seed.ResubmitSynthetic(ctx, in.Store); err != nil {
		t.Fatal(err)
	}
	var subs []int64
	if err := in.DB.NewRaw(`SELECT id FROM submissions WHERE status = 'SUBMITTED' ORDER BY id LIMIT 3`).Scan(ctx, &subs); err != nil || len(subs) < 3 {
		t.Fatalf("submitted forms: %v %v", subs, err)
	}
	if _, err := in.Store.Transition(system, subs[0], nil, domain.EventReopen); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Store.ReturnSubmission(system, subs[1], nil, "Se over svarene på nytt.", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := in.DB.ExecContext(ctx, `DELETE FROM submission_revisions WHERE id = (SELECT revision_id FROM counted_forms
		WHERE revision > 1 ORDER BY submission_id LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	return in
}

func keptFormsMatchTheView(t *testing.T, in *instance) {
	ctx := context.Background()
	type row struct {
		RevisionID, SubmissionID, ServiceID, RoundID int64
		Revision                                     int
		CaseCount                                    int64
	}
	var kept, worked []row
	if err := in.DB.NewRaw(`SELECT * FROM counted_forms ORDER BY submission_id`).Scan(ctx, &kept); err != nil {
		t.Fatal(err)
	}
	if err := in.DB.NewRaw(`SELECT * FROM (`+countedView+`) AS v ORDER BY submission_id`).Scan(ctx, &worked); err != nil {
		t.Fatal(err)
	}
	if len(kept) < 60 || len(kept) != len(worked) {
		t.Fatalf("%d counted forms kept, %d worked out", len(kept), len(worked))
	}
	for i := range kept {
		if kept[i] != worked[i] {
			t.Errorf("counted form %d: kept %+v, worked out %+v", i, kept[i], worked[i])
		}
	}
}

// caseSumsAgree: the sums over the cases of each counted revision (revision_case_totals) give
// exactly what the query over every case gave, grouped by grp.
func caseSumsAgree(t *testing.T, in *instance, grp string) {
	const cols = `count(*) FILTER (WHERE y + p + no > 0) AS k, sum(y * y) AS yy, sum(y * (y + p + no)) AS ym, sum(p * p) AS pp,
			sum(p * (y + p + no)) AS pm, sum(no * no) AS nn, sum(no * (y + p + no)) AS nm, sum((y + p + no) * (y + p + no)) AS mm`
	old := `WITH per AS (SELECT cr.round_id, ` + grp + ` AS grp, x.revision_id, x.ordinal, x.section_id,
				sum(x.yes) AS y, sum(x.partly) AS p, sum(x.no) AS no
			FROM revision_case_sections AS x JOIN counted_revisions AS cr ON cr.revision_id = x.revision_id JOIN services AS s ON s.id = cr.service_id
			GROUP BY GROUPING SETS ((cr.round_id, ` + grp + `, x.revision_id, x.ordinal, x.section_id), (cr.round_id, ` + grp + `, x.revision_id, x.ordinal)))
			SELECT round_id, grp, section_id, count(*) AS cases, ` + cols + ` FROM per GROUP BY round_id, grp, section_id`
	now := `SELECT cr.round_id, ` + grp + ` AS grp, x.section_id, sum(x.cases) AS cases, sum(x.k) AS k, sum(x.yy) AS yy, sum(x.ym) AS ym,
				sum(x.pp) AS pp, sum(x.pm) AS pm, sum(x.nn) AS nn, sum(x.nm) AS nm, sum(x.mm) AS mm
			FROM revision_case_totals AS x JOIN counted_revisions AS cr ON cr.revision_id = x.revision_id JOIN services AS s ON s.id = cr.service_id
			GROUP BY cr.round_id, ` + grp + `, x.section_id`
	rows := func(q string) []string {
		var out []string
		if err := in.DB.NewRaw(`SELECT concat_ws('|', round_id, grp, section_id, cases, k, yy, ym, pp, pm, nn, nm, mm) FROM (`+q+`) AS t ORDER BY 1`).Scan(context.Background(), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	o, n := rows(old), rows(now)
	if len(o) < 6 || strings.Join(o, "\n") != strings.Join(n, "\n") {
		t.Errorf("case sums grouped by %s differ:\nover cases: %v\nkept sums:  %v", grp, o, n)
	}
}

// optionSumsAgree: the counts of each form per question, section and all questions
// (revision_option_sums) give what the query over each option's count gave, grouped by grp.
func optionSumsAgree(t *testing.T, in *instance, grp string) {
	ctx := context.Background()
	const cluster = `CASE WHEN cr.case_count < 5 THEN 0 ELSE cr.service_id END`
	const outer = `SELECT concat_ws('|', round_id, grp, question_id, section_id, sum(y), sum(p), sum(no), sum(np), sum(na), sum(services), count(*) FILTER (WHERE y + p + no > 0), sum(y * y), sum(y * (y + p + no)), sum(p * p),
			sum(p * (y + p + no)), sum(no * no), sum(no * (y + p + no)), sum((y + p + no) * (y + p + no)))
			FROM per GROUP BY round_id, grp, question_id, section_id ORDER BY 1`
	oldPer := `WITH per AS (SELECT cr.round_id, ` + grp + ` AS grp, ` + cluster + ` AS cluster, x.question_id, q.section_id,
				count(DISTINCT cr.service_id) AS services,
				coalesce(sum(x.n) FILTER (WHERE x.option = 'YES'), 0) AS y, coalesce(sum(x.n) FILTER (WHERE x.option = 'PARTLY'), 0) AS p,
				coalesce(sum(x.n) FILTER (WHERE x.option = 'NO'), 0) AS no, coalesce(sum(x.n) FILTER (WHERE x.option = 'NOT_POSSIBLE'), 0) AS np,
				coalesce(sum(x.n) FILTER (WHERE x.option = 'NOT_APPLICABLE'), 0) AS na
			FROM revision_counts AS x JOIN counted_revisions AS cr ON cr.revision_id = x.revision_id JOIN services AS s ON s.id = cr.service_id
			JOIN questions AS q ON q.id = x.question_id
			GROUP BY GROUPING SETS ((cr.round_id, ` + grp + `, ` + cluster + `, x.question_id, q.section_id), (cr.round_id, ` + grp + `, ` + cluster + `, q.section_id), (cr.round_id, ` + grp + `, ` + cluster + `))) ` + outer
	newPer := `WITH per AS (SELECT cr.round_id, ` + grp + ` AS grp, ` + cluster + ` AS cluster, x.question_id, x.section_id,
				count(*) AS services, sum(x.y)::bigint AS y, sum(x.p)::bigint AS p, sum(x.no)::bigint AS no, sum(x.np)::bigint AS np, sum(x.na)::bigint AS na
			FROM revision_option_sums AS x JOIN counted_revisions AS cr ON cr.revision_id = x.revision_id JOIN services AS s ON s.id = cr.service_id
			GROUP BY cr.round_id, ` + grp + `, ` + cluster + `, x.question_id, x.section_id) ` + outer
	var o2, n2 []string
	if err := in.DB.NewRaw(oldPer).Scan(ctx, &o2); err != nil {
		t.Fatal(err)
	}
	if err := in.DB.NewRaw(newPer).Scan(ctx, &n2); err != nil {
		t.Fatal(err)
	}
	if len(o2) < 20 || strings.Join(o2, "\n") != strings.Join(n2, "\n") {
		t.Errorf("option counts grouped by %s differ (%d, %d rows):\nover options: %.600v\nkept sums:    %.600v", grp, len(o2), len(n2), o2, n2)
	}
}

type statisticsRequest struct {
	query string
	vars  map[string]any
}

// statisticsRequests are the statistics and breakdowns of both rounds, nationally and for one office.
func statisticsRequests(t *testing.T, in *instance, a *instance) []statisticsRequest {
	r1, r2 := roundID(t, a, 1), roundID(t, a, 2)
	office := func() string {
		var id string
		_ = in.DB.NewRaw(`SELECT office_id::text FROM services ORDER BY id LIMIT 1`).Scan(context.Background(), &id)
		return id
	}()
	const breakdown = `query($r: ID!, $by: BreakdownLevel!) { statisticsBreakdown(roundId: $r, by: $by) { office { code } county { name } service { name }
		caseCount suppressed overall { yes { count share low high designEffect } partly { count share } no { count share low high } }
		sections { section { code } options { yes { count share low high } } }
		questions { question { code } options { yes { count share low high } partly { count share } no { count share } } } } }`
	var reqs []statisticsRequest
	for _, r := range []string{r1, r2} {
		reqs = append(reqs,
			statisticsRequest{statisticsQuery, map[string]any{"r": r}},
			statisticsRequest{statisticsQuery, map[string]any{"r": r, "scope": map[string]any{"officeId": office}}},
			statisticsRequest{breakdown, map[string]any{"r": r, "by": "OFFICE"}},
			statisticsRequest{breakdown, map[string]any{"r": r, "by": "COUNTY"}},
			statisticsRequest{breakdown, map[string]any{"r": r, "by": "SERVICE"}})
	}
	return reqs
}

// statisticsSameEitherWay reads every statistics request from the kept counted forms, then with
// counted_revisions worked out by the old view, and compares the answers byte for byte.
func statisticsSameEitherWay(t *testing.T, in *instance) {
	a := in.analyst(t)
	reqs := statisticsRequests(t, in, a)
	read := func() [][]byte {
		var out [][]byte
		for _, q := range reqs {
			res := a.do(t, q.query, q.vars)
			if len(res.Errors) > 0 {
				t.Fatalf("%v", res.Errors)
			}
			out = append(out, res.Data)
		}
		return out
	}
	now := read()
	swap := func(def string) {
		if _, err := in.DB.ExecContext(context.Background(), `CREATE OR REPLACE VIEW counted_revisions AS `+def); err != nil {
			t.Fatal(err)
		}
	}
	swap(countedView)
	before := read()
	swap(`SELECT revision_id, submission_id, service_id, round_id, revision, case_count FROM counted_forms`)
	for i := range now {
		if !bytes.Equal(now[i], before[i]) {
			t.Errorf("request %d (%v) differs:\nkept:   %.400s\nworked: %.400s", i, reqs[i].vars, now[i], before[i])
		}
	}
}
