package server

import (
	"runtime/debug"
	"testing"
)

// TestTuneGC: the server's collector settings apply unless the environment sets GOGC or
// GOMEMLIMIT, which win.
func TestTuneGC(t *testing.T) {
	oldPercent := debug.SetGCPercent(100)
	oldLimit := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetGCPercent(oldPercent); debug.SetMemoryLimit(oldLimit) })
	for _, tc := range []struct {
		name, gogc, memlimit string
		want                 GCSettings
	}{
		{"defaults", "", "", GCSettings{GCPercent: serverGCPercent, MemoryLimit: serverMemoryLimit}},
		{"GOGC set", "150", "", GCSettings{GCPercent: -1, MemoryLimit: serverMemoryLimit}},
		{"both set", "150", "2GiB", GCSettings{GCPercent: -1, MemoryLimit: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOGC", tc.gogc)
			t.Setenv("GOMEMLIMIT", tc.memlimit)
			debug.SetGCPercent(100)
			if got := TuneGC(); got != tc.want {
				t.Fatalf("TuneGC() = %+v, want %+v", got, tc.want)
			}
			wantPercent := 100
			if tc.want.GCPercent > 0 {
				wantPercent = tc.want.GCPercent
			}
			if got := debug.SetGCPercent(100); got != wantPercent {
				t.Errorf("GC percent %d, want %d", got, wantPercent)
			}
		})
	}
}
