package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"time"

	"github.com/egenkontroll/egenkontroll/frontend"
	"github.com/egenkontroll/egenkontroll/internal/mail"
	"github.com/egenkontroll/egenkontroll/internal/metrics"
	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// serveFlags are the flags of serve.
type serveFlags struct {
	db                           dbFlags
	listen, origins              string
	demo, production, trustProxy bool
	dbPool                       int
	oidc                         server.OIDCConfig
	ops                          opsFlags
	mail                         mail.Config
}

func parseServeFlags(args []string) (*serveFlags, error) {
	f := &serveFlags{}
	fset := flag.NewFlagSet("serve", flag.ContinueOnError)
	f.db.register(fset)
	fset.IntVar(&f.dbPool, "db-pool", envInt("DATABASE_POOL_SIZE", 0), "most connections to PostgreSQL, all kept while used; 0: four per core of this machine, 10 to 40 (env DATABASE_POOL_SIZE)")
	fset.StringVar(&f.listen, "listen", env("EGENKONTROLL_LISTEN", "127.0.0.1:8080"), "address to listen on (env EGENKONTROLL_LISTEN)")
	fset.StringVar(&f.origins, "cors-origins", env("EGENKONTROLL_CORS_ORIGINS", ""), "comma-separated browser origins allowed to call the API, e.g. https://bi.example.no (env EGENKONTROLL_CORS_ORIGINS)")
	fset.BoolVar(&f.demo, "demo", env("EGENKONTROLL_DEMO", "") != "false", "seed demo data on first start of an empty database (env EGENKONTROLL_DEMO=false to turn off)")
	fset.BoolVar(&f.production, "production", env("EGENKONTROLL_PRODUCTION", "") == "true", "production mode: no introspection or field suggestions for anonymous callers, Secure cookies (env EGENKONTROLL_PRODUCTION=true); on by default with --database-url")
	fset.BoolVar(&f.trustProxy, "trust-proxy", env("EGENKONTROLL_TRUST_PROXY", "") == "true", "take client addresses from the last X-Forwarded-For entry (the one the reverse proxy adds), behind a reverse proxy (env EGENKONTROLL_TRUST_PROXY)")
	oidc := &f.oidc
	fset.StringVar(&oidc.Issuer, "oidc-issuer", env("EGENKONTROLL_OIDC_ISSUER", ""), "OpenID Connect issuer URL; enables OIDC log-in (env EGENKONTROLL_OIDC_ISSUER)")
	fset.StringVar(&oidc.ClientID, "oidc-client-id", env("EGENKONTROLL_OIDC_CLIENT_ID", ""), "OpenID Connect client id (env EGENKONTROLL_OIDC_CLIENT_ID)")
	fset.StringVar(&oidc.ClientSecret, "oidc-client-secret", env("EGENKONTROLL_OIDC_CLIENT_SECRET", ""), "OpenID Connect client secret (env EGENKONTROLL_OIDC_CLIENT_SECRET)")
	fset.StringVar(&oidc.RedirectURL, "oidc-redirect-url", env("EGENKONTROLL_OIDC_REDIRECT_URL", ""), "public URL of /auth/oidc/callback (env EGENKONTROLL_OIDC_REDIRECT_URL)")
	fset.StringVar(&oidc.Claim, "oidc-claim", env("EGENKONTROLL_OIDC_CLAIM", "email"), "ID token claim matched against an account's OIDC subject, then its user name (env EGENKONTROLL_OIDC_CLAIM)")
	f.ops.register(fset)
	mailCfg := &f.mail
	fset.StringVar(&mailCfg.SMTPURL, "smtp-url", env("EGENKONTROLL_SMTP_URL", ""), "SMTP server for invitations and reminders, smtp://user:password@host:port (STARTTLS when offered) or smtps://…; empty: mail is written to the log and marked not sent (env EGENKONTROLL_SMTP_URL)")
	fset.StringVar(&mailCfg.From, "mail-from", env("EGENKONTROLL_MAIL_FROM", "Egenkontroll <egenkontroll@localhost>"), "sender address of the mail (env EGENKONTROLL_MAIL_FROM)")
	fset.StringVar(&mailCfg.PublicURL, "public-url", env("EGENKONTROLL_PUBLIC_URL", ""), "the web app's public address, for links in invitations; default http://<listen> (env EGENKONTROLL_PUBLIC_URL)")
	fset.IntVar(&mailCfg.MaxAttempts, "mail-attempts", 5, "attempts to deliver one mail before it is marked failed (the wait doubles from one minute)")
	if err := parseFlags(fset, args); err != nil {
		return nil, err
	}
	if f.dbPool < 0 {
		return nil, fmt.Errorf("--db-pool %d: give a number of connections, or 0 for the default", f.dbPool)
	}
	if f.db.url != "" && env("EGENKONTROLL_PRODUCTION", "") != "false" && !flagSet(fset, "production") {
		f.production = true
	}
	f.db.opts = append(f.db.opts, store.WithStatementTimeout(store.DefaultStatementTimeout))
	return f, nil
}

func serve(ctx context.Context, log *slog.Logger, args []string) error {
	f, err := parseServeFlags(args)
	if err != nil {
		return err
	}
	gc := server.TuneGC()
	log.Info("garbage collector", "gogc", gc.GCPercent, "memory_limit", gc.MemoryLimit)
	st, embedded, stopDB, err := f.db.open(ctx, log)
	if err != nil {
		return err
	}
	defer stopDB()
	pool := store.DefaultPoolSize()
	if f.dbPool > 0 {
		pool = f.dbPool
		st.SetPoolSize(pool)
	}
	log.Info("database pool", "connections", pool)
	if err := f.ops.openRead(ctx, log, st, f.db.opts); err != nil {
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
		if err := seedFirstStart(ctx, log, st, f.demo); err != nil {
			return err
		}
	}
	bctx, cancelBroker := context.WithCancel(context.Background())
	defer cancelBroker()
	broker := st.NewBroker(log)
	if err := broker.Start(bctx); err != nil {
		return err
	}
	m, err := f.ops.startMetrics(bctx, log, st, broker, f.db.pg != nil)
	if err != nil {
		return err
	}
	pgDied := f.ops.supervise(bctx, log, f.db.pg, m)
	srv, ln, err := f.newServer(st, broker, log, m)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	if err := f.startMail(bctx, log, st, url); err != nil {
		return err
	}
	printBanner(url, embedded && f.demo)
	log.Info("listening", "url", url)
	return serveUntilDone(ctx, log, srv, ln, pgDied)
}

// newServer makes the server with the web app and opens its listener.
func (f *serveFlags) newServer(st *store.Store, broker *store.Broker, log *slog.Logger, m *metrics.Metrics) (*server.Server, net.Listener, error) {
	static, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		return nil, nil, err
	}
	cfg := server.Config{Listen: f.listen, CORSOrigins: splitList(f.origins), Static: static, Production: f.production,
		SecureCookies: f.production, TrustProxy: f.trustProxy, Metrics: m}
	if f.oidc.Issuer != "" {
		cfg.OIDC = &f.oidc
	}
	srv, err := server.New(cfg, st, broker, log)
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return nil, nil, fmt.Errorf("listen on %s: %w", f.listen, err)
	}
	return srv, ln, nil
}

// startMail runs the mail sender and the plan reminders; links in the mail point at url unless
// --public-url says otherwise.
func (f *serveFlags) startMail(ctx context.Context, log *slog.Logger, st *store.Store, url string) error {
	if f.mail.PublicURL == "" {
		f.mail.PublicURL = url
	}
	sender, err := mail.New(f.mail, st, log)
	if err != nil {
		return err
	}
	if !sender.Configured() {
		log.Info("no SMTP server (--smtp-url): invitations and reminders are written to this log and marked not sent")
	}
	go sender.Run(ctx)
	go runPlanReminders(ctx, st, log, time.Hour)
	return nil
}

// seedFirstStart fills an empty embedded database (with demo data unless turned off), and brings
// the reference data of a newer version (the whole country's register) into an older demo box.
func seedFirstStart(ctx context.Context, log *slog.Logger, st *store.Store, demo bool) error {
	seeded, err := st.HasServices(ctx)
	if err != nil {
		return err
	}
	if !seeded {
		rep, err := seed.Run(ctx, st, seed.Options{Demo: demo})
		if err != nil {
			return err
		}
		log.Info("seeded first start", "report", rep.String())
	} else if rep, err := seed.Run(ctx, st, seed.Options{}); err != nil {
		return err
	} else if rep.Services > 0 {
		log.Info("seeded reference data", "report", rep.String())
	}
	return nil
}

// printBanner says where the server runs, and the demo log-ins when it has demo data.
func printBanner(url string, demo bool) {
	fmt.Printf("\nEgenkontroll is running at %s  (GraphQL: %s/graphql)\n", url, url)
	if demo {
		fmt.Printf("\nDemo log-ins (password %q):\n", seed.DemoPassword)
		for _, u := range seed.DemoUsers {
			org := u.Service + u.Office
			fmt.Printf("  %-26s %-17s %s\n", u.Username, u.Role, org)
		}
	}
	fmt.Printf("\nStop it with Ctrl-C.\n\n")
}

// serveUntilDone serves until ctx ends or the private PostgreSQL is gone for good, then shuts down
// gracefully.
func serveUntilDone(ctx context.Context, log *slog.Logger, srv *server.Server, ln net.Listener, pgDied <-chan error) error {
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
