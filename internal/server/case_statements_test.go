package server_test

import (
	"reflect"
	"testing"
)

// TestCaseReadStatements asserts the exact statements of the service's own reads of its cases,
// which read their answers at the same time as themselves (graph/together.go), and that the
// answers read ahead are the answers: each case gets its own, in question order, with its
// question, and a case without answers gets none.
func TestCaseReadStatements(t *testing.T) {
	rec := &statementRecorder{}
	srv := startInstance(t, newDatabase(t, false), rec.wrap)
	a := srv.analyst(t)
	r2 := roundID(t, a, 2)
	svc := serviceID(t, a, "Bergen")
	qs := questions(t, a, r2)
	leader := srv.leader(t, svc)
	var ids []string
	for i := 0; i < 3; i++ {
		var c struct{ CreateCase caseResult }
		leader.mustQuery(t, createCase, map[string]any{"s": svc, "r": r2, "d": 4}, &c)
		ids = append(ids, c.CreateCase.ID)
	}
	// The first case answers two questions, the second one, the third none.
	for _, q := range []struct{ c, code, o string }{{ids[0], "3.7a", "YES"}, {ids[0], "3.1", "NO"}, {ids[1], "3.7a", "PARTLY"}} {
		leader.mustQuery(t, saveAnswer, map[string]any{"c": q.c, "q": qs[q.code].ID, "o": q.o}, nil)
	}
	type answer struct {
		Option   string
		Question struct{ Code string }
	}
	type kase struct {
		ID      string
		Answers []answer
	}
	var list struct{ Cases []kase }
	// session 1; the service's check, the round's check, the cases, their answers and the
	// questions answered, all at once 5.
	const listQuery = `query($s: ID!, $r: ID!) { cases(serviceId: $s, roundId: $r) { id answers { option question { code } } } }`
	leader.mustQuery(t, listQuery, map[string]any{"s": svc, "r": r2}, &list)
	if got := rec.last(); got != 6 {
		t.Errorf("cases → answers → question: %d statements, want 6", got)
	}
	byID := map[string][]answer{}
	for _, c := range list.Cases {
		byID[c.ID] = c.Answers
	}
	for _, id := range ids {
		var one struct{ Case kase }
		// session 1; the case, its answers and the questions answered at once 3.
		leader.mustQuery(t, `query($c: ID!) { case(id: $c) { id answers { option question { code } } } }`, map[string]any{"c": id}, &one)
		if got := rec.last(); got != 4 {
			t.Errorf("case %s → answers → question: %d statements, want 4", id, got)
		}
		if !reflect.DeepEqual(byID[id], one.Case.Answers) {
			t.Errorf("case %s: the list gives %+v, the case %+v", id, byID[id], one.Case.Answers)
		}
	}
	if n := []int{len(byID[ids[0]]), len(byID[ids[1]]), len(byID[ids[2]])}; n[0] != 2 || n[1] != 1 || n[2] != 0 || byID[ids[1]][0].Question.Code != "3.7a" {
		t.Errorf("answers per case %v (%+v), want 2, 1 and 0", n, byID)
	}
	// Without answers asked for, nothing is read ahead: session, checks and the cases 4.
	leader.mustQuery(t, `query($s: ID!, $r: ID!) { cases(serviceId: $s, roundId: $r) { id } }`, map[string]any{"s": svc, "r": r2}, nil)
	if got := rec.last(); got != 4 {
		t.Errorf("cases alone: %d statements, want 4", got)
	}
}
