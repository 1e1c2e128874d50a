package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/egenkontroll/egenkontroll/graph"
	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// The GraphQL over WebSocket protocol (graphql-transport-ws, github.com/enisdenjo/graphql-ws
// PROTOCOL.md), to the letter: the close codes below, authentication at connection_init (an
// anonymous or refused socket is closed with 4403 and never acknowledged), one live operation per
// id, no message of an operation after the client completed it, and 1001 when the server shuts down.
const wsSubprotocol = "graphql-transport-ws"

// Close codes of the protocol.
const (
	closeInvalidMessage      websocket.StatusCode = 4400
	closeUnauthorized        websocket.StatusCode = 4401 // subscribe before the connection is acknowledged
	closeForbidden           websocket.StatusCode = 4403 // connection_init refused, or credentials ended
	closeSubprotocol         websocket.StatusCode = 4406
	closeInitTimeout         websocket.StatusCode = 4408
	closeSubscriberExists    websocket.StatusCode = 4409
	closeTooManyInitRequests websocket.StatusCode = 4429
	closeGoingAway           websocket.StatusCode = 1001 // the server shuts down
	closeTryAgainLater       websocket.StatusCode = 1013 // authentication unavailable, or the client fell behind
)

// wsTransport serves graphql-transport-ws on /graphql.
type wsTransport struct {
	store        *store.Store
	broker       *store.Broker
	accept       websocket.AcceptOptions
	initTimeout  time.Duration
	pingInterval time.Duration
	maxOps       int
	results      resultCache
	authenticate func(ctx context.Context, payload map[string]any) (*auth.Caller, error)

	mu      sync.Mutex
	conns   map[*wsConn]struct{}
	closing bool
	pinging bool
}

var _ graphql.Transport = (*wsTransport)(nil)

func (t *wsTransport) Supports(r *http.Request) bool { return r.Header.Get("Upgrade") != "" }

// Do accepts a websocket and serves it until it closes.
func (t *wsTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ws, err := websocket.Accept(smallBuffers{w}, r, &t.accept)
	if err != nil {
		return // Accept has answered (403 for a foreign origin, 426/400 for a bad upgrade)
	}
	if ws.Subprotocol() != wsSubprotocol {
		_ = ws.Close(closeSubprotocol, "Subprotocol not acceptable")
		return
	}
	ws.SetReadLimit(1 << 20)
	// The connection keeps only what its operations need from the upgrade request (its caller,
	// language and client address), not the request itself: an idle socket should cost little.
	rctx := r.Context()
	ctx := domain.WithLang(context.Background(), domain.LangFrom(rctx))
	ctx = auth.WithCaller(ctx, auth.From(rctx))
	ctx = auth.WithClientAddr(ctx, auth.ClientAddrFrom(rctx))
	// Not cancellable: closing the socket ends its reads, and each operation has its own cancel.
	c := &wsConn{t: t, ws: ws, exec: exec, ctx: ctx, ops: map[string]*wsOp{}}
	c.lastSeen.Store(time.Now().UnixNano())
	if !t.add(c) {
		_ = ws.Close(closeGoingAway, "Server is shutting down")
		return
	}
	// The handler returns and a fresh goroutine reads the socket: its stack stays shallow while
	// the socket is idle, instead of the HTTP handler chain's.
	go func() {
		defer t.remove(c)
		c.serve()
	}()
}

// smallBuffers hands the websocket library smaller read and write buffers than net/http's 4 KB
// each: messages here are small, and an idle subscriber should cost little memory.
type smallBuffers struct{ http.ResponseWriter }

func (s smallBuffers) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s smallBuffers) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(s.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	// Bytes the client sent right after its upgrade request are already buffered: keep them.
	pending, _ := brw.Peek(brw.Reader.Buffered())
	pending = bytes.Clone(pending)
	r := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(pending), conn), max(256, len(pending)))
	if len(pending) > 0 {
		_, _ = r.Peek(len(pending))
	}
	return conn, bufio.NewReadWriter(r, bufio.NewWriterSize(conn, 512)), nil
}

func (t *wsTransport) add(c *wsConn) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closing {
		return false
	}
	if !t.pinging {
		t.pinging = true
		go t.pinger()
	}
	t.conns[c] = struct{}{}
	return true
}

func (t *wsTransport) remove(c *wsConn) {
	t.mu.Lock()
	delete(t.conns, c)
	t.mu.Unlock()
}

// shutdown closes every socket with 1001 Going Away; clients reconnect to another instance (and
// resume with `after`).
func (t *wsTransport) shutdown() {
	t.mu.Lock()
	t.closing = true
	conns := make([]*wsConn, 0, len(t.conns))
	for c := range t.conns {
		conns = append(conns, c)
	}
	t.mu.Unlock()
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func() { defer wg.Done(); c.close(closeGoingAway, "Server is shutting down") }()
	}
	wg.Wait()
}

// wsConn is one socket.
type wsConn struct {
	t    *wsTransport
	ws   *websocket.Conn
	exec graphql.GraphExecutor

	mu           sync.Mutex // guards what follows, and orders writes against completion
	ctx          context.Context
	initReceived bool
	acked        bool
	ops          map[string]*wsOp
	closed       bool
	stopWatch    func()
	timer        *time.Timer
	lastSeen     atomic.Int64
	dying        atomic.Bool // closing because the client fell behind: streams end without complete
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

// wsIn is a message from the client. Fields are raw so that their types can be checked.
type wsIn struct {
	Type    *string         `json:"type"`
	ID      json.RawMessage `json:"id"`
	Payload json.RawMessage `json:"payload"`
}

type wsOut struct {
	ID      string `json:"id,omitempty"`
	Type    string `json:"type"`
	Payload any    `json:"payload,omitempty"`
}

func (c *wsConn) serve() {
	c.mu.Lock()
	c.timer = time.AfterFunc(c.t.initTimeout, func() {
		c.mu.Lock()
		late := !c.initReceived
		c.mu.Unlock()
		if late {
			c.close(closeInitTimeout, "Connection initialisation timeout")
		}
	})
	c.mu.Unlock()
	for {
		typ, b, err := c.ws.Read(c.ctx)
		if err != nil {
			c.close(websocket.StatusNormalClosure, "")
			return
		}
		c.lastSeen.Store(time.Now().UnixNano())
		if typ != websocket.MessageText {
			c.close(closeInvalidMessage, "Invalid message received")
			return
		}
		if !c.handle(b) {
			return
		}
	}
}

// handle acts on one message; false when the socket was closed.
func (c *wsConn) handle(b []byte) bool {
	var m wsIn
	if err := json.Unmarshal(b, &m); err != nil || m.Type == nil {
		c.close(closeInvalidMessage, "Invalid message received")
		return false
	}
	switch *m.Type {
	case "connection_init":
		payload, ok := optionalObject(m.Payload)
		if !ok {
			c.close(closeInvalidMessage, "Invalid message received")
			return false
		}
		return offStack(func() bool { return c.init(payload) })
	case "ping":
		if _, ok := optionalObject(m.Payload); !ok {
			c.close(closeInvalidMessage, "Invalid message received")
			return false
		}
		out := wsOut{Type: "pong"}
		if len(m.Payload) > 0 && !bytes.Equal(bytes.TrimSpace(m.Payload), []byte("null")) {
			out.Payload = m.Payload
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.writeLocked(out)
	case "pong":
		if _, ok := optionalObject(m.Payload); !ok {
			c.close(closeInvalidMessage, "Invalid message received")
			return false
		}
		return true
	case "subscribe":
		id, ok := operationID(m.ID)
		var params graphql.RawParams
		if ok {
			params, ok = subscribePayload(m.Payload)
		}
		if !ok {
			c.close(closeInvalidMessage, "Invalid message received")
			return false
		}
		return offStack(func() bool { return c.subscribe(id, params) })
	case "complete":
		id, ok := operationID(m.ID)
		if !ok {
			c.close(closeInvalidMessage, "Invalid message received")
			return false
		}
		c.mu.Lock()
		op := c.ops[id]
		delete(c.ops, id)
		c.mu.Unlock()
		if op != nil {
			op.end()
		}
		return true
	default:
		c.close(closeInvalidMessage, "Invalid message received")
		return false
	}
}

// offStack runs f on a goroutine of its own and waits for it, so that the deep stack of its work
// (a database query, validating and starting an operation) is not kept by the reading goroutine.
func offStack(f func() bool) bool {
	done := make(chan bool, 1)
	go func() { done <- f() }()
	return <-done
}

// init authenticates the socket: a token in the payload, or else the session cookie (or bearer
// header) of the upgrade request. Anything else is refused with 4403 and never acknowledged.
func (c *wsConn) init(payload map[string]any) bool {
	c.mu.Lock()
	if c.initReceived {
		c.mu.Unlock()
		c.close(closeTooManyInitRequests, "Too many initialisation requests")
		return false
	}
	c.initReceived = true
	ctx := c.ctx
	c.mu.Unlock()

	caller, err := c.t.authenticate(ctx, payload)
	if err != nil {
		if _, ok := domain.AsError(err); ok {
			c.close(closeForbidden, "Forbidden")
		} else {
			c.close(closeTryAgainLater, "Authentication is unavailable; try again later")
		}
		return false
	}
	if caller == nil {
		caller = auth.From(ctx)
	}
	if !caller.Signed() {
		c.close(closeForbidden, "Forbidden")
		return false
	}
	stop := c.t.broker.WatchCredentials(caller, func() { c.close(closeForbidden, "Forbidden") })
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		stop()
		return false
	}
	c.ctx = auth.WithCaller(ctx, caller)
	c.stopWatch = stop
	c.acked = true
	c.timer.Stop()
	c.timer = nil
	return c.writeLocked(wsOut{Type: "connection_ack"})
}

// ping keeps the socket alive and notices a client that stopped answering.
func (c *wsConn) ping() {
	if time.Since(time.Unix(0, c.lastSeen.Load())) > 3*c.t.pingInterval {
		c.close(closeGoingAway, "No pong received")
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || !c.acked {
		return
	}
	c.writeLocked(wsOut{Type: "ping"})
}

// pinger pings every acknowledged socket each interval: one ticker for all of them, rather than
// a timer per socket.
func (t *wsTransport) pinger() {
	tick := time.NewTicker(t.pingInterval)
	defer tick.Stop()
	for range tick.C {
		t.mu.Lock()
		if t.closing {
			t.mu.Unlock()
			return
		}
		conns := make([]*wsConn, 0, len(t.conns))
		for c := range t.conns {
			conns = append(conns, c)
		}
		t.mu.Unlock()
		for _, c := range conns {
			go c.ping()
		}
	}
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

func (c *wsConn) sendErrors(id string, errs gqlerror.List) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if errs == nil {
		errs = gqlerror.List{}
	}
	return c.writeLocked(wsOut{ID: id, Type: "error", Payload: errs})
}

// overflow is called by the broker (under its lock: it must not block) when a subscription fell
// too far behind: the socket closes with 1013, and the client reconnects and resumes.
func (c *wsConn) overflow() {
	c.dying.Store(true)
	go c.close(closeTryAgainLater, "Too far behind; resume with after")
}

// writeLocked writes one message (c.mu held); false if the socket failed and is being closed.
func (c *wsConn) writeLocked(m wsOut) bool {
	if c.closed {
		return false
	}
	b, err := json.Marshal(m)
	if err != nil {
		return false
	}
	return c.writeBytesLocked(b)
}

// writeBytesLocked writes one encoded message (c.mu held).
func (c *wsConn) writeBytesLocked(b []byte) bool {
	if c.closed {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, b); err != nil {
		go c.close(websocket.StatusInternalError, "")
		return false
	}
	return true
}

// close ends every operation and closes the socket with code (once).
func (c *wsConn) close(code websocket.StatusCode, reason string) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	ops := c.ops
	c.ops = map[string]*wsOp{}
	stop := c.stopWatch
	if c.timer != nil {
		c.timer.Stop()
	}
	c.mu.Unlock()
	for _, op := range ops {
		op.end()
	}
	if stop != nil {
		stop()
	}
	_ = c.ws.Close(code, reason)
}

// optionalObject reads an optional object payload (absent, null or {...}).
func optionalObject(raw json.RawMessage) (map[string]any, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, true
	}
	if raw[0] != '{' {
		return nil, false
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, false
	}
	return m, true
}

// operationID reads a message's id: a non-empty string.
func operationID(raw json.RawMessage) (string, bool) {
	var id string
	if err := json.Unmarshal(raw, &id); err != nil || id == "" {
		return "", false
	}
	return id, true
}

// subscribePayload reads a subscribe payload: query a string; operationName a string or null;
// variables and extensions objects or null.
func subscribePayload(raw json.RawMessage) (graphql.RawParams, bool) {
	var p struct {
		Query         *string         `json:"query"`
		OperationName json.RawMessage `json:"operationName"`
		Variables     json.RawMessage `json:"variables"`
		Extensions    json.RawMessage `json:"extensions"`
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &p) != nil || p.Query == nil {
		return graphql.RawParams{}, false
	}
	out := graphql.RawParams{Query: *p.Query}
	if len(p.OperationName) > 0 && !bytes.Equal(p.OperationName, []byte("null")) {
		if json.Unmarshal(p.OperationName, &out.OperationName) != nil {
			return out, false
		}
	}
	var ok bool
	if out.Variables, ok = jsonObject(p.Variables); !ok {
		return out, false
	}
	if out.Extensions, ok = jsonObject(p.Extensions); !ok {
		return out, false
	}
	return out, true
}

// jsonObject decodes an optional JSON object with numbers kept as json.Number (as gqlgen does).
func jsonObject(raw json.RawMessage) (map[string]any, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, true
	}
	if raw[0] != '{' {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, false
	}
	return m, true
}

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
