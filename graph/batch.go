package graph

import (
	"context"
	"sync"
	"time"
)

// Batcher collects the keys asked for by concurrently running resolvers and fetches them in one
// call. Unlike a fixed time window it waits until keys stop arriving (batchIdle without a new key,
// at most batchMaxWait in all), so a level of the graph with a thousand items still becomes one
// statement on a busy machine. Results are cached for the life of the batcher (one request, or
// one subscription event).
type Batcher[K comparable, V any] struct {
	fetch func(ctx context.Context, keys []K) (map[K]V, error)

	mu      sync.Mutex
	cache   map[K]*result[V]
	pending []K
	waiting map[K]*result[V]
	ctx     context.Context
	first   time.Time
	last    time.Time
	timer   *time.Timer
}

type result[V any] struct {
	done chan struct{}
	val  V
	err  error
}

const (
	batchIdle    = 3 * time.Millisecond
	batchMaxWait = 250 * time.Millisecond
)

// NewBatcher returns a batcher around fetch, which returns the values found by key (missing keys
// give the zero value).
func NewBatcher[K comparable, V any](fetch func(ctx context.Context, keys []K) (map[K]V, error)) *Batcher[K, V] {
	return &Batcher[K, V]{fetch: fetch, cache: map[K]*result[V]{}}
}

// Load returns the value of key, fetched together with every other key asked for meanwhile.
func (b *Batcher[K, V]) Load(ctx context.Context, key K) (V, error) {
	b.mu.Lock()
	r, ok := b.cache[key]
	if !ok {
		r = &result[V]{done: make(chan struct{})}
		b.cache[key] = r
		b.pending = append(b.pending, key)
		now := time.Now()
		b.last = now
		if b.timer == nil {
			b.ctx, b.first = context.WithoutCancel(ctx), now
			b.timer = time.AfterFunc(batchIdle, b.tick)
		}
	}
	b.mu.Unlock()
	select {
	case <-r.done:
		return r.val, r.err
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}

// tick fires the batch once keys have stopped arriving, or waits a little longer.
func (b *Batcher[K, V]) tick() {
	b.mu.Lock()
	now := time.Now()
	if idle := now.Sub(b.last); idle < batchIdle && now.Sub(b.first) < batchMaxWait {
		b.timer.Reset(batchIdle - idle)
		b.mu.Unlock()
		return
	}
	keys, ctx := b.pending, b.ctx
	b.pending, b.timer = nil, nil
	results := make([]*result[V], len(keys))
	for i, k := range keys {
		results[i] = b.cache[k]
	}
	b.mu.Unlock()

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
	if err != nil {
		// A failed fetch is not remembered: the next request (or retry) asks again.
		b.mu.Lock()
		for _, k := range keys {
			delete(b.cache, k)
		}
		b.mu.Unlock()
	}
}
