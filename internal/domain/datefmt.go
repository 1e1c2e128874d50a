package domain

import (
	"fmt"
	"time"
)

// The one formatter of dates and times in what people read from the server (exports, reports,
// e-mails). It matches the web app's src/lib/dates.ts: every instant in Oslo time, dates as
// dd.mm.yyyy in every language, months as "sep. 2025" (nb, nn) or "Sep 2025" (en).

var monthNames = map[Lang][12]string{
	LangNB: {"jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des."},
	LangNN: {"jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des."},
	LangEN: {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
}

// FormatDate shows a calendar date as dd.mm.yyyy; the zero date is "".
func FormatDate(d Date) string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("02.01.2006")
}

// FormatInstantDate shows the Oslo date of an instant as dd.mm.yyyy: a submission at 23:30 UTC
// on 30 March is 31.03 in Oslo. The zero time is "".
func FormatInstantDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Oslo).Format("02.01.2006")
}

// FormatInstant shows an instant in Oslo as "31.03.2026 kl. 01:30" (nb, nn) or "31.03.2026, 01:30" (en).
func FormatInstant(t time.Time, lang Lang) string {
	if t.IsZero() {
		return ""
	}
	o := t.In(Oslo)
	if lang == LangEN {
		return o.Format("02.01.2006, 15:04")
	}
	return o.Format("02.01.2006") + " kl. " + o.Format("15:04")
}

// FormatMonth shows a month as "sep. 2025" (nb, nn) or "Sep 2025" (en); the zero month is "".
func FormatMonth(m YearMonth, lang Lang) string {
	if m.IsZero() {
		return ""
	}
	names, ok := monthNames[lang]
	if !ok {
		names = monthNames[LangNB]
	}
	return fmt.Sprintf("%s %d", names[m.t.Month()-1], m.t.Year())
}
