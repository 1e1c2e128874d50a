package domain_test

import (
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// The named rule errors keep the codes and fields the graph and the app rely on, and say something
// in every language (formatted values filled in, no verb left over).
func TestRuleErrorsKeepCodeAndField(t *testing.T) {
	for _, tc := range []struct {
		err   *domain.Error
		code  domain.Code
		field string
	}{
		{domain.ErrUnknownOutcome(), domain.CodeBadInput, "outcome"},
		{domain.ErrClosedBeforeStarted(), domain.CodeBadInput, "closedMonth"},
		{domain.ErrQuestionNotInForm("questionComments[0].questionId"), domain.CodeBadInput, "questionComments[0].questionId"},
		{domain.ErrQuestionNotInPart("feedback[1].questionId"), domain.CodeBadInput, "feedback[1].questionId"},
		{domain.ErrQuestionNotInRound("improvementPlan.goals[0].questionId"), domain.CodeBadInput, "improvementPlan.goals[0].questionId"},
		{domain.ErrTooManyGoals(), domain.CodeBadInput, "improvementPlan.goals"},
		{domain.ErrTooManyActions("g.actions"), domain.CodeBadInput, "g.actions"},
		{domain.ErrNothingToReview(), domain.CodeBadInput, "reviewed"},
		{domain.ErrFormHasCases(3), domain.CodeBadInput, "caseCount"},
		{domain.ErrTotalsEntered(), domain.CodeBadInput, "entryMode"},
		{domain.ErrServiceNameLength(), domain.CodeBadInput, "name"},
		{domain.ErrServiceNameTaken(), domain.CodeBadInput, "name"},
		{domain.ErrServiceMerged("Bergen"), domain.CodeInvalidTransition, "serviceId"},
		{domain.ErrMergeAcrossCounties(), domain.CodeBadInput, "mergedIds"},
		{domain.ErrMergeCityDistrict(), domain.CodeBadInput, "mergedIds"},
		{domain.ErrSplitCityDistrict(), domain.CodeBadInput, "serviceId"},
		{domain.ErrMunicipalityNotServed("4615", "Bergen"), domain.CodeBadInput, "municipalityNumbers"},
		{domain.ErrSplitTakesAll(), domain.CodeBadInput, "municipalityNumbers"},
		{domain.ErrInvalidQuestionnaireFile(2), domain.CodeBadInput, "definition"},
		{domain.ErrAlreadyPublished(3), domain.CodeBadInput, "id"},
		{domain.ErrPageSize(), domain.CodeBadInput, "first"},
		{domain.ErrPageCursor(), domain.CodeBadInput, "after"},
		{domain.ErrStatusFilterNeedsRound(), domain.CodeBadInput, "filter.roundId"},
		{domain.ErrResumeTooOld(12), domain.CodeBadInput, "after"},
		{domain.ErrRedactionTooShort(4), domain.CodeBadInput, "text"},
		{domain.ErrRedactionTooLong(), domain.CodeBadInput, "text"},
		{domain.ErrRedactionReason(), domain.CodeBadInput, "reason"},
	} {
		t.Run(tc.err.Text.EN, func(t *testing.T) {
			if tc.err.Code != tc.code || tc.err.Field != tc.field {
				t.Fatalf("got %s on %q, want %s on %q", tc.err.Code, tc.err.Field, tc.code, tc.field)
			}
			for _, text := range []string{tc.err.Text.NB, tc.err.Text.NN, tc.err.Text.EN} {
				if text == "" || strings.Contains(text, "%!") {
					t.Fatalf("bad message %q", text)
				}
			}
		})
	}
}

// The problems of entered totals keep their codes and carry the figures they name.
func TestTotalsProblems(t *testing.T) {
	for _, tc := range []struct {
		p    domain.Problem
		code domain.Code
		has  string
	}{
		{domain.ProblemCaseCountRange("caseCount", 10000), domain.CodeBadInput, "10000"},
		{domain.ProblemCaseCountMissing("caseCount"), domain.CodeRequiredMissing, ""},
		{domain.ProblemOptionNotAllowed("questions[1].counts.NOT_POSSIBLE", domain.OptionNotPossible, "2.1"), domain.CodeOptionNotAllowed, "2.1"},
		{domain.ProblemCountAboveCases("questions[0].counts.YES", domain.OptionYes, "1.1", 4, 3), domain.CodeBadInput, "(4)"},
		{domain.ProblemRequiredUncounted("questions[0].counts", "1.1", 1, 2), domain.CodeRequiredMissing, "1 av 2"},
		{domain.ProblemDaysPerCase("daysValues", 3, 2), domain.CodeBadInput, "3 verdier for 2 saker"},
		{domain.ProblemOutcomesAboveCases("outcomes", 3, 2), domain.CodeBadInput, "3"},
		{domain.ProblemUnknownOutcome("Saker!D7"), domain.CodeBadInput, "utfall"},
		{domain.ProblemWorkbookEmpty(), domain.CodeRequiredMissing, "ingen utfylte saker"},
		{domain.ProblemBaselineFormExists("a.xlsx"), domain.CodeBadInput, "samleskjema"},
	} {
		t.Run(tc.p.Text.EN, func(t *testing.T) {
			if tc.p.Code != tc.code || !strings.Contains(tc.p.Text.NB, tc.has) {
				t.Fatalf("got %s %q, want %s with %q", tc.p.Code, tc.p.Text.NB, tc.code, tc.has)
			}
			if tc.p.Text.NN == "" || tc.p.Text.EN == "" || strings.Contains(tc.p.Text.NB+tc.p.Text.NN+tc.p.Text.EN, "%!") {
				t.Fatalf("bad message %+v", tc.p.Text)
			}
		})
	}
}
