package graph

import (
	"context"

	"github.com/egenkontroll/egenkontroll/graph/model"
	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// statusEvents streams the status changes of a round (optionally one office's services), from
// every server instance on the database.
func (r *Resolver) statusEvents(ctx context.Context, roundID int64, officeID *int64) (<-chan *model.SubmissionStatusEvent, error) {
	if err := r.roundExists(ctx, roundID); err != nil {
		return nil, err
	}
	caller := auth.From(ctx)
	if officeID != nil {
		if _, err := r.Store.Office(ctx, *officeID); err != nil {
			return nil, err
		}
		// A service may narrow to its own office (it hears of its own form only, whatever it asks).
		if _, ok := caller.Scope().OfficeWork(); ok && !caller.CanSeeOffice(*officeID) {
			return nil, domain.ErrNotFound(domain.NounOffice, *officeID)
		}
	}
	in := r.Broker.Subscribe(ctx)
	out := make(chan *model.SubmissionStatusEvent, 16)
	go func() {
		defer close(out)
		for ev := range in {
			// The same policy as every read, checked for each event: a service hears only of its
			// own form, a county office only of its own services.
			if ev.RoundID != roundID || (officeID != nil && ev.OfficeID != *officeID) ||
				!caller.CanSee(auth.Target{ServiceID: ev.ServiceID, OfficeID: ev.OfficeID}) {
				continue
			}
			// A disabled account, an ended session or a revoked token ends the stream.
			if ok, err := r.Store.CallerStillValid(ctx, caller); err != nil || !ok {
				if err != nil {
					r.Log.Warn("status event: check credentials", "err", err)
				}
				return
			}
			ResetLoaders(ctx) // the event is resolved with fresh data
			sub, err := r.Store.VisibleSubmission(ctx, scope(ctx), ev.SubmissionID)
			if err != nil {
				r.Log.Warn("status event: load submission", "submission", ev.SubmissionID, "err", err)
				continue
			}
			select {
			case out <- &model.SubmissionStatusEvent{Submission: sub, PreviousStatus: ev.Previous, Status: ev.Status, At: ev.At}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}
