package domain

import "fmt"

// The words of the errors that reads of figures, county reports, round summaries and answer facts
// give. The store and the results package decide when a rule fails; the texts live here.

// NounSummary names Helsetilsynet's summary of a round.
var NounSummary = Noun{NB: "oppsummeringen", NN: "oppsummeringa", EN: "summary"}

// NounReport names an office's county report.
var NounReport = Noun{NB: "rapporten", NN: "rapporten", EN: "report"}

// NounCampaign names a campaign.
var NounCampaign = Noun{NB: "kampanjen", NN: "kampanjen", EN: "campaign"}

// ErrMinCasesBelowFloor refuses a small-number floor below the default: a caller may raise it,
// never lower it.
func ErrMinCasesBelowFloor(floor int) *Error {
	return ErrBadInput("minCases",
		fmt.Sprintf("minCases kan bare heve grensen for små tall, som er %d saker.", floor),
		fmt.Sprintf("minCases kan berre heve grensa for små tal, som er %d saker.", floor),
		fmt.Sprintf("minCases may only raise the small-number floor of %d cases.", floor))
}

// ErrTooManyDaysThresholds refuses more day thresholds than one statistics request counts.
func ErrTooManyDaysThresholds(maxThresholds int) *Error {
	return ErrBadInput("daysThresholds",
		fmt.Sprintf("Gi høyst %d terskler for dager.", maxThresholds),
		fmt.Sprintf("Gje høgst %d tersklar for dagar.", maxThresholds),
		fmt.Sprintf("Give at most %d day thresholds.", maxThresholds))
}

// ErrUnknownReportPart refuses a comment on a part the county report does not have.
func ErrUnknownReportPart() *Error {
	return ErrBadInput("part", "Ukjent del av rapporten.", "Ukjend del av rapporten.", "Unknown part of the report.")
}

// ErrUnknownSummaryKind refuses a round summary that is neither midway nor final.
func ErrUnknownSummaryKind() *Error {
	return ErrBadInput("kind", "Ukjent slags oppsummering.", "Ukjend slag oppsummering.", "Unknown kind of summary.")
}

// ErrCitedQuestionNotInRound refuses a citation i of a question the round does not ask.
func ErrCitedQuestionNotInRound(i int) *Error {
	return ErrBadInput(fmt.Sprintf("citations[%d].questionCode", i),
		"Spørsmålet finnes ikke i runden.", "Spørsmålet finst ikkje i runden.", "The question is not part of the round.")
}

// ErrUnknownCitedFigure refuses a citation i of a figure a summary cannot cite.
func ErrUnknownCitedFigure(i int) *Error {
	return ErrBadInput(fmt.Sprintf("citations[%d].figure", i), "Ukjent tall.", "Ukjent tal.", "Unknown figure.")
}

// ErrSummaryPublished refuses a change to a published summary: it is never changed.
func ErrSummaryPublished() *Error {
	return ErrBadInput("id", "En publisert oppsummering kan ikke endres.",
		"Ei publisert oppsummering kan ikkje endrast.", "A published summary cannot be changed.")
}

// ErrSummaryInOtherRound refuses saving a summary under another round than its own.
func ErrSummaryInOtherRound() *Error {
	return ErrBadInput("roundId", "Oppsummeringen hører til en annen runde.",
		"Oppsummeringa høyrer til ein annan runde.", "The summary belongs to another round.")
}

// ErrBadPageCursor refuses a page cursor that no page gave.
func ErrBadPageCursor() *Error {
	return ErrBadInput("after", "Ugyldig sidemarkør.", "Ugyldig sidemarkør.", "Invalid page cursor.")
}

// ErrPageSizeOutOfRange refuses a page size outside 0 to maxRows.
func ErrPageSizeOutOfRange(maxRows int) *Error {
	return ErrBadInput("first",
		fmt.Sprintf("first må være mellom 0 og %d.", maxRows),
		fmt.Sprintf("first må vere mellom 0 og %d.", maxRows),
		fmt.Sprintf("first must be between 0 and %d.", maxRows))
}
