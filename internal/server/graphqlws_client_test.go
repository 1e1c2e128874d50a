package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestGraphQLWSClient runs the web app's own graphql-ws client, configured as the app configures it
// (frontend/src/lib/live.ts), against this server: frontend/src/lib/live.server.test.ts. It is
// refused with 4403 for a bad token without retrying, hears status events with their sequence,
// and resumes after one. Skipped when the frontend's node_modules are not installed.
func TestGraphQLWSClient(t *testing.T) {
	frontend, _ := filepath.Abs("../../frontend")
	for _, p := range []string{"node_modules/graphql-ws", "node_modules/ws", "node_modules/.bin/vitest"} {
		if _, err := os.Stat(filepath.Join(frontend, p)); err != nil {
			t.Skipf("frontend dependencies not installed (%s): run make frontend-deps", p)
		}
	}
	in := startInstance(t, newDatabase(t, false), nil)
	analyst := in.analyst(t)
	r2 := roundID(t, analyst, 2)
	round, _ := strconv.ParseInt(r2, 10, 64)
	var services []int64
	if err := in.DB.NewRaw(`SELECT s.id FROM services s WHERE NOT EXISTS (SELECT 1 FROM submissions sub
		WHERE sub.service_id = s.id AND sub.round_id = ? AND sub.status <> 'NOT_STARTED') ORDER BY s.id`, round).Scan(system, &services); err != nil {
		t.Fatal(err)
	}
	// Status changes while the client listens.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for _, s := range services {
			select {
			case <-ctx.Done():
				return
			case <-time.After(400 * time.Millisecond):
			}
			_, _ = in.Store.CreateCase(system, s, round, store.CaseFields{})
		}
	}()
	cmd := exec.CommandContext(ctx, filepath.Join(frontend, "node_modules/.bin/vitest"), "run", "src/lib/live.server.test.ts")
	cmd.Dir = frontend
	cmd.Env = append(os.Environ(), "CI=1", "EGK_LIVE_URL=ws"+strings.TrimPrefix(in.URL, "http")+"/graphql",
		"EGK_LIVE_TOKEN="+in.newToken(t, 0, 0), "EGK_LIVE_ROUND="+r2)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "2 passed") {
		t.Fatalf("the graphql-ws client test failed (%v):\n%s", err, out)
	}
}
