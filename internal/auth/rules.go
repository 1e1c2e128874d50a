package auth

// Rule says who may call a root field of the graph. Scope (which organisation's data) is decided
// per object on top of this; the rule decides who may call the field at all.
type Rule struct {
	Anonymous bool   // callers without credentials
	Tokens    bool   // read-only API tokens
	Roles     []Role // signed-in users with one of these roles
}

var (
	everyone = Rule{Anonymous: true, Tokens: true, Roles: Roles}
	readers  = Rule{Tokens: true, Roles: Roles}
	editors  = Rule{Roles: []Role{RoleServiceStaff, RoleServiceLeader}}
	leaders  = Rule{Roles: []Role{RoleServiceLeader}}
	advisors = Rule{Roles: []Role{RoleCountyAdvisor}}
	replies  = Rule{Roles: []Role{RoleCountyAdvisor, RoleServiceLeader}}
	admins   = Rule{Roles: []Role{RoleAdmin}}
	erasers  = Rule{Roles: []Role{RoleServiceLeader, RoleAdmin}} // redaction
	// Helsetilsynet's campaign staff: national analysts manage rounds (deadlines).
	// The roles are CampaignStaff (policy.go); the store decides with Caller.ManagesCampaigns.
	campaignStaff = Rule{Roles: CampaignStaff}
	analysts      = Rule{Roles: []Role{RoleNationalAnalyst}} // Helsetilsynet's own work
	// registrars change the service register: county offices their own services, Helsetilsynet any.
	registrars = Rule{Roles: []Role{RoleCountyAdvisor, RoleNationalAnalyst}}
	// jobFollowers follow long work: county offices their own, Helsetilsynet's campaign staff national work.
	jobFollowers = Rule{Roles: []Role{RoleCountyAdvisor, RoleNationalAnalyst}}
	// inviters invite people to a service: county offices its leaders, a leader the staff.
	inviters = Rule{Roles: []Role{RoleCountyAdvisor, RoleServiceLeader}}
)

// RootRules has one rule for every root field of schema.graphql. A root field without a rule is
// refused (fail closed), and a test walks the schema to make sure every field has one.
var RootRules = map[string]Rule{
	"Query.viewer":              everyone,
	"Query.authConfig":          everyone,
	"Query.users":               admins,
	"Query.apiTokens":           admins,
	"Query.offices":             readers,
	"Query.office":              readers,
	"Query.counties":            readers,
	"Query.county":              readers,
	"Query.services":            readers,
	"Query.service":             readers,
	"Query.campaigns":           readers,
	"Query.rounds":              readers,
	"Query.round":               readers,
	"Query.questionnaires":      readers,
	"Query.questionnaire":       readers,
	"Query.submission":          readers,
	"Query.submissions":         readers,
	"Query.cases":               editors, // cases never leave the service
	"Query.case":                editors,
	"Query.caseSelection":       editors, // cases never leave the service
	"Query.funnel":              readers,
	"Query.infoMeetings":        readers,
	"Query.followUpActivities":  readers,
	"Query.countyReport":        readers,
	"Query.countyReports":       readers,
	"Query.countyReportDetails": readers,
	"Query.statistics":          readers,
	"Query.statisticsBreakdown": readers,
	"Query.roundComparison":     readers,
	"Query.trends":              readers,
	"Query.answerFacts":         readers,
	"Query.supervisionFeedback": analysts,
	"Query.wayForwardCounts":    readers,
	"Query.publishedFigures":    readers,
	"Query.invitations":         inviters,
	// The draft invitation is Helsetilsynet's, adapted by the county offices (the store never gives
	// it to a service); the office's letter is the office's own work.
	"Query.invitationDraft":  Rule{Roles: []Role{RoleNationalAnalyst, RoleCountyAdvisor}},
	"Query.invitationLetter": Rule{Roles: []Role{RoleNationalAnalyst, RoleCountyAdvisor}},
	"Query.officeDeadline":   readers,
	"Query.roundSummaries":   readers,
	// The page that accepts an invitation is public: the link's secret is the credential.
	"Query.invitation": everyone,
	"Query.job":        jobFollowers,

	"Mutation.login":                      everyone,
	"Mutation.logout":                     everyone,
	"Mutation.createApiToken":             admins,
	"Mutation.revokeApiToken":             admins,
	"Mutation.createUser":                 admins,
	"Mutation.updateUser":                 admins,
	"Mutation.createCase":                 editors,
	"Mutation.updateCase":                 editors,
	"Mutation.deleteCase":                 editors,
	"Mutation.saveAnswer":                 editors,
	"Mutation.saveSubmissionDraft":        leaders,
	"Mutation.submitSubmission":           leaders,
	"Mutation.reopenSubmission":           leaders,
	"Mutation.redactText":                 erasers,
	"Mutation.inviteServices":             advisors,
	"Mutation.recordInfoMeeting":          advisors,
	"Mutation.recordReply":                replies,
	"Mutation.recordFollowUp":             advisors,
	"Mutation.grantExtension":             advisors,
	"Mutation.returnSubmission":           advisors,
	"Mutation.markSubmissionReviewed":     advisors,
	"Mutation.updateRoundDeadlines":       campaignStaff,
	"Mutation.createCampaign":             campaignStaff,
	"Mutation.createRound":                campaignStaff,
	"Mutation.inviteOfficeServices":       advisors,
	"Mutation.saveCountyReport":           advisors,
	"Mutation.submitCountyReport":         advisors,
	"Mutation.setRoundSupport":            analysts,
	"Mutation.publishRoundFigures":        analysts,
	"Mutation.previewQuestionnaireImport": campaignStaff,
	"Mutation.importQuestionnaire":        campaignStaff,
	"Mutation.publishQuestionnaire":       campaignStaff,
	"Mutation.renameService":              registrars,
	"Mutation.mergeServices":              registrars,
	"Mutation.splitService":               registrars,
	"Mutation.createInvitation":           inviters,
	"Mutation.revokeInvitation":           inviters,
	"Mutation.acceptInvitation":           everyone,
	"Mutation.saveSummaryTotals":          editors,
	"Mutation.clearSummaryTotals":         editors,
	// The plan between the rounds: read with the submitted form, changed by the service's leader.
	"Query.planFollowUp":            readers,
	"Query.planProgress":            readers,
	"Mutation.updatePlanAction":     leaders,
	"Mutation.addPlanAction":        leaders,
	"Mutation.changePlanGoal":       leaders,
	"Mutation.updatePlanSettings":   leaders,
	"Mutation.saveInvitationDraft":  analysts,
	"Mutation.saveInvitationLetter": advisors,
	"Mutation.sendInvitationLetter": advisors,
	"Mutation.setOfficeDeadline":    advisors,
	"Mutation.saveRoundSummary":     analysts,
	"Mutation.publishRoundSummary":  analysts,

	"Subscription.submissionStatusChanged": readers,
}

// Allows reports whether the caller may call a root field, and the error to give when not.
func (c *Caller) Allows(field string) error {
	rule, ok := RootRules[field]
	if !ok {
		return ErrForbidden()
	}
	switch c.Kind {
	case KindSystem:
		return nil
	case KindAnonymous:
		if rule.Anonymous {
			return nil
		}
		return ErrUnauthenticated()
	case KindToken:
		if rule.Tokens {
			return nil
		}
		return ErrForbidden()
	case KindUser:
		for _, r := range rule.Roles {
			if r == c.Role {
				return nil
			}
		}
	}
	return ErrForbidden()
}
