package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/testutil"
)

// TestSuppressionWithstandsSubtraction plays an attacker with every account outside the services:
// it reads every figure it can get (national statistics, breakdowns at every level, every scope,
// several floors, round comparisons, trends, the county reports in the graph, HTML and XLSX) and
// then solves the linear system the published figures make, exactly, over the rationals. No count
// of a service with fewer than 5 cases, on any question and option or days figure, may be determined.
func TestSuppressionWithstandsSubtraction(t *testing.T) {
	s := newSubtractionScenario(t)
	step := inSteps(t) // the steps gather the published figures the attack solves, in order
	step("statistics and breakdowns at every scope and floor show no small service", s.readStatistics)
	step("round comparisons at every scope withhold what they must", s.readComparisons)
	step("trends at every scope withhold what they must", s.readTrends)
	step("each advisor's own statistics and breakdowns show no small service", s.readAdvisorStatistics)
	step("the county report withholds small services' shares in the graph, XLSX and HTML", s.readCountyReports)
	step("no small service's count can be worked out from all the published figures", s.attack)
}

// rowNode is the node a breakdown's row is about.
func rowNode(by string, st statJ) hnode {
	switch by {
	case "OFFICE":
		return hnode{'O', mustInt(st.Office.ID)}
	case "COUNTY":
		return hnode{'C', mustInt(st.County.ID)}
	}
	return hnode{'S', mustInt(st.Service.ID)}
}

// readStatistics reads statistics and breakdowns, for every scope, at several floors, as the analyst.
func (s *subtractionScenario) readStatistics(t *testing.T) {
	at := s.at
	at.t = t
	for _, r := range s.rounds {
		for _, floor := range []int{5, 8} {
			var fields []string
			var use []func(json.RawMessage)
			for _, n := range s.nodes {
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
			batch(t, s.a, fields, statsFragments, func(i int, raw json.RawMessage) { use[i](raw) })
		}
	}
}

const optionsFragment = `fragment O on OptionStatistics { yes { count } partly { count } no { count } notPossible notApplicable }`

// readComparisons reads the round comparison for every scope, at two floors: each round's figures
// again. It also learns each round-2 question's round-1 predecessors, which the trends need.
func (s *subtractionScenario) readComparisons(t *testing.T) {
	at := s.at
	at.t = t
	for _, floor := range []int{5, 10} {
		var fields []string
		for _, n := range s.nodes {
			fields = append(fields, fmt.Sprintf(`roundComparison(roundId: "%d", minCases: %d%s) { questions { question { code } predecessors { code } suppressed current { ...O } previous { ...O } } }`, s.r2, floor, n.scope))
		}
		batch(t, s.a, fields, optionsFragment, func(i int, raw json.RawMessage) {
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
			where := fmt.Sprintf("roundComparison %c%d floor %d", s.nodes[i].node.kind, s.nodes[i].node.id, floor)
			for _, q := range c.Questions {
				var prev []string
				for _, p := range q.Predecessors {
					prev = append(prev, p.Code)
				}
				s.predecessors[q.Question.Code] = prev
				if q.Suppressed {
					at.withheld++
					if !q.Current.zero() || !q.Previous.zero() {
						t.Errorf("%s: withheld %s shows figures", where, q.Question.Code)
					}
					continue
				}
				at.options(s.r2, s.nodes[i].node, []string{q.Question.Code}, q.Current, where)
				if len(prev) > 0 {
					at.options(s.r1, s.nodes[i].node, prev, q.Previous, where)
				}
			}
		})
	}
}

// readTrends reads the campaign's trends for every scope, at two floors: each round's figures again.
func (s *subtractionScenario) readTrends(t *testing.T) {
	at := s.at
	at.t = t
	for _, floor := range []int{5, 10} {
		var fields []string
		for _, n := range s.nodes {
			fields = append(fields, fmt.Sprintf(`trends(campaignId: "1", minCases: %d%s) { question { code } points { round { id } suppressed options { ...O } } }`, floor, n.scope))
		}
		batch(t, s.a, fields, optionsFragment, func(i int, raw json.RawMessage) {
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
			where := fmt.Sprintf("trends %c%d floor %d", s.nodes[i].node.kind, s.nodes[i].node.id, floor)
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
					codes := s.all[r]
					if l.Question != nil {
						codes = []string{l.Question.Code}
						if r == s.r1 {
							codes = s.predecessors[l.Question.Code]
						}
					}
					if len(codes) > 0 {
						at.options(r, s.nodes[i].node, codes, p.Options, where)
					}
				}
			}
		})
	}
}

// readAdvisorStatistics reads, as each office's advisor, its own default scope and breakdowns.
func (s *subtractionScenario) readAdvisorStatistics(t *testing.T) {
	at := s.at
	at.t = t
	for o := range s.offices {
		adv := s.advisor(t, o)
		for _, r := range s.rounds {
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
	}
}

// readCountyReports reads each office's county report of round 2 as its advisor, in the graph and
// as downloads, and checks that a small service's share is withheld everywhere.
func (s *subtractionScenario) readCountyReports(t *testing.T) {
	s.at.t = t
	for o := range s.offices {
		adv := s.advisor(t, o)
		s.checkCountyReportInGraph(t, adv, o)
		s.checkCountyReportDownloads(t, adv, o)
	}
}

func (s *subtractionScenario) checkCountyReportInGraph(t *testing.T, adv *instance, o int64) {
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
		yesShare previousYesShare change suppressed previousSuppressed suppressedReason } } }`, map[string]any{"o": fmt.Sprint(o), "r": fmt.Sprint(s.r2)}, &rep)
	for _, res := range rep.CountyReport.Results {
		sid := mustInt(res.Service.ID)
		cur, prev := s.cases[s.r2][sid], s.cases[s.r1][sid]
		if res.CaseCount != cur || res.PreviousCaseCount != prev {
			t.Errorf("county report: service %d has %d/%d cases, the data %d/%d", sid, res.CaseCount, res.PreviousCaseCount, cur, prev)
		}
		if (cur < 5) != res.Suppressed || (prev < 5) != res.PreviousSuppressed ||
			cur < 5 && res.YesShare != nil || prev < 5 && res.PreviousYesShare != nil || (cur < 5 || prev < 5) && (res.Change != nil || res.SuppressedReason == nil) ||
			cur >= 5 && res.YesShare == nil || prev >= 5 && res.PreviousYesShare == nil {
			t.Errorf("county report: service %d with %d/%d cases: %+v", sid, cur, prev, res)
		}
	}
}

// checkCountyReportDownloads: the downloads show the same as the graph: no share for a small service.
func (s *subtractionScenario) checkCountyReportDownloads(t *testing.T, adv *instance, o int64) {
	_, body, _ := adv.download(t, fmt.Sprintf("/reports/county/%d/%d.xlsx", o, s.r2))
	book, err := excelize.OpenReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	_, html, _ := adv.download(t, fmt.Sprintf("/reports/county/%d/%d.html", o, s.r2))
	for _, svc := range s.services {
		if svc.office != o {
			continue
		}
		cur, prev := s.cases[s.r2][svc.id], s.cases[s.r1][svc.id]
		found := false
		for _, sheet := range book.GetSheetList() {
			rows, _ := book.GetRows(sheet)
			for _, row := range rows {
				if len(row) >= 4 && row[0] == svc.name && row[1] == fmt.Sprint(cur) {
					found = true
					if cur < 5 && (strings.Contains(row[2], "%") || row[2] != "Skjult") || prev < 5 && row[3] != "Skjult" ||
						cur >= 5 && !strings.Contains(row[2], "%") {
						t.Errorf("xlsx: %s with %d/%d cases: %q", svc.name, cur, prev, row)
					}
				}
			}
		}
		if !found {
			t.Errorf("xlsx: no results row for %s", svc.name)
		}
		i := strings.Index(string(html), fmt.Sprintf("<tr><td>%s</td><td>%d</td>", svc.name, cur))
		if i < 0 {
			t.Errorf("html: no row for %s", svc.name)
			continue
		}
		row := string(html[i:])
		row, _, _ = strings.Cut(row, "</tr>")
		cells := strings.Split(row, "<td>") // "<tr>", name, cases, share, previous share, …
		if len(cells) < 5 || (cur < 5) != (cells[3] == "Skjult</td>") || (prev < 5) != (cells[4] == "Skjult</td>") {
			t.Errorf("html: %s with %d/%d cases: %s", svc.name, cur, prev, row)
		}
	}
}

// unknown is one count the attacker must not learn: a small service's count on a question.
type unknown struct {
	service int64
	code    string
}

// attack: for each round and measure, one unknown per small service (and question), one equation
// per published figure. Every other service is public (its summary form is read by its county
// advisor), so it is subtracted out.
func (s *subtractionScenario) attack(t *testing.T) {
	at := s.at
	equations := 0
	covering := 0
	for _, r := range s.rounds {
		measures := map[string]bool{}
		for k := range at.published {
			if k.round == r {
				measures[k.measure] = true
			}
		}
		for m := range measures {
			names, rows, aggregates := s.equations(r, m)
			equations += len(rows)
			covering += aggregates
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

// equations makes the linear system of one round and measure: its unknowns, one row per published
// figure that involves a small service, and how many of those rows are aggregates (not a service's
// own figure).
func (s *subtractionScenario) equations(r int64, m string) (names []unknown, rows [][]int64, aggregates int) {
	index := map[unknown]int{}
	codes := s.all[r]
	if m == "days" || strings.HasPrefix(m, "above") {
		codes = []string{""}
	}
	for _, svc := range s.small[r] {
		for _, c := range codes {
			index[unknown{svc.id, c}] = len(names)
			names = append(names, unknown{svc.id, c})
		}
	}
	for k := range s.at.published {
		if k.round != r || k.measure != m {
			continue
		}
		row := make([]int64, len(names))
		nonzero := 0
		for _, svc := range s.small[r] {
			if !k.node.covers(svc) {
				continue
			}
			for _, c := range strings.Split(k.codes, ",") {
				if i, ok := index[unknown{svc.id, c}]; ok {
					row[i], nonzero = 1, nonzero+1
				}
			}
		}
		if nonzero > 0 {
			rows = append(rows, row)
			if k.node.kind != 'S' {
				aggregates++
			}
		}
	}
	return names, rows, aggregates
}
