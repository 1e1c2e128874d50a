package selection

import (
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

const schema = `
directive @defer(label: String, if: Boolean = true) on FRAGMENT_SPREAD | INLINE_FRAGMENT
type Query { cases: [Case!]! }
type Case { id: ID! answers: [Answer!]! }
type Answer { id: ID! question: Question! }
type Question { code: String! section: Section }
type Section { title: String! }
`

// TestReaches: the walk finds a field at any depth, through inline and named fragments, and
// counts a deferred fragment as reached whatever it holds.
func TestReaches(t *testing.T) {
	s := gqlparser.MustLoadSchema(&ast.Source{Name: "schema.graphql", Input: schema})
	sections := func(f *ast.Field) bool { return f.Name == "section" }
	cases := []struct {
		name, query string
		want        bool
	}{
		{"absent", "{ cases { id answers { id question { code } } } }", false},
		{"three levels down", "{ cases { answers { question { section { title } } } } }", true},
		{"in an inline fragment", "{ cases { answers { ... on Answer { question { section { title } } } } } }", true},
		{"in a named fragment", "{ cases { answers { ...F } } } fragment F on Answer { question { section { title } } }", true},
		{"a plain named fragment", "{ cases { answers { ...F } } } fragment F on Answer { question { code } }", false},
		{"a deferred fragment", "{ cases { answers { ... @defer { id } } } }", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, errs := gqlparser.LoadQueryWithRules(s, tc.query, nil)
			if errs != nil {
				t.Fatal(errs)
			}
			if got := Reaches(doc.Operations[0].SelectionSet, sections); got != tc.want {
				t.Errorf("Reaches = %v, want %v", got, tc.want)
			}
		})
	}
}
