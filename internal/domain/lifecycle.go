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
	// EventReturn is the county governor returning a submitted form for correction.
	EventReturn Event = "RETURN"
	// EventAccept is the county governor accepting a submitted form.
	EventAccept Event = "ACCEPT"
	// EventUnlock is the county governor re-opening an accepted form.
	EventUnlock Event = "UNLOCK"
)

// transitions is the whole lifecycle: NOT_STARTED → IN_PROGRESS → SUBMITTED → (RETURNED → IN_PROGRESS) | ACCEPTED.
// A returned form may be submitted again as it is, since the correction may be in the comments alone.
var transitions = map[Status]map[Event]Status{
	StatusNotStarted: {EventEdit: StatusInProgress},
	StatusInProgress: {EventEdit: StatusInProgress, EventSubmit: StatusSubmitted},
	StatusSubmitted:  {EventReopen: StatusInProgress, EventReturn: StatusReturned, EventAccept: StatusAccepted},
	StatusReturned:   {EventEdit: StatusInProgress, EventReopen: StatusInProgress, EventSubmit: StatusSubmitted},
	StatusAccepted:   {EventUnlock: StatusInProgress},
}

// Transition returns the status after ev, or a typed error when ev is not allowed from from.
// Editing a submitted or accepted form is SUBMISSION_LOCKED rather than INVALID_TRANSITION, since
// the user's remedy is to re-open it.
func Transition(from Status, ev Event) (Status, error) {
	if to, ok := transitions[from][ev]; ok {
		return to, nil
	}
	if ev == EventEdit && (from == StatusSubmitted || from == StatusAccepted) {
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
		EventReturn: "returnere", EventAccept: "godkjenne", EventUnlock: "låse opp"}[e]
}

func (e Event) nn() string {
	return map[Event]string{EventEdit: "endre skjemaet", EventSubmit: "sende inn", EventReopen: "opne igjen",
		EventReturn: "returnere", EventAccept: "godkjenne", EventUnlock: "låse opp"}[e]
}

func (e Event) en() string {
	return map[Event]string{EventEdit: "edit the form", EventSubmit: "submit", EventReopen: "re-open",
		EventReturn: "return", EventAccept: "accept", EventUnlock: "unlock"}[e]
}

// IsLate reports whether something submitted at submittedAt missed the deadline day (Oslo time).
func IsLate(submittedAt time.Time, deadline Date) bool {
	return !submittedAt.Before(deadline.EndInOslo())
}
