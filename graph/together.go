package graph

import (
	"context"
	"fmt"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/egenkontroll/egenkontroll/internal/store"
)

// together runs a root field's read and the checks that decide whether it may answer at the same
// time, instead of one after the other: each is a round trip to PostgreSQL, and on a busy
// machine a request's time is mostly waiting for its turn in each. The read is scoped by itself
// (the store takes the caller's scope), so running it before the checks have passed shows
// nothing; the first failing check, in the order given, is the answer, as when they ran first.
// Every part always runs, so the number of statements is the same on every run.
func together[T any](ctx context.Context, read func(context.Context) (T, error), checks ...func(context.Context) error) (T, error) {
	errs := make([]error, len(checks))
	var wg sync.WaitGroup
	for i, check := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { // a check's panic is an error here, not the end of the process
				if p := recover(); p != nil {
					errs[i] = fmt.Errorf("check panicked: %v", p)
				}
			}()
			errs[i] = check(ctx)
		}()
	}
	v, err := read(ctx)
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			var zero T
			return zero, e
		}
	}
	return v, err
}

// serviceCheck is visibleService as a check for together.
func (r *Resolver) serviceCheck(id int64) func(context.Context) error {
	return func(ctx context.Context) error { _, err := r.visibleService(ctx, id); return err }
}

// roundCheck is roundExists as a check for together.
func (r *Resolver) roundCheck(id int64) func(context.Context) error {
	return func(ctx context.Context) error { return r.roundExists(ctx, id) }
}

// answersAhead reads the answers the query asks of a case while the case itself is read (with
// together), instead of a round trip later, when the look-ahead would ask for them once the case
// is back. The answers' read is scoped by itself (the store takes the caller's scope), so reading
// them before the case is known to be visible shows nothing. It always answers nil: an error of
// the read stays with the answers, for their field to report.
func answersAhead(caseID int64) func(context.Context) error {
	return func(ctx context.Context) error {
		for _, l := range answersLoaders(ctx) {
			l.Answers.Prime(ctx, []int64{caseID})
		}
		return nil
	}
}

// answersLoaders are the loaders of the answers fields the query selects under the field being
// resolved (one per alias), as the look-ahead finds them.
func answersLoaders(ctx context.Context) []*Loaders {
	var out []*Loaders
	base := pathKey(ctx)
	for _, f := range graphql.CollectFieldsCtx(ctx, []string{"Case"}) {
		if f.Name == "answers" {
			out = append(out, loadersFrom(withLoaderPath(ctx, base+f.Alias+".")))
		}
	}
	return out
}

// listAnswersAhead reads the answers of every case of a service's round, and their questions,
// while a cases list reads the cases (with together), for the same reason as answersAhead. fill
// then hands each listed case its answers (none for a case without), so the look-ahead finds
// them all and reads nothing more; after a failed read it hands nothing, and the look-ahead reads
// them as it would have.
type listAnswersAhead struct {
	store   *store.Store
	set     store.CaseSet
	loaders []*Loaders
	answers map[int64][]store.Answer
}

func (a *listAnswersAhead) read(ctx context.Context) error {
	if a.loaders = answersLoaders(ctx); len(a.loaders) == 0 {
		return nil
	}
	// After a failed read a.answers stays nil: the look-ahead reads them again, and reports the
	// error where it belongs.
	rows, err := answersWithQuestions(ctx, a.store, a.set)
	a.answers, _ = groupBy(nil, rows, err, answerCase)
	return nil
}

func (a *listAnswersAhead) fill(cases []store.Case) {
	if a.answers == nil {
		return
	}
	for _, l := range a.loaders {
		for _, c := range cases {
			rows := a.answers[c.ID]
			if rows == nil {
				rows = []store.Answer{}
			}
			l.Answers.Put(c.ID, rows)
		}
	}
}
