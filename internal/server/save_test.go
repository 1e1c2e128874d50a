package server_test

import (
	"sync"
	"testing"
)

// TestSaveAnswerStatements asserts the exact number of SQL statements of an answer save, the
// session check included: 1 for the session (the user, with the throttled last-seen update in the
// same statement), one
// read of everything the rules need and one statement that writes the answer, touches the form
// and audits the change. A stale version is still a VERSION_CONFLICT that changes nothing, every save is
// audited with its old and new value, and concurrent saves of one answer each get their own
// version.
func TestSaveAnswerStatements(t *testing.T) {
	c := newSaveCase(t)
	step := inSteps(t) // the steps share the answer's versions, in order
	step("each save takes three statements and moves the version on", c.threeStatementsPerSave)
	step("a stale version is refused and changes nothing", c.staleVersionRefused)
	step("concurrent saves without a version each get their own", c.concurrentWithoutVersion)
	step("of concurrent saves at one version exactly one wins", c.concurrentAtOneVersion)
	step("every save is audited once, with the answer before and after", c.everySaveAudited)
	step("a save that asks for the question reads it with one statement more", c.questionOnRequest)
}

// questionOnRequest: Answer.question is attached by the reader, not resolved per answer, so the
// save reads the question only when the mutation selects it, in one statement more.
func (c *saveCase) questionOnRequest(t *testing.T) {
	var out struct {
		SaveAnswer struct {
			Question struct{ ID, Code string }
		}
	}
	c.in.mustQuery(t, `mutation($c: ID!, $q: ID!) { saveAnswer(input: {caseId: $c, questionId: $q, option: NO}) { question { id code } } }`,
		map[string]any{"c": c.caseID, "q": c.q}, &out)
	if got := c.statements.last(); got != 4 {
		t.Errorf("a save selecting its question: %d statements, want 4", got)
	}
	if out.SaveAnswer.Question.ID != c.q || out.SaveAnswer.Question.Code != "3.7a" {
		t.Errorf("saveAnswer's question is %+v, want %s (3.7a)", out.SaveAnswer.Question, c.q)
	}
}

// concurrentSaves is how many saves run at once.
const concurrentSaves = 8

// saveCase is TestSaveAnswerStatements' world: a server that counts each request's statements,
// Bergen's leader, and one case's answer to 3.7a.
type saveCase struct {
	srv, in    *instance
	caseID, q  string
	answerID   string
	statements statementRecorder
}

func newSaveCase(t *testing.T) *saveCase {
	c := &saveCase{}
	c.srv = startInstance(t, newDatabase(t, false), c.statements.wrap)
	a := c.srv.analyst(t)
	r2 := roundID(t, a, 2)
	svc := serviceID(t, a, "Bergen")
	qs := questions(t, a, r2)
	c.in = c.srv.leader(t, svc)
	var c1 struct{ CreateCase caseResult }
	c.in.mustQuery(t, createCase, map[string]any{"s": svc, "r": r2, "d": 4}, &c1)
	c.caseID, c.q = c1.CreateCase.ID, qs["3.7a"].ID
	return c
}

func (c *saveCase) threeStatementsPerSave(t *testing.T) {
	type saved struct {
		SaveAnswer struct {
			ID      string
			Option  string
			Comment *string
			Version int
		}
	}
	const want = 3
	steps := []struct {
		name    string
		vars    map[string]any
		version int
	}{
		{"a new answer", map[string]any{"c": c.caseID, "q": c.q, "o": "YES", "v": 0}, 1},
		{"a changed answer at its version", map[string]any{"c": c.caseID, "q": c.q, "o": "NO", "m": "Mangler plan", "v": 1}, 2},
		{"the same again without a version", map[string]any{"c": c.caseID, "q": c.q, "o": "PARTLY", "m": "Mangler plan"}, 3},
	}
	for _, s := range steps {
		var out saved
		c.in.mustQuery(t, saveAnswer, s.vars, &out)
		if got := c.statements.last(); got != want {
			t.Errorf("%s: %d statements, want %d", s.name, got, want)
		}
		if out.SaveAnswer.Version != s.version || out.SaveAnswer.Option != s.vars["o"] {
			t.Errorf("%s: got %+v, want version %d", s.name, out.SaveAnswer, s.version)
		}
		c.answerID = out.SaveAnswer.ID
	}
}

func (c *saveCase) staleVersionRefused(t *testing.T) {
	c.in.mustFail(t, "VERSION_CONFLICT", saveAnswer, map[string]any{"c": c.caseID, "q": c.q, "o": "YES", "v": 1})
	var row struct {
		Option  string
		Version int
	}
	if err := c.srv.DB.NewRaw("SELECT option, version FROM answers WHERE id = ?", c.answerID).Scan(t.Context(), &row.Option, &row.Version); err != nil {
		t.Fatal(err)
	}
	if row.Option != "PARTLY" || row.Version != 3 {
		t.Fatalf("after a conflict the answer is %+v, want PARTLY at version 3", row)
	}
}

func (c *saveCase) concurrentWithoutVersion(t *testing.T) {
	var wg sync.WaitGroup
	codes := make([]string, concurrentSaves)
	for i := 0; i < concurrentSaves; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := c.in.do(t, saveAnswer, map[string]any{"c": c.caseID, "q": c.q, "o": "YES"})
			if len(r.Errors) > 0 {
				codes[i], _ = r.Errors[0].Extensions["code"].(string)
			}
		}(i)
	}
	wg.Wait()
	for i, code := range codes {
		if code != "" {
			t.Errorf("concurrent save %d without a version failed: %s", i, code)
		}
	}
}

func (c *saveCase) concurrentAtOneVersion(t *testing.T) {
	var wg sync.WaitGroup
	wins := make([]bool, concurrentSaves)
	for i := 0; i < concurrentSaves; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := c.in.do(t, saveAnswer, map[string]any{"c": c.caseID, "q": c.q, "o": "NO", "v": 3 + concurrentSaves})
			if len(r.Errors) == 0 {
				wins[i] = true
			} else if code, _ := r.Errors[0].Extensions["code"].(string); code != "VERSION_CONFLICT" {
				t.Errorf("concurrent save %d at one version: %s, want VERSION_CONFLICT", i, code)
			}
		}(i)
	}
	wg.Wait()
	won := 0
	for _, w := range wins {
		if w {
			won++
		}
	}
	if won != 1 {
		t.Errorf("%d of %d concurrent saves at one version won, want 1", won, concurrentSaves)
	}
}

func (c *saveCase) everySaveAudited(t *testing.T) {
	var audits []struct {
		Old *int `bun:"old_version"`
		New int  `bun:"new_version"`
		ID  string
	}
	if err := c.srv.DB.NewRaw(`SELECT (old_value->>'version')::int AS old_version, (new_value->>'version')::int AS new_version,
		new_value->>'id' AS id FROM audit_log WHERE action = 'answer.save' AND object_id = ? ORDER BY id`, c.answerID).Scan(t.Context(), &audits); err != nil {
		t.Fatal(err)
	}
	if len(audits) != 3+concurrentSaves+1 {
		t.Fatalf("%d audit entries, want %d", len(audits), 3+concurrentSaves+1)
	}
	for i, e := range audits {
		if e.New != i+1 || e.ID != c.answerID || (i == 0) != (e.Old == nil) || (e.Old != nil && *e.Old != i) {
			t.Errorf("audit entry %d: %+v", i, e)
		}
	}
}
