package server_test

import (
	"testing"
)

func TestGeographyAndQuestionnaires(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil).analyst(t)
	t.Run("ten offices cover the fifteen counties as mapped in 2024, each with services", func(t *testing.T) { checkGeography(t, in) })
	t.Run("3.7 of version 1 continues as 3.7a and 3.7b (SPLIT) in version 2", func(t *testing.T) { checkLineage(t, in) })
	t.Run("round 2's deadline was moved and it follows round 1", func(t *testing.T) {
		var rounds struct {
			Rounds []struct {
				Number           int
				Deadline         string
				OriginalDeadline *string
				PreviousRound    *struct{ Number int }
			}
		}
		in.mustQuery(t, `{ rounds { number deadline originalDeadline previousRound { number } } }`, nil, &rounds)
		for _, r := range rounds.Rounds {
			if r.Number == 2 && (r.Deadline != "2026-03-31" || r.OriginalDeadline == nil || *r.OriginalDeadline != "2025-12-31" || r.PreviousRound == nil || r.PreviousRound.Number != 1) {
				t.Errorf("round 2 = %+v", r)
			}
		}
	})
}

func checkGeography(t *testing.T, in *instance) {
	var geo struct {
		Offices []struct {
			Code         string
			ServiceCount int
			Counties     []struct{ Number string }
		}
		Counties []struct {
			Number string
			Office struct{ Code string }
		}
	}
	in.mustQuery(t, `{ offices { code serviceCount counties { number } } counties { number office { code } } }`, nil, &geo)
	if len(geo.Offices) != 10 || len(geo.Counties) != 15 {
		t.Fatalf("%d offices and %d counties, want 10 and 15", len(geo.Offices), len(geo.Counties))
	}
	officeOf := map[string]string{}
	for _, c := range geo.Counties {
		officeOf[c.Number] = c.Office.Code
	}
	// The 2024 mapping: Troms and Finnmark share an office, as do Vestfold and Telemark, and
	// Østfold, Buskerud, Oslo and Akershus.
	for _, pair := range [][2]string{{"55", "56"}, {"39", "40"}, {"31", "03"}, {"33", "32"}} {
		if officeOf[pair[0]] != officeOf[pair[1]] {
			t.Errorf("counties %s and %s must share an office", pair[0], pair[1])
		}
	}
	total := 0
	for _, o := range geo.Offices {
		if o.ServiceCount == 0 {
			t.Errorf("office %s has no services", o.Code)
		}
		total += o.ServiceCount
	}
	if total < 40 {
		t.Errorf("%d services, want at least 40", total)
	}
}

// checkLineage: 3.7 of version 1 continues as 3.7a and 3.7b (SPLIT) in version 2; 1.1 is the
// same; only 3.7b allows NOT_POSSIBLE.
func checkLineage(t *testing.T, in *instance) {
	var q struct {
		Questionnaires []struct {
			Version   int
			Questions []struct {
				Code          string
				Comparability string
				Options       []string
				Lineage       []struct {
					Comparability string
					Predecessor   struct {
						Code          string
						Questionnaire struct{ Version int }
					}
				}
			}
		}
	}
	in.mustQuery(t, `{ questionnaires { version questions { code comparability options lineage { comparability predecessor { code questionnaire { version } } } } } }`, nil, &q)
	if len(q.Questionnaires) != 2 {
		t.Fatalf("%d questionnaires, want 2", len(q.Questionnaires))
	}
	found := 0
	for _, qq := range q.Questionnaires[1].Questions {
		switch qq.Code {
		case "3.7a", "3.7b":
			found++
			if qq.Comparability != "SPLIT" || len(qq.Lineage) != 1 || qq.Lineage[0].Predecessor.Code != "3.7" || qq.Lineage[0].Predecessor.Questionnaire.Version != 1 {
				t.Errorf("%s lineage = %+v, want SPLIT from 3.7 of version 1", qq.Code, qq.Lineage)
			}
		case "1.1":
			if qq.Comparability != "SAME" {
				t.Errorf("1.1 comparability = %s, want SAME", qq.Comparability)
			}
		}
		hasNP := false
		for _, o := range qq.Options {
			hasNP = hasNP || o == "NOT_POSSIBLE"
		}
		if hasNP != (qq.Code == "3.7b") {
			t.Errorf("%s: NOT_POSSIBLE allowed = %v; only 3.7b may allow it", qq.Code, hasNP)
		}
	}
	if found != 2 {
		t.Fatalf("found %d of 3.7a/3.7b", found)
	}
}

func TestServiceListPagingAndFilters(t *testing.T) {
	in := startInstance(t, newDatabase(t, true), nil).analyst(t)
	var total int
	step := inSteps(t)
	step("every page of 7 gives every service exactly once, in name order", func(t *testing.T) { total = walkServicePages(t, in) })
	step("the list filters by office, by kind and by a partner municipality's name", func(t *testing.T) { checkServiceFilters(t, in) })
	step("status filters need a round, and the statuses partition the services", func(t *testing.T) { checkStatusFilters(t, in, total) })
	step("unknown single objects are null, not errors", func(t *testing.T) {
		var none struct {
			Service *struct{ ID string }
			Round   *struct{ ID string }
		}
		in.mustQuery(t, `{ service(id: "999999") { id } round(id: "999999") { id } }`, nil, &none)
		if none.Service != nil || none.Round != nil {
			t.Fatal("unknown ids must give null")
		}
	})
}

const serviceList = `query($f: ServiceFilter, $first: Int, $after: String) { services(filter: $f, first: $first, after: $after) {
		totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { id name kind office { id } county { id } } } }`

type servicePage struct {
	Services struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage, HasPreviousPage bool
			EndCursor                    *string
		}
		Nodes []struct {
			ID, Name, Kind string
			Office, County struct{ ID string }
		}
	}
}

// walkServicePages walks every page of 7 and gets every service exactly once, in name order. It
// returns the total count.
func walkServicePages(t *testing.T, in *instance) int {
	seen := map[string]bool{}
	var after any
	prev := ""
	total := 0
	for i := 0; ; i++ {
		var p servicePage
		in.mustQuery(t, serviceList, map[string]any{"first": 7, "after": after}, &p)
		total = p.Services.TotalCount
		for _, n := range p.Services.Nodes {
			if seen[n.ID] || n.Name < prev {
				t.Fatalf("service %s repeated or out of order", n.Name)
			}
			seen[n.ID], prev = true, n.Name
		}
		if p.Services.PageInfo.HasPreviousPage != (i > 0) {
			t.Fatalf("hasPreviousPage wrong on page %d", i)
		}
		if !p.Services.PageInfo.HasNextPage {
			break
		}
		after = *p.Services.PageInfo.EndCursor
	}
	if len(seen) != total || total < 40 {
		t.Fatalf("walked %d services of %d", len(seen), total)
	}

	return total
}

func checkServiceFilters(t *testing.T, in *instance) {
	var all servicePage
	in.mustQuery(t, serviceList, map[string]any{"first": 500}, &all)
	office := all.Services.Nodes[0].Office.ID
	var byOffice servicePage
	in.mustQuery(t, serviceList, map[string]any{"first": 500, "f": map[string]any{"officeId": office}}, &byOffice)
	for _, n := range byOffice.Services.Nodes {
		if n.Office.ID != office {
			t.Fatalf("office filter leaked %s", n.Name)
		}
	}
	var inter servicePage
	in.mustQuery(t, serviceList, map[string]any{"first": 500, "f": map[string]any{"kind": "INTER_MUNICIPAL"}}, &inter)
	if inter.Services.TotalCount == 0 {
		t.Fatal("no inter-municipal services")
	}
	// A partner municipality's name finds its inter-municipal service.
	var byMunicipality servicePage
	in.mustQuery(t, serviceList, map[string]any{"f": map[string]any{"nameContains": "gratangen"}}, &byMunicipality)
	if byMunicipality.Services.TotalCount != 1 {
		t.Fatalf("searching a partner municipality found %d services, want 1", byMunicipality.Services.TotalCount)
	}
}

func checkStatusFilters(t *testing.T, in *instance, total int) {
	in.mustFail(t, "BAD_USER_INPUT", serviceList, map[string]any{"f": map[string]any{"statuses": []string{"SUBMITTED"}}})
	in.mustFail(t, "BAD_USER_INPUT", serviceList, map[string]any{"after": "garbage"})
	in.mustFail(t, "QUERY_TOO_EXPENSIVE", serviceList, map[string]any{"first": 100000})
	in.mustFail(t, "BAD_USER_INPUT", `{ services(first: 501) { totalCount } }`, nil)
	r1 := roundID(t, in, 1)
	sum := 0
	for _, st := range []string{"NOT_STARTED", "IN_PROGRESS", "SUBMITTED", "RETURNED", "ACCEPTED"} {
		var p servicePage
		in.mustQuery(t, serviceList, map[string]any{"first": 500, "f": map[string]any{"roundId": r1, "statuses": []string{st}}}, &p)
		sum += p.Services.TotalCount
		if st == "RETURNED" && p.Services.TotalCount != 1 {
			t.Errorf("demo data has %d returned forms, want 1", p.Services.TotalCount)
		}
		if st == "ACCEPTED" && p.Services.TotalCount != 0 {
			t.Errorf("the retired ACCEPTED status still matches %d forms", p.Services.TotalCount)
		}
	}
	if sum != total {
		t.Fatalf("statuses cover %d services of %d", sum, total)
	}
	var late servicePage
	in.mustQuery(t, serviceList, map[string]any{"first": 500, "f": map[string]any{"roundId": r1, "late": true}}, &late)
	if late.Services.TotalCount == 0 {
		t.Fatal("demo data must have late submissions")
	}
}

// TestConstantStatements asserts the exact number of SQL statements of the main lists, the same
// for 5 rows as for 50 and the same on every run: batching looks ahead (graph/lookahead.go) rather
// than waiting for keys, so the count is a property of the query and the data, never of timing.
// Every request starts with the session check (the user, and the throttled last-seen update).
func TestConstantStatements(t *testing.T) {
	rec := &statementRecorder{}
	in := startInstance(t, newDatabase(t, true), rec.wrap).analyst(t)
	r1 := roundID(t, in, 1)
	const services = `query($n: Int, $r: ID!) { services(first: $n) { totalCount nodes { name municipalities { name }
		county { name office { code name { nb } } } office { code serviceCount counties { number } }
		submissionStatus(roundId: $r) submission(roundId: $r) { status late summary { caseCount } } } } }`
	const submissions = `query($n: Int, $r: ID!) { submissions(roundId: $r, first: $n) { totalCount nodes { status late revision
		service { name county { name } office { code } } round { number questionnaire { version } }
		reflections { question { code } } improvementPlan { goals { question { code } actions { owner } } }
		summary { caseCount completeCaseCount overall { yesShare } questions { question { code section { code } lineage { predecessor { code } } } distribution { yes partly no denominator } }
		          daysToFirstActivity { median } }
		revisions { revision summary { caseCount } } } } }`
	const breakdown = `query($r: ID!, $by: BreakdownLevel!) { statisticsBreakdown(roundId: $r, by: $by) { office { code } county { name } service { name }
		caseCount overall { yes { share low high } } sections { section { code } options { yes { share } } }
		questions { question { code section { code } } options { yes { share low high } partly { share } no { share } } } } }`
	// Two aliases of a root field check the round once; each lists on its own.
	const aliases = `query($r: ID!) { a: submissions(roundId: $r, first: 5) { totalCount } b: submissions(roundId: $r, first: 50) { totalCount }
		c: service(id: "1") { name } d: service(id: "1") { name } }`
	cases := []struct {
		name  string
		query string
		vars  map[string]any
		want  int64
	}{
		// session 1, round 1, three sums over the counted revisions 3 (cases with the days and
		// their thresholds, options by service, options by case), questions of the figures 1,
		// the previous round's counts 1, questions.question 1, questions.question.section 1,
		// sections.section 1, and the offices, counties or services of the rows 1.
		{"statistics breakdown by office", breakdown, map[string]any{"r": r1, "by": "OFFICE"}, 11},
		{"statistics breakdown by service", breakdown, map[string]any{"r": r1, "by": "SERVICE"}, 11},
		// session 1, count and page 2, then one per field path: county, county.office, office,
		// office.serviceCount, office.counties, submission.summary; submissionStatus and submission
		// load the forms at two paths, each in one statement with the last submitted revision for
		// outsiders (1 + 1).
		{"services, 5", services, map[string]any{"n": 5, "r": r1}, 11},
		{"services, 50", services, map[string]any{"n": 50, "r": r1}, 11},
		// session 1, round 1, count, page and revisions for outsiders 3, then one per path with
		// keys: service, service.county, service.office, round, round.questionnaire,
		// improvementPlan.goals.question, summary, summary.questions.question, its section and
		// lineage, revisions (reflections and lineage.predecessor have no keys in the demo data).
		{"submissions, 5", submissions, map[string]any{"n": 5, "r": r1}, 16},
		{"submissions, 50", submissions, map[string]any{"n": 50, "r": r1}, 16},
		// session 1, the round once 1, two lists of count, page and revisions 6, the service once 1.
		{"aliases share their checks", aliases, map[string]any{"r": r1}, 9},
	}
	for _, c := range cases {
		for run := 0; run < 3; run++ {
			in.mustQuery(t, c.query, c.vars, nil)
			if got := rec.last(); got != c.want {
				t.Errorf("%s (run %d): %d statements, want %d", c.name, run+1, got, c.want)
			}
		}
	}
}
