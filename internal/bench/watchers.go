package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/coder/websocket"

	"github.com/egenkontroll/egenkontroll/internal/store"
)

// The live-status fan-out: n websocket subscribers (in a child process, so that the server's
// memory is its own) hear every status change of one county office's services; the table says how
// long delivery took, how many SQL statements one event cost, and what an idle subscriber costs in
// memory.

// WatcherQuery is what every subscriber asks for: the event and the form with its service, so
// that the event is resolved through the loaders (once per event and scope, not per subscriber).
const WatcherQuery = `subscription($r: ID!) { submissionStatusChanged(roundId: $r) {
	sequence status previousStatus at submission { id status service { id name } } } }`

// WatcherOptions size the fan-out measurement.
type WatcherOptions struct {
	Counts []int         // subscriber counts to measure
	Events int           // status changes per count
	Gap    time.Duration // between two changes
	// Client starts the child process of subscribers (the benchmark binary in its client mode).
	Client func() *exec.Cmd
}

// WatcherResult is one line of the subscriber table.
type WatcherResult struct {
	Subscribers      int
	Delivered        int
	Expected         int
	P50, P99, Max    time.Duration
	StatementsPerEvt float64
	BytesPerIdle     float64 // heap and stacks
	HeapPerIdle      float64
	StackPerIdle     float64
	GoroutinesPerSub float64
	Load             string
}

// clientConfig goes to the child on its stdin.
type clientConfig struct {
	URL    string   `json:"url"`
	N      int      `json:"n"`
	Tokens []string `json:"tokens"`
	Query  string   `json:"query"`
	Round  string   `json:"round"`
	Events int      `json:"events"`
}

// clientReport comes back on the child's stdout, after the line "subscribed".
type clientReport struct {
	Received  int     `json:"received"`
	P50Ms     float64 `json:"p50Ms"`
	P99Ms     float64 `json:"p99Ms"`
	MaxMs     float64 `json:"maxMs"`
	Failed    int     `json:"failed"`
	Duplicate int     `json:"duplicate"`
}

// Watchers measures the fan-out at each subscriber count.
func (e *Env) Watchers(ctx context.Context, opts WatcherOptions) ([]WatcherResult, error) {
	round, _, err := e.openRound(ctx)
	if err != nil {
		return nil, err
	}
	// One office's services that have not started in the round: each first case is a change.
	var office int64
	if err := e.db.QueryRowContext(ctx, `SELECT office_id FROM services GROUP BY office_id ORDER BY count(*) DESC LIMIT 1`).Scan(&office); err != nil {
		return nil, err
	}
	var services []int64
	if err := e.db.NewRaw(`SELECT s.id FROM services s WHERE s.office_id = ? AND NOT EXISTS
		(SELECT 1 FROM submissions sub WHERE sub.service_id = s.id AND sub.round_id = ?) ORDER BY s.id`, office, round).Scan(ctx, &services); err != nil {
		return nil, err
	}
	if len(services) < len(opts.Counts)*opts.Events {
		return nil, fmt.Errorf("watchers: need %d services not started in office %d, have %d", len(opts.Counts)*opts.Events, office, len(services))
	}
	// Two scopes: the nation and the office (both hear every change of the office's services).
	_, national, err := e.Store.CreateToken(system, store.TokenInput{Name: "bench national"})
	if err != nil {
		return nil, err
	}
	_, regional, err := e.Store.CreateToken(system, store.TokenInput{Name: "bench office", OfficeID: office})
	if err != nil {
		return nil, err
	}
	var out []WatcherResult
	next := 0
	for _, n := range opts.Counts {
		res, err := e.watchers(ctx, opts, n, clientConfig{URL: "ws" + strings.TrimPrefix(e.URL, "http") + "/graphql", N: n,
			Tokens: []string{national, national, national, regional, regional}, Query: WatcherQuery,
			Round: strconv.FormatInt(round, 10), Events: opts.Events}, round, services[next:next+opts.Events])
		next += opts.Events
		if err != nil {
			return out, fmt.Errorf("%d watchers: %w", n, err)
		}
		out = append(out, res)
	}
	return out, nil
}

func heapAndStacks() (heap, stacks uint64, goroutines int) {
	// Stacks shrink by half at most per collection: a few collections let idle goroutines settle
	// at what they use, as they do in a server that runs for a while.
	for range 4 {
		runtime.GC()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse, m.StackInuse, runtime.NumGoroutine()
}

func (e *Env) watchers(ctx context.Context, opts WatcherOptions, n int, cfg clientConfig, round int64, services []int64) (WatcherResult, error) {
	res := WatcherResult{Subscribers: n, Expected: n * opts.Events}
	base := e.Broker.Stats().Subscribers
	cmd := opts.Client()
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return res, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return res, err
	}
	if err := cmd.Start(); err != nil {
		return res, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	lines := bufio.NewScanner(stdout)
	lines.Buffer(make([]byte, 1<<20), 1<<20)
	heapBefore, stackBefore, gBefore := heapAndStacks()
	if err := json.NewEncoder(stdin).Encode(cfg); err != nil {
		return res, err
	}
	if !lines.Scan() || lines.Text() != "subscribed" {
		return res, fmt.Errorf("the subscribers did not start: %q", lines.Text())
	}
	deadline := time.Now().Add(2 * time.Minute)
	for e.Broker.Stats().Subscribers < base+n {
		if time.Now().After(deadline) {
			return res, fmt.Errorf("%d of %d subscriptions active", e.Broker.Stats().Subscribers-base, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	heapAfter, stackAfter, gAfter := heapAndStacks()
	if path := os.Getenv("EGK_BENCH_HEAP_PROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			_ = pprof.Lookup("heap").WriteTo(f, 0)
			_ = f.Close()
		}
	}
	res.HeapPerIdle = float64(int64(heapAfter)-int64(heapBefore)) / float64(n)
	res.StackPerIdle = float64(int64(stackAfter)-int64(stackBefore)) / float64(n)
	res.BytesPerIdle = res.HeapPerIdle + res.StackPerIdle
	res.GoroutinesPerSub = float64(gAfter-gBefore) / float64(n)

	// The changes, each alone: the statements of the fan-out are every statement of the process
	// meanwhile, less those of the change itself.
	var writer int64
	total := store.TotalStatements()
	for _, s := range services {
		wctx, c := store.WithCounter(system)
		if _, err := e.Store.CreateCase(wctx, s, round, store.CaseFields{}); err != nil {
			return res, err
		}
		writer += c.Count()
		time.Sleep(opts.Gap)
	}
	fanout := store.TotalStatements() - total - writer
	res.StatementsPerEvt = float64(fanout) / float64(len(services))
	res.Load = loadAverage()

	if !lines.Scan() {
		return res, fmt.Errorf("no report from the subscribers")
	}
	var rep clientReport
	if err := json.Unmarshal(lines.Bytes(), &rep); err != nil {
		return res, fmt.Errorf("report %q: %w", lines.Text(), err)
	}
	if rep.Failed > 0 || rep.Duplicate > 0 {
		return res, fmt.Errorf("%d subscribers failed, %d duplicate events", rep.Failed, rep.Duplicate)
	}
	res.Delivered = rep.Received
	ms := func(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }
	res.P50, res.P99, res.Max = ms(rep.P50Ms), ms(rep.P99Ms), ms(rep.MaxMs)
	_ = stdin.Close()
	_ = cmd.Wait()
	// Wait for the server to let go of them before the next count.
	deadline = time.Now().Add(time.Minute)
	for e.Broker.Stats().Subscribers > base && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	return res, nil
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "-"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "-"
	}
	return strings.Join(f[:3], " ")
}

// WatcherTable formats the subscriber table as Markdown.
func WatcherTable(rows []WatcherResult) string {
	var b strings.Builder
	b.WriteString("| subscribers | delivered | delivery p50 | delivery p99 | max | SQL statements per event | memory per idle subscriber (heap + stacks) | goroutines per subscriber | load average (1, 5, 15 min) |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %d | %d/%d | %.0f ms | %.0f ms | %.0f ms | %.1f | %.1f KB (%.1f + %.1f) | %.1f | %s |\n", r.Subscribers, r.Delivered, r.Expected,
			float64(r.P50.Microseconds())/1000, float64(r.P99.Microseconds())/1000, float64(r.Max.Microseconds())/1000,
			r.StatementsPerEvt, r.BytesPerIdle/1024, r.HeapPerIdle/1024, r.StackPerIdle/1024, r.GoroutinesPerSub, r.Load)
	}
	return b.String()
}

// RaiseFileLimit lifts the soft limit of open files to the hard one (a socket is a file).
func RaiseFileLimit() {
	var l syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l) == nil && l.Cur < l.Max {
		l.Cur = l.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	}
}

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
	var mu sync.Mutex
	var lats []time.Duration
	var received, failed, duplicate atomic.Int64
	done := make(chan struct{})
	var doneOnce sync.Once
	expected := int64(cfg.N * cfg.Events)
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
				failed.Add(1)
				return
			}
			conns[i] = c
		}(i)
	}
	wg.Wait()
	if err, ok := dialErr.Load().(error); ok {
		return fmt.Errorf("%d sockets failed: %w", failed.Load(), err)
	}
	for _, c := range conns {
		go func(c *websocket.Conn) {
			seen := map[string]bool{}
			for {
				_, b, err := c.Read(ctx)
				if err != nil {
					if ctx.Err() == nil {
						failed.Add(1)
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
					t, err := time.Parse(time.RFC3339Nano, at)
					if seq == "" || err != nil {
						failed.Add(1)
						continue
					}
					if seen[seq] {
						duplicate.Add(1)
						continue
					}
					seen[seq] = true
					mu.Lock()
					lats = append(lats, now.Sub(t))
					mu.Unlock()
					if received.Add(1) == expected {
						doneOnce.Do(func() { close(done) })
					}
				}
			}
		}(c)
	}
	fmt.Fprintln(out, "subscribed")
	select {
	case <-done:
	case <-time.After(time.Duration(cfg.Events)*10*time.Second + time.Minute):
	}
	mu.Lock()
	sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
	pct := func(p float64) float64 {
		if len(lats) == 0 {
			return 0
		}
		return float64(lats[int(p*float64(len(lats)-1))].Microseconds()) / 1000
	}
	rep := clientReport{Received: int(received.Load()), P50Ms: pct(0.5), P99Ms: pct(0.99), MaxMs: pct(1),
		Failed: int(failed.Load()), Duplicate: int(duplicate.Load())}
	mu.Unlock()
	b, _ := json.Marshal(rep)
	fmt.Fprintln(out, string(b))
	cancel()
	for _, c := range conns {
		_ = c.CloseNow()
	}
	return nil
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
