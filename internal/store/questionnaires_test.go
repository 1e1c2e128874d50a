package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/questionnaire"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

var analyst = auth.WithCaller(context.Background(), &auth.Caller{Kind: auth.KindUser, Role: auth.RoleNationalAnalyst, Name: "Analytiker"})

func newestVersion(t *testing.T, st *store.Store) store.Questionnaire {
	t.Helper()
	qs, err := st.Questionnaires(analyst)
	if err != nil || len(qs) == 0 {
		t.Fatal(qs, err)
	}
	return qs[len(qs)-1]
}

func mustMarshal(t *testing.T, d *questionnaire.Definition) []byte {
	t.Helper()
	b, err := questionnaire.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// An export followed by an import gives an identical version with lineage SAME everywhere.
func TestQuestionnaireExportImportRoundTrip(t *testing.T) {
	st := seeded(t, false)
	cur := newestVersion(t, st)
	exported, err := st.QuestionnaireDefinition(analyst, cur.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The seeded versions are valid files, lineage included.
	var prev *questionnaire.Definition
	if cur.DescendsFrom != nil {
		if prev, err = st.QuestionnaireDefinition(analyst, *cur.DescendsFrom); err != nil {
			t.Fatal(err)
		}
	}
	if ps := questionnaire.Validate(exported, prev); len(ps) > 0 {
		t.Fatalf("the export of version %d is not valid: %v", cur.Version, ps)
	}
	next := questionnaire.AsNext(exported)
	q, p, err := st.ImportQuestionnaire(analyst, mustMarshal(t, next))
	if err != nil {
		t.Fatalf("import: %v (%v)", err, p.Problems)
	}
	if q.Published() || q.Version != cur.Version+1 || q.DescendsFrom == nil || *q.DescendsFrom != cur.ID {
		t.Fatalf("imported %+v", q)
	}
	for _, c := range p.Changes {
		if c.Kind != domain.LineageSame {
			t.Errorf("%s: lineage %s, want SAME", c.Code, c.Kind)
		}
	}
	back, err := st.QuestionnaireDefinition(analyst, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mustMarshal(t, back), mustMarshal(t, next); string(got) != string(want) {
		t.Fatalf("the imported version differs from the file:\n%s\nwant\n%s", got, want)
	}
	// Same content as the exported version, apart from version and lineage.
	a, b := *exported, *back
	a.Version, a.DescendsFrom, a.Removed, b.Version, b.DescendsFrom = 0, nil, nil, 0, nil
	for _, d := range []*questionnaire.Definition{&a, &b} {
		d.Removed = nil
		secs := make([]questionnaire.Section, len(d.Sections))
		for i, s := range d.Sections {
			s.Questions = append([]questionnaire.Question(nil), s.Questions...)
			for j := range s.Questions {
				s.Questions[j].Lineage = nil
			}
			secs[i] = s
		}
		d.Sections = secs
	}
	if x, y := mustMarshal(t, &a), mustMarshal(t, &b); string(x) != string(y) {
		t.Fatalf("the new version's content differs from the exported one")
	}
	// Every question's stored lineage is SAME, to the question of the same code.
	var n int
	if err := store.DBOf(st).NewSelect().TableExpr("question_lineage AS ql").Join("JOIN questions q ON q.id = ql.question_id").
		Join("JOIN questions p ON p.id = ql.predecessor_id").
		Where("q.questionnaire_id = ? AND ql.comparability = 'SAME' AND p.code = q.code AND p.questionnaire_id = ?", q.ID, cur.ID).
		ColumnExpr("count(*)").Scan(context.Background(), &n); err != nil {
		t.Fatal(err)
	}
	if want := len(next.Questions()); n != want {
		t.Fatalf("%d SAME links, want %d", n, want)
	}
}

func TestQuestionnaireDraftsAndPublishing(t *testing.T) {
	st := seeded(t, false)
	cur := newestVersion(t, st)
	exported, err := st.QuestionnaireDefinition(analyst, cur.ID)
	if err != nil {
		t.Fatal(err)
	}
	next := questionnaire.AsNext(exported)
	leader := auth.WithCaller(context.Background(), &auth.Caller{Kind: auth.KindUser, Role: auth.RoleServiceLeader, ServiceID: 1})

	// Only campaign staff import.
	if _, _, err := st.ImportQuestionnaire(leader, mustMarshal(t, next)); !domain.IsCode(err, domain.CodeForbidden) {
		t.Fatalf("a leader imported: %v", err)
	}
	// A file with problems changes nothing and says every problem.
	bad := questionnaire.AsNext(exported)
	bad.Sections[0].Questions[0].Text.NN = ""
	bad.Sections[1].Code = bad.Sections[0].Code
	before := counts(t, st)
	_, p, err := st.ImportQuestionnaire(analyst, mustMarshal(t, bad))
	var de *domain.Error
	if !domain.IsCode(err, domain.CodeBadInput) || len(p.Problems) != 3 || !asDomain(err, &de) || len(de.Extra["problems"].([]questionnaire.Problem)) != 3 {
		t.Fatalf("bad file: %v, %v", err, p.Problems)
	}
	if after := counts(t, st); after["questionnaires"] != before["questionnaires"] || after["questions"] != before["questions"] {
		t.Fatalf("a bad file changed %v into %v", before, after)
	}

	draft, _, err := st.ImportQuestionnaire(analyst, mustMarshal(t, next))
	if err != nil {
		t.Fatal(err)
	}
	// A draft is for campaign staff only, and no round may use it.
	if _, err := st.Questionnaire(leader, draft.ID); !domain.IsCode(err, domain.CodeNotFound) {
		t.Fatalf("a leader reads the draft: %v", err)
	}
	if qs, _ := st.Questionnaires(leader); len(qs) != cur.Version {
		t.Fatalf("a leader lists %d versions", len(qs))
	}
	if _, err := store.DBOf(st).ExecContext(context.Background(), "UPDATE rounds SET questionnaire_id = ? WHERE id = (SELECT min(id) FROM rounds)", draft.ID); err == nil || !strings.Contains(err.Error(), "not published") {
		t.Fatalf("a round took a draft: %v", err)
	}
	// A draft may be imported again, and replaced.
	next.Title.EN = "Changed in the draft"
	again, _, err := st.ImportQuestionnaire(analyst, mustMarshal(t, next))
	if err != nil || again.ID == draft.ID {
		t.Fatalf("re-import of a draft: %v", err)
	}
	if _, err := st.Questionnaire(analyst, draft.ID); !domain.IsCode(err, domain.CodeNotFound) {
		t.Fatalf("the replaced draft is still there: %v", err)
	}
	if _, err := st.PublishQuestionnaire(leader, again.ID); !domain.IsCode(err, domain.CodeForbidden) {
		t.Fatalf("a leader published: %v", err)
	}
	pub, err := st.PublishQuestionnaire(analyst, again.ID)
	if err != nil || !pub.Published() {
		t.Fatalf("publish: %v", err)
	}
	if _, err := st.PublishQuestionnaire(analyst, again.ID); !domain.IsCode(err, domain.CodeBadInput) {
		t.Fatalf("published twice: %v", err)
	}
	// A published version never changes: importing over it is a problem at "version".
	next.Title.EN = "Changed after publishing"
	if _, p, err := st.ImportQuestionnaire(analyst, mustMarshal(t, next)); !domain.IsCode(err, domain.CodeBadInput) || len(p.Problems) != 1 || p.Problems[0].Path != "version" {
		t.Fatalf("import over a published version: %v %v", err, p.Problems)
	}
	if d, _ := st.QuestionnaireDefinition(leader, again.ID); d == nil || d.Title.EN != "Changed in the draft" {
		t.Fatalf("published version after a refused import: %+v", d)
	}
	// Audited.
	var actions []string
	if err := store.DBOf(st).NewSelect().Table("audit_log").Column("action").Where("object_type = 'questionnaire'").OrderExpr("id").Scan(context.Background(), &actions); err != nil {
		t.Fatal(err)
	}
	if strings.Join(actions, ",") != "questionnaire.import,questionnaire.import,questionnaire.publish" {
		t.Fatalf("audit %v", actions)
	}
}

// The preview diffs against the version the file descends from.
func TestQuestionnairePreviewDiff(t *testing.T) {
	st := seeded(t, false)
	cur := newestVersion(t, st)
	exported, _ := st.QuestionnaireDefinition(analyst, cur.ID)
	next := questionnaire.AsNext(exported)
	q0 := &next.Sections[0].Questions[0]
	q0.Text.NB += " (omformulert)"
	q0.Lineage.Kind = domain.LineageChangedText
	last := &next.Sections[len(next.Sections)-1]
	removed := last.Questions[len(last.Questions)-1].Code
	last.Questions = last.Questions[:len(last.Questions)-1]
	next.Removed = []string{removed}
	p, err := st.PreviewQuestionnaire(analyst, mustMarshal(t, next))
	if err != nil || !p.Valid() {
		t.Fatalf("%v %v", err, p.Problems)
	}
	kinds := map[domain.QuestionLineageKind]int{}
	for _, c := range p.Changes {
		kinds[c.Kind]++
	}
	if kinds[domain.LineageChangedText] != 1 || kinds[domain.LineageRemoved] != 1 || p.DescendsFrom == nil || p.DescendsFrom.ID != cur.ID {
		t.Fatalf("changes %v", kinds)
	}
	if c := p.Changes[0]; c.Previous[0].Text.NB+" (omformulert)" != c.NewText.NB {
		t.Fatalf("old and new text %v %v", c.Previous, c.NewText)
	}
	if _, err := json.Marshal(p); err != nil {
		t.Fatal(err)
	}
}

func asDomain(err error, out **domain.Error) bool {
	e, ok := domain.AsError(err)
	*out = e
	return ok
}
