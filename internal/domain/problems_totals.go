package domain

import "fmt"

// The words of the problems of entered totals and uploaded workbooks. Each problem names its place
// (at: a path in the GraphQL input or a workbook's cell); the store decides where the rule is
// broken, these constructors say what the caller reads.

// ProblemCaseCountRange: the number of cases is outside 0…max.
func ProblemCaseCountRange(at string, maxCases int) Problem {
	return Problemf(at, CodeBadInput, "Antall saker må være mellom 0 og %d.", "Talet på saker må vere mellom 0 og %d.",
		"The number of cases must be between 0 and %d.", maxCases)
}

// ProblemCaseCountMissing: a form submitted without any case reviewed.
func ProblemCaseCountMissing(at string) Problem {
	return Problemf(at, CodeRequiredMissing, "Oppgi hvor mange saker som er gjennomgått.", "Oppgi kor mange saker som er gjennomgått.",
		"Give the number of cases reviewed.")
}

// ProblemTotalsQuestion: counts on a question outside the questionnaire version, or twice.
func ProblemTotalsQuestion(at string) Problem {
	return Problemf(at, CodeBadInput, "Spørsmålet hører ikke til skjemaversjonen, eller står to ganger.",
		"Spørsmålet høyrer ikkje til skjemaversjonen, eller står to gonger.",
		"The question is not part of the questionnaire version, or appears twice.")
}

// ProblemCountNegative: the count of option o on question code is below zero.
func ProblemCountNegative(at string, o Option, code string) Problem {
	label := OptionLabel(o)
	return Problem{Path: at, Code: CodeBadInput, Text: Text{
		NB: fmt.Sprintf("Antallet «%s» på spørsmål %s kan ikke være negativt.", label.NB, code),
		NN: fmt.Sprintf("Talet «%s» på spørsmål %s kan ikkje vere negativt.", label.NN, code),
		EN: fmt.Sprintf("The count of %q on question %s cannot be negative.", label.EN, code)}}
}

// ProblemOptionNotAllowed: option o is counted on question code, which does not offer it.
func ProblemOptionNotAllowed(at string, o Option, code string) Problem {
	label := OptionLabel(o)
	return Problem{Path: at, Code: CodeOptionNotAllowed, Text: Text{
		NB: fmt.Sprintf("Svaralternativet «%s» er ikke tillatt på spørsmål %s.", label.NB, code),
		NN: fmt.Sprintf("Svaralternativet «%s» er ikkje tillate på spørsmål %s.", label.NN, code),
		EN: fmt.Sprintf("The option %q is not allowed on question %s.", label.EN, code)}}
}

// ProblemCountAboveCases: the count (c) of option o on question code exceeds the cases (n).
func ProblemCountAboveCases(at string, o Option, code string, c, n int) Problem {
	label := OptionLabel(o)
	return Problem{Path: at, Code: CodeBadInput, Text: Text{
		NB: fmt.Sprintf("Antallet «%s» på spørsmål %s (%d) er større enn antall saker (%d).", label.NB, code, c, n),
		NN: fmt.Sprintf("Talet «%s» på spørsmål %s (%d) er større enn talet på saker (%d).", label.NN, code, c, n),
		EN: fmt.Sprintf("The count of %q on question %s (%d) is above the number of cases (%d).", label.EN, code, c, n)}}
}

// ProblemAnswersAboveCases: the answers to question code add up to more (sum) than the cases (n).
func ProblemAnswersAboveCases(at, code string, sum, n int) Problem {
	return Problemf(at, CodeBadInput,
		"Svarene på spørsmål %s er til sammen %d, flere enn antall saker (%d).", "Svara på spørsmål %s er til saman %d, fleire enn talet på saker (%d).",
		"The answers to question %s add up to %d, more than the number of cases (%d).", code, sum, n)
}

// ProblemRequiredUncounted: required question code is counted for fewer (counted) than all (n) cases.
func ProblemRequiredUncounted(at, code string, counted, n int) Problem {
	return Problemf(at, CodeRequiredMissing,
		"Spørsmål %s er besvart for %d av %d saker.", "Spørsmål %s er svara på for %d av %d saker.",
		"Question %s is answered for %d of %d cases.", code, counted, n)
}

// ProblemDaysPerCase: the days list does not give one value per case.
func ProblemDaysPerCase(at string, values, n int) Problem {
	return Problemf(at, CodeBadInput,
		"Oppgi antall dager for hver sak: %d verdier for %d saker.", "Oppgi talet på dagar for kvar sak: %d verdiar for %d saker.",
		"Give the days for every case: %d values for %d cases.", values, n)
}

// ProblemOutcomeUnknownOrRepeated: an outcome of the list is not the law's, or is there twice.
func ProblemOutcomeUnknownOrRepeated(at string) Problem {
	return Problemf(at, CodeBadInput, "Ukjent eller gjentatt utfall.", "Ukjent eller gjenteke utfall.", "Unknown or repeated outcome.")
}

// ProblemOutcomeCountRange: one outcome's count is outside 0…n.
func ProblemOutcomeCountRange(at string, n int) Problem {
	return Problemf(at, CodeBadInput, "Antallet må være mellom 0 og antall saker (%d).",
		"Talet må vere mellom 0 og talet på saker (%d).", "The count must be between 0 and the number of cases (%d).", n)
}

// ProblemOutcomesAboveCases: the outcomes add up to more than the cases.
func ProblemOutcomesAboveCases(at string, outcomes, n int) Problem {
	return Problemf(at, CodeBadInput,
		"Utfallene er til sammen %d, flere enn antall saker (%d).", "Utfalla er til saman %d, fleire enn talet på saker (%d).",
		"The outcomes add up to %d, more than the number of cases (%d).", outcomes, n)
}

// ProblemUnknownOutcome: a workbook case's outcome is not one of the law's.
func ProblemUnknownOutcome(at string) Problem {
	return ProblemFrom(at, ErrUnknownOutcome())
}

// ProblemQuestionNotInVersion: a workbook answers a question outside the questionnaire version.
func ProblemQuestionNotInVersion(at string) Problem {
	return Problemf(at, CodeBadInput, "Spørsmålet hører ikke til skjemaversjonen.", "Spørsmålet høyrer ikkje til skjemaversjonen.",
		"The question is not part of the questionnaire version.")
}

// ProblemWorkbookEmpty: an uploaded per-case workbook has no filled-in case.
func ProblemWorkbookEmpty() Problem {
	return Problemf("", CodeRequiredMissing, "Arbeidsboken har ingen utfylte saker.", "Arbeidsboka har ingen utfylte saker.",
		"The workbook has no filled-in cases.")
}

// ProblemBaselineFormExists: a baseline for a service that already has a summary form in the round
// (or appears twice in one import).
func ProblemBaselineFormExists(at string) Problem {
	return Problemf(at, CodeBadInput,
		"Tjenesten har allerede et samleskjema i runden (eller står to ganger i importen).",
		"Tenesta har allereie eit samleskjema i runden (eller står to gonger i importen).",
		"The service already has a summary form in the round (or appears twice in the import).")
}
