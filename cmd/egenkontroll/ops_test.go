package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/seed"
)

func status(url string) int {
	c := http.Client{Timeout: 3 * time.Second}
	res, err := c.Get(url)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// postmasterPID reads the pid of the private PostgreSQL from its data directory.
func postmasterPID(t *testing.T, data string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(data, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// TestServeHealsEmbeddedPostgres is finding 3 of issue 14 against the real serve command: kill -9
// of the private PostgreSQL under a running server. /healthz stays 200 (the process is alive),
// /readyz says 503 while the database is down and 200 once it is back, the restart is counted in
// the metrics, and requests succeed again. When PostgreSQL cannot come back, serve returns an
// error (the process exits non-zero for its supervisor to restart it).
func TestServeHealsEmbeddedPostgres(t *testing.T) {
	parent, err := os.MkdirTemp("", "egk-heal-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(parent)
	_ = os.Chmod(parent, 0o755)
	t.Setenv("DATABASE_URL", "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := &healingServe{data: filepath.Join(parent, "data"), addr: freeAddr(t), metricsAddr: freeAddr(t), done: make(chan error, 1)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	go func() {
		h.done <- serve(ctx, log, []string{"--data", h.data, "--listen", h.addr, "--metrics-listen", h.metricsAddr, "--pg-restarts", "3"})
	}()
	h.waitFor(t, "ready", func() bool { return status(h.base()+"/readyz") == 200 })
	if err := h.login(); err != nil {
		t.Fatal(err)
	}
	for round := 1; round <= 2; round++ {
		h.killAndHeal(t, round)
		h.checkMetrics(t, round)
	}
	h.cannotComeBack(t)
}

// healingServe is the serve command running in the test, on a private PostgreSQL the test kills.
type healingServe struct {
	data, addr, metricsAddr string
	done                    chan error // what serve returned
}

func (h *healingServe) base() string { return "http://" + h.addr }

// waitFor waits until ok, failing if serve stops or 90 seconds pass.
func (h *healingServe) waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		select {
		case err := <-h.done:
			t.Fatalf("serve stopped while waiting for %s: %v", what, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// login signs a demo user in: a request that needs the database.
func (h *healingServe) login() error {
	body := fmt.Sprintf(`{"query":"mutation { login(input: {username: \"leder.bergen\", password: \"%s\"}) { name } }"}`, seed.DemoPassword)
	res, err := http.Post(h.base()+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.Contains(string(b), `"login":{"name"`) {
		return fmt.Errorf("status %d: %s", res.StatusCode, b)
	}
	return nil
}

// killAndHeal kills the postmaster: /healthz stays 200, /readyz says 503 until a new postmaster
// is up, and then requests succeed again.
func (h *healingServe) killAndHeal(t *testing.T, round int) {
	pid := postmasterPID(t, h.data)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	sawDown := false
	h.waitFor(t, "readyz to say the database is down", func() bool {
		if status(h.base()+"/healthz") != 200 {
			t.Fatal("healthz must stay 200 while the process heals")
		}
		sawDown = status(h.base()+"/readyz") == 503
		return sawDown
	})
	h.waitFor(t, "readyz to say the database is back", func() bool { return status(h.base()+"/readyz") == 200 })
	if postmasterPID(t, h.data) == pid {
		t.Fatalf("round %d: the same postmaster", round)
	}
	// The pool's dead connections are replaced: requests succeed again (a request that was
	// already on a dead connection may fail once).
	var err error
	for range 3 {
		if err = h.login(); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("round %d: after the restart: %v", round, err)
	}
}

// checkMetrics: the restarts are counted, the database is up, and the logins were served.
func (h *healingServe) checkMetrics(t *testing.T, round int) {
	res, err := http.Get("http://" + h.metricsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{fmt.Sprintf("egenkontroll_embedded_postgres_restarts_total %d\n", round),
		"egenkontroll_embedded_postgres_up 1\n", `egenkontroll_graphql_operations_total{operation="login",outcome="ok",type="mutation"}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("round %d: metrics lack %q", round, want)
		}
	}
}

// cannotComeBack: now PostgreSQL cannot start (a broken configuration): three failed restarts,
// then serve ends with an error.
func (h *healingServe) cannotComeBack(t *testing.T) {
	f, err := os.OpenFile(filepath.Join(h.data, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("\nthis is not a setting\n")
	f.Close()
	if err := syscall.Kill(postmasterPID(t, h.data), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-h.done:
		if err == nil || !strings.Contains(err.Error(), "could not be restarted") {
			t.Fatalf("serve returned %v, want the error of a PostgreSQL that cannot come back", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("serve kept running without its database")
	}
}
