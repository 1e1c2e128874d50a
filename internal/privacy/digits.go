package privacy

// group is a maximal run of ASCII digits, text[start:end].
type group struct{ start, end int }

func (g group) len() int { return g.end - g.start }

// chain is a sequence of digit groups joined by exactly one space each.
// Identity and phone numbers are commonly written with single spaces between
// digit groups ("912 34 567", "010190 12345"), so whether a group of digits
// is a number of its own, or a piece of a larger one, can only be decided by
// looking at the whole chain.
type chain []group

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// spaceAt reports the byte width of a single-space separator at text[i]:
// ASCII space, or U+00A0 NO-BREAK SPACE, which word processors insert into
// phone numbers and which survives copy-paste. 0 means no separator.
func spaceAt(text string, i int) int {
	if i < len(text) && text[i] == ' ' {
		return 1
	}
	if i+1 < len(text) && text[i] == 0xC2 && text[i+1] == 0xA0 {
		return 2
	}
	return 0
}

// digitChains splits text into chains of digit groups. Every ASCII digit of
// text belongs to exactly one group, and groups appear in text order.
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
		cur = append(cur, group{start, i})
		if w := spaceAt(text, i); w > 0 && i+w < len(text) && isDigit(text[i+w]) {
			i += w
			continue
		}
		chains = append(chains, cur)
		cur = nil
	}
	return chains
}
