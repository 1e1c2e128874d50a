// Sign-in and sessions: passwords and OIDC, the log-in throttle, idle and absolute lifetimes, and
// whether a caller's credentials still hold.

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Session is a server-side log-in session.
type Session struct {
	bun.BaseModel `bun:"table:sessions,alias:ses"`
	ID            string    `bun:",pk"`
	UserID        int64     `bun:",notnull"`
	CreatedAt     time.Time `bun:",nullzero,notnull,default:current_timestamp"`
	ExpiresAt     time.Time `bun:",notnull"`
	LastSeenAt    time.Time `bun:",nullzero,notnull,default:current_timestamp"`
	UserAgent     string    `bun:",notnull"`
}

// Session lifetimes: a working day at most, and a couple of idle hours.
const (
	SessionLifetime = 12 * time.Hour
	SessionIdle     = 2 * time.Hour
)

// ErrBadLogin is returned for a wrong user name or password, without saying which.
var ErrBadLogin = domain.ErrBadLogin()

// Failed log-ins are counted per user name and client address together, so a stranger elsewhere
// cannot lock a real user out: the first LoginFreeFailures failures cost nothing, then each further
// one locks that user name from that client for LoginBaseDelay, doubling per failure up to
// LoginMaxDelay. A row nobody has touched for LoginForgetAfter is forgotten (and deleted).
const (
	LoginFreeFailures = 5
	LoginBaseDelay    = 30 * time.Second
	LoginMaxDelay     = 15 * time.Minute
	LoginForgetAfter  = 24 * time.Hour
	// MaxUsernameLen bounds the user name a log-in accepts (user names themselves are at most 100).
	MaxUsernameLen = 200
)

// loginKeyName names the server key of the keyed hashes log-ins use.
const loginKeyName = "login"

// reserveLogin counts an attempt as a failure before its password is checked, in one atomic
// upsert, and says whether the attempt may go on. The row lock the upsert takes orders parallel
// attempts, so of N at once only those before the lock-out reach the password check; a right
// password among them removes the row again (clearLogin).
func (s *Store) reserveLogin(ctx context.Context, key string) (bool, int, time.Duration, error) {
	var r struct {
		Allowed  bool    `bun:"allowed"`
		Failures int     `bun:"failures"`
		Wait     float64 `bun:"wait"`
	}
	// ?1 free failures, ?2 base delay, ?3 max delay (seconds), ?4 forget after (seconds). In the
	// UPDATE every t.column is the row as it was, so "nf" (the new failure count) is spelt out twice.
	const nf = `(CASE WHEN t.updated_at < now() - make_interval(secs => ?4) THEN 1 ELSE t.failures + 1 END)`
	const locked = `coalesce(t.locked_until > now(), false)`
	err := s.db.NewRaw(`INSERT INTO login_throttle AS t (key, failures, locked_until, allowed, updated_at)
		VALUES (?0, 1, CASE WHEN ?1 <= 1 THEN now() + make_interval(secs => ?2) END, true, now())
		ON CONFLICT (key) DO UPDATE SET
			allowed = NOT `+locked+`,
			failures = CASE WHEN `+locked+` THEN t.failures ELSE `+nf+` END,
			locked_until = CASE WHEN `+locked+` THEN t.locked_until
				WHEN `+nf+` >= ?1 THEN now() + make_interval(secs => least(?2 * power(2, least(`+nf+` - ?1, 30)), ?3))
				END,
			updated_at = CASE WHEN `+locked+` THEN t.updated_at ELSE now() END
		RETURNING allowed, failures, coalesce(extract(epoch FROM locked_until - now()), 0)::float8 AS wait`,
		key, LoginFreeFailures, LoginBaseDelay.Seconds(), LoginMaxDelay.Seconds(), LoginForgetAfter.Seconds()).Scan(ctx, &r)
	if err != nil {
		return false, 0, 0, fmt.Errorf("count log-in attempt: %w", err)
	}
	return r.Allowed, r.Failures, time.Duration(r.Wait * float64(time.Second)), nil
}

// Login checks a password and opens a session. It returns the session secret (for the cookie).
// Both outcomes are audited; a user name that matches no account is audited only as a keyed hash
// and its length, and a known account's failure as the account's id, never as typed.
func (s *Store) Login(ctx context.Context, username, password, userAgent string) (*User, string, error) {
	if utf8.RuneCountInString(username) > MaxUsernameLen {
		return nil, "", domain.ErrLoginUsernameTooLong(MaxUsernameLen)
	}
	username = domain.NormalizeUsername(username) // user names are stored so (CreateUser)
	key, err := s.serverKey(ctx, loginKeyName)
	if err != nil {
		return nil, "", err
	}
	throttle := keyedHash(key, "throttle", username, auth.ClientAddrFrom(ctx))
	allowed, failures, wait, err := s.reserveLogin(ctx, throttle)
	if err != nil {
		return nil, "", err
	}
	if !allowed {
		return nil, "", domain.ErrTooManyLogins(wait)
	}
	var u User
	err = s.db.NewSelect().Model(&u).Where("u.username = ?", username).Scan(ctx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, "", err
	}
	attempt := map[string]any{"failures": failures}
	if failures >= LoginFreeFailures {
		attempt["lockedSeconds"] = int(math.Ceil(wait.Seconds()))
	}
	if err != nil || u.PasswordHash == nil || u.Disabled {
		auth.CheckNoUser(password)
		if u.ID == 0 {
			attempt["usernameHash"] = keyedHash(key, "username", username)
			attempt["usernameLength"] = utf8.RuneCountInString(username)
			_ = s.Audit(ctx, Change{Action: "login.failed", ObjectType: "user", New: attempt})
		} else {
			_ = s.Audit(auth.WithCaller(ctx, u.Caller("")), Change{Action: "login.failed", ObjectType: "user", ObjectID: u.ID,
				ServiceID: deref64(u.ServiceID), OfficeID: deref64(u.OfficeID), New: attempt})
		}
		return nil, "", ErrBadLogin
	}
	if !auth.CheckPassword(*u.PasswordHash, password) {
		_ = s.Audit(auth.WithCaller(ctx, u.Caller("")), Change{Action: "login.failed", ObjectType: "user", ObjectID: u.ID,
			ServiceID: deref64(u.ServiceID), OfficeID: deref64(u.OfficeID), New: attempt})
		return nil, "", ErrBadLogin
	}
	secret, err := s.openSession(auth.WithCaller(ctx, u.Caller("")), &u, userAgent, "login.password", throttle)
	return &u, secret, err
}

// LoginOIDC opens a session for the account mapped to an OpenID Connect subject or user name.
func (s *Store) LoginOIDC(ctx context.Context, claim string, userAgent string) (*User, string, error) {
	var u User
	err := s.db.NewSelect().Model(&u).Where("(u.oidc_subject = ? OR u.username = ?) AND NOT u.disabled", claim, claim).
		OrderExpr("u.oidc_subject IS NULL").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		// The claim is someone's e-mail address or subject without an account here: kept as a keyed hash.
		key, err := s.serverKey(ctx, loginKeyName)
		if err != nil {
			return nil, "", err
		}
		_ = s.Audit(ctx, Change{Action: "login.failed", ObjectType: "user", New: map[string]any{
			"oidcHash": keyedHash(key, "oidc", claim), "oidcLength": utf8.RuneCountInString(claim)}})
		return nil, "", ErrBadLogin
	}
	if err != nil {
		return nil, "", err
	}
	secret, err := s.openSession(auth.WithCaller(ctx, u.Caller("")), &u, userAgent, "login.oidc", "")
	return &u, secret, err
}

// openSession opens a session for u. A password log-in passes its throttle key, whose failures
// the right password clears.
func (s *Store) openSession(ctx context.Context, u *User, userAgent, action, throttle string) (string, error) {
	secret, err := auth.NewSecret(auth.SessionPrefix)
	if err != nil {
		return "", err
	}
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	now := time.Now()
	sess := &Session{ID: auth.HashSecret(secret), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(SessionLifetime), LastSeenAt: now, UserAgent: userAgent}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(sess).Exec(ctx); err != nil {
			return err
		}
		// Expired sessions are cleaned up here, on the rare path, instead of by a timer.
		if _, err := tx.NewDelete().Model((*Session)(nil)).Where("expires_at < now() OR last_seen_at < now() - ?::interval", SessionIdle.String()).Exec(ctx); err != nil {
			return err
		}
		// So are this log-in's failures and every throttle row forgotten by now.
		if _, err := tx.NewRaw(`DELETE FROM login_throttle WHERE key = ? OR (updated_at < now() - make_interval(secs => ?)
			AND coalesce(locked_until < now(), true))`, throttle, LoginForgetAfter.Seconds()).Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: action, ObjectType: "user", ObjectID: u.ID, ServiceID: deref64(u.ServiceID), OfficeID: deref64(u.OfficeID)})
	})
	if err != nil {
		return "", fmt.Errorf("open session: %w", err)
	}
	return secret, nil
}

// SessionUser returns the user of a live session secret and refreshes its idle time, or nil.
func (s *Store) SessionUser(ctx context.Context, secret string) (*User, string, error) {
	id := auth.HashSecret(secret)
	// One statement: the refresh of a live session's idle time rides along as a data-modifying
	// CTE, so every request pays one round trip for its session, not two. The SELECT sees the
	// session as it was before the refresh, as when they were two statements. Refreshing at most
	// once a minute keeps reads from writing on every request. Prepared once per connection
	// (prepared.go): planning it cost several times running it.
	query := s.builtQuery("session-user", func() string {
		touch := s.db.NewUpdate().Model((*Session)(nil)).Set("last_seen_at = now()").
			Where("ses.id = $1 AND ses.last_seen_at < now() - interval '1 minute'").
			Where("ses.last_seen_at > now() - $2::interval").
			Where("EXISTS (SELECT 1 FROM users AS u WHERE u.id = ses.user_id AND " + sessionLive + ")")
		return s.db.NewSelect().With("touch", touch).Model((*User)(nil)).
			Join("JOIN sessions AS ses ON ses.user_id = u.id").
			Where("ses.id = $1 AND " + sessionLive + " AND ses.last_seen_at > now() - $2::interval").String()
	})
	var u User
	err := s.scanPrepared(ctx, query, []any{id, SessionIdle.String()}, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	return &u, id, nil
}

// Logout ends a session.
func (s *Store) Logout(ctx context.Context, sessionID string) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*Session)(nil)).Where("id = ?", sessionID).Exec(ctx); err != nil {
			return err
		}
		c := auth.From(ctx)
		return audit(ctx, tx, Change{Action: "logout", ObjectType: "user", ObjectID: c.UserID, ServiceID: c.ServiceID, OfficeID: c.OfficeID})
	})
}

// What makes a session or a token usable, said once for signing in and for streams that check again.
const (
	sessionLive = "ses.expires_at > now() AND NOT u.disabled" // a request also needs the idle limit
	tokenLive   = "tok.revoked_at IS NULL AND (tok.expires_at IS NULL OR tok.expires_at > now())"
)

// CallerStillValid reports whether the credentials a caller started with still hold: the session
// exists and its account is not disabled, or the token is neither revoked nor expired. A
// long-lived stream (a subscription) asks before each event, so a disabled account or a revoked
// token stops hearing at once, not at its next connection.
func (s *Store) CallerStillValid(ctx context.Context, c *auth.Caller) (bool, error) {
	var q *bun.SelectQuery
	switch {
	case c.Kind == auth.KindUser && c.SessionID != "":
		q = s.db.NewSelect().TableExpr("sessions AS ses").Join("JOIN users AS u ON u.id = ses.user_id").
			Where("ses.id = ? AND "+sessionLive, c.SessionID)
	case c.Kind == auth.KindToken:
		q = s.db.NewSelect().TableExpr("api_tokens AS tok").
			Where("tok.id = ? AND "+tokenLive, c.TokenID)
	default:
		return true, nil // the system, or a caller without credentials to lose
	}
	return q.Exists(ctx)
}
