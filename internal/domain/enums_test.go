package domain

import (
	"bytes"
	"io"
	"strconv"
	"testing"
)

type gqlEnum interface {
	~string
	MarshalGQL(w io.Writer)
	Valid() bool
}

type gqlEnumPtr[T any] interface {
	*T
	UnmarshalGQL(v any) error
}

// checkEnum: every value of the list marshals to its quoted name and unmarshals back to itself;
// an unknown name, a lower-case name and a non-string are refused and leave the target as it was.
func checkEnum[T gqlEnum, P gqlEnumPtr[T]](t *testing.T, name string, all []T) {
	t.Helper()
	if len(all) == 0 {
		t.Fatalf("%s lists no values", name)
	}
	seen := map[T]bool{}
	for _, v := range all {
		if seen[v] {
			t.Errorf("%s lists %s twice", name, v)
		}
		seen[v] = true
		var b bytes.Buffer
		v.MarshalGQL(&b)
		if b.String() != strconv.Quote(string(v)) {
			t.Errorf("%s %s marshals to %s", name, v, b.String())
		}
		var got T
		if err := P(&got).UnmarshalGQL(string(v)); err != nil || got != v || !got.Valid() {
			t.Errorf("%s %s unmarshals to %q, %v (valid %v)", name, v, got, err, got.Valid())
		}
	}
	for _, bad := range []any{"NOT_A_VALUE", string(bytes.ToLower([]byte(all[0]))), 1, nil} {
		got := all[0]
		if err := P(&got).UnmarshalGQL(bad); err == nil || got != all[0] {
			t.Errorf("%s accepts %#v (now %q)", name, bad, got)
		}
	}
	if T("NOT_A_VALUE").Valid() {
		t.Errorf("%s: an unknown value is valid", name)
	}
}

// TestEnumsMarshal covers every string enum bound in gqlgen.yml.
func TestEnumsMarshal(t *testing.T) {
	checkEnum(t, "AnswerOption", Options)
	checkEnum(t, "SubmissionStatus", Statuses)
	checkEnum(t, "ServiceKind", ServiceKinds)
	checkEnum(t, "Comparability", Comparabilities)
	checkEnum(t, "InvestigationOutcome", Outcomes)
	checkEnum(t, "ActionStatus", ActionStatuses)
	checkEnum(t, "DeadlineKind", DeadlineKinds)
	checkEnum(t, "JobKind", JobKinds)
	checkEnum(t, "JobStatus", JobStatuses)
	checkEnum(t, "QuestionnaireStatus", QuestionnaireStatuses)
	checkEnum(t, "QuestionLineageKind", QuestionLineageKinds)
	checkEnum(t, "ReflectionKind", ReflectionKinds)
	checkEnum(t, "SupportResourceKind", SupportResourceKinds)
	checkEnum(t, "SummaryKind", SummaryKinds)
	checkEnum(t, "CitedFigure", CitedFigures)
	checkEnum(t, "FunnelStage", FunnelStages)
	checkEnum(t, "FunnelSort", FunnelSorts)
	checkEnum(t, "ParticipationReply", ParticipationReplies)
	checkEnum(t, "MeetingFormat", MeetingFormats)
	checkEnum(t, "FollowUpKind", FollowUpKinds)
	checkEnum(t, "MeasuresStartSource", MeasuresStartSources)
	checkEnum(t, "ReportPart", ReportParts)
	checkEnum(t, "CountyReportState", CountyReportStates)
	checkEnum(t, "ClusterUnit", ClusterUnits)
	checkEnum(t, "ChangeVerdict", ChangeVerdicts)
	checkEnum(t, "BreakdownLevel", BreakdownLevels)
	checkEnum(t, "RedactionReason", RedactionReasons)
	checkEnum(t, "RedactionPlace", RedactionPlaces)
	checkEnum(t, "EntryMode", EntryModes)
}

// TestRetiredValuesStillDecode: ACCEPTED is no longer a stage or status anything reaches, but
// filters of older queries still send it and must not fail.
func TestRetiredValuesStillDecode(t *testing.T) {
	var stage FunnelStage
	if err := stage.UnmarshalGQL("ACCEPTED"); err != nil || stage != StageAccepted {
		t.Errorf("stage ACCEPTED: %q %v", stage, err)
	}
	var status Status
	if err := status.UnmarshalGQL("ACCEPTED"); err != nil || status != StatusAccepted {
		t.Errorf("status ACCEPTED: %q %v", status, err)
	}
}

// TestCountyReportStateOf: submitted wins, then anything saved makes a draft.
func TestCountyReportStateOf(t *testing.T) {
	for _, tc := range []struct {
		started, submitted bool
		want               CountyReportState
	}{
		{false, false, CountyReportNotStarted},
		{true, false, CountyReportDraft},
		{true, true, CountyReportSubmitted},
		{false, true, CountyReportSubmitted},
	} {
		if got := CountyReportStateOf(tc.started, tc.submitted); got != tc.want {
			t.Errorf("started %v submitted %v: %s, want %s", tc.started, tc.submitted, got, tc.want)
		}
	}
}
