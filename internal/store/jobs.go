package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Job is long work that reports its progress as it runs (bulk invitations): done of total,
// updated after every batch, so the web app and the command line can show how far it has come.
type Job struct {
	bun.BaseModel `bun:"table:jobs,alias:j"`
	ID            int64            `bun:",pk,autoincrement"`
	Kind          domain.JobKind   `bun:",notnull"`
	OfficeID      *int64           `bun:"office_id"`
	RoundID       *int64           `bun:"round_id"`
	CreatedBy     *int64           `bun:"created_by"`
	Status        domain.JobStatus `bun:",notnull"`
	Done          int              `bun:",notnull"`
	Total         int              `bun:",notnull"`
	Error         string           `bun:",notnull"`
	CreatedAt     time.Time        `bun:",nullzero,notnull,default:current_timestamp"`
	UpdatedAt     time.Time        `bun:",nullzero,notnull,default:current_timestamp"`
	FinishedAt    *time.Time       `bun:",nullzero"`
}

// NounJob names a job in errors.
var NounJob = domain.NounJob

// JobBatch is how many items a job handles per transaction before it reports progress.
var JobBatch = 10

// Job returns a job the caller may follow (their own, or their office's; national work for
// Helsetilsynet's campaign staff), NOT_FOUND otherwise.
func (s *Store) Job(ctx context.Context, id int64) (*Job, error) {
	var j Job
	if err := s.db.NewSelect().Model(&j).Where("j.id = ?", id).Scan(ctx); err != nil {
		return nil, notFoundIfNoRows(err, NounJob, id)
	}
	var office, by int64
	if j.OfficeID != nil {
		office = *j.OfficeID
	}
	if j.CreatedBy != nil {
		by = *j.CreatedBy
	}
	if !auth.From(ctx).SeesJob(office, by) {
		return nil, domain.ErrNotFound(NounJob, id)
	}
	return &j, nil
}

// InviteJob is a started bulk invitation: its job row and the services it invites, in order.
type InviteJob struct {
	Job        *Job
	ServiceIDs []int64
	RoundID    int64
	At         time.Time
}

// StartInviteOffice starts inviting every active service of an office that is not yet invited to
// the round (the office's county advisors). It records the job with its total and returns it; Run
// does the work. Nothing is invited yet when it returns.
func (s *Store) StartInviteOffice(ctx context.Context, roundID, officeID int64, at time.Time) (*InviteJob, error) {
	c := auth.From(ctx)
	if err := c.Can(auth.ActFollowUp, auth.Target{OfficeID: officeID}); err != nil {
		return nil, err
	}
	out := &InviteJob{RoundID: roundID, At: at}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		if err := roundExists(ctx, tx, roundID); err != nil {
			return err
		}
		ok, err := tx.NewSelect().Table("governor_offices").Where("id = ?", officeID).Exists(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return domain.ErrNotFound(domain.NounOffice, officeID)
		}
		if err := tx.NewSelect().Table("services").Column("id").
			Where("office_id = ? AND merged_into_id IS NULL", officeID).
			Where("NOT EXISTS (SELECT 1 FROM participations AS p WHERE p.service_id = services.id AND p.round_id = ?)", roundID).
			OrderExpr("id").Scan(ctx, &out.ServiceIDs); err != nil {
			return err
		}
		j := &Job{Kind: domain.JobInviteServices, OfficeID: &officeID, RoundID: &roundID, CreatedBy: nz(c.UserID),
			Status: domain.JobRunning, Total: len(out.ServiceIDs)}
		if j.Total == 0 {
			now := time.Now()
			j.Status, j.FinishedAt = domain.JobDone, &now
		}
		if _, err := tx.NewInsert().Model(j).Returning("*").Exec(ctx); err != nil {
			return err
		}
		out.Job = j
		return audit(ctx, tx, Change{Action: "job.start", ObjectType: "job", ObjectID: j.ID, OfficeID: officeID, New: j})
	})
	if err != nil {
		return nil, fmt.Errorf("start inviting the services of office %d to round %d: %w", officeID, roundID, err)
	}
	return out, nil
}

// Run invites the job's services in batches of JobBatch, one transaction each, and records the
// progress after every batch (progress, when set, hears it too). A failure marks the job FAILED
// with the error; what was invited before stays invited.
func (s *Store) Run(ctx context.Context, ij *InviteJob, progress func(done, total int)) error {
	j := ij.Job
	if j.Status != domain.JobRunning {
		return nil
	}
	for start := 0; start < len(ij.ServiceIDs); start += JobBatch {
		end := min(start+JobBatch, len(ij.ServiceIDs))
		if _, err := s.InviteServices(ctx, ij.RoundID, ij.ServiceIDs[start:end], ij.At); err != nil {
			s.finishJob(j, domain.JobFailed, err.Error())
			return err
		}
		j.Done = end
		if _, err := s.db.NewUpdate().Model(j).Set("done = ?, updated_at = now()", j.Done).WherePK().Exec(context.WithoutCancel(ctx)); err != nil {
			return err
		}
		if progress != nil {
			progress(j.Done, j.Total)
		}
	}
	s.finishJob(j, domain.JobDone, "")
	return nil
}

func (s *Store) finishJob(j *Job, status domain.JobStatus, msg string) {
	now := time.Now()
	j.Status, j.Error, j.FinishedAt = status, msg, &now
	// The job's end is recorded even when the work's context was cancelled.
	_, _ = s.db.NewUpdate().Model(j).Column("status", "error", "finished_at").Set("updated_at = now()").WherePK().
		Exec(context.Background())
}
