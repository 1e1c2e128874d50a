package graph

import (
	"context"
	"errors"
	"sync"
	"testing"
)

// TestBatcher checks the batcher's rules without a database: collecting records keys and fetches
// nothing, a flush fetches each loader's keys in one call, cached keys are never fetched again,
// a key nobody primed is fetched at once, and errors are kept like values.
func TestBatcher(t *testing.T) {
	type call []int
	var mu sync.Mutex
	var calls []call
	fail := false
	b := NewBatcher(func(_ context.Context, keys []int) (map[int]string, error) {
		mu.Lock()
		calls = append(calls, append(call(nil), keys...))
		mu.Unlock()
		if fail {
			return nil, errors.New("boom")
		}
		out := map[int]string{}
		for _, k := range keys {
			if k != 404 {
				out[k] = string(rune('a' + k))
			}
		}
		return out, nil
	})
	ctx := context.Background()

	// A collecting pass over a level: every load gives up and records its key.
	c := &collector{}
	cctx := withCollector(ctx, c)
	for _, k := range []int{1, 2, 1, 3} {
		if _, err := b.Load(cctx, k); !errors.Is(err, errCollecting) {
			t.Fatalf("collecting load of %d: %v, want errCollecting", k, err)
		}
	}
	if _, err := b.LoadMany(cctx, []int{4, 5}); !errors.Is(err, errCollecting) {
		t.Fatalf("collecting LoadMany: %v", err)
	}
	if len(calls) != 0 || c.empty() {
		t.Fatalf("collecting fetched %v (empty=%v)", calls, c.empty())
	}
	c.flush(ctx)
	if len(calls) != 1 || len(calls[0]) != 5 {
		t.Fatalf("flush made %v, want one call with the 5 distinct keys", calls)
	}

	// Once primed, the level resolves from the cache, collecting or not.
	c2 := &collector{}
	if v, err := b.Load(withCollector(ctx, c2), 2); err != nil || v != "c" || !c2.empty() {
		t.Fatalf("primed key while collecting: %q %v (empty=%v)", v, err, c2.empty())
	}
	vals, err := b.LoadMany(ctx, []int{3, 1, 5})
	if err != nil || vals[0] != "d" || vals[1] != "b" || vals[2] != "f" || len(calls) != 1 {
		t.Fatalf("cached LoadMany: %v %v, calls %v", vals, err, calls)
	}

	// A key nobody primed is fetched at once, alone; a missing row is the zero value.
	if v, err := b.Load(ctx, 404); err != nil || v != "" || len(calls) != 2 {
		t.Fatalf("unprimed missing key: %q %v, calls %v", v, err, calls)
	}
	// Prime fetches only what is not cached.
	b.Prime(ctx, []int{1, 2, 6, 7})
	if len(calls) != 3 || len(calls[2]) != 2 {
		t.Fatalf("prime fetched %v, want [6 7]", calls[len(calls)-1])
	}

	// An error is kept: every field asking gets it without asking the database again.
	fail = true
	for i := 0; i < 3; i++ {
		if _, err := b.Load(ctx, 99); err == nil || err.Error() != "boom" {
			t.Fatalf("failed fetch: %v", err)
		}
	}
	if len(calls) != 4 {
		t.Fatalf("a failed key was fetched %d times, want once", len(calls)-3)
	}
}
