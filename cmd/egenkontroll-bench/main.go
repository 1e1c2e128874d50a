// Command egenkontroll-bench measures Egenkontroll at national scale (run by `make bench`):
// it builds a synthetic data set in a private PostgreSQL (or DATABASE_URL), runs the server
// in-process on loopback and prints a table:
//
//	(a) the national dashboard through GraphQL end to end against the same figures by hand-written SQL;
//	(b) p50/p95/p99 latency and throughput of saving answers with many concurrent clients;
//	(c) SQL statements per request of the main queries;
//	(d) live status to 1,000, 3,000 and 10,000 websocket subscribers: delivery p50/p99, SQL statements
//	    per event, memory per idle subscriber (the subscribers run in a child process: this binary
//	    with the argument ws-clients).
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
	"strconv"
	"strings"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/bench"
	"github.com/egenkontroll/egenkontroll/internal/pgembed"
	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

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
	services := flag.Int("services", 350, "synthetic services")
	rounds := flag.Int("rounds", 8, "rounds")
	cases := flag.Int("cases", 25, "cases per service and round")
	clients := flag.Int("clients", 50, "concurrent clients saving answers")
	duration := flag.Duration("duration", 20*time.Second, "how long the clients save answers")
	repeats := flag.Int("repeats", 7, "runs of each read measurement (the median is reported)")
	out := flag.String("out", "bench-results/bench.md", "where to write the table as well")
	watchers := flag.String("watchers", "1000,3000,10000", "websocket subscriber counts of the live-status measurement (empty: none)")
	watcherEvents := flag.Int("watcher-events", 5, "status changes per subscriber count")
	flag.Parse()
	var counts []int
	for _, f := range strings.Split(*watchers, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			counts = append(counts, n)
		}
	}
	if err := run(*services, *rounds, *cases, *clients, *duration, *repeats, *out, counts, *watcherEvents); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(services, rounds, cases, clients int, duration time.Duration, repeats int, out string, watchers []int, watcherEvents int) error {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dsn := os.Getenv("DATABASE_URL")
	if dsn == "" {
		dir, err := os.MkdirTemp("", "egk-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		_ = os.Chmod(dir, 0o755)
		pg, err := pgembed.Start(ctx, pgembed.Config{DataDir: filepath.Join(dir, "pg"), Database: "bench"})
		if err != nil {
			return err
		}
		defer pg.Stop(context.Background())
		dsn = pg.DSN("bench")
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	rows := []bench.Row{}
	start := time.Now()
	rep, err := seed.Synthetic(ctx, st, seed.SyntheticOptions{Services: services, Rounds: rounds, Cases: cases,
		Progress: func(done, total int, answers int64) {
			fmt.Fprintf(os.Stderr, "\rbuilding synthetic data: round %d/%d, %d answers, %s", done, total, answers, time.Since(start).Round(time.Second))
		}})
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr)
	var answers int64
	_ = st.DB.QueryRowContext(ctx, "SELECT count(*) FROM answers").Scan(&answers)
	rows = append(rows, bench.Row{Measure: "synthetic data", Value: fmt.Sprintf("%d answers", answers),
		Note: fmt.Sprintf("%d services × %d rounds × %d cases, built in %s (%d added)", services, rounds, cases, time.Since(start).Round(time.Second), rep.DemoAnswers)})

	env, err := bench.Start(ctx, st, log)
	if err != nil {
		return err
	}
	defer env.Close()
	analyst, err := env.Analyst()
	if err != nil {
		return err
	}
	var round int64
	if err := st.DB.QueryRowContext(ctx, "SELECT id FROM rounds WHERE number = ?", rounds).Scan(&round); err != nil {
		return err
	}
	dash, err := env.Dashboard(analyst, round, repeats)
	if err != nil {
		return err
	}
	rows = append(rows, dash...)
	save, err := env.SaveAnswers(ctx, bench.Options{Clients: clients, Duration: duration})
	if err != nil {
		return err
	}
	rows = append(rows, save...)
	counts, err := env.StatementCounts(analyst, round)
	if err != nil {
		return err
	}
	rows = append(rows, counts...)

	table := bench.Table(rows)
	if len(watchers) > 0 {
		self, err := os.Executable()
		if err != nil {
			return err
		}
		res, err := env.Watchers(ctx, bench.WatcherOptions{Counts: watchers, Events: watcherEvents, Gap: 2 * time.Second,
			Client: func() *exec.Cmd { return exec.Command(self, "ws-clients") }})
		if err != nil {
			return err
		}
		table += "\n### Live status to websocket subscribers\n\nEvery subscriber hears every change (" + strconv.Itoa(watcherEvents) +
			" changes per row, 2 s apart); 3 in 5 subscribe with a national token, 2 in 5 with the office's token, each asking for\n" +
			"the event, the form and its service. Delivery is from the change (`at`) to the client's receipt; statements are every\n" +
			"SQL statement of the server during the fan-out divided by the changes; memory is the server's Go heap and stacks.\n\n" +
			bench.WatcherTable(res)
	}
	fmt.Print("\n" + table)
	if out != "" {
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err == nil {
			head := fmt.Sprintf("# Egenkontroll benchmark\n\n%s, %s\n\n", time.Now().Format(time.DateTime), machine())
			_ = os.WriteFile(out, []byte(head+table), 0o644)
		}
	}
	return nil
}

func machine() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	cores := strings.Count(string(b), "processor\t:")
	return strconv.Itoa(cores) + " cores"
}
