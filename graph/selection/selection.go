// Package selection walks a query's selection sets, for what the server asks of the fields below
// one before it resolves it: whether any of them loads (graph's look-ahead) or can make a list's
// items wait (graph/inorder).
package selection

import "github.com/vektah/gqlparser/v2/ast"

// Reaches reports whether sel, at any depth and through fragments, holds a field for which stop
// is true. A deferred fragment, a fragment whose definition is unknown, or a selection of another
// kind counts as reached: callers skip work when nothing is reached, and skipping wrongly would
// cost a wrong answer where not skipping costs only time.
func Reaches(sel ast.SelectionSet, stop func(*ast.Field) bool) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if stop(s) || (len(s.SelectionSet) > 0 && Reaches(s.SelectionSet, stop)) {
				return true
			}
		case *ast.InlineFragment:
			if deferred(s.Directives) || Reaches(s.SelectionSet, stop) {
				return true
			}
		case *ast.FragmentSpread:
			if deferred(s.Directives) || s.Definition == nil || Reaches(s.Definition.SelectionSet, stop) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

func deferred(directives ast.DirectiveList) bool {
	return directives.ForName("defer") != nil
}
