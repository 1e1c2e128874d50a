package server

import (
	"os"
	"runtime/debug"
)

// The collector's settings for a server process.
//
// gqlgen allocates a field context for every field and starts a goroutine for every item of a
// list, so a list of 500 answers allocates a few megabytes while the server's live heap is tens
// of megabytes. At Go's default (GOGC=100) the collector then ran every few requests: a profile
// of a service's cases → answers put a quarter of the request's CPU in collecting and in
// allocating under collection, and GOGC=400 took the list from 25 to 19 ms (README, performance).
// The soft memory limit keeps the larger heap from ever growing past it: near the limit the
// collector works harder instead.
const (
	serverGCPercent   = 400
	serverMemoryLimit = 1 << 30 // bytes
)

// GCSettings are the collector's settings TuneGC applied (-1: left as the environment set them).
type GCSettings struct {
	GCPercent   int
	MemoryLimit int64
}

// TuneGC sets the garbage collector for a server process (see above). GOGC and GOMEMLIMIT in the
// environment win: an operator who sets them gets exactly what they set.
func TuneGC() GCSettings {
	s := GCSettings{GCPercent: -1, MemoryLimit: -1}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serverGCPercent)
		s.GCPercent = serverGCPercent
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serverMemoryLimit)
		s.MemoryLimit = serverMemoryLimit
	}
	return s
}
