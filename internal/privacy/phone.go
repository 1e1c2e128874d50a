package privacy

// Norwegian phone numbers have 8 digits; the first digit is 2–9 (4 and 9 are mobile, the rest
// mostly landline). Recognised forms, with any one separator used throughout the number (see
// digits.go: spaces, a tab, a line break, '.', '-', '/', or a short mix such as " - "):
//
//	91234567   912 34 567   91 23 45 67   9 1 2 3 4 5 6 7   9123 4567
//	           912-34-567   91.23.45.67
//
// The 4+4 form is only taken for mobile numbers (first digit 4 or 9) with white space between
// the halves, because "2023 2024" and "2024-2025" are pairs of years. Any form may be prefixed
// by "+47", "0047", "(+47)" or "(0047)", with or without a separator after the prefix; NFKC
// has already turned "＋" into "+".
//
// A digit chain (digit groups joined by separators) is read in three steps:
//  1. When the whole chain, after an optional prefix, splits exactly into numbers of the forms
//     above, each of them is flagged: "Mor: 91234567 98765432" gives two findings.
//  2. Otherwise, a run of groups in the chain that has one of the multi-group forms is flagged
//     when it stands apart: the separator on each side of it (if any) differs from the one
//     inside it. "12 34 56 78 90" gives nothing, because "34 56 78 90" is a piece of a longer
//     sequence written the same way; "Antall: 12. 91 23 45 67" and "3\n912 34 567" give one.
//  3. Any group of exactly 8 digits starting with 2–9 is flagged, since an unspaced 8-digit run
//     is a strong signal on its own ("i 2024 91234567").
//
// The uniform separator keeps dates and times out: "24.06–31.07", "20.30-22.30" and
// "01.09.2024" mix separators or have the wrong group lengths. Years, day counts,
// percentages, § references, 9-digit organisation numbers (also "974 760 673"), 11-digit
// numbers and amounts with thousands separators ("kr 22 500 000", "1 234 567 kr") stay
// unflagged. Known limits:
//   - Any other 8-digit number starting with 2–9 is flagged: compact dates ("31122024",
//     "20241231"), amounts without separators ("25000000"), four two-digit numbers written
//     alike ("25 30 45 50") and two mobile-looking four-digit numbers ("4500 9000").
//   - Not recognised: a phone number written after other numbers with the same separator
//     ("sak 3 912 34 567"), numbers with mixed separators ("912 34-567"), the 2+3+3 form
//     (it matches amounts such as "22 500 000"), and the special 5-digit and 12-digit (M2M)
//     series.
//   - A prefix is only recognised as "+47"/"0047"; other country codes are screened like
//     Norwegian digits and usually not flagged.

// phoneForms lists the accepted group lengths of an unprefixed number. The first group
// length is unique per form, so splitting a chain is greedy.
var phoneForms = [][]int{{8}, {3, 2, 3}, {2, 2, 2, 2}, {4, 4}, {1, 1, 1, 1, 1, 1, 1, 1}}

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
		if f, ok := splitPhones(text, c.groups[0].start, c); ok {
			found = append(found, f...)
			continue
		}
		found = append(found, standalonePhones(text, c)...)
	}
	return found
}

// standalonePhones is steps 2 and 3: numbers that stand apart inside a longer chain.
func standalonePhones(text string, c chain) []Finding {
	var found []Finding
	for i := 0; i < len(c.groups); i++ {
		g := c.groups[i]
		if g.len() == 8 && text[g.start] >= '2' {
			found = append(found, Finding{Kind: KindPhone, Start: g.start, End: g.end})
			continue
		}
		form := formFor(g.len())
		if len(form) < 2 || i+len(form) > len(c.groups) {
			continue
		}
		run := c.sub(i, i+len(form))
		if !isPhone(text, run, form) {
			continue
		}
		inside := run.seps[0]
		if i > 0 && c.seps[i-1] == inside {
			continue
		}
		if j := i + len(form) - 1; j < len(c.seps) && c.seps[j] == inside {
			continue
		}
		found = append(found, Finding{Kind: KindPhone, Start: g.start, End: run.groups[len(form)-1].end})
		i += len(form) - 1
	}
	return found
}

// isPhone reports whether run is one phone number of the given form.
func isPhone(text string, run chain, form []int) bool {
	if len(run.groups) != len(form) || text[run.groups[0].start] < '2' || !run.uniform() {
		return false
	}
	for k, l := range form {
		if run.groups[k].len() != l {
			return false
		}
	}
	if len(form) == 2 { // 4+4: mobile only, white space only
		if d := text[run.groups[0].start]; d != '4' && d != '9' {
			return false
		}
		if run.seps[0] != " " && run.seps[0] != "\t" {
			return false
		}
	}
	return true
}

// prefixed checks whether chains[ci] starts with a +47/0047 country prefix. It returns where
// the finding starts (at '+' or '('), the digit groups after the prefix, and how many
// following chains were consumed: "(+47) 912 34 567" is two chains, because ')' ends the
// first.
func prefixed(text string, chains []chain, ci int) (start int, body chain, consumed int, ok bool) {
	c := chains[ci]
	g0 := c.groups[0]
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
		return 0, chain{}, 0, false
	}

	// "(+47)" or "(0047)": the prefix group is alone in its chain and the number follows in
	// the next chain, after ")" and an optional space.
	if start >= 1 && text[start-1] == '(' && g0.len() == n && len(c.groups) == 1 &&
		g0.end < len(text) && text[g0.end] == ')' {
		after := g0.end + 1
		if after < len(text) && text[after] == ' ' {
			after++
		}
		if ci+1 >= len(chains) || chains[ci+1].groups[0].start != after {
			return 0, chain{}, 0, false
		}
		return start - 1, chains[ci+1], 1, true
	}

	if g0.len() == n {
		// "+47 912 34 567": the prefix is its own group.
		if len(c.groups) == 1 {
			return 0, chain{}, 0, false
		}
		return start, c.sub(1, len(c.groups)), 0, true
	}
	// "+4791234567": the prefix is glued to the number.
	body = chain{groups: make([]group, len(c.groups)), seps: c.seps}
	copy(body.groups, c.groups)
	body.groups[0].start += n
	return start, body, 0, true
}

// splitPhones splits all of body into phone numbers; the first finding starts at start so
// that a prefix is included in it.
func splitPhones(text string, start int, body chain) ([]Finding, bool) {
	var found []Finding
	i := 0
	for i < len(body.groups) {
		form := formFor(body.groups[i].len())
		if form == nil || i+len(form) > len(body.groups) || !isPhone(text, body.sub(i, i+len(form)), form) {
			return nil, false
		}
		s := body.groups[i].start
		if i == 0 {
			s = start
		}
		found = append(found, Finding{Kind: KindPhone, Start: s, End: body.groups[i+len(form)-1].end})
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
