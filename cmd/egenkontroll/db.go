package main

import (
	"context"
	"log/slog"
	"os/signal"
	"syscall"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/pgembed"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// usePrivate gives a command the private PostgreSQL of --data: the running one of `egenkontroll
// serve` (or of another command) when there is one, else one started for this command. release
// ends the use; a PostgreSQL this command started is stopped once no other command uses it.
func (d *dbFlags) usePrivate(ctx context.Context, log *slog.Logger) (*pgembed.Lease, func(), error) {
	lease, err := pgembed.Use(ctx, pgembed.Config{DataDir: d.data, RunAs: d.pgUser, Logger: log})
	if err != nil {
		return nil, nil, err
	}
	if lease.Started {
		log.Info("started private PostgreSQL", "data", d.data, "pid", lease.PID())
	} else {
		log.Info("using the running private PostgreSQL", "data", d.data, "pid", lease.PID(), "socket", lease.SocketDir())
	}
	release := func() {
		// The starter waits for the other commands using PostgreSQL; Ctrl-C stops waiting and leaves
		// PostgreSQL a smart shutdown, which ends once they are done.
		wctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
		defer cancel()
		if err := lease.Release(wctx); err != nil {
			log.Warn("stop private PostgreSQL", "err", err)
		} else if lease.Started {
			log.Info("stopped private PostgreSQL")
		}
	}
	return lease, release, nil
}

// openShared connects a maintenance command to the configured database: --database-url, or the
// private PostgreSQL of --data as usePrivate shares it. The lease is nil with --database-url.
func (d *dbFlags) openShared(ctx context.Context, log *slog.Logger) (*store.Store, *pgembed.Lease, func(), error) {
	if d.url != "" {
		st, err := store.Open(ctx, d.url, d.opts...)
		if err != nil {
			return nil, nil, nil, err
		}
		return st, nil, func() { _ = st.Close() }, nil
	}
	lease, release, err := d.usePrivate(ctx, log)
	if err != nil {
		return nil, nil, nil, err
	}
	st, err := store.Open(ctx, lease.DSN("egenkontroll"), d.opts...)
	if err != nil {
		release()
		return nil, nil, nil, err
	}
	return st, lease, func() {
		_ = st.Close()
		release()
	}, nil
}

// sinceStart is a duration for messages.
func sinceStart(t time.Time) time.Duration { return time.Since(t).Round(10 * time.Millisecond) }
