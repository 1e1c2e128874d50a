package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/pgembed"
)

// backupCmd writes the database to a file with pg_dump (custom format), while the server runs.
func backupCmd(ctx context.Context, log *slog.Logger, args []string) error {
	fset := flag.NewFlagSet("backup", flag.ContinueOnError)
	var db dbFlags
	db.register(fset)
	out := fset.String("out", "", "file to write (default egenkontroll-YYYYMMDD-HHMMSS.dump in the current directory); never overwritten")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if *out == "" {
		*out = "egenkontroll-" + time.Now().Format("20060102-150405") + ".dump"
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("%s exists already; choose another --out", *out)
	}
	st, lease, stop, err := db.openShared(ctx, log)
	if err != nil {
		return err
	}
	defer stop()
	_ = st
	tool, conn, err := db.tool(lease, "pg_dump")
	if err != nil {
		return err
	}
	// A failed or interrupted backup never leaves a file that looks like a good one.
	partial := *out + ".partial"
	start := time.Now()
	if err := runTool(ctx, tool, append([]string{"--format=custom", "--no-owner", "--no-privileges", "--file=" + partial}, conn...)...); err != nil {
		_ = os.Remove(partial)
		return err
	}
	if err := os.Rename(partial, *out); err != nil {
		return err
	}
	info, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Printf("Backed up the database to %s (%.1f MB, %s).\nRestore it into a new data directory with:\n  egenkontroll restore --from %s --data ./data-restored\n",
		*out, float64(info.Size())/1e6, sinceStart(start), *out)
	return nil
}

// restoreCmd loads a backup into an empty database: a new data directory, or with --clean one
// whose tables it replaces (while no server uses it).
func restoreCmd(ctx context.Context, log *slog.Logger, args []string) error {
	fset := flag.NewFlagSet("restore", flag.ContinueOnError)
	var db dbFlags
	db.register(fset)
	from := fset.String("from", "", "backup file written by `egenkontroll backup` (required)")
	clean := fset.Bool("clean", false, "drop the database's tables first and replace them with the backup's (stop every server using it first)")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if *from == "" {
		return &usageError{"restore", errors.New("say which backup with --from FILE")}
	}
	if _, err := os.Stat(*from); err != nil {
		return fmt.Errorf("read the backup: %w", err)
	}
	st, lease, stop, err := db.openShared(ctx, log)
	if err != nil {
		return err
	}
	defer stop()
	if lease != nil && !lease.Started {
		return fmt.Errorf("the PostgreSQL in %s is running (pid %d) for `egenkontroll serve` or another command: restore into a new "+
			"data directory (--data ./data-restored) and start the server there, or stop the server first", db.data, lease.PID())
	}
	full, err := st.HasTables(ctx)
	if err != nil {
		return err
	}
	if full && !*clean {
		return fmt.Errorf("the database already holds tables: restore into a new data directory (--data ./data-restored), " +
			"or add --clean to replace them")
	}
	tool, conn, err := db.tool(lease, "pg_restore")
	if err != nil {
		return err
	}
	pgArgs := []string{"--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"}
	if *clean {
		pgArgs = append(pgArgs, "--clean", "--if-exists")
	}
	start := time.Now()
	if err := runTool(ctx, tool, append(append(pgArgs, conn...), *from)...); err != nil {
		return err
	}
	where := redactURL(db.url)
	if lease != nil {
		where = db.data
	}
	fmt.Printf("Restored %s into %s in %s.\n", *from, where, sinceStart(start))
	if applied, _, err := st.MigrationState(ctx); err == nil && len(applied) > 0 {
		if c, err := st.Counts(ctx); err == nil {
			fmt.Printf("It holds %d services, %d rounds, %d summary forms (%d submitted), %d accounts; migrations up to %s.\n",
				c.Services, c.Rounds, c.Submissions, c.Submitted, c.Accounts, applied[len(applied)-1])
		}
	}
	if lease != nil {
		fmt.Printf("Start the server on it with:\n  egenkontroll serve --data %s\n", db.data)
	}
	return nil
}

// tool finds a PostgreSQL client program and its connection options: those of the private
// server, or --database-url.
func (d *dbFlags) tool(lease *pgembed.Lease, name string) (string, []string, error) {
	if lease != nil {
		p, err := lease.Tool(name)
		return p, lease.ClientArgs("egenkontroll"), err
	}
	p, err := exec.LookPath(name)
	if err != nil {
		dir, derr := pgembed.FindBinDir()
		if derr != nil {
			return "", nil, fmt.Errorf("%s not found: install the PostgreSQL client programs (apt-get install postgresql-client)", name)
		}
		p = filepath.Join(dir, name)
	}
	return p, []string{"--dbname=" + d.url}, nil
}

// runTool runs a PostgreSQL program and returns what it said when it failed.
func runTool(ctx context.Context, tool string, args ...string) error {
	cmd := exec.CommandContext(ctx, tool, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w\n%s", filepath.Base(tool), err, strings.TrimSpace(out.String()))
	}
	return nil
}
