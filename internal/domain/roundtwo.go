package domain

import "io"

// WayForward is the service's decision on its improvement measures after round 2 (document 002:
// after assessing the results, decide whether to continue, adjust, or make them permanent practice).
type WayForward string

const (
	WayForwardContinue      WayForward = "CONTINUE"
	WayForwardAdjust        WayForward = "ADJUST"
	WayForwardMakePermanent WayForward = "MAKE_PERMANENT"
)

// WayForwards lists the decisions in display order.
var WayForwards = []WayForward{WayForwardContinue, WayForwardAdjust, WayForwardMakePermanent}

// Valid reports whether w is a known decision.
func (w WayForward) Valid() bool {
	for _, x := range WayForwards {
		if x == w {
			return true
		}
	}
	return false
}

// GoalResult is the service's own judgement of whether a goal of the previous round's plan was
// reached ("Har dere nådd målene dere satte?").
type GoalResult string

const (
	GoalReached       GoalResult = "REACHED"
	GoalPartlyReached GoalResult = "PARTLY_REACHED"
	GoalNotReached    GoalResult = "NOT_REACHED"
)

// Valid reports whether g is a known judgement.
func (g GoalResult) Valid() bool {
	return g == GoalReached || g == GoalPartlyReached || g == GoalNotReached
}

// ErrNotCollectedInFirstRound refuses what only a round after the first asks for: the way forward
// and the judgement of the previous round's goals (document 002, egenkontroll nr. 2).
func ErrNotCollectedInFirstRound(field string) *Error {
	return newErr(CodeFieldNotCollected, field,
		"Dette spørres det om først i egenkontrollen etter den første, når det er resultater å vurdere tiltakene mot.",
		"Dette blir det spurt om først i eigenkontrollen etter den første, når det er resultat å vurdere tiltaka mot.",
		"This is asked only in the self-assessment after the first, when there are results to assess the measures against.")
}

// GoalResults lists the judgements in display order.
var GoalResults = []GoalResult{GoalReached, GoalPartlyReached, GoalNotReached}

func (w *WayForward) UnmarshalGQL(v any) error { return unmarshalEnum(w, v, WayForwards, "WayForward") }
func (w WayForward) MarshalGQL(out io.Writer)  { marshalEnum(out, string(w)) }
func (g *GoalResult) UnmarshalGQL(v any) error { return unmarshalEnum(g, v, GoalResults, "GoalResult") }
func (g GoalResult) MarshalGQL(out io.Writer)  { marshalEnum(out, string(g)) }
