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

// Who may read what is decided where objects are loaded: the store's scoped reads and the batch
// loaders take the caller's scope from auth. These two are the single-object entry points.

// visibleService loads a service the caller may see; anything else is NOT_FOUND. It goes through
// the request's shared loader (which takes the caller's scope like Store.VisibleService), so
// aliases of root fields asking about the same service check it once.
func (r *Resolver) visibleService(ctx context.Context, id int64) (*store.Service, error) {
	svc, err := load(ctx, requestLoaders(ctx).Service, id)
	if err != nil {
		return nil, err
	}
	if svc == nil {
		return nil, domain.ErrNotFound(domain.NounService, id)
	}
	return svc, nil
}

// visibleCase loads a case the caller may read (only inside its service); anything else is NOT_FOUND.
func (r *Resolver) visibleCase(ctx context.Context, id int64) (*store.Case, error) {
	return r.Store.VisibleCase(ctx, scope(ctx), id)
}

// historyVisible: the audit trail of forms and cases is the service's working paper.
func historyVisible(ctx context.Context, serviceID int64) error {
	if !scope(ctx).SeesCaseWork(serviceID) {
		return auth.ErrForbidden()
	}
	return nil
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
		v.CanEditForms = c.EditsForms()
		v.CanSubmitForms = c.SubmitsForms()
		v.CanManageRegister = canManageRegister(c)
		v.CanManageCampaigns = c.ManagesCampaigns()
		v.InvitesRole = invitesRole(c)
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
	// The answer is read as the person now signed in.
	c := u.Caller(auth.HashSecret(secret))
	return r.viewer(auth.WithCaller(ctx, c), c)
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
