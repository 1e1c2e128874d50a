// Command egenkontroll runs the Egenkontroll server and its maintenance tasks.
//
//	egenkontroll serve    start the server (default); with no DATABASE_URL it starts a private PostgreSQL
//	egenkontroll status   what runs, which migrations, how much data
//	egenkontroll migrate  apply database migrations
//	egenkontroll seed     load reference data (and demo data with --demo)
//	egenkontroll token|user|backup|restore  see commands.go
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/pgembed"
	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	slog.SetDefault(log)
	os.Exit(run(log, os.Args[1:], os.Stdout, os.Stderr))
}

// env returns the environment variable or a default.
func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

// dbFlags are the database flags shared by every command.
type dbFlags struct {
	url    string
	data   string
	pgUser string
	opts   []store.Option  // serve adds the statement timeout of request work
	pg     *pgembed.Server // the private PostgreSQL that open started, if any
}

func (d *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.url, "database-url", env("DATABASE_URL", ""), "PostgreSQL URL; empty uses the private PostgreSQL in --data, started if it is not running (env DATABASE_URL)")
	fs.StringVar(&d.data, "data", env("EGENKONTROLL_DATA", "./data"), "data directory of the private PostgreSQL (env EGENKONTROLL_DATA)")
	fs.StringVar(&d.pgUser, "pg-user", env("EGENKONTROLL_PG_USER", ""), "OS user to run the private PostgreSQL as when started as root (env EGENKONTROLL_PG_USER)")
}

// open connects to the configured database, starting the private one when no URL is given. The
// returned stop function closes the pool and stops the private server.
func (d *dbFlags) open(ctx context.Context, log *slog.Logger) (*store.Store, bool, func(), error) {
	dsn := d.url
	var pg *pgembed.Server
	if dsn == "" {
		var err error
		pg, err = pgembed.Start(ctx, pgembed.Config{DataDir: d.data, RunAs: d.pgUser, Logger: log})
		if err != nil {
			return nil, false, nil, err
		}
		dsn = pg.DSN("egenkontroll")
		d.pg = pg
		log.Info("started private PostgreSQL", "data", d.data)
	}
	st, err := store.Open(ctx, dsn, d.opts...)
	if err != nil {
		if pg != nil {
			_ = pg.Stop(context.Background())
		}
		return nil, false, nil, err
	}
	stop := func() {
		_ = st.Close()
		if pg != nil {
			sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := pg.Stop(sctx); err != nil {
				log.Error("stop private PostgreSQL", "err", err)
			} else {
				log.Info("stopped private PostgreSQL")
			}
		}
	}
	return st, pg != nil, stop, nil
}

// openMigrated opens the database (the private one as openShared does) and applies migrations.
func (d *dbFlags) openMigrated(ctx context.Context, log *slog.Logger) (*store.Store, []string, func(), error) {
	st, _, stop, err := d.openShared(ctx, log)
	if err != nil {
		return nil, nil, nil, err
	}
	applied, err := st.Migrate(ctx)
	if err != nil {
		stop()
		return nil, nil, nil, err
	}
	return st, applied, stop, nil
}

func migrate(ctx context.Context, log *slog.Logger, args []string) error {
	fset := flag.NewFlagSet("migrate", flag.ContinueOnError)
	var db dbFlags
	db.register(fset)
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	_, applied, stopDB, err := db.openMigrated(ctx, log)
	if err != nil {
		return err
	}
	defer stopDB()
	fmt.Printf("applied %d migrations %v\n", len(applied), applied)
	return nil
}

func seedCmd(ctx context.Context, log *slog.Logger, args []string) error {
	fset := flag.NewFlagSet("seed", flag.ContinueOnError)
	var db dbFlags
	db.register(fset)
	demo := fset.Bool("demo", false, "also add demo cases, answers, submissions and accounts")
	synthetic := fset.Bool("synthetic", false, "build a national-scale synthetic data set for benchmarks (with --services, --rounds, --cases)")
	services := fset.Int("services", 350, "synthetic services")
	rounds := fset.Int("rounds", 8, "synthetic rounds")
	cases := fset.Int("cases", 25, "synthetic cases per service and round")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	st, _, stopDB, err := db.openMigrated(ctx, log)
	if err != nil {
		return err
	}
	defer stopDB()
	if *synthetic {
		start := time.Now()
		rep, err := seed.Synthetic(ctx, st, seed.SyntheticOptions{Services: *services, Rounds: *rounds, Cases: *cases, Progress: progressBar(os.Stderr, start)})
		if err != nil {
			return err
		}
		fmt.Printf("\n%s in %s\n", rep.String(), time.Since(start).Round(time.Second))
		return nil
	}
	rep, err := seed.Run(ctx, st, seed.Options{Demo: *demo})
	if err != nil {
		return err
	}
	fmt.Println(rep.String())
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// progressBar draws the progress of a long seeding run on w.
func progressBar(w io.Writer, start time.Time) func(done, total int, answers int64) {
	return func(done, total int, answers int64) {
		const width = 30
		filled := width * done / total
		fmt.Fprintf(w, "\r[%s%s] round %d/%d, %d answers, %s", strings.Repeat("#", filled), strings.Repeat(" ", width-filled),
			done, total, answers, time.Since(start).Round(time.Second))
	}
}
