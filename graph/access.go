package graph

import (
	"context"
	"encoding/json"
	"time"

	"github.com/egenkontroll/egenkontroll/graph/model"
	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Entry points to service data check the caller's scope here; everything reachable from a visible
// service (its forms, cases, answers) is within the same scope, and reference data (offices,
// counties, rounds, questionnaires) is open to every signed-in caller.

// visibleService loads a service the caller may see; anything else is NOT_FOUND.
func (r *Resolver) visibleService(ctx context.Context, id int64) (*store.Service, error) {
	svc, err := r.Store.Service(ctx, id)
	if err != nil {
		return nil, err
	}
	if !auth.From(ctx).CanSee(auth.Target{ServiceID: svc.ID, OfficeID: svc.OfficeID}) {
		return nil, domain.ErrNotFound(domain.NounService, id)
	}
	return svc, nil
}

// visibleCase loads a case the caller may see; anything else is NOT_FOUND.
func (r *Resolver) visibleCase(ctx context.Context, id int64) (*store.Case, error) {
	c, err := r.Store.Case(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := r.visibleService(ctx, c.ServiceID); err != nil {
		return nil, domain.ErrNotFound(domain.NounCase, id)
	}
	return c, nil
}

// canSeeHistory: national analysts, administrators and the service itself read the audit trail.
func canSeeHistory(ctx context.Context, serviceID int64) error {
	c := auth.From(ctx)
	if c.Kind == auth.KindUser && (c.Role == auth.RoleNationalAnalyst || c.Role == auth.RoleAdmin || c.ServiceID == serviceID) {
		return nil
	}
	return auth.ErrForbidden()
}

func jsonText(raw json.RawMessage) *string {
	if len(raw) == 0 {
		return nil
	}
	s := string(raw)
	return &s
}

func (r *Resolver) viewer(ctx context.Context, c *auth.Caller) (*model.Viewer, error) {
	v := &model.Viewer{Name: c.Name, National: c.National()}
	switch c.Kind {
	case auth.KindUser:
		v.Kind = model.CallerKindUser
		role := c.Role
		v.Role = &role
		users, err := r.Store.UsersByID(ctx, []int64{c.UserID})
		if err != nil {
			return nil, err
		}
		if len(users) == 1 {
			v.User = &users[0]
		}
		v.CanEditForms = c.Role == auth.RoleServiceStaff || c.Role == auth.RoleServiceLeader
		v.CanSubmitForms = c.Role == auth.RoleServiceLeader
	case auth.KindToken:
		v.Kind = model.CallerKindToken
	default:
		v.Kind = model.CallerKindAnonymous
		v.Name = ""
	}
	var err error
	if c.OfficeID != 0 {
		if v.Office, err = load(ctx, loadersFrom(ctx).Office, c.OfficeID); err != nil {
			return nil, err
		}
	}
	if c.ServiceID != 0 {
		if v.Service, err = load(ctx, loadersFrom(ctx).Service, c.ServiceID); err != nil {
			return nil, err
		}
		if v.Office == nil && v.Service != nil {
			if v.Office, err = load(ctx, loadersFrom(ctx).Office, v.Service.OfficeID); err != nil {
				return nil, err
			}
		}
	}
	return v, nil
}

func (r *Resolver) login(ctx context.Context, username, password string) (*model.Viewer, error) {
	w := auth.SessionWriterFrom(ctx)
	if w == nil {
		return nil, domain.ErrBadInput("", "Logg inn over HTTP, ikke over websocket.", "Logg inn over HTTP, ikkje over websocket.", "Sign in over HTTP, not over a websocket.")
	}
	u, secret, err := r.Store.Login(ctx, username, password, w.UserAgent())
	if err != nil {
		return nil, err
	}
	w.SetSession(secret, time.Now().Add(store.SessionLifetime))
	return r.viewer(ctx, u.Caller(auth.HashSecret(secret)))
}

func (r *Resolver) logout(ctx context.Context) (bool, error) {
	c := auth.From(ctx)
	if w := auth.SessionWriterFrom(ctx); w != nil {
		w.ClearSession()
	}
	if c.Kind != auth.KindUser || c.SessionID == "" {
		return false, nil
	}
	if err := r.Store.Logout(ctx, c.SessionID); err != nil {
		return false, err
	}
	return true, nil
}
