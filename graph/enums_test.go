package graph

import (
	"context"
	"slices"
	"testing"

	"github.com/egenkontroll/egenkontroll/graph/generated"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

func names[T ~string](all []T, retired ...T) []string {
	out := make([]string, 0, len(all)+len(retired))
	for _, v := range append(slices.Clone(all), retired...) {
		out = append(out, string(v))
	}
	return out
}

// TestDomainEnumsMatchSchema: every enum bound to a domain type lists exactly the schema's values in
// the schema's order, so a value added to one and not the other fails here rather than at run time
// (gqlgen would refuse it on input, or send a value the app's generated types do not know).
func TestDomainEnumsMatchSchema(t *testing.T) {
	schema := NewExecutableSchema(generated.Config{}).Schema()
	for enum, want := range map[string][]string{
		"AnswerOption":         names(domain.Options),
		"SubmissionStatus":     names(domain.Statuses, domain.StatusAccepted),
		"ServiceKind":          names(domain.ServiceKinds),
		"Comparability":        names(domain.Comparabilities),
		"InvestigationOutcome": names(domain.Outcomes),
		"ActionStatus":         names(domain.ActionStatuses),
		"DeadlineKind":         names(domain.DeadlineKinds),
		"JobKind":              names(domain.JobKinds),
		"JobStatus":            names(domain.JobStatuses),
		"QuestionnaireStatus":  names(domain.QuestionnaireStatuses),
		"QuestionLineageKind":  names(domain.QuestionLineageKinds),
		"ReflectionKind":       names(domain.ReflectionKinds),
		"SupportResourceKind":  names(domain.SupportResourceKinds),
		"SummaryKind":          names(domain.SummaryKinds),
		"CitedFigure":          names(domain.CitedFigures),
		"FunnelStage":          names(domain.FunnelStages, domain.StageAccepted),
		"FunnelSort":           names(domain.FunnelSorts),
		"ParticipationReply":   names(domain.ParticipationReplies),
		"MeetingFormat":        names(domain.MeetingFormats),
		"FollowUpKind":         names(domain.FollowUpKinds),
		"MeasuresStartSource":  names(domain.MeasuresStartSources),
		"ReportPart":           names(domain.ReportParts),
		"CountyReportState":    names(domain.CountyReportStates),
		"ClusterUnit":          names(domain.ClusterUnits),
		"ChangeVerdict":        names(domain.ChangeVerdicts),
		"BreakdownLevel":       names(domain.BreakdownLevels),
		"RedactionReason":      names(domain.RedactionReasons),
		"RedactionPlace":       names(domain.RedactionPlaces),
		"EntryMode":            names(domain.EntryModes),
	} {
		def := schema.Types[enum]
		if def == nil {
			t.Errorf("the schema has no enum %s", enum)
			continue
		}
		var got []string
		for _, v := range def.EnumValues {
			got = append(got, v.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: schema %v, domain %v", enum, got, want)
		}
	}
}

// TestBreakdownCostByLevel: a breakdown by service costs the country's services, by county the
// counties, by office the offices.
func TestBreakdownCostByLevel(t *testing.T) {
	es := NewExecutableSchema(generated.Config{})
	for level, rows := range map[domain.BreakdownLevel]int{
		domain.BreakdownService: breakdownServices, domain.BreakdownCounty: breakdownCounties, domain.BreakdownOffice: breakdownOffices,
	} {
		args := map[string]any{"by": string(level), "roundId": int64(1)}
		if got, ok := es.Complexity(context.Background(), "Query", "statisticsBreakdown", 3, args); !ok || got != pageCost(3, rows) {
			t.Errorf("by %s: %d (%v), want %d", level, got, ok, pageCost(3, rows))
		}
	}
}
