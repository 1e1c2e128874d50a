package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Validate normalises the account's user name and texts and checks everything that needs no
// database: the user-name rule, the display name, the role and the organisation it needs (one rule,
// auth.Role.CheckOrganisation), and a way to sign in (a password long enough, or an OIDC subject).
func (in *UserInput) Validate() error {
	in.Username = domain.NormalizeUsername(in.Username)
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	in.OIDCSubject = strings.TrimSpace(in.OIDCSubject)
	if err := domain.CheckUsername(in.Username); err != nil {
		return err
	}
	if err := domain.CheckDisplayName(in.DisplayName); err != nil {
		return err
	}
	if err := in.Role.CheckOrganisation(in.OfficeID, in.ServiceID); err != nil {
		return err
	}
	if in.Password == "" && in.OIDCSubject == "" {
		return domain.ErrNoWayToSignIn()
	}
	if in.Password != "" {
		return domain.CheckPasswordLength(in.Password, auth.MinPasswordLen)
	}
	return nil
}

// checkNewUser validates an account to create (Validate) and checks that its service or office
// exists.
func (s *Store) checkNewUser(ctx context.Context, in *UserInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	if in.ServiceID != 0 {
		if _, err := s.service(ctx, in.ServiceID); err != nil {
			return err
		}
	}
	if in.OfficeID != 0 {
		if _, err := s.Office(ctx, in.OfficeID); err != nil {
			return err
		}
	}
	return nil
}

// CreateUser creates an account. A taken user name or OIDC subject is refused as bad input.
func (s *Store) CreateUser(ctx context.Context, in UserInput) (*User, error) {
	if err := s.checkNewUser(ctx, &in); err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	var u *User
	err := s.inTx(ctx, func(tx bun.Tx) error {
		// Say which field is taken; the unique indexes still decide a race (below).
		taken := func(field, where string, arg string) error {
			exists, err := tx.NewSelect().Model((*User)(nil)).Where(where, arg).Exists(ctx)
			if err == nil && exists {
				err = domain.ErrAccountTaken(field)
			}
			return err
		}
		if err := taken("username", "username = ?", in.Username); err != nil {
			return err
		}
		if in.OIDCSubject != "" {
			if err := taken("oidcSubject", "oidc_subject = ?", in.OIDCSubject); err != nil {
				return err
			}
		}
		created, err := s.EnsureUser(ctx, tx, in)
		if err != nil {
			return err
		}
		if !created { // a concurrent create won the race for the user name
			return domain.ErrAccountTaken("username")
		}
		u = new(User)
		return tx.NewSelect().Model(u).Where("u.username = ?", in.Username).Scan(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("create user %q: %w", in.Username, err)
	}
	return u, nil
}

// UserChange is what UpdateUser changes; nil fields keep their value.
type UserChange struct {
	DisplayName *string
	Disabled    *bool
	Password    *string
}

// Validate trims the new display name and checks it and the new password, before the transaction.
func (ch *UserChange) Validate() error {
	if ch.DisplayName != nil {
		name := strings.TrimSpace(*ch.DisplayName)
		if err := domain.CheckDisplayName(name); err != nil {
			return err
		}
		ch.DisplayName = &name
	}
	if ch.Password != nil {
		return domain.CheckPasswordLength(*ch.Password, auth.MinPasswordLen)
	}
	return nil
}

// UpdateUser changes an account. Disabling it or setting its password ends its sessions in the
// same transaction, so a disabled person is out at their next request.
func (s *Store) UpdateUser(ctx context.Context, id int64, ch UserChange) (*User, error) {
	if err := ch.Validate(); err != nil {
		return nil, fmt.Errorf("update user %d: %w", id, err)
	}
	var u User
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := tx.NewSelect().Model(&u).Where("u.id = ?", id).For("UPDATE").Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounUser, id)
		}
		old := u
		cols := []string{}
		endSessions := false
		if ch.DisplayName != nil {
			u.DisplayName, cols = *ch.DisplayName, append(cols, "display_name")
		}
		if ch.Disabled != nil && *ch.Disabled != u.Disabled {
			if *ch.Disabled && auth.From(ctx).UserID == u.ID {
				return domain.ErrDisableOwnAccount()
			}
			u.Disabled, cols = *ch.Disabled, append(cols, "disabled")
			endSessions = u.Disabled
		}
		if ch.Password != nil {
			h, err := auth.HashPassword(*ch.Password)
			if err != nil {
				return err
			}
			u.PasswordHash, cols, endSessions = &h, append(cols, "password_hash"), true
		}
		if len(cols) == 0 {
			return nil
		}
		if _, err := tx.NewUpdate().Model(&u).Column(cols...).WherePK().Exec(ctx); err != nil {
			return err
		}
		if endSessions {
			if _, err := tx.NewDelete().Model((*Session)(nil)).Where("user_id = ?", u.ID).Exec(ctx); err != nil {
				return err
			}
		}
		// The audit trail records that the password changed, never the hash.
		return audit(ctx, tx, Change{Action: "user.update", ObjectType: "user", ObjectID: u.ID,
			Old: map[string]any{"displayName": old.DisplayName, "disabled": old.Disabled},
			New: map[string]any{"displayName": u.DisplayName, "disabled": u.Disabled, "passwordChanged": ch.Password != nil}})
	})
	if err != nil {
		return nil, fmt.Errorf("update user %d: %w", id, err)
	}
	return &u, nil
}

// User is a person's account.
type User struct {
	bun.BaseModel `bun:"table:users,alias:u"`
	ID            int64     `bun:",pk,autoincrement"`
	Username      string    `bun:",notnull"`
	DisplayName   string    `bun:",notnull"`
	Role          auth.Role `bun:",notnull"`
	ServiceID     *int64    `bun:"service_id"`
	OfficeID      *int64    `bun:"office_id"`
	PasswordHash  *string   `bun:"password_hash" json:"-"`
	OIDCSubject   *string   `bun:"oidc_subject" json:"-"`
	Email         *string   `bun:"email"`
	Disabled      bool      `bun:",notnull"`
	CreatedAt     time.Time `bun:",nullzero,notnull,default:current_timestamp"`
}

// Caller is the user as a caller of the API.
func (u *User) Caller(sessionID string) *auth.Caller {
	return &auth.Caller{Kind: auth.KindUser, UserID: u.ID, SessionID: sessionID, Name: u.DisplayName, Role: u.Role,
		OfficeID: deref64(u.OfficeID), ServiceID: deref64(u.ServiceID)}
}

func deref64(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// Users lists accounts by user name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	return all[User](ctx, s.db, "u.username")
}

// UserInput describes an account to create or update (by user name).
type UserInput struct {
	Username, DisplayName, Password string
	Role                            auth.Role
	OfficeID, ServiceID             int64
	OIDCSubject                     string
}

// EnsureUser creates the account unless the user name exists (seeding and the command line).
func (s *Store) EnsureUser(ctx context.Context, db bun.IDB, in UserInput) (bool, error) {
	u := &User{Username: in.Username, DisplayName: in.DisplayName, Role: in.Role, OfficeID: nz(in.OfficeID), ServiceID: nz(in.ServiceID)}
	if in.Password != "" {
		h, err := auth.HashPassword(in.Password)
		if err != nil {
			return false, err
		}
		u.PasswordHash = &h
	}
	if in.OIDCSubject != "" {
		u.OIDCSubject = &in.OIDCSubject
	}
	res, err := db.NewInsert().Model(u).On("CONFLICT (username) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("create user %s: %w", in.Username, err)
	}
	n, _ := res.RowsAffected()
	if n > 0 {
		if err := audit(ctx, db, Change{Action: "user.create", ObjectType: "user", ObjectID: u.ID, New: u}); err != nil {
			return false, err
		}
	}
	return n > 0, nil
}

// UsersByID loads accounts by id.
func (s *Store) UsersByID(ctx context.Context, ids []int64) ([]User, error) {
	return where[User](ctx, s, "id", ids, "")
}
