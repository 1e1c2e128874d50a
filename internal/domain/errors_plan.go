package domain

import "fmt"

// The words of the rules on following up an improvement plan after the form was submitted. The
// store decides when a rule that needs the stored plan fails; the words are here.

// NounPlan names an improvement plan in errors.
var NounPlan = Noun{NB: "forbedringsplanen", NN: "forbetringsplanen", EN: "improvement plan"}

// ErrPlanNotSubmitted says that a plan can be followed up only once its form is submitted.
func ErrPlanNotSubmitted() *Error {
	return ErrBadInput("roundId", "Planen kan følges opp når samleskjemaet er sendt inn.",
		"Planen kan følgjast opp når samleskjemaet er sendt inn.", "The plan can be followed up once the summary form is submitted.")
}

// ErrPlanGoalUnknown says that the plan has no goal at the position given.
func ErrPlanGoalUnknown() *Error {
	return ErrBadInput("goal", "Planen har ikke dette målet.", "Planen har ikkje dette målet.", "The plan has no such goal.")
}

// ErrPlanActionUnknown says that the goal has no action at the position given.
func ErrPlanActionUnknown() *Error {
	return ErrBadInput("action", "Målet har ikke dette tiltaket.", "Målet har ikkje dette tiltaket.", "The goal has no such action.")
}

// ErrEndBeforeStart says that an action ends before it starts.
func ErrEndBeforeStart() *Error {
	return ErrBadInput("endedOn", "Sluttdatoen kan ikke være før startdatoen.",
		"Sluttdatoen kan ikkje vere før startdatoen.", "The end date cannot be before the start date.")
}

// CheckActionStatus refuses a status of a goal or action that is not one of the known ones.
func CheckActionStatus(st ActionStatus) error {
	if !st.Valid() {
		return ErrUnknownActionStatus("status")
	}
	return nil
}

// ErrTooManyPlanActions says that a goal already has as many actions as it may.
func ErrTooManyPlanActions(max int) *Error {
	return ErrBadInput("goal", fmt.Sprintf("Høyst %d tiltak per mål.", max),
		fmt.Sprintf("Høgst %d tiltak per mål.", max), fmt.Sprintf("At most %d actions per goal.", max))
}

// ErrTooManyPlanGoals says that a plan already has as many goals as it may.
func ErrTooManyPlanGoals(max int) *Error {
	return ErrBadInput("goal", fmt.Sprintf("Høyst %d mål.", max),
		fmt.Sprintf("Høgst %d mål.", max), fmt.Sprintf("At most %d goals.", max))
}

// ErrGoalChangeReasonMissing says that an adjusted goal gives no reason.
func ErrGoalChangeReasonMissing() *Error {
	return ErrBadInput("reason", "Skriv hvorfor målet endres.", "Skriv kvifor målet blir endra.", "Say why the goal is changed.")
}

// ErrOwnPlanSummaryMissing says that a plan made with the service's own method is not summarised.
func ErrOwnPlanSummaryMissing() *Error {
	return ErrBadInput("ownPlanSummary", "Beskriv planen kort når dere bruker egen metode.",
		"Beskriv planen kort når de bruker eigen metode.", "Describe the plan briefly when you use your own method.")
}
