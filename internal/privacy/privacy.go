// Package privacy screens free text (comments, assessments, plans, reasons, notes, names of
// things) for personal data before it is stored. Nobody may store personal data in free text,
// so the screening errs towards flagging, but it must stay quiet on the ordinary numbers of
// casework prose (years, dates, month ranges, day counts, percentages, § references,
// organisation numbers, case numbers like "sak 3", amounts), otherwise users learn to ignore
// it. It knows nothing of HTTP or SQL: callers pass a string and get offsets back.
//
// There are two levels:
//
//   - Screen returns refusals: text with these must not be stored.
//   - Warnings returns words that may be personal data, likely person names and health or
//     diagnosis words (see warnings.go); the writer confirms them and the text is stored.
//
// Both normalise the text before matching (see normalise.go): NFKC, so full-width and other
// compatibility forms ("１２３", "＠", NO-BREAK SPACE) become their plain forms; decimal
// digits of every script (Arabic-Indic, Devanagari, …) become ASCII digits; zero-width and
// invisible characters (U+200B–U+200D, U+2060, U+FEFF, soft hyphen) are dropped. Offsets are
// always reported into the original text.
//
// Refused kinds and their rules:
//
//   - NATIONAL_ID / D_NUMBER: 11 digits, whole digit groups of one chain (groups joined by up
//     to three spaces, tabs or line breaks with at most one '.', '-', '/' or dash: "010190
//     12345", "150765-00050", "15.07.65 00050"), with both mod-11 check digits correct and a
//     plausible date part. See idnumber.go for the exact date rules (D-number, H-number and
//     synthetic test numbers).
//   - PHONE: Norwegian 8-digit numbers starting with 2–9, written as "91234567", "912 34
//     567", "91 23 45 67", one digit at a time, or "9123 4567" (mobile), with one separator
//     used throughout ("912-34-567", "91.23.45.67", a tab, a line break), optionally prefixed
//     by "+47", "0047", "(+47)" or "(0047)". See phone.go for how a number is told apart from
//     dates, times and amounts, and for the limits.
//   - EMAIL: local@domain.tld, also with a space on either side of "@" ("kari @ nav.no"),
//     plus the bracketed obfuscations "(at)", "[at]", "(krøllalfa)", "(alfakrøll)" and
//     "(dot)", "(punktum)". See email.go for the limits.
//
// testdata/corpus holds the variants that must be refused and the ordinary sentences that
// must pass; corpus_test.go checks both.
package privacy

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Kind is the category of personal data a Finding represents.
type Kind string

const (
	// KindNationalID is a fødselsnummer (DDMMYY + 3-digit individual number
	// + 2 mod-11 check digits). H-numbers and synthetic test numbers, which
	// share the layout, are reported under this kind as well.
	KindNationalID Kind = "NATIONAL_ID"
	// KindDNumber is a D-nummer: like a fødselsnummer, but the day is +40.
	KindDNumber Kind = "D_NUMBER"
	// KindPhone is a Norwegian phone number.
	KindPhone Kind = "PHONE"
	// KindEmail is an e-mail address.
	KindEmail Kind = "EMAIL"
)

// Finding is one piece of personal data found in a text.
type Finding struct {
	Kind  Kind
	Start int // byte offset in the text
	End   int // byte offset, exclusive
}

// Screen returns all findings in text, ordered by Start and non-overlapping.
// It never panics, whatever the input (invalid UTF-8 included); offsets are
// byte offsets into text.
func Screen(text string) []Finding {
	n := normalise(text)
	chains := digitChains(n.text)
	var found []Finding
	found = append(found, screenIDNumbers(n.text, chains)...)
	found = append(found, screenPhones(n.text, chains)...)
	found = append(found, screenEmails(n.text)...)
	for i := range found {
		found[i] = n.original(found[i])
	}
	return resolveOverlaps(found)
}

// resolveOverlaps orders findings and drops any finding that overlaps one
// kept before it. On equal starts the longer finding wins, so an e-mail
// address such as "91234567@sms.no" is reported once as EMAIL rather than
// also as a PHONE inside it.
func resolveOverlaps(found []Finding) []Finding {
	if len(found) == 0 {
		return nil
	}
	slices.SortFunc(found, func(a, b Finding) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	out := found[:0]
	end := -1
	for _, f := range found {
		if f.Start < end {
			continue
		}
		out = append(out, f)
		end = f.End
	}
	return out
}

// Mask returns s with all but the last 2 characters (runes) replaced by '•',
// so log lines and user messages can point at a finding without echoing it.
// Invalid UTF-8 bytes count as one character each; any kept as part of the
// visible tail are written as U+FFFD so the result is always valid UTF-8.
func Mask(s string) string {
	n := utf8.RuneCountInString(s)
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	i := 0
	for _, r := range s {
		if i < n-2 {
			b.WriteRune('•')
		} else {
			b.WriteRune(r)
		}
		i++
	}
	return b.String()
}
