package graph

import (
	"context"
	"strconv"
	"sync"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// statusEvents streams the status changes of a round (optionally one office's services), from
// every server instance on the database, resuming after a sequence when asked.
//
// Nothing here runs per subscriber and event: the broker filters in memory (the same scope rule as
// every read), and the form of an event is loaded once per event and scope, shared by every
// subscriber with that scope (sharedEventLoaders), so the statements per event do not grow with
// the number of subscribers. Ended credentials close the connection (the websocket transport
// watches them), so no check runs per event either.
func (r *Resolver) statusEvents(ctx context.Context, roundID int64, officeID *int64, after *string) (<-chan *store.StatusEvent, error) {
	if err := r.roundExists(ctx, roundID); err != nil {
		return nil, err
	}
	caller := auth.From(ctx)
	if officeID != nil {
		if _, err := r.Store.Office(ctx, *officeID); err != nil {
			return nil, err
		}
		// A service may narrow to its own office (it hears of its own form only, whatever it asks).
		if _, ok := caller.Scope().OfficeWork(); ok && !caller.CanSeeOffice(*officeID) {
			return nil, domain.ErrNotFound(domain.NounOffice, *officeID)
		}
	}
	var from *int64
	if after != nil {
		n, err := strconv.ParseInt(*after, 10, 64)
		if err != nil || n < 0 {
			return nil, domain.ErrBadInput("after", "Oppgi et sekvensnummer du har fått.", "Oppgi eit sekvensnummer du har fått.",
				"Give a sequence you have received.")
		}
		from = &n
	}
	scope := caller.Scope()
	d := driver(ctx)
	sub, err := r.Broker.Subscribe(ctx, store.SubscribeOptions{
		ManualClose: d.Started != nil, // the transport closes it when the operation ends
		After:       from,
		RoundID:     roundID,
		// The same policy as every read: a service hears only of its own form, a county office only
		// of its own services.
		Filter: func(ev *store.StatusEvent) bool {
			return ev.RoundID == roundID && (officeID == nil || ev.OfficeID == *officeID) && scope.SeesService(ev.ServiceID, ev.OfficeID)
		},
		OnReady:    d.ready,
		OnOverflow: d.Overflow,
	})
	if err != nil {
		return nil, err
	}
	if d.Started != nil {
		d.Started(func() { <-sub.C() }, sub.Close)
	}
	return sub.C(), nil
}

// StreamDriver lets a transport run a subscription without a goroutine waiting for each event
// (10 000 idle subscribers would be 10 000 such goroutines): the subscription says when its stream
// is established, and whenever an event, or the end of the stream, can be read without waiting.
// Ready and Overflow are called under the broker's lock and must not block.
//
// Ready gets the identity of each event in stream order (its sequence; 0 for the end of the
// stream), so that a transport can resolve an event once for every subscriber with the same
// query, variables and caller, and hand the others the same result: Started gives it skip, which
// takes the next event from the stream without resolving it.
type StreamDriver struct {
	Started  func(skip, stop func()) // stop ends the stream: the transport calls it when the operation ends
	Ready    func(seq int64)
	Overflow func() // the subscriber fell too far behind: close the connection so that it resumes
}

func (d *StreamDriver) ready(ev *store.StatusEvent) {
	if d.Ready == nil {
		return
	}
	if ev == nil {
		d.Ready(0)
		return
	}
	d.Ready(ev.Seq)
}

type driverKey struct{}

// WithStreamDriver attaches the transport's driver to an operation's context.
func WithStreamDriver(ctx context.Context, d *StreamDriver) context.Context {
	return context.WithValue(ctx, driverKey{}, d)
}

func driver(ctx context.Context) *StreamDriver {
	if d, ok := ctx.Value(driverKey{}).(*StreamDriver); ok {
		return d
	}
	return &StreamDriver{}
}

// eventLoaderKey names the loaders shared by every subscriber of one scope for one event.
type eventLoaderKey struct {
	store *store.Store // sequences are per database: several servers in one process never share
	seq   int64
	scope auth.Scope
}

// eventLoaderCache keeps the shared loaders of the latest events.
type eventLoaderCache struct {
	mu     sync.Mutex
	byKey  map[eventLoaderKey]*loaderHolder
	newest int64
}

const eventLoaderWindow = 256 // events whose loaders are kept

var eventLoaders = &eventLoaderCache{byKey: map[eventLoaderKey]*loaderHolder{}}

// shared returns the loaders of one event for one scope, made on first use.
func (c *eventLoaderCache) shared(s *store.Store, seq int64, scope auth.Scope) *loaderHolder {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := eventLoaderKey{s, seq, scope}
	if h, ok := c.byKey[k]; ok {
		return h
	}
	h := &loaderHolder{store: s, byPath: map[string]*Loaders{}, primed: map[visitKey]bool{}}
	c.byKey[k] = h
	if seq > c.newest {
		c.newest = seq
		if len(c.byKey) > 4*eventLoaderWindow {
			for k := range c.byKey {
				if k.seq < c.newest-eventLoaderWindow {
					delete(c.byKey, k)
				}
			}
		}
	}
	return h
}

// useEventLoaders makes the rest of this event's resolution (the form and everything below it)
// use the loaders shared by every subscriber with the caller's scope: whatever they all ask for is
// loaded once. Every subscription has its own holder (the websocket transport gives each operation
// fresh loaders), and its events are resolved one after the other, so the switch is safe.
func useEventLoaders(ctx context.Context, s *store.Store, seq int64) {
	h, ok := ctx.Value(loadersKey{}).(*loaderHolder)
	if !ok {
		return
	}
	shared := eventLoaders.shared(s, seq, scope(ctx))
	h.mu.Lock()
	h.shared = shared
	h.mu.Unlock()
}

// eventSubmission is the form of an event as the caller may read it.
func (r *Resolver) eventSubmission(ctx context.Context, ev *store.StatusEvent) (*store.Submission, error) {
	useEventLoaders(ctx, r.Store, ev.Seq)
	sub, err := load(ctx, loadersFrom(ctx).SubmissionByKey, store.SubmissionKey{ServiceID: ev.ServiceID, RoundID: ev.RoundID})
	if err != nil {
		return nil, err
	}
	if sub == nil {
		return nil, domain.ErrNotFound(domain.NounSubmission, ev.SubmissionID)
	}
	return sub, nil
}
