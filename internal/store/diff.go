package store

import (
	"github.com/egenkontroll/egenkontroll/internal/results"
)

// RevisionChange is one difference between two submitted revisions of a form
// (results.RevisionChange).
type RevisionChange = results.RevisionChange

// DiffSnapshots lists what changed from prev to cur: answers and comments per case and question,
// added and removed cases, case fields, and the service's own texts (results.Diff). It is what a
// county advisor reads when a returned form comes back.
func DiffSnapshots(prev, cur *Snapshot) []RevisionChange {
	return results.Diff(snapshotText(prev), snapshotText(cur))
}

// snapshotText is a snapshot as the diff reads it: each field as text, in the order the changes
// are listed.
func snapshotText(s *Snapshot) results.FormText {
	text := results.TextOf
	f := results.FormText{Cases: make([]results.CaseText, len(s.Cases))}
	for i, c := range s.Cases {
		ct := results.CaseText{Number: c.Number, Fields: []results.Field{
			{Name: "startedMonth", Value: text(c.StartedMonth)},
			{Name: "closedMonth", Value: text(c.ClosedMonth)},
			{Name: "outcome", Value: text(c.Outcome)},
			{Name: "daysToFirstActivity", Value: text(c.DaysToFirstActivity)},
		}}
		for _, a := range c.Answers {
			ct.Answers = append(ct.Answers, results.AnswerText{QuestionID: a.QuestionID, Option: optText(a), Comment: a.Comment})
		}
		f.Cases[i] = ct
	}
	f.Fields = []results.Field{
		{Name: "assessment", Value: text(s.Assessment)},
		{Name: "reflections", Value: text(s.Reflections)},
		{Name: "feedback", Value: text(nonNil(s.Feedback))},
		{Name: "wayForward", Value: text(s.WayForward)},
		{Name: "improvementPlan", Value: text(s.ImprovementPlan)},
	}
	return f
}

func optText(a SnapshotAnswer) *string {
	if a.Option == nil {
		return nil
	}
	s := string(*a.Option)
	return &s
}
