package privacy

// Norwegian phone numbers have 8 digits; the first digit is 2–9 (4 and 9 are
// mobile, the rest mostly landline). Recognised forms:
//
//	91234567   912 34 567   91 23 45 67   22 22 22 22
//
// optionally prefixed by "+47", "0047", "(+47)" or "(0047)", with or without
// a space after the prefix. "Space" is a single ASCII space or U+00A0.
//
// A digit chain (digit groups joined by single spaces) is flagged when the
// whole chain, after an optional prefix, splits exactly into numbers of the
// forms above: "Mor: 91234567 98765432" gives two findings, but
// "12 34 56 78 90" gives none, because "34 56 78 90" is a piece of a longer
// sequence rather than a number of its own. Failing that, any group of
// exactly 8 digits starting with 2–9 in the chain is still flagged, since an
// unspaced 8-digit run is a strong signal on its own ("i 2024 91234567").
//
// This keeps years, dates ("31.12.2024"), day counts, percentages,
// § references, 9-digit organisation numbers (also spaced "974 760 673"),
// 11-digit numbers and amounts with thousands separators ("kr 22 500 000")
// unflagged. Known limits:
//   - Any other 8-digit number starting with 2–9 is flagged: compact dates
//     ("31122024", "20241231"), amounts without separators ("25000000"),
//     and four space-separated two-digit numbers ("25 30 45 50").
//   - Not recognised: hyphens or dots as separators ("912-34-567",
//     "91.23.45.67"), the 4+4 form ("9123 4567", left out because it
//     matches pairs of years such as "2023 2024"), double spaces, and the
//     special 5-digit and 12-digit (M2M) number series.
//   - A prefix is only recognised as "+47"/"0047"; other country codes are
//     screened like Norwegian digits and usually not flagged.

// phoneForms lists the accepted group lengths of an unprefixed number. The
// first group length is unique per form, so splitting a chain is greedy.
var phoneForms = [][]int{{8}, {3, 2, 3}, {2, 2, 2, 2}}

func screenPhones(text string, chains []chain) []Finding {
	var found []Finding
	for ci := 0; ci < len(chains); ci++ {
		c := chains[ci]
		if start, body, consumed, ok := prefixed(text, chains, ci); ok {
			if f, ok := splitPhones(text, start, body); ok {
				found = append(found, f...)
				ci += consumed
				continue
			}
		}
		if f, ok := splitPhones(text, c[0].start, c); ok {
			found = append(found, f...)
			continue
		}
		for _, g := range c {
			if g.len() == 8 && text[g.start] >= '2' {
				found = append(found, Finding{Kind: KindPhone, Start: g.start, End: g.end})
			}
		}
	}
	return found
}

// prefixed checks whether chains[ci] starts with a +47/0047 country prefix.
// It returns where the finding starts (at '+' or '('), the digit groups
// after the prefix, and how many following chains were consumed: "(+47) 912
// 34 567" is two chains, because ')' ends the first.
func prefixed(text string, chains []chain, ci int) (start int, body chain, consumed int, ok bool) {
	c := chains[ci]
	g0 := c[0]
	var code string
	start = g0.start
	switch {
	case g0.start >= 1 && text[g0.start-1] == '+':
		code = "47"
		start--
	default:
		code = "0047"
	}
	n := len(code)
	if g0.len() < n || text[g0.start:g0.start+n] != code {
		return 0, nil, 0, false
	}

	// "(+47)" or "(0047)": the prefix group is alone in its chain and the
	// number follows in the next chain, after ")" and an optional space.
	if start >= 1 && text[start-1] == '(' && g0.len() == n && len(c) == 1 &&
		g0.end < len(text) && text[g0.end] == ')' {
		after := g0.end + 1
		after += spaceAt(text, after)
		if ci+1 >= len(chains) || chains[ci+1][0].start != after {
			return 0, nil, 0, false
		}
		return start - 1, chains[ci+1], 1, true
	}

	if g0.len() == n {
		// "+47 912 34 567": the prefix is its own group.
		if len(c) == 1 {
			return 0, nil, 0, false
		}
		return start, c[1:], 0, true
	}
	// "+4791234567": the prefix is glued to the number.
	body = make(chain, len(c))
	copy(body, c)
	body[0].start += n
	return start, body, 0, true
}

// splitPhones splits all of body into phone numbers; the first finding
// starts at start so that a prefix is included in it.
func splitPhones(text string, start int, body chain) ([]Finding, bool) {
	var found []Finding
	i := 0
	for i < len(body) {
		form := formFor(body[i].len())
		if form == nil || i+len(form) > len(body) || text[body[i].start] < '2' {
			return nil, false
		}
		for k, l := range form {
			if body[i+k].len() != l {
				return nil, false
			}
		}
		s := body[i].start
		if i == 0 {
			s = start
		}
		found = append(found, Finding{Kind: KindPhone, Start: s, End: body[i+len(form)-1].end})
		i += len(form)
	}
	return found, len(found) > 0
}

func formFor(firstLen int) []int {
	for _, f := range phoneForms {
		if f[0] == firstLen {
			return f
		}
	}
	return nil
}
