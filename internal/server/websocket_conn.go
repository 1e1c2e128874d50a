package server

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

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
