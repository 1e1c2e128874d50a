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
	"io/fs"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"github.com/egenkontroll/egenkontroll/frontend"
	"github.com/egenkontroll/egenkontroll/internal/mail"
	"github.com/egenkontroll/egenkontroll/internal/pgembed"
	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/server"
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

func serve(ctx context.Context, log *slog.Logger, args []string) error {
	fset := flag.NewFlagSet("serve", flag.ContinueOnError)
	var db dbFlags
	db.register(fset)
	listen := fset.String("listen", env("EGENKONTROLL_LISTEN", "127.0.0.1:8080"), "address to listen on (env EGENKONTROLL_LISTEN)")
	origins := fset.String("cors-origins", env("EGENKONTROLL_CORS_ORIGINS", ""), "comma-separated browser origins allowed to call the API, e.g. https://bi.example.no (env EGENKONTROLL_CORS_ORIGINS)")
	demo := fset.Bool("demo", env("EGENKONTROLL_DEMO", "") != "false", "seed demo data on first start of an empty database (env EGENKONTROLL_DEMO=false to turn off)")
	production := fset.Bool("production", env("EGENKONTROLL_PRODUCTION", "") == "true", "production mode: no introspection or field suggestions for anonymous callers, Secure cookies (env EGENKONTROLL_PRODUCTION=true); on by default with --database-url")
	trustProxy := fset.Bool("trust-proxy", env("EGENKONTROLL_TRUST_PROXY", "") == "true", "take client addresses from the last X-Forwarded-For entry (the one the reverse proxy adds), behind a reverse proxy (env EGENKONTROLL_TRUST_PROXY)")
	var oidc server.OIDCConfig
	fset.StringVar(&oidc.Issuer, "oidc-issuer", env("EGENKONTROLL_OIDC_ISSUER", ""), "OpenID Connect issuer URL; enables OIDC log-in (env EGENKONTROLL_OIDC_ISSUER)")
	fset.StringVar(&oidc.ClientID, "oidc-client-id", env("EGENKONTROLL_OIDC_CLIENT_ID", ""), "OpenID Connect client id (env EGENKONTROLL_OIDC_CLIENT_ID)")
	fset.StringVar(&oidc.ClientSecret, "oidc-client-secret", env("EGENKONTROLL_OIDC_CLIENT_SECRET", ""), "OpenID Connect client secret (env EGENKONTROLL_OIDC_CLIENT_SECRET)")
	fset.StringVar(&oidc.RedirectURL, "oidc-redirect-url", env("EGENKONTROLL_OIDC_REDIRECT_URL", ""), "public URL of /auth/oidc/callback (env EGENKONTROLL_OIDC_REDIRECT_URL)")
	fset.StringVar(&oidc.Claim, "oidc-claim", env("EGENKONTROLL_OIDC_CLAIM", "email"), "ID token claim matched against an account's OIDC subject, then its user name (env EGENKONTROLL_OIDC_CLAIM)")
	var ops opsFlags
	ops.register(fset)
	var mailCfg mail.Config
	fset.StringVar(&mailCfg.SMTPURL, "smtp-url", env("EGENKONTROLL_SMTP_URL", ""), "SMTP server for invitations and reminders, smtp://user:password@host:port (STARTTLS when offered) or smtps://…; empty: mail is written to the log and marked not sent (env EGENKONTROLL_SMTP_URL)")
	fset.StringVar(&mailCfg.From, "mail-from", env("EGENKONTROLL_MAIL_FROM", "Egenkontroll <egenkontroll@localhost>"), "sender address of the mail (env EGENKONTROLL_MAIL_FROM)")
	fset.StringVar(&mailCfg.PublicURL, "public-url", env("EGENKONTROLL_PUBLIC_URL", ""), "the web app's public address, for links in invitations; default http://<listen> (env EGENKONTROLL_PUBLIC_URL)")
	fset.IntVar(&mailCfg.MaxAttempts, "mail-attempts", 5, "attempts to deliver one mail before it is marked failed (the wait doubles from one minute)")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if db.url != "" && env("EGENKONTROLL_PRODUCTION", "") != "false" && !flagSet(fset, "production") {
		*production = true
	}
	db.opts = append(db.opts, store.WithStatementTimeout(store.DefaultStatementTimeout))
	st, embedded, stopDB, err := db.open(ctx, log)
	if err != nil {
		return err
	}
	defer stopDB()
	if err := ops.openRead(ctx, log, st, db.opts); err != nil {
		return err
	}
	if applied, err := st.Migrate(ctx); err != nil {
		return err
	} else if len(applied) > 0 {
		log.Info("migrated", "applied", applied)
	}
	// The embedded default is a demo box: fill an empty database. A production database is seeded
	// deliberately with `egenkontroll seed`.
	if embedded {
		seeded, err := st.HasServices(ctx)
		if err != nil {
			return err
		}
		if !seeded {
			rep, err := seed.Run(ctx, st, seed.Options{Demo: *demo})
			if err != nil {
				return err
			}
			log.Info("seeded first start", "report", rep.String())
		} else if rep, err := seed.Run(ctx, st, seed.Options{}); err != nil {
			// The reference data of a newer version (the whole country's register) joins an older demo box.
			return err
		} else if rep.Services > 0 {
			log.Info("seeded reference data", "report", rep.String())
		}
	}
	bctx, cancelBroker := context.WithCancel(context.Background())
	defer cancelBroker()
	broker := st.NewBroker(log)
	if err := broker.Start(bctx); err != nil {
		return err
	}
	m, err := ops.startMetrics(bctx, log, st, broker, db.pg != nil)
	if err != nil {
		return err
	}
	pgDied := ops.supervise(bctx, log, db.pg, m)
	static, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		return err
	}
	cfg := server.Config{Listen: *listen, CORSOrigins: splitList(*origins), Static: static, Production: *production,
		SecureCookies: *production, TrustProxy: *trustProxy, Metrics: m}
	if oidc.Issuer != "" {
		cfg.OIDC = &oidc
	}
	srv, err := server.New(cfg, st, broker, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *listen, err)
	}
	url := "http://" + ln.Addr().String()
	if mailCfg.PublicURL == "" {
		mailCfg.PublicURL = url
	}
	sender, err := mail.New(mailCfg, st, log)
	if err != nil {
		return err
	}
	if !sender.Configured() {
		log.Info("no SMTP server (--smtp-url): invitations and reminders are written to this log and marked not sent")
	}
	go sender.Run(bctx)
	go runPlanReminders(bctx, st, log, time.Hour)
	fmt.Printf("\nEgenkontroll is running at %s  (GraphQL: %s/graphql)\n", url, url)
	if embedded && *demo {
		fmt.Printf("\nDemo log-ins (password %q):\n", seed.DemoPassword)
		for _, u := range seed.DemoUsers {
			org := u.Service + u.Office
			fmt.Printf("  %-26s %-17s %s\n", u.Username, u.Role, org)
		}
	}
	fmt.Printf("\nStop it with Ctrl-C.\n\n")
	log.Info("listening", "url", url)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var fatal error
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	case fatal = <-pgDied:
		// The private PostgreSQL is gone for good: finish what can be finished and exit non-zero,
		// so that systemd, Docker or Kubernetes restarts the whole process.
		log.Error("shutting down: the database cannot be brought back", "err", fatal)
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Error("shutdown", "err", err)
	}
	return fatal
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
