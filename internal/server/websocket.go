package server

import (
	"bytes"
	"context"
	"encoding/json"
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
	authenticate func(ctx context.Context, payload map[string]any) (*auth.Caller, error)

	mu      sync.Mutex
	conns   map[*wsConn]struct{}
	closing bool
}

var _ graphql.Transport = (*wsTransport)(nil)

func (t *wsTransport) Supports(r *http.Request) bool { return r.Header.Get("Upgrade") != "" }

// Do accepts a websocket and serves it until it closes.
func (t *wsTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ws, err := websocket.Accept(w, r, &t.accept)
	if err != nil {
		return // Accept has answered (403 for a foreign origin, 426/400 for a bad upgrade)
	}
	if ws.Subprotocol() != wsSubprotocol {
		_ = ws.Close(closeSubprotocol, "Subprotocol not acceptable")
		return
	}
	ws.SetReadLimit(1 << 20)
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	defer cancel()
	c := &wsConn{t: t, ws: ws, exec: exec, ctx: ctx, cancel: cancel, headers: r.Header, ops: map[string]*wsOp{}}
	c.lastSeen.Store(time.Now().UnixNano())
	if !t.add(c) {
		_ = ws.Close(closeGoingAway, "Server is shutting down")
		return
	}
	defer t.remove(c)
	c.serve()
}

func (t *wsTransport) add(c *wsConn) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closing {
		return false
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
	t       *wsTransport
	ws      *websocket.Conn
	exec    graphql.GraphExecutor
	headers http.Header
	cancel  context.CancelFunc

	mu           sync.Mutex // guards what follows, and orders writes against completion
	ctx          context.Context
	initReceived bool
	acked        bool
	ops          map[string]*wsOp
	closed       bool
	dying        bool // closing because the client fell behind: streams end without complete
	stopWatch    func()
	timer        *time.Timer
	lastSeen     atomic.Int64
}

type wsOp struct{ cancel context.CancelFunc }

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
		return c.init(payload)
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
		return c.subscribe(id, params)
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
			op.cancel()
		}
		return true
	default:
		c.close(closeInvalidMessage, "Invalid message received")
		return false
	}
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
	c.timer = time.AfterFunc(c.t.pingInterval, c.ping)
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
	if c.closed {
		return
	}
	if c.writeLocked(wsOut{Type: "ping"}) {
		c.timer.Reset(c.t.pingInterval)
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
	// Each operation has its own loaders (see graph.useEventLoaders) and learns when its
	// subscriber fell too far behind.
	ctx := graph.WithLoaders(c.ctx, c.t.store)
	ctx = graph.WithOverflow(ctx, c.overflow)
	ctx, cancel := context.WithCancel(ctx)
	op := &wsOp{cancel: cancel}
	c.ops[id] = op
	c.mu.Unlock()

	start := graphql.Now()
	params.Headers = c.headers
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
		cancel()
		if !active {
			return true
		}
		return c.sendErrors(id, resp.Errors)
	}
	go c.run(id, op, ctx, rc)
	return true
}

// run executes one operation: every result as next, then complete (unless the client completed
// it first, or the socket is closing).
func (c *wsConn) run(id string, op *wsOp, ctx context.Context, rc *graphql.OperationContext) {
	defer op.cancel()
	responses, ctx := c.exec.DispatchOperation(graphql.WithOperationContext(ctx, rc), rc)
	for {
		resp := responses(ctx)
		if resp == nil {
			break
		}
		b, err := json.Marshal(resp)
		if err != nil {
			break
		}
		c.mu.Lock()
		if c.ops[id] != op || c.closed {
			c.mu.Unlock()
			return
		}
		ok := c.writeLocked(wsOut{ID: id, Type: "next", Payload: json.RawMessage(b)})
		c.mu.Unlock()
		if !ok || rc.Operation == nil || rc.Operation.Operation != ast.Subscription {
			break
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ops[id] != op {
		return
	}
	delete(c.ops, id)
	if !c.closed && !c.dying {
		c.writeLocked(wsOut{ID: id, Type: "complete"})
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
	c.mu.Lock()
	c.dying = true
	c.mu.Unlock()
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
		op.cancel()
	}
	if stop != nil {
		stop()
	}
	_ = c.ws.Close(code, reason)
	c.cancel()
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
