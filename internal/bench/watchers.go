package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

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
	idleMemory(&res, n, heapBefore, stackBefore, gBefore)
	if res.StatementsPerEvt, err = e.fanOut(round, services, opts.Gap); err != nil {
		return res, err
	}
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

// idleMemory notes what n idle subscribers cost beyond the heap, stacks and goroutines measured
// before they subscribed (and writes a heap profile when EGK_BENCH_HEAP_PROFILE names a file).
func idleMemory(res *WatcherResult, n int, heapBefore, stackBefore uint64, gBefore int) {
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
}

// fanOut makes the changes, each alone, gap apart, and returns the SQL statements of the fan-out
// per change: every statement of the process meanwhile, less those of the change itself.
func (e *Env) fanOut(round int64, services []int64, gap time.Duration) (float64, error) {
	var writer int64
	total := store.TotalStatements()
	for _, s := range services {
		wctx, c := store.WithCounter(system)
		if _, err := e.Store.CreateCase(wctx, s, round, store.CaseFields{}); err != nil {
			return 0, err
		}
		writer += c.Count()
		time.Sleep(gap)
	}
	fanout := store.TotalStatements() - total - writer
	return float64(fanout) / float64(len(services)), nil
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
