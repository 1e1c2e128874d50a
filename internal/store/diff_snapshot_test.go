package store

import (
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// The snapshot is flattened into text for results.Diff; these cases pin what a county advisor
// reads for each part of a form, without a database.
func TestDiffSnapshotsReadsEveryPart(t *testing.T) {
	yes, no := domain.OptionYes, domain.OptionNo
	days := 4
	base := func() *Snapshot {
		return &Snapshot{Assessment: "Bra.", Cases: []SnapshotCase{{Number: 1, Answers: []SnapshotAnswer{{QuestionID: 7, Option: &yes}}}}}
	}
	tests := []struct {
		name   string
		change func(*Snapshot)
		want   []string // fields changed, in order
	}{
		{"nothing changed; empty feedback and no way forward on both sides say nothing", func(*Snapshot) {}, nil},
		{"an answer and a case field", func(s *Snapshot) {
			s.Cases[0].Answers[0].Option, s.Cases[0].DaysToFirstActivity = &no, &days
		}, []string{"daysToFirstActivity", "option"}},
		{"a case added", func(s *Snapshot) { s.Cases = append(s.Cases, SnapshotCase{Number: 2}) }, []string{"case"}},
		{"the service's own texts", func(s *Snapshot) {
			s.Assessment = "Bedre."
			s.Feedback = []ReflectionAnswer{{QuestionID: 1, Answer: "Nyttig"}}
			s.WayForward = &WayForwardDecision{Comment: "Videre"}
		}, []string{"assessment", "feedback", "wayForward"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := base()
			tt.change(cur)
			got := DiffSnapshots(base(), cur)
			if len(got) != len(tt.want) {
				t.Fatalf("changes %+v, want %v", got, tt.want)
			}
			for i, c := range got {
				if c.Field != tt.want[i] {
					t.Fatalf("change %d is %s, want %s", i, c.Field, tt.want[i])
				}
			}
		})
	}
}
