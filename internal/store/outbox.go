package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"
)

// Where an outbox message stands.
const (
	MailPending = "PENDING"  // waiting for (another) attempt
	MailSent    = "SENT"     // handed to the SMTP server
	MailFailed  = "FAILED"   // given up after the last attempt
	MailNotSent = "NOT_SENT" // no mail server configured (written to the log), no address, or revoked
)

// OutboxMessage is a message ready to send: its addresses resolved and its link filled in.
type OutboxMessage struct {
	Outbox
	To     []string
	Secret string // the invitation's secret, for the link; empty for a reminder
}

// Delivery is what became of one attempt.
type Delivery struct {
	Sent   bool
	Err    error         // the attempt failed; retried after RetryIn unless GiveUp
	GiveUp bool          // do not try again (mark FAILED, or NOT_SENT when NotSent)
	Retry  time.Duration // wait before the next attempt
	// NotSent marks the message as deliberately not sent (no server configured, no address).
	NotSent bool
	Reason  string
}

// DeliverNext takes the oldest message that is due, locked so that several instances never send
// one twice, resolves its addresses and secret, and records what deliver made of it. It reports
// false when nothing is due.
func (s *Store) DeliverNext(ctx context.Context, deliver func(OutboxMessage) Delivery) (bool, error) {
	found := false
	err := s.db.RunInTx(ctx, &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error {
		var m OutboxMessage
		err := tx.NewSelect().Model(&m.Outbox).Where("ob.status = ? AND ob.next_attempt_at <= now()", MailPending).
			OrderExpr("ob.next_attempt_at, ob.id").Limit(1).For("UPDATE SKIP LOCKED").Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		if m.Recipient != "" {
			m.To = []string{m.Recipient}
		} else {
			// A reminder goes to the service's leaders who have an address.
			if err := tx.NewSelect().Model((*User)(nil)).Column("email").
				Where("service_id = ? AND role = 'SERVICE_LEADER' AND NOT disabled AND email IS NOT NULL", m.ServiceID).
				OrderExpr("id").Scan(ctx, &m.To); err != nil {
				return err
			}
		}
		if m.SealedSecret != nil {
			if m.Secret, err = s.unseal(ctx, m.SealedSecret); err != nil {
				return fmt.Errorf("outbox %d: unseal: %w", m.ID, err)
			}
		}
		var d Delivery
		if len(m.To) == 0 {
			d = Delivery{NotSent: true, GiveUp: true, Reason: "no address: the service has no leader with an e-mail address"}
		} else {
			d = deliver(m)
		}
		q := tx.NewUpdate().Model((*Outbox)(nil)).Where("id = ?", m.ID).Set("attempts = attempts + 1")
		switch {
		case d.Sent:
			q = q.Set("status = ?, sent_at = now(), sealed_secret = NULL, last_error = ''", MailSent)
		case d.NotSent:
			q = q.Set("status = ?, sealed_secret = NULL, last_error = ?", MailNotSent, clip(d.Reason))
		case d.GiveUp:
			q = q.Set("status = ?, sealed_secret = NULL, last_error = ?", MailFailed, clip(errText(d.Err)))
		default:
			q = q.Set("last_error = ?, next_attempt_at = now() + make_interval(secs => ?)", clip(errText(d.Err)), d.Retry.Seconds())
		}
		_, err = q.Exec(ctx)
		return err
	})
	return found, err
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func clip(s string) string {
	s = strings.ToValidUTF8(s, "?")
	if utf8.RuneCountInString(s) > 300 {
		s = string([]rune(s)[:300])
	}
	return s
}

// OutboxByActivities lists the messages of follow-up activities, by activity.
func (s *Store) OutboxByActivities(ctx context.Context, ids []int64) (map[int64][]Outbox, error) {
	out := map[int64][]Outbox{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Outbox
	err := s.db.NewSelect().Model(&rows).ExcludeColumn("sealed_secret").Where("ob.activity_id IN (?)", bun.List(ids)).OrderExpr("ob.id").Scan(ctx)
	for _, r := range rows {
		out[*r.ActivityID] = append(out[*r.ActivityID], r)
	}
	return out, err
}

// OutboxByInvitations gives the newest message of each invitation.
func (s *Store) OutboxByInvitations(ctx context.Context, ids []int64) (map[int64]Outbox, error) {
	out := map[int64]Outbox{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Outbox
	err := s.db.NewSelect().Model(&rows).ExcludeColumn("sealed_secret").Where("ob.invitation_id IN (?)", bun.List(ids)).OrderExpr("ob.id").Scan(ctx)
	for _, r := range rows {
		out[*r.InvitationID] = r
	}
	return out, err
}

// Outbox is a message waiting for the sender (internal/mail): a reminder to a service (its
// leaders' addresses are looked up when it is sent) or an invitation to one address.
type Outbox struct {
	bun.BaseModel  `bun:"table:outbox,alias:ob"`
	ID             int64     `bun:",pk,autoincrement"`
	ActivityID     *int64    `bun:"activity_id"`
	InvitationID   *int64    `bun:"invitation_id"`
	PlanReminderID *int64    `bun:"plan_reminder_id"` // a reminder of an improvement action past its due date
	LetterID       *int64    `bun:"letter_id"`        // an office's invitation letter
	ServiceID      int64     `bun:",notnull"`
	Recipient      string    `bun:",notnull"`
	Subject        string    `bun:",notnull"`
	Body           string    `bun:",notnull"`
	CreatedAt      time.Time `bun:",nullzero,notnull,default:current_timestamp"`
	SentAt         *time.Time
	Attempts       int       `bun:",notnull"`
	LastError      string    `bun:",notnull"`
	Status         string    `bun:",notnull"`
	NextAttemptAt  time.Time `bun:",nullzero,notnull,default:current_timestamp"`
	SealedSecret   []byte    `bun:"sealed_secret" json:"-"`
}
