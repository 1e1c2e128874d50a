package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// rawWS opens a socket without connection_init.
func rawWS(t *testing.T, ctx context.Context, baseURL string, protocols []string, h http.Header) *wsClient {
	t.Helper()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(baseURL, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: protocols, HTTPHeader: h})
	if err != nil {
		t.Fatalf("dial websocket: %v", err)
	}
	t.Cleanup(func() { conn.CloseNow() })
	return &wsClient{t: t, conn: conn, ctx: ctx}
}

func (c *wsClient) sendRaw(s string) {
	if err := c.conn.Write(c.ctx, websocket.MessageText, []byte(s)); err != nil {
		c.t.Fatalf("websocket write: %v", err)
	}
}

// closedWith reads until the socket closes and returns the close code (-1 if it stayed open), failing
// on any message of a type in refused.
func (c *wsClient) closedWith(wait time.Duration, refused ...string) websocket.StatusCode {
	ctx, cancel := context.WithTimeout(c.ctx, wait)
	defer cancel()
	for {
		_, b, err := c.conn.Read(ctx)
		if err != nil {
			if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
				return -1
			}
			return websocket.CloseStatus(err)
		}
		var m wsMessage
		_ = json.Unmarshal(b, &m)
		for _, r := range refused {
			if m.Type == r {
				c.t.Fatalf("unexpected %s before the close: %s", r, b)
			}
		}
	}
}

// cookieHeader carries a signed-in client's session cookie to a websocket upgrade.
func cookieHeader(in *instance) http.Header {
	u, _ := http.NewRequest(http.MethodGet, in.URL, nil)
	h := http.Header{}
	for _, ck := range in.client.Jar.Cookies(u.URL) {
		h.Add("Cookie", ck.Name+"="+ck.Value)
	}
	return h
}

// TestWebsocketProtocol: every close code of graphql-transport-ws, from a raw client.
func TestWebsocketProtocol(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	fast := startCustom(t, in, server.Config{Limits: testLimits, WebsocketInitTimeout: 300 * time.Millisecond})
	token := in.newToken(t, 0, 0)
	analyst := in.analyst(t)
	r2 := roundID(t, analyst, 2)
	initMsg := `{"type":"connection_init","payload":{"Authorization":"Bearer ` + token + `"}}`
	sub := func(id string) string {
		return `{"id":"` + id + `","type":"subscribe","payload":{"query":"subscription S($r: ID!) { submissionStatusChanged(roundId: $r) { status } }","operationName":"S","variables":{"r":"` + r2 + `"},"extensions":{}}}`
	}
	proto := []string{"graphql-transport-ws"}
	cases := []struct {
		name      string
		url       string
		protocols []string
		header    http.Header
		messages  []string // sent in order; "ACK" waits for connection_ack
		code      websocket.StatusCode
		refused   []string
	}{
		{"invalid JSON", in.URL, proto, nil, []string{`{"type":`}, 4400, nil},
		{"invalid JSON after init", in.URL, proto, nil, []string{initMsg, "ACK", `not json`}, 4400, nil},
		{"no type", in.URL, proto, nil, []string{`{"payload":{}}`}, 4400, nil},
		{"unknown type after init", in.URL, proto, nil, []string{initMsg, "ACK", `{"type":"hello"}`}, 4400, nil},
		{"server message from the client", in.URL, proto, nil, []string{initMsg, "ACK", `{"type":"connection_ack"}`}, 4400, nil},
		{"next from the client", in.URL, proto, nil, []string{initMsg, "ACK", `{"id":"1","type":"next","payload":{}}`}, 4400, nil},
		{"init payload not an object", in.URL, proto, nil, []string{`{"type":"connection_init","payload":"x"}`}, 4400, []string{"connection_ack"}},
		{"subscribe without id", in.URL, proto, nil, []string{initMsg, "ACK", `{"type":"subscribe","payload":{"query":"{ __typename }"}}`}, 4400, nil},
		{"subscribe with an empty id", in.URL, proto, nil, []string{initMsg, "ACK", `{"id":"","type":"subscribe","payload":{"query":"{ __typename }"}}`}, 4400, nil},
		{"subscribe without query", in.URL, proto, nil, []string{initMsg, "ACK", `{"id":"1","type":"subscribe","payload":{}}`}, 4400, nil},
		{"subscribe with variables not an object", in.URL, proto, nil, []string{initMsg, "ACK", `{"id":"1","type":"subscribe","payload":{"query":"{ __typename }","variables":[1]}}`}, 4400, nil},
		{"complete without id", in.URL, proto, nil, []string{initMsg, "ACK", `{"type":"complete"}`}, 4400, nil},
		{"subscribe before init", in.URL, proto, nil, []string{sub("1")}, 4401, []string{"next"}},
		{"anonymous init", in.URL, proto, nil, []string{`{"type":"connection_init"}`}, 4403, []string{"connection_ack"}},
		{"invalid token", in.URL, proto, nil, []string{`{"type":"connection_init","payload":{"Authorization":"Bearer ekt_nope"}}`}, 4403, []string{"connection_ack"}},
		{"empty authToken", in.URL, proto, nil, []string{`{"type":"connection_init","payload":{"authToken":""}}`}, 4403, []string{"connection_ack"}},
		{"init timeout", fast.URL, proto, nil, nil, 4408, nil},
		{"ping does not count as init", fast.URL, proto, nil, []string{`{"type":"ping"}`}, 4408, []string{"connection_ack"}},
		{"duplicate subscriber id", in.URL, proto, nil, []string{initMsg, "ACK", sub("same"), sub("same")}, 4409, nil},
		{"second init", in.URL, proto, nil, []string{initMsg, "ACK", initMsg}, 4429, nil},
		{"second init before ack is read", in.URL, proto, nil, []string{initMsg, initMsg}, 4429, nil},
		{"other subprotocol", in.URL, []string{"graphql-ws"}, nil, nil, 4406, nil},
		{"no subprotocol", in.URL, nil, nil, nil, 4406, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			ws := rawWS(t, ctx, c.url, c.protocols, c.header)
			for _, m := range c.messages {
				if m == "ACK" {
					if got := ws.next(5 * time.Second); got == nil || got.Type != "connection_ack" {
						t.Fatalf("expected connection_ack, got %+v", got)
					}
					continue
				}
				ws.sendRaw(m)
			}
			if got := ws.closedWith(5*time.Second, c.refused...); got != c.code {
				t.Fatalf("closed with %d, want %d", got, c.code)
			}
		})
	}
}

// TestWebsocketSessionCookie: a browser authenticates with the session cookie of the upgrade and
// an empty connection_init (what the web app's graphql-ws client sends); ping works before init.
func TestWebsocketSessionCookie(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	analyst := in.analyst(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ws := rawWS(t, ctx, in.URL, []string{"graphql-transport-ws"}, cookieHeader(analyst))
	ws.sendRaw(`{"type":"ping","payload":{"n":1}}`)
	if m := ws.nextRaw(5 * time.Second); m == nil || m.Type != "pong" || string(m.Payload) != `{"n":1}` {
		t.Fatalf("ping before init: want pong with the payload, got %+v", m)
	}
	ws.sendRaw(`{"type":"connection_init"}`)
	if m := ws.next(5 * time.Second); m == nil || m.Type != "connection_ack" {
		t.Fatalf("expected connection_ack, got %+v", m)
	}
	// A query over the socket answers next, then complete.
	ws.sendRaw(`{"id":"q","type":"subscribe","payload":{"query":"{ rounds { number } }"}}`)
	if m := ws.next(5 * time.Second); m == nil || m.Type != "next" || m.ID != "q" || !strings.Contains(string(m.Payload), `"number"`) {
		t.Fatalf("expected next with data, got %+v", m)
	}
	if m := ws.next(5 * time.Second); m == nil || m.Type != "complete" || m.ID != "q" {
		t.Fatalf("expected complete, got %+v", m)
	}
	// A validation error is an error message, and ends the operation (the id is free again).
	ws.sendRaw(`{"id":"q","type":"subscribe","payload":{"query":"{ nope }"}}`)
	if m := ws.next(5 * time.Second); m == nil || m.Type != "error" || m.ID != "q" || !strings.HasPrefix(string(m.Payload), "[") {
		t.Fatalf("expected an error message with a list of errors, got %+v", m)
	}
	ws.sendRaw(`{"id":"q","type":"subscribe","payload":{"query":"{ __typename }"}}`)
	if m := ws.next(5 * time.Second); m == nil || m.Type != "next" {
		t.Fatalf("the id of an ended operation can be used again, got %+v", m)
	}
}

// nextRaw returns the next message, pings included.
func (c *wsClient) nextRaw(timeout time.Duration) *wsMessage {
	ctx, cancel := context.WithTimeout(c.ctx, timeout)
	defer cancel()
	_, b, err := c.conn.Read(ctx)
	if err != nil {
		return nil
	}
	var m wsMessage
	if err := json.Unmarshal(b, &m); err != nil {
		c.t.Fatalf("bad message %s", b)
	}
	return &m
}

// TestWebsocketCompleteStopsDelivery: after the client's complete, nothing more of that operation
// arrives, while another operation on the socket goes on; the id can then be used again.
func TestWebsocketCompleteStopsDelivery(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	analyst := in.analyst(t)
	r2 := roundID(t, analyst, 2)
	var data struct {
		Services struct{ Nodes []struct{ ID string } }
	}
	analyst.mustQuery(t, `{ services(first: 20) { nodes { id } } }`, nil, &data)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ws := dialWS(t, ctx, in.URL, in.newToken(t, 0, 0))
	subscribe := func(id string) {
		ws.sendRaw(`{"id":"` + id + `","type":"subscribe","payload":{"query":"subscription($r: ID!) { submissionStatusChanged(roundId: $r) { sequence status } }","variables":{"r":"` + r2 + `"}}}`)
	}
	rd := ws.reader()
	subscribe("a")
	subscribe("b")
	waitForSubscribers(t, in, 2)
	change := 0
	mutate := func() {
		s := data.Services.Nodes[change].ID
		change++
		in.leader(t, s).mustQuery(t, createCase, map[string]any{"s": s, "r": r2, "d": 1}, nil)
	}
	heard := func() map[string]int {
		got := map[string]int{}
		for {
			m := rd.next(1500 * time.Millisecond)
			if m == nil {
				return got
			}
			if m.Type != "next" {
				t.Fatalf("unexpected %+v", m)
			}
			got[m.ID]++
		}
	}
	mutate()
	if got := heard(); got["a"] != 1 || got["b"] != 1 {
		t.Fatalf("before complete: heard %v, want one event on each", got)
	}
	ws.sendRaw(`{"id":"a","type":"complete"}`)
	mutate()
	mutate()
	if got := heard(); got["a"] != 0 || got["b"] != 2 {
		t.Fatalf("after complete of a: heard %v, want nothing on a and two on b", got)
	}
	subscribe("a") // the id is free again: no 4409
	waitForSubscribers(t, in, 2)
	mutate()
	if got := heard(); got["a"] != 1 || got["b"] != 1 {
		t.Fatalf("after subscribing a again: heard %v", got)
	}
}

// wsReader reads a socket on its own goroutine, so that waiting for a message with a timeout
// does not close the socket (a read whose context ends does).
type wsReader struct {
	msgs chan *wsMessage
	done chan struct{}
	code websocket.StatusCode
}

func (c *wsClient) reader() *wsReader {
	r := &wsReader{msgs: make(chan *wsMessage, 1024), done: make(chan struct{}), code: -1}
	go func() {
		defer close(r.done)
		defer close(r.msgs)
		for {
			_, b, err := c.conn.Read(c.ctx)
			if err != nil {
				r.code = websocket.CloseStatus(err)
				return
			}
			var m wsMessage
			_ = json.Unmarshal(b, &m)
			if m.Type == "ping" {
				_ = c.conn.Write(c.ctx, websocket.MessageText, []byte(`{"type":"pong"}`))
				continue
			}
			r.msgs <- &m
		}
	}()
	return r
}

// next returns the next message, or nil after the timeout or when the socket closed.
func (r *wsReader) next(timeout time.Duration) *wsMessage {
	select {
	case m := <-r.msgs:
		return m
	case <-time.After(timeout):
		return nil
	}
}

// waitForSubscribers waits until the instance's broker has n live subscriptions.
func waitForSubscribers(t *testing.T, in *instance, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for in.broker.Stats().Subscribers != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d subscribers, want %d", in.broker.Stats().Subscribers, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestWebsocketShutdown: sockets close with 1001 Going Away when the server shuts down, and a new
// upgrade is refused the same way.
func TestWebsocketShutdown(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ws := dialWS(t, ctx, in.URL, in.newToken(t, 0, 0))
	in.srv.CloseWebsockets()
	if got := ws.closedWith(5 * time.Second); got != websocket.StatusGoingAway {
		t.Fatalf("closed with %d at shutdown, want 1001", got)
	}
	late := rawWS(t, ctx, in.URL, []string{"graphql-transport-ws"}, nil)
	if got := late.closedWith(5 * time.Second); got != websocket.StatusGoingAway {
		t.Fatalf("an upgrade during shutdown closed with %d, want 1001", got)
	}
}

// TestFanOutStatementsConstant: one status change costs the same SQL statements whether 4 or 40
// sockets listen, at most 5 (resolved once per event and scope, filtered in memory, credentials not
// checked per event), and every socket hears it.
func TestFanOutStatementsConstant(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	analyst := in.analyst(t)
	r2 := roundID(t, analyst, 2)
	rid, _ := strconv.ParseInt(r2, 10, 64)
	var data struct {
		Services struct {
			Nodes []struct {
				ID     string
				Office struct{ ID string }
			}
		}
	}
	analyst.mustQuery(t, `{ services(first: 20) { nodes { id office { id } } } }`, nil, &data)
	officeID, _ := strconv.ParseInt(data.Services.Nodes[0].Office.ID, 10, 64)
	var services []int64
	for _, s := range data.Services.Nodes {
		if s.Office.ID == data.Services.Nodes[0].Office.ID {
			id, _ := strconv.ParseInt(s.ID, 10, 64)
			services = append(services, id)
		}
	}
	if len(services) < 2 {
		t.Fatal("need two services of one office")
	}
	// Two scopes: the nation and the office of the changed services.
	national, office := in.newToken(t, 0, 0), in.newToken(t, officeID, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	measure := func(n int, service int64) int64 {
		var clients []*wsClient
		var readers []*wsReader
		for i := range n {
			tok := national
			if i%2 == 1 {
				tok = office
			}
			ws := dialWS(t, ctx, in.URL, tok)
			readers = append(readers, ws.reader())
			clients = append(clients, ws)
			ws.sendRaw(`{"id":"s","type":"subscribe","payload":{"query":"subscription($r: ID!) { submissionStatusChanged(roundId: $r) { sequence status submission { id status service { name } } } }","variables":{"r":"` + r2 + `"}}}`)
		}
		waitForSubscribers(t, in, n)
		before := store.TotalStatements()
		wctx, writer := store.WithCounter(system)
		if _, err := in.Store.CreateCase(wctx, service, rid, store.CaseFields{}); err != nil {
			t.Fatal(err)
		}
		for i, rd := range readers {
			m := rd.next(10 * time.Second)
			if m == nil || m.Type != "next" || !strings.Contains(string(m.Payload), `"IN_PROGRESS"`) {
				t.Fatalf("socket %d of %d: %+v", i, n, m)
			}
		}
		fanout := store.TotalStatements() - before - writer.Count()
		for _, ws := range clients {
			ws.conn.Close(websocket.StatusNormalClosure, "")
		}
		waitForSubscribers(t, in, 0)
		return fanout
	}
	few, many := measure(4, services[0]), measure(40, services[1])
	t.Logf("statements per change: %d with 4 subscribers, %d with 40", few, many)
	if many > few || many > 5 {
		t.Errorf("one change cost %d statements with 4 subscribers and %d with 40; want the same, at most 5", few, many)
	}
}
