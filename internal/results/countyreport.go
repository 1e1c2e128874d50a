package results

import (
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

// ReportComments are an office's comments on parts of its county report (domain.ReportParts), by
// part.
type ReportComments map[string]string

// Validate refuses a comment on a part the report does not have, before anything is read.
func (c ReportComments) Validate() error {
	for part := range c {
		if !domain.ReportPart(part).Valid() {
			return domain.ErrUnknownReportPart()
		}
	}
	return nil
}

// ServiceResult compares a service's Ja share in the round with the round before, as each form was
// last sent. A round's share resting on fewer than DefaultMinCases cases is withheld (its counts
// zeroed), and so is the change.
type ServiceResult struct {
	ServiceID          int64
	Cases              int
	Yes, Denominator   int
	PrevCases          int
	PrevYes            int
	PrevDenominator    int
	Change             *stats.Comparison // clustered by case; nil without an earlier round or answers, or when withheld
	Suppressed         bool              // the share in the round is withheld
	PreviousSuppressed bool              // the share in the round before is withheld
}

// WithheldReason says why a share is withheld, or "" when both are shown.
func (r ServiceResult) WithheldReason(lang domain.Lang) string {
	if !r.Suppressed && !r.PreviousSuppressed {
		return ""
	}
	return SuppressionReason(stats.TooFewCases, DefaultMinCases, lang)
}

// TooFewToTell reports whether the change rests on too few answers to tell from chance; nil
// without a change.
func (r ServiceResult) TooFewToTell() *bool {
	if r.Change == nil {
		return nil
	}
	v := r.Change.TooFewToTell
	return &v
}

// YesShare is the share of Ja in the round.
func (r ServiceResult) YesShare() *float64 { return Share(r.Yes, r.Denominator) }

// PrevYesShare is the share of Ja in the round before.
func (r ServiceResult) PrevYesShare() *float64 { return Share(r.PrevYes, r.PrevDenominator) }
