package domain

import "io"

// Enumerations of the county offices' follow-up of a round: the funnel, replies, meetings and activities.
// Their string values are the GraphQL enum values and, where stored, the database values.

// FunnelStage is a service's stage in a round's campaign funnel, in order.
type FunnelStage string

// The values of FunnelStage.
const (
	StageNotInvited      FunnelStage = "NOT_INVITED"
	StageInvited         FunnelStage = "INVITED"
	StageAttendedMeeting FunnelStage = "ATTENDED_MEETING"
	StageDeclined        FunnelStage = "DECLINED"
	StageAgreed          FunnelStage = "AGREED"
	StageStarted         FunnelStage = "STARTED"
	StageSubmitted       FunnelStage = "SUBMITTED"
	StageReturned        FunnelStage = "RETURNED"
	// StageAccepted is retired: the county office does not approve forms. It is still accepted in filters and matches nothing.
	StageAccepted FunnelStage = "ACCEPTED"
)

// FunnelStages lists every FunnelStage in schema order.
var FunnelStages = []FunnelStage{StageNotInvited, StageInvited, StageAttendedMeeting, StageDeclined, StageAgreed, StageStarted, StageSubmitted, StageReturned}

// Valid reports whether f is a known FunnelStage.
func (f FunnelStage) Valid() bool { return f == StageAccepted || contains(FunnelStages, f) }

// UnmarshalGQL decodes a FunnelStage input value and rejects unknown values.
func (f *FunnelStage) UnmarshalGQL(v any) error {
	return unmarshalEnum(f, v, append(FunnelStages[:len(FunnelStages):len(FunnelStages)], StageAccepted), "FunnelStage")
}

// MarshalGQL writes f as its GraphQL enum value.
func (f FunnelStage) MarshalGQL(w io.Writer) { marshalEnum(w, string(f)) }

// FunnelSort is an order of the funnel.
type FunnelSort string

// The values of FunnelSort.
const (
	FunnelSortName        FunnelSort = "NAME"
	FunnelSortStage       FunnelSort = "STAGE"
	FunnelSortDeadline    FunnelSort = "DEADLINE"
	FunnelSortSubmittedAt FunnelSort = "SUBMITTED_AT"
	FunnelSortCounty      FunnelSort = "COUNTY"
)

// FunnelSorts lists every FunnelSort in schema order.
var FunnelSorts = []FunnelSort{FunnelSortName, FunnelSortStage, FunnelSortDeadline, FunnelSortSubmittedAt, FunnelSortCounty}

// Valid reports whether f is a known FunnelSort.
func (f FunnelSort) Valid() bool { return contains(FunnelSorts, f) }

// UnmarshalGQL decodes a FunnelSort input value and rejects unknown values.
func (f *FunnelSort) UnmarshalGQL(v any) error { return unmarshalEnum(f, v, FunnelSorts, "FunnelSort") }

// MarshalGQL writes f as its GraphQL enum value.
func (f FunnelSort) MarshalGQL(w io.Writer) { marshalEnum(w, string(f)) }

// ParticipationReply is a service's reply to the invitation.
type ParticipationReply string

// The values of ParticipationReply.
const (
	ReplyYes ParticipationReply = "YES"
	ReplyNo  ParticipationReply = "NO"
)

// ParticipationReplies lists every ParticipationReply in schema order.
var ParticipationReplies = []ParticipationReply{ReplyYes, ReplyNo}

// Valid reports whether p is a known ParticipationReply.
func (p ParticipationReply) Valid() bool { return contains(ParticipationReplies, p) }

// UnmarshalGQL decodes a ParticipationReply input value and rejects unknown values.
func (p *ParticipationReply) UnmarshalGQL(v any) error {
	return unmarshalEnum(p, v, ParticipationReplies, "ParticipationReply")
}

// MarshalGQL writes p as its GraphQL enum value.
func (p ParticipationReply) MarshalGQL(w io.Writer) { marshalEnum(w, string(p)) }

// MeetingFormat says how an information meeting was held.
type MeetingFormat string

// The values of MeetingFormat.
const (
	MeetingDigital  MeetingFormat = "DIGITAL"
	MeetingPhysical MeetingFormat = "PHYSICAL"
	MeetingHybrid   MeetingFormat = "HYBRID"
)

// MeetingFormats lists every MeetingFormat in schema order.
var MeetingFormats = []MeetingFormat{MeetingDigital, MeetingPhysical, MeetingHybrid}

// Valid reports whether m is a known MeetingFormat.
func (m MeetingFormat) Valid() bool { return contains(MeetingFormats, m) }

// UnmarshalGQL decodes a MeetingFormat input value and rejects unknown values.
func (m *MeetingFormat) UnmarshalGQL(v any) error {
	return unmarshalEnum(m, v, MeetingFormats, "MeetingFormat")
}

// MarshalGQL writes m as its GraphQL enum value.
func (m MeetingFormat) MarshalGQL(w io.Writer) { marshalEnum(w, string(m)) }

// FollowUpKind is a kind of follow-up activity ("egen innsats").
type FollowUpKind string

// The values of FollowUpKind.
const (
	FollowUpReminder FollowUpKind = "REMINDER"
	FollowUpContact  FollowUpKind = "CONTACT"
	FollowUpMeeting  FollowUpKind = "MEETING"
	FollowUpNote     FollowUpKind = "NOTE"
)

// FollowUpKinds lists every FollowUpKind in schema order.
var FollowUpKinds = []FollowUpKind{FollowUpReminder, FollowUpContact, FollowUpMeeting, FollowUpNote}

// Valid reports whether f is a known FollowUpKind.
func (f FollowUpKind) Valid() bool { return contains(FollowUpKinds, f) }

// UnmarshalGQL decodes a FollowUpKind input value and rejects unknown values.
func (f *FollowUpKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(f, v, FollowUpKinds, "FollowUpKind")
}

// MarshalGQL writes f as its GraphQL enum value.
func (f FollowUpKind) MarshalGQL(w io.Writer) { marshalEnum(w, string(f)) }

// MeasuresStartSource says where the date the improvement measures began comes from.
type MeasuresStartSource string

// The values of MeasuresStartSource.
const (
	// MeasuresStartAction the earliest start of an improvement action.
	MeasuresStartAction MeasuresStartSource = "ACTION_START"
	// MeasuresStartPlanSubmitted the day the plan was submitted.
	MeasuresStartPlanSubmitted MeasuresStartSource = "PLAN_SUBMITTED"
	// MeasuresStartSetByService a date the service gave.
	MeasuresStartSetByService MeasuresStartSource = "SET_BY_SERVICE"
	// MeasuresStartFollowUpAction an action of the follow-up.
	MeasuresStartFollowUpAction MeasuresStartSource = "FOLLOW_UP_ACTION"
)

// MeasuresStartSources lists every MeasuresStartSource in schema order.
var MeasuresStartSources = []MeasuresStartSource{MeasuresStartAction, MeasuresStartPlanSubmitted, MeasuresStartSetByService, MeasuresStartFollowUpAction}

// Valid reports whether m is a known MeasuresStartSource.
func (m MeasuresStartSource) Valid() bool { return contains(MeasuresStartSources, m) }

// UnmarshalGQL decodes a MeasuresStartSource input value and rejects unknown values.
func (m *MeasuresStartSource) UnmarshalGQL(v any) error {
	return unmarshalEnum(m, v, MeasuresStartSources, "MeasuresStartSource")
}

// MarshalGQL writes m as its GraphQL enum value.
func (m MeasuresStartSource) MarshalGQL(w io.Writer) { marshalEnum(w, string(m)) }
