package results

import (
	"slices"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

// ReportParts are the parts of the county report an office can comment on, in order.
var ReportParts = []string{"INVITATIONS", "PARTICIPATION", "SUBMISSIONS", "RESULTS", "NOT_DONE", "OWN_ACTIVITY", "GENERAL"}

// ReportComments are an office's comments on parts of its county report, by part.
type ReportComments map[string]string

// Validate refuses a comment on a part the report does not have, before anything is read.
func (c ReportComments) Validate() error {
	for part := range c {
		if !slices.Contains(ReportParts, part) {
			return domain.ErrUnknownReportPart()
		}
	}
	return nil
}

// The states of an office's county report in a round.
const (
	ReportNotStarted = "NOT_STARTED"
	ReportDraft      = "DRAFT"
	ReportSubmitted  = "SUBMITTED"
)

// ReportState is the one rule for a county report's state: not started until the office writes
// something, submitted once it has sent it (and still after corrections), a draft in between.
func ReportState(started bool, submittedAt *time.Time) string {
	switch {
	case submittedAt != nil:
		return ReportSubmitted
	case started:
		return ReportDraft
	}
	return ReportNotStarted
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
