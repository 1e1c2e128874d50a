package store_test

import (
	"context"
	"encoding/json"
	"sort"
	"testing"

	"github.com/uptrace/bun"
)

// phrase is the confidential text typed by mistake. It is distinctive, so any hit is a leak.
const phrase = "hemmelig stikkord zebrafinke"

// phraseHits searches every text-like column of every table in the public schema for the phrase,
// and names the places where it still is ("table.column" → rows). Nothing is listed by hand, so a
// table or column added later is searched too.
func phraseHits(t *testing.T, db bun.IDB, text string) map[string]int {
	t.Helper()
	ctx := context.Background()
	var cols []struct {
		Table  string `bun:"table_name"`
		Column string `bun:"column_name"`
	}
	if err := db.NewRaw(`SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
		WHERE c.table_schema = 'public'
		  AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')
		ORDER BY 1, 2`).Scan(ctx, &cols); err != nil {
		t.Fatal(err)
	}
	if len(cols) < 50 {
		t.Fatalf("only %d text columns found; the search would prove little", len(cols))
	}
	hits := map[string]int{}
	for _, c := range cols {
		var n int
		// Both the stored text and its JSON form: a phrase inside jsonb may be escaped in ::text.
		if err := db.NewRaw(`SELECT count(*) FROM ? WHERE strpos(?::text, ?) > 0`,
			bun.Ident(c.Table), bun.Ident(c.Column), text).Scan(ctx, &n); err != nil {
			t.Fatalf("%s.%s: %v", c.Table, c.Column, err)
		}
		if n > 0 {
			hits[c.Table+"."+c.Column] = n
		}
	}
	return hits
}

func keysOf(m map[string]json.RawMessage) map[string]int {
	out := map[string]int{}
	for k := range m {
		out[k] = 1
	}
	return out
}

func sortedKeys(m map[string]int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestRedaction: a leader removes a phrase from answers, the summary text, the submitted revision
// and the audit trail; afterwards no table holds it, the audit trail says who removed which field
// and never the text, versions still protect stale saves, and the audit trail still refuses
// every other change.
func TestRedaction(t *testing.T) {
	r := newRedaction(t)
	step := inSteps(t) // the steps share the forms' state, in order
	step("nobody but the leader or an administrator may redact", r.refusedCallers)
	step("bad input and a round without a form are refused without repeating the text", r.refusedInput)
	step("a refused redaction changes nothing", r.refusalsChangedNothing)
	step("the leader's redaction counts every place it changed", r.leaderRedacts)
	step("afterwards only the other service's draft and its audit entry hold the phrase", r.onlyOtherServiceLeft)
	step("the text is replaced by the marker where it was, and the form's version moves on", r.markerWhereTheTextWas)
	step("one audit entry says who, which fields and why, never the text", r.oneAuditEntry)
	step("stale editors get VERSION_CONFLICT, fresh ones save, and a second redaction finds nothing", r.staleSavesRefused)
	step("an administrator redacts any service, and then the phrase is nowhere", r.adminRedactsAnyService)
	step("the audit trail still refuses every ordinary change", r.auditTrailRefusesChanges)
	step("a declared redaction can only replace its own text by the marker", r.declaredRedactionOnlyReplaces)
}
