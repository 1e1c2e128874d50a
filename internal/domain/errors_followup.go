package domain

// The words of the rules on a county office's follow-up of its services in a round: invitations
// and replies, information meetings, follow-up activity, extensions and the office's own
// deadline, returned forms, and (from round 2) the judgement of the previous round's goals and
// the way forward. The store decides when a rule that needs stored rows fails; the words are here.

// NounParticipation names a service's participation in a round in errors.
var NounParticipation = Noun{NB: "deltakelsen", NN: "deltakinga", EN: "participation"}

// NounOfficeDeadline names an office's own deadline in a round in errors.
var NounOfficeDeadline = Noun{NB: "embetets frist", NN: "fristen til embetet", EN: "office deadline"}

// ErrNoServicesChosen says that follow-up of services names none.
func ErrNoServicesChosen() *Error {
	return ErrBadInput("serviceIds", "Velg minst én tjeneste.", "Vel minst éi teneste.", "Choose at least one service.")
}

// ErrServicesInDifferentOffices says that services followed up together belong to different offices.
func ErrServicesInDifferentOffices() *Error {
	return ErrBadInput("serviceIds", "Tjenestene hører til ulike embeter.", "Tenestene høyrer til ulike embete.", "The services belong to different offices.")
}

// ErrServicesOutsideOffice says that an office's follow-up activity names services of another office.
func ErrServicesOutsideOffice() *Error {
	return ErrBadInput("serviceIds", "Tjenestene må høre til embetet.", "Tenestene må høyre til embetet.", "The services must belong to the office.")
}

// ErrAttendeesOutsideOffice says that an office's meeting names attendees of another office.
func ErrAttendeesOutsideOffice() *Error {
	return ErrBadInput("attendeeServiceIds", "Deltakerne må høre til embetet.", "Deltakarane må høyre til embetet.", "The attendees must belong to the office.")
}

// ErrReminderWithoutServices says that a reminder names nobody to remind.
func ErrReminderWithoutServices() *Error {
	return ErrBadInput("serviceIds", "Velg hvem purringen gjelder.", "Vel kven purringa gjeld.", "Choose who the reminder is for.")
}

// ErrNotInvited says that the service has not been invited to the round, which the change needs.
func ErrNotInvited() *Error {
	return ErrBadInput("serviceId", "Tjenesten er ikke invitert til denne runden ennå.",
		"Tenesta er ikkje invitert til denne runden enno.", "The service has not been invited to this round yet.")
}

// ErrMeetingFormat says that a meeting's format is not a known one.
func ErrMeetingFormat() *Error {
	return ErrBadInput("format", "Ukjent møteform.", "Ukjend møteform.", "Unknown meeting format.")
}

// ErrActivityKind says that a follow-up activity's kind is not a known one.
func ErrActivityKind() *Error {
	return ErrBadInput("kind", "Ukjent aktivitet.", "Ukjend aktivitet.", "Unknown kind of activity.")
}

// ErrReplyYesNo says that a reply is neither yes nor no.
func ErrReplyYesNo() *Error {
	return ErrBadInput("reply", "Svar ja eller nei.", "Svar ja eller nei.", "Answer yes or no.")
}

// ErrDeclineReasonMissing says that a service declining gives no reason.
func ErrDeclineReasonMissing() *Error {
	return ErrBadInput("declineReason", "Oppgi hvorfor tjenesten ikke deltar.", "Oppgi kvifor tenesta ikkje deltek.",
		"Give the reason the service does not take part.")
}

// ErrPlannedPeriodEndsBeforeStart says that the period a service plans for ends before it starts.
func ErrPlannedPeriodEndsBeforeStart() *Error {
	return ErrBadInput("plannedTo", "Perioden slutter før den begynner.", "Perioden sluttar før han byrjar.", "The period ends before it starts.")
}

// ErrExtensionReasonMissing says that an extension gives no reason.
func ErrExtensionReasonMissing() *Error {
	return ErrBadInput("reason", "Oppgi grunnen til utsettelsen.", "Oppgi grunnen til utsetjinga.", "Give the reason for the extension.")
}

// ErrExtensionNotLater says that an extension does not go beyond the round's deadline.
func ErrExtensionNotLater() *Error {
	return ErrBadInput("until", "Utsettelsen må gå ut over rundens frist.", "Utsetjinga må gå ut over fristen for runden.",
		"The extension must go beyond the round's deadline.")
}

// ErrOfficeDeadlineReasonMissing says that an office's own deadline gives no reason.
func ErrOfficeDeadlineReasonMissing() *Error {
	return ErrBadInput("reason", "Oppgi grunnen til den nye fristen.", "Oppgi grunnen til den nye fristen.", "Give the reason for the new deadline.")
}

// ErrOfficeDeadlineNotLater says that an office's own deadline is not after the round's.
func ErrOfficeDeadlineNotLater() *Error {
	return ErrBadInput("deadline", "Embetets frist må være etter rundens frist.", "Fristen til embetet må vere etter fristen for runden.",
		"The office's deadline must be after the round's.")
}

// ErrCorrectionMissing says that a returned form does not say what must be corrected.
func ErrCorrectionMissing(field string) *Error {
	return ErrBadInput(field, "Skriv hva som må rettes.", "Skriv kva som må rettast.", "Say what must be corrected.")
}

// ErrPreviousGoalUnknown says that a judged goal is not in the previous round's plan.
func ErrPreviousGoalUnknown(field string) *Error {
	return ErrBadInput(field,
		"Forbedringsplanen fra forrige egenkontroll har ikke et slikt mål.",
		"Forbetringsplanen frå førre eigenkontroll har ikkje eit slikt mål.",
		"The improvement plan of the previous self-assessment has no such goal.")
}

// ErrGoalJudgedTwice says that one goal of the previous round's plan is judged twice.
func ErrGoalJudgedTwice(field string) *Error {
	return ErrBadInput(field, "Målet er vurdert to ganger.", "Målet er vurdert to gonger.", "The goal is judged twice.")
}

// ErrGoalResultUnknown says that a goal's judgement is not one of GoalResults.
func ErrGoalResultUnknown(field string) *Error {
	return ErrBadInput(field, "Ukjent vurdering.", "Ukjend vurdering.", "Unknown judgement.")
}

// ErrWayForwardCommentAlone says that the way forward has a comment but no decision.
func ErrWayForwardCommentAlone() *Error {
	return ErrBadInput("wayForward.decision", "Velg veien videre før du skriver en kommentar.",
		"Vel vegen vidare før du skriv ein kommentar.", "Choose the way forward before writing a comment.")
}

// ErrWayForwardUnknown says that the way forward is not one of the known decisions.
func ErrWayForwardUnknown() *Error {
	return ErrBadInput("wayForward.decision", "Ukjent valg.", "Ukjent val.", "Unknown choice.")
}
