package server_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestCountyOptionSumsKept checks that the counts per round and county kept in the transactions
// that change counted forms (county_option_sums, migration 0024) are exactly what the counted
// forms give, after forms were sent again, re-opened, returned and a revision deleted, after a
// service moved to another county, and after forms of one county were sent at the same time; and
// that the figures read from them are those read from each form's rows, at each level.
func TestCountyOptionSumsKept(t *testing.T) {
	in := countedFormsChanged(t)
	step := inSteps(t)
	step("the county sums kept are those the counted forms give", func(t *testing.T) { countySumsAgree(t, in) })
	step("a service moved to another county moves its counts", func(t *testing.T) {
		res, err := in.DB.ExecContext(context.Background(), `UPDATE services SET county_id = (SELECT c.id FROM counties AS c
			WHERE c.office_id = services.office_id AND c.id <> services.county_id ORDER BY c.id LIMIT 1)
			WHERE id = (SELECT s.id FROM services AS s JOIN counted_forms AS cf ON cf.service_id = s.id
			WHERE (SELECT count(*) FROM counties AS c WHERE c.office_id = s.office_id) > 1 ORDER BY s.id LIMIT 1)`)
		if n, _ := res.RowsAffected(); err != nil || n != 1 {
			t.Fatalf("moved %d services: %v", n, err)
		}
		countySumsAgree(t, in)
	})
	step("forms of one county sent again at the same time are all counted", func(t *testing.T) {
		sendAgainAtOnce(t, in)
		countySumsAgree(t, in)
	})
	step("the figures read by county are those read by form, at each level", func(t *testing.T) {
		for _, level := range []struct{ byForm, byCounty string }{{"0::bigint", "0::bigint"}, {"s.office_id", "c.office_id"}, {"s.county_id", "c.id"}} {
			countyFiguresAgree(t, in, level.byForm, level.byCounty)
		}
	})
}

// countySumsAgree compares county_option_sums with the sums worked out from the counted forms.
func countySumsAgree(t *testing.T, in *instance) {
	const row = `concat_ws('|', round_id, county_id, small, question_id, section_id, forms, y, p, no, np, na, k, yy, ym, pp, pm, nn, nm, mm)`
	worked := fmt.Sprintf(`SELECT cr.round_id, s.county_id, cr.case_count < %d AS small, x.question_id, x.section_id, count(*) AS forms,
			sum(x.y) AS y, sum(x.p) AS p, sum(x.no) AS no, sum(x.np) AS np, sum(x.na) AS na, count(*) FILTER (WHERE x.y + x.p + x.no > 0) AS k,
			sum(x.y * x.y) AS yy, sum(x.y * (x.y + x.p + x.no)) AS ym, sum(x.p * x.p) AS pp, sum(x.p * (x.y + x.p + x.no)) AS pm,
			sum(x.no * x.no) AS nn, sum(x.no * (x.y + x.p + x.no)) AS nm, sum((x.y + x.p + x.no) * (x.y + x.p + x.no)) AS mm
		FROM counted_forms AS cr JOIN services AS s ON s.id = cr.service_id JOIN revision_option_sums AS x ON x.revision_id = cr.revision_id
		GROUP BY 1, 2, 3, 4, 5`, store.DefaultMinCases)
	k, w := sqlRows(t, in, `SELECT `+row+` FROM county_option_sums ORDER BY 1`), sqlRows(t, in, `SELECT `+row+` FROM (`+worked+`) AS w ORDER BY 1`)
	if len(k) < 20 || strings.Join(k, "\n") != strings.Join(w, "\n") {
		t.Errorf("county sums differ (%d kept, %d worked out):\nkept:       %.600v\nworked out: %.600v", len(k), len(w), k, w)
	}
}

// countyFiguresAgree compares the sums over clusters of services read from each counted form's rows
// with those read from the county sums, grouped by the same groups.
func countyFiguresAgree(t *testing.T, in *instance, byForm, byCounty string) {
	small := fmt.Sprintf("cr.case_count < %d", store.DefaultMinCases)
	const outer = `SELECT concat_ws('|', round_id, grp, question_id, section_id, sum(y), sum(p), sum(no), sum(np), sum(na), sum(services)`
	forms := `WITH per AS (SELECT cr.round_id, ` + byForm + ` AS grp, x.question_id, x.section_id, CASE WHEN ` + small + ` THEN 0 ELSE cr.service_id END AS cluster,
			count(*) AS services, sum(x.y)::bigint AS y, sum(x.p)::bigint AS p, sum(x.no)::bigint AS no, sum(x.np)::bigint AS np, sum(x.na)::bigint AS na
		FROM counted_forms AS cr JOIN services AS s ON s.id = cr.service_id JOIN revision_option_sums AS x ON x.revision_id = cr.revision_id
		GROUP BY 1, 2, 3, 4, 5) ` + outer + `, count(*) FILTER (WHERE y + p + no > 0), sum(y * y), sum(y * (y + p + no)), sum(p * p), sum(p * (y + p + no)),
			sum(no * no), sum(no * (y + p + no)), sum((y + p + no) * (y + p + no))) FROM per GROUP BY round_id, grp, question_id, section_id ORDER BY 1`
	counties := `WITH per AS ((SELECT t.round_id, ` + byCounty + ` AS grp, t.question_id, t.section_id, t.forms AS services, t.y, t.p, t.no, t.np, t.na,
			t.k, t.yy, t.ym, t.pp, t.pm, t.nn, t.nm, t.mm FROM county_option_sums AS t JOIN counties AS c ON c.id = t.county_id WHERE NOT t.small)
		UNION ALL (SELECT t.round_id, ` + byCounty + `, t.question_id, t.section_id, sum(t.forms), sum(t.y), sum(t.p), sum(t.no), sum(t.np), sum(t.na),
			(sum(t.y + t.p + t.no) > 0)::int, sum(t.y) * sum(t.y), sum(t.y) * sum(t.y + t.p + t.no), sum(t.p) * sum(t.p), sum(t.p) * sum(t.y + t.p + t.no),
			sum(t.no) * sum(t.no), sum(t.no) * sum(t.y + t.p + t.no), sum(t.y + t.p + t.no) * sum(t.y + t.p + t.no)
			FROM county_option_sums AS t JOIN counties AS c ON c.id = t.county_id WHERE t.small GROUP BY 1, 2, 3, 4)) ` + outer + `,
			sum(k), sum(yy), sum(ym), sum(pp), sum(pm), sum(nn), sum(nm), sum(mm)) FROM per GROUP BY round_id, grp, question_id, section_id ORDER BY 1`
	f, c := sqlRows(t, in, forms), sqlRows(t, in, counties)
	if len(f) < 20 || strings.Join(f, "\n") != strings.Join(c, "\n") {
		t.Errorf("figures grouped by %s differ (%d, %d rows):\nby form:   %.600v\nby county: %.600v", byForm, len(f), len(c), f, c)
	}
}

// sendAgainAtOnce stores a new revision of four counted forms of one county and round, each in
// its own transaction, all at the same time: each transaction sums the county when it commits,
// after the others that got there first, so none is left out.
func sendAgainAtOnce(t *testing.T, in *instance) {
	ctx := context.Background()
	var subs []int64
	if err := in.DB.NewRaw(`SELECT cf.submission_id FROM counted_forms AS cf JOIN services AS s ON s.id = cf.service_id
		WHERE (cf.round_id, s.county_id) = (SELECT cf2.round_id, s2.county_id FROM counted_forms AS cf2 JOIN services AS s2 ON s2.id = cf2.service_id
			GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1)
		ORDER BY 1 LIMIT 4`).Scan(ctx, &subs); err != nil || len(subs) < 2 {
		t.Fatalf("forms of one county: %v %v", subs, err)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(subs))
	for i, sub := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The new revision is the counted one's snapshot without its last case.
			_, errs[i] = in.DB.ExecContext(ctx, `INSERT INTO submission_revisions (submission_id, revision, submitted_at, late, snapshot)
				SELECT rev.submission_id, rev.revision + 1, now(), false, jsonb_set(rev.snapshot, '{cases}', (rev.snapshot -> 'cases') - (-1))
				  FROM counted_forms AS cf JOIN submission_revisions AS rev ON rev.id = cf.revision_id WHERE cf.submission_id = ?`, sub)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func sqlRows(t *testing.T, in *instance, q string) []string {
	var out []string
	if err := in.DB.NewRaw(q).Scan(context.Background(), &out); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	return out
}
