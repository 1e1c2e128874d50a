package main

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"text/template"

	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
	gqlast "github.com/vektah/gqlparser/v2/ast"

	"github.com/egenkontroll/egenkontroll/graph/inorder"
)

const (
	// waitingVar is the inorder.Waiting the generated list marshalers consult.
	waitingVar  = "waiting"
	waitingFile = "waiting.go"
)

// lists is a gqlgen plugin: it learns from gqlgen's model of the schema which fields wait and
// which functions marshal lists of objects, and once gqlgen has written its code, routes those
// functions through inorder.Waiting.MarshalSlice.
type lists struct {
	waiting inorder.Waiting
	funcs   map[string]bool
}

func (*lists) Name() string { return "inorderlists" }

// GenerateCode is called before gqlgen writes the executable schema.
func (l *lists) GenerateCode(data *codegen.Data) error {
	l.waiting = waitingOf(data.Objects, data.Schema.Types)
	l.funcs = objectListMarshalers(data.ReferencedTypes)
	return nil
}

// waitingOf collects the fields gqlgen resolves in a goroutine of their own, by the rule of its
// templates (codegen.Field.IsConcurrent), those with directives, the root types' fields, and the
// interfaces and unions.
func waitingOf(objects codegen.Objects, types map[string]*gqlast.Definition) inorder.Waiting {
	w := inorder.Waiting{Fields: map[inorder.Field]bool{}, Abstract: map[string]bool{}}
	for _, o := range objects {
		for _, f := range o.Fields {
			if f.IsConcurrent() || f.HasDirectives() || f.Stream || o.Root {
				w.Fields[inorder.Field{Object: o.Name, Name: f.Name}] = true
			}
		}
	}
	for name, def := range types {
		if def.Kind == gqlast.Interface || def.Kind == gqlast.Union {
			w.Abstract[name] = true
		}
	}
	return w
}

// objectListMarshalers names the generated functions that marshal a list of objects.
func objectListMarshalers(types map[string]*config.TypeReference) map[string]bool {
	funcs := map[string]bool{}
	for _, t := range types {
		// A list's reference carries the definition of its items' named type.
		if t.IsSlice() && t.Definition != nil && t.Definition.Kind == gqlast.Object {
			funcs[t.MarshalFunc()] = true
			funcs[t.MarshalFuncFunctionSyntax()] = true
		}
	}
	return funcs
}

// rewrite changes the generated executable schema and writes the table beside it.
func (l *lists) rewrite(execFile, execPackage string) error {
	src, err := os.ReadFile(execFile)
	if err != nil {
		return err
	}
	out, n, err := rewriteSource(src, l.funcs)
	if err != nil {
		return fmt.Errorf("%s: %w", execFile, err)
	}
	if n == 0 && len(l.funcs) > 0 {
		// Lists of objects exist, yet none of their marshalers was found: gqlgen has renamed
		// them, and silently keeping the slow form would go unnoticed.
		return fmt.Errorf("%s: none of the %d list marshalers found", execFile, len(l.funcs)/2)
	}
	if err := os.WriteFile(execFile, out, 0o644); err != nil {
		return err
	}
	table, err := waitingSource(execPackage, l.waiting)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(filepath.Dir(execFile), waitingFile), table, 0o644)
}

// rewriteSource replaces graphql.MarshalSliceConcurrently(ctx, n, limit, omitPanicHandler, f)
// with waiting.MarshalSlice(ctx, sel, n, limit, omitPanicHandler, f) in the named functions, and
// reports how many it changed.
func rewriteSource(src []byte, funcs map[string]bool) ([]byte, int, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil, 0, err
	}
	changed := 0
	for _, decl := range file.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil || !funcs[fn.Name.Name] {
			continue
		}
		var call *ast.CallExpr
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && call == nil && isCall(c, "graphql", "MarshalSliceConcurrently") {
				call = c
			}
			return call == nil
		})
		if call == nil || len(call.Args) != 5 || !hasParam(fn, "sel") {
			return nil, 0, fmt.Errorf("%s no longer takes sel and calls graphql.MarshalSliceConcurrently(ctx, n, limit, omitPanicHandler, f)", fn.Name.Name)
		}
		call.Fun = &ast.SelectorExpr{X: ast.NewIdent(waitingVar), Sel: ast.NewIdent("MarshalSlice")}
		call.Args = slices.Insert(call.Args, 1, ast.Expr(ast.NewIdent("sel")))
		changed++
	}
	if changed == 0 {
		return src, 0, nil
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, file); err != nil {
		return nil, 0, err
	}
	out, err := format.Source(buf.Bytes())
	return out, changed, err
}

func isCall(c *ast.CallExpr, pkg, name string) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == pkg
}

func hasParam(fn *ast.FuncDecl, name string) bool {
	for _, p := range fn.Type.Params.List {
		for _, n := range p.Names {
			if n.Name == name {
				return true
			}
		}
	}
	return false
}

var waitingTemplate = template.Must(template.New(waitingFile).Parse(`// Code generated by cmd/gqlgen from gqlgen's model of the schema. DO NOT EDIT.

package {{.Package}}

import "github.com/egenkontroll/egenkontroll/graph/inorder"

// {{.Var}} says which fields make a list's items wait: a list whose selection reaches none of
// them is marshalled in order, without a goroutine per item.
var {{.Var}} = inorder.Waiting{
	Fields: map[inorder.Field]bool{
{{- range .Fields}}
		{Object: {{printf "%q" .Object}}, Name: {{printf "%q" .Name}}}: true,
{{- end}}
	},
	Abstract: map[string]bool{
{{- range .Abstract}}
		{{printf "%q" .}}: true,
{{- end}}
	},
}
`))

// waitingSource writes the table as Go, in a stable order.
func waitingSource(pkg string, w inorder.Waiting) ([]byte, error) {
	fields := make([]inorder.Field, 0, len(w.Fields))
	for f := range w.Fields {
		fields = append(fields, f)
	}
	slices.SortFunc(fields, func(a, b inorder.Field) int {
		return cmp.Or(cmp.Compare(a.Object, b.Object), cmp.Compare(a.Name, b.Name))
	})
	abstract := make([]string, 0, len(w.Abstract))
	for name := range w.Abstract {
		abstract = append(abstract, name)
	}
	slices.Sort(abstract)
	var buf bytes.Buffer
	err := waitingTemplate.Execute(&buf, map[string]any{
		"Package": pkg, "Var": waitingVar, "Fields": fields, "Abstract": abstract,
	})
	if err != nil {
		return nil, err
	}
	return format.Source(buf.Bytes())
}
