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
