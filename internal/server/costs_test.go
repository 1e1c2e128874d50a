package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/egenkontroll/egenkontroll/graph/generated"
	"github.com/egenkontroll/egenkontroll/internal/server"
)

const factFields = `answerId roundId roundNumber questionnaireVersion questionId questionCode officeId officeCode countyId
	countyNumber serviceId serviceName caseId caseNumber option daysToFirstActivity submissionStatus`

// TestCostsCountEverything: the shapes that once ran for minutes or answered tens of megabytes are
// refused at once, with a clear code, before they run.
func TestCostsCountEverything(t *testing.T) {
	in := startInstance(t, newDatabase(t, true), nil)
	// The default limits, not the test harness's relaxed rate limits only.
	def := server.DefaultLimits
	def.PerIP, def.PerToken, def.Burst = 1e6, 1e6, 1e6
	srv := startCustom(t, in, server.Config{Limits: def})
	a := srv.analyst(t)
	r2 := roundID(t, a, 2)
	thresholds := make([]any, 3000)
	literal := make([]string, 3000)
	for i := range thresholds {
		thresholds[i], literal[i] = i, fmt.Sprint(i)
	}
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&aliases, " a%d: answerFacts(first: 10000) { nodes { %s } }", i, factFields)
	}
	aliases.WriteString(" }")
	wide := `{ answerFacts(first: 5000) { edges { cursor node { ` + factFields + ` } } nodes { ` + factFields + ` } } }`

	for _, tc := range []struct {
		name, code, query, field string
		vars                     map[string]any
	}{
		{"3000 daysThresholds as a variable", "BAD_USER_INPUT", `query($r: ID!, $t: [Int!]) { statistics(roundId: $r, daysThresholds: $t) { caseCount } }`,
			"daysThresholds", map[string]any{"r": r2, "t": thresholds}},
		{"3000 daysThresholds written in the query", "BAD_USER_INPUT", `query($r: ID!) { statisticsBreakdown(roundId: $r, by: SERVICE, daysThresholds: [` + strings.Join(literal, ",") + `]) { caseCount } }`,
			"daysThresholds", map[string]any{"r": r2}},
		{"11 daysThresholds", "BAD_USER_INPUT", `query($r: ID!) { statistics(roundId: $r, daysThresholds: [1,2,3,4,5,6,7,8,9,10,11]) { caseCount } }`,
			"daysThresholds", map[string]any{"r": r2}},
		{"answerFacts(first: 10000) under 30 aliases", "QUERY_TOO_EXPENSIVE", aliases.String(), "", nil},
		{"one answerFacts(first: 10000) of every field", "QUERY_TOO_EXPENSIVE", `{ answerFacts(first: 10000) { edges { cursor node { ` + factFields + ` } } nodes { ` + factFields + ` } } }`, "", nil},
		{"a wide page of facts", "QUERY_TOO_EXPENSIVE", wide, "", nil},
		{"a deep query", "QUERY_TOO_EXPENSIVE", "{ offices" + strings.Repeat(" { counties { office", 8) + " { id }" + strings.Repeat(" } }", 8) + " }", "", nil},
		{"a breakdown by service of everything, five times", "QUERY_TOO_EXPENSIVE", "query($r: ID!) {" + breakdowns(5) + "}", "", map[string]any{"r": r2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			e := a.mustFail(t, tc.code, tc.query, tc.vars)
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v", took)
			}
			if tc.field != "" && e.Extensions["field"] != tc.field {
				t.Errorf("field %v, want %s", e.Extensions["field"], tc.field)
			}
		})
	}
	// What the app and BI tools ask for still runs: ten thresholds, and a page of facts of every field.
	a.mustQuery(t, `query($r: ID!) { statistics(roundId: $r, daysThresholds: [1,2,3,4,5,6,7,8,9,10]) { caseCount } }`, map[string]any{"r": r2}, nil)
	a.mustQuery(t, `{ answerFacts(first: 1000) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { `+factFields+` } } } }`, nil, nil)
}

// TestResponseBounds: an answer over the size cap is refused as RESPONSE_TOO_LARGE, and a query
// past its deadline answers QUERY_TIMEOUT; a statement past the pool's statement timeout is
// stopped by PostgreSQL itself.
func TestResponseBounds(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	small := testLimits
	small.MaxResponseBytes = 2000
	capped := startCustom(t, in, server.Config{Limits: small}).token(t, 0, 0)
	capped.mustQuery(t, `{ offices { id } }`, nil, nil)
	e := capped.mustFail(t, "RESPONSE_TOO_LARGE", `{ services(first: 500) { nodes { id name } } }`, nil)
	if !strings.Contains(e.Message, "for stort") {
		t.Errorf("message %q", e.Message)
	}

	hurried := testLimits
	hurried.OperationTimeout = time.Nanosecond
	late := startCustom(t, in, server.Config{Limits: hurried}).token(t, 0, 0)
	late.mustFail(t, "QUERY_TIMEOUT", `{ services(first: 500) { nodes { id name } } }`, nil)
}

// TestEveryListInputHasMaxItems: every list argument and list input field of the schema declares
// its maximum with @maxItems, so a new one cannot be added without one.
func TestEveryListInputHasMaxItems(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	isList := func(t *ast.Type) bool { return t.Elem != nil }
	checked := 0
	for _, def := range schema.Types {
		if strings.HasPrefix(def.Name, "__") {
			continue
		}
		switch def.Kind {
		case ast.Object, ast.Interface:
			for _, f := range def.Fields {
				if strings.HasPrefix(f.Name, "__") {
					continue
				}
				for _, arg := range f.Arguments {
					if isList(arg.Type) {
						checked++
						if arg.Directives.ForName("maxItems") == nil {
							t.Errorf("%s.%s(%s) is a list without @maxItems", def.Name, f.Name, arg.Name)
						}
					}
				}
			}
		case ast.InputObject:
			for _, f := range def.Fields {
				if isList(f.Type) {
					checked++
					if f.Directives.ForName("maxItems") == nil {
						t.Errorf("input %s.%s is a list without @maxItems", def.Name, f.Name)
					}
				}
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d list inputs found", checked)
	}
}

// breakdowns is n aliased breakdowns by service of every question.
func breakdowns(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, ` b%d: statisticsBreakdown(roundId: $r, by: SERVICE) { service { name } questions { question { id code text { nb nn en } }
			options { yes { share low high } partly { share low high } no { share low high } denominator notPossible notApplicable } } }`, i)
	}
	return b.String()
}
