package results

import "github.com/egenkontroll/egenkontroll/internal/domain"

// CitedValue is the current value of a cited figure of question qid in the published national
// figures: nil when the question is not among them; withheld is set when its figures are.
func CitedValue(national []QuestionFigures, qid int64, figure domain.CitedFigure) (value *float64, withheld bool) {
	for _, q := range national {
		if q.QuestionID != qid {
			continue
		}
		if q.Suppressed {
			return nil, true
		}
		count := func(n int) *float64 { v := float64(n); return &v }
		switch figure {
		case domain.CitedYesShare:
			return q.Options.Yes.Share, false
		case domain.CitedPartlyShare:
			return q.Options.Partly.Share, false
		case domain.CitedNoShare:
			return q.Options.No.Share, false
		case domain.CitedCases:
			return count(q.Cases), false
		case domain.CitedServices:
			return count(q.Services), false
		}
	}
	return nil, false
}
