package graph

import (
	"context"
	"time"

	"github.com/egenkontroll/egenkontroll/graph/model"
	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// officeVisible lets county advisors of the office and national callers read an office's own work.
func officeVisible(ctx context.Context, officeID int64) error {
	if !auth.From(ctx).CanSeeOffice(officeID) {
		return domain.ErrNotFound(domain.NounOffice, officeID)
	}
	return nil
}

// servicesByID loads services through the loader, keeping the order of ids; a service outside the
// caller's reach leaves the list.
func (r *Resolver) servicesByID(ctx context.Context, ids []int64) ([]store.Service, error) {
	all, err := loadMany(ctx, loadersFrom(ctx).Service, ids)
	if err != nil {
		return nil, err
	}
	out := make([]store.Service, 0, len(ids))
	for _, svc := range all {
		if svc != nil {
			out = append(out, *svc)
		}
	}
	return out, nil
}

func (r *Resolver) funnel(ctx context.Context, roundID int64, filter *model.FunnelFilter, sort domain.FunnelSort, desc bool) (*model.Funnel, error) {
	round, err := r.Store.Round(ctx, roundID)
	if err != nil {
		return nil, err
	}
	f := store.FunnelFilter{Sort: sort, Descending: desc}
	if filter != nil {
		f.OfficeID, f.CountyID, f.Stages = deref(filter.OfficeID), deref(filter.CountyID), filter.Stages
		f.Overdue, f.Late, f.NameContains = filter.Overdue, filter.Late, deref(filter.NameContains)
	}
	scope := auth.From(ctx).Scope()
	rows, err := r.Store.Funnel(ctx, scope, roundID, f)
	if err != nil {
		return nil, err
	}
	counts, overdue, err := r.Store.FunnelCounts(ctx, scope, roundID, f)
	if err != nil {
		return nil, err
	}
	out := &model.Funnel{Round: round, Entries: rows, OverdueCount: overdue, Counts: make([]model.StageCount, 0, len(counts))}
	for _, c := range counts {
		out.Counts = append(out.Counts, model.StageCount{Stage: c.Stage, Count: c.Count})
	}
	return out, nil
}

func (r *Resolver) countyReports(ctx context.Context, roundID int64) ([]model.CountyReportStatus, error) {
	round, err := r.Store.Round(ctx, roundID)
	if err != nil {
		return nil, err
	}
	rows, err := r.Store.ReportStatuses(ctx, auth.From(ctx).Scope(), roundID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(rows))
	for i, row := range rows {
		ids[i] = row.OfficeID
	}
	offices, err := loadMany(ctx, loadersFrom(ctx).Office, ids)
	if err != nil {
		return nil, err
	}
	out := make([]model.CountyReportStatus, 0, len(rows))
	for i, row := range rows {
		office, err := required(offices[i], nil)
		if err != nil {
			return nil, err
		}
		st := model.CountyReportStatus{Office: office, SubmittedAt: row.SubmittedAt, ReportDeadline: round.ReportDeadline, State: row.State()}
		st.Missing = row.SubmittedAt == nil && time.Now().After(round.ReportDeadline.EndInOslo())
		out = append(out, st)
	}
	return out, nil
}
