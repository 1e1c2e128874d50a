package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// RunWatcherClients is the child process: it reads its configuration from in, opens the sockets,
// subscribes, says "subscribed", and when every socket heard every event (or after a timeout)
// writes its report as one JSON line.
func RunWatcherClients(in io.Reader, out io.Writer) error {
	RaiseFileLimit()
	var cfg clientConfig
	if err := json.NewDecoder(in).Decode(&cfg); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t := &clientTally{expected: int64(cfg.N * cfg.Events), done: make(chan struct{})}
	conns, err := dialAll(ctx, cfg, t)
	if err != nil {
		return err
	}
	for _, c := range conns {
		go t.listen(ctx, c)
	}
	fmt.Fprintln(out, "subscribed")
	select {
	case <-t.done:
	case <-time.After(time.Duration(cfg.Events)*10*time.Second + time.Minute):
	}
	b, _ := json.Marshal(t.report())
	fmt.Fprintln(out, string(b))
	cancel()
	for _, c := range conns {
		_ = c.CloseNow()
	}
	return nil
}

// clientTally is what the child's sockets heard: each event's delivery time, and the events
// received, failed and heard twice; done is closed when every socket heard every event.
type clientTally struct {
	mu                          sync.Mutex
	lats                        []time.Duration
	received, failed, duplicate atomic.Int64
	expected                    int64
	done                        chan struct{}
	doneOnce                    sync.Once
}

// dialAll opens and subscribes cfg.N sockets, 64 at a time, the tokens taken in turn.
func dialAll(ctx context.Context, cfg clientConfig, t *clientTally) ([]*websocket.Conn, error) {
	conns := make([]*websocket.Conn, cfg.N)
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	var dialErr atomic.Value
	for i := range cfg.N {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := subscribeOne(ctx, cfg, cfg.Tokens[i%len(cfg.Tokens)])
			if err != nil {
				dialErr.Store(err)
				t.failed.Add(1)
				return
			}
			conns[i] = c
		}(i)
	}
	wg.Wait()
	if err, ok := dialErr.Load().(error); ok {
		return nil, fmt.Errorf("%d sockets failed: %w", t.failed.Load(), err)
	}
	return conns, nil
}

// listen reads one socket until ctx ends: it answers pings and times each event it hears.
func (t *clientTally) listen(ctx context.Context, c *websocket.Conn) {
	seen := map[string]bool{}
	for {
		_, b, err := c.Read(ctx)
		if err != nil {
			if ctx.Err() == nil {
				t.failed.Add(1)
			}
			return
		}
		now := time.Now()
		// The client shares the machine's cores with the server: it reads only the two
		// fields it needs instead of decoding the whole message.
		switch {
		case bytes.Contains(b, []byte(`"type":"ping"`)):
			_ = c.Write(ctx, websocket.MessageText, []byte(`{"type":"pong"}`))
		case bytes.Contains(b, []byte(`"type":"next"`)):
			seq, at := field(b, `"sequence":"`), field(b, `"at":"`)
			ts, err := time.Parse(time.RFC3339Nano, at)
			if seq == "" || err != nil {
				t.failed.Add(1)
				continue
			}
			if seen[seq] {
				t.duplicate.Add(1)
				continue
			}
			seen[seq] = true
			t.mu.Lock()
			t.lats = append(t.lats, now.Sub(ts))
			t.mu.Unlock()
			if t.received.Add(1) == t.expected {
				t.doneOnce.Do(func() { close(t.done) })
			}
		}
	}
}

// report sums up what was heard so far.
func (t *clientTally) report() clientReport {
	t.mu.Lock()
	defer t.mu.Unlock()
	lats := t.lats
	sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
	pct := func(p float64) float64 {
		if len(lats) == 0 {
			return 0
		}
		return float64(lats[int(p*float64(len(lats)-1))].Microseconds()) / 1000
	}
	return clientReport{Received: int(t.received.Load()), P50Ms: pct(0.5), P99Ms: pct(0.99), MaxMs: pct(1),
		Failed: int(t.failed.Load()), Duplicate: int(t.duplicate.Load())}
}

// field returns the string value after key in a JSON message ("" if absent).
func field(b []byte, key string) string {
	i := bytes.Index(b, []byte(key))
	if i < 0 {
		return ""
	}
	rest := b[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

// subscribeOne opens one socket, authenticates with the token and subscribes.
func subscribeOne(ctx context.Context, cfg clientConfig, token string) (*websocket.Conn, error) {
	var c *websocket.Conn
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		c, _, err = websocket.Dial(dctx, cfg.URL, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
		cancel()
		if err == nil {
			break
		}
		time.Sleep(time.Duration(attempt+1) * 200 * time.Millisecond)
	}
	if err != nil {
		return nil, err
	}
	write := func(v any) error {
		b, _ := json.Marshal(v)
		return c.Write(ctx, websocket.MessageText, b)
	}
	if err := write(map[string]any{"type": "connection_init", "payload": map[string]string{"Authorization": "Bearer " + token}}); err != nil {
		return nil, err
	}
	rctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	_, b, err := c.Read(rctx)
	cancel()
	if err != nil {
		return nil, err
	}
	if !strings.Contains(string(b), `"connection_ack"`) {
		return nil, fmt.Errorf("expected connection_ack, got %s", b)
	}
	if err := write(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": cfg.Query,
		"variables": map[string]string{"r": cfg.Round}}}); err != nil {
		return nil, err
	}
	return c, nil
}
