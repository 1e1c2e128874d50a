package server

import (
	"context"
	"fmt"
	"strconv"
	"unicode"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// DefaultMaxItems bounds a list argument or list input field that declares no @maxItems.
const DefaultMaxItems = 100

// inputCheck looks at every argument of an operation once, before anything runs, whether it came
// as a variable or was written into the query, down through input objects and lists:
//   - no string may hold a control character (NUL and the rest of Unicode's Cc), except tab,
//     newline and carriage return in free text (the String type); IDs, dates and enum values
//     take none at all;
//   - no list may be longer than the @maxItems its argument or input field declares in the
//     schema (DefaultMaxItems without one).
//
// Either answers BAD_USER_INPUT naming the argument, and nothing is run or changed.
type inputCheck struct {
	schema *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*inputCheck)(nil)

// ExtensionName names the extension for gqlgen.
func (*inputCheck) ExtensionName() string { return "InputCheck" }

// Validate keeps the schema, whose input types the check walks.
func (c *inputCheck) Validate(es graphql.ExecutableSchema) error {
	c.schema = es.Schema()
	return nil
}

// MutateOperationContext checks the operation's inputs before any resolver runs.
func (c *inputCheck) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := inputWalker{schema: c.schema, vars: oc.Variables, fragments: oc.Doc.Fragments, seen: map[string]bool{}}
	if err := w.selections(oc.Operation.SelectionSet); err != nil {
		return domainGQLError(ctx, err)
	}
	return nil
}

// domainGQLError presents a domain error raised before execution like presentError does later.
func domainGQLError(ctx context.Context, err *domain.Error) *gqlerror.Error {
	ext := map[string]any{"code": string(err.Code)}
	if err.Field != "" {
		ext["field"] = err.Field
	}
	for k, v := range err.Extra {
		ext[k] = v
	}
	return &gqlerror.Error{Message: err.Message(domain.LangFrom(ctx)), Extensions: ext}
}

type inputWalker struct {
	schema    *ast.Schema
	vars      map[string]any
	fragments ast.FragmentDefinitionList
	seen      map[string]bool // fragments already walked: their arguments are the same wherever they are spread
}

func (w *inputWalker) selections(set ast.SelectionSet) *domain.Error {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Definition != nil {
				for _, arg := range s.Arguments {
					def := s.Definition.Arguments.ForName(arg.Name)
					if def == nil || arg.Value == nil {
						continue
					}
					var v any
					if arg.Value.Kind == ast.Variable {
						v = w.vars[arg.Value.Raw]
					} else {
						var err error
						if v, err = arg.Value.Value(w.vars); err != nil {
							continue // the validator has refused it already
						}
					}
					if err := w.value(def.Type, def.Directives, v, arg.Name); err != nil {
						return err
					}
				}
			}
			if err := w.selections(s.SelectionSet); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := w.selections(s.SelectionSet); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if w.seen[s.Name] {
				continue
			}
			w.seen[s.Name] = true
			if f := w.fragments.ForName(s.Name); f != nil {
				if err := w.selections(f.SelectionSet); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// value checks v against its schema type t; dirs are the directives of the argument or input
// field it is the value of.
func (w *inputWalker) value(t *ast.Type, dirs ast.DirectiveList, v any, path string) *domain.Error {
	if v == nil || t == nil {
		return nil
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			return w.value(t.Elem, nil, v, path) // a single value stands for a list of one
		}
		if limit := maxItems(dirs); len(list) > limit {
			return errTooManyItems(path, limit, len(list))
		}
		for i, e := range list {
			if err := w.value(t.Elem, nil, e, path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
		return nil
	}
	def := w.schema.Types[t.NamedType]
	if def != nil && def.Kind == ast.InputObject {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		for name, fv := range obj {
			f := def.Fields.ForName(name)
			if f == nil {
				continue // the validator refuses unknown fields
			}
			if err := w.value(f.Type, f.Directives, fv, path+"."+name); err != nil {
				return err
			}
		}
		return nil
	}
	if s, ok := v.(string); ok {
		if i := controlChar(s, t.NamedType == "String"); i >= 0 {
			return errControlChar(path, i)
		}
	}
	return nil
}

// maxItems is the n of a @maxItems(n: …) directive, or DefaultMaxItems.
func maxItems(dirs ast.DirectiveList) int {
	if d := dirs.ForName("maxItems"); d != nil {
		if a := d.Arguments.ForName("n"); a != nil && a.Value != nil {
			if n, err := strconv.Atoi(a.Value.Raw); err == nil && n >= 0 {
				return n
			}
		}
	}
	return DefaultMaxItems
}

// controlChar returns the index (in characters) of the first control character in s, or -1.
// Free text may hold tab, newline and carriage return.
func controlChar(s string, freeText bool) int {
	i := 0
	for _, r := range s {
		if unicode.IsControl(r) && !(freeText && (r == '\t' || r == '\n' || r == '\r')) {
			return i
		}
		i++
	}
	return -1
}

func errControlChar(path string, pos int) *domain.Error {
	e := domain.ErrBadInput(path,
		fmt.Sprintf("%s inneholder et kontrolltegn (for eksempel NUL) på plass %d. Fjern det og prøv igjen.", path, pos+1),
		fmt.Sprintf("%s inneheld eit kontrollteikn (til dømes NUL) på plass %d. Fjern det og prøv igjen.", path, pos+1),
		fmt.Sprintf("%s contains a control character (such as NUL) at position %d. Remove it and try again.", path, pos+1))
	e.Extra = map[string]any{"position": pos + 1}
	return e
}

func errTooManyItems(path string, limit, got int) *domain.Error {
	e := domain.ErrBadInput(path,
		fmt.Sprintf("%s kan ha høyst %d verdier, men fikk %d.", path, limit, got),
		fmt.Sprintf("%s kan ha høgst %d verdiar, men fekk %d.", path, limit, got),
		fmt.Sprintf("%s takes at most %d values, but got %d.", path, limit, got))
	e.Extra = map[string]any{"maxItems": limit}
	return e
}

// queryHasControlChar reports whether a URL query parameter (of a download, not the graph) holds a
// control character; such a parameter is never a valid filter.
func queryHasControlChar(values map[string][]string) bool {
	for name, vs := range values {
		if controlChar(name, false) >= 0 {
			return true
		}
		for _, v := range vs {
			if controlChar(v, false) >= 0 {
				return true
			}
		}
	}
	return false
}
