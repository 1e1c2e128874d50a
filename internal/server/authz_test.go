package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/questionnaire"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// The authorization matrix: every root field of the schema (found by introspection), called by
// every kind of caller, on an object inside and one outside the caller's organisation. The
// expectation is written here independently of internal/auth; a field added to the schema
// without a case here fails the test.

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
	if err := e.in.Store.DB.NewSelect().Table("questionnaires").ColumnExpr("max(id)").Where("published_at IS NOT NULL").Scan(context.Background(), &id); err != nil {
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
	tx, err := e.in.Store.DB.BeginTx(ctx, nil)
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

var matrix = map[string]fieldCase{
	"Query.viewer":         {who: whoEveryone, query: `{ viewer { kind } }`},
	"Query.authConfig":     {who: whoEveryone, query: `{ authConfig { oidcEnabled } }`},
	"Query.users":          {who: whoAdmins, query: `{ users { id } }`},
	"Query.apiTokens":      {who: whoAdmins, query: `{ apiTokens { id } }`},
	"Query.offices":        {who: whoReaders, query: `{ offices { id } }`},
	"Query.office":         {who: whoReaders, query: `query($o: ID!) { office(id: $o) { id } }`, vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"o": e.office[s]} }},
	"Query.counties":       {who: whoReaders, query: `{ counties { id } }`},
	"Query.county":         {who: whoReaders, query: `{ county(id: "1") { id } }`},
	"Query.campaigns":      {who: whoReaders, query: `{ campaigns { id } }`},
	"Query.rounds":         {who: whoReaders, query: `{ rounds { id } }`},
	"Query.round":          {who: whoReaders, query: `query($r: ID!) { round(id: $r) { id } }`, vars: func(_ *testing.T, e *matrixEnv, _ int) map[string]any { return map[string]any{"r": e.round} }},
	"Query.questionnaires": {who: whoReaders, query: `{ questionnaires { id } }`},
	"Query.questionnaire":  {who: whoReaders, query: `{ questionnaire(id: "1") { id } }`},
	"Query.services": {who: whoReaders, scoped: true, emptyIsDenied: "services.nodes",
		query: `query($o: ID!) { services(filter: {officeId: $o}, first: 500) { nodes { id } } }`,
		vars:  func(_ *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"o": e.office[s]} }},
	"Query.service": {who: whoReaders, scoped: true, query: `query($s: ID!) { service(id: $s) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"s": e.service[s]} }},
	"Query.submission": {who: whoReaders, scoped: true, query: `query($s: ID!, $r: ID!) { submission(serviceId: $s, roundId: $r) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Query.submissions": {who: whoReaders, scoped: true, emptyIsDenied: "submissions.nodes",
		query: `query($o: ID!, $r: ID!) { submissions(roundId: $r, filter: {officeId: $o}, first: 500) { nodes { id } } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"o": e.office[s], "r": e.round}
		}},
	"Query.cases": {who: whoEditors, scoped: true, query: `query($s: ID!, $r: ID!) { cases(serviceId: $s, roundId: $r) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Query.case": {who: whoEditors, scoped: true, query: `query($c: ID!) { case(id: $c) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"c": e.newCase(t, s)} }},

	"Query.caseSelection": {who: whoEditors, scoped: true, query: `query($s: ID!, $r: ID!) { caseSelection(serviceId: $s, roundId: $r) { caseCount } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Query.invitations": {who: whoInviters, scoped: true, query: `query($s: ID!) { invitations(serviceId: $s) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"s": e.service[s]} }},
	// Public: the link's secret is the credential; an unknown link is null for everyone.
	"Query.invitation": {who: whoEveryone, query: `{ invitation(token: "eki_unknownunknownunknownunknown") { state } }`,
		sees: func(map[string]any, *matrixEnv, int) bool { return true }},

	"Mutation.login":          {who: whoEveryone, query: `mutation { login(input: {username: "matrix.login", password: "correct horse battery staple"}) { kind } }`},
	"Mutation.logout":         {who: whoEveryone, query: `mutation { logout }`},
	"Mutation.createApiToken": {who: whoAdmins, query: `mutation { createApiToken(input: {name: "matrix"}) { secret } }`},
	"Mutation.revokeApiToken": {who: whoAdmins, query: `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, _ int) map[string]any {
			tok, _, err := e.in.Store.CreateToken(system, store.TokenInput{Name: "to revoke"})
			if err != nil {
				t.Fatal(err)
			}
			return map[string]any{"id": strconv.FormatInt(tok.ID, 10)}
		}},
	"Mutation.createUser": {who: whoAdmins,
		query: `mutation($u: String!) { createUser(input: {username: $u, displayName: "Matrise", role: NATIONAL_ANALYST, password: "correct horse battery staple"}) { id } }`,
		vars: func(_ *testing.T, _ *matrixEnv, _ int) map[string]any {
			return map[string]any{"u": newMatrixUsername()}
		}},
	"Mutation.updateUser": {who: whoAdmins, query: `mutation($id: ID!) { updateUser(input: {id: $id, displayName: "Endret"}) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, _ int) map[string]any {
			u, err := e.in.Store.CreateUser(system, store.UserInput{Username: newMatrixUsername(), DisplayName: "Matrise",
				Role: auth.RoleNationalAnalyst, Password: "correct horse battery staple"})
			if err != nil {
				t.Fatal(err)
			}
			return map[string]any{"id": strconv.FormatInt(u.ID, 10)}
		}},
	"Mutation.createCase": {who: whoEditors, scoped: true, query: `mutation($s: ID!, $r: ID!) { createCase(input: {serviceId: $s, roundId: $r}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Mutation.updateCase": {who: whoEditors, scoped: true, query: `mutation($c: ID!) { updateCase(input: {id: $c, daysToFirstActivity: 3}) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"c": e.newCase(t, s)} }},
	"Mutation.deleteCase": {who: whoEditors, scoped: true, query: `mutation($c: ID!) { deleteCase(id: $c) { deletedCaseId } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"c": e.newCase(t, s)} }},
	"Mutation.saveAnswer": {who: whoEditors, scoped: true, query: `mutation($c: ID!, $q: ID!) { saveAnswer(input: {caseId: $c, questionId: $q, option: YES}) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"c": e.newCase(t, s), "q": e.question}
		}},
	"Mutation.saveSubmissionDraft": {who: whoLeaders, scoped: true, query: `mutation($s: ID!, $r: ID!) { saveSubmissionDraft(input: {serviceId: $s, roundId: $r, assessment: "Vurdering"}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Mutation.saveSummaryTotals": {who: whoEditors, scoped: true,
		query: `mutation($s: ID!, $r: ID!) { saveSummaryTotals(input: {serviceId: $s, roundId: $r, caseCount: 0, questions: [], daysValues: [], outcomes: []}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Mutation.clearSummaryTotals": {who: whoEditors, scoped: true, query: `mutation($id: ID!) { clearSummaryTotals(input: {submissionId: $id}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"id": e.submission[s]} }},
	"Mutation.submitSubmission": {who: whoLeaders, scoped: true, query: `mutation($id: ID!) { submitSubmission(input: {submissionId: $id}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"id": e.submission[s]} }},
	"Mutation.reopenSubmission": {who: whoLeaders, scoped: true, query: `mutation($id: ID!) { reopenSubmission(input: {submissionId: $id}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"id": e.submission[s]} }},
	"Mutation.redactText": {who: whoErasers, scoped: true,
		query: `mutation($s: ID!, $r: ID!) { redactText(input: {serviceId: $s, roundId: $r, text: "ingen slik tekst", reason: PERSONAL_DATA}) { total } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},

	"Query.funnel": {who: whoReaders, scoped: true, emptyIsDenied: "funnel.entries",
		query: `query($o: ID!, $r: ID!) { funnel(roundId: $r, filter: {officeId: $o}) { entries { service { id } } } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"o": e.office[s], "r": e.round}
		}},
	"Query.infoMeetings": {who: whoOffice, scoped: true, query: `query($o: ID!, $r: ID!) { infoMeetings(officeId: $o, roundId: $r) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"o": e.office[s], "r": e.round}
		}},
	"Query.followUpActivities": {who: whoOffice, scoped: true, query: `query($o: ID!, $r: ID!) { followUpActivities(officeId: $o, roundId: $r) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"o": e.office[s], "r": e.round}
		}},
	"Query.countyReport": {who: whoOffice, scoped: true, query: `query($o: ID!, $r: ID!) { countyReport(officeId: $o, roundId: $r) { invitedCount } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"o": e.office[s], "r": e.round}
		}},
	"Query.countyReports": {who: whoOffice, scoped: true, query: `query($r: ID!) { countyReports(roundId: $r) { office { id } } }`,
		vars: func(_ *testing.T, e *matrixEnv, _ int) map[string]any { return map[string]any{"r": e.round} },
		// Allowed means the office of this side is in the list.
		sees: func(data map[string]any, e *matrixEnv, side int) bool {
			for _, item := range dig(data, "countyReports") {
				if office, _ := item.(map[string]any)["office"].(map[string]any); office["id"] == e.office[side] {
					return true
				}
			}
			return false
		}},
	"Query.statistics": {who: whoReaders, scoped: true, query: `query($s: ID!, $r: ID!) { statistics(roundId: $r, scope: {serviceId: $s}) { caseCount } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Query.statisticsBreakdown": {who: whoReaders, scoped: true, query: `query($s: ID!, $r: ID!) { statisticsBreakdown(roundId: $r, by: SERVICE, scope: {serviceId: $s}) { caseCount } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Query.roundComparison": {who: whoReaders, scoped: true, query: `query($s: ID!, $r: ID!) { roundComparison(roundId: $r, scope: {serviceId: $s}) { questions { comparability } } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Query.trends": {who: whoReaders, scoped: true, query: `query($s: ID!) { trends(campaignId: "1", scope: {serviceId: $s}) { median } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"s": e.service[s]} }},
	"Query.answerFacts": {who: whoReaders, scoped: true, query: `query($s: ID!) { answerFacts(filter: {serviceId: $s}) { totalCount } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"s": e.service[s]} }},
	"Query.supervisionFeedback": {who: whoAnalysts, query: `query($r: ID!) { supervisionFeedback(roundId: $r) { revision } }`,
		vars: func(_ *testing.T, e *matrixEnv, _ int) map[string]any { return map[string]any{"r": e.round} }},
	"Query.wayForwardCounts": {who: whoReaders, query: `query($r: ID!) { wayForwardCounts(roundId: $r) { submitted } }`,
		vars: func(_ *testing.T, e *matrixEnv, _ int) map[string]any { return map[string]any{"r": e.round} }},
	"Mutation.setRoundSupport": {who: whoAnalysts, query: `mutation($r: ID!) { setRoundSupport(input: {roundId: $r}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, _ int) map[string]any { return map[string]any{"r": e.round} }},
	"Mutation.previewQuestionnaireImport": {who: whoAnalysts, query: `mutation($d: String!) { previewQuestionnaireImport(definition: $d) { valid } }`,
		vars: func(t *testing.T, e *matrixEnv, _ int) map[string]any {
			return map[string]any{"d": e.questionnaireFile(t)}
		}},
	"Mutation.importQuestionnaire": {who: whoAnalysts, query: `mutation($d: String!) { importQuestionnaire(definition: $d) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, _ int) map[string]any {
			return map[string]any{"d": e.questionnaireFile(t)}
		}},
	"Mutation.publishQuestionnaire": {who: whoAnalysts, query: `mutation($id: ID!) { publishQuestionnaire(id: $id) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, _ int) map[string]any {
			q, _, err := e.in.Store.ImportQuestionnaire(system, []byte(e.questionnaireFile(t)))
			if err != nil {
				t.Fatal(err)
			}
			return map[string]any{"id": strconv.FormatInt(q.ID, 10)}
		}},
	"Mutation.publishRoundFigures": {who: whoAnalysts, query: `mutation($r: ID!) { publishRoundFigures(roundId: $r) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, _ int) map[string]any { return map[string]any{"r": e.round} }},
	"Query.publishedFigures": {who: whoReaders, query: `query($r: ID!) { publishedFigures(roundId: $r) { publishedAt } }`,
		vars: func(t *testing.T, e *matrixEnv, _ int) map[string]any {
			if _, err := e.in.Store.PublishRoundFigures(system, mustInt(e.round)); err != nil { // null before publication
				t.Fatal(err)
			}
			return map[string]any{"r": e.round}
		}},
	"Query.countyReportDetails": {who: whoOffice, scoped: true, query: `query($r: ID!) { countyReportDetails(roundId: $r) { office { id } } }`,
		vars: func(_ *testing.T, e *matrixEnv, _ int) map[string]any { return map[string]any{"r": e.round} },
		sees: func(data map[string]any, e *matrixEnv, side int) bool {
			for _, item := range dig(data, "countyReportDetails") {
				if office, _ := item.(map[string]any)["office"].(map[string]any); office["id"] == e.office[side] {
					return true
				}
			}
			return false
		}},
	"Mutation.createCampaign": {who: whoAnalysts, query: `mutation { createCampaign(input: {name: {nb: "Matrise", nn: "Matrise", en: "Matrix"}, topic: {nb: "Tema", nn: "Tema", en: "Topic"}}) { id } }`},
	"Mutation.createRound": {who: whoAnalysts, query: `mutation($c: ID!) { createRound(input: {campaignId: $c, questionnaireId: "1", periodStart: "2027-01-01", periodEnd: "2027-06-30", deadline: "2027-09-30", reportDeadline: "2027-10-31"}) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, _ int) map[string]any {
			c, err := e.in.Store.CreateCampaign(system, store.CreateCampaignInput{Name: domain.Text{NB: "Matrise", NN: "Matrise", EN: "Matrix"},
				Topic: domain.Text{NB: "Tema", NN: "Tema", EN: "Topic"}})
			if err != nil {
				t.Fatal(err)
			}
			return map[string]any{"c": strconv.FormatInt(c.ID, 10)}
		}},
	// On a round of its own: the job goes on inviting after the response.
	"Mutation.inviteOfficeServices": {who: whoAdvisors, scoped: true, query: `mutation($o: ID!, $r: ID!) { inviteOfficeServices(input: {roundId: $r, officeId: $o}) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"o": e.office[s], "r": strconv.FormatInt(e.newRound(t), 10)}
		}},
	"Query.job": {who: whoRegistrars, scoped: true, query: `query($j: ID!) { job(id: $j) { id done total } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any {
			ij, err := e.in.Store.StartInviteOffice(system, e.newRound(t), e.officeID[s], time.Now())
			if err != nil {
				t.Fatal(err)
			}
			return map[string]any{"j": strconv.FormatInt(ij.Job.ID, 10)}
		}},
	"Query.invitationDraft": {who: whoLetters, query: `query($r: ID!) { invitationDraft(roundId: $r) { version } }`,
		vars: func(t *testing.T, e *matrixEnv, _ int) map[string]any {
			e.draft(t)
			return map[string]any{"r": e.round}
		}},
	"Mutation.saveInvitationDraft": {who: whoAnalysts, query: `mutation($r: ID!) { saveInvitationDraft(input: {roundId: $r, subject: {nb: "Invitasjon", nn: "Invitasjon", en: "Invitation"}, body: {nb: "Tekst", nn: "Tekst", en: "Text"}}) { version } }`,
		vars: func(_ *testing.T, e *matrixEnv, _ int) map[string]any { return map[string]any{"r": e.round} }},
	"Query.invitationLetter": {who: whoLetters, scoped: true, query: `query($o: ID!, $r: ID!) { invitationLetter(officeId: $o, roundId: $r) { id recipients { id } } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any {
			e.letter(t, s)
			return map[string]any{"o": e.office[s], "r": e.round}
		}},
	"Mutation.saveInvitationLetter": {who: whoAdvisors, scoped: true, query: `mutation($o: ID!, $r: ID!) { saveInvitationLetter(input: {officeId: $o, roundId: $r, subject: "Invitasjon", body: "Velkommen"}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"o": e.office[s], "r": e.round}
		}},
	"Mutation.sendInvitationLetter": {who: whoAdvisors, scoped: true, query: `mutation($o: ID!, $r: ID!) { sendInvitationLetter(officeId: $o, roundId: $r) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any {
			e.letter(t, s)
			return map[string]any{"o": e.office[s], "r": e.round}
		}},
	"Query.officeDeadline": {who: whoReaders, scoped: true, query: `query($o: ID!, $r: ID!) { officeDeadline(officeId: $o, roundId: $r) { deadline } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any {
			d, _ := domain.ParseDate("2026-05-31")
			if _, err := e.in.Store.SetOfficeDeadline(system, e.officeID[s], mustInt(e.round), &d, "Lokale møter", nil); err != nil {
				t.Fatal(err)
			}
			return map[string]any{"o": e.office[s], "r": e.round}
		}},
	"Mutation.setOfficeDeadline": {who: whoAdvisors, scoped: true, query: `mutation($o: ID!, $r: ID!) { setOfficeDeadline(input: {officeId: $o, roundId: $r, deadline: "2026-05-31", reason: "Lokale møter"}) { deadline } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"o": e.office[s], "r": e.round}
		}},
	"Query.roundSummaries": {who: whoReaders, emptyIsDenied: "roundSummaries", query: `query($r: ID!) { roundSummaries(roundId: $r) { id citations { value } } }`,
		vars: func(t *testing.T, e *matrixEnv, _ int) map[string]any {
			e.publishedSummary(t)
			return map[string]any{"r": e.round}
		}},
	"Mutation.saveRoundSummary": {who: whoAnalysts, query: `mutation($r: ID!) { saveRoundSummary(input: {roundId: $r, kind: MIDWAY, title: {nb: "T", nn: "T", en: "T"}, body: {nb: "B", nn: "B", en: "B"}}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, _ int) map[string]any { return map[string]any{"r": e.round} }},
	"Mutation.publishRoundSummary": {who: whoAnalysts, query: `mutation($id: ID!) { publishRoundSummary(id: $id) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, _ int) map[string]any {
			return map[string]any{"id": strconv.FormatInt(e.summaryDraft(t).ID, 10)}
		}},
	"Mutation.inviteServices": {who: whoAdvisors, scoped: true, query: `mutation($s: ID!, $r: ID!) { inviteServices(input: {roundId: $r, serviceIds: [$s]}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Mutation.recordInfoMeeting": {who: whoAdvisors, scoped: true, query: `mutation($o: ID!, $r: ID!) { recordInfoMeeting(input: {officeId: $o, roundId: $r, heldOn: "2025-09-10", format: DIGITAL}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"o": e.office[s], "r": e.round}
		}},
	"Mutation.recordReply": {who: whoReplies, scoped: true, query: `mutation($s: ID!, $r: ID!) { recordReply(input: {serviceId: $s, roundId: $r, reply: YES}) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any {
			e.invite(t, s)
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Mutation.recordFollowUp": {who: whoAdvisors, scoped: true, query: `mutation($o: ID!, $r: ID!) { recordFollowUp(input: {officeId: $o, roundId: $r, kind: NOTE, note: "Notat"}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"o": e.office[s], "r": e.round}
		}},
	"Mutation.grantExtension": {who: whoAdvisors, scoped: true, query: `mutation($s: ID!, $r: ID!) { grantExtension(input: {serviceId: $s, roundId: $r, until: "2026-06-30", reason: "Sykdom"}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Mutation.returnSubmission": {who: whoAdvisors, scoped: true, query: `mutation($id: ID!) { returnSubmission(input: {submissionId: $id, reason: "Mangler"}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"id": e.submission[s]} }},
	"Mutation.markSubmissionReviewed": {who: whoAdvisors, scoped: true, query: `mutation($id: ID!) { markSubmissionReviewed(input: {submissionId: $id, reviewed: false}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"id": e.submission[s]} }},
	"Mutation.updateRoundDeadlines": {who: whoAnalysts, query: `mutation($r: ID!) { updateRoundDeadlines(input: {roundId: $r, reportDeadline: "2026-01-31"}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, _ int) map[string]any { return map[string]any{"r": e.round} }},
	"Mutation.saveCountyReport": {who: whoAdvisors, scoped: true, query: `mutation($o: ID!, $r: ID!) { saveCountyReport(input: {officeId: $o, roundId: $r, comments: [{part: GENERAL, text: "Bra"}]}) { version } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"o": e.office[s], "r": e.round}
		}},
	"Mutation.renameService": {who: whoRegistrars, scoped: true, query: `mutation($s: ID!, $n: String!) { renameService(input: {serviceId: $s, name: $n}) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any {
			id, _ := e.freshService(t, s, 1)
			return map[string]any{"s": id, "n": fmt.Sprintf("Nytt navn %d", matrixServices.Add(1))}
		}},
	"Mutation.mergeServices": {who: whoRegistrars, scoped: true, query: `mutation($s: ID!, $m: ID!) { mergeServices(input: {serviceId: $s, mergedServiceIds: [$m]}) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any {
			a, _ := e.freshService(t, s, 1)
			b, _ := e.freshService(t, s, 1)
			return map[string]any{"s": a, "m": b}
		}},
	"Mutation.splitService": {who: whoRegistrars, scoped: true, query: `mutation($s: ID!, $n: String!, $m: String!) { splitService(input: {serviceId: $s, name: $n, municipalityNumbers: [$m]}) { id } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any {
			id, nums := e.freshService(t, s, 2)
			return map[string]any{"s": id, "n": fmt.Sprintf("Utskilt tjeneste %d", matrixServices.Add(1)), "m": nums[1]}
		}},
	"Mutation.createInvitation": {who: whoInviters, scoped: true, query: `mutation($s: ID!) { createInvitation(input: {serviceId: $s, email: "ny@example.no"}) { id } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any { return map[string]any{"s": e.service[s]} }},
	// The matrix revokes a leader's invitation, which only the county office may do.
	"Mutation.revokeInvitation": {who: whoAdvisors, scoped: true, query: `mutation($id: ID!) { revokeInvitation(id: $id) { state } }`,
		vars: func(t *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"id": e.newInvitation(t, s)}
		}},
	// Anyone may use a link; an unknown one is BAD_USER_INPUT, whoever calls.
	"Mutation.acceptInvitation": {who: whoEveryone, query: `mutation { acceptInvitation(input: {token: "eki_unknownunknownunknownunknown", displayName: "Ny", password: "correct horse battery staple"}) { kind } }`},
	"Mutation.submitCountyReport": {who: whoAdvisors, scoped: true, query: `mutation($o: ID!, $r: ID!) { submitCountyReport(officeId: $o, roundId: $r) { state } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"o": e.office[s], "r": e.round}
		}},

	// The plan between the rounds. Nothing is submitted in the matrix: inside, the plan is null
	// (allowed) and a change is BAD_USER_INPUT (allowed, refused for its content); outside, NOT_FOUND.
	"Query.planFollowUp": {who: whoReaders, scoped: true, query: `query($s: ID!, $r: ID!) { planFollowUp(serviceId: $s, roundId: $r) { version } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		},
		sees: func(map[string]any, *matrixEnv, int) bool { return true }},
	"Query.planProgress": {who: whoReaders, query: `query($r: ID!) { planProgress(roundId: $r) { done } }`,
		vars: func(_ *testing.T, e *matrixEnv, _ int) map[string]any { return map[string]any{"r": e.round} }},
	"Mutation.updatePlanAction": {who: whoLeaders, scoped: true, query: `mutation($s: ID!, $r: ID!) { updatePlanAction(input: {serviceId: $s, roundId: $r, goal: 0, action: 0, status: DONE}) { version } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Mutation.addPlanAction": {who: whoLeaders, scoped: true, query: `mutation($s: ID!, $r: ID!) { addPlanAction(input: {serviceId: $s, roundId: $r, goal: 0, description: "Nytt tiltak"}) { version } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Mutation.changePlanGoal": {who: whoLeaders, scoped: true, query: `mutation($s: ID!, $r: ID!) { changePlanGoal(input: {serviceId: $s, roundId: $r, description: "Nytt mål"}) { version } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},
	"Mutation.updatePlanSettings": {who: whoLeaders, scoped: true, query: `mutation($s: ID!, $r: ID!) { updatePlanSettings(input: {serviceId: $s, roundId: $r, remindersEnabled: true}) { version } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"s": e.service[s], "r": e.round}
		}},

	"Subscription.submissionStatusChanged": {who: whoReaders, scoped: true,
		query: `subscription($r: ID!, $o: ID) { submissionStatusChanged(roundId: $r, officeId: $o) { status } }`,
		vars: func(_ *testing.T, e *matrixEnv, s int) map[string]any {
			return map[string]any{"r": e.round, "o": e.office[s]}
		}},
}

// caller is one kind of caller in the matrix.
type caller struct {
	name    string
	role    auth.Role // "" for anonymous and tokens
	token   bool
	scope   string // "service", "office", "national" or "" (anonymous)
	headers map[string]string
}

func (c caller) in(w who) bool {
	switch w {
	case whoEveryone:
		return true
	case whoReaders:
		return c.scope != ""
	case whoEditors:
		return c.role == auth.RoleServiceStaff || c.role == auth.RoleServiceLeader
	case whoLeaders:
		return c.role == auth.RoleServiceLeader
	case whoAdmins:
		return c.role == auth.RoleAdmin
	case whoAdvisors:
		return c.role == auth.RoleCountyAdvisor
	case whoReplies:
		return c.role == auth.RoleCountyAdvisor || c.role == auth.RoleServiceLeader
	case whoOffice:
		return c.scope == "office" || c.scope == "national"
	case whoErasers:
		return c.role == auth.RoleServiceLeader || c.role == auth.RoleAdmin
	case whoAnalysts:
		return c.role == auth.RoleNationalAnalyst
	case whoRegistrars:
		return c.role == auth.RoleCountyAdvisor || c.role == auth.RoleNationalAnalyst
	case whoInviters:
		return c.role == auth.RoleCountyAdvisor || c.role == auth.RoleServiceLeader
	case whoLetters:
		return c.role == auth.RoleCountyAdvisor || c.role == auth.RoleNationalAnalyst
	}
	return false
}

// expected says whether c may call the field on the object of side (0 inside, 1 outside).
func expected(f fieldCase, c caller, side int) bool {
	if !c.in(f.who) {
		return false
	}
	if !f.scoped || side == 0 {
		return true
	}
	// Outside the caller's organisation: only national callers reach it. A service user may
	// subscribe to another office's events, but only hears of its own service (tested apart).
	return c.scope == "national" || f.query[:12] == "subscription" && c.scope == "service"
}

// expectedInside refines the inside case of office-level reads: a service's own users and
// tokens do not read the office's follow-up work.
func expectedInside(f fieldCase, c caller) bool {
	return !(f.who == whoOffice && c.scope == "service")
}

func TestAuthorizationMatrix(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	a := in.analyst(t)
	e := &matrixEnv{in: in, round: roundID(t, a, 2)}
	// Inside: Bergen (Vestland). Outside: Tromsø (Troms og Finnmark).
	for side, name := range []string{"Barneverntjenesten i Bergen", "Barneverntjenesten i Tromsø"} {
		var svc store.Service
		if err := in.Store.DB.NewSelect().Model(&svc).Where("s.name = ?", name).Scan(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.serviceID[side], e.officeID[side] = svc.ID, svc.OfficeID
		e.service[side], e.office[side] = strconv.FormatInt(svc.ID, 10), strconv.FormatInt(svc.OfficeID, 10)
		c, err := in.Store.CreateCase(system, svc.ID, mustInt(e.round), store.CaseFields{})
		if err != nil {
			t.Fatal(err)
		}
		e.submission[side] = strconv.FormatInt(c.SubmissionID, 10)
	}
	e.question = questions(t, a, e.round)["1.1"].ID
	if _, err := in.Store.EnsureUser(system, in.Store.DB, store.UserInput{Username: "matrix.login", DisplayName: "Matrix", Password: testPassword, Role: auth.RoleNationalAnalyst}); err != nil {
		t.Fatal(err)
	}

	session := func(c *instance) string {
		u, _ := http.NewRequest(http.MethodGet, in.URL, nil)
		for _, ck := range c.client.Jar.Cookies(u.URL) {
			if ck.Name == "egk_session" {
				return "egk_session=" + ck.Value
			}
		}
		t.Fatal("no session cookie")
		return ""
	}
	sessionOf := func(c *instance) map[string]string { return map[string]string{"Cookie": session(c)} }
	tokenOf := func(office, service int64) map[string]string {
		return map[string]string{"Authorization": "Bearer " + in.newToken(t, office, service)}
	}
	callers := []caller{
		{name: "anonymous"},
		{name: "staff", role: auth.RoleServiceStaff, scope: "service", headers: sessionOf(in.staff(t, e.service[0]))},
		{name: "leader", role: auth.RoleServiceLeader, scope: "service", headers: sessionOf(in.leader(t, e.service[0]))},
		{name: "advisor", role: auth.RoleCountyAdvisor, scope: "office", headers: sessionOf(in.advisor(t, e.office[0]))},
		{name: "analyst", role: auth.RoleNationalAnalyst, scope: "national", headers: sessionOf(a)},
		{name: "admin", role: auth.RoleAdmin, scope: "national", headers: sessionOf(in.user(t, "test.admin", auth.RoleAdmin, "", ""))},
		{name: "token:national", token: true, scope: "national", headers: tokenOf(0, 0)},
		{name: "token:office", token: true, scope: "office", headers: tokenOf(e.officeID[0], 0)},
		{name: "token:service", token: true, scope: "service", headers: tokenOf(0, e.serviceID[0])},
	}

	fields := rootFields(t, a)
	var names []string
	for _, f := range fields {
		names = append(names, f)
		if _, ok := matrix[f]; !ok {
			t.Errorf("root field %s has no case in the authorization matrix", f)
		}
		if _, ok := auth.RootRules[f]; !ok {
			t.Errorf("root field %s has no rule in auth.RootRules (it is refused for everyone)", f)
		}
	}
	for f := range matrix {
		if !contains(fields, f) {
			t.Errorf("matrix case %s is not in the schema", f)
		}
	}
	// Log-out ends sessions, so it runs last.
	sort.SliceStable(names, func(i, j int) bool { return names[j] == "Mutation.logout" && names[i] != names[j] })

	pairs := 0
	for _, name := range names {
		f := matrix[name]
		sides := 1
		if f.scoped {
			sides = 2
		}
		for _, c := range callers {
			for side := 0; side < sides; side++ {
				var vars map[string]any
				if f.vars != nil {
					vars = f.vars(t, e, side)
				}
				want := expected(f, c, side) && (side != 0 || expectedInside(f, c))
				var got bool
				var detail string
				if strings.HasPrefix(name, "Subscription.") {
					got, detail = subscribeAllowed(t, in.URL, c, f.query, vars)
				} else {
					got, detail = callAllowed(t, in, c, f, vars, e, side)
				}
				pairs++
				if got != want {
					t.Errorf("%s as %s (%s): allowed=%v, want %v (%s)", name, c.name, []string{"inside", "outside"}[side], got, want, detail)
				}
			}
		}
	}
	t.Logf("authorization matrix: %d root fields × %d callers = %d (field, caller, inside/outside) checks", len(names), len(callers), pairs)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// rootFields lists Query.x, Mutation.y and Subscription.z by introspection.
func rootFields(t *testing.T, in *instance) []string {
	var data struct {
		Schema struct {
			QueryType, MutationType, SubscriptionType struct {
				Name   string
				Fields []struct{ Name string }
			}
		} `json:"__schema"`
	}
	in.mustQuery(t, `{ __schema { queryType { name fields { name } } mutationType { name fields { name } } subscriptionType { name fields { name } } } }`, nil, &data)
	var out []string
	for _, typ := range []struct {
		Name   string
		Fields []struct{ Name string }
	}{data.Schema.QueryType, data.Schema.MutationType, data.Schema.SubscriptionType} {
		for _, f := range typ.Fields {
			out = append(out, typ.Name+"."+f.Name)
		}
	}
	return out
}

// denied reports whether an error is an access refusal.
func deniedCode(code any) bool {
	return code == "UNAUTHENTICATED" || code == "FORBIDDEN" || code == "NOT_FOUND"
}

func callAllowed(t *testing.T, in *instance, c caller, f fieldCase, vars map[string]any, e *matrixEnv, side int) (bool, string) {
	cl := *in
	cl.client = http.DefaultClient
	cl.headers = c.headers
	res := cl.do(t, f.query, vars)
	if len(res.Errors) > 0 {
		code := res.Errors[0].Extensions["code"]
		if code == "GRAPHQL_VALIDATION_FAILED" || code == "GRAPHQL_PARSE_FAILED" {
			t.Fatalf("the matrix query of %s is invalid: %s", f.query, res.Errors[0].Message)
		}
		return !deniedCode(code), fmt.Sprintf("%v: %s", code, res.Errors[0].Message)
	}
	var data map[string]any
	_ = json.Unmarshal(res.Data, &data)
	if f.sees != nil {
		return f.sees(data, e, side), string(res.Data)
	}
	for k, v := range data {
		if v == nil {
			return false, k + " is null"
		}
		if f.emptyIsDenied != "" {
			list := dig(data, f.emptyIsDenied)
			return len(list) > 0, fmt.Sprintf("%d items", len(list))
		}
	}
	return true, string(res.Data)
}

func dig(m map[string]any, path string) []any {
	var cur any = m
	for _, p := range strings.Split(path, ".") {
		mm, _ := cur.(map[string]any)
		cur = mm[p]
	}
	list, _ := cur.([]any)
	return list
}

// subscribeAllowed subscribes and reports whether the server accepted it (no error within a moment).
func subscribeAllowed(t *testing.T, url string, c caller, query string, vars map[string]any) (bool, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	h := http.Header{}
	token := ""
	for k, v := range c.headers {
		if k == "Authorization" {
			token = strings.TrimPrefix(v, "Bearer ")
		} else {
			h.Set(k, v)
		}
	}
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: h})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(websocket.StatusNormalClosure, "")
	ws := &wsClient{t: t, conn: conn, ctx: ctx}
	init := map[string]string{}
	if token != "" {
		init["Authorization"] = "Bearer " + token
	}
	b, _ := json.Marshal(init)
	ws.send(wsMessage{Type: "connection_init", Payload: b})
	if m := ws.next(5 * time.Second); m == nil || m.Type != "connection_ack" {
		return false, fmt.Sprintf("no ack: %+v", m)
	}
	p, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	ws.send(wsMessage{ID: "1", Type: "subscribe", Payload: p})
	m := ws.next(400 * time.Millisecond)
	if m == nil {
		return true, "subscribed"
	}
	return !strings.Contains(string(m.Payload), "UNAUTHENTICATED") && !strings.Contains(string(m.Payload), "FORBIDDEN") &&
		!strings.Contains(string(m.Payload), "NOT_FOUND"), string(m.Payload)
}
