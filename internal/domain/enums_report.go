package domain

import "io"

// Enumerations of the county report and of the statistics it and the national pages show.
// Their string values are the GraphQL enum values and, where stored, the database values.

// ReportPart is a part of the county report that the office comments on.
type ReportPart string

// The values of ReportPart.
const (
	ReportPartInvitations   ReportPart = "INVITATIONS"
	ReportPartParticipation ReportPart = "PARTICIPATION"
	ReportPartSubmissions   ReportPart = "SUBMISSIONS"
	ReportPartResults       ReportPart = "RESULTS"
	ReportPartNotDone       ReportPart = "NOT_DONE"
	ReportPartOwnActivity   ReportPart = "OWN_ACTIVITY"
	ReportPartGeneral       ReportPart = "GENERAL"
)

// ReportParts lists every ReportPart in schema order.
var ReportParts = []ReportPart{ReportPartInvitations, ReportPartParticipation, ReportPartSubmissions, ReportPartResults, ReportPartNotDone, ReportPartOwnActivity, ReportPartGeneral}

// Valid reports whether r is a known ReportPart.
func (r ReportPart) Valid() bool { return contains(ReportParts, r) }

// UnmarshalGQL decodes a ReportPart input value and rejects unknown values.
func (r *ReportPart) UnmarshalGQL(v any) error { return unmarshalEnum(r, v, ReportParts, "ReportPart") }

// MarshalGQL writes r as its GraphQL enum value.
func (r ReportPart) MarshalGQL(w io.Writer) { marshalEnum(w, string(r)) }

// CountyReportState says where a county report stands.
type CountyReportState string

// The values of CountyReportState.
const (
	CountyReportNotStarted CountyReportState = "NOT_STARTED"
	CountyReportDraft      CountyReportState = "DRAFT"
	CountyReportSubmitted  CountyReportState = "SUBMITTED"
)

// CountyReportStates lists every CountyReportState in schema order.
var CountyReportStates = []CountyReportState{CountyReportNotStarted, CountyReportDraft, CountyReportSubmitted}

// Valid reports whether c is a known CountyReportState.
func (c CountyReportState) Valid() bool { return contains(CountyReportStates, c) }

// UnmarshalGQL decodes a CountyReportState input value and rejects unknown values.
func (c *CountyReportState) UnmarshalGQL(v any) error {
	return unmarshalEnum(c, v, CountyReportStates, "CountyReportState")
}

// MarshalGQL writes c as its GraphQL enum value.
func (c CountyReportState) MarshalGQL(w io.Writer) { marshalEnum(w, string(c)) }

// CountyReportStateOf is the one rule for where a county report stands: submitted once it is
// submitted, a draft once the office has saved anything, not started before.
func CountyReportStateOf(started, submitted bool) CountyReportState {
	switch {
	case submitted:
		return CountyReportSubmitted
	case started:
		return CountyReportDraft
	}
	return CountyReportNotStarted
}

// ClusterUnit says what the answers of a figure are clustered by for its intervals and tests.
type ClusterUnit string

// The values of ClusterUnit.
const (
	ClusterService ClusterUnit = "SERVICE"
	ClusterCase    ClusterUnit = "CASE"
)

// ClusterUnits lists every ClusterUnit in schema order.
var ClusterUnits = []ClusterUnit{ClusterService, ClusterCase}

// Valid reports whether c is a known ClusterUnit.
func (c ClusterUnit) Valid() bool { return contains(ClusterUnits, c) }

// UnmarshalGQL decodes a ClusterUnit input value and rejects unknown values.
func (c *ClusterUnit) UnmarshalGQL(v any) error {
	return unmarshalEnum(c, v, ClusterUnits, "ClusterUnit")
}

// MarshalGQL writes c as its GraphQL enum value.
func (c ClusterUnit) MarshalGQL(w io.Writer) { marshalEnum(w, string(c)) }

// ChangeVerdict says what a comparison of two rounds shows.
type ChangeVerdict string

// The values of ChangeVerdict.
const (
	VerdictHigher                ChangeVerdict = "HIGHER"
	VerdictLower                 ChangeVerdict = "LOWER"
	VerdictWithinRandomVariation ChangeVerdict = "WITHIN_RANDOM_VARIATION"
	VerdictTooFewToTell          ChangeVerdict = "TOO_FEW_TO_TELL"
)

// ChangeVerdicts lists every ChangeVerdict in schema order.
var ChangeVerdicts = []ChangeVerdict{VerdictHigher, VerdictLower, VerdictWithinRandomVariation, VerdictTooFewToTell}

// Valid reports whether c is a known ChangeVerdict.
func (c ChangeVerdict) Valid() bool { return contains(ChangeVerdicts, c) }

// UnmarshalGQL decodes a ChangeVerdict input value and rejects unknown values.
func (c *ChangeVerdict) UnmarshalGQL(v any) error {
	return unmarshalEnum(c, v, ChangeVerdicts, "ChangeVerdict")
}

// MarshalGQL writes c as its GraphQL enum value.
func (c ChangeVerdict) MarshalGQL(w io.Writer) { marshalEnum(w, string(c)) }

// BreakdownLevel says what a breakdown groups by.
type BreakdownLevel string

// The values of BreakdownLevel.
const (
	BreakdownOffice  BreakdownLevel = "OFFICE"
	BreakdownCounty  BreakdownLevel = "COUNTY"
	BreakdownService BreakdownLevel = "SERVICE"
)

// BreakdownLevels lists every BreakdownLevel in schema order.
var BreakdownLevels = []BreakdownLevel{BreakdownOffice, BreakdownCounty, BreakdownService}

// Valid reports whether b is a known BreakdownLevel.
func (b BreakdownLevel) Valid() bool { return contains(BreakdownLevels, b) }

// UnmarshalGQL decodes a BreakdownLevel input value and rejects unknown values.
func (b *BreakdownLevel) UnmarshalGQL(v any) error {
	return unmarshalEnum(b, v, BreakdownLevels, "BreakdownLevel")
}

// MarshalGQL writes b as its GraphQL enum value.
func (b BreakdownLevel) MarshalGQL(w io.Writer) { marshalEnum(w, string(b)) }
