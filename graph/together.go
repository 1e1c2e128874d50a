package graph

import (
	"context"
	"fmt"
	"sync"
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
