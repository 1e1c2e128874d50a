package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Live status that is never lost. Every change of a form's status is a row of status_events,
// written in the transaction of the change (recordStatus), with a sequence in commit order. NOTIFY
// carries only that sequence, to wake the listeners: each instance's Broker reads the table from the
// last sequence it delivered, so what it missed while its connection was away (a PostgreSQL
// restart) it reads when the connection comes back, in order, once. A client that reconnects passes
// the last sequence it saw and the broker replays the rest from the table.

// StatusChannel is the NOTIFY channel that wakes listeners when a status event is committed; the
// payload is the event's sequence.
const StatusChannel = "egenkontroll_submission_status"

// CredentialsChannel carries "session:<id>", "user:<id>" or "token:<id>" when credentials end
// (triggers of migration 0010), so live subscriptions end without a query per event.
const CredentialsChannel = "egenkontroll_credentials"

// statusEventLock serialises the writers of status events from drawing a sequence to commit, so a
// smaller sequence is never committed after a larger one and a reader that has seen sequence n has
// seen every event before it.
const statusEventLock = 7_150_010

// StatusEvent is a committed change of a submission's status.
type StatusEvent struct {
	bun.BaseModel `bun:"table:status_events,alias:ev"`

	Seq          int64         `bun:"seq,pk,autoincrement" json:"seq"`
	SubmissionID int64         `bun:"submission_id" json:"submissionId"`
	ServiceID    int64         `bun:"service_id" json:"serviceId"`
	RoundID      int64         `bun:"round_id" json:"roundId"`
	OfficeID     int64         `bun:"office_id" json:"officeId"`
	Previous     domain.Status `bun:"previous" json:"previous"`
	Status       domain.Status `bun:"status" json:"status"`
	At           time.Time     `bun:"at" json:"at"`
}

// recordStatus writes the event in the transaction and queues its wake-up: PostgreSQL delivers the
// notification on commit and drops both on rollback, so nobody hears of a change that did not
// happen. One statement: the advisory lock is taken before the sequence is drawn.
func recordStatus(ctx context.Context, tx bun.IDB, ev StatusEvent) error {
	_, err := tx.NewRaw(`WITH ins AS (
		INSERT INTO status_events (submission_id, service_id, round_id, office_id, previous, status, at)
		SELECT ?, ?, ?, ?, ?, ?, ? FROM (SELECT pg_advisory_xact_lock(?)) AS serialised
		RETURNING seq)
		SELECT pg_notify(?, seq::text) FROM ins`,
		ev.SubmissionID, ev.ServiceID, ev.RoundID, ev.OfficeID, string(ev.Previous), string(ev.Status), ev.At,
		statusEventLock, StatusChannel).Exec(ctx)
	if err != nil {
		return fmt.Errorf("record status event of submission %d: %w", ev.SubmissionID, err)
	}
	return nil
}

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

// Subscription is one subscriber's stream of events, in sequence order.
type Subscription struct {
	b          *Broker
	c          chan *StatusEvent
	filter     func(*StatusEvent) bool
	onReady    func(*StatusEvent)
	onOverflow func()
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
func ErrResumeTooOld(after int64) error {
	return domain.ErrBadInput("after",
		fmt.Sprintf("Hendelsene etter %d er slettet. Last inn på nytt.", after),
		fmt.Sprintf("Hendingane etter %d er sletta. Last inn på nytt.", after),
		fmt.Sprintf("The events after %d have been pruned. Reload and subscribe again.", after))
}

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
		s.replaying = true
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
		if !s.filter(ev) {
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

// credWatch is one connection whose credentials are watched.
type credWatch struct {
	keys []string
	once sync.Once
	end  func()
}

// credentialKeys are the notification keys that end a caller's credentials.
func credentialKeys(c *auth.Caller) []string {
	var keys []string
	if c.Kind == auth.KindUser {
		keys = append(keys, "user:"+strconv.FormatInt(c.UserID, 10))
		if c.SessionID != "" {
			keys = append(keys, "session:"+c.SessionID)
		}
	}
	if c.Kind == auth.KindToken {
		keys = append(keys, "token:"+strconv.FormatInt(c.TokenID, 10))
	}
	return keys
}

// WatchCredentials calls end (once, on its own goroutine) when the caller's session ends, its
// account is disabled or changed, or its token is revoked or expires. stop ends the watch.
func (b *Broker) WatchCredentials(c *auth.Caller, end func()) (stop func()) {
	w := &credWatch{keys: credentialKeys(c), end: end}
	if len(w.keys) == 0 {
		return func() {}
	}
	b.credMu.Lock()
	for _, k := range w.keys {
		set := b.watches[k]
		if set == nil {
			set = map[*credWatch]struct{}{}
			b.watches[k] = set
		}
		set[w] = struct{}{}
	}
	b.credMu.Unlock()
	return func() { b.unwatch(w) }
}

func (b *Broker) unwatch(w *credWatch) {
	b.credMu.Lock()
	defer b.credMu.Unlock()
	for _, k := range w.keys {
		if set := b.watches[k]; set != nil {
			delete(set, w)
			if len(set) == 0 {
				delete(b.watches, k)
			}
		}
	}
}

func (b *Broker) fire(ws []*credWatch) {
	for _, w := range ws {
		b.unwatch(w)
		w.once.Do(func() { go w.end() })
	}
}

// endCredentials ends the watches of one notification ("session:…", "user:…", "token:…").
func (b *Broker) endCredentials(key string) {
	b.credMu.Lock()
	var ws []*credWatch
	for w := range b.watches[key] {
		ws = append(ws, w)
	}
	b.credMu.Unlock()
	b.fire(ws)
}

// sweep checks, in one query per kind, that the credentials of every watched connection still
// hold: it catches expiry, and whatever was ended while the listener was away.
func (b *Broker) sweep(ctx context.Context) {
	b.credMu.Lock()
	var sessions []string
	var tokens []int64
	for k := range b.watches {
		kind, id, _ := strings.Cut(k, ":")
		switch kind {
		case "session":
			sessions = append(sessions, id)
		case "token":
			if n, err := strconv.ParseInt(id, 10, 64); err == nil {
				tokens = append(tokens, n)
			}
		}
	}
	b.credMu.Unlock()
	live := map[string]bool{}
	if len(sessions) > 0 {
		var ids []string
		if err := b.db.NewSelect().TableExpr("sessions AS ses").Join("JOIN users AS u ON u.id = ses.user_id").
			Column("ses.id").Where("ses.id IN (?) AND "+sessionLive, bun.List(sessions)).Scan(ctx, &ids); err != nil {
			b.log.Warn("check credentials of subscribers", "err", err)
			return
		}
		for _, id := range ids {
			live["session:"+id] = true
		}
	}
	if len(tokens) > 0 {
		var ids []int64
		if err := b.db.NewSelect().TableExpr("api_tokens AS tok").Column("tok.id").
			Where("tok.id IN (?) AND "+tokenLive, bun.List(tokens)).Scan(ctx, &ids); err != nil {
			b.log.Warn("check credentials of subscribers", "err", err)
			return
		}
		for _, id := range ids {
			live["token:"+strconv.FormatInt(id, 10)] = true
		}
	}
	b.credMu.Lock()
	var ended []*credWatch
	for k, set := range b.watches {
		if strings.HasPrefix(k, "user:") || live[k] {
			continue
		}
		for w := range set {
			ended = append(ended, w)
		}
	}
	b.credMu.Unlock()
	b.fire(ended)
}
