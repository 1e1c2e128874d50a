package store

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// StatusChannel is the PostgreSQL NOTIFY channel of submission status changes.
const StatusChannel = "egenkontroll_submission_status"

// StatusEvent is a committed change of a submission's status.
type StatusEvent struct {
	SubmissionID int64         `json:"submissionId"`
	ServiceID    int64         `json:"serviceId"`
	RoundID      int64         `json:"roundId"`
	OfficeID     int64         `json:"officeId"`
	Previous     domain.Status `json:"previous"`
	Status       domain.Status `json:"status"`
	At           time.Time     `json:"at"`
}

// notifyStatus queues the event in the transaction: PostgreSQL delivers it on commit and drops it on
// rollback, so subscribers never hear of a change that did not happen.
func notifyStatus(ctx context.Context, tx bun.IDB, ev StatusEvent) error {
	b, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_notify(?, ?)", StatusChannel, string(b)); err != nil {
		return fmt.Errorf("notify status of submission %d: %w", ev.SubmissionID, err)
	}
	return nil
}

// Broker listens to status events from every server instance on the database and fans them out
// to this instance's subscribers.
type Broker struct {
	db   *bun.DB
	log  *slog.Logger
	mu   sync.Mutex
	next int
	subs map[int]chan StatusEvent
}

// NewBroker returns a broker; call Start before Subscribe is useful.
func NewBroker(db *bun.DB, log *slog.Logger) *Broker {
	if log == nil {
		log = slog.Default()
	}
	return &Broker{db: db, log: log, subs: map[int]chan StatusEvent{}}
}

// Start begins listening and returns once LISTEN is in place, so that every change committed after
// Start returns reaches the subscribers. It listens until ctx ends.
func (b *Broker) Start(ctx context.Context) error {
	ln := pgdriver.NewListener(b.db)
	if err := ln.Listen(ctx, StatusChannel); err != nil {
		_ = ln.Close()
		return fmt.Errorf("listen for status events: %w", err)
	}
	ch := ln.Channel(pgdriver.WithChannelSize(1024))
	go func() {
		defer ln.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case n, ok := <-ch:
				if !ok {
					return
				}
				var ev StatusEvent
				if err := json.Unmarshal([]byte(n.Payload), &ev); err != nil {
					b.log.Warn("bad status event", "payload", n.Payload, "err", err)
					continue
				}
				b.publish(ev)
			}
		}
	}()
	return nil
}

func (b *Broker) publish(ev StatusEvent) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for id, ch := range b.subs {
		select {
		case ch <- ev:
		default:
			// A subscriber that cannot keep up must not stall everyone else; it is told by the
			// closed channel and reconnects (clients refetch on reconnect).
			close(ch)
			delete(b.subs, id)
			b.log.Warn("dropped slow status subscriber", "subscriber", id)
		}
	}
}

// Subscribe returns a channel of events until ctx ends.
func (b *Broker) Subscribe(ctx context.Context) <-chan StatusEvent {
	ch := make(chan StatusEvent, 256)
	b.mu.Lock()
	id := b.next
	b.next++
	b.subs[id] = ch
	b.mu.Unlock()
	go func() {
		<-ctx.Done()
		b.mu.Lock()
		if _, ok := b.subs[id]; ok {
			close(ch)
			delete(b.subs, id)
		}
		b.mu.Unlock()
	}()
	return ch
}
