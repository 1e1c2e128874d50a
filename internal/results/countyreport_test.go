package results

import (
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/stats"
)

func TestReportState(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		started   bool
		submitted *time.Time
		want      string
	}{
		{"nothing written: not started", false, nil, ReportNotStarted},
		{"written, not sent: a draft", true, nil, ReportDraft},
		{"sent: submitted, also after corrections", true, &at, ReportSubmitted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReportState(tt.started, tt.submitted); got != tt.want {
				t.Fatalf("state %s, want %s", got, tt.want)
			}
		})
	}
}

func TestServiceResult(t *testing.T) {
	tests := []struct {
		name       string
		r          ServiceResult
		wantReason bool
		wantShare  *float64
		wantTooFew *bool
	}{
		{"both rounds shown", ServiceResult{Yes: 3, Denominator: 4, Change: &stats.Comparison{TooFewToTell: true}}, false, ptr(0.75), ptr(true)},
		{"the round before withheld", ServiceResult{PreviousSuppressed: true}, true, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if (tt.r.WithheldReason(domain.LangNB) != "") != tt.wantReason {
				t.Fatalf("reason %q", tt.r.WithheldReason(domain.LangNB))
			}
			if s := tt.r.YesShare(); (s == nil) != (tt.wantShare == nil) || (s != nil && *s != *tt.wantShare) {
				t.Fatalf("share %v", s)
			}
			if f := tt.r.TooFewToTell(); (f == nil) != (tt.wantTooFew == nil) || (f != nil && *f != *tt.wantTooFew) {
				t.Fatalf("too few %v", f)
			}
		})
	}
}

func TestReportCommentsValidate(t *testing.T) {
	tests := []struct {
		name     string
		comments ReportComments
		wantErr  bool
	}{
		{"no comments", ReportComments{}, false},
		{"every known part, even emptied", ReportComments{"GENERAL": "", "RESULTS": "Bra."}, false},
		{"an unknown part is refused", ReportComments{"GENERAL": "x", "ELSEWHERE": "y"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.comments.Validate()
			if (err != nil) != tt.wantErr {
				t.Fatalf("err %v", err)
			}
			if err != nil && !domain.IsCode(err, domain.CodeBadInput) {
				t.Fatalf("code of %v", err)
			}
		})
	}
}
