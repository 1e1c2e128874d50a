package privacy

// Identity numbers (fødselsnummer, D-nummer) are only reported when they
// pass both mod-11 checks and carry a plausible date. Case numbers, account
// numbers, amounts and other 11-digit runs are common in casework text, and
// the checks reject all but a small fraction of them (roughly 1 in 120 pass
// the check digits, and of those a large share fail the date).
//
// Date rules for DDMMYY:
//   - Day 01–31: fødselsnummer. Day 41–71 (day + 40): D-nummer.
//   - Month 01–12, or month + 40 (41–52) or month + 80 (81–92). Month + 40 is
//     both the H-number convention of the health sector and NAV's synthetic
//     test numbers; month + 80 is Skatteetaten's synthetic test numbers
//     (Tenor). We accept them because test data is easily pasted into free
//     text from test environments, and because it keeps the generator in the
//     tests free from real people's numbers.
//   - The day must exist in that month. 29 February is accepted when YY is
//     divisible by 4: the century is not derived from the individual number,
//     since 1900 is the only non-leap year that can match and being lenient
//     there costs nothing.
//
// Not accepted: FH-numbers (first digit 8 or 9, no date), and numbers using
// the extended check-digit rule planned for 2032, where a first check digit
// remainder of 1 becomes valid. Both would weaken the false-positive
// protection considerably; revisit when the 2032 numbers are issued.

var (
	weightsK1 = [9]int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	weightsK2 = [10]int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
)

// mod11Check returns the check digit for digits with weights, or -1 when the
// remainder is 1 (no valid check digit exists).
func mod11Check(digits []int, weights []int) int {
	sum := 0
	for i, w := range weights {
		sum += digits[i] * w
	}
	switch r := sum % 11; r {
	case 0:
		return 0
	case 1:
		return -1
	default:
		return 11 - r
	}
}

// classifyID reports the kind of an 11-digit identity number, or false if it
// fails the check digits or the date.
func classifyID(d [11]int) (Kind, bool) {
	k1 := mod11Check(d[:9], weightsK1[:])
	if k1 < 0 || k1 != d[9] {
		return "", false
	}
	k2 := mod11Check(d[:10], weightsK2[:])
	if k2 < 0 || k2 != d[10] {
		return "", false
	}
	day := d[0]*10 + d[1]
	month := d[2]*10 + d[3]
	yy := d[4]*10 + d[5]

	kind := KindNationalID
	if day > 40 {
		day -= 40
		kind = KindDNumber
	}
	switch {
	case month > 80:
		month -= 80
	case month > 40:
		month -= 40
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, yy) {
		return "", false
	}
	return kind, true
}

func daysIn(month, yy int) int {
	switch month {
	case 2:
		if yy%4 == 0 {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	default:
		return 31
	}
}

// screenIDNumbers finds identity numbers: a run of consecutive digit groups of a chain with
// exactly 11 digits in all, whatever the separators ("01019012480", "010190 12480",
// "150765-00050", "15.07.65 000 50", one digit at a time). A run never splits a group, so
// digits that are part of a longer run of digits are never read as an identity number. The
// check digits and the date keep other 11-digit runs out.
func screenIDNumbers(text string, chains []chain) []Finding {
	var found []Finding
	var d [11]int
	check := func(start, end int) {
		n := 0
		for i := start; i < end; i++ {
			if isDigit(text[i]) {
				d[n] = int(text[i] - '0')
				n++
			}
		}
		if kind, ok := classifyID(d); ok {
			found = append(found, Finding{Kind: kind, Start: start, End: end})
		}
	}
	for _, c := range chains {
		for a := range c.groups {
			n := 0
			for b := a; b < len(c.groups) && n < 11; b++ {
				n += c.groups[b].len()
				if n == 11 {
					check(c.groups[a].start, c.groups[b].end)
				}
			}
		}
	}
	return found
}
