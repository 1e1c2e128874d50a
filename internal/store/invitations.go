package store

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Onboarding by invitation: a county advisor invites a service's leader by e-mail, the leader
// invites their staff. The invited person gets a one-time link, valid InvitationLifetime, that
// creates their account for that service. Only the SHA-256 of the link's secret is stored on the
// invitation; the outbox holds the secret sealed with a server key until the message is sent or
// given up, and then erases it.

// InvitationLifetime is how long an invitation link works.
const InvitationLifetime = 14 * 24 * time.Hour

// InvitationPrefix starts every invitation secret.
const InvitationPrefix = "eki_"

// LinkPlaceholder stands for the invitation link in an outbox body until the sender fills it in.
const LinkPlaceholder = "{{link}}"

// Invitation states, derived from the row.
const (
	InvitationPending  = "PENDING"
	InvitationAccepted = "ACCEPTED"
	InvitationRevoked  = "REVOKED"
	InvitationExpired  = "EXPIRED"
)

// Invitation invites a person by e-mail to become a service's leader or staff.
type Invitation struct {
	bun.BaseModel `bun:"table:invitations,alias:inv"`
	ID            int64      `bun:",pk,autoincrement"`
	ServiceID     int64      `bun:",notnull"`
	OfficeID      int64      `bun:",notnull"`
	Role          auth.Role  `bun:",notnull"`
	Email         string     `bun:",notnull"`
	TokenHash     string     `bun:",notnull" json:"-"`
	CreatedBy     *int64     `bun:"created_by"`
	CreatedAt     time.Time  `bun:",nullzero,notnull,default:current_timestamp"`
	ExpiresAt     time.Time  `bun:",notnull"`
	AcceptedAt    *time.Time `bun:"accepted_at"`
	UserID        *int64     `bun:"user_id"`
	RevokedAt     *time.Time `bun:"revoked_at"`
	RevokedBy     *int64     `bun:"revoked_by"`
}

// State says where the invitation stands now.
func (i *Invitation) State(now time.Time) string {
	switch {
	case i.AcceptedAt != nil:
		return InvitationAccepted
	case i.RevokedAt != nil:
		return InvitationRevoked
	case !now.Before(i.ExpiresAt):
		return InvitationExpired
	}
	return InvitationPending
}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// inviteAction is what inviting to a role takes: a county office invites leaders, a leader staff.
func inviteAction(role auth.Role) (auth.Action, error) {
	switch role {
	case auth.RoleServiceLeader:
		return auth.ActInviteLeader, nil
	case auth.RoleServiceStaff:
		return auth.ActInviteStaff, nil
	}
	return "", domain.ErrInviteRole()
}

// RoleToInvite is the role the caller invites people to: a county advisor invites a service's
// leader, a leader their staff; nobody else invites.
func RoleToInvite(c *auth.Caller) (auth.Role, error) {
	if c.Kind == auth.KindUser {
		switch c.Role {
		case auth.RoleCountyAdvisor:
			return auth.RoleServiceLeader, nil
		case auth.RoleServiceLeader:
			return auth.RoleServiceStaff, nil
		}
	}
	return "", auth.ErrForbidden()
}

func checkEmail(email string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if len(email) > 254 || !emailPattern.MatchString(email) {
		return "", domain.ErrEmail()
	}
	return email, nil
}

// seal encrypts a secret with the outbox's server key (AES-256-GCM, nonce first).
func (s *Store) seal(ctx context.Context, secret string) ([]byte, error) {
	key, err := s.serverKey(ctx, "outbox")
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, []byte(secret), nil), nil
}

// unseal decrypts what seal sealed.
func (s *Store) unseal(ctx context.Context, sealed []byte) (string, error) {
	key, err := s.serverKey(ctx, "outbox")
	if err != nil {
		return "", err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return "", err
	}
	if len(sealed) < gcm.NonceSize() {
		return "", errors.New("sealed secret too short")
	}
	plain, err := gcm.Open(nil, sealed[:gcm.NonceSize()], sealed[gcm.NonceSize():], nil)
	return string(plain), err
}

// invitationMail is the subject and body of an invitation, the link left as LinkPlaceholder.
func invitationMail(role auth.Role, service string, expires time.Time) (string, string) {
	return domain.InvitationMail(role == auth.RoleServiceStaff, service, expires, LinkPlaceholder)
}

// InvitationInput is an invitation by e-mail of a person to a service in a role.
type InvitationInput struct {
	ServiceID int64
	Email     string
	Role      auth.Role
	action    auth.Action // what inviting to the role takes, set by Validate
}

// Validate normalises the address and checks it and that the role is one that is invited (a
// service's leader or staff), before the transaction.
func (in *InvitationInput) Validate() error {
	act, err := inviteAction(in.Role)
	if err != nil {
		return err
	}
	email, err := checkEmail(in.Email)
	if err != nil {
		return err
	}
	in.Email, in.action = email, act
	return nil
}

// CreateInvitation invites a person by e-mail to the service in the role. Inviting the same
// address to the same service again replaces the open invitation (the old link stops working).
// The invitation mail is put in the outbox in the same transaction.
func (s *Store) CreateInvitation(ctx context.Context, serviceID int64, email string, role auth.Role) (*Invitation, error) {
	in := InvitationInput{ServiceID: serviceID, Email: email, Role: role}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create invitation: %w", err)
	}
	email, act := in.Email, in.action
	var inv *Invitation
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var svc Service
		if err := tx.NewSelect().Model(&svc).Where("s.id = ?", serviceID).For("UPDATE").Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounService, serviceID)
		}
		c := auth.From(ctx)
		if err := c.Can(act, auth.Target{ServiceID: svc.ID, OfficeID: svc.OfficeID}); err != nil {
			return err
		}
		if !svc.Active() {
			return domain.ErrInviteToMergedService()
		}
		if taken, err := tx.NewSelect().Model((*User)(nil)).Where("lower(email) = ? AND service_id = ? AND NOT disabled", email, serviceID).Exists(ctx); err != nil {
			return err
		} else if taken {
			return domain.ErrAlreadyInService()
		}
		// A new invitation to the same address replaces the open one.
		if _, err := tx.NewUpdate().Model((*Invitation)(nil)).Set("revoked_at = now(), revoked_by = ?", nz(c.UserID)).
			Where("service_id = ? AND email = ? AND accepted_at IS NULL AND revoked_at IS NULL", serviceID, email).Exec(ctx); err != nil {
			return err
		}
		secret, err := auth.NewSecret(InvitationPrefix)
		if err != nil {
			return err
		}
		now := time.Now()
		inv = &Invitation{ServiceID: svc.ID, OfficeID: svc.OfficeID, Role: role, Email: email, TokenHash: auth.HashSecret(secret),
			CreatedBy: nz(c.UserID), CreatedAt: now, ExpiresAt: now.Add(InvitationLifetime)}
		if _, err := tx.NewInsert().Model(inv).Exec(ctx); err != nil {
			return err
		}
		sealed, err := s.seal(ctx, secret)
		if err != nil {
			return err
		}
		subject, body := invitationMail(role, svc.Name, inv.ExpiresAt)
		if _, err := tx.NewInsert().Model(&Outbox{InvitationID: &inv.ID, ServiceID: svc.ID, Recipient: email, Subject: subject, Body: body,
			Status: MailPending, SealedSecret: sealed, NextAttemptAt: now}).Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "invitation.create", ObjectType: "invitation", ObjectID: inv.ID, ServiceID: svc.ID, OfficeID: svc.OfficeID,
			New: map[string]any{"role": role, "email": email, "expiresAt": inv.ExpiresAt}})
	})
	if err != nil {
		return nil, fmt.Errorf("create invitation: %w", err)
	}
	return inv, nil
}

// RevokeInvitation stops an open invitation's link from working, and its mail from being sent.
func (s *Store) RevokeInvitation(ctx context.Context, id int64) (*Invitation, error) {
	var inv Invitation
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := tx.NewSelect().Model(&inv).Where("inv.id = ?", id).For("UPDATE").Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounInvitation, id)
		}
		act, err := inviteAction(inv.Role)
		if err != nil {
			return err
		}
		c := auth.From(ctx)
		if err := c.Can(act, auth.Target{ServiceID: inv.ServiceID, OfficeID: inv.OfficeID}); err != nil {
			if domain.IsCode(err, domain.CodeForbidden) && c.Kind == auth.KindUser && c.Scope().SeesService(inv.ServiceID, inv.OfficeID) {
				return err
			}
			return domain.ErrNotFound(domain.NounInvitation, id)
		}
		if st := inv.State(time.Now()); st != InvitationPending {
			return domain.ErrInvitationNotOpen()
		}
		now := time.Now()
		inv.RevokedAt, inv.RevokedBy = &now, nz(c.UserID)
		if _, err := tx.NewUpdate().Model(&inv).Column("revoked_at", "revoked_by").WherePK().Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model((*Outbox)(nil)).Set("status = ?, sealed_secret = NULL, last_error = ?", MailNotSent, "revoked").
			Where("invitation_id = ? AND status = ?", id, MailPending).Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "invitation.revoke", ObjectType: "invitation", ObjectID: id, ServiceID: inv.ServiceID, OfficeID: inv.OfficeID,
			Old: map[string]any{"state": InvitationPending}, New: map[string]any{"state": InvitationRevoked}})
	})
	if err != nil {
		return nil, fmt.Errorf("revoke invitation %d: %w", id, err)
	}
	return &inv, nil
}

// Invitations lists a service's invitations, newest first, for those who may invite to it: the
// county office its leaders, the leader its staff (who reads the leader invitations too). The
// addresses are personal data, so nobody else reads them.
func (s *Store) Invitations(ctx context.Context, serviceID int64) ([]Invitation, error) {
	svc, err := s.service(ctx, serviceID)
	if err != nil {
		return nil, err
	}
	c := auth.From(ctx)
	t := auth.Target{ServiceID: svc.ID, OfficeID: svc.OfficeID}
	if c.Can(auth.ActInviteLeader, t) != nil && c.Can(auth.ActInviteStaff, t) != nil {
		if c.Kind == auth.KindUser && c.Scope().SeesService(svc.ID, svc.OfficeID) {
			return nil, auth.ErrForbidden()
		}
		return nil, domain.ErrNotFound(domain.NounService, serviceID)
	}
	var out []Invitation
	err = s.db.NewSelect().Model(&out).Where("inv.service_id = ?", serviceID).OrderExpr("inv.created_at DESC, inv.id DESC").Scan(ctx)
	return out, err
}

// InvitationByToken finds the invitation of a link, whatever its state; NOT_FOUND for an unknown link.
func (s *Store) InvitationByToken(ctx context.Context, token string) (*Invitation, *Service, error) {
	if !strings.HasPrefix(token, InvitationPrefix) || len(token) > 100 {
		return nil, nil, domain.ErrNotFound(domain.NounInvitation, "")
	}
	var inv Invitation
	if err := s.db.NewSelect().Model(&inv).Where("inv.token_hash = ?", auth.HashSecret(token)).Scan(ctx); err != nil {
		return nil, nil, notFoundIfNoRows(err, domain.NounInvitation, "")
	}
	svc, err := s.service(ctx, inv.ServiceID)
	return &inv, svc, err
}

// AcceptInput creates the invited person's account.
type AcceptInput struct {
	Token       string
	Username    string
	DisplayName string
	Password    string
	OIDCSubject string // set by the OpenID Connect callback instead of a password
}

// AcceptInvitation creates the account an invitation offers (with a password or an OIDC
// identity), uses the invitation up and signs the person in. It returns the account and the
// session secret.
func (s *Store) AcceptInvitation(ctx context.Context, in AcceptInput, userAgent string) (*User, string, error) {
	var u User
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var inv Invitation
		if !strings.HasPrefix(in.Token, InvitationPrefix) || len(in.Token) > 100 {
			return domain.ErrInvitationClosed()
		}
		if err := tx.NewSelect().Model(&inv).Where("inv.token_hash = ?", auth.HashSecret(in.Token)).For("UPDATE").Scan(ctx); err != nil {
			if errors.Is(err, errNoRows) {
				return domain.ErrInvitationClosed()
			}
			return err
		}
		if inv.State(time.Now()) != InvitationPending {
			return domain.ErrInvitationClosed()
		}
		var active bool
		if err := tx.NewSelect().Table("services").ColumnExpr("merged_into_id IS NULL").Where("id = ?", inv.ServiceID).Scan(ctx, &active); err != nil || !active {
			if err == nil {
				err = domain.ErrInvitationClosed()
			}
			return err
		}
		ui := UserInput{Username: in.Username, DisplayName: in.DisplayName, Password: in.Password, OIDCSubject: in.OIDCSubject,
			Role: inv.Role, ServiceID: inv.ServiceID}
		if ui.Username == "" {
			ui.Username = inv.Email
		}
		// The new account is made by the invitation, as the person accepting it.
		actx := auth.WithCaller(ctx, &auth.Caller{Kind: auth.KindAnonymous, Name: "invitation:" + fmt.Sprint(inv.ID), ServiceID: inv.ServiceID})
		if err := s.checkNewUser(actx, &ui); err != nil {
			return err
		}
		if taken, err := tx.NewSelect().Model((*User)(nil)).Where("username = ?", ui.Username).Exists(ctx); err != nil {
			return err
		} else if taken {
			return domain.ErrAccountTaken("username")
		}
		if ui.OIDCSubject != "" {
			if taken, err := tx.NewSelect().Model((*User)(nil)).Where("oidc_subject = ?", ui.OIDCSubject).Exists(ctx); err != nil {
				return err
			} else if taken {
				return domain.ErrAccountTaken("oidcSubject")
			}
		}
		created, err := s.EnsureUser(actx, tx, ui)
		if err != nil {
			return err
		}
		if !created {
			return domain.ErrAccountTaken("username")
		}
		if err := tx.NewSelect().Model(&u).Where("u.username = ?", ui.Username).Scan(ctx); err != nil {
			return err
		}
		u.Email = &inv.Email
		if _, err := tx.NewUpdate().Model(&u).Column("email").WherePK().Exec(ctx); err != nil {
			return err
		}
		now := time.Now()
		inv.AcceptedAt, inv.UserID = &now, &u.ID
		if _, err := tx.NewUpdate().Model(&inv).Column("accepted_at", "user_id").WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit(auth.WithCaller(ctx, u.Caller("")), tx, Change{Action: "invitation.accept", ObjectType: "invitation", ObjectID: inv.ID,
			ServiceID: inv.ServiceID, OfficeID: inv.OfficeID, New: map[string]any{"userId": u.ID, "oidc": in.OIDCSubject != ""}})
	})
	if err != nil {
		return nil, "", fmt.Errorf("accept invitation: %w", err)
	}
	secret, err := s.openSession(auth.WithCaller(ctx, u.Caller("")), &u, userAgent, "login.invitation", "")
	return &u, secret, err
}
