package privacy

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

// WarningKind is the category of a Warning.
type WarningKind string

const (
	// WarnLikelyName is a word that is probably a person's name.
	WarnLikelyName WarningKind = "LIKELY_NAME"
	// WarnHealth is a health or diagnosis word.
	WarnHealth WarningKind = "HEALTH"
)

// Warning is a word that may be personal data, but may as well not be: the writer decides.
type Warning struct {
	Kind  WarningKind
	Start int    // byte offset in the text
	End   int    // byte offset, exclusive
	Word  string // text[Start:End]
}

// Warnings returns the likely names and health words in text, ordered by Start and
// non-overlapping. Unlike Screen, a warning does not stop the text from being stored; the
// writer confirms it. It never panics, whatever the input; offsets are byte offsets into text.
//
// A word is a run of letters, with hyphens inside it ("Anne-Lise", "ADHD-diagnose"), read
// after the same normalisation as Screen (NFKC, invisible characters dropped).
//
// LIKELY_NAME: a word from the first-name list (names.txt), written capitalised ("Kari",
// also the genitive "Karis"), when
//   - it is not the first word of a sentence (so "Liv og helse" and "Per i dag" at the
//     start of a sentence stay quiet, while "samtale med Kari" warns), or
//   - it is the first word of a sentence but directly followed by another capitalised word,
//     as a first name and surname are ("Kari Nordmann sa …").
//
// Also any capitalised word (listed or not) directly after a word naming a family member or
// child, such as "mor", "far", "gutten", "jenta", "barnet", "heter" ("jenta Tuva",
// "mor, Kari,", "gutten (Aleksander)"). Words in capitals only ("NAV") are never names.
//
// HEALTH: a diagnosis, illness, substance-abuse or medication word, by whole words and their
// inflections and compounds ("autisme", "autismen", "barneautisme", "ADHD", "ADHD-diagnose",
// "depresjon", "deprimert", "rus", "rusmisbruk", …). Short abbreviations count only in
// capitals. "rus" is left alone in the name of the service area ("rus- og
// psykiatritjenesten", "rus og psykisk helse"), and "kreft" does not match "krefter".
func Warnings(text string) []Warning {
	n := normalise(text)
	t := n.text
	var out []Warning
	add := func(kind WarningKind, s, e int) {
		f := n.original(Finding{Start: s, End: e})
		if len(out) > 0 && f.Start < out[len(out)-1].End {
			return
		}
		out = append(out, Warning{Kind: kind, Start: f.Start, End: f.End, Word: text[f.Start:f.End]})
	}
	words := scanWords(t)
	for i, w := range words {
		word := t[w.start:w.end]
		if healthWord(t, w, word) {
			add(WarnHealth, w.start, w.end)
			continue
		}
		if !titleCase(word) {
			continue
		}
		switch {
		case i > 0 && relationWord(t[words[i-1].start:words[i-1].end]) && joined(t, words[i-1].end, w.start):
			add(WarnLikelyName, w.start, w.end)
		case isFirstName(word) && !sentenceStart(t, w.start):
			add(WarnLikelyName, w.start, w.end)
		case isFirstName(word) && i+1 < len(words) && titleCase(t[words[i+1].start:words[i+1].end]) &&
			onlySpaceBetween(t, w.end, words[i+1].start):
			add(WarnLikelyName, w.start, w.end)
		}
	}
	return out
}

type span struct{ start, end int }

// scanWords returns the runs of letters of t, hyphens inside a run included.
func scanWords(t string) []span {
	var out []span
	i := 0
	for i < len(t) {
		r, size := utf8.DecodeRuneInString(t[i:])
		if !unicode.IsLetter(r) {
			i += size
			continue
		}
		start := i
		for i < len(t) {
			r, size := utf8.DecodeRuneInString(t[i:])
			if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
				i += size
				continue
			}
			if r == '-' && i+1 < len(t) {
				if next, _ := utf8.DecodeRuneInString(t[i+1:]); unicode.IsLetter(next) {
					i++
					continue
				}
			}
			break
		}
		out = append(out, span{start, i})
	}
	return out
}

// titleCase reports a capitalised word: each hyphen part starts with a capital and has at
// least one lower-case letter after it ("Kari", "Anne-Lise"; not "NAV", "kari").
func titleCase(word string) bool {
	for _, part := range strings.Split(word, "-") {
		r, size := utf8.DecodeRuneInString(part)
		if !unicode.IsUpper(r) {
			return false
		}
		rest := part[size:]
		if rest == "" || strings.ToLower(rest) != rest {
			return false
		}
	}
	return true
}

// sentenceStart reports whether the word at i begins a sentence: nothing but spaces, quotes,
// brackets and a list bullet stand between it and the start of the text, a line break, or a
// sentence-ending mark.
func sentenceStart(t string, i int) bool {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(t[:i])
		switch {
		case r == '.' || r == '!' || r == '?' || isLineBreak(r):
			return true
		case r == ' ' || r == '\t' || strings.ContainsRune("\"'«»“”‘’([{•*–-", r):
			i -= size
		default:
			return false
		}
	}
	return true
}

// joined reports whether only spaces and at most one of , : ( stand between a and b.
func joined(t string, a, b int) bool {
	punct := 0
	for _, r := range t[a:b] {
		switch r {
		case ' ', '\t':
		case ',', ':', '(':
			punct++
		default:
			return false
		}
	}
	return punct <= 1
}

func onlySpaceBetween(t string, a, b int) bool {
	return b-a == 1 && t[a] == ' '
}

//go:embed names.txt
var namesTxt string

var firstNames = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(namesTxt, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}()

// isFirstName reports a listed name, also in the genitive ("Karis") and as a double name
// whose parts are listed ("Kari-Anne").
func isFirstName(word string) bool {
	if firstNames[word] || (strings.HasSuffix(word, "s") && firstNames[strings.TrimSuffix(word, "s")]) {
		return true
	}
	parts := strings.Split(word, "-")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if !firstNames[p] && !(strings.HasSuffix(p, "s") && firstNames[strings.TrimSuffix(p, "s")]) {
			return false
		}
	}
	return true
}

// relationWords name a family member or a child; a capitalised word right after one is
// probably a name ("mor Kari", "gutten Tobias"). Compared in lower case.
var relationWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		mor moren mora mamma far faren pappa foreldre foreldrene
		stemor stemoren stemora stefar stefaren fostermor fostermoren fostermora fosterfar fosterfaren
		bestemor bestemoren bestemora bestefar bestefaren mormor morfar farmor farfar
		bror broren halvbror halvbroren søster søsteren søstera halvsøster halvsøsteren halvsøstera
		sønn sønnen datter datteren dattera onkel onkelen tante tanten tanta
		barn barnet barna gutt gutten jente jenta jenten ungdom ungdommen eleven
		guttens jentas barnets mors fars
		heter het kalt kalles navn navnet
		mother father son daughter brother sister boy girl named called`) {
		relationWords[w] = true
	}
}

func relationWord(w string) bool { return relationWords[strings.ToLower(w)] }

// Health words. healthAcronyms match in capitals only, as a whole word or a hyphen part
// ("ADHD-diagnose"). healthExact match a whole lower-cased word. healthPrefixes match the
// start of a word, healthInfixes anywhere in it (long stems that occur in compounds:
// "barneautisme", "fødselsdepresjon").
var (
	healthAcronyms = setOf("ADHD ADD PTSD OCD HIV AIDS FASD")
	healthExact    = setOf("rus kreft kreften kreftsyk kreftsykdom kreftsykdommen astma allergi allergisk hasj hasjen")
	healthPrefixes = strings.Fields(`autis asperger depresj deprimer psykos psykotisk schizofren bipolar
		epilep diabet diagnos spiseforstyrr anoreks bulimi selvskad selvmord suicid
		personlighetsforstyrr utviklingshemm tourette alkoholis alkoholiker rusmisbruk rusavhengig
		ruspåvirk rusmiddelmisbruk rusmiddelavhengig narkoman heroin amfetamin kokain cannabis
		metadon subutex ritalin concerta angst kreftdiagnos leukemi dyslek`)
	healthInfixes = strings.Fields(`autisme depresjon psykose epilepsi diabetes schizofreni
		spiseforstyrrelse anoreksi diagnose rusmisbruk rusavhengig angstlidelse`)
)

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func healthWord(t string, w span, word string) bool {
	for _, part := range strings.Split(word, "-") {
		if healthAcronyms[part] {
			return true
		}
	}
	lower := strings.ToLower(word)
	if lower == "rus" {
		return !serviceArea(t[w.end:])
	}
	if healthExact[lower] {
		return true
	}
	for _, part := range strings.Split(lower, "-") {
		for _, p := range healthPrefixes {
			if strings.HasPrefix(part, p) {
				return true
			}
		}
		for _, p := range healthInfixes {
			if strings.Contains(part, p) {
				return true
			}
		}
	}
	return false
}

// serviceArea reports the text after "rus" naming the service area rather than a person's
// abuse: "rus- og psykiatritjenesten", "rus og psykisk helse".
func serviceArea(after string) bool {
	if strings.HasPrefix(after, "-") {
		return true
	}
	after = strings.ToLower(after)
	return strings.HasPrefix(after, " og psyk") || strings.HasPrefix(after, " og psykisk")
}
