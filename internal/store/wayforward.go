package store

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// WayForwardInput is the decision on the way forward as given in a draft.
type WayForwardInput struct {
	Decision *domain.WayForward // nil clears the decision and its comment
	Comment  string
}

// Validate checks the decision, and that a comment comes with one. Whether the round asks for the
// way forward at all needs the round, so checkWayForward checks that first.
func (in *WayForwardInput) Validate() error {
	if in.Decision == nil {
		if strings.TrimSpace(in.Comment) != "" {
			return domain.ErrWayForwardCommentAlone()
		}
		return nil
	}
	if !in.Decision.Valid() {
		return domain.ErrWayForwardUnknown()
	}
	return nil
}

// checkWayForward validates the decision (asked in rounds after the first) and screens its comment.
func checkWayForward(f *lockedForm, in *WayForwardInput, ts *domain.TextScreen) (*WayForwardDecision, error) {
	if f.round.Number <= 1 {
		return nil, domain.ErrNotCollectedInFirstRound("wayForward")
	}
	ts.Stored("wayForward.comment", f.sub.WayForwardComment)
	if err := in.Validate(); err != nil || in.Decision == nil {
		return nil, err
	}
	if err := ts.Check("wayForward.comment", in.Comment, domain.MaxAssessmentLen); err != nil {
		return nil, err
	}
	return &WayForwardDecision{Decision: *in.Decision, Comment: strings.TrimSpace(in.Comment)}, nil
}

// WayForwardCounts counts the decisions on the way forward in the services' last submitted
// revisions of a round. They are service-level decisions, never case figures, so no small
// numbers are withheld.
type WayForwardCounts struct {
	OfficeID      *int64 `bun:"office_id"`
	Submitted     int    `bun:"submitted"`
	Continue      int    `bun:"continue"`
	Adjust        int    `bun:"adjust"`
	MakePermanent int    `bun:"make_permanent"`
	NotGiven      int    `bun:"not_given"`
}

// CountWayForward counts the decisions of the services the scope reaches in a round, for one office
// or (officeID 0) all; one statement.
func (s *Store) CountWayForward(ctx context.Context, scope Scope, roundID, officeID int64) (*WayForwardCounts, error) {
	if err := roundExists(ctx, s.db, roundID); err != nil {
		return nil, err
	}
	out := &WayForwardCounts{}
	if officeID != 0 {
		out.OfficeID = &officeID
	}
	q := latestSubmitted(s.db, roundID).
		ColumnExpr("count(*) AS submitted").
		ColumnExpr("count(*) FILTER (WHERE rev.snapshot->'wayForward'->>'decision' = 'CONTINUE') AS continue").
		ColumnExpr("count(*) FILTER (WHERE rev.snapshot->'wayForward'->>'decision' = 'ADJUST') AS adjust").
		ColumnExpr("count(*) FILTER (WHERE rev.snapshot->'wayForward'->>'decision' = 'MAKE_PERMANENT') AS make_permanent").
		ColumnExpr("count(*) FILTER (WHERE rev.snapshot->'wayForward'->>'decision' IS NULL) AS not_given")
	q = applyScope(q, scope)
	if officeID != 0 {
		q = q.Where("s.office_id = ?", officeID)
	}
	if err := q.Scan(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// latestSubmitted selects the last submitted revision (rev) of every form (sub) of a round, with its
// service (s).
func latestSubmitted(db bun.IDB, roundID int64) *bun.SelectQuery {
	return db.NewSelect().
		TableExpr("(SELECT DISTINCT ON (rev.submission_id) rev.* FROM submission_revisions AS rev ORDER BY rev.submission_id, rev.revision DESC) AS rev").
		Join("JOIN submissions AS sub ON sub.id = rev.submission_id").
		Join("JOIN services AS s ON s.id = sub.service_id").
		Where("sub.round_id = ?", roundID)
}
