// API tokens for BI tools: created with a secret shown once, revoked, and checked on each request.

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// APIToken is a read-only token for BI tools.
type APIToken struct {
	bun.BaseModel `bun:"table:api_tokens,alias:tok"`
	ID            int64      `bun:",pk,autoincrement"`
	Name          string     `bun:",notnull"`
	TokenHash     string     `bun:",notnull" json:"-"`
	OfficeID      *int64     `bun:"office_id"`
	ServiceID     *int64     `bun:"service_id"`
	CreatedBy     *int64     `bun:"created_by"`
	CreatedAt     time.Time  `bun:",nullzero,notnull,default:current_timestamp"`
	ExpiresAt     *time.Time `bun:"expires_at"`
	RevokedAt     *time.Time `bun:"revoked_at"`
	LastUsedAt    *time.Time `bun:"last_used_at"`
}

// Caller is the token as a caller of the API.
func (t *APIToken) Caller() *auth.Caller {
	return &auth.Caller{Kind: auth.KindToken, TokenID: t.ID, Name: "token:" + t.Name, OfficeID: deref64(t.OfficeID), ServiceID: deref64(t.ServiceID)}
}

// TokenCaller returns the live token of a secret, or nil. A token's use is recorded in
// last_used_at and audited at most once an hour.
func (s *Store) TokenCaller(ctx context.Context, secret string) (*APIToken, error) {
	var t APIToken
	err := s.db.NewSelect().Model(&t).
		Where("tok.token_hash = ? AND "+tokenLive, auth.HashSecret(secret)).
		Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	res, err := s.db.NewUpdate().Model((*APIToken)(nil)).Set("last_used_at = now()").
		Where("id = ? AND (last_used_at IS NULL OR last_used_at < now() - interval '1 hour')", t.ID).Exec(ctx)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		if err := s.Audit(auth.WithCaller(ctx, t.Caller()), Change{Action: "token.use", ObjectType: "api_token", ObjectID: t.ID,
			ServiceID: deref64(t.ServiceID), OfficeID: deref64(t.OfficeID)}); err != nil {
			return nil, err
		}
	}
	return &t, nil
}

// TokenInput describes a new API token.
type TokenInput struct {
	Name      string
	OfficeID  int64
	ServiceID int64
	ExpiresAt *time.Time
}

// Validate trims the token's name and checks it, its scope (an office, a service or neither, never
// both) and its expiry time. A name of spaces is no name: refused here rather than let the
// database's check turn it into INTERNAL.
func (in *TokenInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	switch {
	case in.Name == "":
		return domain.ErrTokenNameMissing()
	case in.OfficeID != 0 && in.ServiceID != 0:
		return domain.ErrTokenScopeBoth()
	case in.ExpiresAt != nil && in.ExpiresAt.Before(time.Now()):
		return domain.ErrTokenExpired()
	}
	return nil
}

// CreateToken creates a read-only API token and returns it with its secret, which is shown once.
func (s *Store) CreateToken(ctx context.Context, in TokenInput) (*APIToken, string, error) {
	if err := in.Validate(); err != nil {
		return nil, "", err
	}
	ts := domain.NewTextScreen(ctx)
	if err := ts.Check("name", in.Name, domain.MaxShortTextLen); err != nil {
		return nil, "", err
	}
	if err := ts.Err(); err != nil {
		return nil, "", err
	}
	if in.OfficeID != 0 {
		if _, err := s.Office(ctx, in.OfficeID); err != nil {
			return nil, "", err
		}
	}
	if in.ServiceID != 0 {
		if _, err := s.service(ctx, in.ServiceID); err != nil {
			return nil, "", err
		}
	}
	secret, err := auth.NewSecret(auth.APITokenPrefix)
	if err != nil {
		return nil, "", err
	}
	c := auth.From(ctx)
	t := &APIToken{Name: in.Name, TokenHash: auth.HashSecret(secret), OfficeID: nz(in.OfficeID), ServiceID: nz(in.ServiceID),
		CreatedBy: nz(c.UserID), ExpiresAt: in.ExpiresAt}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(t).Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "token.create", ObjectType: "api_token", ObjectID: t.ID, New: t})
	})
	if err != nil {
		return nil, "", fmt.Errorf("create token: %w", err)
	}
	return t, secret, nil
}

// RevokeToken revokes a token; revoking twice changes nothing.
func (s *Store) RevokeToken(ctx context.Context, id int64) (*APIToken, error) {
	var t APIToken
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(&t).Where("tok.id = ?", id).For("UPDATE").Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounToken, id)
		}
		if t.RevokedAt != nil {
			return nil
		}
		now := time.Now()
		t.RevokedAt = &now
		if _, err := tx.NewUpdate().Model(&t).Column("revoked_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "token.revoke", ObjectType: "api_token", ObjectID: t.ID})
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// Tokens lists API tokens, newest first.
func (s *Store) Tokens(ctx context.Context) ([]APIToken, error) {
	return all[APIToken](ctx, s.db, "tok.id DESC")
}
