package domain

import "fmt"

// The words of the rules of lists, live subscriptions and redaction: input the store refuses
// before it reads or changes anything.

// ErrPageSize refuses a page size outside 0…500 (field "first").
func ErrPageSize() *Error {
	return ErrBadInput("first", "first må være mellom 0 og 500.", "first må vere mellom 0 og 500.", "first must be between 0 and 500.")
}

// ErrPageCursor refuses a page cursor this server did not make (field "after").
func ErrPageCursor() *Error {
	return ErrBadInput("after", "Ugyldig sidemarkør.", "Ugyldig sidemarkør.", "Invalid page cursor.")
}

// ErrStatusFilterNeedsRound refuses a filter on status or lateness without a round.
func ErrStatusFilterNeedsRound() *Error {
	return ErrBadInput("filter.roundId", "Velg runde for å filtrere på status.", "Vel runde for å filtrere på status.", "Choose a round to filter by status.")
}

// ErrResumeTooOld says that the events after the sequence a client asked to resume from have been
// pruned, so the replay could not be complete: reload and subscribe afresh.
func ErrResumeTooOld(after int64) *Error {
	return ErrBadInput("after",
		fmt.Sprintf("Hendelsene etter %d er slettet. Last inn på nytt.", after),
		fmt.Sprintf("Hendingane etter %d er sletta. Last inn på nytt.", after),
		fmt.Sprintf("The events after %d have been pruned. Reload and subscribe again.", after))
}

// ErrRedactionInvalidText refuses a text to redact with invalid characters (field "text").
func ErrRedactionInvalidText() *Error {
	return ErrBadInput("text", "Teksten inneholder ugyldige tegn.", "Teksten inneheld ugyldige teikn.", "The text contains invalid characters.")
}

// ErrRedactionTooShort refuses a text to redact shorter than minLen, so a slip cannot blank out
// common words.
func ErrRedactionTooShort(minLen int) *Error {
	return ErrBadInput("text",
		fmt.Sprintf("Lim inn teksten som skal fjernes, minst %d tegn.", minLen),
		fmt.Sprintf("Lim inn teksten som skal fjernast, minst %d teikn.", minLen),
		fmt.Sprintf("Paste the text to remove, at least %d characters.", minLen))
}

// ErrRedactionTooLong refuses a text to redact longer than any text kept (MaxAssessmentLen).
func ErrRedactionTooLong() *Error {
	return ErrBadInput("text",
		fmt.Sprintf("Teksten er for lang (høyst %d tegn).", MaxAssessmentLen),
		fmt.Sprintf("Teksten er for lang (høgst %d teikn).", MaxAssessmentLen),
		fmt.Sprintf("The text is too long (at most %d characters).", MaxAssessmentLen))
}

// ErrRedactionDone refuses to redact (part of) the marker that replaced text already removed.
func ErrRedactionDone() *Error {
	return ErrBadInput("text", "Denne teksten er allerede fjernet.", "Denne teksten er allereie fjerna.", "This text has already been removed.")
}

// ErrRedactionReason refuses a reason that is not one of the categories (field "reason").
func ErrRedactionReason() *Error {
	return ErrBadInput("reason", "Ukjent begrunnelse.", "Ukjend grunngiving.", "Unknown reason.")
}
