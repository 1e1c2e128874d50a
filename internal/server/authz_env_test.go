package server_test

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/questionnaire"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// The authorization matrix's callers and the objects it calls on: one inside and one outside each
// caller's organisation, made fresh where a call changes them.

type who int

const (
	whoEveryone   who = iota // anyone, also without credentials
	whoReaders               // every signed-in user and every API token
	whoEditors               // service staff and leaders
	whoLeaders               // service leaders
	whoAdmins                // administrators
	whoAdvisors              // county advisors
	whoReplies               // county advisors and service leaders
	whoOffice                // readers of an office's own work: advisors of the office and national callers
	whoErasers               // service leaders (their own service) and administrators (any service)
	whoAnalysts              // national analysts (Helsetilsynet's campaign staff)
	whoRegistrars            // county advisors (their office's services) and national analysts (any)
	whoInviters              // county advisors (a service's leaders) and service leaders (their staff)
	whoLetters               // county advisors and national analysts: the invitation's draft and letters
)

type matrixEnv struct {
	in                  *instance
	round               string
	service, office     [2]string // [inside, outside]
	question            string
	submission          [2]string
	serviceID, officeID [2]int64
}

type fieldCase struct {
	who    who
	scoped bool // the object belongs to a service: outside the caller's reach it must be invisible
	query  string
	vars   func(t *testing.T, e *matrixEnv, side int) map[string]any
	// emptyIsDenied: a list whose items are all filtered away counts as denied.
	emptyIsDenied string
	// sees decides from the data whether the caller reached the object of the side.
	sees func(data map[string]any, e *matrixEnv, side int) bool
}

var matrixUsers atomic.Int64

// newMatrixUsername gives every account the matrix creates a name of its own.
func newMatrixUsername() string { return fmt.Sprintf("matrix.user.%d", matrixUsers.Add(1)) }

var matrixVersions atomic.Int64

// questionnaireFile is a valid file of a new questionnaire version (a fresh number each call) that
// continues the newest published version unchanged.
func (e *matrixEnv) questionnaireFile(t *testing.T) string {
	t.Helper()
	var id int64
	if err := e.in.DB.NewSelect().Table("questionnaires").ColumnExpr("max(id)").Where("published_at IS NOT NULL").Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	d, err := e.in.Store.QuestionnaireDefinition(system, id)
	if err != nil {
		t.Fatal(err)
	}
	next := questionnaire.AsNext(d)
	next.Version = 100 + int(matrixVersions.Add(1))
	b, err := questionnaire.Marshal(next)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (e *matrixEnv) newCase(t *testing.T, side int) string {
	t.Helper()
	c, err := e.in.Store.CreateCase(system, e.serviceID[side], mustInt(e.round), store.CaseFields{})
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(c.ID, 10)
}

// invite makes sure the service of side is invited (replies need an invitation).
func (e *matrixEnv) invite(t *testing.T, side int) {
	t.Helper()
	if _, err := e.in.Store.InviteServices(system, mustInt(e.round), []int64{e.serviceID[side]}, time.Now()); err != nil {
		t.Fatal(err)
	}
}

// draft makes sure the campaign has a draft invitation.
func (e *matrixEnv) draft(t *testing.T) {
	t.Helper()
	txt := domain.Text{NB: "Invitasjon", NN: "Invitasjon", EN: "Invitation"}
	if _, err := e.in.Store.SaveInvitationDraft(system, mustInt(e.round), txt, txt, nil); err != nil {
		t.Fatal(err)
	}
}

// letter makes sure side's office has an invitation letter.
func (e *matrixEnv) letter(t *testing.T, side int) {
	t.Helper()
	if _, err := e.in.Store.SaveInvitationLetter(system, store.LetterInput{OfficeID: e.officeID[side], RoundID: mustInt(e.round),
		Subject: "Invitasjon", Body: "Velkommen"}); err != nil {
		t.Fatal(err)
	}
}

func (e *matrixEnv) summaryDraft(t *testing.T) *store.RoundSummary {
	t.Helper()
	txt := domain.Text{NB: "Oppsummering", NN: "Oppsummering", EN: "Summary"}
	rs, err := e.in.Store.SaveRoundSummary(system, store.SummaryInput{RoundID: mustInt(e.round), Kind: "MIDWAY", Title: txt, Body: txt,
		Citations: []store.Citation{{QuestionCode: "1.1", Figure: "YES_SHARE"}}})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// publishedSummary publishes a summary of the round.
func (e *matrixEnv) publishedSummary(t *testing.T) {
	t.Helper()
	if _, err := e.in.Store.PublishRoundSummary(system, e.summaryDraft(t).ID, nil); err != nil {
		t.Fatal(err)
	}
}

var matrixServices atomic.Int64

// freshService adds a service of its own (with n new municipalities) to the county of side's
// service, for register changes that must not disturb the services the matrix works with.
func (e *matrixEnv) freshService(t *testing.T, side, n int) (id string, numbers []string) {
	t.Helper()
	ctx := context.Background()
	k := matrixServices.Add(1)
	tx, err := e.in.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var sid, county int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO services (name, kind, county_id, office_id)
		SELECT ?, 'MUNICIPAL', county_id, office_id FROM services WHERE id = ? RETURNING id, county_id`,
		fmt.Sprintf("Matrisetjeneste %d", k), e.serviceID[side]).Scan(&sid, &county); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		num := fmt.Sprintf("%04d", 9999-int(k)*3-i)
		if _, err := tx.ExecContext(ctx, `INSERT INTO municipalities (number, name, county_id) VALUES (?, ?, ?)`, num, "Matrisekommune "+num, county); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO service_municipalities (service_id, municipality_number, position) VALUES (?, ?, ?)`, sid, num, i); err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, num)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(sid, 10), numbers
}

// newInvitation invites a leader to side's service and returns the invitation's id.
func (e *matrixEnv) newInvitation(t *testing.T, side int) string {
	t.Helper()
	inv, err := e.in.Store.CreateInvitation(system, e.serviceID[side], fmt.Sprintf("leder%d@example.no", matrixServices.Add(1)), auth.RoleServiceLeader)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(inv.ID, 10)
}

var matrixCampaigns atomic.Int64

// newRound creates a campaign of its own with one round, for work that must not disturb the round
// the matrix works with.
func (e *matrixEnv) newRound(t *testing.T) int64 {
	t.Helper()
	c, err := e.in.Store.CreateCampaign(system, store.CreateCampaignInput{
		Name:  domain.Text{NB: fmt.Sprintf("Matrise %d", matrixCampaigns.Add(1)), NN: "Matrise", EN: "Matrix"},
		Topic: domain.Text{NB: "Tema", NN: "Tema", EN: "Topic"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.in.Store.CreateRound(system, store.CreateRoundInput{CampaignID: c.ID, QuestionnaireID: 1,
		PeriodStart: domain.NewDate(2027, 1, 1), PeriodEnd: domain.NewDate(2027, 6, 30),
		Deadline: domain.NewDate(2027, 9, 30), ReportDeadline: domain.NewDate(2027, 10, 31)})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

func mustInt(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
