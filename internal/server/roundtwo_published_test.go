package server_test

import (
	"context"
	"encoding/json"
	"testing"
)

// Round 2, document 002: published national and county figures, and the county report's round-2
// content.

// TestPublishedFigures: Helsetilsynet publishes a round's national and county figures; from then on
// services and county offices read them as benchmarks, exactly as Helsetilsynet's own statistics
// show them (small numbers withheld), and nothing of another single service.
func TestPublishedFigures(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	r2 := roundID(t, a, 2)
	for _, tc := range []struct {
		name  string
		cases int
	}{{"Bodø", 6}, {"Narvik", 7}, {"Bergen", 6}, {"Tromsø", 3}} {
		svc := serviceID(t, a, tc.name)
		sub := fillCases(t, srv, svc, r2, sameCases(tc.cases, "2025-06", "YES", map[string]string{"3.2": "NO"}))
		srv.leader(t, svc).mustQuery(t, submitForm, map[string]any{"id": sub}, nil)
	}
	bodo := serviceID(t, a, "Bodø")
	leader := srv.leader(t, bodo)
	adv := srv.advisor(t, officeOf(t, a, bodo))

	const fields = `caseCount serviceCount suppressed suppressedReason office { id } county { id } service { id }
		overall { yes { count share } partly { count } no { count } denominator }
		questions { question { code } suppressed options { yes { count } no { count } denominator } }`
	const published = `query($r: ID!) { publishedFigures(roundId: $r) { publishedAt round { id } national { ` + fields + ` } offices { ` + fields + ` } counties { ` + fields + ` } } }`
	type figs = map[string]any
	publishOnce(t, srv, a, r2, published, leader, adv)

	// What Helsetilsynet itself reads, nationally and per office and county.
	var own struct {
		National figs   `json:"national"`
		Offices  []figs `json:"offices"`
		Counties []figs `json:"counties"`
	}
	a.mustQuery(t, `query($r: ID!) { national: statistics(roundId: $r) { `+fields+` } offices: statisticsBreakdown(roundId: $r, by: OFFICE) { `+fields+` }
		counties: statisticsBreakdown(roundId: $r, by: COUNTY) { `+fields+` } }`, map[string]any{"r": r2}, &own)
	var withheld int
	for _, f := range append(append([]figs{own.National}, own.Offices...), own.Counties...) {
		if f["suppressed"] == true {
			withheld++
		}
	}
	if withheld == 0 {
		t.Fatal("nothing is withheld; the test needs a small service (Tromsø, 3 cases)")
	}
	for name, in := range map[string]*instance{"service": leader, "county office": adv, "Helsetilsynet": a} {
		var got struct {
			PublishedFigures *struct {
				National figs
				Offices  []figs
				Counties []figs
			}
		}
		in.mustQuery(t, published, map[string]any{"r": r2}, &got)
		pf := got.PublishedFigures
		if pf == nil {
			t.Fatalf("%s: nothing published", name)
		}
		if !jsonEqual(t, pf.National, own.National) || !jsonEqual(t, pf.Offices, own.Offices) || !jsonEqual(t, pf.Counties, own.Counties) {
			t.Errorf("%s reads other published figures than Helsetilsynet's statistics:\n%v\nwant\n%v", name, pf, own)
		}
		for _, f := range append(append([]figs{pf.National}, pf.Offices...), pf.Counties...) {
			if f["service"] != nil {
				t.Errorf("%s: a service's own figures are published: %v", name, f)
			}
		}
	}
	// The service's own reach is unchanged: another office's statistics stay out of reach.
	leader.mustFail(t, "NOT_FOUND", `query($r: ID!, $o: ID!) { statistics(roundId: $r, scope: {officeId: $o}) { caseCount } }`,
		map[string]any{"r": r2, "o": officeOf(t, a, serviceID(t, a, "Bergen"))})
}

// publishOnce: nothing is published before Helsetilsynet publishes; services and county offices
// cannot publish; publishing twice keeps the first time and is audited once.
func publishOnce(t *testing.T, srv, a *instance, r2, published string, outsiders ...*instance) {
	t.Helper()
	var before struct{ PublishedFigures *map[string]any }
	outsiders[0].mustQuery(t, published, map[string]any{"r": r2}, &before)
	if before.PublishedFigures != nil {
		t.Fatalf("published before publication: %+v", before.PublishedFigures)
	}
	const publish = `mutation($r: ID!) { publishRoundFigures(roundId: $r) { figuresPublishedAt } }`
	for _, o := range outsiders {
		o.mustFail(t, "FORBIDDEN", publish, map[string]any{"r": r2})
	}
	var p1, p2 struct {
		PublishRoundFigures struct{ FiguresPublishedAt *string }
	}
	a.mustQuery(t, publish, map[string]any{"r": r2}, &p1)
	a.mustQuery(t, publish, map[string]any{"r": r2}, &p2)
	if p1.PublishRoundFigures.FiguresPublishedAt == nil || *p1.PublishRoundFigures.FiguresPublishedAt != deref(p2.PublishRoundFigures.FiguresPublishedAt) {
		t.Errorf("publication time %v then %v", p1.PublishRoundFigures.FiguresPublishedAt, p2.PublishRoundFigures.FiguresPublishedAt)
	}
	var audits int
	if err := srv.DB.NewSelect().TableExpr("audit_log").ColumnExpr("count(*)").Where("action = 'round.publish_figures'").Scan(context.Background(), &audits); err != nil || audits != 1 {
		t.Errorf("audit entries %d (%v), want 1", audits, err)
	}
}

func jsonEqual(t *testing.T, a, b any) bool {
	t.Helper()
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return string(x) == string(y)
}

// TestCountyReportRoundTwo: the county report of round 2 pulls in the services' assessments,
// decisions on the way forward and reflections as last submitted, compares like with like through
// the lineage, and Helsetilsynet reads every office's report side by side with its comments.
func TestCountyReportRoundTwo(t *testing.T) {
	srv := startInstance(t, newDatabase(t, false), nil)
	a := srv.analyst(t)
	bodo, narvik := serviceID(t, a, "Bodø"), serviceID(t, a, "Narvik")
	office := officeOf(t, a, bodo)
	if officeOf(t, a, narvik) != office {
		t.Fatal("Bodø and Narvik share an office")
	}
	r2 := roundID(t, a, 2)
	leader := fillRoundTwoOfBodoAndNarvik(t, srv, a, bodo, narvik)
	step := inSteps(t)
	for name, in := range map[string]*instance{"county office": srv.advisor(t, office), "Helsetilsynet": a} {
		step(name+" reads the forms as last submitted, compared like with like", func(t *testing.T) {
			checkRoundTwoCountyReport(t, name, in, office, r2, bodo, narvik)
		})
	}
	step("Helsetilsynet reads every office's report side by side; an office its own; a service none", func(t *testing.T) {
		checkReportsSideBySide(t, a, srv.advisor(t, office), leader, office, r2)
	})
}

// fillRoundTwoOfBodoAndNarvik: round 1: 3.7 Nei, the rest Ja. Round 2: its parts 3.7a and 3.7b
// Nei, the rest Ja. One overall share would fall (two Nei questions of more); like with like
// nothing changed. Bodø's round-2 form is then re-opened with an unsent draft; Narvik has round 2
// only. It returns Bodø's leader.
func fillRoundTwoOfBodoAndNarvik(t *testing.T, srv, a *instance, bodo, narvik string) *instance {
	r1, r2 := roundID(t, a, 1), roundID(t, a, 2)
	refl, _ := roundReflectionQuestions(t, a, r2)
	leader := srv.leader(t, bodo)
	s1 := fillCases(t, srv, bodo, r1, sameCases(5, "2024-05", "YES", map[string]string{"3.7": "NO"}))
	leader.mustQuery(t, submitForm, map[string]any{"id": s1}, nil)
	s2 := fillCases(t, srv, bodo, r2, sameCases(5, "2025-06", "YES", map[string]string{"3.7a": "NO", "3.7b": "NO"}))
	const save = `mutation($s: ID!, $r: ID!, $a: String, $w: WayForwardInput, $refl: [ReflectionAnswerInput!]) {
		saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: $a, wayForward: $w, reflections: $refl}) { id } }`
	leader.mustQuery(t, save, map[string]any{"s": bodo, "r": r2, "a": "Samarbeidet med barnet er fortsatt svakt.",
		"w":    map[string]any{"decision": "ADJUST", "comment": "Nytt tiltak for barnets medvirkning."},
		"refl": []any{map[string]any{"questionId": refl[0].ID, "answer": "Tiltakene virket delvis."}}}, nil)
	leader.mustQuery(t, submitForm, map[string]any{"id": s2}, nil)
	leader.mustQuery(t, reopenForm, map[string]any{"id": s2}, nil)
	leader.mustQuery(t, save, map[string]any{"s": bodo, "r": r2, "a": "Utkast som ikke er sendt."}, nil)
	n2 := fillCases(t, srv, narvik, r2, sameCases(6, "2025-06", "YES", map[string]string{"1.1": "NO"}))
	srv.leader(t, narvik).mustQuery(t, submitForm, map[string]any{"id": n2}, nil)
	return leader
}

const roundTwoCountyReport = `query($o: ID!, $r: ID!) { countyReport(officeId: $o, roundId: $r) {
		results { service { id } yesShare previousYesShare change caseCount previousCaseCount }
		submitted { service { id } submission { assessment wayForward { decision comment } reflections { answer }
			comparison { total { current { yes { share } } previous { yes { share } } } } } }
		wayForward { adjust submitted } } }`

type roundTwoCountyReportResult struct {
	CountyReport struct {
		Results []struct {
			Service                      struct{ ID string }
			YesShare, PreviousYesShare   *float64
			Change                       *float64
			CaseCount, PreviousCaseCount int
		}
		Submitted []struct {
			Service    struct{ ID string }
			Submission struct {
				Assessment  string
				WayForward  *struct{ Decision, Comment string }
				Reflections []struct{ Answer string }
				Comparison  *struct {
					Total struct {
						Current, Previous struct{ Yes struct{ Share *float64 } }
					}
				}
			}
		}
		WayForward struct{ Adjust, Submitted int }
	}
}

func checkRoundTwoCountyReport(t *testing.T, name string, in *instance, office, r2, bodo, narvik string) {
	var rep roundTwoCountyReportResult
	in.mustQuery(t, roundTwoCountyReport, map[string]any{"o": office, "r": r2}, &rep)
	cr := rep.CountyReport
	results := map[string]int{}
	for i, r := range cr.Results {
		results[r.Service.ID] = i
	}
	if len(cr.Results) != 2 {
		t.Fatalf("%s: results %+v", name, cr.Results)
	}
	b := cr.Results[results[bodo]]
	if b.YesShare == nil || *b.YesShare != 1 || b.PreviousYesShare == nil || *b.PreviousYesShare != 1 || b.Change == nil || *b.Change != 0 ||
		b.CaseCount != 5 || b.PreviousCaseCount != 5 {
		t.Errorf("%s: Bodø like with like: %+v (yes %v, previous %v, change %v)", name, b, deref(b.YesShare), deref(b.PreviousYesShare), deref(b.Change))
	}
	nv := cr.Results[results[narvik]]
	if nv.Change != nil || nv.PreviousYesShare != nil || nv.YesShare == nil || *nv.YesShare >= 1 || nv.CaseCount != 6 {
		t.Errorf("%s: Narvik without round 1: %+v", name, nv)
	}
	var found bool
	for _, s := range cr.Submitted {
		if s.Service.ID != bodo {
			continue
		}
		found = true
		sub := s.Submission
		if sub.Assessment != "Samarbeidet med barnet er fortsatt svakt." || sub.WayForward == nil || sub.WayForward.Decision != "ADJUST" ||
			len(sub.Reflections) != 1 || sub.Comparison == nil || deref(sub.Comparison.Total.Current.Yes.Share) != 1 {
			t.Errorf("%s: Bodø's form in the report: %+v", name, sub)
		}
	}
	if !found || cr.WayForward.Adjust != 1 || cr.WayForward.Submitted != 2 {
		t.Errorf("%s: submitted %v, way forward %+v", name, found, cr.WayForward)
	}
}

// checkReportsSideBySide: Helsetilsynet reads every office's report with its comments; an office
// its own.
func checkReportsSideBySide(t *testing.T, a, adv, leader *instance, office, r2 string) {
	adv.mustQuery(t, `mutation($o: ID!, $r: ID!) { saveCountyReport(input: {officeId: $o, roundId: $r, comments: [{part: RESULTS, text: "Tjenestene har kommet godt i gang."}]}) { version } }`,
		map[string]any{"o": office, "r": r2}, nil)
	const details = `query($r: ID!) { countyReportDetails(roundId: $r) { office { id } serviceCount comments { part text } results { service { id } } } }`
	var all struct {
		CountyReportDetails []struct {
			Office       struct{ ID string }
			ServiceCount int
			Comments     []struct{ Part, Text string }
		}
	}
	a.mustQuery(t, details, map[string]any{"r": r2}, &all)
	if len(all.CountyReportDetails) != 10 {
		t.Errorf("Helsetilsynet reads %d reports, want 10", len(all.CountyReportDetails))
	}
	var withComment int
	for _, d := range all.CountyReportDetails {
		if d.Office.ID == office && len(d.Comments) == 1 && d.Comments[0].Text == "Tjenestene har kommet godt i gang." {
			withComment++
		}
	}
	if withComment != 1 {
		t.Errorf("the office's comment is not side by side: %+v", all.CountyReportDetails)
	}
	adv.mustQuery(t, details, map[string]any{"r": r2}, &all)
	if len(all.CountyReportDetails) != 1 || all.CountyReportDetails[0].Office.ID != office {
		t.Errorf("a county office reads %+v", all.CountyReportDetails)
	}
	leader.mustQuery(t, details, map[string]any{"r": r2}, &all)
	if len(all.CountyReportDetails) != 0 {
		t.Errorf("a service reads county reports: %+v", all.CountyReportDetails)
	}
}
