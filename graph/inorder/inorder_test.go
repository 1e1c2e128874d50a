package inorder

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// The in-order marshaler must be a drop-in for gqlgen's concurrent one: the same items, the same
// index in each item's field context, the same error paths, and a panic confined to its item.
func TestMarshalSliceMatchesConcurrent(t *testing.T) {
	marshalers := []struct {
		name    string
		marshal func(ctx context.Context, n int, f func(context.Context, int) graphql.Marshaler) graphql.Array
	}{
		{"in order", func(ctx context.Context, n int, f func(context.Context, int) graphql.Marshaler) graphql.Array {
			return Waiting{}.MarshalSlice(ctx, nil, n, 0, false, f)
		}},
		{"gqlgen concurrently", func(ctx context.Context, n int, f func(context.Context, int) graphql.Marshaler) graphql.Array {
			return graphql.MarshalSliceConcurrently(ctx, n, 0, false, f)
		}},
	}
	cases := []struct {
		name       string
		length     int
		panicAt    int
		wantJSON   string
		wantErrors []string
	}{
		{"empty", 0, -1, `[]`, nil},
		{"one item", 1, -1, `["item 0"]`, nil},
		{"several items", 4, -1, `["item 0","item 1","item 2","item 3"]`, nil},
		{"a panicking item", 3, 1, `["item 0",null,"item 2"]`, []string{"answers[1]: internal system error"}},
		{"a single panicking item", 1, 0, `[null]`, []string{"answers[0]: internal system error"}},
	}
	for _, m := range marshalers {
		for _, tc := range cases {
			t.Run(m.name+"/"+tc.name, func(t *testing.T) {
				ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter,
					func(context.Context, any) error { return errors.New("internal system error") })
				ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Object: "Case",
					Field: graphql.CollectedField{Field: &ast.Field{Alias: "answers", Name: "answers"}}})
				got := m.marshal(ctx, tc.length, func(ctx context.Context, i int) graphql.Marshaler {
					if fc := graphql.GetFieldContext(ctx); fc.Index == nil || *fc.Index != i {
						t.Errorf("item %d: field context index %v", i, fc.Index)
					}
					if i == tc.panicAt {
						panic("boom")
					}
					return graphql.MarshalString(fmt.Sprintf("item %d", i))
				})
				var buf bytes.Buffer
				got.MarshalGQL(&buf)
				if buf.String() != tc.wantJSON {
					t.Errorf("marshalled %s, want %s", buf.String(), tc.wantJSON)
				}
				var errs []string
				for _, e := range graphql.GetErrors(ctx) {
					errs = append(errs, e.Path.String()+": "+e.Message)
				}
				if fmt.Sprint(errs) != fmt.Sprint(tc.wantErrors) {
					t.Errorf("errors %q, want %q", errs, tc.wantErrors)
				}
			})
		}
	}
}

const schema = `
directive @defer(label: String, if: Boolean = true) on FRAGMENT_SPREAD | INLINE_FRAGMENT
type Query { cases: [Case!]! }
interface Node { id: ID! }
union Thing = Case | Question
type Case implements Node { id: ID! answers: [Answer!]! service: Service! }
type Answer { id: ID! option: String question: Question! thing: Thing }
type Question implements Node { id: ID! code: String! section: Section }
type Section { title: String! }
type Service { name: String! }
`

func TestWaits(t *testing.T) {
	w := Waiting{
		Fields:   map[Field]bool{{"Case", "answers"}: true, {"Case", "service"}: true, {"Question", "section"}: true},
		Abstract: map[string]bool{"Node": true, "Thing": true},
	}
	s := gqlparser.MustLoadSchema(&ast.Source{Name: "schema.graphql", Input: schema})
	cases := []struct {
		name      string
		selection string // below a case's answers
		fragment  string
		want      bool
	}{
		{"plain fields", "id option __typename", "", false},
		{"a plain object below", "id question { id code }", "", false},
		{"a resolver two levels down", "question { code section { title } }", "", true},
		{"an inline fragment on the object", "question { ... on Question { code } }", "", false},
		{"a field selected through an interface", "question { ... on Node { id } }", "", true},
		{"a union", "thing { __typename }", "", true},
		{"a plain named fragment", "...F", "fragment F on Answer { question { code } }", false},
		{"a named fragment with a resolver", "...F", "fragment F on Answer { question { section { title } } }", true},
		{"a deferred inline fragment", "... @defer { id }", "", true},
		{"a deferred named fragment", "...F @defer", "fragment F on Answer { id }", true},
		{"a skipped resolver still counts", "question { section @skip(if: true) { title } }", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, errs := gqlparser.LoadQueryWithRules(s, "{ cases { answers { "+tc.selection+" } } } "+tc.fragment, nil)
			if errs != nil {
				t.Fatal(errs)
			}
			cases := doc.Operations[0].SelectionSet[0].(*ast.Field)
			answers := cases.SelectionSet[0].(*ast.Field)
			if got := w.waits(answers.SelectionSet); got != tc.want {
				t.Errorf("waits = %v, want %v", got, tc.want)
			}
			// The cases' own selection reaches Case.answers, a resolver.
			if !w.waits(cases.SelectionSet) {
				t.Error("a selection with a resolver field does not wait")
			}
		})
	}
}
