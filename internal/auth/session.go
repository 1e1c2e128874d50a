package auth

import (
	"context"
	"time"
)

// SessionWriter sets or clears the session cookie of the current request. The HTTP layer puts
// one in the request context so that the log-in and log-out mutations can reach the response.
type SessionWriter interface {
	SetSession(secret string, expires time.Time)
	ClearSession()
	UserAgent() string
}

type writerKey struct{}

// WithSessionWriter returns a context carrying w.
func WithSessionWriter(ctx context.Context, w SessionWriter) context.Context {
	return context.WithValue(ctx, writerKey{}, w)
}

// SessionWriterFrom returns the request's session writer, or nil (websocket operations).
func SessionWriterFrom(ctx context.Context) SessionWriter {
	w, _ := ctx.Value(writerKey{}).(SessionWriter)
	return w
}

type clientKey struct{}

// WithClientAddr returns a context carrying the client address the server sees for the request
// (the same one rate limits count per), so that log-in failures can be counted per client.
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientKey{}, addr)
}

// ClientAddrFrom returns the request's client address, or "" outside a request (the command line, tests).
func ClientAddrFrom(ctx context.Context) string {
	a, _ := ctx.Value(clientKey{}).(string)
	return a
}
