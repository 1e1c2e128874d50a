package results

// SummaryKinds are the kinds of a round summary (the guide, § 5: Helsetilsynet sums up midway and
// at the end).
var SummaryKinds = []string{"MIDWAY", "FINAL"}

// CitedFigures are the figures a summary may cite, read live from the round's published national
// figures.
var CitedFigures = []string{"YES_SHARE", "PARTLY_SHARE", "NO_SHARE", "CASES", "SERVICES"}

// CitedValue is the current value of a cited figure of question qid in the published national
// figures: nil when the question is not among them; withheld is set when its figures are.
func CitedValue(national []QuestionFigures, qid int64, figure string) (value *float64, withheld bool) {
	for _, q := range national {
		if q.QuestionID != qid {
			continue
		}
		if q.Suppressed {
			return nil, true
		}
		count := func(n int) *float64 { v := float64(n); return &v }
		switch figure {
		case "YES_SHARE":
			return q.Options.Yes.Share, false
		case "PARTLY_SHARE":
			return q.Options.Partly.Share, false
		case "NO_SHARE":
			return q.Options.No.Share, false
		case "CASES":
			return count(q.Cases), false
		case "SERVICES":
			return count(q.Services), false
		}
	}
	return nil, false
}
