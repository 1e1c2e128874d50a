// Package mail delivers the outbox (reminders and invitations) over SMTP: one message at a time,
// locked in the database so several instances never send one twice, retried with a doubling wait
// up to a maximum of attempts, and each marked SENT or FAILED. With no SMTP server configured,
// each message is written to the log instead and marked NOT_SENT, so nothing waits forever and
// the web app can say that nothing was mailed.
package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Config configures the sender.
type Config struct {
	// SMTPURL is smtp://user:password@host:port (STARTTLS when the server offers it) or
	// smtps://… (TLS from the start). Empty: mail is written to the log and marked NOT_SENT.
	SMTPURL string
	// From is the sender address, e.g. "Egenkontroll <egenkontroll@helsetilsynet.no>".
	From string
	// PublicURL is the web app's address, for links in invitations (https://egenkontroll.example.no).
	PublicURL string
	// MaxAttempts before a message is marked FAILED (default 5).
	MaxAttempts int
	// Backoff is the wait after the first failed attempt, doubled after each (default 1 minute).
	Backoff time.Duration
	// Poll is how often the outbox is looked at (default 5 seconds).
	Poll time.Duration
	// Timeout bounds one SMTP conversation (default 30 seconds).
	Timeout time.Duration
	// TLS is used for STARTTLS and smtps (tests give their own roots); nil: the system's.
	TLS *tls.Config
}

// Sender delivers the outbox.
type Sender struct {
	cfg  Config
	st   *store.Store
	log  *slog.Logger
	smtp *url.URL
	from *mail.Address
}

// New checks the configuration and returns a sender.
func New(cfg Config, st *store.Store, log *slog.Logger) (*Sender, error) {
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = time.Minute
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 5 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.From == "" {
		cfg.From = "Egenkontroll <egenkontroll@localhost>"
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("mail from %q: %w", cfg.From, err)
	}
	s := &Sender{cfg: cfg, st: st, log: log, from: from}
	if cfg.SMTPURL != "" {
		u, err := url.Parse(cfg.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			return nil, errors.New("--smtp-url must look like smtp://user:password@host:port or smtps://…")
		}
		if u.Port() == "" {
			u.Host = net.JoinHostPort(u.Hostname(), map[string]string{"smtp": "25", "smtps": "465"}[u.Scheme])
		}
		s.smtp = u
	}
	return s, nil
}

// Configured reports whether mail goes to an SMTP server (rather than the log).
func (s *Sender) Configured() bool { return s.smtp != nil }

// Run delivers due messages until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	for {
		if _, err := s.Flush(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Flush delivers every message that is due now and returns how many it handled.
func (s *Sender) Flush(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		found, err := s.st.DeliverNext(ctx, s.deliver)
		if err != nil || !found {
			return n, err
		}
		n++
	}
	return n, ctx.Err()
}

func (s *Sender) deliver(m store.OutboxMessage) store.Delivery {
	body := m.Body
	if m.Secret != "" {
		body = strings.ReplaceAll(body, store.LinkPlaceholder, strings.TrimRight(s.cfg.PublicURL, "/")+"/invitasjon/"+m.Secret)
	}
	if s.smtp == nil {
		s.log.Info("mail not sent: no SMTP server configured (--smtp-url); the message follows",
			"outbox", m.ID, "to", strings.Join(m.To, ", "), "subject", m.Subject, "body", body)
		return store.Delivery{NotSent: true, Reason: "no SMTP server configured; written to the log"}
	}
	err := s.send(m.To, m.Subject, body)
	if err == nil {
		s.log.Info("mail sent", "outbox", m.ID, "attempt", m.Attempts+1)
		return store.Delivery{Sent: true}
	}
	attempt := m.Attempts + 1
	s.log.Warn("mail failed", "outbox", m.ID, "attempt", attempt, "err", err)
	var perm *textprotoError
	if attempt >= s.cfg.MaxAttempts || errors.As(err, &perm) && perm.permanent {
		return store.Delivery{Err: err, GiveUp: true}
	}
	return store.Delivery{Err: err, Retry: s.cfg.Backoff << (attempt - 1)}
}

// textprotoError is an SMTP reply; 5xx replies are permanent and not retried.
type textprotoError struct {
	permanent bool
	err       error
}

func (e *textprotoError) Error() string { return e.err.Error() }
func (e *textprotoError) Unwrap() error { return e.err }

// message renders the mail: UTF-8 plain text, quoted-printable, subject as an encoded word.
func (s *Sender) message(to []string, subject, body string) []byte {
	var b strings.Builder
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	host := "egenkontroll"
	if at := strings.LastIndex(s.from.Address, "@"); at >= 0 {
		host = s.from.Address[at+1:]
	}
	fmt.Fprintf(&b, "From: %s\r\n", s.from.String())
	fmt.Fprintf(&b, "To: %s\r\n", strings.Join(to, ", "))
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", subject))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id), host)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	w := quotedprintable.NewWriter(&b)
	_, _ = w.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")))
	_ = w.Close()
	return []byte(b.String())
}

// send holds one SMTP conversation.
func (s *Sender) send(to []string, subject, body string) error {
	u := s.smtp
	host := u.Hostname()
	tlsConfig := s.cfg.TLS
	if tlsConfig == nil {
		tlsConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	tlsConfig = tlsConfig.Clone()
	if tlsConfig.ServerName == "" {
		tlsConfig.ServerName = host
	}
	dialer := &net.Dialer{Timeout: s.cfg.Timeout}
	var conn net.Conn
	var err error
	if u.Scheme == "smtps" {
		conn, err = tls.DialWithDialer(dialer, "tcp", u.Host, tlsConfig)
	} else {
		conn, err = dialer.Dial("tcp", u.Host)
	}
	if err != nil {
		return err
	}
	_ = conn.SetDeadline(time.Now().Add(s.cfg.Timeout))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		_ = conn.Close()
		return reply(err)
	}
	defer func() { _ = c.Close() }()
	if err := c.Hello("egenkontroll"); err != nil {
		return reply(err)
	}
	if u.Scheme == "smtp" {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(tlsConfig); err != nil {
				return reply(err)
			}
		}
	}
	if u.User != nil {
		pw, _ := u.User.Password()
		if err := c.Auth(smtp.PlainAuth("", u.User.Username(), pw, host)); err != nil {
			return reply(err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return reply(err)
	}
	for _, r := range to {
		if err := c.Rcpt(r); err != nil {
			return reply(err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return reply(err)
	}
	if _, err := w.Write(s.message(to, subject, body)); err != nil {
		return reply(err)
	}
	if err := w.Close(); err != nil {
		return reply(err)
	}
	return reply(c.Quit())
}

// reply marks 5xx SMTP replies as permanent.
func reply(err error) error {
	if err == nil {
		return nil
	}
	var tp *textproto.Error
	return &textprotoError{permanent: errors.As(err, &tp) && tp.Code >= 500, err: err}
}
