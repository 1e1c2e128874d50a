package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Revision snapshots: the whole form as it was sent, which every reader outside the service reads
// and the statistics count.

// StoreRevision stores the form as it is now as its revision number sub.Revision, sent at t (used by
// submit and the seeders). The database derives the revision's figures from the snapshot in the
// same statement (migration 0009); from then on the statistics count this revision until a newer
// one is stored.
func StoreRevision(ctx context.Context, db bun.IDB, sub *Submission, t time.Time) (*Revision, error) {
	snap, err := snapshot(ctx, db, sub)
	if err != nil {
		return nil, err
	}
	rev := Revision{SubmissionID: sub.ID, Revision: sub.Revision, SubmittedAt: t, Late: sub.Late, Snapshot: *snap}
	if _, err := db.NewInsert().Model(&rev).Exec(ctx); err != nil {
		return nil, fmt.Errorf("store revision: %w", err)
	}
	return &rev, nil
}

// SnapshotOf builds the revision snapshot of a submission as it is now (used by submit and the seeder).
func SnapshotOf(ctx context.Context, tx bun.IDB, sub *Submission) (*Snapshot, error) {
	return snapshot(ctx, tx, sub)
}

func snapshot(ctx context.Context, tx bun.IDB, sub *Submission) (*Snapshot, error) {
	sums, err := summaries(ctx, tx, []int64{sub.ID})
	if err != nil {
		return nil, err
	}
	var cases []Case
	if err := tx.NewSelect().Model(&cases).Where("c.submission_id = ?", sub.ID).OrderExpr("c.number").Scan(ctx); err != nil {
		return nil, err
	}
	var answers []Answer
	if err := tx.NewSelect().Model(&answers).Join("JOIN cases AS c ON c.id = a.case_id").
		Where("c.submission_id = ?", sub.ID).OrderExpr("a.case_id, a.question_id").Scan(ctx); err != nil {
		return nil, err
	}
	byCase := map[int64][]SnapshotAnswer{}
	for _, a := range answers {
		byCase[a.CaseID] = append(byCase[a.CaseID], SnapshotAnswer{QuestionID: a.QuestionID, Option: a.Option, Comment: a.Comment})
	}
	snap := &Snapshot{Assessment: sub.Assessment, QuestionComments: sub.QuestionComments, Reflections: sub.Reflections, Feedback: sub.Feedback, WayForward: sub.Decision(), GoalResults: sub.GoalResults, ImprovementPlan: sub.ImprovementPlan,
		Summary: *sums[sub.ID], Cases: []SnapshotCase{}}
	if sub.EntryMode == domain.EntryTotals && sub.Totals != nil {
		snap.EntryMode, snap.TotalsCases = domain.EntryTotals, sub.Totals.positions()
	}
	for _, c := range cases {
		snap.Cases = append(snap.Cases, SnapshotCase{Number: c.Number, StartedMonth: c.StartedMonth, ClosedMonth: c.ClosedMonth,
			Outcome: c.Outcome, DaysToFirstActivity: c.DaysToFirstActivity, Answers: append([]SnapshotAnswer{}, byCase[c.ID]...)})
	}
	return snap, nil
}

// SnapshotsOf builds the revision snapshots of many submissions as they are now, in five
// statements (used to give synthetic data its submitted revisions).
func SnapshotsOf(ctx context.Context, db bun.IDB, subs []Submission) (map[int64]*Snapshot, error) {
	ids := make([]int64, len(subs))
	for i := range subs {
		ids[i] = subs[i].ID
	}
	out := make(map[int64]*Snapshot, len(subs))
	if len(ids) == 0 {
		return out, nil
	}
	sums, err := summaries(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	var cases []Case
	if err := db.NewSelect().Model(&cases).Where("c.submission_id IN (?)", bun.List(ids)).OrderExpr("c.submission_id, c.number").Scan(ctx); err != nil {
		return nil, err
	}
	var answers []Answer
	if err := db.NewSelect().Model(&answers).Join("JOIN cases AS c ON c.id = a.case_id").
		Where("c.submission_id IN (?)", bun.List(ids)).OrderExpr("a.case_id, a.question_id").Scan(ctx); err != nil {
		return nil, err
	}
	byCase := map[int64][]SnapshotAnswer{}
	for _, a := range answers {
		byCase[a.CaseID] = append(byCase[a.CaseID], SnapshotAnswer{QuestionID: a.QuestionID, Option: a.Option, Comment: a.Comment})
	}
	for i := range subs {
		sub := &subs[i]
		out[sub.ID] = &Snapshot{Assessment: sub.Assessment, QuestionComments: sub.QuestionComments, Reflections: sub.Reflections,
			Feedback: sub.Feedback, WayForward: sub.Decision(), GoalResults: sub.GoalResults, ImprovementPlan: sub.ImprovementPlan,
			Summary: *sums[sub.ID], Cases: []SnapshotCase{}}
		if sub.EntryMode == domain.EntryTotals && sub.Totals != nil {
			out[sub.ID].EntryMode, out[sub.ID].TotalsCases = domain.EntryTotals, sub.Totals.positions()
		}
	}
	for _, c := range cases {
		snap := out[c.SubmissionID]
		snap.Cases = append(snap.Cases, SnapshotCase{Number: c.Number, StartedMonth: c.StartedMonth, ClosedMonth: c.ClosedMonth,
			Outcome: c.Outcome, DaysToFirstActivity: c.DaysToFirstActivity, Answers: append([]SnapshotAnswer{}, byCase[c.ID]...)})
	}
	return out, nil
}
