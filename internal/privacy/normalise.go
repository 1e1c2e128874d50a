package privacy

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalised is a text rewritten for matching, with a map back to the text it came from.
//
// The rewriting is:
//   - NFKC, segment by segment: full-width digits and letters become ASCII ("０"→"0",
//     "＠"→"@"), mathematical and circled digits become plain digits, NO-BREAK SPACE and
//     the other fixed-width spaces become a plain space;
//   - every decimal digit of any script (Unicode category Nd: Arabic-Indic, Devanagari,
//     Bengali, Thai, …) becomes the ASCII digit of the same value;
//   - zero-width and invisible characters (U+200B–U+200D, U+2060, U+FEFF, U+00AD soft
//     hyphen) are dropped, so they join what they stand between.
//
// Offsets into the normalised text map back to the original through start and end: a
// normalised byte at i came from text[start[i]:end[i]], the whole NFKC segment it is part
// of. A finding [s, e) in the normalised text therefore covers text[start[s]:end[e-1]].
type normalised struct {
	text       string
	start, end []int
}

// invisible reports characters that are dropped before matching.
func invisible(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD':
		return true
	}
	return false
}

// digitValue returns the value 0–9 of a decimal digit of any script, or -1. Unicode
// encodes every script's decimal digits as a contiguous run 0…9, and the ranges of the Nd
// table are unions of such runs, so the value is the distance from the range start mod 10.
func digitValue(r rune) int {
	if '0' <= r && r <= '9' {
		return int(r - '0')
	}
	if r < 0x80 || !unicode.Is(unicode.Nd, r) {
		return -1
	}
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return -1
}

// normalise rewrites text for matching. It never fails: invalid UTF-8 bytes are kept as
// they are and map to themselves.
func normalise(text string) normalised {
	n := normalised{
		start: make([]int, 0, len(text)),
		end:   make([]int, 0, len(text)),
	}
	out := make([]byte, 0, len(text))
	var it norm.Iter
	it.InitString(norm.NFKC, text)
	for !it.Done() {
		from := it.Pos()
		seg := it.Next()
		to := it.Pos()
		for i := 0; i < len(seg); {
			r, size := utf8.DecodeRune(seg[i:])
			if r == utf8.RuneError && size <= 1 {
				out = append(out, seg[i])
				n.start, n.end = append(n.start, from), append(n.end, to)
				i++
				continue
			}
			i += size
			if invisible(r) {
				continue
			}
			if v := digitValue(r); v >= 0 {
				r = rune('0' + v)
			}
			before := len(out)
			out = utf8.AppendRune(out, r)
			for range len(out) - before {
				n.start, n.end = append(n.start, from), append(n.end, to)
			}
		}
	}
	n.text = string(out)
	return n
}

// original maps a finding in the normalised text back to the original text.
func (n normalised) original(f Finding) Finding {
	f.Start, f.End = n.start[f.Start], n.end[f.End-1]
	return f
}
