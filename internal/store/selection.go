package store

import (
	"context"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// CaseSelection checks a service's choice of cases in a round against the round's guidance
// (document 002, egenkontroll nr. 2): cases that started after the improvement measures began,
// about as many as in round 1, pragmatic when there are fewer. It warns, never blocks.
type CaseSelection struct {
	RoundID                int64
	PreviousRoundID        *int64
	CaseCount              int
	PreviousCaseCount      *int
	MeasuresStartedOn      *domain.Date
	MeasuresStartSource    *domain.MeasuresStartSource
	CasesStartedBefore     []int
	CasesWithoutStartMonth []int
	FewerThanPrevious      bool
	BelowSmallNumberFloor  bool
}

// CaseSelection reads the service's cases in the round (only its own people may) and checks them.
func (s *Store) CaseSelection(ctx context.Context, scope Scope, serviceID, roundID int64) (*CaseSelection, error) {
	svc, err := s.VisibleService(ctx, scope, serviceID)
	if err != nil {
		return nil, err
	}
	if !scope.SeesCaseWork(svc.ID) {
		return nil, domain.ErrNotFound(domain.NounService, serviceID)
	}
	if err := roundExists(ctx, s.db, roundID); err != nil {
		return nil, err
	}
	out := &CaseSelection{RoundID: roundID, CasesStartedBefore: []int{}, CasesWithoutStartMonth: []int{}}
	var cases []Case
	if err := s.db.NewSelect().Model(&cases).Where("c.service_id = ? AND c.round_id = ?", serviceID, roundID).
		OrderExpr("c.number").Scan(ctx); err != nil {
		return nil, err
	}
	out.CaseCount = len(cases)
	out.BelowSmallNumberFloor = len(cases) > 0 && len(cases) < MinCases
	key := Submission{ID: -1, ServiceID: serviceID, RoundID: roundID}
	prior, err := s.priorForms(ctx, scope, []Submission{key})
	if err != nil {
		return nil, err
	}
	p := prior[key.ID]
	if p == nil {
		return out, nil
	}
	out.PreviousRoundID = &p.round.ID
	if p.revision == nil {
		return out, nil
	}
	prevCount := p.revision.Snapshot.Summary.CaseCount
	out.PreviousCaseCount = &prevCount
	out.FewerThanPrevious = len(cases) > 0 && 4*len(cases) < 3*prevCount
	start, source, err := s.measuresStart(ctx, p)
	if err != nil || start == nil {
		return out, err
	}
	out.MeasuresStartedOn, out.MeasuresStartSource = start, &source
	startMonth := domain.NewDate(start.Time().Year(), start.Time().Month(), 1)
	for _, c := range cases {
		switch {
		case c.StartedMonth == nil:
			out.CasesWithoutStartMonth = append(out.CasesWithoutStartMonth, c.Number)
		case c.StartedMonth.Before(startMonth):
			out.CasesStartedBefore = append(out.CasesStartedBefore, c.Number)
		}
	}
	return out, nil
}

// measuresStart is when the previous round's improvement measures began: the earliest start date
// of an action that was not cancelled, or else the day the plan was first submitted with goals.
// A plan followed up after submitting (plan.go) says it first: the date the service set, or the
// earliest start of an action there.
func (s *Store) measuresStart(ctx context.Context, p *priorForm) (*domain.Date, domain.MeasuresStartSource, error) {
	plans, err := plansOf(ctx, s.db, []Submission{{ID: p.revision.SubmissionID}})
	if err != nil {
		return nil, "", err
	}
	if fu := plans[p.revision.SubmissionID]; fu != nil && fu.Started() {
		if d, source := fu.MeasuresBegan(); d != nil {
			return d, source, nil
		}
	}
	var earliest *domain.Date
	for _, g := range p.revision.Snapshot.ImprovementPlan.Goals {
		for _, a := range g.Actions {
			if a.StartDate != nil && a.Status != domain.ActionCancelled && (earliest == nil || a.StartDate.Before(*earliest)) {
				d := *a.StartDate
				earliest = &d
			}
		}
	}
	if earliest != nil {
		return earliest, domain.MeasuresStartAction, nil
	}
	var firstRevs []Revision
	if err := s.db.NewSelect().Model(&firstRevs).Where("rev.submission_id = ?", p.revision.SubmissionID).
		Where("jsonb_array_length(rev.snapshot->'improvementPlan'->'goals') > 0").OrderExpr("rev.revision").Limit(1).Scan(ctx); err != nil {
		return nil, "", err
	}
	if len(firstRevs) == 0 {
		return nil, "", nil
	}
	d := domain.DateOf(firstRevs[0].SubmittedAt)
	return &d, domain.MeasuresStartPlanSubmitted, nil
}
