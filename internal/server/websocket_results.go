package server

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// shapeOf names what decides an operation's result for a given event: the document, operation
// and variables, and the caller's kind, role, organisation and language (not who they are: no
// field answers differently for two people with the same role in the same organisation).
func shapeOf(ctx context.Context, rc *graphql.OperationContext) string {
	vars, _ := json.Marshal(rc.Variables) // map keys sorted
	c := auth.From(ctx)
	return fmt.Sprintf("%s\x00%s\x00%s\x00%s/%s/%d/%d\x00%s", rc.RawQuery, rc.OperationName, vars,
		c.Kind, c.Role, c.OfficeID, c.ServiceID, domain.LangFrom(ctx))
}

// resultCache keeps the result of the latest events for each shape, so that an event is resolved
// once per shape whatever the number of subscribers.
type resultCache struct {
	mu      sync.Mutex
	entries map[resultKey]*resultEntry
	newest  int64
}

type resultKey struct {
	shape string
	seq   int64
}

type resultEntry struct {
	done    chan struct{}
	payload []byte
}

const resultWindow = 64 // events whose results are kept

// get returns the result of event seq for shape: resolved by resolve (which reads the event from
// the stream) if it is the first, else the same bytes, after skip took the event from the stream.
func (rc *resultCache) get(shape string, seq int64, resolve func() []byte, skip func()) []byte {
	k := resultKey{shape, seq}
	rc.mu.Lock()
	if rc.entries == nil {
		rc.entries = map[resultKey]*resultEntry{}
	}
	e, ok := rc.entries[k]
	if !ok {
		e = &resultEntry{done: make(chan struct{})}
		rc.entries[k] = e
		if seq > rc.newest {
			rc.newest = seq
			// Keep the results of the latest events; with very many shapes (every resuming client
			// has its own `after`), only those of the newest.
			window := int64(resultWindow)
			if len(rc.entries) > 64*resultWindow {
				window = 1
			}
			if len(rc.entries) > 8*resultWindow {
				for k := range rc.entries {
					if k.seq < rc.newest-window {
						delete(rc.entries, k)
					}
				}
			}
		}
	}
	rc.mu.Unlock()
	if !ok {
		e.payload = resolve()
		close(e.done)
		if e.payload == nil { // not resolved (cancelled): let the next one try
			rc.mu.Lock()
			delete(rc.entries, k)
			rc.mu.Unlock()
		}
		return e.payload
	}
	<-e.done
	if e.payload == nil || skip == nil {
		return resolve()
	}
	skip()
	return e.payload
}
