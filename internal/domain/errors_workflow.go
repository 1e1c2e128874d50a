package domain

import "fmt"

// The words of the rules of a service's summary form: its cases, its draft, submit and review,
// entered totals and uploaded workbooks. The store decides when a rule is broken (some rules need
// rows read in its transaction); what the caller is told lives here, once, in the three languages.
// Each constructor keeps the code and field the graph and the app rely on.

// ErrUnknownOutcome refuses an outcome that is not one of the law's (field "outcome").
func ErrUnknownOutcome() *Error {
	return ErrBadInput("outcome", "Ukjent utfall.", "Ukjent utfall.", "Unknown outcome.")
}

// ErrClosedBeforeStarted refuses a case closed before the month it started.
func ErrClosedBeforeStarted() *Error {
	return ErrBadInput("closedMonth", "Avslutningsmåned kan ikke være før startmåned.",
		"Avslutningsmånad kan ikkje vere før startmånad.", "The closing month cannot be before the start month.")
}

// ErrQuestionNotInForm refuses a comment on a question outside the round's questionnaire.
func ErrQuestionNotInForm(field string) *Error {
	return ErrBadInput(field, "Spørsmålet hører ikke til skjemaet i denne runden.",
		"Spørsmålet høyrer ikkje til skjemaet i denne runden.", "The question is not part of this round's form.")
}

// ErrQuestionNotInPart refuses an answer to a reflection or feedback question that is not of that
// part of the summary form in the round.
func ErrQuestionNotInPart(field string) *Error {
	return ErrBadInput(field, "Spørsmålet hører ikke til denne delen av samleskjemaet i denne runden.",
		"Spørsmålet høyrer ikkje til denne delen av samleskjemaet i denne runden.",
		"The question is not part of this part of the summary form in this round.")
}

// ErrQuestionNotInRound refuses a goal tied to a question outside the round.
func ErrQuestionNotInRound(field string) *Error {
	return ErrBadInput(field, "Spørsmålet hører ikke til denne runden.",
		"Spørsmålet høyrer ikkje til denne runden.", "The question is not part of this round.")
}

// ErrTooManyGoals refuses an improvement plan of more than MaxGoals goals.
func ErrTooManyGoals() *Error {
	return ErrBadInput("improvementPlan.goals", fmt.Sprintf("Høyst %d mål.", MaxGoals),
		fmt.Sprintf("Høgst %d mål.", MaxGoals), fmt.Sprintf("At most %d goals.", MaxGoals))
}

// ErrGoalUndescribed refuses a goal without a description (field names the goal's description).
func ErrGoalUndescribed(field string) *Error {
	return ErrBadInput(field, "Beskriv målet.", "Beskriv målet.", "Describe the goal.")
}

// ErrTooManyActions refuses a goal of more than MaxActionsPerGoal actions.
func ErrTooManyActions(field string) *Error {
	return ErrBadInput(field, fmt.Sprintf("Høyst %d tiltak per mål.", MaxActionsPerGoal),
		fmt.Sprintf("Høgst %d tiltak per mål.", MaxActionsPerGoal), fmt.Sprintf("At most %d actions per goal.", MaxActionsPerGoal))
}

// ErrActionUndescribed refuses an action without a description.
func ErrActionUndescribed(field string) *Error {
	return ErrBadInput(field, "Beskriv tiltaket.", "Beskriv tiltaket.", "Describe the action.")
}

// ErrUnknownActionStatus refuses an action status that is not one of ActionStatus.
func ErrUnknownActionStatus(field string) *Error {
	return ErrBadInput(field, "Ukjent status.", "Ukjend status.", "Unknown status.")
}

// ErrNothingToReview refuses the office's review mark on a form never submitted.
func ErrNothingToReview() *Error {
	return ErrBadInput("reviewed", "Skjemaet er ikke sendt inn ennå, så det er ingenting å gå gjennom.",
		"Skjemaet er ikkje sendt inn enno, så det er ingenting å gå gjennom.",
		"The form has not been submitted yet, so there is nothing to go through.")
}

// ErrFormHasCases refuses entered totals on a form that already has cases.
func ErrFormHasCases(cases int) *Error {
	return ErrBadInput("caseCount",
		fmt.Sprintf("Skjemaet har allerede %d saker. Slett sakene før du fyller inn totaler direkte.", cases),
		fmt.Sprintf("Skjemaet har allereie %d saker. Slett sakene før du fyller inn totalar direkte.", cases),
		fmt.Sprintf("The form already has %d cases. Delete them before entering totals directly.", cases))
}

// ErrTotalsEntered refuses cases on a form of entered totals.
func ErrTotalsEntered() *Error {
	return ErrBadInput("entryMode",
		"Skjemaet har totaler fylt inn direkte. Fjern totalene før du registrerer saker.",
		"Skjemaet har totalar fylte inn direkte. Fjern totalane før du registrerer saker.",
		"The form has totals entered directly. Remove the totals before recording cases.")
}

// ErrQuestionNotInQuestionnaire refuses an answer to a question of another questionnaire version
// than the round's (field "questionId").
func ErrQuestionNotInQuestionnaire(code string) *Error {
	return ErrBadInput("questionId",
		fmt.Sprintf("Spørsmål %s hører ikke til skjemaversjonen i denne runden.", code),
		fmt.Sprintf("Spørsmål %s høyrer ikkje til skjemaversjonen i denne runden.", code),
		fmt.Sprintf("Question %s is not part of this round's questionnaire.", code))
}
