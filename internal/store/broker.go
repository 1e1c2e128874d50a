package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"
)

// The broker: one listener per server instance that reads committed status events in order and
// hands them to its subscribers (subscriptions.go), catching up after a lost connection.

// Defaults of a Broker.
const (
	DefaultEventRetention  = 7 * 24 * time.Hour
	DefaultEventPoll       = 30 * time.Second
	DefaultCredentialSweep = time.Minute
	// subscriberBuffer events wait for a subscriber that is busy; a subscriber that falls further
	// behind is told (OnOverflow) and resumes from its last sequence on a new connection.
	subscriberBuffer = 16
	// maxReplay bounds the events one resume may queue before it is refused as too far behind.
	maxReplay = 50_000
)

// Broker listens to status events from every server instance on the database and fans them out
// to this instance's subscribers. It also ends the subscriptions of credentials that end.
type Broker struct {
	db  *bun.DB
	log *slog.Logger

	// Retention is how long events are kept for resuming clients; Poll is how often the table is
	// read without a notification (a safety net); CredentialSweep is how often the credentials of
	// live subscribers are checked in one query (for expiry, and after the listener reconnects).
	// Set them before Start.
	Retention       time.Duration
	Poll            time.Duration
	CredentialSweep time.Duration

	mu     sync.Mutex
	cursor int64 // the last sequence delivered
	subs   map[*Subscription]struct{}

	credMu  sync.Mutex
	watches map[string]map[*credWatch]struct{} // by "session:<id>", "user:<id>", "token:<id>"

	events     atomic.Int64
	reconnects atomic.Int64
	overflows  atomic.Int64
}

// NewBroker returns a broker; call Start before Subscribe is useful.
func NewBroker(db *bun.DB, log *slog.Logger) *Broker {
	if log == nil {
		log = slog.Default()
	}
	return &Broker{db: db, log: log, Retention: DefaultEventRetention, Poll: DefaultEventPoll,
		CredentialSweep: DefaultCredentialSweep, subs: map[*Subscription]struct{}{},
		watches: map[string]map[*credWatch]struct{}{}}
}

// BrokerStats are the broker's counters (for metrics and the benchmark).
type BrokerStats struct {
	Subscribers int   // live subscriptions
	Cursor      int64 // last sequence delivered
	Events      int64 // events delivered since start
	Reconnects  int64 // times the listener had to reconnect
	Overflows   int64 // subscribers dropped for falling behind
	Watches     int   // connections whose credentials are watched
}

// Stats returns the broker's counters.
func (b *Broker) Stats() BrokerStats {
	b.mu.Lock()
	st := BrokerStats{Subscribers: len(b.subs), Cursor: b.cursor}
	b.mu.Unlock()
	b.credMu.Lock()
	seen := map[*credWatch]bool{}
	for _, set := range b.watches {
		for w := range set {
			seen[w] = true
		}
	}
	b.credMu.Unlock()
	st.Watches = len(seen)
	st.Events, st.Reconnects, st.Overflows = b.events.Load(), b.reconnects.Load(), b.overflows.Load()
	return st
}

// Start begins listening and returns once LISTEN is in place and the cursor is at the newest
// event, so that every change committed after Start returns reaches the subscribers. It listens
// (reconnecting as often as needed) until ctx ends.
func (b *Broker) Start(ctx context.Context) error {
	ln, err := b.listen(ctx)
	if err != nil {
		return fmt.Errorf("listen for status events: %w", err)
	}
	var cursor int64
	if err := b.db.NewSelect().Model((*StatusEvent)(nil)).ColumnExpr("coalesce(max(seq), 0)").Scan(ctx, &cursor); err != nil {
		_ = ln.Close()
		return fmt.Errorf("read the newest status event: %w", err)
	}
	b.mu.Lock()
	b.cursor = cursor
	b.mu.Unlock()
	go b.run(ctx, ln)
	return nil
}

func (b *Broker) listen(ctx context.Context) (*pgdriver.Listener, error) {
	ln := pgdriver.NewListener(b.db)
	if err := ln.Listen(ctx, StatusChannel, CredentialsChannel); err != nil {
		_ = ln.Close()
		return nil, err
	}
	return ln, nil
}

// run receives notifications until ctx ends. When the connection is lost it listens anew (with
// backoff) and then reads every event after its cursor, so nothing committed meanwhile is lost.
func (b *Broker) run(ctx context.Context, ln *pgdriver.Listener) {
	defer func() {
		if ln != nil {
			_ = ln.Close()
		}
	}()
	lastPrune, lastSweep := time.Time{}, time.Now()
	behind := false
	for {
		if time.Since(lastPrune) > time.Hour {
			if err := b.Prune(ctx); err != nil && ctx.Err() == nil {
				b.log.Warn("prune status events", "err", err)
			}
			lastPrune = time.Now()
		}
		if time.Since(lastSweep) > b.CredentialSweep {
			b.sweep(ctx)
			lastSweep = time.Now()
		}
		wait := b.Poll
		if behind {
			wait = 500 * time.Millisecond
		}
		channel, payload, err := ln.ReceiveTimeout(ctx, wait)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				b.log.Warn("status listener lost its connection; listening anew", "err", err)
				_ = ln.Close()
				if ln = b.relisten(ctx); ln == nil {
					return
				}
				b.reconnects.Add(1)
				b.sweep(ctx)
				lastSweep = time.Now()
			}
			behind = !b.catchUp(ctx)
			continue
		}
		switch channel {
		case StatusChannel:
			seq, err := strconv.ParseInt(payload, 10, 64)
			if err != nil || seq > b.Cursor() || behind {
				behind = !b.catchUp(ctx)
			}
		case CredentialsChannel:
			b.endCredentials(payload)
		}
	}
}

// relisten opens a new listening connection, retrying with backoff until it works or ctx ends.
func (b *Broker) relisten(ctx context.Context) *pgdriver.Listener {
	wait := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		ln, err := b.listen(ctx)
		if err == nil {
			b.log.Info("status listener is listening again", "attempts", attempt)
			return ln
		}
		if attempt == 1 || attempt%20 == 0 {
			b.log.Warn("status listener cannot reach the database yet", "attempt", attempt, "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(wait*2, 2*time.Second)
	}
}

// Cursor is the last sequence delivered to subscribers.
func (b *Broker) Cursor() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.cursor
}

// catchUp reads and delivers every event after the cursor, in order; false when the database could
// not be read (it is tried again shortly).
func (b *Broker) catchUp(ctx context.Context) bool {
	for {
		var evs []*StatusEvent
		err := b.db.NewSelect().Model(&evs).Where("seq > ?", b.Cursor()).OrderExpr("seq").Limit(1000).Scan(ctx)
		if err != nil {
			if ctx.Err() == nil {
				b.log.Warn("read status events", "after", b.Cursor(), "err", err)
			}
			return false
		}
		for _, ev := range evs {
			b.publish(ev)
		}
		if len(evs) < 1000 {
			return true
		}
	}
}

// Prune removes the events older than the retention period and moves the horizon past them.
// The removed events are a prefix of the sequence, so the horizon is exact.
func (b *Broker) Prune(ctx context.Context) error {
	_, err := b.db.NewRaw(`WITH cut AS (SELECT max(seq) AS seq FROM status_events WHERE at < now() - make_interval(secs => ?)),
		gone AS (DELETE FROM status_events WHERE seq <= (SELECT seq FROM cut))
		UPDATE status_event_horizon SET pruned_through = greatest(pruned_through, (SELECT seq FROM cut))
		WHERE (SELECT seq FROM cut) IS NOT NULL`, b.Retention.Seconds()).Exec(ctx)
	return err
}
