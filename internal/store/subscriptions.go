package store

import (
	"context"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Subscriber streams: live status events, resumed from a sequence without a gap or a repeat.

// Subscription is one subscriber's stream of events, in sequence order.
type Subscription struct {
	b          *Broker
	c          chan *StatusEvent
	filter     func(*StatusEvent) bool
	onReady    func(*StatusEvent)
	onOverflow func()
	// after is the sequence the subscriber resumed after: it has every event up to it. This
	// instance's broker may be behind it (its listener still reconnecting while the client moved
	// here from an instance that was ahead), and must not repeat those events when it catches up.
	after      int64
	replaying  bool           // a resume is being replayed: new events wait in pending
	pending    []*StatusEvent // (guarded by the broker's mu)
	pumping    bool           // pump is sending: only it may close c
	closed     bool
	chanClosed bool
	stop       func() bool
}

// C is the stream; it is closed when the subscription ends.
func (s *Subscription) C() <-chan *StatusEvent { return s.c }

// Close ends the subscription (its stream closes).
func (s *Subscription) Close() { s.b.remove(s) }

// SubscribeOptions say what a subscriber hears.
type SubscribeOptions struct {
	// After, when set, resumes after that sequence: the events after it are replayed from the
	// table first (RoundID narrows the replay), then the stream goes on live without a gap or a
	// repeat.
	After   *int64
	RoundID int64
	// Filter decides, in memory, whether the subscriber hears of an event.
	Filter func(*StatusEvent) bool
	// OnReady, when set, is called with every event put in the stream, in stream order, and with
	// nil when the stream closes, so that the reader knows it can read without waiting. It is
	// called under the broker's lock: it must not block.
	OnReady func(*StatusEvent)
	// ManualClose: the subscriber calls Close when it is done, and ctx is not watched (a context
	// watch costs memory that 10 000 idle subscribers feel).
	ManualClose bool
	// OnOverflow is called (once) when the subscriber fell too far behind, just before its stream
	// is closed. It is called under the broker's lock: it must not block.
	OnOverflow func()
}

// ErrResumeTooOld says that the events after the sequence a client asked to resume from have been
// pruned, so the replay could not be complete: reload and subscribe afresh.
func ErrResumeTooOld(after int64) error { return domain.ErrResumeTooOld(after) }

// Subscribe streams events until ctx ends.
func (b *Broker) Subscribe(ctx context.Context, opts SubscribeOptions) (*Subscription, error) {
	s := &Subscription{b: b, c: make(chan *StatusEvent, subscriberBuffer), filter: opts.Filter, onReady: opts.OnReady, onOverflow: opts.OnOverflow}
	if s.filter == nil {
		s.filter = func(*StatusEvent) bool { return true }
	}
	if opts.After != nil {
		var horizon int64
		if err := b.db.NewRaw("SELECT pruned_through FROM status_event_horizon").Scan(ctx, &horizon); err != nil {
			return nil, err
		}
		if *opts.After < horizon {
			return nil, ErrResumeTooOld(*opts.After)
		}
		s.after, s.replaying = *opts.After, true
	}
	b.mu.Lock()
	upto := b.cursor
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	if !opts.ManualClose {
		s.stop = context.AfterFunc(ctx, func() { b.remove(s) })
	}

	if opts.After != nil {
		// Everything up to the cursor was delivered before this subscriber joined; everything after
		// it goes to its pending queue meanwhile. So the replay is (after, cursor], from the table.
		var evs []*StatusEvent
		q := b.db.NewSelect().Model(&evs).Where("seq > ? AND seq <= ?", *opts.After, upto).OrderExpr("seq").Limit(maxReplay + 1)
		if opts.RoundID != 0 {
			q = q.Where("round_id = ?", opts.RoundID)
		}
		if err := q.Scan(ctx); err != nil {
			b.remove(s)
			return nil, err
		}
		if len(evs) > maxReplay {
			b.remove(s)
			return nil, ErrResumeTooOld(*opts.After)
		}
		replay := make([]*StatusEvent, 0, len(evs))
		for _, ev := range evs {
			if s.filter(ev) {
				replay = append(replay, ev)
			}
		}
		b.mu.Lock()
		s.pending = append(replay, s.pending...)
		s.pumping = !s.closed
		b.mu.Unlock()
		if s.pumping {
			go b.pump(ctx, s)
		}
	}
	return s, nil
}

// pump drains a resuming subscriber's queue into its stream (waiting for it), then lets the
// broker deliver to it directly.
func (b *Broker) pump(ctx context.Context, s *Subscription) {
	for {
		b.mu.Lock()
		if s.closed || len(s.pending) == 0 {
			if !s.closed {
				s.replaying, s.pending = false, nil
			}
			s.pumping = false
			if s.closed {
				s.closeChan()
			}
			b.mu.Unlock()
			return
		}
		ev := s.pending[0]
		s.pending = s.pending[1:]
		b.mu.Unlock()
		select {
		case s.c <- ev:
			if s.onReady != nil {
				b.mu.Lock()
				s.onReady(ev)
				b.mu.Unlock()
			}
		case <-ctx.Done():
			b.mu.Lock()
			s.pumping = false
			if s.closed {
				s.closeChan()
			}
			b.mu.Unlock()
			return
		}
	}
}

func (s *Subscription) closeChan() {
	if !s.chanClosed {
		s.chanClosed = true
		close(s.c)
		if s.onReady != nil {
			s.onReady(nil)
		}
	}
}

// publish delivers one event to every subscriber whose filter takes it, and moves the cursor.
func (b *Broker) publish(ev *StatusEvent) {
	dropped := 0
	b.mu.Lock()
	if ev.Seq <= b.cursor {
		b.mu.Unlock()
		return
	}
	b.cursor = ev.Seq
	for s := range b.subs {
		if ev.Seq <= s.after || !s.filter(ev) {
			continue
		}
		if s.replaying {
			if len(s.pending) < maxReplay {
				s.pending = append(s.pending, ev)
				continue
			}
		} else {
			select {
			case s.c <- ev:
				if s.onReady != nil {
					s.onReady(ev)
				}
				continue
			default:
			}
		}
		// A subscriber that cannot keep up must not stall everyone else.
		if s.onOverflow != nil {
			s.onOverflow()
		}
		b.closeLocked(s)
		dropped++
	}
	b.mu.Unlock()
	b.events.Add(1)
	if dropped > 0 {
		b.overflows.Add(int64(dropped))
		b.log.Warn("status subscribers fell behind; their streams were closed", "subscribers", dropped)
	}
}

func (b *Broker) closeLocked(s *Subscription) {
	if s.closed {
		return
	}
	s.closed = true
	delete(b.subs, s)
	if !s.pumping {
		s.closeChan()
	}
	s.pending = nil
	if s.stop != nil {
		s.stop()
	}
}

func (b *Broker) remove(s *Subscription) {
	b.mu.Lock()
	b.closeLocked(s)
	b.mu.Unlock()
}
