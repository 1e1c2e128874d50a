package server_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// The authorization matrix's cases: who may call each root field, written here independently of
// internal/auth (see authz_test.go).

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
