package domain

import (
	"fmt"
	"io"
	"strconv"
)

// Enumerations shared by the store, the graph and the rules. Their string values are the GraphQL
// enum values and the values stored in the database (guarded there by CHECK constraints), so BI
// tools see the same words everywhere.

// Option is an answer option on a case question.
type Option string

const (
	OptionYes           Option = "YES"
	OptionPartly        Option = "PARTLY"
	OptionNo            Option = "NO"
	OptionNotPossible   Option = "NOT_POSSIBLE"
	OptionNotApplicable Option = "NOT_APPLICABLE"
)

// Options lists every option in display order.
var Options = []Option{OptionYes, OptionPartly, OptionNo, OptionNotPossible, OptionNotApplicable}

// InDenominator reports whether the option counts in the denominator of shares.
func (o Option) InDenominator() bool {
	return o == OptionYes || o == OptionPartly || o == OptionNo
}

// Status is the lifecycle status of a submission (samleskjema).
type Status string

const (
	StatusNotStarted Status = "NOT_STARTED"
	StatusInProgress Status = "IN_PROGRESS"
	StatusSubmitted  Status = "SUBMITTED"
	StatusReturned   Status = "RETURNED"
	// StatusAccepted is retired: the county office no longer accepts or locks forms (the guide,
	// § 1.2). The value is still read in filters of older queries and matches nothing.
	StatusAccepted Status = "ACCEPTED"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{StatusNotStarted, StatusInProgress, StatusSubmitted, StatusReturned}

// ServiceKind says how a child welfare service is organised.
type ServiceKind string

const (
	ServiceMunicipal      ServiceKind = "MUNICIPAL"
	ServiceCityDistrict   ServiceKind = "CITY_DISTRICT"
	ServiceInterMunicipal ServiceKind = "INTER_MUNICIPAL"
)

// ServiceKinds lists every kind.
var ServiceKinds = []ServiceKind{ServiceMunicipal, ServiceCityDistrict, ServiceInterMunicipal}

// Comparability says how a question relates to its predecessors in an earlier questionnaire.
type Comparability string

const (
	ComparabilitySame           Comparability = "SAME"
	ComparabilityChangedText    Comparability = "CHANGED_TEXT"
	ComparabilitySplit          Comparability = "SPLIT"
	ComparabilityMerged         Comparability = "MERGED"
	ComparabilityChangedOptions Comparability = "CHANGED_OPTIONS"
	ComparabilityNew            Comparability = "NEW"
)

// Comparabilities lists every value.
var Comparabilities = []Comparability{ComparabilitySame, ComparabilityChangedText, ComparabilitySplit, ComparabilityMerged, ComparabilityChangedOptions, ComparabilityNew}

// ComparabilityRank orders the kinds from the most to the least comparable: a question with several
// links takes the least comparable one.
var ComparabilityRank = map[Comparability]int{ComparabilitySame: 0, ComparabilityChangedText: 1, ComparabilityChangedOptions: 2,
	ComparabilitySplit: 3, ComparabilityMerged: 4}

// OneToOne reports whether a link compares one question with one earlier question directly
// (reworded text or changed options included).
func (c Comparability) OneToOne() bool {
	return c == ComparabilitySame || c == ComparabilityChangedText || c == ComparabilityChangedOptions
}

// Outcome is how an investigation ended (barnevernsloven § 2-5).
type Outcome string

const (
	OutcomeDismissed                 Outcome = "DISMISSED"
	OutcomeDismissedNewInvestigation Outcome = "DISMISSED_NEW_INVESTIGATION_POSSIBLE"
	OutcomeMeasuresDecided           Outcome = "MEASURES_DECIDED"
	OutcomeCareOrderProposed         Outcome = "CARE_ORDER_PROPOSED"
)

// Outcomes lists every outcome.
var Outcomes = []Outcome{OutcomeDismissed, OutcomeDismissedNewInvestigation, OutcomeMeasuresDecided, OutcomeCareOrderProposed}

// ActionStatus is the progress of an improvement action.
type ActionStatus string

const (
	ActionPlanned    ActionStatus = "PLANNED"
	ActionInProgress ActionStatus = "IN_PROGRESS"
	ActionDone       ActionStatus = "DONE"
	ActionCancelled  ActionStatus = "CANCELLED"
)

// ActionStatuses lists every value.
var ActionStatuses = []ActionStatus{ActionPlanned, ActionInProgress, ActionDone, ActionCancelled}

func contains[T ~string](all []T, v T) bool {
	for _, x := range all {
		if x == v {
			return true
		}
	}
	return false
}

// unmarshalEnum is the shared GraphQL input decoding of the string enums above.
func unmarshalEnum[T ~string](dst *T, v any, all []T, name string) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%s must be a string", name)
	}
	if !contains(all, T(s)) {
		return fmt.Errorf("%q is not a valid %s", s, name)
	}
	*dst = T(s)
	return nil
}

func marshalEnum(w io.Writer, s string) { _, _ = io.WriteString(w, strconv.Quote(s)) }

// Valid reports whether o is a known option.
func (o Option) Valid() bool { return contains(Options, o) }

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return contains(Statuses, s) }

// Valid reports whether k is a known service kind.
func (k ServiceKind) Valid() bool { return contains(ServiceKinds, k) }

// Valid reports whether c is a known comparability.
func (c Comparability) Valid() bool { return contains(Comparabilities, c) }

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool { return contains(Outcomes, o) }

// Valid reports whether s is a known action status.
func (s ActionStatus) Valid() bool { return contains(ActionStatuses, s) }

// UnmarshalGQL decodes an AnswerOption input value and rejects unknown values.
func (o *Option) UnmarshalGQL(v any) error { return unmarshalEnum(o, v, Options, "AnswerOption") }

// MarshalGQL writes o as its GraphQL enum value.
func (o Option) MarshalGQL(w io.Writer) { marshalEnum(w, string(o)) }

// UnmarshalGQL decodes a SubmissionStatus input value; the retired ACCEPTED still decodes, since
// filters of older queries send it.
func (s *Status) UnmarshalGQL(v any) error {
	return unmarshalEnum(s, v, append(Statuses[:len(Statuses):len(Statuses)], StatusAccepted), "SubmissionStatus")
}

// MarshalGQL writes s as its GraphQL enum value.
func (s Status) MarshalGQL(w io.Writer) { marshalEnum(w, string(s)) }

// UnmarshalGQL decodes a ServiceKind input value and rejects unknown values.
func (k *ServiceKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(k, v, ServiceKinds, "ServiceKind")
}

// MarshalGQL writes k as its GraphQL enum value.
func (k ServiceKind) MarshalGQL(w io.Writer) { marshalEnum(w, string(k)) }

// UnmarshalGQL decodes a Comparability input value and rejects unknown values.
func (c *Comparability) UnmarshalGQL(v any) error {
	return unmarshalEnum(c, v, Comparabilities, "Comparability")
}

// MarshalGQL writes c as its GraphQL enum value.
func (c Comparability) MarshalGQL(w io.Writer) { marshalEnum(w, string(c)) }

// UnmarshalGQL decodes an InvestigationOutcome input value and rejects unknown values.
func (o *Outcome) UnmarshalGQL(v any) error {
	return unmarshalEnum(o, v, Outcomes, "InvestigationOutcome")
}

// MarshalGQL writes o as its GraphQL enum value.
func (o Outcome) MarshalGQL(w io.Writer) { marshalEnum(w, string(o)) }

// UnmarshalGQL decodes an ActionStatus input value and rejects unknown values.
func (s *ActionStatus) UnmarshalGQL(v any) error {
	return unmarshalEnum(s, v, ActionStatuses, "ActionStatus")
}

// MarshalGQL writes s as its GraphQL enum value.
func (s ActionStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(s)) }
