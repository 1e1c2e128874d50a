package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/egenkontroll/egenkontroll/internal/metrics"
)

// DefaultDrainIdle is how long, once shutdown has begun, a kept-alive connection may stay idle
// before it is closed.
const DefaultDrainIdle = time.Second

// lifecycle is what a clean shutdown needs: the listeners to close, and every open connection
// with its state, so that none is closed while a request may be on its way.
type lifecycle struct {
	closing  atomic.Bool // the listeners are being closed: Serve's return is not an error
	draining atomic.Bool // every response now says Connection: close
	mu       sync.Mutex
	lns      []*onceListener
	conns    map[net.Conn]connState
}

type connState struct {
	state http.ConnState
	since time.Time
}

// onceListener closes once: drain closes it first, http.Server.Shutdown again.
type onceListener struct {
	net.Listener
	once sync.Once
	err  error
}

// Close closes the listener once; later calls return the first call's error.
func (l *onceListener) Close() error {
	l.once.Do(func() { l.err = l.Listener.Close() })
	return l.err
}

// listen wraps ln so that drain can close it.
func (l *lifecycle) listen(ln net.Listener) net.Listener {
	o := &onceListener{Listener: ln}
	l.mu.Lock()
	l.lns = append(l.lns, o)
	l.mu.Unlock()
	return o
}

// trackConn is the http.Server's ConnState hook.
func (l *lifecycle) trackConn(c net.Conn, st http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conns == nil {
		l.conns = map[net.Conn]connState{}
	}
	switch st {
	case http.StateClosed, http.StateHijacked:
		delete(l.conns, c) // a websocket is ended by the shutdown channel, not here
	default:
		l.conns[c] = connState{state: st, since: time.Now()}
	}
}

// drain ends the instance's HTTP/1 work without cutting a request. http.Server.Shutdown alone
// closes a kept-alive connection the moment it is idle, and drops a request read after shutdown
// began, so a client that just sent its next request on such a connection sees "other side
// closed" (finding 4 of issue 14). Instead:
//
//  1. the listeners close: a new connection is refused, which a client or reverse proxy can
//     safely retry elsewhere, since nothing was sent;
//  2. every response from now on says Connection: close, so a client never sends another
//     request on a connection it had a response on; requests in flight run to the end;
//  3. a connection with no request in flight is closed once it has stayed idle (or new) for
//     DrainIdle since the drain began — a client still holding it has had its chance to use it —
//     unless a request already waits unread in its socket (the server's goroutine for it has not
//     run yet under load; its state still says idle).
//
// drain returns when no connection is left or ctx ends.
func (s *Server) drain(ctx context.Context) {
	l := &s.life
	idle := s.cfg.DrainIdle
	if idle <= 0 {
		idle = DefaultDrainIdle
	}
	l.closing.Store(true)
	l.mu.Lock()
	for _, ln := range l.lns {
		_ = ln.Close()
	}
	l.mu.Unlock()
	l.draining.Store(true)
	begin := time.Now()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		l.mu.Lock()
		open := 0
		for c, st := range l.conns {
			quiet := st.since
			if quiet.Before(begin) {
				quiet = begin
			}
			if (st.state == http.StateIdle || st.state == http.StateNew) && time.Since(quiet) >= idle && !pending(c) {
				_ = c.Close()
				delete(l.conns, c)
				continue
			}
			open++
		}
		l.mu.Unlock()
		if open == 0 {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Draining reports whether shutdown has begun.
func (s *Server) Draining() bool { return s.life.closing.Load() }

// observe is the outermost handler: Connection: close while draining, and the HTTP metrics.
func (s *Server) observe(next http.Handler) http.Handler {
	m := s.cfg.Metrics
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handler := handlerLabel(r)
		if handler == "websocket" {
			if m != nil {
				m.HTTPRequests.WithLabelValues(handler, "101").Inc()
			}
			next.ServeHTTP(w, r) // hijacked: neither its duration nor its headers are ours
			return
		}
		rec := &drainWriter{ResponseWriter: w, life: &s.life, code: http.StatusOK}
		if m == nil {
			next.ServeHTTP(rec, r)
			return
		}
		start := time.Now()
		m.HTTPInFlight.Inc()
		defer func() {
			m.HTTPInFlight.Dec()
			m.HTTPRequests.WithLabelValues(handler, strconv.Itoa(rec.code)).Inc()
			m.HTTPDuration.WithLabelValues(handler).Observe(time.Since(start).Seconds())
		}()
		next.ServeHTTP(rec, r)
	})
}

// handlerLabel is the metrics label of a request: a small fixed set, never the raw path.
func handlerLabel(r *http.Request) string {
	p := r.URL.Path
	switch {
	case strings.EqualFold(r.Header.Get("Upgrade"), "websocket"):
		return "websocket"
	case p == "/graphql":
		return "graphql"
	case strings.HasPrefix(p, "/exports/"):
		return "export"
	case strings.HasPrefix(p, "/reports/"):
		return "report"
	case strings.HasPrefix(p, "/auth/"):
		return "auth"
	case p == "/healthz" || p == "/readyz":
		return "health"
	}
	return "app"
}

// drainWriter adds Connection: close to a response whose header goes out after shutdown began,
// and remembers the status code.
type drainWriter struct {
	http.ResponseWriter
	life    *lifecycle
	code    int
	written bool
}

// WriteHeader records the status and, while the server drains, asks the client to close the connection.
func (w *drainWriter) WriteHeader(code int) {
	if !w.written {
		w.written = true
		w.code = code
		if w.life.draining.Load() {
			w.Header().Set("Connection", "close")
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write writes the body, sending the header first as WriteHeader would.
func (w *drainWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *drainWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush keeps streaming responses streaming.
func (w *drainWriter) Flush() {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// graphqlMetrics counts GraphQL operations by type, operation and outcome, times queries and
// mutations, and follows live subscriptions. It is the first extension, so it sees the response
// every other extension has shaped.
type graphqlMetrics struct{ m *metrics.Metrics }

var (
	_ graphql.HandlerExtension     = graphqlMetrics{}
	_ graphql.OperationInterceptor = graphqlMetrics{}
	_ graphql.ResponseInterceptor  = graphqlMetrics{}
)

const subscriptionStarted = "egenkontroll.metrics.subscription"

// ExtensionName names the extension for gqlgen.
func (graphqlMetrics) ExtensionName() string { return "Metrics" }

// Validate accepts any schema: the metrics need nothing from it.
func (graphqlMetrics) Validate(graphql.ExecutableSchema) error { return nil }

func operationOf(ctx context.Context) *graphql.OperationContext {
	if !graphql.HasOperationContext(ctx) {
		return nil
	}
	return graphql.GetOperationContext(ctx)
}

// InterceptOperation follows a subscription: live while its stream runs, counted as an operation
// at its first message (or its end), and each event message counted.
func (g graphqlMetrics) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := operationOf(ctx)
	if oc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Subscription {
		return next(ctx)
	}
	oc.Stats.SetExtension(subscriptionStarted, true)
	typ, op := describeOperation(oc)
	g.m.Subscriptions.Inc()
	var once sync.Once
	end := func() { once.Do(g.m.Subscriptions.Dec) }
	stop := context.AfterFunc(ctx, end)
	h := next(ctx)
	counted := false
	return func(ctx context.Context) *graphql.Response {
		resp := h(ctx)
		if !counted {
			counted = true
			g.m.Operations.WithLabelValues(typ, op, outcomeOf(resp)).Inc()
		}
		if resp == nil {
			stop()
			end()
			return nil
		}
		if len(resp.Errors) == 0 {
			g.m.SubscriptionMessages.Inc()
		}
		return resp
	}
}

// InterceptResponse counts and times queries, mutations and operations refused before they ran
// (parse, validation and limit errors).
func (g graphqlMetrics) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	oc := operationOf(ctx)
	if oc != nil && oc.Stats.GetExtension(subscriptionStarted) != nil {
		return next(ctx) // an event of a subscription, counted above
	}
	resp := next(ctx)
	typ, op := describeOperation(oc)
	g.m.Operations.WithLabelValues(typ, op, outcomeOf(resp)).Inc()
	if oc != nil && !oc.Stats.OperationStart.IsZero() && typ != string(ast.Subscription) {
		g.m.OperationDuration.WithLabelValues(typ, op).Observe(time.Since(oc.Stats.OperationStart).Seconds())
	}
	return resp
}

// describeOperation names an operation by its type and first root field: a name from the schema,
// so the label set stays bounded whatever clients send (operation names are not used).
func describeOperation(oc *graphql.OperationContext) (typ, op string) {
	if oc == nil || oc.Operation == nil {
		return "unknown", "invalid"
	}
	return string(oc.Operation.Operation), firstField(oc.Operation.SelectionSet)
}

func firstField(set ast.SelectionSet) string {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			return s.Name
		case *ast.InlineFragment:
			if f := firstField(s.SelectionSet); f != "" {
				return f
			}
		case *ast.FragmentSpread:
			if s.Definition != nil {
				if f := firstField(s.Definition.SelectionSet); f != "" {
					return f
				}
			}
		}
	}
	return "none"
}

var errorCode = regexp.MustCompile(`^[A-Z][A-Z_]{0,39}$`)

// outcomeOf is "ok", or the first error's stable extensions.code.
func outcomeOf(resp *graphql.Response) string {
	if resp == nil || len(resp.Errors) == 0 {
		return "ok"
	}
	if code, ok := resp.Errors[0].Extensions["code"].(string); ok && errorCode.MatchString(code) {
		return code
	}
	return "error"
}

// serveErr is Serve's error: none when drain closed the listener.
func (s *Server) serveErr(err error) error {
	if errors.Is(err, http.ErrServerClosed) || (s.life.closing.Load() && errors.Is(err, net.ErrClosed)) {
		return nil
	}
	return err
}
