package graph

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/egenkontroll/egenkontroll/graph/model"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

func ptr[T any](v T) *T { return &v }

// TestRequired: a missing related row is an error (the schema promises it), an error passes through.
func TestRequired(t *testing.T) {
	if v, err := required(ptr(1), nil); err != nil || *v != 1 {
		t.Errorf("present: %v %v", v, err)
	}
	if _, err := required[int](nil, nil); err == nil {
		t.Error("missing row: no error")
	}
	boom := errors.New("boom")
	if _, err := required(ptr(1), boom); !errors.Is(err, boom) {
		t.Errorf("error: %v, want boom", err)
	}
}

// TestNilIfNotFound: NOT_FOUND becomes null for a nullable single-object query; other errors stay.
func TestNilIfNotFound(t *testing.T) {
	if v, err := nilIfNotFound(ptr(1), domain.ErrNotFound(domain.NounService, 3)); v != nil || err != nil {
		t.Errorf("not found: %v %v, want nil nil", v, err)
	}
	forbidden := domain.ErrBadInput("x", "a", "b", "c")
	if _, err := nilIfNotFound(ptr(1), forbidden); !errors.Is(err, forbidden) {
		t.Errorf("other error: %v", err)
	}
}

// TestComparabilityOf: NEW without predecessors; otherwise the least comparable link wins.
func TestComparabilityOf(t *testing.T) {
	link := func(c domain.Comparability) store.Lineage { return store.Lineage{Comparability: c} }
	for _, tc := range []struct {
		links []store.Lineage
		want  domain.Comparability
	}{
		{nil, domain.ComparabilityNew},
		{[]store.Lineage{link(domain.ComparabilitySame)}, domain.ComparabilitySame},
		{[]store.Lineage{link(domain.ComparabilitySame), link(domain.ComparabilityChangedText)}, domain.ComparabilityChangedText},
		{[]store.Lineage{link(domain.ComparabilityMerged), link(domain.ComparabilitySame)}, domain.ComparabilityMerged},
		{[]store.Lineage{link(domain.ComparabilityChangedOptions), link(domain.ComparabilitySplit), link(domain.ComparabilityChangedText)}, domain.ComparabilitySplit},
	} {
		if got := comparabilityOf(tc.links); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.links, got, tc.want)
		}
	}
}

// TestPageOf: 50 by default, otherwise what was asked.
func TestPageOf(t *testing.T) {
	if got := pageOf(nil, nil); got != (store.Page{First: 50}) {
		t.Errorf("default page %+v", got)
	}
	if got := pageOf(ptr(7), ptr("abc")); got != (store.Page{First: 7, After: "abc"}) {
		t.Errorf("asked page %+v", got)
	}
}

// TestPlanFromInput: nil stays nil (no change); optional texts become empty, goals and actions keep
// their order.
func TestPlanFromInput(t *testing.T) {
	if planFromInput(nil) != nil {
		t.Error("nil input gives a plan")
	}
	due := domain.Date{}
	in := &model.ImprovementPlanInput{Goals: []model.ImprovementGoalInput{
		{QuestionID: ptr(int64(4)), Description: "g1", Target: ptr("t"), Actions: []model.ImprovementActionInput{
			{Description: "a1", Owner: ptr("leader"), DueDate: &due, Status: ptr(domain.ActionInProgress)},
			{Description: "a2"},
		}},
		{Description: "g2"},
	}}
	want := &store.Plan{Goals: []store.Goal{
		{QuestionID: ptr(int64(4)), Description: "g1", Target: "t", Actions: []store.Action{
			{Description: "a1", Owner: "leader", DueDate: &due, Status: domain.ActionInProgress},
			{Description: "a2"},
		}},
		{Description: "g2", Actions: []store.Action{}},
	}}
	if got := planFromInput(in); !reflect.DeepEqual(got, want) {
		t.Errorf("plan %+v, want %+v", got, want)
	}
}

// TestInputListsKeepNil: a list left out of an input (nil) means "unchanged" and stays nil; an
// empty list means "none" and stays empty.
func TestInputListsKeepNil(t *testing.T) {
	if reflectionsFromInput(nil) != nil || questionCommentsFromInput(nil) != nil || goalResultsFromInput(nil) != nil ||
		wayForwardFromInput(nil) != nil {
		t.Error("a nil input list became non-nil")
	}
	if got := reflectionsFromInput([]model.ReflectionAnswerInput{}); got == nil || len(got) != 0 {
		t.Errorf("empty reflections: %#v", got)
	}
	got := reflectionsFromInput([]model.ReflectionAnswerInput{{QuestionID: 2, Answer: "x"}})
	if !reflect.DeepEqual(got, []store.ReflectionAnswer{{QuestionID: 2, Answer: "x"}}) {
		t.Errorf("reflections %+v", got)
	}
	comments := questionCommentsFromInput([]model.QuestionCommentInput{{QuestionID: 3, Comment: "c"}})
	if !reflect.DeepEqual(comments, []store.QuestionComment{{QuestionID: 3, Comment: "c"}}) {
		t.Errorf("comments %+v", comments)
	}
}

// TestOfKind: reflection questions of one kind, in their order; none is an empty list, not null.
func TestOfKind(t *testing.T) {
	qs := []store.ReflectionQuestion{
		{Code: "r1", Kind: domain.ReflectionKindReflection}, {Code: "f1", Kind: domain.ReflectionKindFeedback},
		{Code: "r2", Kind: domain.ReflectionKindReflection},
	}
	codes := func(qs []store.ReflectionQuestion) (out []string) {
		for _, q := range qs {
			out = append(out, q.Code)
		}
		return out
	}
	if got := codes(ofKind(qs, domain.ReflectionKindReflection)); !reflect.DeepEqual(got, []string{"r1", "r2"}) {
		t.Errorf("reflections %v", got)
	}
	if got := ofKind(qs[:1], domain.ReflectionKindFeedback); got == nil || len(got) != 0 {
		t.Errorf("no feedback questions: %#v, want an empty list", got)
	}
}

// TestMissingParts: the completeness rule's list in the caller's language, with the case number
// and question code only where the rule names them.
func TestMissingParts(t *testing.T) {
	parts := []domain.Missing{
		{Field: "cases[1].answers", CaseNumber: 1, QuestionCode: "Q1", Text: domain.Text{NB: "mangler", NN: "manglar", EN: "missing"}},
		{Field: "summary", Text: domain.Text{NB: "oppsummering", NN: "oppsummering", EN: "summary"}},
	}
	got := missingParts(domain.LangNN, parts)
	if len(got) != 2 || got[0].Message != "manglar" || deref(got[0].CaseNumber) != 1 || deref(got[0].QuestionCode) != "Q1" {
		t.Errorf("first part %+v", got[0])
	}
	if got[1].CaseNumber != nil || got[1].QuestionCode != nil || got[1].Message != "oppsummering" {
		t.Errorf("second part %+v", got[1])
	}
}

// TestConfirmWarnings: only an explicit true lets PERSONAL_DATA_WARNING pass.
func TestConfirmWarnings(t *testing.T) {
	for _, tc := range []struct {
		in   *bool
		want bool
	}{{nil, false}, {ptr(false), false}, {ptr(true), true}} {
		if got := domain.WarningsConfirmed(confirmWarnings(context.Background(), tc.in)); got != tc.want {
			t.Errorf("confirmWarnings %v: %v, want %v", tc.in, got, tc.want)
		}
	}
}
