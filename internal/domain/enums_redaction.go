package domain

import "io"

// Enumerations of redaction: why text is removed and where it was kept.
// Their string values are the GraphQL enum values and, where stored, the database values.

// RedactionReason says why text is removed from a summary form.
type RedactionReason string

// The values of RedactionReason.
const (
	RedactionPersonalData RedactionReason = "PERSONAL_DATA"
	RedactionConfidential RedactionReason = "CONFIDENTIAL"
	RedactionOther        RedactionReason = "OTHER"
)

// RedactionReasons lists every RedactionReason in schema order.
var RedactionReasons = []RedactionReason{RedactionPersonalData, RedactionConfidential, RedactionOther}

// Valid reports whether r is a known RedactionReason.
func (r RedactionReason) Valid() bool { return contains(RedactionReasons, r) }

// UnmarshalGQL decodes a RedactionReason input value and rejects unknown values.
func (r *RedactionReason) UnmarshalGQL(v any) error {
	return unmarshalEnum(r, v, RedactionReasons, "RedactionReason")
}

// MarshalGQL writes r as its GraphQL enum value.
func (r RedactionReason) MarshalGQL(w io.Writer) { marshalEnum(w, string(r)) }

// RedactionPlace is a kind of place where removed text was kept.
type RedactionPlace string

// The values of RedactionPlace.
const (
	RedactionInAnswerComment     RedactionPlace = "ANSWER_COMMENT"
	RedactionInSubmissionText    RedactionPlace = "SUBMISSION_TEXT"
	RedactionInRevisionSnapshot  RedactionPlace = "REVISION_SNAPSHOT"
	RedactionInReturnReason      RedactionPlace = "RETURN_REASON"
	RedactionInParticipationText RedactionPlace = "PARTICIPATION_TEXT"
	RedactionInAuditValue        RedactionPlace = "AUDIT_VALUE"
)

// RedactionPlaces lists every RedactionPlace in schema order.
var RedactionPlaces = []RedactionPlace{RedactionInAnswerComment, RedactionInSubmissionText, RedactionInRevisionSnapshot, RedactionInReturnReason, RedactionInParticipationText, RedactionInAuditValue}

// Valid reports whether r is a known RedactionPlace.
func (r RedactionPlace) Valid() bool { return contains(RedactionPlaces, r) }

// UnmarshalGQL decodes a RedactionPlace input value and rejects unknown values.
func (r *RedactionPlace) UnmarshalGQL(v any) error {
	return unmarshalEnum(r, v, RedactionPlaces, "RedactionPlace")
}

// MarshalGQL writes r as its GraphQL enum value.
func (r RedactionPlace) MarshalGQL(w io.Writer) { marshalEnum(w, string(r)) }
