package seed

import (
	"testing"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

func TestWorkingHoursInOslo(t *testing.T) {
	for _, c := range []struct {
		in   string
		salt int
		day  string
	}{
		{"2026-03-30T23:30:00Z", 3, "2026-03-31"}, // 01:30 in Oslo: the Oslo day, at work
		{"2026-01-14T10:00:00Z", 477, "2026-01-14"},
		{"2026-01-17T10:00:00Z", 5, "2026-01-19"},  // a Saturday moves to Monday
		{"2026-01-18T10:00:00Z", -9, "2026-01-19"}, // a Sunday too
	} {
		in, _ := time.Parse(time.RFC3339, c.in)
		got := WorkingHours(in, c.salt).In(domain.Oslo)
		if got.Format(time.DateOnly) != c.day || got.Hour() < 8 || got.Hour() > 15 || got.Weekday() == time.Saturday || got.Weekday() == time.Sunday {
			t.Errorf("WorkingHours(%s, %d) = %s, want on %s between 08 and 16 on a weekday", c.in, c.salt, got, c.day)
		}
	}
}
