package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/mail"
	"github.com/egenkontroll/egenkontroll/internal/mail/mailtest"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestPlanReminderArrives: an action of the improvement plan past its due date is reminded to the
// service's leader over real SMTP once the service asks for reminders, and only once however often
// the reminders are enqueued and the outbox flushed.
func TestPlanReminderArrives(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	srv := mailtest.Start(t, "egk", "hemmelig")
	// Bergen's leader, with an address.
	e.invite(t, "leder@bergen.kommune.no")
	s := sender(t, e.st, mail.Config{SMTPURL: srv.URL(), From: "Egenkontroll <ikke-svar@helsetilsynet.no>"}, nil)
	if _, err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	link := linkRE.FindStringSubmatch(srv.Wait(1, 5*time.Second)[0].Body)
	if _, _, err := e.st.AcceptInvitation(ctx, store.AcceptInput{Token: link[1], DisplayName: "Leder", Password: "et langt nok passord"}, "test"); err != nil {
		t.Fatal(err)
	}
	// Round 1's form, submitted with a plan whose action was due long ago.
	var r1 int64
	if err := e.db.QueryRowContext(ctx, `SELECT id FROM rounds WHERE number = 1`).Scan(&r1); err != nil {
		t.Fatal(err)
	}
	due := domain.NewDate(2025, 3, 31)
	submitted := time.Date(2024, 12, 20, 10, 0, 0, 0, time.UTC)
	sub := &store.Submission{ServiceID: e.bergen, RoundID: r1, Status: domain.StatusSubmitted, Reflections: []store.ReflectionAnswer{},
		Feedback: []store.ReflectionAnswer{}, GoalResults: []store.GoalJudgement{}, QuestionComments: []store.QuestionComment{}, Revision: 1, Version: 1,
		SubmittedAt: &submitted, ImprovementPlan: store.Plan{Goals: []store.Goal{{Description: "Samtale med barnet",
			Actions: []store.Action{{Description: "Sjekkliste for samtaler", Owner: "Fagleder", DueDate: &due, Status: domain.ActionInProgress}}}}}}
	if _, err := e.db.NewInsert().Model(sub).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := store.StoreRevision(ctx, e.db, sub, submitted); err != nil {
		t.Fatal(err)
	}
	leader := auth.WithCaller(ctx, &auth.Caller{Kind: auth.KindUser, Role: auth.RoleServiceLeader, ServiceID: e.bergen, Name: "Leder"})
	on := true
	zero := 0
	if _, err := e.st.UpdatePlanSettings(leader, store.PlanSettings{ServiceID: e.bergen, RoundID: r1, ExpectedVersion: &zero, Reminders: &on}); err != nil {
		t.Fatal(err)
	}
	today := domain.NewDate(2025, 5, 1)
	for range 3 {
		if _, err := e.st.EnqueuePlanReminders(ctx, today); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	msgs := srv.Wait(3, 2*time.Second)
	if len(msgs) != 2 {
		t.Fatalf("%d messages arrived, want the invitation and one reminder", len(msgs))
	}
	m := msgs[1]
	if len(m.To) != 1 || m.To[0] != "leder@bergen.kommune.no" || !strings.Contains(m.Subject, "forbedringsplanen") ||
		!strings.Contains(m.Body, "Sjekkliste for samtaler") || !strings.Contains(m.Body, "31.03.2025") {
		t.Fatalf("reminder %+v", m)
	}
}
