package domain

import (
	"errors"
	"fmt"
	"strings"
)

// Code is a stable error code, exposed as extensions.code in the graph (enum ErrorCode in the schema).
type Code string

const (
	CodeBadInput          Code = "BAD_USER_INPUT"
	CodeNotFound          Code = "NOT_FOUND"
	CodeOptionNotAllowed  Code = "OPTION_NOT_ALLOWED"
	CodeCommentNotAllowed Code = "COMMENT_NOT_ALLOWED"
	CodeFieldNotCollected Code = "FIELD_NOT_COLLECTED"
	CodeRequiredMissing   Code = "REQUIRED_ANSWERS_MISSING"
	CodeLocked            Code = "SUBMISSION_LOCKED"
	CodeInvalidTransition Code = "INVALID_TRANSITION"
	CodeVersionConflict   Code = "VERSION_CONFLICT"
	CodePersonalData      Code = "PERSONAL_DATA"
	// CodePersonalDataWarning: free text may contain personal data (a likely name, a health
	// word); the caller resends with confirmWarnings to store it anyway.
	CodePersonalDataWarning Code = "PERSONAL_DATA_WARNING"
	CodeUnauthenticated     Code = "UNAUTHENTICATED"
	CodeForbidden           Code = "FORBIDDEN"
	CodeRateLimited         Code = "RATE_LIMITED"
	CodeTooExpensive        Code = "QUERY_TOO_EXPENSIVE"
	CodeQueryTimeout        Code = "QUERY_TIMEOUT"
	CodeResponseTooLarge    Code = "RESPONSE_TOO_LARGE"
	CodeInternal            Code = "INTERNAL"
)

// Error is a rule violation the caller can act on. Its message is rendered in the caller's language
// by Message; Error() gives the English text for logs.
type Error struct {
	Code  Code
	Field string         // input field the error is about, if any
	Text  Text           // human message in the three languages
	Extra map[string]any // machine-readable details (missing answers, current version, …)
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Text.EN, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Text.EN)
}

// Message returns the message in lang.
func (e *Error) Message(lang Lang) string { return e.Text.In(lang) }

// AsError finds a *Error in err's chain.
func AsError(err error) (*Error, bool) {
	var de *Error
	ok := errors.As(err, &de)
	return de, ok
}

// IsCode reports whether err carries the given code.
func IsCode(err error, code Code) bool {
	de, ok := AsError(err)
	return ok && de.Code == code
}

func newErr(code Code, field string, nb, nn, en string) *Error {
	return &Error{Code: code, Field: field, Text: Text{NB: nb, NN: nn, EN: en}}
}

// ErrNotFound says that an object of the kind does not exist (or is not visible to the caller).
func ErrNotFound(kind Noun, id any) *Error {
	e := newErr(CodeNotFound, "",
		fmt.Sprintf("Fant ikke %s %v.", kind.NB, id),
		fmt.Sprintf("Fann ikkje %s %v.", kind.NN, id),
		fmt.Sprintf("%s %v was not found.", upperFirst(kind.EN), id))
	e.Extra = map[string]any{"kind": kind.EN}
	return e
}

// Noun names a kind of object in the three languages.
type Noun Text

var (
	NounService       = Noun{NB: "tjenesten", NN: "tenesta", EN: "service"}
	NounRound         = Noun{NB: "runden", NN: "runden", EN: "round"}
	NounCase          = Noun{NB: "saken", NN: "saka", EN: "case"}
	NounQuestion      = Noun{NB: "spørsmålet", NN: "spørsmålet", EN: "question"}
	NounSubmission    = Noun{NB: "samleskjemaet", NN: "samleskjemaet", EN: "summary form"}
	NounOffice        = Noun{NB: "statsforvalterembetet", NN: "statsforvaltarembetet", EN: "county governor office"}
	NounCounty        = Noun{NB: "fylket", NN: "fylket", EN: "county"}
	NounQuestionnaire = Noun{NB: "skjemaversjonen", NN: "skjemaversjonen", EN: "questionnaire"}
	NounAnswer        = Noun{NB: "svaret", NN: "svaret", EN: "answer"}
)

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ErrBadInput says that an input field is malformed or out of range.
func ErrBadInput(field string, nb, nn, en string) *Error {
	return newErr(CodeBadInput, field, nb, nn, en)
}

// ErrVersionConflict says that someone else changed the object since the caller read it.
func ErrVersionConflict(kind Noun, current int) *Error {
	e := newErr(CodeVersionConflict, "expectedVersion",
		fmt.Sprintf("Noen andre har endret %s mens du arbeidet. Last inn på nytt og prøv igjen.", kind.NB),
		fmt.Sprintf("Nokon andre har endra %s medan du arbeidde. Last inn på nytt og prøv igjen.", kind.NN),
		fmt.Sprintf("Someone else changed the %s while you were working. Reload and try again.", kind.EN))
	e.Extra = map[string]any{"currentVersion": current}
	return e
}

// ErrLocked says that a submitted form cannot change until the service re-opens it.
func ErrLocked(status Status) *Error {
	e := newErr(CodeLocked, "",
		"Samleskjemaet er sendt inn og kan bare endres etter at det er åpnet igjen.",
		"Samleskjemaet er sendt inn og kan berre endrast etter at det er opna igjen.",
		"The summary form has been submitted and can only change after it is re-opened.")
	e.Extra = map[string]any{"status": string(status)}
	return e
}

// ErrInvalidTransition says that the status change is not allowed from the current status.
func ErrInvalidTransition(from Status, ev Event) *Error {
	e := newErr(CodeInvalidTransition, "",
		fmt.Sprintf("Kan ikke %s når status er %s.", ev.nb(), from),
		fmt.Sprintf("Kan ikkje %s når status er %s.", ev.nn(), from),
		fmt.Sprintf("Cannot %s when the status is %s.", ev.en(), from))
	e.Extra = map[string]any{"status": string(from), "event": string(ev)}
	return e
}
