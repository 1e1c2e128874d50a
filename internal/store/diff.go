package store

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

func text(v any) *string {
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

// DiffSnapshots lists what changed from prev to cur: answers and comments per case and question,
// added and removed cases, case fields, and the service's own texts. It is what a county advisor
// reads when a returned form comes back.
func DiffSnapshots(prev, cur *Snapshot) []RevisionChange {
	out := []RevisionChange{}
	add := func(caseNo *int, q *int64, field string, before, after *string) {
		if differ(before, after) {
			out = append(out, RevisionChange{CaseNumber: caseNo, QuestionID: q, Field: field, Before: before, After: after})
		}
	}
	prevCases := map[int]SnapshotCase{}
	for _, c := range prev.Cases {
		prevCases[c.Number] = c
	}
	curCases := map[int]SnapshotCase{}
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
			add(&no, nil, "case", nil, text(fmt.Sprintf("added (%d answers)", len(c.Answers))))
			continue
		case !inCur:
			add(&no, nil, "case", text(fmt.Sprintf("%d answers", len(p.Answers))), nil)
			continue
		}
		add(&no, nil, "startedMonth", text(p.StartedMonth), text(c.StartedMonth))
		add(&no, nil, "closedMonth", text(p.ClosedMonth), text(c.ClosedMonth))
		add(&no, nil, "outcome", text(p.Outcome), text(c.Outcome))
		add(&no, nil, "daysToFirstActivity", text(p.DaysToFirstActivity), text(c.DaysToFirstActivity))
		pa := map[int64]SnapshotAnswer{}
		for _, a := range p.Answers {
			pa[a.QuestionID] = a
		}
		ca := map[int64]SnapshotAnswer{}
		qids := []int64{}
		for _, a := range c.Answers {
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
			add(&no, &qid, "option", optText(before), optText(after))
			add(&no, &qid, "comment", before.Comment, after.Comment)
		}
	}
	add(nil, nil, "assessment", text(prev.Assessment), text(cur.Assessment))
	add(nil, nil, "reflections", text(prev.Reflections), text(cur.Reflections))
	if len(prev.Feedback)+len(cur.Feedback) > 0 {
		add(nil, nil, "feedback", text(nonNil(prev.Feedback)), text(nonNil(cur.Feedback)))
	}
	if prev.WayForward != nil || cur.WayForward != nil {
		add(nil, nil, "wayForward", text(prev.WayForward), text(cur.WayForward))
	}
	add(nil, nil, "improvementPlan", text(prev.ImprovementPlan), text(cur.ImprovementPlan))
	return out
}

func optText(a SnapshotAnswer) *string {
	if a.Option == nil {
		return nil
	}
	s := string(*a.Option)
	return &s
}
