package pgembed

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A command beside `egenkontroll serve`: postmaster.pid names the running server and its socket,
// Attach connects through it, and stopping the attached Server leaves PostgreSQL running.
func TestAttachToRunningServer(t *testing.T) {
	dir := dataDir(t)
	if _, err := Attach(context.Background(), Config{DataDir: dir}); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("attach with nothing running: %v, want ErrNotRunning", err)
	}
	s := start(t, dir)
	defer stop(t, s)
	if _, err := openDB(t, s, "egenkontroll").Exec(`CREATE TABLE shared (v text); INSERT INTO shared VALUES ('from serve')`); err != nil {
		t.Fatal(err)
	}
	p, err := Running(dir)
	if err != nil || p == nil {
		t.Fatalf("Running: %+v, %v", p, err)
	}
	if p.PID != s.PID() || p.SocketDir != s.SocketDir() || p.Status != "ready" || p.Port != 5432 {
		t.Fatalf("postmaster.pid read as %+v; server pid %d, socket %s", p, s.PID(), s.SocketDir())
	}
	a, err := Attach(context.Background(), Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Attached() || a.PID() != s.PID() {
		t.Fatalf("attached to pid %d, want %d", a.PID(), s.PID())
	}
	var v string
	if err := openDB(t, a, "egenkontroll").QueryRow(`SELECT v FROM shared`).Scan(&v); err != nil || v != "from serve" {
		t.Fatalf("through the attached socket: %q, %v", v, err)
	}
	if err := a.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if p, _ := Running(dir); p == nil || p.PID != s.PID() {
		t.Fatal("stopping the attached server stopped PostgreSQL")
	}
}

// A postmaster.pid left by a server that died does not count as running.
func TestRunningIgnoresStalePIDFile(t *testing.T) {
	dir := dataDir(t)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if p, err := Running(dir); p != nil || err != nil {
		t.Fatalf("no pid file: %+v, %v", p, err)
	}
	// pid 1 exists but is not postgres; a very large pid does not exist.
	for _, pid := range []int{1, 4_000_000} {
		content := fmt.Sprintf("%d\n%s\n1700000000\n5432\n/tmp/gone\n\n  5432001 0\nready   \n", pid, dir)
		if err := os.WriteFile(filepath.Join(dir, "postmaster.pid"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if p, err := Running(dir); p != nil || err != nil {
			t.Fatalf("stale pid file naming %d: %+v, %v", pid, p, err)
		}
	}
}

// Two commands with nothing running: the first starts PostgreSQL, the second attaches; the
// starter stops it only after the other is done.
func TestUseSharesAndTheStarterStopsLast(t *testing.T) {
	dir := dataDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	first, err := Use(ctx, Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !first.Started {
		t.Fatal("the first user did not start PostgreSQL")
	}
	second, err := Use(ctx, Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if second.Started || second.PID() != first.PID() {
		t.Fatalf("second user: started=%v pid %d, want to attach to %d", second.Started, second.PID(), first.PID())
	}
	released := make(chan error, 1)
	go func() { released <- first.Release(ctx) }()
	select {
	case err := <-released:
		t.Fatalf("the starter stopped PostgreSQL while another command used it (%v)", err)
	case <-time.After(700 * time.Millisecond):
	}
	var one int
	if err := openDB(t, second.Server, "egenkontroll").QueryRow(`SELECT 1`).Scan(&one); err != nil {
		t.Fatalf("the second command lost its database: %v", err)
	}
	if err := second.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-released; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "postmaster.pid")); !os.IsNotExist(err) {
		t.Fatal("PostgreSQL still runs after the last command")
	}
}

// When PostgreSQL cannot start, the error holds the FATAL lines of this start and what to do,
// never the rest of the log.
func TestStartErrorSaysWhy(t *testing.T) {
	t.Run("data directory in use", func(t *testing.T) {
		dir := dataDir(t)
		s := start(t, dir)
		defer stop(t, s)
		noise := strings.Repeat("2026-12-01 10:40:08.128 UTC [5026] LOG:  checkpoint starting: time\n", 40)
		f, err := os.OpenFile(filepath.Join(dir, "postgres.log"), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = f.WriteString(noise)
		f.Close()
		_, err = Start(context.Background(), Config{DataDir: dir})
		var se *StartError
		if !errors.As(err, &se) {
			t.Fatalf("got %v, want a StartError", err)
		}
		msg := err.Error()
		for _, want := range []string{`FATAL:  lock file "postmaster.pid" already exists`,
			fmt.Sprintf("Another PostgreSQL is using %s (pid %d)", dir, s.PID()), "stop `egenkontroll serve`"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message lacks %q:\n%s", want, msg)
			}
		}
		if strings.Contains(msg, "checkpoint") || strings.Contains(msg, "LOG:") || strings.Count(msg, "\n") > 4 {
			t.Errorf("message carries more than the reason:\n%s", msg)
		}
	})
	t.Run("files of another version", func(t *testing.T) {
		dir := dataDir(t)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		for name, content := range map[string]string{"PG_VERSION": "9.6\n", "postgresql.conf": ""} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		_, err := Start(context.Background(), Config{DataDir: dir})
		var se *StartError
		if !errors.As(err, &se) || se.InUseBy != 0 {
			t.Fatalf("got %v, want a StartError", err)
		}
		msg := err.Error()
		for _, want := range []string{"FATAL:  database files are incompatible with server", "DETAIL:  The data directory was initialized by PostgreSQL version 9.6",
			"The whole log is in " + filepath.Join(dir, "postgres.log")} {
			if !strings.Contains(msg, want) {
				t.Errorf("message lacks %q:\n%s", want, msg)
			}
		}
	})
}
