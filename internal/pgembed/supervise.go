package pgembed

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"
)

// errStopped says that Stop was called while a restart was under way.
var errStopped = errors.New("pgembed: stopped")

// SuperviseOptions tune how Supervise brings a dead PostgreSQL back.
type SuperviseOptions struct {
	// Attempts is how many restarts in a row may fail before Supervise gives up; 0 means 8.
	Attempts int
	// MinBackoff is the wait before the first restart, doubled after each failed one up to
	// MaxBackoff; 0 means 250 ms and 15 s.
	MinBackoff, MaxBackoff time.Duration
	// OnDown is called when PostgreSQL has died, OnUp when a restart brought it back (optional;
	// for readiness and metrics).
	OnDown, OnUp func()
}

// Supervise watches the postmaster until ctx ends or Stop is called, and restarts it when it
// exits on its own (a crash, kill -9, the OOM killer): with backoff, on the same data directory
// and socket, so the DSN already handed out keeps working and pooled connections reconnect. Each
// death and restart is logged. It returns nil when ctx ends or Stop is called, and an error when
// PostgreSQL cannot be brought back after opt.Attempts tries: the caller should then exit non-zero
// so that its own supervisor (systemd, Kubernetes, Docker) restarts the whole process.
func (s *Server) Supervise(ctx context.Context, opt SuperviseOptions) error {
	if opt.Attempts <= 0 {
		opt.Attempts = 8
	}
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = 250 * time.Millisecond
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 15 * time.Second
	}
	if s.attached != nil {
		// Someone else's server (Attach): its own process supervises it.
		<-ctx.Done()
		return nil
	}
	log := s.cfg.Logger
	logPath := filepath.Join(s.cfg.DataDir, "postgres.log")
	for {
		cmd, exited := s.current()
		if cmd == nil {
			return errors.New("pgembed: Supervise before Start")
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.stopping:
			return nil
		case <-exited:
		}
		select {
		case <-s.stopping:
			return nil // Stop's own shutdown
		default:
		}
		log.Error("private PostgreSQL died; restarting it", "pid", cmd.Process.Pid, "exit", s.exitError(),
			"log", tail(logPath, 5))
		if opt.OnDown != nil {
			opt.OnDown()
		}
		backoff := opt.MinBackoff
		for attempt := 1; ; attempt++ {
			select {
			case <-ctx.Done():
				return nil
			case <-s.stopping:
				return nil
			case <-time.After(backoff):
			}
			start := time.Now()
			err := s.launch(ctx)
			if err == nil {
				log.Info("private PostgreSQL restarted", "attempt", attempt, "pid", s.PID(),
					"took", time.Since(start).Round(time.Millisecond))
				if opt.OnUp != nil {
					opt.OnUp()
				}
				break
			}
			if errors.Is(err, errStopped) || ctx.Err() != nil {
				return nil
			}
			if attempt >= opt.Attempts {
				log.Error("private PostgreSQL could not be restarted; giving up", "attempts", attempt, "err", err)
				return fmt.Errorf("private PostgreSQL could not be restarted after %d attempts: %w", attempt, err)
			}
			backoff = min(backoff*2, opt.MaxBackoff)
			log.Warn("restart of private PostgreSQL failed; trying again", "attempt", attempt, "next_in", backoff, "err", err)
		}
	}
}
