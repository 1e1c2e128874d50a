package server_test

import (
	"strings"
	"testing"
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
