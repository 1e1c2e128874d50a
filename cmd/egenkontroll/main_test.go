package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/seed"
)

// TestServeEmbedded is `make run` in a test: start with no DATABASE_URL, get a private PostgreSQL,
// migrations and demo data; sign in with a demo account; shut down cleanly; start again on the
// same data without seeding twice.
func TestServeEmbedded(t *testing.T) {
	parent, err := os.MkdirTemp("", "egk-serve-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(parent)
	_ = os.Chmod(parent, 0o755)
	data := filepath.Join(parent, "data")
	t.Setenv("DATABASE_URL", "")

	for run := 1; run <= 2; run++ {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := ln.Addr().String()
		ln.Close()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		go func() { done <- serve(ctx, log, []string{"--data", data, "--listen", addr}) }()

		base := "http://" + addr
		deadline := time.Now().Add(90 * time.Second)
		for {
			res, err := http.Get(base + "/readyz")
			if err == nil && res.StatusCode == 200 {
				res.Body.Close()
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("run %d: server not ready", run)
			}
			select {
			case err := <-done:
				t.Fatalf("run %d: serve stopped: %v", run, err)
			case <-time.After(200 * time.Millisecond):
			}
		}
		body := fmt.Sprintf(`{"query":"mutation { login(input: {username: \"leder.bergen\", password: \"%s\"}) { name service { name } } }"}`, seed.DemoPassword)
		res, err := http.Post(base+"/graphql", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(b), "Barneverntjenesten i Bergen") {
			t.Fatalf("run %d: demo log-in: %s", run, b)
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run %d: serve returned %v", run, err)
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("run %d: no clean shutdown", run)
		}
		if _, err := os.Stat(filepath.Join(data, "postmaster.pid")); !os.IsNotExist(err) {
			t.Fatalf("run %d: PostgreSQL still running after shutdown", run)
		}
	}
}
