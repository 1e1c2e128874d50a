package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// pg4 is a running PostGraphile 4.
type pg4 struct {
	url  string
	cmd  *exec.Cmd
	http *http.Client
}

// startPG4 runs bench/postgraphile/server.js on a free loopback port against dsn.
func startPG4(ctx context.Context, dir, dsn string) (*pg4, error) {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "postgraphile")); err != nil {
		return nil, fmt.Errorf("PostGraphile 4 is not installed in %s (run `npm ci` there; `make bench` does): %w", dir, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	cmd := exec.Command("node", "server.js", nodeDSN(dsn), strconv.Itoa(port))
	cmd.Dir = dir
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	// It dies with the benchmark, whatever happens to the benchmark.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start PostGraphile 4: %w", err)
	}
	go func() { _, _ = io.Copy(io.Discard, bufio.NewReader(out)) }()
	p := &pg4{url: fmt.Sprintf("http://127.0.0.1:%d/graphql", port), cmd: cmd,
		http: &http.Client{Timeout: 120 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}}}
	deadline := time.Now().Add(90 * time.Second)
	for {
		if _, err := p.post(`{ __typename }`, nil); err == nil {
			return p, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			p.stop()
			return nil, fmt.Errorf("PostGraphile 4 did not answer on port %d within 90 s", port)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func (p *pg4) post(query string, vars map[string]any) (json.RawMessage, error) {
	return post(p.http, strings.TrimSuffix(p.url, "/graphql"), query, vars)
}

func (p *pg4) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
	}
}

// nodeDSN turns a pgdriver DSN into one node-postgres reads: pgdriver names the socket file in
// host=, node-postgres its directory.
func nodeDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	if h := q.Get("host"); strings.Contains(filepath.Base(h), ".s.PGSQL.") {
		q.Set("host", filepath.Dir(h))
	}
	q.Del("sslmode")
	u.RawQuery = q.Encode()
	return u.String()
}
