package results

import (
	"testing"
)

func form(cases []CaseText, assessment string) FormText {
	return FormText{Cases: cases, Fields: []Field{{Name: "assessment", Value: TextOf(assessment)}, {Name: "wayForward", Value: TextOf(nil)}}}
}

func TestDiff(t *testing.T) {
	yes, no := TextOf("YES"), TextOf("NO")
	c1 := CaseText{Number: 1, Fields: []Field{{Name: "outcome", Value: nil}}, Answers: []AnswerText{{QuestionID: 7, Option: yes}}}
	c1b := CaseText{Number: 1, Fields: []Field{{Name: "outcome", Value: TextOf("DISMISSED")}}, Answers: []AnswerText{{QuestionID: 7, Option: no, Comment: TextOf("x")}}}
	c2 := CaseText{Number: 2, Answers: []AnswerText{{QuestionID: 7, Option: yes}}}
	c3 := CaseText{Number: 3, Answers: []AnswerText{{QuestionID: 7}, {QuestionID: 8}}}
	tests := []struct {
		name string
		prev FormText
		cur  FormText
		want []string // field of each change, in order
	}{
		{"nothing changed", form([]CaseText{c1}, "a"), form([]CaseText{c1}, "a"), nil},
		{"a case's field, answer and comment, then the form's text", form([]CaseText{c1}, "a"), form([]CaseText{c1b}, "b"),
			[]string{"outcome", "option", "comment", "assessment"}},
		{"cases added and removed, in number order", form([]CaseText{c2}, "a"), form([]CaseText{c3}, "a"), []string{"case", "case"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff(tt.prev, tt.cur)
			if got == nil || len(got) != len(tt.want) {
				t.Fatalf("changes %+v, want fields %v", got, tt.want)
			}
			for i, c := range got {
				if c.Field != tt.want[i] {
					t.Fatalf("change %d is %s, want %s", i, c.Field, tt.want[i])
				}
			}
		})
	}
	added := Diff(form([]CaseText{c2}, "a"), form([]CaseText{c3}, "a"))
	if *added[0].CaseNumber != 2 || added[0].After != nil || *added[1].CaseNumber != 3 || *added[1].After != "added (2 answers)" {
		t.Fatalf("removed case 2, added case 3: %+v %+v", added[0], added[1])
	}
}

func TestTextOf(t *testing.T) {
	var none *int
	tests := []struct {
		name string
		v    any
		want *string
	}{
		{"nil is empty", nil, nil},
		{"a nil pointer is empty", none, nil},
		{"a string is itself", "Ja", ptr("Ja")},
		{"anything else is JSON", []int{1, 2}, ptr("[1,2]")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TextOf(tt.v)
			if (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
				t.Fatalf("text %v, want %v", got, tt.want)
			}
		})
	}
}
