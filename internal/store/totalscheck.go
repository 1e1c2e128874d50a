package store

import (
	"fmt"
	"slices"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// CheckTotals validates entered totals against the questionnaire's questions (in order) and returns
// every problem, each at the place locate names (TotalsPath for the graph; a workbook's cell for an
// upload). final adds what submit needs: every required question counted for every case, and the
// days of every case where the questionnaire collects them.
func CheckTotals(questions []Question, collectsDays bool, t Totals, final bool, locate func(TotalsField) string) []domain.Problem {
	if locate == nil {
		locate = TotalsPath
	}
	var out []domain.Problem
	n := t.CaseCount
	if n < 0 || n > MaxTotalsCases {
		out = append(out, domain.Problemf(locate(TotalsField{Kind: "caseCount", Question: -1}), domain.CodeBadInput,
			"Antall saker må være mellom 0 og %d.", "Talet på saker må vere mellom 0 og %d.", "The number of cases must be between 0 and %d.", MaxTotalsCases))
		n = max(0, min(n, MaxTotalsCases))
	}
	if final && t.CaseCount <= 0 {
		out = append(out, domain.Problemf(locate(TotalsField{Kind: "caseCount", Question: -1}), domain.CodeRequiredMissing,
			"Oppgi hvor mange saker som er gjennomgått.", "Oppgi kor mange saker som er gjennomgått.", "Give the number of cases reviewed."))
	}
	byID := make(map[int64]*Question, len(questions))
	for i := range questions {
		byID[questions[i].ID] = &questions[i]
	}
	seen := map[int64]bool{}
	for i, qt := range t.Questions {
		q := byID[qt.QuestionID]
		if q == nil || seen[qt.QuestionID] {
			out = append(out, domain.Problemf(locate(TotalsField{Kind: "question", Question: i}), domain.CodeBadInput,
				"Spørsmålet hører ikke til skjemaversjonen, eller står to ganger.", "Spørsmålet høyrer ikkje til skjemaversjonen, eller står to gonger.",
				"The question is not part of the questionnaire version, or appears twice."))
			continue
		}
		seen[qt.QuestionID] = true
		for _, o := range domain.Options {
			c := qt.Counts.Count(o)
			at := locate(TotalsField{Kind: "count", Question: i, Option: o})
			label := domain.OptionLabel(o)
			switch {
			case c < 0:
				out = append(out, domain.Problem{Path: at, Code: domain.CodeBadInput, Text: domain.Text{
					NB: fmt.Sprintf("Antallet «%s» på spørsmål %s kan ikke være negativt.", label.NB, q.Code),
					NN: fmt.Sprintf("Talet «%s» på spørsmål %s kan ikkje vere negativt.", label.NN, q.Code),
					EN: fmt.Sprintf("The count of %q on question %s cannot be negative.", label.EN, q.Code)}})
			case c > 0 && !slices.Contains(q.Options, o):
				out = append(out, domain.Problem{Path: at, Code: domain.CodeOptionNotAllowed, Text: domain.Text{
					NB: fmt.Sprintf("Svaralternativet «%s» er ikke tillatt på spørsmål %s.", label.NB, q.Code),
					NN: fmt.Sprintf("Svaralternativet «%s» er ikkje tillate på spørsmål %s.", label.NN, q.Code),
					EN: fmt.Sprintf("The option %q is not allowed on question %s.", label.EN, q.Code)}})
			case c > n:
				out = append(out, domain.Problem{Path: at, Code: domain.CodeBadInput, Text: domain.Text{
					NB: fmt.Sprintf("Antallet «%s» på spørsmål %s (%d) er større enn antall saker (%d).", label.NB, q.Code, c, n),
					NN: fmt.Sprintf("Talet «%s» på spørsmål %s (%d) er større enn talet på saker (%d).", label.NN, q.Code, c, n),
					EN: fmt.Sprintf("The count of %q on question %s (%d) is above the number of cases (%d).", label.EN, q.Code, c, n)}})
			}
		}
		if sum := qt.Counts.Total(); sum > n {
			out = append(out, domain.Problemf(locate(TotalsField{Kind: "questionSum", Question: i}), domain.CodeBadInput,
				"Svarene på spørsmål %s er til sammen %d, flere enn antall saker (%d).", "Svara på spørsmål %s er til saman %d, fleire enn talet på saker (%d).",
				"The answers to question %s add up to %d, more than the number of cases (%d).", q.Code, sum, n))
		}
	}
	if final {
		counted := map[int64]int{}
		index := map[int64]int{}
		for i, qt := range t.Questions {
			counted[qt.QuestionID] = qt.Counts.Total()
			index[qt.QuestionID] = i
		}
		for _, q := range questions {
			if !q.Required || counted[q.ID] == n {
				continue
			}
			i, ok := index[q.ID]
			if !ok {
				i = -1
			}
			at := locate(TotalsField{Kind: "questionSum", Question: i})
			if i < 0 {
				at = locate(TotalsField{Kind: "question", Question: -1}) + ":" + q.Code
			}
			out = append(out, domain.Problemf(at, domain.CodeRequiredMissing,
				"Spørsmål %s er besvart for %d av %d saker.", "Spørsmål %s er svara på for %d av %d saker.",
				"Question %s is answered for %d of %d cases.", q.Code, counted[q.ID], n))
		}
	}
	if len(t.DaysValues) > 0 && !collectsDays {
		out = append(out, domain.ProblemFrom(locate(TotalsField{Kind: "daysList", Question: -1}), domain.CheckDays(&t.DaysValues[0], false)))
	} else {
		for j, d := range t.DaysValues {
			if err := domain.CheckDays(&d, true); err != nil {
				out = append(out, domain.ProblemFrom(locate(TotalsField{Kind: "days", Question: -1, Index: j}), err))
			}
		}
		if len(t.DaysValues) > n || (final && collectsDays && len(t.DaysValues) != n) {
			out = append(out, domain.Problemf(locate(TotalsField{Kind: "daysList", Question: -1}), domain.CodeBadInput,
				"Oppgi antall dager for hver sak: %d verdier for %d saker.", "Oppgi talet på dagar for kvar sak: %d verdiar for %d saker.",
				"Give the days for every case: %d values for %d cases.", len(t.DaysValues), n))
		}
	}
	outcomes, seenOutcome := 0, map[domain.Outcome]bool{}
	for j, o := range t.Outcomes {
		at := locate(TotalsField{Kind: "outcome", Question: -1, Index: j})
		switch {
		case !o.Outcome.Valid() || seenOutcome[o.Outcome]:
			out = append(out, domain.Problemf(at, domain.CodeBadInput, "Ukjent eller gjentatt utfall.", "Ukjent eller gjenteke utfall.", "Unknown or repeated outcome."))
		case o.Count < 0 || o.Count > n:
			out = append(out, domain.Problemf(at, domain.CodeBadInput, "Antallet må være mellom 0 og antall saker (%d).",
				"Talet må vere mellom 0 og talet på saker (%d).", "The count must be between 0 and the number of cases (%d).", n))
		}
		seenOutcome[o.Outcome] = true
		outcomes += max(0, o.Count)
	}
	if outcomes > n {
		out = append(out, domain.Problemf(locate(TotalsField{Kind: "outcomeSum", Question: -1}), domain.CodeBadInput,
			"Utfallene er til sammen %d, flere enn antall saker (%d).", "Utfalla er til saman %d, fleire enn talet på saker (%d).",
			"The outcomes add up to %d, more than the number of cases (%d).", outcomes, n))
	}
	return out
}

// normalized is the totals in the questionnaire's order, every question present, the days sorted,
