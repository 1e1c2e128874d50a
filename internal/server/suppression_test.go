package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
)

// TestMinCasesOnlyRaisesTheFloor: a caller can ask for a higher floor, never a lower one, on every
// field that takes minCases; the refusal names the field, in the reader's language.
func TestMinCasesOnlyRaisesTheFloor(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	r := roundID(t, a, 2)
	fields := map[string]string{
		"statistics":          `statistics(roundId: $r, minCases: $m) { suppressed }`,
		"statisticsBreakdown": `statisticsBreakdown(roundId: $r, by: COUNTY, minCases: $m) { suppressed }`,
		"roundComparison":     `roundComparison(roundId: $r, minCases: $m) { questions { suppressed } }`,
		"trends":              `trends(campaignId: $c, minCases: $m) { points { suppressed } }`,
	}
	for name, field := range fields {
		q, vars := `query($r: ID!, $m: Int) { `+field+` }`, func(m any) map[string]any { return map[string]any{"r": r, "m": m} }
		if name == "trends" {
			q, vars = `query($c: ID!, $m: Int) { `+field+` }`, func(m any) map[string]any { return map[string]any{"c": "1", "m": m} }
		}
		for _, m := range []int{4, 1, 0, -5} {
			e := a.mustFail(t, "BAD_USER_INPUT", q, vars(m))
			if e.Extensions["field"] != "minCases" || !strings.Contains(e.Message, "5") {
				t.Errorf("%s minCases %d: %+v", name, m, e)
			}
		}
		for _, m := range []any{5, 9, nil} {
			a.mustQuery(t, q, vars(m), nil)
		}
	}
	res := a.do(t, `query($r: ID!) { statistics(roundId: $r, minCases: 2) { suppressed } }`, map[string]any{"r": r}, "Accept-Language", "nn-NO")
	if len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, "berre heve grensa") {
		t.Fatalf("nynorsk refusal: %+v", res.Errors)
	}
	res = a.do(t, `query($r: ID!) { statistics(roundId: $r, minCases: 2) { suppressed } }`, map[string]any{"r": r}, "Accept-Language", "en")
	if len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, "only raise") {
		t.Fatalf("English refusal: %+v", res.Errors)
	}
}

// TestSuppressionWithstandsSubtraction plays an attacker with every account outside the services:
// it reads every figure it can get (national statistics, breakdowns at every level, every scope,
// several floors, round comparisons, trends, the county reports in the graph, HTML and XLSX) and
// then solves the linear system the published figures make, exactly, over the rationals. No count
// of a service with fewer than 5 cases, on any question and option or days figure, may be determined.
func TestSuppressionWithstandsSubtraction(t *testing.T) {
	// The attacker has time: many small requests reach what one batched request does, so the cost
	// limits are lifted here and the test batches for speed.
	relaxed := testLimits
	relaxed.MaxComplexity, relaxed.MaxAliases = 1<<40, 1<<20
	in := startInstanceLimits(t, newDatabase(t, false), relaxed)
	ctx := context.Background()
	if _, err := seed.Synthetic(ctx, in.Store, seed.SyntheticOptions{Services: 40, Rounds: 2, Cases: 12}); err != nil {
		t.Fatal(err)
	}
	a := in.analyst(t)
	r1, r2 := mustInt(roundID(t, a, 1)), mustInt(roundID(t, a, 2))
	rounds := []int64{r1, r2}

	var services []hservice
	rows, err := in.Store.DB.QueryContext(ctx, `SELECT id, county_id, office_id, name FROM services WHERE name LIKE ? || '%' ORDER BY id`, seed.SyntheticPrefix)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s hservice
		if err := rows.Scan(&s.id, &s.county, &s.office, &s.name); err != nil {
			t.Fatal(err)
		}
		services = append(services, s)
	}
	rows.Close()

	// Cases per service and round: a fifth small (1–4), some between the floors asked for, the rest
	// 10–12. The first service is always small, and the only small one in its county: before
	// complementary suppression, its county minus its neighbours gave its figures away.
	rng := rand.New(rand.NewSource(20))
	cases := map[int64]map[int64]int{}
	small := map[int64][]hservice{}
	for _, r := range rounds {
		cases[r] = map[int64]int{}
		for i, s := range services {
			n := 10 + rng.Intn(3)
			switch x := rng.Intn(10); {
			case x < 2:
				n = 1 + rng.Intn(4)
			case x < 5:
				n = 5 + rng.Intn(5)
			}
			switch {
			case i == 0:
				n = 2
			case s.county == services[0].county:
				n = 12
			}
			cases[r][s.id] = n
			if n < 5 {
				small[r] = append(small[r], s)
			}
			if _, err := in.Store.DB.ExecContext(ctx, `DELETE FROM cases WHERE service_id = ? AND round_id = ? AND number > ?`, s.id, r, n); err != nil {
				t.Fatal(err)
			}
		}
		if len(small[r]) < 3 {
			t.Fatalf("round %d: only %d small services; the test needs several", r, len(small[r]))
		}
	}
	// The services send their forms again: the statistics count what was last sent.
	if err := seed.ResubmitSynthetic(ctx, in.Store); err != nil {
		t.Fatal(err)
	}

	at := &attacker{t: t, services: services, published: map[pubKey]int{},
		truth: map[int64]map[int64]map[string]map[string]int{}, days: map[int64]map[int64]map[string]int{}, cases: cases}
	for _, r := range rounds {
		at.truth[r], at.days[r] = map[int64]map[string]map[string]int{}, map[int64]map[string]int{}
		seenCase := map[int64]bool{}
		for _, x := range rawAnswers(t, in.Store, r) {
			if at.truth[r][x.Service] == nil {
				at.truth[r][x.Service], at.days[r][x.Service] = map[string]map[string]int{}, map[string]int{}
			}
			if at.truth[r][x.Service][x.Code] == nil {
				at.truth[r][x.Service][x.Code] = map[string]int{}
			}
			at.truth[r][x.Service][x.Code][x.Option]++
			if x.Days != nil && !seenCase[x.Case] {
				seenCase[x.Case] = true
				at.days[r][x.Service]["days"]++
				for _, d := range []int{7, 14} {
					if *x.Days > d {
						at.days[r][x.Service][fmt.Sprintf("above%d", d)]++
					}
				}
			}
		}
	}

	// Every node, with the scope argument that asks for it.
	offices, counties := map[int64]bool{}, map[int64]bool{}
	for _, s := range services {
		offices[s.office], counties[s.county] = true, true
	}
	type scoped struct {
		node  hnode
		scope string
	}
	nodes := []scoped{{hnode{'N', 0}, ""}}
	for o := range offices {
		nodes = append(nodes, scoped{hnode{'O', o}, fmt.Sprintf(`, scope: {officeId: "%d"}`, o)})
	}
	for c := range counties {
		nodes = append(nodes, scoped{hnode{'C', c}, fmt.Sprintf(`, scope: {countyId: "%d"}`, c)})
	}
	for _, s := range services {
		nodes = append(nodes, scoped{hnode{'S', s.id}, fmt.Sprintf(`, scope: {serviceId: "%d"}`, s.id)})
	}
	rowNode := func(by string, st statJ) hnode {
		switch by {
		case "OFFICE":
			return hnode{'O', mustInt(st.Office.ID)}
		case "COUNTY":
			return hnode{'C', mustInt(st.County.ID)}
		}
		return hnode{'S', mustInt(st.Service.ID)}
	}

	// 1. Statistics and breakdowns, for every scope, at several floors, as the analyst.
	for _, r := range rounds {
		for _, floor := range []int{5, 8} {
			var fields []string
			var use []func(json.RawMessage)
			for _, n := range nodes {
				n := n
				where := fmt.Sprintf("statistics %c%d round %d floor %d", n.node.kind, n.node.id, r, floor)
				fields = append(fields, fmt.Sprintf(`statistics(roundId: "%d", minCases: %d%s) { ...F }`, r, floor, n.scope))
				use = append(use, func(raw json.RawMessage) {
					var st statJ
					if err := json.Unmarshal(raw, &st); err != nil {
						t.Fatal(err)
					}
					at.stats(r, n.node, st, where)
				})
				for _, by := range []string{"OFFICE", "COUNTY", "SERVICE"} {
					if n.node.kind == 'S' || n.node.kind == 'C' && by != "SERVICE" || n.node.kind == 'O' && by == "OFFICE" {
						continue
					}
					by := by
					fields = append(fields, fmt.Sprintf(`statisticsBreakdown(roundId: "%d", by: %s, minCases: %d%s) { ...F }`, r, by, floor, n.scope))
					use = append(use, func(raw json.RawMessage) {
						var sts []statJ
						if err := json.Unmarshal(raw, &sts); err != nil {
							t.Fatal(err)
						}
						for _, st := range sts {
							at.stats(r, rowNode(by, st), st, where+" by "+by)
						}
					})
				}
			}
			batch(t, a, fields, statsFragments, func(i int, raw json.RawMessage) { use[i](raw) })
		}
	}

	// 2. Round comparisons and trends for every scope, at two floors: each round's figures again.
	predecessors := map[string][]string{} // round-2 code → round-1 codes
	all := map[int64][]string{}           // every question code of a round (all are answered)
	for _, r := range rounds {
		for _, x := range rawAnswers(t, in.Store, r) {
			all[r] = append(all[r], x.Code)
		}
		all[r] = strings.Split(codesKey(uniq(all[r])), ",")
	}
	for _, floor := range []int{5, 10} {
		var fields []string
		for _, n := range nodes {
			fields = append(fields, fmt.Sprintf(`roundComparison(roundId: "%d", minCases: %d%s) { questions { question { code } predecessors { code } suppressed current { ...O } previous { ...O } } }`, r2, floor, n.scope))
		}
		batch(t, a, fields, `fragment O on OptionStatistics { yes { count } partly { count } no { count } notPossible notApplicable }`, func(i int, raw json.RawMessage) {
			var c struct {
				Questions []struct {
					Question          struct{ Code string }
					Predecessors      []struct{ Code string }
					Suppressed        bool
					Current, Previous optsJ
				}
			}
			if err := json.Unmarshal(raw, &c); err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("roundComparison %c%d floor %d", nodes[i].node.kind, nodes[i].node.id, floor)
			for _, q := range c.Questions {
				var prev []string
				for _, p := range q.Predecessors {
					prev = append(prev, p.Code)
				}
				predecessors[q.Question.Code] = prev
				if q.Suppressed {
					at.withheld++
					if !q.Current.zero() || !q.Previous.zero() {
						t.Errorf("%s: withheld %s shows figures", where, q.Question.Code)
					}
					continue
				}
				at.options(r2, nodes[i].node, []string{q.Question.Code}, q.Current, where)
				if len(prev) > 0 {
					at.options(r1, nodes[i].node, prev, q.Previous, where)
				}
			}
		})
		fields = nil
		for _, n := range nodes {
			fields = append(fields, fmt.Sprintf(`trends(campaignId: "1", minCases: %d%s) { question { code } points { round { id } suppressed options { ...O } } }`, floor, n.scope))
		}
		batch(t, a, fields, `fragment O on OptionStatistics { yes { count } partly { count } no { count } notPossible notApplicable }`, func(i int, raw json.RawMessage) {
			var lines []struct {
				Question *struct{ Code string }
				Points   []struct {
					Round      idJ
					Suppressed bool
					Options    optsJ
				}
			}
			if err := json.Unmarshal(raw, &lines); err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("trends %c%d floor %d", nodes[i].node.kind, nodes[i].node.id, floor)
			for _, l := range lines {
				for _, p := range l.Points {
					r := mustInt(p.Round.ID)
					if p.Suppressed {
						at.withheld++
						if !p.Options.zero() {
							t.Errorf("%s: withheld point shows figures", where)
						}
						continue
					}
					codes := all[r]
					if l.Question != nil {
						codes = []string{l.Question.Code}
						if r == r1 {
							codes = predecessors[l.Question.Code]
						}
					}
					if len(codes) > 0 {
						at.options(r, nodes[i].node, codes, p.Options, where)
					}
				}
			}
		})
	}

	// 3. Each office's advisor: its own default scope and breakdowns, and the county report.
	for o := range offices {
		adv := in.advisor(t, fmt.Sprint(o))
		for _, r := range rounds {
			var got struct {
				Statistics statJ
				ByCounty   []statJ
				ByService  []statJ
			}
			adv.mustQuery(t, `query($r: ID!) { statistics(roundId: $r) { ...F } byCounty: statisticsBreakdown(roundId: $r, by: COUNTY) { ...F }
				byService: statisticsBreakdown(roundId: $r, by: SERVICE) { ...F } }`+statsFragments, map[string]any{"r": fmt.Sprint(r)}, &got)
			at.stats(r, hnode{'O', o}, got.Statistics, "advisor default scope")
			for _, st := range got.ByCounty {
				at.stats(r, rowNode("COUNTY", st), st, "advisor by county")
			}
			for _, st := range got.ByService {
				at.stats(r, rowNode("SERVICE", st), st, "advisor by service")
			}
		}
		var rep struct {
			CountyReport struct {
				Results []struct {
					Service                            idJ
					CaseCount, PreviousCaseCount       int
					YesShare, PreviousYesShare, Change *float64
					Suppressed, PreviousSuppressed     bool
					SuppressedReason                   *string
				}
			}
		}
		adv.mustQuery(t, `query($o: ID!, $r: ID!) { countyReport(officeId: $o, roundId: $r) { results { service { id } caseCount previousCaseCount
			yesShare previousYesShare change suppressed previousSuppressed suppressedReason } } }`, map[string]any{"o": fmt.Sprint(o), "r": fmt.Sprint(r2)}, &rep)
		for _, res := range rep.CountyReport.Results {
			sid := mustInt(res.Service.ID)
			cur, prev := cases[r2][sid], cases[r1][sid]
			if res.CaseCount != cur || res.PreviousCaseCount != prev {
				t.Errorf("county report: service %d has %d/%d cases, the data %d/%d", sid, res.CaseCount, res.PreviousCaseCount, cur, prev)
			}
			if (cur < 5) != res.Suppressed || (prev < 5) != res.PreviousSuppressed ||
				cur < 5 && res.YesShare != nil || prev < 5 && res.PreviousYesShare != nil || (cur < 5 || prev < 5) && (res.Change != nil || res.SuppressedReason == nil) ||
				cur >= 5 && res.YesShare == nil || prev >= 5 && res.PreviousYesShare == nil {
				t.Errorf("county report: service %d with %d/%d cases: %+v", sid, cur, prev, res)
			}
		}
		// The downloads show the same: no share for a small service.
		_, body, _ := adv.download(t, fmt.Sprintf("/reports/county/%d/%d.xlsx", o, r2))
		book, err := excelize.OpenReader(strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		_, html, _ := adv.download(t, fmt.Sprintf("/reports/county/%d/%d.html", o, r2))
		for _, s := range services {
			if s.office != o {
				continue
			}
			cur, prev := cases[r2][s.id], cases[r1][s.id]
			found := false
			for _, sheet := range book.GetSheetList() {
				rows, _ := book.GetRows(sheet)
				for _, row := range rows {
					if len(row) >= 4 && row[0] == s.name && row[1] == fmt.Sprint(cur) {
						found = true
						if cur < 5 && (strings.Contains(row[2], "%") || row[2] != "Skjult") || prev < 5 && row[3] != "Skjult" ||
							cur >= 5 && !strings.Contains(row[2], "%") {
							t.Errorf("xlsx: %s with %d/%d cases: %q", s.name, cur, prev, row)
						}
					}
				}
			}
			if !found {
				t.Errorf("xlsx: no results row for %s", s.name)
			}
			i := strings.Index(string(html), fmt.Sprintf("<tr><td>%s</td><td>%d</td>", s.name, cur))
			if i < 0 {
				t.Errorf("html: no row for %s", s.name)
				continue
			}
			row := string(html[i:])
			row, _, _ = strings.Cut(row, "</tr>")
			cells := strings.Split(row, "<td>") // "<tr>", name, cases, share, previous share, …
			if len(cells) < 5 || (cur < 5) != (cells[3] == "Skjult</td>") || (prev < 5) != (cells[4] == "Skjult</td>") {
				t.Errorf("html: %s with %d/%d cases: %s", s.name, cur, prev, row)
			}
		}
	}

	// 4. The attack: for each round and measure, one unknown per small service (and question), one
	// equation per published figure. Every other service is public (its summary form is read by
	// its county advisor), so it is subtracted out.
	equations := 0
	covering := 0
	for _, r := range rounds {
		measures := map[string]bool{}
		for k := range at.published {
			if k.round == r {
				measures[k.measure] = true
			}
		}
		for m := range measures {
			type unknown struct {
				service int64
				code    string
			}
			index := map[unknown]int{}
			var names []unknown
			codes := all[r]
			if m == "days" || strings.HasPrefix(m, "above") {
				codes = []string{""}
			}
			for _, s := range small[r] {
				for _, c := range codes {
					index[unknown{s.id, c}] = len(names)
					names = append(names, unknown{s.id, c})
				}
			}
			var rows [][]int64
			for k := range at.published {
				if k.round != r || k.measure != m {
					continue
				}
				row := make([]int64, len(names))
				nonzero := 0
				for _, s := range small[r] {
					if !k.node.covers(s) {
						continue
					}
					for _, c := range strings.Split(k.codes, ",") {
						if i, ok := index[unknown{s.id, c}]; ok {
							row[i], nonzero = 1, nonzero+1
						}
					}
				}
				if nonzero > 0 {
					rows = append(rows, row)
					equations++
					if k.node.kind != 'S' {
						covering++
					}
				}
			}
			for i, det := range testutil.Determined(len(names), rows) {
				if det {
					t.Errorf("round %d: the count %s of small service %d on question %q can be worked out from the published figures",
						r, m, names[i].service, names[i].code)
				}
			}
		}
	}
	if covering == 0 || at.withheld == 0 {
		t.Fatalf("the attack saw %d equations over small services (%d from aggregates) and %d withheld figures; the data do not test anything",
			equations, covering, at.withheld)
	}
	if at.intervals == 0 {
		t.Fatal("no interval of a shown aggregate was checked")
	}
	t.Logf("%d published figures, %d withheld; %d equations involve small services; %d intervals checked", len(at.published), at.withheld, equations, at.intervals)
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
