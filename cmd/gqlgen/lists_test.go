package main

import (
	"maps"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/codegen"
	gqlast "github.com/vektah/gqlparser/v2/ast"

	"github.com/egenkontroll/egenkontroll/graph/inorder"
)

const generated = `package generated

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

type executionContext struct{}

func (ec *executionContext) marshalNAnswer2ᚕAnswerᚄ(ctx context.Context, sel ast.SelectionSet, v []Answer) graphql.Marshaler {
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		return ec.marshalNAnswer(ctx, sel, v[i])
	})
	return ret
}

func (ec *executionContext) marshalNCase2ᚕCaseᚄ(ctx context.Context, sel ast.SelectionSet, v []Case) graphql.Marshaler {
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 4, true, func(ctx context.Context, i int) graphql.Marshaler {
		return ec.marshalNCase(ctx, sel, v[i])
	})
	return ret
}
`

func TestRewriteSource(t *testing.T) {
	out, n, err := rewriteSource([]byte(generated), map[string]bool{"marshalNCase2ᚕCaseᚄ": true, "marshalNOther": true})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("changed %d functions, want 1", n)
	}
	got := string(out)
	for _, want := range []string{
		// The named function's call, with gqlgen's own arguments kept.
		"ret := waiting.MarshalSlice(ctx, sel, len(v), 4, true, func(ctx context.Context, i int) graphql.Marshaler {",
		// A function not named is left as gqlgen wrote it.
		"ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("rewritten source lacks %q:\n%s", want, got)
		}
	}

	unchanged, n, err := rewriteSource([]byte(generated), map[string]bool{"marshalNOther": true})
	if err != nil || n != 0 || string(unchanged) != generated {
		t.Errorf("nothing to rewrite: changed %d, err %v, source changed %v", n, err, string(unchanged) != generated)
	}
}

// A change in gqlgen's templates must stop the generator, not quietly leave lists as they were.
func TestRewriteSourceRefusesUnknownShapes(t *testing.T) {
	cases := map[string]string{
		"no call":          strings.Replace(generated, "graphql.MarshalSliceConcurrently(ctx, len(v), 4, true, ", "someOther(ctx, len(v), 4, true, ", 1),
		"other arguments":  strings.Replace(generated, "MarshalSliceConcurrently(ctx, len(v), 4, true, ", "MarshalSliceConcurrently(ctx, len(v), ", 1),
		"no selection set": strings.Replace(generated, "marshalNCase2ᚕCaseᚄ(ctx context.Context, sel ast.SelectionSet,", "marshalNCase2ᚕCaseᚄ(ctx context.Context, s ast.SelectionSet,", 1),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			if _, _, err := rewriteSource([]byte(src), map[string]bool{"marshalNCase2ᚕCaseᚄ": true}); err == nil {
				t.Error("rewrite succeeded")
			}
		})
	}
}

func TestWaitingOf(t *testing.T) {
	object := func(name string, root bool, fields ...*codegen.Field) *codegen.Object {
		o := &codegen.Object{Definition: &gqlast.Definition{Name: name, Kind: gqlast.Object}, Root: root, Fields: fields}
		for _, f := range fields {
			f.Object = o
		}
		return o
	}
	plain := func(name string) *codegen.Field {
		return &codegen.Field{FieldDefinition: &gqlast.FieldDefinition{Name: name}}
	}
	resolver := func(name string) *codegen.Field {
		f := plain(name)
		f.IsResolver = true
		return f
	}
	withContext := func(name string) *codegen.Field {
		f := plain(name)
		f.MethodHasContext = true
		return f
	}
	objects := codegen.Objects{
		object("Query", true, plain("version"), resolver("cases")),
		object("Case", false, plain("id"), resolver("answers"), withContext("missingCount")),
		object("Answer", false, plain("id"), plain("question")),
	}
	types := map[string]*gqlast.Definition{
		"Node":   {Name: "Node", Kind: gqlast.Interface},
		"Thing":  {Name: "Thing", Kind: gqlast.Union},
		"Answer": {Name: "Answer", Kind: gqlast.Object},
	}
	got := waitingOf(objects, types)
	want := inorder.Waiting{
		Fields: map[inorder.Field]bool{
			{Object: "Query", Name: "version"}: true, {Object: "Query", Name: "cases"}: true,
			{Object: "Case", Name: "answers"}: true, {Object: "Case", Name: "missingCount"}: true,
		},
		Abstract: map[string]bool{"Node": true, "Thing": true},
	}
	if !maps.Equal(got.Fields, want.Fields) || !maps.Equal(got.Abstract, want.Abstract) {
		t.Errorf("waitingOf = %v, want %v", got, want)
	}

	src, err := waitingSource("generated", got)
	if err != nil {
		t.Fatal(err)
	}
	// Sorted, so that regenerating never reorders the committed file.
	if i, j := strings.Index(string(src), `{Object: "Case", Name: "answers"}`), strings.Index(string(src), `{Object: "Query", Name: "cases"}`); i < 0 || j < i {
		t.Errorf("table not sorted:\n%s", src)
	}
}
