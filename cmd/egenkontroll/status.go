package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/pgembed"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// statusCmd is what an operator types first: is the database running and where, which
// migrations are applied, how much data there is, and whether a server answers. It changes
// nothing; a private database that is not running is started for the report and stopped again.
func statusCmd(ctx context.Context, log *slog.Logger, args []string) error {
	fset := flag.NewFlagSet("status", flag.ContinueOnError)
	var db dbFlags
	db.register(fset)
	listen := fset.String("listen", env("EGENKONTROLL_LISTEN", "127.0.0.1:8080"), "address the server listens on, to check it answers (env EGENKONTROLL_LISTEN)")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	err := databaseStatus(ctx, log, &db, os.Stdout)
	serverStatus(ctx, *listen, os.Stdout)
	return err
}

func databaseStatus(ctx context.Context, log *slog.Logger, db *dbFlags, w io.Writer) error {
	var st *store.Store
	if db.url != "" {
		fmt.Fprintf(w, "%-11s %s\n", "Database", redactURL(db.url))
		var err error
		if st, err = store.Open(ctx, db.url); err != nil {
			fmt.Fprintf(w, "%-11s does not answer\n", "")
			return err
		}
		defer func() { _ = st.Close() }()
	} else {
		abs, _ := filepath.Abs(db.data)
		if _, err := os.Stat(filepath.Join(abs, "PG_VERSION")); err != nil {
			fmt.Fprintf(w, "%-11s no private database in %s yet; `egenkontroll serve` (make run) or `egenkontroll migrate` creates it\n", "Database", abs)
			return nil
		}
		running, err := pgembed.Running(abs)
		if err != nil {
			return err
		}
		if running != nil {
			fmt.Fprintf(w, "%-11s private PostgreSQL in %s: running (pid %d), socket %s\n", "Database", abs, running.PID, running.Socket())
		}
		quiet := slog.New(slog.DiscardHandler)
		var stop func()
		st, _, stop, err = db.openShared(ctx, quiet)
		if err != nil {
			if running == nil {
				fmt.Fprintf(w, "%-11s private PostgreSQL in %s: not running, and it could not be started\n", "Database", abs)
			}
			return err
		}
		defer stop()
		if running == nil {
			fmt.Fprintf(w, "%-11s private PostgreSQL in %s: not running (started for this report and stopped again)\n", "Database", abs)
		}
	}
	applied, pending, err := st.MigrationState(ctx)
	if err != nil {
		return err
	}
	switch {
	case len(applied) == 0:
		fmt.Fprintf(w, "%-11s none applied; %d pending (`egenkontroll migrate` or the start of `egenkontroll serve` applies them)\n", "Migrations", len(pending))
		return nil
	case len(pending) == 0:
		fmt.Fprintf(w, "%-11s %d applied, the newest %s; none pending\n", "Migrations", len(applied), applied[len(applied)-1])
	default:
		fmt.Fprintf(w, "%-11s %d applied, the newest %s; %d pending: %s (`egenkontroll migrate` applies them)\n", "Migrations",
			len(applied), applied[len(applied)-1], len(pending), strings.Join(pending, ", "))
	}
	c, err := st.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%-11s %d services, %d rounds, %d summary forms (%d submitted), %d accounts, %d active API tokens\n", "Data",
		c.Services, c.Rounds, c.Submissions, c.Submitted, c.Accounts, c.Tokens)
	return nil
}

// serverStatus says whether a server answers /readyz on the listen address.
func serverStatus(ctx context.Context, listen string, w io.Writer) {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		fmt.Fprintf(w, "%-11s --listen %q is not host:port\n", "Server", listen)
		return
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	base := "http://" + net.JoinHostPort(host, port)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
	res, err := http.DefaultClient.Do(req)
	switch {
	case err != nil:
		fmt.Fprintf(w, "%-11s nothing answers at %s\n", "Server", base)
	case res.StatusCode == http.StatusOK:
		fmt.Fprintf(w, "%-11s answers at %s (ready)\n", "Server", base)
	default:
		fmt.Fprintf(w, "%-11s answers at %s, but is not ready (/readyz: %s)\n", "Server", base, res.Status)
	}
	if res != nil {
		_ = res.Body.Close()
	}
}

// redactURL hides the password of a database URL.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(a DATABASE_URL that is not a URL)"
	}
	return u.Redacted()
}
