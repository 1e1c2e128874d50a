// Command egenkontroll-bench measures Egenkontroll at national scale (run by `make bench`):
// it builds a synthetic data set in a private PostgreSQL (or DATABASE_URL), runs the server
// in-process on loopback and prints a table:
//
//	(a) the national dashboard through GraphQL end to end against the same figures by hand-written SQL;
//	(b) p50/p95/p99 latency and throughput of saving answers with many concurrent clients;
//	(c) SQL statements per request of the main queries;
//	(e) live status to 1,000, 3,000 and 10,000 websocket subscribers: delivery p50/p99, SQL statements
//	    per event, memory per idle subscriber (the subscribers run in a child process: this binary
//	    with the argument ws-clients).
//	(d) with --peer DIR: the same read workloads side by side with PostGraphile 4 on the same
//	    database (internal/bench/peer.go), and the PostgreSQL connections each opens under load.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/egenkontroll/egenkontroll/internal/bench"
	"github.com/egenkontroll/egenkontroll/internal/pgembed"
	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

type config struct {
	services, rounds, cases, clients, repeats int
	duration                                  time.Duration
	out, data, peer                           string
	onlyPeer, onlySaves                       bool
	saveRate                                  int
	maxIdle, loadClients                      int
	loadTime                                  time.Duration
	watchers                                  []int // websocket subscriber counts of the live-status measurement
	watcherEvents                             int
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "ws-clients" {
		if err := bench.RunWatcherClients(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "bench subscribers:", err)
			os.Exit(1)
		}
		return
	}
	bench.RaiseFileLimit()
	if os.Getenv("EGK_BENCH_HEAP_PROFILE") != "" {
		runtime.MemProfileRate = 1 // every allocation, for an exact profile of an idle subscriber
	}
	var c config
	flag.IntVar(&c.services, "services", 350, "synthetic services")
	flag.IntVar(&c.rounds, "rounds", 8, "rounds")
	flag.IntVar(&c.cases, "cases", 25, "cases per service and round")
	flag.IntVar(&c.clients, "clients", 50, "concurrent clients saving answers")
	flag.DurationVar(&c.duration, "duration", 20*time.Second, "how long the clients save answers")
	flag.IntVar(&c.repeats, "repeats", 7, "runs of each read measurement (the median is reported)")
	flag.StringVar(&c.out, "out", "bench-results/bench.md", "where to write the table as well")
	flag.StringVar(&c.data, "data", "", "keep the benchmark's PostgreSQL in this directory between runs (the data is built once)")
	flag.StringVar(&c.peer, "peer", "", "directory of the PostGraphile 4 runner (bench/postgraphile, npm ci done): measure side by side")
	flag.BoolVar(&c.onlyPeer, "only-peer", false, "measure only side by side with PostGraphile 4 (with --peer)")
	flag.BoolVar(&c.onlySaves, "only-saves", false, "measure only answer saves (closed loop, then open loop at --save-rate)")
	flag.IntVar(&c.saveRate, "save-rate", 300, "saves per second of the open-loop save measurement (0: none)")
	flag.IntVar(&c.maxIdle, "max-idle", 0, "idle connections the server's pool keeps (0: the server's default, as many as it opens)")
	flag.IntVar(&c.loadClients, "load-clients", 32, "concurrent clients of the pool measurement")
	flag.DurationVar(&c.loadTime, "load-time", 5*time.Second, "how long each server is loaded in the pool measurement")
	watchers := flag.String("watchers", "1000,3000,10000", "websocket subscriber counts of the live-status measurement (empty: none)")
	flag.IntVar(&c.watcherEvents, "watcher-events", 5, "status changes per subscriber count")
	flag.Parse()
	for _, f := range strings.Split(*watchers, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			c.watchers = append(c.watchers, n)
		}
	}
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	ctx := context.Background()
	server.TuneGC() // the in-process server runs as the real one does
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dsn, stopDB, err := database(ctx, c)
	if err != nil {
		return err
	}
	defer stopDB()
	// Building a round of national data is one long statement: on a busy machine it outlasts the
	// driver's default 30 s read timeout.
	st, err := store.Open(ctx, dsn, func(pc *pgdriver.Config) { pc.ReadTimeout, pc.WriteTimeout = 30*time.Minute, 30*time.Minute })
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	if c.maxIdle > 0 {
		st.SetMaxIdleConns(c.maxIdle)
	}
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	start := time.Now()
	rep, err := seed.Synthetic(ctx, st, seed.SyntheticOptions{Services: c.services, Rounds: c.rounds, Cases: c.cases,
		Progress: func(done, total int, answers int64) {
			fmt.Fprintf(os.Stderr, "\rbuilding synthetic data: round %d/%d, %d answers, %s", done, total, answers, time.Since(start).Round(time.Second))
		}})
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr)
	built := time.Since(start).Round(time.Second)
	env, err := bench.Start(ctx, st, dsn, log)
	if err != nil {
		return err
	}
	defer env.Close()
	answers, _ := env.AnswerCount(ctx)
	rows := []bench.Row{{Measure: "synthetic data", Value: fmt.Sprintf("%d answers", answers),
		Note: fmt.Sprintf("%d services × %d rounds × %d cases, built in %s (%d added)", c.services, c.rounds, c.cases, built, rep.DemoAnswers)}}
	round, err := env.RoundID(ctx, c.rounds)
	if err != nil {
		return err
	}
	defer cpuProfile()()
	table, err := measure(ctx, env, c, dsn, round, rows)
	if err != nil {
		return err
	}
	fmt.Print("\n" + table)
	writeTable(c, table)
	return nil
}

// database is DATABASE_URL, or else a private PostgreSQL in --data (a temporary directory
// without it), and how to stop it.
func database(ctx context.Context, c config) (string, func(), error) {
	if dsn := os.Getenv("DATABASE_URL"); dsn != "" {
		return dsn, func() {}, nil
	}
	dir := c.data
	cleanup := func() {}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "egk-bench-")
		if err != nil {
			return "", nil, err
		}
		cleanup = func() { _ = os.RemoveAll(tmp) }
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", nil, err
	}
	_ = os.Chmod(dir, 0o755)
	// pg_stat_statements counts PostGraphile's statements (Egenkontroll counts its own).
	pg, err := pgembed.Start(ctx, pgembed.Config{DataDir: filepath.Join(dir, "pg"), Database: "bench",
		Settings: []string{"shared_preload_libraries=pg_stat_statements"}})
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return pg.DSN("bench"), func() { _ = pg.Stop(context.Background()); cleanup() }, nil
}

// cpuProfile profiles the process (server and clients) during the measurements when
// EGK_BENCH_CPU_PROFILE names a file, like /debug/pprof/profile on a server's metrics listener;
// the returned function stops it.
func cpuProfile() func() {
	path := os.Getenv("EGK_BENCH_CPU_PROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil || pprof.StartCPUProfile(f) != nil {
		return func() {} // a lost profile is no error of the bench
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }
}

// measure runs the measurements the flags ask for and returns the whole table.
func measure(ctx context.Context, env *bench.Env, c config, dsn string, round int64, rows []bench.Row) (string, error) {
	var peerTable string
	if c.onlySaves {
		c.peer, c.watchers = "", nil
	}
	if c.peer != "" {
		fmt.Fprintln(os.Stderr, "side by side with PostGraphile 4 …")
		res, err := env.Peer(ctx, bench.PeerOptions{NodeDir: c.peer, DSN: dsn, Round: round, Repeats: c.repeats,
			LoadClients: c.loadClients, LoadTime: c.loadTime})
		if err != nil {
			return "", err
		}
		peerTable = bench.PeerTable(res)
	}
	if c.onlySaves {
		save, err := env.SaveAnswers(ctx, bench.Options{Clients: c.clients, Duration: c.duration, Rate: c.saveRate})
		if err != nil {
			return "", err
		}
		rows = append(rows, save...)
	}
	if !c.onlyPeer && !c.onlySaves {
		more, err := measureServer(ctx, env, c, round)
		if err != nil {
			return "", err
		}
		rows = append(rows, more...)
	}
	table := bench.Table(rows)
	if peerTable != "" {
		table += "\n" + peerTable
	}
	if len(c.watchers) > 0 {
		w, err := measureWatchers(ctx, env, c)
		if err != nil {
			return "", err
		}
		table += w
	}
	return table, nil
}

// measureServer is the dashboard, the answer saves and the statements per request.
func measureServer(ctx context.Context, env *bench.Env, c config, round int64) ([]bench.Row, error) {
	analyst, err := env.Analyst()
	if err != nil {
		return nil, err
	}
	rows, err := env.Dashboard(analyst, round, c.repeats)
	if err != nil {
		return nil, err
	}
	save, err := env.SaveAnswers(ctx, bench.Options{Clients: c.clients, Duration: c.duration, Rate: c.saveRate})
	if err != nil {
		return nil, err
	}
	rows = append(rows, save...)
	counts, err := env.StatementCounts(analyst, round)
	if err != nil {
		return nil, err
	}
	return append(rows, counts...), nil
}

// measureWatchers is the live status to websocket subscribers, with its heading.
func measureWatchers(ctx context.Context, env *bench.Env, c config) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	res, err := env.Watchers(ctx, bench.WatcherOptions{Counts: c.watchers, Events: c.watcherEvents, Gap: 2 * time.Second,
		Client: func() *exec.Cmd { return exec.Command(self, "ws-clients") }})
	if err != nil {
		return "", err
	}
	return "\n### Live status to websocket subscribers\n\nEvery subscriber hears every change (" + strconv.Itoa(c.watcherEvents) +
		" changes per row, 2 s apart); 3 in 5 subscribe with a national token, 2 in 5 with the office's token, each asking for\n" +
		"the event, the form and its service. Delivery is from the change (`at`) to the client's receipt; statements are every\n" +
		"SQL statement of the server during the fan-out divided by the changes; memory is the server's Go heap and stacks.\n\n" +
		bench.WatcherTable(res), nil
}

// writeTable writes the table to --out, headed by the time, the machine and the pool's idle limit.
func writeTable(c config, table string) {
	if c.out == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(c.out), 0o755); err == nil {
		idle := "pool keeps every connection idle"
		if c.maxIdle > 0 {
			idle = fmt.Sprintf("pool keeps %d idle", c.maxIdle)
		}
		head := fmt.Sprintf("# Egenkontroll benchmark\n\n%s, %s, load average %s, %s\n\n", time.Now().Format(time.DateTime), machine(), loadAvg(), idle)
		_ = os.WriteFile(c.out, []byte(head+table), 0o644)
	}
}

func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func machine() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	cores := strings.Count(string(b), "processor\t:")
	return strconv.Itoa(cores) + " cores"
}
