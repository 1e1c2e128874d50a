package domain

import "time"

// Event is something that happens to a submission and may change its status.
type Event string

const (
	// EventEdit is any change to cases, answers or the service's own text (draft).
	EventEdit Event = "EDIT"
	// EventSubmit is the service leader sending the form to the county governor.
	EventSubmit Event = "SUBMIT"
	// EventReopen is the service leader taking a submitted or returned form back for editing.
	EventReopen Event = "REOPEN"
	// EventReturn is the county office asking for a correction of a submitted form.
	EventReturn Event = "RETURN"
)

// transitions is the whole lifecycle: NOT_STARTED → IN_PROGRESS → SUBMITTED → (RETURNED → IN_PROGRESS → SUBMITTED).
// The service owns its self-assessment (the guide, § 1.2): the county office never approves or
// locks a form. It may ask for a correction (RETURNED), which is a request and leaves the form in
// the service's hands: the service may edit it at once, re-open it, or submit it again as it is
// (the correction may be in the comments alone, or the service may disagree). Only the service
// locks its own form, by submitting it; its leader re-opens it. The office's "gjennomgått" mark is
// not a status.
var transitions = map[Status]map[Event]Status{
	StatusNotStarted: {EventEdit: StatusInProgress},
	StatusInProgress: {EventEdit: StatusInProgress, EventSubmit: StatusSubmitted},
	StatusSubmitted:  {EventReopen: StatusInProgress, EventReturn: StatusReturned},
	StatusReturned:   {EventEdit: StatusInProgress, EventReopen: StatusInProgress, EventSubmit: StatusSubmitted},
}

// Transition returns the status after ev, or a typed error when ev is not allowed from from.
// Editing a submitted form is SUBMISSION_LOCKED rather than INVALID_TRANSITION, since the user's
// remedy is to re-open it.
func Transition(from Status, ev Event) (Status, error) {
	if to, ok := transitions[from][ev]; ok {
		return to, nil
	}
	if ev == EventEdit && from == StatusSubmitted {
		return from, ErrLocked(from)
	}
	return from, ErrInvalidTransition(from, ev)
}

// CanEdit reports whether cases and answers may change in status s.
func CanEdit(s Status) bool {
	_, ok := transitions[s][EventEdit]
	return ok
}

func (e Event) nb() string {
	return map[Event]string{EventEdit: "endre skjemaet", EventSubmit: "sende inn", EventReopen: "åpne igjen",
		EventReturn: "be om retting"}[e]
}

func (e Event) nn() string {
	return map[Event]string{EventEdit: "endre skjemaet", EventSubmit: "sende inn", EventReopen: "opne igjen",
		EventReturn: "be om retting"}[e]
}

func (e Event) en() string {
	return map[Event]string{EventEdit: "edit the form", EventSubmit: "submit", EventReopen: "re-open",
		EventReturn: "ask for a correction"}[e]
}

// IsLate reports whether something submitted at submittedAt missed the deadline day (Oslo time).
func IsLate(submittedAt time.Time, deadline Date) bool {
	return !submittedAt.Before(deadline.EndInOslo())
}
