package store_test

import (
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// inputCase is an input and the field its Validate refuses it on ("" when the input is good).
type inputCase struct {
	name  string
	input interface{ Validate() error }
	field string
}

// checkInputCases: every input is refused with BAD_USER_INPUT on the field the app marks, in three
// languages, or let through when good. No database is touched (Validate needs none).
func checkInputCases(t *testing.T, cases []inputCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.input.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused a good input: %v", err)
				}
				return
			}
			de, ok := domain.AsError(err)
			if !ok || de.Code != domain.CodeBadInput || de.Field != tc.field {
				t.Fatalf("got %v, want BAD_USER_INPUT on %s", err, tc.field)
			}
			if de.Text.NB == "" || de.Text.NN == "" || de.Text.EN == "" {
				t.Fatalf("message missing a language: %+v", de.Text)
			}
		})
	}
}

func inputDate(s string) domain.Date { v, _ := domain.ParseDate(s); return v }

func inputDatePtr(s string) *domain.Date { v := inputDate(s); return &v }

// TestCampaignInputsValidate: campaigns, rounds, their deadlines and support material are checked
// before the transaction.
func TestCampaignInputsValidate(t *testing.T) {
	d := inputDate
	dp := inputDatePtr
	round := store.CreateRoundInput{CampaignID: 1, Title: domain.Text{}, PeriodStart: d("2025-01-01"), PeriodEnd: d("2025-06-30"),
		Deadline: d("2025-09-01"), ReportDeadline: d("2026-01-31"), QuestionnaireID: 1}
	roundWith := func(f func(*store.CreateRoundInput)) *store.CreateRoundInput { r := round; f(&r); return &r }
	checkInputCases(t, []inputCase{
		{"a campaign code of capitals", &store.CreateCampaignInput{Code: "LOT", Name: domain.Text{NB: "a", NN: "a", EN: "a"}, Topic: domain.Text{NB: "t", NN: "t", EN: "t"}}, "code"},
		{"a campaign name in one language", &store.CreateCampaignInput{Name: domain.Text{NB: "a"}, Topic: domain.Text{NB: "t", NN: "t", EN: "t"}}, "name.nn"},
		{"a good round", &round, ""},
		{"a round without a deadline", roundWith(func(r *store.CreateRoundInput) { r.Deadline = domain.Date{} }), "deadline"},
		{"a round ending before it starts", roundWith(func(r *store.CreateRoundInput) { r.PeriodEnd = d("2024-12-31") }), "periodEnd"},
		{"a report deadline before the round", roundWith(func(r *store.CreateRoundInput) { r.ReportDeadline = d("2024-12-31") }), "reportDeadline"},
		{"a round without a questionnaire", roundWith(func(r *store.CreateRoundInput) { r.QuestionnaireID = 0 }), "questionnaireId"},
		{"a resource of an unknown kind", roundWith(func(r *store.CreateRoundInput) {
			r.Resources = []store.SupportResource{{Kind: "PHONE", Title: domain.Text{NB: "a", NN: "a", EN: "a"}, URL: "https://a.no"}}
		}), "resources[0].kind"},
		{"a resource at http://", &store.RoundSupportInput{Resources: []store.SupportResource{{Kind: domain.SupportLink,
			Title: domain.Text{NB: "a", NN: "a", EN: "a"}, URL: "http://a.no"}}}, "resources[0].url"},
		{"round deadlines without a date", store.RoundDeadlines{}, "deadline"},
		{"new round deadline", store.RoundDeadlines{Deadline: dp("2025-10-01")}, ""},
	})
}

// TestFollowUpInputsValidate: a county office's follow-up of its services is checked before the
// transaction.
func TestFollowUpInputsValidate(t *testing.T) {
	d := inputDate
	dp := inputDatePtr
	ym := func(s string) *domain.YearMonth { v, _ := domain.ParseYearMonth(s); return &v }
	checkInputCases(t, []inputCase{
		{"a meeting of an unknown format", &store.MeetingInput{Format: "PIGEON"}, "format"},
		{"a digital meeting", &store.MeetingInput{Format: "DIGITAL", Title: " Informasjonsmøte "}, ""},
		{"a reply of maybe", store.ReplyInput{Reply: "MAYBE"}, "reply"},
		{"a no without a reason", store.ReplyInput{Reply: "NO", DeclineReason: "  "}, "declineReason"},
		{"a period ending before it starts", store.ReplyInput{Reply: "YES", PlannedFrom: ym("2025-05"), PlannedTo: ym("2025-03")}, "plannedTo"},
		{"a yes", store.ReplyInput{Reply: "YES", PlannedFrom: ym("2025-03"), PlannedTo: ym("2025-05")}, ""},
		{"an extension without a reason", &store.ExtensionInput{Until: d("2025-10-01"), Reason: " "}, "reason"},
		{"an office deadline without a reason", &store.OfficeDeadlineInput{Deadline: dp("2025-10-01")}, "reason"},
		{"an office deadline removed", &store.OfficeDeadlineInput{}, ""},
		{"an activity of an unknown kind", &store.ActivityInput{Kind: "PARTY"}, "kind"},
		{"a reminder to nobody", &store.ActivityInput{Kind: "REMINDER"}, "serviceIds"},
		{"a note", &store.ActivityInput{Kind: "NOTE", Note: "Ringte lederen."}, ""},
		{"a return without a reason", &store.ReturnInput{Reason: " "}, "reason"},
		{"a return with an empty question reason", &store.ReturnInput{PerQuestion: []store.QuestionReason{{QuestionID: 1, Reason: "Rett dette."}, {QuestionID: 2}}},
			"questionReasons[1].reason"},
	})
}

// TestPlanInputsValidate: changes of the improvement plan and the way forward are checked before
// the transaction.
func TestPlanInputsValidate(t *testing.T) {
	dp := inputDatePtr
	bad := domain.ActionStatus("SOMETIMES")
	checkInputCases(t, []inputCase{
		{"an action of an unknown status", store.PlanActionUpdate{Status: &bad}, "status"},
		{"an action ending before it starts", store.PlanActionUpdate{StartedOn: dp("2025-03-01"), EndedOn: dp("2025-02-01")}, "endedOn"},
		{"a new action without a description", &store.PlanActionNew{Description: " "}, "description"},
		{"a goal of an unknown status", store.PlanGoalChange{Status: &bad}, "status"},
		{"a way forward comment without a decision", &store.WayForwardInput{Comment: "Vi fortsetter."}, "wayForward.decision"},
	})
}

// TestAccountInputsValidate: letters, invitations, accounts and tokens are checked before the
// transaction.
func TestAccountInputsValidate(t *testing.T) {
	str := func(s string) *string { return &s }
	past := time.Now().Add(-time.Hour)
	user := store.UserInput{Username: " Kari.Bergen ", DisplayName: "Kari Nordmann", Password: "et langt passord", Role: auth.RoleServiceStaff, ServiceID: 7}
	userWith := func(f func(*store.UserInput)) *store.UserInput { u := user; f(&u); return &u }
	checkInputCases(t, []inputCase{
		{"a letter in Swedish", &store.LetterInput{Lang: "sv", Subject: "a", Body: "b"}, "lang"},
		{"a letter without a subject", &store.LetterInput{Body: "b"}, "subject"},
		{"a letter without a text", &store.LetterInput{Subject: "a"}, "body"},
		{"an invitation to an advisor", &store.InvitationInput{Email: "a@b.no", Role: auth.RoleCountyAdvisor}, "role"},
		{"an invitation to no address", &store.InvitationInput{Email: "kari", Role: auth.RoleServiceLeader}, "email"},
		{"an invitation to a leader", &store.InvitationInput{Email: " Kari@Bergen.kommune.no ", Role: auth.RoleServiceLeader}, ""},
		{"a good account", userWith(func(*store.UserInput) {}), ""},
		{"a user name with a space", userWith(func(u *store.UserInput) { u.Username = "kari bergen" }), "username"},
		{"an account without a name", userWith(func(u *store.UserInput) { u.DisplayName = " " }), "displayName"},
		{"an account without a role", userWith(func(u *store.UserInput) { u.Role = "" }), "role"},
		{"service staff without a service", userWith(func(u *store.UserInput) { u.ServiceID = 0 }), "serviceId"},
		{"an advisor in a service", userWith(func(u *store.UserInput) { u.Role = auth.RoleCountyAdvisor }), "serviceId"},
		{"an account without a way to sign in", userWith(func(u *store.UserInput) { u.Password = "" }), "password"},
		{"a short password", userWith(func(u *store.UserInput) { u.Password = "kort" }), "password"},
		{"a name change to nothing", &store.UserChange{DisplayName: str("  ")}, "displayName"},
		{"a short new password", &store.UserChange{Password: str("kort")}, "password"},
		{"a token without a name", &store.TokenInput{Name: " "}, "name"},
		{"a token for an office and a service", &store.TokenInput{Name: "BI", OfficeID: 1, ServiceID: 2}, "scope"},
		{"a token expired already", &store.TokenInput{Name: "BI", ExpiresAt: &past}, "expiresAt"},
		{"a token for an office", &store.TokenInput{Name: "BI", OfficeID: 1}, ""},
	})
}

// TestValidateNormalises: Validate leaves the input as the store keeps it.
func TestValidateNormalises(t *testing.T) {
	u := store.UserInput{Username: " Kari.Bergen ", DisplayName: " Kari ", Password: "et langt passord", Role: auth.RoleNationalAnalyst}
	if err := u.Validate(); err != nil || u.Username != "kari.bergen" || u.DisplayName != "Kari" {
		t.Fatalf("user: %+v, %v", u, err)
	}
	inv := store.InvitationInput{Email: " Kari@Bergen.Kommune.no ", Role: auth.RoleServiceStaff}
	if err := inv.Validate(); err != nil || inv.Email != "kari@bergen.kommune.no" {
		t.Fatalf("invitation: %+v, %v", inv, err)
	}
	l := store.LetterInput{Subject: " Invitasjon ", Body: " Velkommen "}
	if err := l.Validate(); err != nil || l.Lang != "nb" || l.Subject != "Invitasjon" || l.Body != "Velkommen" {
		t.Fatalf("letter: %+v, %v", l, err)
	}
	a := store.PlanActionNew{Description: " Opplæring "}
	if err := a.Validate(); err != nil || a.Status != domain.ActionPlanned || a.Description != "Opplæring" {
		t.Fatalf("action: %+v, %v", a, err)
	}
	r := store.ReturnInput{Reason: " Rett ", PerQuestion: []store.QuestionReason{{QuestionID: 3, Reason: " Mangler "}}}
	if err := r.Validate(); err != nil || r.Reason != "Rett" || r.PerQuestion[0].Reason != "Mangler" {
		t.Fatalf("return: %+v, %v", r, err)
	}
}
