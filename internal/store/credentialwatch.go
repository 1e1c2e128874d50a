package store

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
)

// Ending live subscriptions when the credentials they run on end (sign-out, disabled account,
// revoked or expired token).

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
