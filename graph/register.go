package graph

import (
	"context"
	"time"

	"github.com/egenkontroll/egenkontroll/graph/model"
	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// The service register, invitations and the outbox's deliveries in the graph.

// canManageRegister: county advisors (for their office) and national analysts change the register.
func canManageRegister(c *auth.Caller) bool {
	return c.Kind == auth.KindUser && (c.Role == auth.RoleCountyAdvisor || c.Role == auth.RoleNationalAnalyst)
}

// invitesRole is the role the caller invites people to, if any.
func invitesRole(c *auth.Caller) *auth.Role {
	if r, err := store.RoleToInvite(c); err == nil {
		return &r
	}
	return nil
}

// optionalService loads a service in the caller's scope; outside it, null rather than an error.
func optionalService(ctx context.Context, id *int64) (*store.Service, error) {
	if id == nil {
		return nil, nil
	}
	s, err := load(ctx, loadersFrom(ctx).Service, *id)
	if err != nil && domain.IsCode(err, domain.CodeNotFound) {
		return nil, nil
	}
	return s, err
}

func (r *Resolver) acceptInvitation(ctx context.Context, in model.AcceptInvitationInput) (*model.Viewer, error) {
	w := auth.SessionWriterFrom(ctx)
	if w == nil {
		return nil, domain.ErrBadInput("", "Bruk lenken over HTTP, ikke over websocket.", "Bruk lenkja over HTTP, ikkje over websocket.", "Use the link over HTTP, not over a websocket.")
	}
	u, secret, err := r.Store.AcceptInvitation(ctx, store.AcceptInput{Token: in.Token, Username: deref(in.Username),
		DisplayName: in.DisplayName, Password: in.Password}, w.UserAgent())
	if err != nil {
		return nil, err
	}
	w.SetSession(secret, time.Now().Add(store.SessionLifetime))
	c := u.Caller(auth.HashSecret(secret))
	return r.viewer(auth.WithCaller(ctx, c), c)
}

func (r *Resolver) invitationPreview(ctx context.Context, token string) (*model.InvitationPreview, error) {
	inv, svc, err := r.Store.InvitationByToken(ctx, token)
	if domain.IsCode(err, domain.CodeNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &model.InvitationPreview{ServiceName: svc.Name, Role: inv.Role, Email: inv.Email, ExpiresAt: inv.ExpiresAt,
		State: model.InvitationState(inv.State(time.Now()))}, nil
}
