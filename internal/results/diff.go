package results

import (
	"encoding/json"
	"fmt"
	"sort"
)

// RevisionChange is one difference between two submitted revisions of a form.
type RevisionChange struct {
	CaseNumber *int
	QuestionID *int64
	Field      string
	Before     *string
	After      *string
}

// Field is one named value of a form or case, as text (nil when empty).
type Field struct {
	Name  string
	Value *string
}

// AnswerText is one case's answer to a question, as text.
type AnswerText struct {
	QuestionID      int64
	Option, Comment *string
}

// CaseText is one case of a submitted revision, as text.
type CaseText struct {
	Number  int
	Fields  []Field
	Answers []AnswerText
}

// FormText is a submitted revision as text: its cases, then the service's own texts.
type FormText struct {
	Cases  []CaseText
	Fields []Field
}

// TextOf is a value as a diff shows it: strings as they are, anything else as JSON; nil for nil.
func TextOf(v any) *string {
	switch x := v.(type) {
	case nil:
		return nil
	case *string:
		return x
	case string:
		return &x
	}
	b, _ := json.Marshal(v)
	if string(b) == "null" {
		return nil
	}
	s := string(b)
	return &s
}

func differ(a, b *string) bool {
	if a == nil || b == nil {
		return a != b
	}
	return *a != *b
}

// diff collects the changes between two revisions.
type diff struct{ out []RevisionChange }

func (d *diff) add(caseNo *int, q *int64, field string, before, after *string) {
	if differ(before, after) {
		d.out = append(d.out, RevisionChange{CaseNumber: caseNo, QuestionID: q, Field: field, Before: before, After: after})
	}
}

// fields adds the changes of fields named alike in order (a field missing on one side is empty).
func (d *diff) fields(caseNo *int, prev, cur []Field) {
	before := map[string]*string{}
	for _, f := range prev {
		before[f.Name] = f.Value
	}
	seen := map[string]bool{}
	for _, f := range cur {
		seen[f.Name] = true
		d.add(caseNo, nil, f.Name, before[f.Name], f.Value)
	}
	for _, f := range prev {
		if !seen[f.Name] {
			d.add(caseNo, nil, f.Name, f.Value, nil)
		}
	}
}

// Diff lists what changed from prev to cur: per case in number order (added and removed cases,
// case fields, then answers and comments per question), then the form's own fields. It is what a
// county advisor reads when a returned form comes back.
func Diff(prev, cur FormText) []RevisionChange {
	d := &diff{out: []RevisionChange{}}
	prevCases := map[int]CaseText{}
	for _, c := range prev.Cases {
		prevCases[c.Number] = c
	}
	curCases := map[int]CaseText{}
	numbers := []int{}
	for _, c := range cur.Cases {
		curCases[c.Number] = c
		numbers = append(numbers, c.Number)
	}
	for n := range prevCases {
		if _, ok := curCases[n]; !ok {
			numbers = append(numbers, n)
		}
	}
	sort.Ints(numbers)
	for _, n := range numbers {
		no := n
		p, inPrev := prevCases[n]
		c, inCur := curCases[n]
		switch {
		case !inPrev:
			d.add(&no, nil, "case", nil, TextOf(fmt.Sprintf("added (%d answers)", len(c.Answers))))
		case !inCur:
			d.add(&no, nil, "case", TextOf(fmt.Sprintf("%d answers", len(p.Answers))), nil)
		default:
			d.fields(&no, p.Fields, c.Fields)
			d.answers(&no, p.Answers, c.Answers)
		}
	}
	d.fields(nil, prev.Fields, cur.Fields)
	return d.out
}

// answers adds the changes of one case's answers and comments, by question.
func (d *diff) answers(caseNo *int, prev, cur []AnswerText) {
	pa := map[int64]AnswerText{}
	for _, a := range prev {
		pa[a.QuestionID] = a
	}
	ca := map[int64]AnswerText{}
	qids := []int64{}
	for _, a := range cur {
		ca[a.QuestionID] = a
		qids = append(qids, a.QuestionID)
	}
	for q := range pa {
		if _, ok := ca[q]; !ok {
			qids = append(qids, q)
		}
	}
	sort.Slice(qids, func(i, j int) bool { return qids[i] < qids[j] })
	for _, q := range qids {
		qid := q
		before, after := pa[q], ca[q]
		d.add(caseNo, &qid, "option", before.Option, after.Option)
		d.add(caseNo, &qid, "comment", before.Comment, after.Comment)
	}
}
