package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Live status that is never lost. Every change of a form's status is a row of status_events,
// written in the transaction of the change (recordStatus), with a sequence in commit order. NOTIFY
// carries only that sequence, to wake the listeners: each instance's Broker reads the table from the
// last sequence it delivered, so what it missed while its connection was away (a PostgreSQL
// restart) it reads when the connection comes back, in order, once. A client that reconnects passes
// the last sequence it saw and the broker replays the rest from the table.

// StatusChannel is the NOTIFY channel that wakes listeners when a status event is committed; the
// payload is the event's sequence.
const StatusChannel = "egenkontroll_submission_status"

// CredentialsChannel carries "session:<id>", "user:<id>" or "token:<id>" when credentials end
// (triggers of migration 0010), so live subscriptions end without a query per event.
const CredentialsChannel = "egenkontroll_credentials"

// statusEventLock serialises the writers of status events from drawing a sequence to commit, so a
// smaller sequence is never committed after a larger one and a reader that has seen sequence n has
// seen every event before it.
const statusEventLock = 7_150_010

// StatusEvent is a committed change of a submission's status.
type StatusEvent struct {
	bun.BaseModel `bun:"table:status_events,alias:ev"`

	Seq          int64         `bun:"seq,pk,autoincrement" json:"seq"`
	SubmissionID int64         `bun:"submission_id" json:"submissionId"`
	ServiceID    int64         `bun:"service_id" json:"serviceId"`
	RoundID      int64         `bun:"round_id" json:"roundId"`
	OfficeID     int64         `bun:"office_id" json:"officeId"`
	Previous     domain.Status `bun:"previous" json:"previous"`
	Status       domain.Status `bun:"status" json:"status"`
	At           time.Time     `bun:"at" json:"at"`
}

// recordStatus writes the event in the transaction and queues its wake-up: PostgreSQL delivers the
// notification on commit and drops both on rollback, so nobody hears of a change that did not
// happen. One statement: the advisory lock is taken before the sequence is drawn.
func recordStatus(ctx context.Context, tx bun.IDB, ev StatusEvent) error {
	_, err := tx.NewRaw(`WITH ins AS (
		INSERT INTO status_events (submission_id, service_id, round_id, office_id, previous, status, at)
		SELECT ?, ?, ?, ?, ?, ?, ? FROM (SELECT pg_advisory_xact_lock(?)) AS serialised
		RETURNING seq)
		SELECT pg_notify(?, seq::text) FROM ins`,
		ev.SubmissionID, ev.ServiceID, ev.RoundID, ev.OfficeID, string(ev.Previous), string(ev.Status), ev.At,
		statusEventLock, StatusChannel).Exec(ctx)
	if err != nil {
		return fmt.Errorf("record status event of submission %d: %w", ev.SubmissionID, err)
	}
	return nil
}
