package server

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/egenkontroll/egenkontroll/graph"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// wsOp is one operation. A subscription has no goroutine of its own while it waits: the broker
// signals (graph.StreamDriver) when an event is ready, and a short-lived goroutine sends it.
type wsOp struct {
	id        string
	cancel    context.CancelFunc
	ctx       context.Context
	rc        *graphql.OperationContext
	responses graphql.ResponseHandler
	streaming atomic.Bool
	skip      func() // takes the next event from the stream without resolving it
	stop      func() // ends the stream
	shape     string // query, variables and caller: who gets the same result for the same event
	// pending counts the signals not yet handled, plus one held by whoever runs the operation; the
	// goroutine that raises it from zero handles them.
	pending atomic.Int64
	qmu     sync.Mutex
	queue   []int64 // the sequences signalled and not yet sent, in stream order (0: the end)
	ended   bool
}

// end cancels the operation and ends its stream.
func (op *wsOp) end() {
	op.cancel()
	op.qmu.Lock()
	stop := op.stop
	op.ended, op.stop = true, nil
	op.qmu.Unlock()
	if stop != nil {
		stop()
	}
}

// started records the stream of a subscription that has begun (and ends it at once if the
// operation ended meanwhile).
func (op *wsOp) started(skip, stop func()) {
	op.qmu.Lock()
	ended := op.ended
	op.skip = skip
	if !ended {
		op.stop = stop
	}
	op.qmu.Unlock()
	if ended {
		stop()
		return
	}
	op.streaming.Store(true)
}

func (c *wsConn) subscribe(id string, params graphql.RawParams) bool {
	c.mu.Lock()
	if !c.acked {
		c.mu.Unlock()
		c.close(closeUnauthorized, "Unauthorized")
		return false
	}
	if _, dup := c.ops[id]; dup {
		c.mu.Unlock()
		reason := "Subscriber for " + id + " already exists"
		if len(reason) > 120 {
			reason = "Subscriber already exists"
		}
		c.close(closeSubscriberExists, reason)
		return false
	}
	if len(c.ops) >= c.t.maxOps {
		c.mu.Unlock()
		return c.sendErrors(id, gqlerror.List{{Message: "Too many operations on one connection; complete some first.",
			Extensions: map[string]any{"code": string(domain.CodeRateLimited)}}})
	}
	// Each operation has its own loaders (see graph.useEventLoaders) and its stream driver.
	op := &wsOp{id: id}
	op.pending.Store(1) // held by this goroutine until the operation has started
	ctx := graph.WithLoaders(c.ctx, c.t.store)
	ctx = graph.WithStreamDriver(ctx, &graph.StreamDriver{
		Started: op.started,
		Ready: func(seq int64) {
			op.qmu.Lock()
			op.queue = append(op.queue, seq)
			op.qmu.Unlock()
			c.ready(op)
		},
		Overflow: c.overflow,
	})
	ctx, op.cancel = context.WithCancel(ctx)
	c.ops[id] = op
	c.mu.Unlock()

	start := graphql.Now()
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	ctx = graphql.StartOperationTrace(ctx)
	rc, errs := c.exec.CreateOperationContext(ctx, &params)
	if errs != nil {
		// Validation and other request errors: an error message ends the operation.
		resp := c.exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		c.mu.Lock()
		active := c.ops[id] == op
		if active {
			delete(c.ops, id)
		}
		c.mu.Unlock()
		op.end()
		if !active {
			return true
		}
		return c.sendErrors(id, resp.Errors)
	}
	op.rc = rc
	op.shape = shapeOf(c.ctx, rc)
	// Runs the resolver: a subscription registers with the broker (and says Started).
	op.responses, op.ctx = c.exec.DispatchOperation(graphql.WithOperationContext(ctx, rc), rc)
	if !op.streaming.Load() || rc.Operation == nil || rc.Operation.Operation != ast.Subscription {
		// A query, a mutation, or a subscription that failed to start: its results now.
		go c.runToEnd(op)
		return true
	}
	if op.pending.Add(-1) > 0 {
		go c.drain(op) // events arrived while it started
	}
	return true
}

// ready is the broker's signal that op has an event (or its end) to read without waiting.
func (c *wsConn) ready(op *wsOp) {
	if op.pending.Add(1) == 1 {
		go c.drain(op)
	}
}

// drain sends op's ready events, one per signal, until none is left. An event is resolved once
// for every operation of the same shape (results): the others send the same bytes.
func (c *wsConn) drain(op *wsOp) {
	for {
		op.qmu.Lock()
		var seq int64
		if len(op.queue) > 0 {
			seq = op.queue[0]
			op.queue = op.queue[1:]
			if len(op.queue) == 0 {
				op.queue = nil
			}
		}
		op.qmu.Unlock()
		var payload []byte
		if seq == 0 {
			if resp := op.responses(op.ctx); resp != nil { // the end: nil, unless cancelled meanwhile
				payload, _ = json.Marshal(resp)
			}
		} else {
			payload = c.t.results.get(op.shape, seq, func() []byte {
				if resp := op.responses(op.ctx); resp != nil {
					b, _ := json.Marshal(resp)
					return b
				}
				return nil
			}, op.skip)
		}
		if payload == nil {
			c.finish(op)
			return
		}
		if !c.sendPayload(op, payload) {
			return
		}
		if op.pending.Add(-1) == 0 {
			return
		}
	}
}

// runToEnd sends every result of an operation that does not wait for events, then completes it.
func (c *wsConn) runToEnd(op *wsOp) {
	for {
		resp := op.responses(op.ctx)
		if resp == nil || !c.sendNext(op, resp) {
			break
		}
		if op.rc.Operation == nil || op.rc.Operation.Operation != ast.Subscription {
			break
		}
	}
	c.finish(op)
}

// sendNext sends one result, unless the client completed the operation or the socket closes.
func (c *wsConn) sendNext(op *wsOp, resp *graphql.Response) bool {
	b, err := json.Marshal(resp)
	if err != nil {
		return false
	}
	return c.sendPayload(op, b)
}

// sendPayload sends a next message with an encoded result (the same bytes for every subscriber
// of a shape: only the envelope is per socket, and it is not encoded again).
func (c *wsConn) sendPayload(op *wsOp, payload []byte) bool {
	id, _ := json.Marshal(op.id)
	msg := make([]byte, 0, len(id)+len(payload)+32)
	msg = append(append(append(msg, `{"id":`...), id...), `,"type":"next","payload":`...)
	msg = append(append(msg, payload...), '}')
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ops[op.id] != op || c.closed {
		return false
	}
	return c.writeBytesLocked(msg)
}

// finish ends an operation: complete, unless the client completed it first or the socket closes.
func (c *wsConn) finish(op *wsOp) {
	op.end()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ops[op.id] != op {
		return
	}
	delete(c.ops, op.id)
	if !c.closed && !c.dying.Load() {
		c.writeLocked(wsOut{ID: op.id, Type: "complete"})
	}
}
