package mail_test

import (
	"bytes"
	"context"
	"github.com/uptrace/bun"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/mail"
	"github.com/egenkontroll/egenkontroll/internal/mail/mailtest"
	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/store"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

var system = auth.WithCaller(context.Background(), auth.System)

type env struct {
	st            *store.Store
	db            *bun.DB // the test's own connection, for reading what the sender wrote
	bergen, round int64
	office        int64
}

func setup(t *testing.T) *env {
	t.Helper()
	dsn := testutil.NewDSN(t)
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(system); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(system, st, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	e := &env{st: st, db: testutil.OpenDB(t, dsn)}
	ctx := context.Background()
	if err := e.db.QueryRowContext(ctx, `SELECT id, office_id FROM services WHERE name = 'Barneverntjenesten i Bergen'`).Scan(&e.bergen, &e.office); err != nil {
		t.Fatal(err)
	}
	if err := e.db.QueryRowContext(ctx, `SELECT id FROM rounds WHERE number = 2`).Scan(&e.round); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) status(t *testing.T, id int64) (status string, attempts int, sealed bool, lastError string) {
	t.Helper()
	if err := e.db.QueryRowContext(context.Background(), `SELECT status, attempts, sealed_secret IS NOT NULL, last_error FROM outbox WHERE id = ?`, id).
		Scan(&status, &attempts, &sealed, &lastError); err != nil {
		t.Fatal(err)
	}
	return
}

func (e *env) invite(t *testing.T, email string) (invitationID, outboxID int64) {
	t.Helper()
	inv, err := e.st.CreateInvitation(system, e.bergen, email, auth.RoleServiceLeader)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.QueryRowContext(context.Background(), `SELECT id FROM outbox WHERE invitation_id = ?`, inv.ID).Scan(&outboxID); err != nil {
		t.Fatal(err)
	}
	return inv.ID, outboxID
}

func sender(t *testing.T, st *store.Store, cfg mail.Config, log *slog.Logger) *mail.Sender {
	t.Helper()
	if log == nil {
		log = slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	}
	cfg.PublicURL = "https://egenkontroll.example.no"
	s, err := mail.New(cfg, st, log)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var linkRE = regexp.MustCompile(`https://egenkontroll\.example\.no/invitasjon/(eki_[A-Za-z0-9_-]+)`)

// TestInvitationMailArrives: an invitation goes over real SMTP (with AUTH) to the invited
// address, with a working one-time link whose secret the database holds only as a hash; once sent,
// not even the sealed copy is left in the outbox.
func TestInvitationMailArrives(t *testing.T) {
	e := setup(t)
	srv := mailtest.Start(t, "egk", "hemmelig")
	invID, obID := e.invite(t, "Kari.Nordmann@Bergen.Kommune.no")
	if status, _, sealed, _ := e.status(t, obID); status != store.MailPending || !sealed {
		t.Fatalf("before sending: %s, sealed %v", status, sealed)
	}
	s := sender(t, e.st, mail.Config{SMTPURL: srv.URL(), From: "Egenkontroll <ikke-svar@helsetilsynet.no>"}, nil)
	if n, err := s.Flush(context.Background()); err != nil || n != 1 {
		t.Fatalf("flush: %d, %v", n, err)
	}
	msgs := srv.Wait(1, 5*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("%d messages arrived", len(msgs))
	}
	m := msgs[0]
	if m.From != "ikke-svar@helsetilsynet.no" || len(m.To) != 1 || m.To[0] != "kari.nordmann@bergen.kommune.no" {
		t.Fatalf("envelope %s → %v", m.From, m.To)
	}
	if m.Subject != "Invitasjon til Egenkontroll for Barneverntjenesten i Bergen" || !strings.Contains(m.Body, "invitert som leder for Barneverntjenesten i Bergen") {
		t.Fatalf("subject %q body %q", m.Subject, m.Body)
	}
	link := linkRE.FindStringSubmatch(m.Body)
	if link == nil {
		t.Fatalf("no link in %q", m.Body)
	}
	var hash string
	_ = e.db.QueryRowContext(context.Background(), `SELECT token_hash FROM invitations WHERE id = ?`, invID).Scan(&hash)
	if hash != auth.HashSecret(link[1]) {
		t.Fatal("the link's secret is not the invitation's")
	}
	if status, attempts, sealed, _ := e.status(t, obID); status != store.MailSent || attempts != 1 || sealed {
		t.Fatalf("after sending: %s after %d attempts, sealed %v", status, attempts, sealed)
	}
	var leaks int
	_ = e.db.QueryRowContext(context.Background(), `SELECT count(*) FROM outbox WHERE body LIKE ? OR subject LIKE ?`, "%"+link[1]+"%", "%"+link[1]+"%").Scan(&leaks)
	if leaks != 0 {
		t.Fatal("the secret is stored in the outbox")
	}
	// The link works once: the account is created with the invited address.
	u, secret, err := e.st.AcceptInvitation(context.Background(), store.AcceptInput{Token: link[1], DisplayName: "Kari Nordmann", Password: "et langt nok passord"}, "test")
	if err != nil || secret == "" || u.Role != auth.RoleServiceLeader || *u.ServiceID != e.bergen || *u.Email != "kari.nordmann@bergen.kommune.no" || u.Username != "kari.nordmann@bergen.kommune.no" {
		t.Fatalf("accepted: %+v, %v", u, err)
	}
	if _, _, err := e.st.AcceptInvitation(context.Background(), store.AcceptInput{Token: link[1], Username: "kari2", DisplayName: "Kari", Password: "et langt nok passord"}, "test"); err == nil {
		t.Fatal("the link worked twice")
	}
	// A reminder to Bergen now reaches its leader.
	act, err := e.st.RecordActivity(auth.WithCaller(context.Background(), &auth.Caller{Kind: auth.KindUser, Role: auth.RoleCountyAdvisor, OfficeID: e.office, Name: "r"}),
		store.ActivityInput{RoundID: e.round, OfficeID: e.office, Kind: "REMINDER", ServiceIDs: []int64{e.bergen}, Message: "Husk fristen for samleskjemaet."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs = srv.Wait(2, 5*time.Second)
	if len(msgs) != 2 || msgs[1].To[0] != "kari.nordmann@bergen.kommune.no" || !strings.Contains(msgs[1].Body, "Husk fristen") ||
		msgs[1].Subject != "Påminnelse: egenkontroll av undersøkelsesarbeidet" {
		t.Fatalf("reminder: %+v", msgs)
	}
	out, _ := e.st.OutboxFor(context.Background(), act.ID)
	if len(out) != 1 || out[0].Status != store.MailSent || out[0].SentAt == nil {
		t.Fatalf("reminder outbox %+v", out)
	}
}

// TestRetries: a refused message is tried again after a doubling wait and marked SENT when it
// gets through, FAILED after the last attempt or at once on a permanent (5xx) refusal.
func TestRetries(t *testing.T) {
	e := setup(t)
	srv := mailtest.Start(t, "egk", "hemmelig")
	s := sender(t, e.st, mail.Config{SMTPURL: srv.URL(), MaxAttempts: 3, Backoff: 50 * time.Millisecond}, nil)
	ctx := context.Background()
	flushUntil := func(obID int64, want string) (int, string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if _, err := s.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if st, attempts, _, last := e.status(t, obID); st == want {
				return attempts, last
			}
			time.Sleep(20 * time.Millisecond)
		}
		st, _, _, last := e.status(t, obID)
		t.Fatalf("outbox %d still %s (%s), want %s", obID, st, last, want)
		return 0, ""
	}

	cases := []struct {
		name         string
		refuse, code int
		want         string
		attempts     int
		arrives      bool
	}{
		{"two temporary refusals, then through", 2, 451, store.MailSent, 3, true},
		{"temporary refusals past the maximum", 5, 451, store.MailFailed, 3, false},
		{"a permanent refusal", 1, 550, store.MailFailed, 1, false},
	}
	for i, c := range cases {
		before := len(srv.Messages())
		srv.Refuse(c.refuse, c.code)
		_, obID := e.invite(t, "person"+string(rune('a'+i))+"@example.no")
		// The first attempt fails and waits: nothing is due right after it.
		if _, err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if st, attempts, _, last := e.status(t, obID); c.refuse > 0 && c.code < 500 && (st != store.MailPending || attempts != 1 || !strings.Contains(last, "451")) {
			t.Errorf("%s: after one attempt %s, %d, %q", c.name, st, attempts, last)
		}
		attempts, _ := flushUntil(obID, c.want)
		if attempts != c.attempts {
			t.Errorf("%s: %d attempts, want %d", c.name, attempts, c.attempts)
		}
		if _, _, sealed, _ := e.status(t, obID); sealed {
			t.Errorf("%s: the sealed secret is kept", c.name)
		}
		if got := len(srv.Messages()) - before; (got == 1) != c.arrives {
			t.Errorf("%s: %d messages arrived", c.name, got)
		}
		srv.Refuse(0, 0)
	}
}

// TestNoSMTP: with no SMTP server the message is written to the log and marked NOT_SENT; a
// reminder to a service without a leader's address is NOT_SENT too; a revoked invitation is not sent.
func TestNoSMTP(t *testing.T) {
	e := setup(t)
	var logged syncBuffer
	s := sender(t, e.st, mail.Config{}, slog.New(slog.NewTextHandler(&logged, nil)))
	if s.Configured() {
		t.Fatal("no SMTP URL, yet configured")
	}
	_, obID := e.invite(t, "ola@example.no")
	revokedID, revokedOb := e.invite(t, "per@example.no")
	if _, err := e.st.RevokeInvitation(system, revokedID); err != nil {
		t.Fatal(err)
	}
	act, err := e.st.RecordActivity(system, store.ActivityInput{RoundID: e.round, OfficeID: e.office, Kind: "REMINDER", ServiceIDs: []int64{e.bergen}, Message: "Husk fristen."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st, _, sealed, last := e.status(t, obID); st != store.MailNotSent || sealed || !strings.Contains(last, "no SMTP") {
		t.Fatalf("invitation: %s %q sealed %v", st, last, sealed)
	}
	if !strings.Contains(logged.String(), "ola@example.no") || !linkRE.MatchString(logged.String()) {
		t.Fatalf("the log does not hold the message: %s", logged.String())
	}
	if st, attempts, _, last := e.status(t, revokedOb); st != store.MailNotSent || attempts != 0 || last != "revoked" {
		t.Fatalf("revoked invitation: %s after %d, %q", st, attempts, last)
	}
	out, _ := e.st.OutboxFor(context.Background(), act.ID)
	if len(out) != 1 || out[0].Status != store.MailNotSent || !strings.Contains(out[0].LastError, "no address") {
		t.Fatalf("reminder without an address: %+v", out)
	}
	if strings.Contains(logged.String(), "per@example.no") {
		t.Fatal("a revoked invitation was written out")
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
