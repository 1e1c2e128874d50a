// Package server wires HTTP: the GraphQL endpoint with its transports, CORS, the embedded
// single-page app, health checks and graceful shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/egenkontroll/egenkontroll/graph"
	"github.com/egenkontroll/egenkontroll/graph/generated"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/metrics"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Config is the HTTP side of the configuration.
type Config struct {
	Listen      string   // host:port
	CORSOrigins []string // exact origins allowed to call the API from a browser; never a wildcard
	MaxBodySize int64    // bytes; 0 means 1 MiB
	Static      fs.FS    // the built SPA (frontend/dist); nil serves a notice
	// Production turns introspection and field suggestions off for anonymous callers.
	Production bool
	// SecureCookies marks the session cookie Secure even on plain HTTP (behind a TLS proxy that
	// does not send X-Forwarded-Proto).
	SecureCookies bool
	// TrustProxy takes the client address for rate limits from X-Forwarded-For.
	TrustProxy bool
	Limits     Limits // zero value means DefaultLimits
	OIDC       *OIDCConfig
	// Metrics, when set, records requests, operations and subscriptions (served elsewhere).
	Metrics *metrics.Metrics
	// DrainIdle is how long a connection may stay idle once shutdown began; 0 means DefaultDrainIdle.
	DrainIdle time.Duration
	// WebsocketInitTimeout is how long a websocket may wait before connection_init (0: 10 s).
	WebsocketInitTimeout time.Duration
}

// Server is the HTTP server of one instance.
type Server struct {
	cfg      Config
	store    *store.Store
	log      *slog.Logger
	http     *http.Server
	shutdown chan struct{} // closed when shutdown starts, to end long-lived websocket connections
	life     lifecycle     // listeners and connections, for a shutdown that cuts no request
}

// New builds the HTTP server.
func New(cfg Config, st *store.Store, broker *store.Broker, log *slog.Logger) (*Server, error) {
	for _, o := range cfg.CORSOrigins {
		if o == "*" {
			return nil, errors.New("CORS origins: a wildcard is not allowed, since the API uses credentials; list the exact origins")
		}
	}
	if cfg.MaxBodySize == 0 {
		cfg.MaxBodySize = 1 << 20
	}
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits
	}
	if cfg.Limits.OperationTimeout == 0 {
		cfg.Limits.OperationTimeout = DefaultOperationTimeout
	}
	if cfg.Limits.MaxResponseBytes == 0 {
		cfg.Limits.MaxResponseBytes = DefaultMaxResponseBytes
	}
	s := &Server{cfg: cfg, store: st, log: log, shutdown: make(chan struct{})}
	mux := http.NewServeMux()
	mux.Handle("/graphql", s.graphQL(&graph.Resolver{Store: st, Broker: broker, Log: log,
		OIDCEnabled: cfg.OIDC != nil, OIDCLoginPath: OIDCLoginPath}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", s.ready)
	mux.HandleFunc("GET /reports/county/{office}/{file}", s.countyReportDownload)
	mux.HandleFunc("GET /exports/submissions/{file}", s.submissionExport)
	mux.HandleFunc("GET /exports/feedback/{file}", s.feedbackExport)
	mux.HandleFunc("GET /exports/{file}", s.answerFactsExport)
	mux.HandleFunc("GET /workbooks/{service}/{round}/{file}", s.workbookDownload)
	mux.HandleFunc("POST /workbooks/{service}/{round}", s.workbookUpload)
	mux.HandleFunc("GET /baseline/{round}/samleskjema.xlsx", s.baselineTemplate)
	mux.HandleFunc("GET /baseline/{round}/grunnlag.xlsx", s.baselineSheet)
	mux.HandleFunc("POST /baseline/{round}", s.baselineUpload)
	if err := s.mountOIDC(mux); err != nil {
		return nil, err
	}
	mux.Handle("/", securityHeaders(spa(cfg.Static)))

	s.http = &http.Server{
		Addr:              cfg.Listen,
		Handler:           s.logRequests(withCORS(cfg.CORSOrigins, s.withRequestContext(s.authenticate(s.rateLimit(mux))))),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	s.http.RegisterOnShutdown(func() { close(s.shutdown) })
	s.http.Handler = s.observe(s.http.Handler)
	s.http.ConnState = s.life.trackConn
	return s, nil
}

// Handler is the whole HTTP handler (for tests with httptest).
func (s *Server) Handler() http.Handler { return s.http.Handler }

// Serve serves on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	return s.serveErr(s.http.Serve(s.life.listen(ln)))
}

// Shutdown stops accepting connections, lets every request in flight finish, closes kept-alive
// connections without cutting a request (see drain), then closes websockets.
func (s *Server) Shutdown(ctx context.Context) error {
	s.drain(ctx)
	return s.http.Shutdown(ctx)
}

// CloseWebsockets ends every websocket connection (used by tests that do not run Serve).
func (s *Server) CloseWebsockets() {
	select {
	case <-s.shutdown:
	default:
		close(s.shutdown)
	}
}

func (s *Server) graphQL(res *graph.Resolver) http.Handler {
	srv := handler.New(graph.NewExecutableSchema(generated.Config{Resolvers: res}))
	initTimeout := s.cfg.WebsocketInitTimeout
	if initTimeout == 0 {
		initTimeout = 10 * time.Second
	}
	ws := &wsTransport{store: res.Store, broker: res.Broker, initTimeout: initTimeout, pingInterval: 15 * time.Second,
		maxOps: 100, authenticate: s.websocketCaller, conns: map[*wsConn]struct{}{},
		// Same-origin upgrades are allowed by the library; other origins only from the CORS
		// allow-list, so another site cannot open a socket with the user's cookies.
		accept: coderws.AcceptOptions{Subprotocols: []string{wsSubprotocol}, OriginPatterns: originHosts(s.cfg.CORSOrigins),
			CompressionMode: coderws.CompressionDisabled}}
	go func() { <-s.shutdown; ws.shutdown() }() // 1001 Going Away to every socket
	srv.AddTransport(ws)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(graphqlHTTP{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if s.cfg.Metrics != nil {
		srv.Use(graphqlMetrics{m: s.cfg.Metrics}) // first: the outermost, it sees the final response
	}
	srv.Use(extension.Introspection{})
	srv.Use(operationLimits{limits: s.cfg.Limits, production: s.cfg.Production})
	srv.Use(&inputCheck{})
	srv.Use(extension.FixedComplexityLimit(s.cfg.Limits.MaxComplexity))
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(responseBounds{timeout: s.cfg.Limits.OperationTimeout, maxBytes: s.cfg.Limits.MaxResponseBytes})
	if s.cfg.Production {
		srv.SetDisableSuggestion(true)
	}
	srv.SetErrorPresenter(presentError)
	srv.AroundFields(s.fieldMiddleware(res.LookAhead))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		s.log.ErrorContext(ctx, "resolver panic", "panic", v)
		return errInternal
	})
	return srv
}

// withCORS lets the listed browser origins call the API with credentials. With no origins listed
// it adds nothing at all: rs/cors treats an empty list as "every origin", which is the opposite
// of what an empty --cors-origins means.
func withCORS(origins []string, next http.Handler) http.Handler {
	if len(origins) == 0 {
		return next
	}
	return cors.New(cors.Options{
		AllowedOrigins:   origins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders:   []string{"Content-Type", "Authorization", "Accept-Language", "X-Requested-With"},
		AllowCredentials: true,
		MaxAge:           600,
	}).Handler(next)
}

// originHosts turns allowed origins (https://host:port) into the host patterns the websocket
// library matches origins against.
func originHosts(origins []string) []string {
	var out []string
	for _, o := range origins {
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			out = append(out, u.Host)
		}
	}
	return out
}

// withRequestContext attaches what every resolver needs: the caller's language and fresh dataloaders.
func (s *Server) withRequestContext(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := domain.WithLang(r.Context(), domain.ParseAcceptLanguage(r.Header.Get("Accept-Language")))
		if l := r.URL.Query().Get("lang"); l == "nb" || l == "nn" || l == "en" {
			ctx = domain.WithLang(ctx, domain.Lang(l))
		}
		ctx = graph.WithLoaders(ctx, s.store)
		if r.ContentLength > s.cfg.MaxBodySize {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodySize)
		}
		// The graph checks its own inputs (inputCheck); a download's filter is never free text.
		if r.URL.Path != "/graphql" && queryHasControlChar(r.URL.Query()) {
			http.Error(w, "a query parameter contains a control character", http.StatusBadRequest)
			return
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if s.Draining() {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = fmt.Fprintln(w, "shutting down")
		return
	}
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = fmt.Fprintln(w, "database unreachable")
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status for the access log and passes it on.
func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer (websocket hijacking, flushing).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			return
		}
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration_ms", time.Since(start).Milliseconds())
	})
}
