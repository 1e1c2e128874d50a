package server

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/egenkontroll/egenkontroll/graph"
	"github.com/egenkontroll/egenkontroll/internal/auth"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "egk_session"

// cookieWriter sets the session cookie on the response of one request.
type cookieWriter struct {
	w      http.ResponseWriter
	r      *http.Request
	secure bool
}

// SetSession sets the session cookie: HttpOnly, SameSite=Lax, and Secure behind TLS.
func (c *cookieWriter) SetSession(secret string, expires time.Time) {
	http.SetCookie(c.w, &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", Expires: expires,
		HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode})
}

// ClearSession removes the session cookie from the browser.
func (c *cookieWriter) ClearSession() {
	http.SetCookie(c.w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode})
}

// UserAgent is the browser's User-Agent, kept with the session so people can tell their sessions apart.
func (c *cookieWriter) UserAgent() string { return c.r.UserAgent() }

// secureRequest reports whether the browser reached us over HTTPS (directly or through a proxy).
func (s *Server) secureRequest(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") || s.cfg.SecureCookies
}

// bearer returns the token of an Authorization: Bearer header.
func bearer(h string) (string, bool) {
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:]), true
	}
	return "", false
}

// needsCaller reports whether a path serves data; the web app's files and health checks do not,
// so they cost no session lookup.
func needsCaller(path string) bool {
	return path == "/graphql" || strings.HasPrefix(path, "/reports/") || strings.HasPrefix(path, "/exports/") ||
		strings.HasPrefix(path, "/workbooks/") || strings.HasPrefix(path, "/baseline/")
}

// authenticate works out the caller of a request from its API token or session cookie.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		caller := auth.Anonymous
		if !needsCaller(r.URL.Path) {
			next.ServeHTTP(w, r.WithContext(auth.WithCaller(ctx, caller)))
			return
		}
		cw := &cookieWriter{w: w, r: r, secure: s.secureRequest(r)}
		if secret, ok := bearer(r.Header.Get("Authorization")); ok {
			tok, err := s.store.TokenCaller(ctx, secret)
			if err != nil {
				s.log.Error("check token", "err", err)
				http.Error(w, "authentication unavailable", http.StatusServiceUnavailable)
				return
			}
			if tok == nil {
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
				http.Error(w, "invalid, expired or revoked token", http.StatusUnauthorized)
				return
			}
			caller = tok.Caller()
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			u, sid, err := s.store.SessionUser(ctx, c.Value)
			if err != nil {
				s.log.Error("check session", "err", err)
				http.Error(w, "authentication unavailable", http.StatusServiceUnavailable)
				return
			}
			if u == nil {
				cw.ClearSession() // expired or logged out elsewhere
			} else {
				caller = u.Caller(sid)
			}
		}
		ctx = auth.WithCaller(ctx, caller)
		ctx = auth.WithSessionWriter(ctx, cw)
		ctx = auth.WithClientAddr(ctx, s.clientIP(r)) // failed log-ins count per user name and client
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// websocketCaller authenticates a websocket at connection_init: a token in the payload
// ({"Authorization": "Bearer …"} or {"authToken": "…"}) gives its caller; nil (and no error) means
// the payload carries none, and the caller of the upgrade request (its session cookie) counts.
// An invalid token is UNAUTHENTICATED; any other error means the check could not be made.
func (s *Server) websocketCaller(ctx context.Context, payload map[string]any) (*auth.Caller, error) {
	var secret string
	present := false
	for _, k := range []string{"Authorization", "authorization"} {
		if v, ok := payload[k]; ok {
			present = true
			if str, ok := v.(string); ok {
				secret, _ = bearer(str)
			}
		}
	}
	if v, ok := payload["authToken"]; ok && !present {
		present = true
		secret, _ = v.(string)
	}
	if !present {
		return nil, nil
	}
	if secret == "" {
		return nil, auth.ErrUnauthenticated()
	}
	tok, err := s.store.TokenCaller(ctx, secret)
	if err != nil {
		return nil, err
	}
	if tok == nil {
		return nil, auth.ErrUnauthenticated()
	}
	return tok.Caller(), nil
}

// checkRootRules applies auth.RootRules to a root field (fail closed for a field without a rule),
// before its resolver runs.
func checkRootRules(ctx context.Context, fc *graphql.FieldContext) error {
	if !isRootObject(fc.Object) {
		return nil
	}
	if !strings.HasPrefix(fc.Field.Name, "__") {
		if err := auth.From(ctx).Allows(fc.Object + "." + fc.Field.Name); err != nil {
			return err
		}
	}
	if fc.Object == "Mutation" {
		graph.ResetLoaders(ctx) // reads after a change must see it
	}
	return nil
}

// clientIP is the address rate limits and failed log-ins count per. Behind a proxy set TrustProxy
// so that the last X-Forwarded-For address is used: the one the proxy itself added. Addresses
// before it are whatever the client chose to send, so counting by them would let anyone pose as a
// new client with every request.
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if f := r.Header.Values("X-Forwarded-For"); len(f) > 0 {
			all := strings.Split(f[len(f)-1], ",")
			if last := strings.TrimSpace(all[len(all)-1]); last != "" {
				return last
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
