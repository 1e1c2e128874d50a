package metrics_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/metrics"
)

// TestProfilerOnMetricsAddressOnly: the metrics address serves the Go profiler next to /metrics,
// and importing the profiler registers nothing on the default mux that a public server could
// serve by accident.
func TestProfilerOnMetricsAddressOnly(t *testing.T) {
	srv := httptest.NewServer(metrics.New().Mux())
	defer srv.Close()
	for path, want := range map[string]string{"/metrics": "go_goroutines", "/debug/pprof/": "goroutine", "/debug/pprof/goroutine?debug=1": "goroutine profile"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d, want 200 with %q", path, res.StatusCode, want)
		}
	}
	rec := httptest.NewRecorder()
	http.DefaultServeMux.ServeHTTP(rec, httptest.NewRequest("GET", "/debug/pprof/", nil))
	if rec.Code != 404 {
		t.Errorf("the default mux serves the profiler: %d", rec.Code)
	}
}
