package domain

import (
	"testing"
	"time"
)

func TestFormatInstant(t *testing.T) {
	for _, c := range []struct {
		in           string
		date, nb, en string
	}{
		{"2026-03-30T23:30:00Z", "31.03.2026", "31.03.2026 kl. 01:30", "31.03.2026, 01:30"}, // summer time: the next day in Oslo
		{"2026-01-15T23:30:00Z", "16.01.2026", "16.01.2026 kl. 00:30", "16.01.2026, 00:30"}, // winter: just past midnight
		{"2026-01-15T22:59:00Z", "15.01.2026", "15.01.2026 kl. 23:59", "15.01.2026, 23:59"},
		{"2026-03-29T01:00:00Z", "29.03.2026", "29.03.2026 kl. 03:00", "29.03.2026, 03:00"}, // after the spring switch
		{"2025-10-26T01:30:00Z", "26.10.2025", "26.10.2025 kl. 02:30", "26.10.2025, 02:30"}, // the second 02:30 in autumn
	} {
		at, err := time.Parse(time.RFC3339, c.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := FormatInstantDate(at); got != c.date {
			t.Errorf("FormatInstantDate(%s) = %q, want %q", c.in, got, c.date)
		}
		if got := FormatInstant(at, LangNB); got != c.nb {
			t.Errorf("FormatInstant(%s, nb) = %q, want %q", c.in, got, c.nb)
		}
		if got := FormatInstant(at, LangNN); got != c.nb {
			t.Errorf("FormatInstant(%s, nn) = %q, want %q", c.in, got, c.nb)
		}
		if got := FormatInstant(at, LangEN); got != c.en {
			t.Errorf("FormatInstant(%s, en) = %q, want %q", c.in, got, c.en)
		}
	}
	if FormatInstant(time.Time{}, LangNB) != "" || FormatInstantDate(time.Time{}) != "" || FormatDate(Date{}) != "" || FormatMonth(YearMonth{}, LangNB) != "" {
		t.Error("zero values must show as empty")
	}
}

func TestFormatDateAndMonth(t *testing.T) {
	if got := FormatDate(NewDate(2026, 3, 31)); got != "31.03.2026" {
		t.Errorf("FormatDate = %q", got)
	}
	for _, c := range []struct {
		m    string
		lang Lang
		want string
	}{
		{"2025-09", LangNB, "sep. 2025"}, {"2025-09", LangNN, "sep. 2025"}, {"2025-09", LangEN, "Sep 2025"},
		{"2026-03", LangNB, "mars 2026"}, {"2026-05", LangEN, "May 2026"}, {"2026-12", LangNN, "des. 2026"},
	} {
		m, err := ParseYearMonth(c.m)
		if err != nil {
			t.Fatal(err)
		}
		if got := FormatMonth(m, c.lang); got != c.want {
			t.Errorf("FormatMonth(%s, %s) = %q, want %q", c.m, c.lang, got, c.want)
		}
	}
}
