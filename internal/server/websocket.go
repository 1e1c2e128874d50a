package server

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/coder/websocket"

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

// Supports takes every upgrade request; Do refuses a wrong subprotocol with 4406.
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

// Unwrap lets http.ResponseController reach the underlying writer.
func (s smallBuffers) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Hijack takes over the connection with small buffers, keeping bytes the client already sent.
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
