package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// usernamePattern is the database's check on user names, said here so a bad one is a clear
// BAD_USER_INPUT rather than a refused insert.
var usernamePattern = regexp.MustCompile(`^[a-z0-9._@-]{3,100}$`)

var nounUser = domain.Noun{NB: "kontoen", NN: "kontoen", EN: "account"}

// checkNewUser validates an account to create and normalises its user name and texts.
func (s *Store) checkNewUser(ctx context.Context, in *UserInput) error {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	in.OIDCSubject = strings.TrimSpace(in.OIDCSubject)
	if !usernamePattern.MatchString(in.Username) {
		return domain.ErrBadInput("username", "Brukernavnet må ha 3–100 tegn: a–z, 0–9, punktum, understrek, @ og bindestrek.",
			"Brukarnamnet må ha 3–100 teikn: a–z, 0–9, punktum, understrek, @ og bindestrek.",
			"The user name needs 3–100 characters: a–z, 0–9, full stop, underscore, @ and hyphen.")
	}
	if err := checkDisplayName(in.DisplayName); err != nil {
		return err
	}
	if !in.Role.Valid() {
		return domain.ErrBadInput("role", "Velg en rolle.", "Vel ei rolle.", "Choose a role.")
	}
	// The role decides the organisation, as the database also insists.
	serviceRole := in.Role.BelongsToService()
	switch {
	case serviceRole && in.ServiceID == 0:
		return domain.ErrBadInput("serviceId", "Velg tjenesten personen arbeider i.", "Vel tenesta personen arbeider i.", "Choose the service the person works in.")
	case !serviceRole && in.ServiceID != 0:
		return domain.ErrBadInput("serviceId", "Bare saksbehandlere og ledere i en tjeneste hører til en tjeneste.",
			"Berre saksbehandlarar og leiarar i ei teneste høyrer til ei teneste.", "Only staff and leaders of a service belong to a service.")
	case in.Role.BelongsToOffice() && in.OfficeID == 0:
		return domain.ErrBadInput("officeId", "Velg embetet personen arbeider i.", "Vel embetet personen arbeider i.", "Choose the office the person works in.")
	case !in.Role.BelongsToOffice() && in.OfficeID != 0:
		return domain.ErrBadInput("officeId", "Bare rådgivere hos Statsforvalteren hører til et embete.",
			"Berre rådgivarar hos Statsforvaltaren høyrer til eit embete.", "Only county advisors belong to an office.")
	case in.Password == "" && in.OIDCSubject == "":
		return domain.ErrBadInput("password", "Gi kontoen et passord, eller et OIDC-subjekt for innlogging gjennom virksomhetens pålogging.",
			"Gi kontoen eit passord, eller eit OIDC-subjekt for innlogging gjennom pålogginga til verksemda.",
			"Give the account a password, or an OIDC subject for signing in through the organisation's log-in.")
	}
	if in.Password != "" {
		if err := checkPassword(in.Password); err != nil {
			return err
		}
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

// checkDisplayName refuses an empty name, one over 200 characters and one with personal data
// beyond the name (a phone number, an e-mail address, an identity number); name is already
// trimmed. A display name is a person's name by design, so it gets no name warning.
func checkDisplayName(name string) error {
	if name == "" || utf8.RuneCountInString(name) > 200 {
		return domain.ErrBadInput("displayName", "Skriv personens navn (høyst 200 tegn).", "Skriv namnet til personen (høgst 200 teikn).",
			"Write the person's name (at most 200 characters).")
	}
	return domain.CheckText("displayName", name, 200)
}

// errTaken says that a user name or OIDC subject belongs to another account.
func errTaken(field string) error {
	return domain.ErrBadInput(field, "Det finnes allerede en konto med dette.", "Det finst alt ein konto med dette.", "An account with this already exists.")
}

func checkPassword(pw string) error {
	if utf8.RuneCountInString(pw) < auth.MinPasswordLen {
		return domain.ErrBadInput("password", fmt.Sprintf("Passordet må ha minst %d tegn. En setning av flere ord er lett å huske.", auth.MinPasswordLen),
			fmt.Sprintf("Passordet må ha minst %d teikn. Ei setning av fleire ord er lett å hugse.", auth.MinPasswordLen),
			fmt.Sprintf("The password needs at least %d characters. A sentence of several words is easy to remember.", auth.MinPasswordLen))
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
				err = errTaken(field)
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
			return errTaken("username")
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

// UpdateUser changes an account. Disabling it or setting its password ends its sessions in the
// same transaction, so a disabled person is out at their next request.
func (s *Store) UpdateUser(ctx context.Context, id int64, ch UserChange) (*User, error) {
	var u User
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := tx.NewSelect().Model(&u).Where("u.id = ?", id).For("UPDATE").Scan(ctx); err != nil {
			return notFoundIfNoRows(err, nounUser, id)
		}
		old := u
		cols := []string{}
		endSessions := false
		if ch.DisplayName != nil {
			name := strings.TrimSpace(*ch.DisplayName)
			if err := checkDisplayName(name); err != nil {
				return err
			}
			u.DisplayName, cols = name, append(cols, "display_name")
		}
		if ch.Disabled != nil && *ch.Disabled != u.Disabled {
			if *ch.Disabled && auth.From(ctx).UserID == u.ID {
				return domain.ErrBadInput("disabled", "Du kan ikke deaktivere din egen konto.", "Du kan ikkje deaktivere din eigen konto.", "You cannot disable your own account.")
			}
			u.Disabled, cols = *ch.Disabled, append(cols, "disabled")
			endSessions = u.Disabled
		}
		if ch.Password != nil {
			if err := checkPassword(*ch.Password); err != nil {
				return err
			}
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
	return all[User](ctx, s.DB, "u.username")
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
	return where[User](ctx, s.DB, "id", ids, "")
}
