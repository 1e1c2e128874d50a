package graph

import (
	"context"
	"errors"
	"sync"
)

// Batcher is a cache of rows by key in front of a fetch that takes many keys in one statement. It
// never waits for more keys to arrive: how many statements a request takes must not depend on
// timing. Instead the keys of a whole level of the graph are known before that level resolves:
// the look-ahead (lookahead.go) runs the child fields' resolvers in collecting mode first, which
// records the keys they ask for (one statement per loader, Prime), so that when gqlgen then resolves
// the children concurrently every Load is a cache hit. A key nobody primed is fetched at once on
// its own. Results, errors included, are kept for the life of the batcher (one request, or one
// subscription event).
type Batcher[K comparable, V any] struct {
	fetch func(ctx context.Context, keys []K) (map[K]V, error)

	mu    sync.Mutex
	cache map[K]*result[V]
}

type result[V any] struct {
	done chan struct{}
	val  V
	err  error
}

// NewBatcher returns a batcher around fetch, which returns the values found by key (missing keys
// give the zero value).
func NewBatcher[K comparable, V any](fetch func(ctx context.Context, keys []K) (map[K]V, error)) *Batcher[K, V] {
	return &Batcher[K, V]{fetch: fetch, cache: map[K]*result[V]{}}
}

// errCollecting is what a load answers while the look-ahead is collecting keys: the resolver gives
// up, the key is fetched with every other key of its level, and the resolver runs again.
var errCollecting = errors.New("look-ahead: collecting keys")

// Load returns the value of key: from the cache, or fetched at once.
func (b *Batcher[K, V]) Load(ctx context.Context, key K) (V, error) {
	vals, err := b.LoadMany(ctx, []K{key})
	if err != nil {
		var zero V
		return zero, err
	}
	return vals[0], nil
}

// LoadMany returns the values of keys in their order, fetching the ones not cached in one
// statement. While the look-ahead collects (ctx has a collector) it fetches nothing: it records
// the missing keys and answers errCollecting.
func (b *Batcher[K, V]) LoadMany(ctx context.Context, keys []K) ([]V, error) {
	c := collectorFrom(ctx)
	rs := make([]*result[V], len(keys))
	var missing []K
	var mine []*result[V]
	b.mu.Lock()
	for i, k := range keys {
		r, ok := b.cache[k]
		if !ok {
			missing = append(missing, k)
			if c != nil {
				continue
			}
			r = &result[V]{done: make(chan struct{})}
			b.cache[k] = r
			mine = append(mine, r)
		}
		rs[i] = r
	}
	b.mu.Unlock()
	if c != nil && len(missing) > 0 {
		collect(c, b, missing)
		return nil, errCollecting
	}
	if len(mine) > 0 {
		b.run(ctx, missing, mine)
	}
	out := make([]V, len(keys))
	for i, r := range rs {
		select {
		case <-r.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if r.err != nil {
			return nil, r.err
		}
		out[i] = r.val
	}
	return out, nil
}

// Prime fetches, in one statement, the keys not yet cached (or being fetched).
func (b *Batcher[K, V]) Prime(ctx context.Context, keys []K) {
	var missing []K
	var mine []*result[V]
	b.mu.Lock()
	for _, k := range keys {
		if _, ok := b.cache[k]; ok {
			continue
		}
		r := &result[V]{done: make(chan struct{})}
		b.cache[k] = r
		missing, mine = append(missing, k), append(mine, r)
	}
	b.mu.Unlock()
	if len(mine) > 0 {
		b.run(ctx, missing, mine)
	}
}

// Put settles key with value, unless the key is cached already (or being fetched): for rows read
// ahead by a query of their own (see together.go's answersAhead).
func (b *Batcher[K, V]) Put(key K, value V) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.cache[key]; ok {
		return
	}
	r := &result[V]{done: make(chan struct{}), val: value}
	close(r.done)
	b.cache[key] = r
}

// run fetches keys and settles their results. An error is kept like a value, so every field
// that asks gets the same answer instead of asking the database again, one by one.
func (b *Batcher[K, V]) run(ctx context.Context, keys []K, results []*result[V]) {
	found, err := b.fetch(ctx, keys)
	for i, k := range keys {
		r := results[i]
		if err != nil {
			r.err = err
		} else {
			r.val = found[k]
		}
		close(r.done)
	}
}

// collector gathers the keys asked for during one collecting pass of the look-ahead, per batcher,
// in the order first asked.
type collector struct {
	mu      sync.Mutex
	sets    map[any]any // batcher → *keySet of its key type
	flushes []func(context.Context)
}

type keySet[K comparable] struct {
	seen map[K]bool
	keys []K
}

type collectorKey struct{}

func withCollector(ctx context.Context, c *collector) context.Context {
	return context.WithValue(ctx, collectorKey{}, c)
}

func collectorFrom(ctx context.Context) *collector {
	c, _ := ctx.Value(collectorKey{}).(*collector)
	return c
}

func collect[K comparable, V any](c *collector, b *Batcher[K, V], keys []K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sets == nil {
		c.sets = map[any]any{}
	}
	set, ok := c.sets[b].(*keySet[K])
	if !ok {
		set = &keySet[K]{seen: map[K]bool{}}
		c.sets[b] = set
		c.flushes = append(c.flushes, func(ctx context.Context) { b.Prime(ctx, set.keys) })
	}
	for _, k := range keys {
		if !set.seen[k] {
			set.seen[k] = true
			set.keys = append(set.keys, k)
		}
	}
}

// empty reports whether the pass asked for nothing that was not cached.
func (c *collector) empty() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.flushes) == 0
}

// flush fetches what the pass collected: one statement per batcher asked.
func (c *collector) flush(ctx context.Context) {
	c.mu.Lock()
	flushes := c.flushes
	c.mu.Unlock()
	for _, f := range flushes {
		f(ctx)
	}
}
