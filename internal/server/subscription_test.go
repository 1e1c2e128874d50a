package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// wsClient speaks the graphql-transport-ws protocol.
type wsClient struct {
	t    *testing.T
	conn *websocket.Conn
	ctx  context.Context
}

type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

func dialWS(t *testing.T, ctx context.Context, baseURL, token string) *wsClient {
	t.Helper()
	url := "ws" + strings.TrimPrefix(baseURL, "http") + "/graphql"
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatalf("dial websocket: %v", err)
	}
	c := &wsClient{t: t, conn: conn, ctx: ctx}
	init, _ := json.Marshal(map[string]string{"Authorization": "Bearer " + token})
	c.send(wsMessage{Type: "connection_init", Payload: init})
	if m := c.next(5 * time.Second); m == nil || m.Type != "connection_ack" {
		t.Fatalf("expected connection_ack, got %+v", m)
	}
	return c
}

func (c *wsClient) send(m wsMessage) {
	b, _ := json.Marshal(m)
	if err := c.conn.Write(c.ctx, websocket.MessageText, b); err != nil {
		c.t.Fatalf("websocket write: %v", err)
	}
}

// next returns the next non-ping message, or nil after the timeout.
func (c *wsClient) next(timeout time.Duration) *wsMessage {
	ctx, cancel := context.WithTimeout(c.ctx, timeout)
	defer cancel()
	for {
		_, b, err := c.conn.Read(ctx)
		if err != nil {
			return nil
		}
		var m wsMessage
		if err := json.Unmarshal(b, &m); err != nil {
			c.t.Fatalf("bad message %s", b)
		}
		if m.Type == "ping" {
			c.send(wsMessage{Type: "pong"})
			continue
		}
		return &m
	}
}

// TestSubscriptionAcrossInstances subscribes on one server instance and changes data through a
// second instance on the same database: the event must travel through PostgreSQL LISTEN/NOTIFY.
func TestSubscriptionAcrossInstances(t *testing.T) {
	dsn := newDatabase(t, false)
	a := startInstance(t, dsn, nil)
	b := startInstance(t, dsn, nil)
	analyst := a.analyst(t)
	r2 := roundID(t, analyst, 2)

	var data struct {
		Services struct {
			Nodes []struct {
				ID     string
				Office struct{ ID string }
			}
		}
	}
	analyst.mustQuery(t, `{ services(first: 500) { nodes { id office { id } } } }`, nil, &data)
	office := data.Services.Nodes[0].Office.ID
	var inOffice, elsewhere []string
	for _, s := range data.Services.Nodes {
		if s.Office.ID == office {
			inOffice = append(inOffice, s.ID)
		} else {
			elsewhere = append(elsewhere, s.ID)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ws := dialWS(t, ctx, a.URL, a.newToken(t, 0, 0))
	defer ws.conn.Close(websocket.StatusNormalClosure, "")
	sub, _ := json.Marshal(map[string]any{
		"query":     `subscription($r: ID!, $o: ID) { submissionStatusChanged(roundId: $r, officeId: $o) { previousStatus status at submission { status service { id office { id } } } } }`,
		"variables": map[string]any{"r": r2, "o": office},
	})
	ws.send(wsMessage{ID: "1", Type: "subscribe", Payload: sub})

	// The subscription becomes active asynchronously; keep making changes (through instance B)
	// until one is seen, first in another office (must be filtered out), then in this one.
	mutated := map[string]bool{}
	for i := 0; i < len(inOffice) && i < 8; i++ {
		b.leader(t, elsewhere[i]).mustQuery(t, createCase, map[string]any{"s": elsewhere[i], "r": r2, "d": 1}, nil)
		b.leader(t, inOffice[i]).mustQuery(t, createCase, map[string]any{"s": inOffice[i], "r": r2, "d": 1}, nil)
		mutated[inOffice[i]] = true
		m := ws.next(2 * time.Second)
		if m == nil {
			continue
		}
		if m.Type != "next" {
			t.Fatalf("unexpected message %+v", m)
		}
		var ev struct {
			Data struct {
				SubmissionStatusChanged struct {
					PreviousStatus, Status string
					Submission             struct {
						Status  string
						Service struct {
							ID     string
							Office struct{ ID string }
						}
					}
				}
			}
		}
		if err := json.Unmarshal(m.Payload, &ev); err != nil {
			t.Fatal(err)
		}
		e := ev.Data.SubmissionStatusChanged
		if e.Submission.Service.Office.ID != office {
			t.Fatalf("event from another office leaked through the filter: %+v", e)
		}
		if !mutated[e.Submission.Service.ID] || e.PreviousStatus != "NOT_STARTED" || e.Status != "IN_PROGRESS" || e.Submission.Status != "IN_PROGRESS" {
			t.Fatalf("unexpected event %+v", e)
		}
		return
	}
	t.Fatal("no status event reached the subscriber on the other instance")
}

// TestSubscriptionUnknownRound refuses a subscription to a round that does not exist.
func TestSubscriptionUnknownRound(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ws := dialWS(t, ctx, in.URL, in.newToken(t, 0, 0))
	defer ws.conn.Close(websocket.StatusNormalClosure, "")
	sub, _ := json.Marshal(map[string]any{"query": `subscription { submissionStatusChanged(roundId: "999999") { status } }`})
	ws.send(wsMessage{ID: "1", Type: "subscribe", Payload: sub})
	m := ws.next(5 * time.Second)
	if m == nil || (m.Type != "error" && m.Type != "next") || !strings.Contains(string(m.Payload), "NOT_FOUND") {
		t.Fatalf("expected a NOT_FOUND error, got %+v", m)
	}
}

// TestWebsocketOrigin refuses upgrades from origins outside the allow-list.
func TestWebsocketOrigin(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	url := "ws" + strings.TrimPrefix(in.URL, "http") + "/graphql"
	_, res, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"},
		HTTPHeader: http.Header{"Origin": []string{"https://evil.example.com"}}})
	if err == nil || res == nil || res.StatusCode != http.StatusForbidden {
		t.Fatalf("upgrade from a foreign origin must be refused with 403, got %v %v", res, err)
	}
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"},
		HTTPHeader: http.Header{"Origin": []string{"https://bi.example.no"}}})
	if err != nil {
		t.Fatalf("upgrade from an allowed origin: %v", err)
	}
	conn.Close(websocket.StatusNormalClosure, "")
}

// TestSubscriptionScopes: the policy is checked for every event. An advisor hears only of the
// office's services, a service user only of its own service, even when asking for more.
func TestSubscriptionScopes(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	r2 := roundID(t, a, 2)
	var data struct {
		Services struct {
			Nodes []struct {
				ID     string
				Office struct{ ID string }
			}
		}
	}
	a.mustQuery(t, `{ services(first: 500) { nodes { id office { id } } } }`, nil, &data)
	byOffice := map[string][]string{}
	for _, s := range data.Services.Nodes {
		byOffice[s.Office.ID] = append(byOffice[s.Office.ID], s.ID)
	}
	var officeA, officeB string
	for o, ids := range byOffice {
		if len(ids) >= 2 && officeA == "" {
			officeA = o
		} else if officeB == "" && o != officeA {
			officeB = o
		}
	}
	ownService, neighbour, far := byOffice[officeA][0], byOffice[officeA][1], byOffice[officeB][0]

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	subscribe := func(c *instance, vars map[string]any) *wsClient {
		u, _ := http.NewRequest(http.MethodGet, in.URL, nil)
		h := http.Header{}
		for _, ck := range c.client.Jar.Cookies(u.URL) {
			h.Add("Cookie", ck.Name+"="+ck.Value)
		}
		conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(in.URL, "http")+"/graphql",
			&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: h})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close(websocket.StatusNormalClosure, "") })
		ws := &wsClient{t: t, conn: conn, ctx: ctx}
		ws.send(wsMessage{Type: "connection_init", Payload: json.RawMessage(`{}`)})
		if m := ws.next(5 * time.Second); m == nil || m.Type != "connection_ack" {
			t.Fatalf("no ack: %+v", m)
		}
		p, _ := json.Marshal(map[string]any{"query": `subscription($r: ID!, $o: ID) { submissionStatusChanged(roundId: $r, officeId: $o) { submission { service { id } } } }`, "variables": vars})
		ws.send(wsMessage{ID: "1", Type: "subscribe", Payload: p})
		return ws
	}
	advisor := subscribe(in.advisor(t, officeA), map[string]any{"r": r2})
	staff := subscribe(in.staff(t, ownService), map[string]any{"r": r2, "o": officeA})
	time.Sleep(500 * time.Millisecond) // let both subscriptions start

	for _, svc := range []string{far, neighbour, ownService} {
		in.leader(t, svc).mustQuery(t, createCase, map[string]any{"s": svc, "r": r2, "d": 1}, nil)
	}
	heard := func(ws *wsClient) []string {
		var ids []string
		for {
			m := ws.next(1500 * time.Millisecond)
			if m == nil {
				return ids
			}
			var ev struct {
				Data struct {
					SubmissionStatusChanged struct {
						Submission struct{ Service struct{ ID string } }
					}
				}
			}
			_ = json.Unmarshal(m.Payload, &ev)
			ids = append(ids, ev.Data.SubmissionStatusChanged.Submission.Service.ID)
		}
	}
	if got := heard(advisor); len(got) != 2 || contains(got, far) {
		t.Errorf("the advisor heard %v; want the two services of the office (%s, %s), not %s", got, neighbour, ownService, far)
	}
	if got := heard(staff); len(got) != 1 || got[0] != ownService {
		t.Errorf("the service user heard %v; want only its own service %s", got, ownService)
	}
}

// TestSubscriptionEndsWithCredentials: a subscriber whose token is revoked hears nothing more, and
// the stream completes; the same policy holds for a disabled account's session (store.CallerStillValid).
func TestSubscriptionEndsWithCredentials(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	analyst := in.analyst(t)
	r2 := roundID(t, analyst, 2)
	var data struct {
		Services struct{ Nodes []struct{ ID string } }
	}
	analyst.mustQuery(t, `{ services(first: 20) { nodes { id } } }`, nil, &data)

	tok, secret, err := in.Store.CreateToken(system, store.TokenInput{Name: "to be revoked"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ws := dialWS(t, ctx, in.URL, secret)
	defer ws.conn.Close(websocket.StatusNormalClosure, "")
	sub, _ := json.Marshal(map[string]any{"query": `subscription($r: ID!) { submissionStatusChanged(roundId: $r) { status } }`, "variables": map[string]any{"r": r2}})
	ws.send(wsMessage{ID: "1", Type: "subscribe", Payload: sub})
	receive, closeCode := readMessages(ctx, ws)

	// The subscription starts asynchronously: change forms until one event is heard.
	services := data.Services.Nodes
	heard, next := false, 0
	for ; next < len(services)/2 && !heard; next++ {
		in.leader(t, services[next].ID).mustQuery(t, createCase, map[string]any{"s": services[next].ID, "r": r2, "d": 1}, nil)
		m := receive(2 * time.Second)
		heard = m != nil && m.Type == "next"
	}
	if !heard {
		t.Fatal("the subscriber heard no event before the revocation")
	}
	for receive(500*time.Millisecond) != nil { // drain what the loop above caused
	}

	if _, err := in.Store.RevokeToken(system, tok.ID); err != nil {
		t.Fatal(err)
	}
	// The revocation reaches the socket by its own notification: it closes with 4403 Forbidden
	// (no query per event), and no event arrives after it.
	in.leader(t, services[next].ID).mustQuery(t, createCase, map[string]any{"s": services[next].ID, "r": r2, "d": 1}, nil)
	for {
		m := receive(3 * time.Second)
		if m == nil {
			break
		}
		if m.Type == "next" {
			t.Fatalf("a revoked token still hears events: %s", m.Payload)
		}
	}
	if code := *closeCode; code != 4403 {
		t.Fatalf("the socket of a revoked token closed with %d, want 4403", code)
	}
}

// readMessages reads the websocket in one goroutine for the whole test (a read that times out
// would close the websocket), answering pings. receive waits for the next message: nil after wait,
// or once the socket closed, with its close code then in closeCode.
func readMessages(ctx context.Context, ws *wsClient) (receive func(wait time.Duration) *wsMessage, closeCode *websocket.StatusCode) {
	messages := make(chan *wsMessage, 64)
	closeCode = new(websocket.StatusCode)
	*closeCode = -1
	go func() {
		defer close(messages)
		for {
			_, b, err := ws.conn.Read(ctx)
			if err != nil {
				*closeCode = websocket.CloseStatus(err)
				return
			}
			var m wsMessage
			_ = json.Unmarshal(b, &m)
			if m.Type == "ping" {
				ws.send(wsMessage{Type: "pong"})
				continue
			}
			messages <- &m
		}
	}()
	receive = func(wait time.Duration) *wsMessage {
		select {
		case m, ok := <-messages:
			if !ok {
				return nil
			}
			return m
		case <-time.After(wait):
			return nil
		}
	}
	return receive, closeCode
}

// TestCallerStillValid checks the credentials check behind it for sessions and tokens.
func TestCallerStillValid(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	u, err := in.Store.CreateUser(system, store.UserInput{Username: "still.valid", DisplayName: "Still Valid", Role: auth.RoleNationalAnalyst,
		Password: "correct horse battery staple"})
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := in.Store.Login(system, "still.valid", "correct horse battery staple", "test")
	if err != nil {
		t.Fatal(err)
	}
	c := u.Caller(auth.HashSecret(secret))
	valid := func() bool {
		ok, err := in.Store.CallerStillValid(system, c)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !valid() {
		t.Fatal("a live session is not valid")
	}
	yes := true
	if _, err := in.Store.UpdateUser(system, u.ID, store.UserChange{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	if valid() {
		t.Fatal("a disabled account's session is still valid")
	}
}
