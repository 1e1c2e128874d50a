package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"golang.org/x/time/rate"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Limits bound what one request and one client may cost.
type Limits struct {
	MaxDepth      int     // deepest selection in an operation
	MaxComplexity int     // gqlgen complexity (one per field, pages multiplied by their size)
	MaxAliases    int     // aliased fields in an operation (stops "ask the same thing 1000 times")
	PerIP         float64 // requests per second per client address
	PerToken      float64 // requests per second per API token
	Burst         int     // requests allowed at once above the rate
	// OperationTimeout stops a query or mutation that runs longer (QUERY_TIMEOUT); 0 means
	// DefaultOperationTimeout. A subscription lives on (its statements still have the pool's
	// statement timeout).
	OperationTimeout time.Duration
	// MaxResponseBytes is the largest answer sent (RESPONSE_TOO_LARGE); 0 means DefaultMaxResponseBytes.
	MaxResponseBytes int
}

// DefaultLimits suit the app and BI tools on a national data set.
var DefaultLimits = Limits{MaxDepth: 12, MaxComplexity: 50000, MaxAliases: 30, PerIP: 30, PerToken: 10, Burst: 60}

// Defaults of the limits a zero value leaves open.
const (
	DefaultOperationTimeout = 10 * time.Second
	DefaultMaxResponseBytes = 20 << 20
)

// responseBounds gives every query and mutation a deadline, and refuses an answer (or a
// subscription event) larger than the cap. The deadline reaches the database as the context of every
// statement (pgdriver stops waiting and drops the connection); the pool's statement_timeout
// (store.WithStatementTimeout) makes PostgreSQL itself stop a statement that outlives it.
type responseBounds struct {
	timeout  time.Duration
	maxBytes int
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = responseBounds{}

func (responseBounds) ExtensionName() string                   { return "ResponseBounds" }
func (responseBounds) Validate(graphql.ExecutableSchema) error { return nil }

func (b responseBounds) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	oc := graphql.GetOperationContext(ctx)
	sub := oc != nil && oc.Operation != nil && oc.Operation.Operation == ast.Subscription
	var cancel context.CancelFunc = func() {}
	if !sub {
		// A subscription's handler waits here for its next event, which may be hours away.
		ctx, cancel = context.WithTimeout(ctx, b.timeout)
	}
	defer cancel()
	resp := next(ctx)
	if resp == nil {
		return nil
	}
	lang := domain.LangFrom(ctx)
	// A mutation keeps its answer: what it changed is changed, and a field that ran out of time
	// says so itself (hideInternal). A query's partial answer is replaced by the reason.
	mutation := oc != nil && oc.Operation != nil && oc.Operation.Operation == ast.Mutation
	if !sub && !mutation && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &graphql.Response{Errors: gqlerror.List{errQueryTimeout(lang, b.timeout)}}
	}
	if b.maxBytes > 0 && len(resp.Data) > b.maxBytes && !mutation {
		mb := (b.maxBytes + 1<<20 - 1) >> 20
		return &graphql.Response{Errors: gqlerror.List{{Message: domain.Text{
			NB: fmt.Sprintf("Svaret ble for stort (over %d MB). Be om færre rader eller felt, eller bruk eksportene (CSV/XLSX).", mb),
			NN: fmt.Sprintf("Svaret vart for stort (over %d MB). Be om færre rader eller felt, eller bruk eksportane (CSV/XLSX).", mb),
			EN: fmt.Sprintf("The answer is too large (over %d MB). Ask for fewer rows or fields, or use the CSV/XLSX exports.", mb),
		}.In(lang), Extensions: map[string]any{"code": string(domain.CodeResponseTooLarge), "maxBytes": b.maxBytes}}}}
	}
	return resp
}

func errQueryTimeout(lang domain.Lang, d time.Duration) *gqlerror.Error {
	s := int(math.Ceil(d.Seconds()))
	return &gqlerror.Error{Message: domain.Text{
		NB: fmt.Sprintf("Spørringen tok for lang tid (over %d s) og ble stoppet. Ingenting ble endret. Be om mindre, eller bla i sider.", s),
		NN: fmt.Sprintf("Spørjinga tok for lang tid (over %d s) og vart stoppa. Ingenting vart endra. Be om mindre, eller bla i sider.", s),
		EN: fmt.Sprintf("The query took too long (over %d s) and was stopped. Nothing was changed. Ask for less, or page.", s),
	}.In(lang), Extensions: map[string]any{"code": string(domain.CodeQueryTimeout)}}
}

// limiters hands out one token bucket per key, forgetting keys unused for a while.
type limiters struct {
	mu      sync.Mutex
	rate    rate.Limit
	burst   int
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiters(perSecond float64, burst int) *limiters {
	return &limiters{rate: rate.Limit(perSecond), burst: burst, buckets: map[string]*bucket{}, swept: time.Now()}
}

// allow takes one request from key's bucket, or says how long to wait.
func (l *limiters) allow(key string) (bool, time.Duration) {
	if l == nil || l.rate <= 0 {
		return true, 0
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > 10*time.Minute {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(l.rate, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	res := b.lim.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// rateLimit answers 429 with Retry-After when a client address or an API token sends too much.
func (s *Server) rateLimit(next http.Handler) http.Handler {
	perIP := newLimiters(s.cfg.Limits.PerIP, s.cfg.Limits.Burst)
	perToken := newLimiters(s.cfg.Limits.PerToken, s.cfg.Limits.Burst)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := perIP.allow(s.clientIP(r))
		if ok {
			if c := auth.From(r.Context()); c.Kind == auth.KindToken {
				ok, wait = perToken.allow(strconv.FormatInt(c.TokenID, 10))
			}
		}
		if !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = fmt.Fprintf(w, `{"errors":[{"message":"Too many requests; retry after %d s.","extensions":{"code":"RATE_LIMITED"}}]}`, int(math.Ceil(wait.Seconds())))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// operationLimits refuses operations that are too deep or use too many aliases before they run,
// and turns introspection off for anonymous callers in production.
type operationLimits struct {
	limits     Limits
	production bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = operationLimits{}

func (operationLimits) ExtensionName() string                   { return "OperationLimits" }
func (operationLimits) Validate(graphql.ExecutableSchema) error { return nil }

func (o operationLimits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	lang := domain.LangFrom(ctx)
	if o.production && !auth.From(ctx).Signed() {
		oc.DisableIntrospection = true
		// Refused before it runs, as a request error with its own code: not a resolver failure
		// (which would be INTERNAL and logged as an error).
		if oc.Operation != nil && introspects(oc.Operation.SelectionSet, oc.Doc.Fragments, map[string]bool{}) {
			return &gqlerror.Error{Message: domain.Text{
				NB: "Logg inn for å lese skjemaet (introspeksjon er av for anonyme i produksjon).",
				NN: "Logg inn for å lese skjemaet (introspeksjon er av for anonyme i produksjon).",
				EN: "Sign in to read the schema (introspection is off for anonymous callers in production).",
			}.In(lang), Extensions: map[string]any{"code": string(domain.CodeUnauthenticated)}}
		}
	}
	if oc.Operation == nil {
		return nil
	}
	depth, aliases := measure(oc.Operation.SelectionSet, oc.Doc.Fragments, 1, map[string]bool{})
	if o.limits.MaxDepth > 0 && depth > o.limits.MaxDepth {
		return limitError(lang, fmt.Sprintf("Spørringen er for dyp (%d nivåer, høyst %d).", depth, o.limits.MaxDepth),
			fmt.Sprintf("Spørjinga er for djup (%d nivå, høgst %d).", depth, o.limits.MaxDepth),
			fmt.Sprintf("The query is too deep (%d levels, at most %d).", depth, o.limits.MaxDepth))
	}
	if o.limits.MaxAliases > 0 && aliases > o.limits.MaxAliases {
		return limitError(lang, fmt.Sprintf("Spørringen har for mange alias (%d, høyst %d).", aliases, o.limits.MaxAliases),
			fmt.Sprintf("Spørjinga har for mange alias (%d, høgst %d).", aliases, o.limits.MaxAliases),
			fmt.Sprintf("The query uses too many aliases (%d, at most %d).", aliases, o.limits.MaxAliases))
	}
	return nil
}

func limitError(lang domain.Lang, nb, nn, en string) *gqlerror.Error {
	return &gqlerror.Error{Message: domain.Text{NB: nb, NN: nn, EN: en}.In(lang), Extensions: map[string]any{"code": string(domain.CodeTooExpensive)}}
}

// introspects reports whether a selection set asks for __schema or __type anywhere.
func introspects(set ast.SelectionSet, fragments ast.FragmentDefinitionList, seen map[string]bool) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" || introspects(s.SelectionSet, fragments, seen) {
				return true
			}
		case *ast.InlineFragment:
			if introspects(s.SelectionSet, fragments, seen) {
				return true
			}
		case *ast.FragmentSpread:
			if seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			if f := fragments.ForName(s.Name); f != nil && introspects(f.SelectionSet, fragments, seen) {
				return true
			}
		}
	}
	return false
}

// measure returns the depth of a selection set and the number of aliased fields in it,
// following fragments (each fragment once per path, so cycles cannot loop).
func measure(set ast.SelectionSet, fragments ast.FragmentDefinitionList, level int, seen map[string]bool) (int, int) {
	depth, aliases := level-1, 0
	for _, sel := range set {
		var d, a int
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != "" && s.Alias != s.Name {
				a++
			}
			d, a2 := measure(s.SelectionSet, fragments, level+1, seen)
			a += a2
			if len(s.SelectionSet) == 0 {
				d = level
			}
			depth = max(depth, d)
			aliases += a
			continue
		case *ast.InlineFragment:
			d, a = measure(s.SelectionSet, fragments, level, seen)
		case *ast.FragmentSpread:
			if seen[s.Name] {
				continue
			}
			if f := fragments.ForName(s.Name); f != nil {
				seen[s.Name] = true
				d, a = measure(f.SelectionSet, fragments, level, seen)
				delete(seen, s.Name)
			}
		}
		depth, aliases = max(depth, d), aliases+a
	}
	return depth, aliases
}
