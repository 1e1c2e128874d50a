package privacy

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The digit scanners below work on the normalised text (see normalise.go), where every digit
// is an ASCII digit.

// group is a maximal run of ASCII digits, text[start:end].
type group struct{ start, end int }

func (g group) len() int { return g.end - g.start }

// chain is a sequence of digit groups joined by short separators. Identity and phone numbers
// are written with all sorts of separators between digit groups ("912 34 567", "912-34-567",
// "91.23.45.67", "150765-00050", a tab or a line break), so whether a group of digits is a
// number of its own, or a piece of a larger one, can only be decided by looking at the whole
// chain. seps[i] is the canonical form (see sepKey) of the separator between groups[i] and
// groups[i+1].
type chain struct {
	groups []group
	seps   []string
}

// sub returns groups[a:b] with the separators between them.
func (c chain) sub(a, b int) chain { return chain{c.groups[a:b], c.seps[a : b-1]} }

// uniform reports whether all separators of c are the same; a phone number written with
// several groups uses one separator throughout ("912 34 567", "91.23.45.67"), while dates and
// times mix them ("24.06–31.07", "20.30-22.30").
func (c chain) uniform() bool {
	for _, s := range c.seps {
		if s != c.seps[0] {
			return false
		}
	}
	return true
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// Separator classes. A separator between two digit groups is a run of at most maxSepRunes
// characters, all of them white space or one of the punctuation marks below, with at most one
// punctuation mark: "912 34 567", "912-34-567", "912 - 34 - 567", "010190\t12480",
// "010190\n12480", "15.07.65/00050". A comma is not a separator, so lists of numbers
// ("sak 3, 4 og 5") stay apart.
const maxSepRunes = 3

func sepPunct(r rune) rune {
	switch r {
	case '.':
		return '.'
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return '-'
	case '/', '\u2044', '\u2215':
		return '/'
	}
	return 0
}

func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}

// sepAt returns the byte length and canonical key of a separator starting at text[i] and
// followed by a digit, or 0 when there is none. The key maps every dash to '-', every slash
// to '/', every line break to '\n' and other white space to ' ', collapsing repeats of the
// same character, so "\r\n" and "\n" are the same separator but " " and "\t" are not
// (NFKC has already turned NO-BREAK SPACE into a space).
func sepAt(text string, i int) (int, string) {
	var key strings.Builder
	j, runes, punct := i, 0, 0
	var last rune = -1
	for j < len(text) && !isDigit(text[j]) {
		r, size := utf8.DecodeRuneInString(text[j:])
		var k rune
		switch {
		case sepPunct(r) != 0:
			k = sepPunct(r)
			punct++
		case isLineBreak(r):
			k = '\n'
		case r == '\t':
			k = '\t'
		case unicode.IsSpace(r):
			k = ' '
		default:
			return 0, ""
		}
		runes++
		if runes > maxSepRunes || punct > 1 {
			return 0, ""
		}
		if k != last {
			key.WriteRune(k)
			last = k
		}
		j += size
	}
	if j == i || j >= len(text) {
		return 0, ""
	}
	return j - i, key.String()
}

// digitChains splits text into chains of digit groups. Every ASCII digit of text belongs to
// exactly one group, and groups appear in text order.
func digitChains(text string) []chain {
	var chains []chain
	var cur chain
	i := 0
	for i < len(text) {
		if !isDigit(text[i]) {
			i++
			continue
		}
		start := i
		for i < len(text) && isDigit(text[i]) {
			i++
		}
		cur.groups = append(cur.groups, group{start, i})
		if w, key := sepAt(text, i); w > 0 {
			cur.seps = append(cur.seps, key)
			i += w
			continue
		}
		chains = append(chains, cur)
		cur = chain{}
	}
	return chains
}
