package graph

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/egenkontroll/egenkontroll/graph/scalars"
	"github.com/egenkontroll/egenkontroll/graph/selection"
)

// Batching by looking ahead, with no waiting window.
//
// gqlgen resolves the items of a list, and the resolver fields of an object, each in its own
// goroutine, so a loader cannot know when every sibling has asked: a time window guesses, and the
// number of statements then depends on how busy the machine is. Instead, once a field has resolved
// (LookAhead, a field middleware), and before gqlgen resolves its children, the look-ahead walks
// the field's selection set (graphql.CollectFields, the same collection gqlgen uses) breadth first
// over the objects just returned:
//
//   - for a child field with a resolver, it calls that very resolver for every parent object with
//     a collecting context: each load of a key not yet cached records the key and gives up
//     (errCollecting); then each loader asked fetches all its keys in one statement (Prime), and the
//     pass repeats until the resolvers ask for nothing new (a resolver that loads twice in a row,
//     like Submission.deadline, takes two passes; a list of any length takes the same). The last
//     pass returns the real children;
//   - for a child field without a resolver (a plain Go field or method, as gqlgen binds it) it
//     reads the field by reflection;
//   - it goes on into the children's own selections with the children found.
//
// So the keys of a whole level are fetched before any of its fields resolve, and when gqlgen then
// resolves them every load is a cache hit. The resolvers are the single source of which key a field
// needs: nothing here repeats that logic, and the loaders still take the caller's scope
// (auth.Scope) where the rows are read, so looking ahead shows nothing a field would not.
//
// The loaders are kept per field path (loaders.go): a walk primes the loaders of the paths it
// visits, and marks them, so the field middleware of a visited path does not start a walk again.
// A field the walk cannot follow (an argument it cannot convert, a value reflection cannot read)
// is not marked: each of its values then starts a walk of its own, which is correct but costs a
// statement per value and level, as a plain loader without batching would.

// LookAhead is the field middleware that primes the loaders of a field's children (see above).
// It belongs innermost, around the resolver itself.
func (r *Resolver) LookAhead(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || (!fc.IsResolver && len(fc.Field.Selections) == 0) {
		return next(ctx) // a plain scalar (most fields of a response): nothing to load, nothing below
	}
	h, _ := ctx.Value(loadersKey{}).(*loaderHolder)
	if h == nil {
		return next(ctx)
	}
	// A resolver finds its loaders by its path; computed here once, it serves the look-ahead
	// below as well.
	var path string
	if fc.IsResolver {
		path = pathKey(ctx)
		ctx = withFieldPath(ctx, fc, path)
	}
	res, err := next(ctx)
	if err != nil || res == nil || len(fc.Field.Selections) == 0 || fc.Field.Definition == nil ||
		strings.HasPrefix(fc.Field.Definition.Type.Name(), "__") { // introspection loads nothing
		return res, err
	}
	if !fc.IsResolver && !h.loadsBelow(fc.Field) {
		return res, nil // a plain field with nothing to load below it (an answer's question)
	}
	if path == "" {
		path = pathKey(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	if h.visited(oc, path) {
		return res, nil
	}
	r.walk(ctx, h, oc, path, fc.Field.Definition.Type.Name(), fc.Field.Selections, flatten(reflect.ValueOf(res)))
	return res, nil
}

// maxPasses bounds the collecting passes of one field (a resolver loading in a chain longer than
// this falls back to loading its remaining keys one by one).
const maxPasses = 6

// walk primes the loaders of the fields selected on parents, which are of GraphQL type typeName
// at path, and goes on into their children. Sibling fields are independent and walk concurrently.
func (r *Resolver) walk(ctx context.Context, h *loaderHolder, oc *graphql.OperationContext, path, typeName string, sel ast.SelectionSet, parents []any) {
	if len(parents) == 0 {
		return
	}
	var wg sync.WaitGroup
	for _, f := range graphql.CollectFields(oc, sel, []string{typeName}) {
		if f.Definition == nil || strings.HasPrefix(f.Name, "__") {
			continue
		}
		wg.Add(1)
		go func(f graphql.CollectedField) {
			defer wg.Done()
			// Looking ahead is an optimisation: a panic here leaves the field to gqlgen, which
			// meets it again where it recovers and reports panics.
			defer func() { _ = recover() }()
			childPath := path + f.Alias + "."
			var kids []any
			if call := resolverCall(typeName, f.Name); call != nil {
				args, ok := call.args(f.Definition.Arguments, f.ArgumentMap(oc.Variables))
				if !ok {
					return
				}
				kids = r.prime(ctx, call, childPath, parents, args)
			} else if len(f.Selections) > 0 {
				if !h.loadsBelow(f) {
					return // nothing below loads: no need to read the children by reflection
				}
				var ok bool
				if kids, ok = plainField(parents, f.Name); !ok {
					return
				}
			} else {
				return // a plain scalar: nothing to load
			}
			h.visit(oc, childPath)
			if len(f.Selections) > 0 {
				r.walk(ctx, h, oc, childPath, f.Definition.Type.Name(), f.Selections, kids)
			}
		}(f)
	}
	wg.Wait()
}

// loadsBelow reports whether a resolver, which the look-ahead would prime, is selected anywhere
// under field. A plain field with none below it (an answer's question and its code) needs no
// walk: reading its values by reflection and finding its path for each of 500 answers was a
// tenth of a service's cases list. Kept per request, by the field of the query's document; the
// selections are the collected ones (a field selected twice has both parts).
func (h *loaderHolder) loadsBelow(field graphql.CollectedField) bool {
	h.mu.Lock()
	v, ok := h.below[field.Field]
	h.mu.Unlock()
	if ok {
		return v
	}
	v = field.Definition == nil || selectionLoads(field.Selections)
	h.mu.Lock()
	if h.below == nil {
		h.below = map[*ast.Field]bool{}
	}
	h.below[field.Field] = v
	h.mu.Unlock()
	return v
}

// selectionLoads reports whether sel holds a field with a resolver at any depth.
func selectionLoads(sel ast.SelectionSet) bool {
	return selection.Reaches(sel, func(f *ast.Field) bool {
		if f.Definition == nil || strings.HasPrefix(f.Name, "__") {
			return false
		}
		return f.ObjectDefinition == nil || resolverCall(f.ObjectDefinition.Name, f.Name) != nil
	})
}

// prime runs a field's resolver for every parent in collecting passes until nothing new is asked
// for, fetching each pass's keys in one statement per loader, and returns the children.
func (r *Resolver) prime(ctx context.Context, call *fieldCall, path string, parents []any, args []reflect.Value) []any {
	lctx := withLoaderPath(ctx, path)
	method := call.bind(r)
	for pass := 0; pass < maxPasses; pass++ {
		c := &collector{}
		cctx := withCollector(lctx, c)
		var kids []any
		for _, p := range parents {
			if v, err := call.call(cctx, method, p, args); err == nil {
				kids = append(kids, flatten(v)...)
			}
		}
		if c.empty() {
			return kids
		}
		c.flush(lctx)
	}
	return nil
}

// fieldCall is how to call the resolver of one field: r.<Type>().<Field>(ctx, parent, args...).
type fieldCall struct {
	root   int // method of *Resolver giving the type's resolver
	method int // method of that resolver interface
	parent reflect.Type
	params []reflect.Type // the field's arguments, in schema order
}

var fieldCalls sync.Map // "Type.field" → *fieldCall (nil: the field has no resolver)

var (
	resolverType = reflect.TypeOf(&Resolver{})
	ctxType      = reflect.TypeOf((*context.Context)(nil)).Elem()
	errType      = reflect.TypeOf((*error)(nil)).Elem()
	int64Type    = reflect.TypeOf(int64(0))
)

// resolverCall finds the resolver of typeName.field among the generated resolver interfaces.
func resolverCall(typeName, field string) *fieldCall {
	key := typeName + "." + field
	if c, ok := fieldCalls.Load(key); ok {
		return c.(*fieldCall)
	}
	var found *fieldCall
	for i := 0; i < resolverType.NumMethod(); i++ {
		m := resolverType.Method(i)
		if !strings.EqualFold(m.Name, typeName) || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 || m.Type.Out(0).Kind() != reflect.Interface {
			continue
		}
		it := m.Type.Out(0)
		for j := 0; j < it.NumMethod(); j++ {
			fm := it.Method(j)
			t := fm.Type
			if !strings.EqualFold(fm.Name, field) || t.NumIn() < 2 || t.In(0) != ctxType || t.NumOut() != 2 || t.Out(1) != errType {
				continue
			}
			found = &fieldCall{root: i, method: j, parent: t.In(1)}
			for k := 2; k < t.NumIn(); k++ {
				found.params = append(found.params, t.In(k))
			}
		}
	}
	fieldCalls.Store(key, found)
	return found
}

// args converts the field's arguments to the resolver's parameters. Only IDs are needed by the
// resolvers that load (the round of Service.submission and its kin); any other parameter type
// makes the field one the walk does not follow.
func (c *fieldCall) args(defs ast.ArgumentDefinitionList, values map[string]any) ([]reflect.Value, bool) {
	if len(defs) != len(c.params) {
		return nil, false
	}
	out := make([]reflect.Value, len(defs))
	for i, d := range defs {
		v, set := values[d.Name]
		switch c.params[i] {
		case int64Type:
			id, err := scalars.UnmarshalInt64ID(v)
			if err != nil {
				return nil, false
			}
			out[i] = reflect.ValueOf(id)
		case reflect.PointerTo(int64Type):
			if !set || v == nil {
				out[i] = reflect.Zero(c.params[i])
				continue
			}
			id, err := scalars.UnmarshalInt64ID(v)
			if err != nil {
				return nil, false
			}
			out[i] = reflect.ValueOf(&id)
		default:
			return nil, false
		}
	}
	return out, true
}

// bind is the resolver method of the field, bound once for all the parents of a pass:
// r.<Type>().<Field>.
func (c *fieldCall) bind(r *Resolver) reflect.Value {
	return reflect.ValueOf(r).Method(c.root).Call(nil)[0].Method(c.method)
}

// call runs the resolver method for one parent. A panic is an error here: gqlgen meets it again
// when it resolves the field, and reports it there.
func (c *fieldCall) call(ctx context.Context, method reflect.Value, parent any, args []reflect.Value) (v reflect.Value, err error) {
	pv := reflect.ValueOf(parent)
	if !pv.IsValid() || !pv.Type().AssignableTo(c.parent) {
		return reflect.Value{}, fmt.Errorf("look-ahead: %T is not %s", parent, c.parent)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("look-ahead: resolver panicked: %v", p)
		}
	}()
	in := make([]reflect.Value, 0, 2+len(args))
	in = append(in, reflect.ValueOf(ctx), pv)
	out := method.Call(append(in, args...))
	if e, _ := out[1].Interface().(error); e != nil {
		return reflect.Value{}, e
	}
	return out[0], nil
}

// plainField reads a field without a resolver from every parent, as gqlgen binds it: an exported
// Go field of the same name (any case), or else a method of that name without arguments.
func plainField(parents []any, name string) ([]any, bool) {
	var kids []any
	for _, p := range parents {
		v := reflect.ValueOf(p)
		if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return nil, false
		}
		s := v.Elem()
		if sf, ok := s.Type().FieldByNameFunc(func(n string) bool { return strings.EqualFold(n, name) }); ok && sf.IsExported() {
			f, err := s.FieldByIndexErr(sf.Index)
			if err != nil {
				return nil, false
			}
			kids = append(kids, flatten(f)...)
			continue
		}
		m := methodByFold(v, name)
		if !m.IsValid() || m.Type().NumIn() != 0 || m.Type().NumOut() != 1 {
			return nil, false
		}
		kids = append(kids, flatten(m.Call(nil)[0])...)
	}
	return kids, true
}

func methodByFold(v reflect.Value, name string) reflect.Value {
	t := v.Type()
	for i := 0; i < t.NumMethod(); i++ {
		if strings.EqualFold(t.Method(i).Name, name) {
			return v.Method(i)
		}
	}
	return reflect.Value{}
}

// flatten lists the objects in a resolved value as gqlgen hands them to the child resolvers:
// pointers to structs (an element of a slice by its address).
func flatten(v reflect.Value) []any {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return nil
		}
		return []any{v.Interface()}
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return flatten(v.Elem())
	case reflect.Struct:
		if v.CanAddr() {
			return []any{v.Addr().Interface()}
		}
		p := reflect.New(v.Type())
		p.Elem().Set(v)
		return []any{p.Interface()}
	case reflect.Slice, reflect.Array:
		out := make([]any, 0, v.Len())
		for i := 0; i < v.Len(); i++ {
			out = append(out, flatten(v.Index(i))...)
		}
		return out
	}
	return nil
}
