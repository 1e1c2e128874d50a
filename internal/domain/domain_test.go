package domain

import (
	"context"
	"testing"
	"time"
)

func TestTransition(t *testing.T) {
	cases := []struct {
		from Status
		ev   Event
		to   Status
		code Code // "" when allowed
	}{
		{StatusNotStarted, EventEdit, StatusInProgress, ""},
		{StatusNotStarted, EventSubmit, StatusNotStarted, CodeInvalidTransition},
		{StatusInProgress, EventEdit, StatusInProgress, ""},
		{StatusInProgress, EventSubmit, StatusSubmitted, ""},
		{StatusInProgress, EventReopen, StatusInProgress, CodeInvalidTransition},
		{StatusSubmitted, EventEdit, StatusSubmitted, CodeLocked},
		{StatusSubmitted, EventSubmit, StatusSubmitted, CodeInvalidTransition},
		{StatusSubmitted, EventReopen, StatusInProgress, ""},
		{StatusSubmitted, EventReturn, StatusReturned, ""},
		// A request for correction leaves the form in the service's hands: it edits, re-opens
		// or submits again as it is; the office cannot ask twice for the same revision.
		{StatusReturned, EventEdit, StatusInProgress, ""},
		{StatusReturned, EventReopen, StatusInProgress, ""},
		{StatusReturned, EventSubmit, StatusSubmitted, ""},
		{StatusReturned, EventReturn, StatusReturned, CodeInvalidTransition},
		// Nothing leads to the retired ACCEPTED status, and no event is allowed from it.
		{StatusAccepted, EventEdit, StatusAccepted, CodeInvalidTransition},
		{StatusAccepted, EventReopen, StatusAccepted, CodeInvalidTransition},
	}
	for _, c := range cases {
		got, err := Transition(c.from, c.ev)
		if c.code == "" {
			if err != nil || got != c.to {
				t.Errorf("%s + %s = %s, %v; want %s", c.from, c.ev, got, err, c.to)
			}
			continue
		}
		if !IsCode(err, c.code) || got != c.from {
			t.Errorf("%s + %s = %s, %v; want refusal %s and no change", c.from, c.ev, got, err, c.code)
		}
	}
}

func TestIsLate(t *testing.T) {
	deadline := NewDate(2024, 12, 31)
	cases := []struct {
		at   time.Time
		late bool
	}{
		{time.Date(2024, 12, 31, 22, 59, 59, 0, time.UTC), false}, // 23:59:59 in Oslo
		{time.Date(2024, 12, 31, 23, 0, 0, 0, time.UTC), true},    // midnight in Oslo
		{time.Date(2024, 12, 1, 8, 0, 0, 0, time.UTC), false},
		{time.Date(2025, 1, 2, 8, 0, 0, 0, time.UTC), true},
	}
	for _, c := range cases {
		if got := IsLate(c.at, deadline); got != c.late {
			t.Errorf("IsLate(%s) = %v, want %v", c.at, got, c.late)
		}
	}
}

func TestCheckAnswer(t *testing.T) {
	ptr := func(o Option) *Option { return &o }
	str := func(s string) *string { return &s }
	v2child := QuestionRules{Code: "3.7b", Options: []Option{OptionYes, OptionPartly, OptionNo, OptionNotPossible}, CommentAllowed: true}
	v1 := QuestionRules{Code: "3.7", Options: []Option{OptionYes, OptionPartly, OptionNo}}
	cases := []struct {
		name    string
		q       QuestionRules
		option  *Option
		comment *string
		code    Code
	}{
		{"allowed option", v1, ptr(OptionPartly), nil, ""},
		{"not possible where allowed", v2child, ptr(OptionNotPossible), str("Barnet er to måneder."), ""},
		{"not possible where not allowed", v1, ptr(OptionNotPossible), nil, CodeOptionNotAllowed},
		{"unknown option", v1, ptr(Option("MAYBE")), nil, CodeBadInput},
		{"comment on version 1", v1, ptr(OptionYes), str("tekst"), CodeCommentNotAllowed},
		{"blank comment on version 1 is no comment", v1, ptr(OptionYes), str("  "), ""},
		{"comment only", v2child, nil, str("Kommer tilbake til denne."), ""},
		{"e-mail in comment", v2child, nil, str("skriv til kari@example.no"), CodePersonalData},
		{"too long comment", v2child, nil, str(string(make([]byte, MaxCommentLen+1))), CodeBadInput},
	}
	for _, c := range cases {
		err := CheckAnswer(c.q, c.option, c.comment, nil)
		if c.code == "" && err != nil || c.code != "" && !IsCode(err, c.code) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.code)
		}
	}
}

func TestCheckDays(t *testing.T) {
	n := func(i int) *int { return &i }
	for _, c := range []struct {
		days      *int
		collected bool
		code      Code
	}{
		{nil, false, ""}, {nil, true, ""}, {n(0), true, ""}, {n(3650), true, ""},
		{n(-1), true, CodeBadInput}, {n(3651), true, CodeBadInput}, {n(5), false, CodeFieldNotCollected},
	} {
		err := CheckDays(c.days, c.collected)
		if c.code == "" && err != nil || c.code != "" && !IsCode(err, c.code) {
			t.Errorf("CheckDays(%v, %v) = %v, want %q", c.days, c.collected, err, c.code)
		}
	}
}

func TestParseAcceptLanguage(t *testing.T) {
	for h, want := range map[string]Lang{
		"": LangNB, "nn-NO,nn;q=0.9": LangNN, "nb-NO": LangNB, "no": LangNB, "en-GB,en;q=0.8": LangEN,
		"de-DE,nn;q=0.5": LangNN, "fr": LangNB,
	} {
		if got := ParseAcceptLanguage(h); got != want {
			t.Errorf("ParseAcceptLanguage(%q) = %s, want %s", h, got, want)
		}
	}
}

func TestDates(t *testing.T) {
	if _, err := ParseYearMonth("2025-13"); err == nil {
		t.Error("2025-13 must not parse")
	}
	m, err := ParseYearMonth("2025-02")
	if err != nil || m.String() != "2025-02" {
		t.Fatalf("ParseYearMonth = %v, %v", m, err)
	}
	var d Date
	if err := d.Scan("2026-03-31"); err != nil || d.String() != "2026-03-31" {
		t.Fatalf("Scan = %v, %v", d, err)
	}
	if err := d.UnmarshalGQL("31.03.2026"); err == nil {
		t.Error("Norwegian date notation must be refused in the API (use YYYY-MM-DD)")
	}
}

func TestTextScreen(t *testing.T) {
	const warn = "Samtale med Kari om ADHD."
	tests := []struct {
		name    string
		confirm bool
		text    string
		stored  *string
		code    Code // "" when the text may be stored
		hits    int
	}{
		{"plain text", false, "Vi gikk gjennom 20 saker.", nil, "", 0},
		{"warning", false, warn, nil, CodePersonalDataWarning, 2},
		{"warning confirmed", true, warn, nil, "", 0},
		{"refusal", false, "Ring 912-34-567", nil, CodePersonalData, 0},
		{"refusal is not confirmed away", true, "Ring 912-34-567", nil, CodePersonalData, 0},
		{"unchanged stored text", false, warn, ptr(" " + warn), "", 0},
		{"changed stored text", false, warn, ptr("Samtale med Kari."), CodePersonalDataWarning, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := NewTextScreen(ConfirmWarnings(context.Background(), tt.confirm))
			err := ts.Check("assessment", tt.text, MaxAssessmentLen)
			if err == nil {
				if tt.stored != nil {
					ts.Stored("assessment", *tt.stored)
				}
				err = ts.Err()
			}
			if tt.code == "" {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			de, ok := AsError(err)
			if !ok || de.Code != tt.code || de.Field != "assessment" {
				t.Fatalf("got %v, want %s on assessment", err, tt.code)
			}
			if tt.hits > 0 {
				hits := de.Extra["warnings"].([]WarningHit)
				want := []WarningHit{{"assessment", "LIKELY_NAME", 12, 16, "Kari"}, {"assessment", "HEALTH", 20, 24, "ADHD"}}
				if len(hits) != tt.hits || hits[0] != want[0] || hits[1] != want[1] {
					t.Fatalf("hits %+v, want %+v", hits, want)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
