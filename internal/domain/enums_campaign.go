package domain

import "io"

// Enumerations of campaigns, rounds, questionnaires and their long-running work.
// Their string values are the GraphQL enum values and, where stored, the database values.

// DeadlineKind says which of a round's deadlines changed.
type DeadlineKind string

// The values of DeadlineKind.
const (
	// DeadlineServices the services' deadline for their forms.
	DeadlineServices DeadlineKind = "SERVICES"
	// DeadlineReport the county offices' deadline for their reports.
	DeadlineReport DeadlineKind = "REPORT"
)

// DeadlineKinds lists every DeadlineKind in schema order.
var DeadlineKinds = []DeadlineKind{DeadlineServices, DeadlineReport}

// Valid reports whether d is a known DeadlineKind.
func (d DeadlineKind) Valid() bool { return contains(DeadlineKinds, d) }

// UnmarshalGQL decodes a DeadlineKind input value and rejects unknown values.
func (d *DeadlineKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(d, v, DeadlineKinds, "DeadlineKind")
}

// MarshalGQL writes d as its GraphQL enum value.
func (d DeadlineKind) MarshalGQL(w io.Writer) { marshalEnum(w, string(d)) }

// JobKind says what a piece of long work does.
type JobKind string

// The values of JobKind.
const (
	// JobInviteServices sends the invitations of a round.
	JobInviteServices JobKind = "INVITE_SERVICES"
)

// JobKinds lists every JobKind in schema order.
var JobKinds = []JobKind{JobInviteServices}

// Valid reports whether j is a known JobKind.
func (j JobKind) Valid() bool { return contains(JobKinds, j) }

// UnmarshalGQL decodes a JobKind input value and rejects unknown values.
func (j *JobKind) UnmarshalGQL(v any) error { return unmarshalEnum(j, v, JobKinds, "JobKind") }

// MarshalGQL writes j as its GraphQL enum value.
func (j JobKind) MarshalGQL(w io.Writer) { marshalEnum(w, string(j)) }

// JobStatus says how far a piece of long work has come.
type JobStatus string

// The values of JobStatus.
const (
	JobRunning JobStatus = "RUNNING"
	JobDone    JobStatus = "DONE"
	JobFailed  JobStatus = "FAILED"
)

// JobStatuses lists every JobStatus in schema order.
var JobStatuses = []JobStatus{JobRunning, JobDone, JobFailed}

// Valid reports whether j is a known JobStatus.
func (j JobStatus) Valid() bool { return contains(JobStatuses, j) }

// UnmarshalGQL decodes a JobStatus input value and rejects unknown values.
func (j *JobStatus) UnmarshalGQL(v any) error { return unmarshalEnum(j, v, JobStatuses, "JobStatus") }

// MarshalGQL writes j as its GraphQL enum value.
func (j JobStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(j)) }

// QuestionnaireStatus says whether a questionnaire version may still change: a draft may, a published version never does.
type QuestionnaireStatus string

// The values of QuestionnaireStatus.
const (
	QuestionnaireDraft     QuestionnaireStatus = "DRAFT"
	QuestionnairePublished QuestionnaireStatus = "PUBLISHED"
)

// QuestionnaireStatuses lists every QuestionnaireStatus in schema order.
var QuestionnaireStatuses = []QuestionnaireStatus{QuestionnaireDraft, QuestionnairePublished}

// Valid reports whether q is a known QuestionnaireStatus.
func (q QuestionnaireStatus) Valid() bool { return contains(QuestionnaireStatuses, q) }

// UnmarshalGQL decodes a QuestionnaireStatus input value and rejects unknown values.
func (q *QuestionnaireStatus) UnmarshalGQL(v any) error {
	return unmarshalEnum(q, v, QuestionnaireStatuses, "QuestionnaireStatus")
}

// MarshalGQL writes q as its GraphQL enum value.
func (q QuestionnaireStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(q)) }

// QuestionLineageKind says how a question of a questionnaire file continues the version it descends from. It is Comparability plus REMOVED.
type QuestionLineageKind string

// The values of QuestionLineageKind.
const (
	LineageSame           QuestionLineageKind = "SAME"
	LineageChangedText    QuestionLineageKind = "CHANGED_TEXT"
	LineageChangedOptions QuestionLineageKind = "CHANGED_OPTIONS"
	LineageSplit          QuestionLineageKind = "SPLIT"
	LineageMerged         QuestionLineageKind = "MERGED"
	LineageNew            QuestionLineageKind = "NEW"
	// LineageRemoved the earlier question has no successor.
	LineageRemoved QuestionLineageKind = "REMOVED"
)

// QuestionLineageKinds lists every QuestionLineageKind in schema order.
var QuestionLineageKinds = []QuestionLineageKind{LineageSame, LineageChangedText, LineageChangedOptions, LineageSplit, LineageMerged, LineageNew, LineageRemoved}

// Valid reports whether q is a known QuestionLineageKind.
func (q QuestionLineageKind) Valid() bool { return contains(QuestionLineageKinds, q) }

// UnmarshalGQL decodes a QuestionLineageKind input value and rejects unknown values.
func (q *QuestionLineageKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(q, v, QuestionLineageKinds, "QuestionLineageKind")
}

// MarshalGQL writes q as its GraphQL enum value.
func (q QuestionLineageKind) MarshalGQL(w io.Writer) { marshalEnum(w, string(q)) }

// ReflectionKind says what a free-text question of the summary form is about.
type ReflectionKind string

// The values of ReflectionKind.
const (
	// ReflectionKindReflection the service's own reflection.
	ReflectionKindReflection ReflectionKind = "REFLECTION"
	// ReflectionKindFeedback feedback on the campaign.
	ReflectionKindFeedback ReflectionKind = "FEEDBACK"
)

// ReflectionKinds lists every ReflectionKind in schema order.
var ReflectionKinds = []ReflectionKind{ReflectionKindReflection, ReflectionKindFeedback}

// Valid reports whether r is a known ReflectionKind.
func (r ReflectionKind) Valid() bool { return contains(ReflectionKinds, r) }

// UnmarshalGQL decodes a ReflectionKind input value and rejects unknown values.
func (r *ReflectionKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(r, v, ReflectionKinds, "ReflectionKind")
}

// MarshalGQL writes r as its GraphQL enum value.
func (r ReflectionKind) MarshalGQL(w io.Writer) { marshalEnum(w, string(r)) }

// SupportResourceKind says what a support resource is.
type SupportResourceKind string

// The values of SupportResourceKind.
const (
	SupportLink             SupportResourceKind = "LINK"
	SupportTechnicalContact SupportResourceKind = "TECHNICAL_CONTACT"
)

// SupportResourceKinds lists every SupportResourceKind in schema order.
var SupportResourceKinds = []SupportResourceKind{SupportLink, SupportTechnicalContact}

// Valid reports whether s is a known SupportResourceKind.
func (s SupportResourceKind) Valid() bool { return contains(SupportResourceKinds, s) }

// UnmarshalGQL decodes a SupportResourceKind input value and rejects unknown values.
func (s *SupportResourceKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(s, v, SupportResourceKinds, "SupportResourceKind")
}

// MarshalGQL writes s as its GraphQL enum value.
func (s SupportResourceKind) MarshalGQL(w io.Writer) { marshalEnum(w, string(s)) }

// SummaryKind says whether a round summary is the midway or the final one.
type SummaryKind string

// The values of SummaryKind.
const (
	SummaryMidway SummaryKind = "MIDWAY"
	SummaryFinal  SummaryKind = "FINAL"
)

// SummaryKinds lists every SummaryKind in schema order.
var SummaryKinds = []SummaryKind{SummaryMidway, SummaryFinal}

// Valid reports whether s is a known SummaryKind.
func (s SummaryKind) Valid() bool { return contains(SummaryKinds, s) }

// UnmarshalGQL decodes a SummaryKind input value and rejects unknown values.
func (s *SummaryKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(s, v, SummaryKinds, "SummaryKind")
}

// MarshalGQL writes s as its GraphQL enum value.
func (s SummaryKind) MarshalGQL(w io.Writer) { marshalEnum(w, string(s)) }

// CitedFigure is a figure a summary may cite.
type CitedFigure string

// The values of CitedFigure.
const (
	CitedYesShare    CitedFigure = "YES_SHARE"
	CitedPartlyShare CitedFigure = "PARTLY_SHARE"
	CitedNoShare     CitedFigure = "NO_SHARE"
	CitedCases       CitedFigure = "CASES"
	CitedServices    CitedFigure = "SERVICES"
)

// CitedFigures lists every CitedFigure in schema order.
var CitedFigures = []CitedFigure{CitedYesShare, CitedPartlyShare, CitedNoShare, CitedCases, CitedServices}

// Valid reports whether c is a known CitedFigure.
func (c CitedFigure) Valid() bool { return contains(CitedFigures, c) }

// UnmarshalGQL decodes a CitedFigure input value and rejects unknown values.
func (c *CitedFigure) UnmarshalGQL(v any) error {
	return unmarshalEnum(c, v, CitedFigures, "CitedFigure")
}

// MarshalGQL writes c as its GraphQL enum value.
func (c CitedFigure) MarshalGQL(w io.Writer) { marshalEnum(w, string(c)) }
