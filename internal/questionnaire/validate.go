package questionnaire

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Problem is one thing wrong with a definition, at a path such as
// `sections[2].questions[4].options`.
type Problem struct {
	Path    string      `json:"path"`
	Message domain.Text `json:"message"`
}

// String is the problem in Bokmål, with its path: what the command line prints.
func (p Problem) String() string {
	if p.Path == "" {
		return p.Message.NB
	}
	return p.Path + ": " + p.Message.NB
}

// English is the problem in English, with its path.
func (p Problem) English() string {
	if p.Path == "" {
		return p.Message.EN
	}
	return p.Path + ": " + p.Message.EN
}

func problem(path, nb, nn, en string) Problem {
	return Problem{Path: path, Message: domain.Text{NB: nb, NN: nn, EN: en}}
}

// Limits on the texts of a definition.
const (
	MaxTitleLen    = 300
	MaxTextLen     = 2000
	MaxGuidanceLen = 8000
	MaxCodeLen     = 20
	MaxQuestions   = 500
)

var codePattern = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]*$`)

type checker struct{ problems []Problem }

func (c *checker) add(path, nb, nn, en string) {
	c.problems = append(c.problems, problem(path, nb, nn, en))
}

// text requires all three languages, each at most max characters.
func (c *checker) text(path string, t domain.Text, max int) {
	var missing []string
	for _, l := range []struct{ name, v string }{{"nb", t.NB}, {"nn", t.NN}, {"en", t.EN}} {
		switch {
		case strings.TrimSpace(l.v) == "":
			missing = append(missing, l.name)
		case utf8.RuneCountInString(l.v) > max:
			c.add(path+"."+l.name, fmt.Sprintf("Høyst %d tegn.", max), fmt.Sprintf("Høgst %d teikn.", max), fmt.Sprintf("At most %d characters.", max))
		}
	}
	if len(missing) > 0 {
		m := strings.Join(missing, ", ")
		c.add(path, "Mangler tekst på "+m+" (alle tre språk trengs).", "Manglar tekst på "+m+" (alle tre språka trengst).",
			"Missing text in "+m+" (all three languages are needed).")
	}
}

func (c *checker) code(path, code string) {
	switch {
	case code == "":
		c.add(path, "Koden mangler.", "Koden manglar.", "The code is missing.")
	case len(code) > MaxCodeLen || !codePattern.MatchString(code):
		c.add(path, fmt.Sprintf("Koden %q kan bare ha bokstaver, tall, punktum, bindestrek og understrek (høyst %d tegn).", code, MaxCodeLen),
			fmt.Sprintf("Koden %q kan berre ha bokstavar, tal, punktum, bindestrek og understrek (høgst %d teikn).", code, MaxCodeLen),
			fmt.Sprintf("The code %q may only have letters, digits, dots, hyphens and underscores (at most %d characters).", code, MaxCodeLen))
	}
}

// Validate checks d against the version it descends from (prev, nil when it descends from none or
// that version is unknown) and returns every problem, in file order. No problems means the
// definition can be stored.
func Validate(d *Definition, prev *Definition) []Problem {
	c := &checker{}
	c.header(d, prev)
	ls := &lineageState{prevQ: map[string]Question{}, continued: map[string]string{}, splits: map[string]int{}}
	if prev != nil && d.DescendsFrom != nil {
		for _, q := range prev.Questions() {
			ls.prevQ[q.Code] = q
		}
	}
	c.sections(d, ls)
	c.removed(d, prev, ls)
	c.freeTexts(d)
	return c.problems
}

// lineageState is what the questions say about the previous version as they are read: its
// questions by code, the path of the first question continuing each, and how many split each.
type lineageState struct {
	prevQ     map[string]Question
	continued map[string]string // previous code → path of the first question continuing it
	splits    map[string]int
}

// header checks the format, campaign, version, descent and title.
func (c *checker) header(d *Definition, prev *Definition) {
	if d.Format != FormatVersion {
		c.add("format", fmt.Sprintf("Formatet må være %d.", FormatVersion), fmt.Sprintf("Formatet må vere %d.", FormatVersion), fmt.Sprintf("The format must be %d.", FormatVersion))
	}
	if strings.TrimSpace(d.Campaign) == "" {
		c.add("campaign", "Kampanjen (koden) mangler.", "Kampanjen (koden) manglar.", "The campaign (its code) is missing.")
	}
	if d.Version < 1 {
		c.add("version", "Versjonen må være 1 eller høyere.", "Versjonen må vere 1 eller høgare.", "The version must be 1 or higher.")
	}
	if d.DescendsFrom != nil {
		switch {
		case *d.DescendsFrom >= d.Version:
			c.add("descendsFrom", "Må være en tidligere versjon enn denne.", "Må vere ein tidlegare versjon enn denne.", "Must be an earlier version than this one.")
		case prev == nil:
			c.add("descendsFrom", fmt.Sprintf("Versjon %d finnes ikke.", *d.DescendsFrom), fmt.Sprintf("Versjon %d finst ikkje.", *d.DescendsFrom), fmt.Sprintf("Version %d does not exist.", *d.DescendsFrom))
		}
	}
	c.text("title", d.Title, MaxTitleLen)
}

// sections checks the sections and their questions, codes unique in each kind, and each
// question's options and lineage.
func (c *checker) sections(d *Definition, ls *lineageState) {
	if len(d.Sections) == 0 {
		c.add("sections", "Skjemaet må ha minst én del.", "Skjemaet må ha minst éin del.", "The questionnaire needs at least one section.")
	}
	sectionCodes, questionCodes := map[string]string{}, map[string]string{}
	count := 0
	for si, s := range d.Sections {
		sp := fmt.Sprintf("sections[%d]", si)
		c.code(sp+".code", s.Code)
		if other, dup := sectionCodes[s.Code]; dup && s.Code != "" {
			c.add(sp+".code", fmt.Sprintf("Koden %q er brukt før (%s).", s.Code, other), fmt.Sprintf("Koden %q er brukt før (%s).", s.Code, other), fmt.Sprintf("The code %q is used before (%s).", s.Code, other))
		} else {
			sectionCodes[s.Code] = sp
		}
		c.text(sp+".title", s.Title, MaxTitleLen)
		if len(s.Questions) == 0 {
			c.add(sp+".questions", "Delen må ha minst ett spørsmål.", "Delen må ha minst eitt spørsmål.", "The section needs at least one question.")
		}
		for qi, q := range s.Questions {
			count++
			qp := fmt.Sprintf("%s.questions[%d]", sp, qi)
			c.question(qp, q, questionCodes)
			c.lineage(qp, q, d.DescendsFrom != nil, ls)
		}
	}
	if count > MaxQuestions {
		c.add("sections", fmt.Sprintf("Høyst %d spørsmål.", MaxQuestions), fmt.Sprintf("Høgst %d spørsmål.", MaxQuestions), fmt.Sprintf("At most %d questions.", MaxQuestions))
	}
	for code, n := range ls.splits {
		if n < 2 {
			p := ls.continued[code]
			c.add(p+".lineage", fmt.Sprintf("SPLIT betyr at %q er delt i flere spørsmål, men bare ett fortsetter det.", code),
				fmt.Sprintf("SPLIT tyder at %q er delt i fleire spørsmål, men berre eitt held fram med det.", code),
				fmt.Sprintf("SPLIT means %q was split into several questions, but only one continues it.", code))
		}
	}
}

// question checks one question's code (unique among questions), texts and options.
func (c *checker) question(qp string, q Question, questionCodes map[string]string) {
	c.code(qp+".code", q.Code)
	if other, dup := questionCodes[q.Code]; dup && q.Code != "" {
		c.add(qp+".code", fmt.Sprintf("Koden %q er brukt før (%s).", q.Code, other), fmt.Sprintf("Koden %q er brukt før (%s).", q.Code, other), fmt.Sprintf("The code %q is used before (%s).", q.Code, other))
	} else {
		questionCodes[q.Code] = qp
	}
	c.text(qp+".text", q.Text, MaxTextLen)
	if q.Guidance != nil {
		c.text(qp+".guidance", *q.Guidance, MaxGuidanceLen)
	}
	if utf8.RuneCountInString(q.LegalBasis) > MaxTitleLen {
		c.add(qp+".legalBasis", fmt.Sprintf("Høyst %d tegn.", MaxTitleLen), fmt.Sprintf("Høgst %d teikn.", MaxTitleLen), fmt.Sprintf("At most %d characters.", MaxTitleLen))
	}
	c.options(qp, q)
}

// removed checks the removed questions, and that every question of the previous version is
// accounted for.
func (c *checker) removed(d *Definition, prev *Definition, ls *lineageState) {
	prevQ, continued := ls.prevQ, ls.continued
	if d.DescendsFrom == nil && len(d.Removed) > 0 {
		c.add("removed", "Bare en versjon som bygger på en tidligere kan fjerne spørsmål.", "Berre ein versjon som byggjer på ein tidlegare kan fjerne spørsmål.", "Only a version that descends from an earlier one can remove questions.")
	}
	removed := map[string]bool{}
	for i, code := range d.Removed {
		p := fmt.Sprintf("removed[%d]", i)
		switch _, known := prevQ[code]; {
		case d.DescendsFrom == nil || prev == nil:
		case !known:
			c.add(p, fmt.Sprintf("Versjon %d har ikke spørsmålet %q.", *d.DescendsFrom, code), fmt.Sprintf("Versjon %d har ikkje spørsmålet %q.", *d.DescendsFrom, code), fmt.Sprintf("Version %d has no question %q.", *d.DescendsFrom, code))
		case removed[code]:
			c.add(p, fmt.Sprintf("%q står to ganger.", code), fmt.Sprintf("%q står to gonger.", code), fmt.Sprintf("%q is listed twice.", code))
		case continued[code] != "":
			c.add(p, fmt.Sprintf("%q er fjernet, men %s fortsetter det.", code, continued[code]), fmt.Sprintf("%q er fjerna, men %s held fram med det.", code, continued[code]), fmt.Sprintf("%q is removed, but %s continues it.", code, continued[code]))
		}
		removed[code] = true
	}
	if prev != nil && d.DescendsFrom != nil {
		for _, q := range prev.Questions() {
			if continued[q.Code] == "" && !removed[q.Code] {
				c.add("removed", fmt.Sprintf("Spørsmål %q i versjon %d blir verken videreført eller fjernet: nevn det i lineage til et spørsmål eller i removed.", q.Code, *d.DescendsFrom),
					fmt.Sprintf("Spørsmål %q i versjon %d blir verken vidareført eller fjerna: nemn det i lineage til eit spørsmål eller i removed.", q.Code, *d.DescendsFrom),
					fmt.Sprintf("Question %q of version %d is neither continued nor removed: name it in a question's lineage or in removed.", q.Code, *d.DescendsFrom))
			}
		}
	}
}

// freeTexts checks the free-text questions of the summary form, which share one set of codes.
func (c *checker) freeTexts(d *Definition) {
	freeCodes := map[string]string{}
	for _, set := range []struct {
		name string
		qs   []FreeText
	}{{"reflectionQuestions", d.ReflectionQuestions}, {"feedbackQuestions", d.FeedbackQuestions}} {
		for i, q := range set.qs {
			p := fmt.Sprintf("%s[%d]", set.name, i)
			c.code(p+".code", q.Code)
			if other, dup := freeCodes[q.Code]; dup && q.Code != "" {
				c.add(p+".code", fmt.Sprintf("Koden %q er brukt før (%s).", q.Code, other), fmt.Sprintf("Koden %q er brukt før (%s).", q.Code, other), fmt.Sprintf("The code %q is used before (%s).", q.Code, other))
			} else {
				freeCodes[q.Code] = p
			}
			c.text(p+".text", q.Text, MaxTextLen)
			if q.Guidance != nil {
				c.text(p+".guidance", *q.Guidance, MaxGuidanceLen)
			}
		}
	}
}

func (c *checker) options(qp string, q Question) {
	p := qp + ".options"
	if len(q.Options) == 0 {
		c.add(p, "Spørsmålet må ha minst ett svaralternativ.", "Spørsmålet må ha minst eitt svaralternativ.", "The question needs at least one answer option.")
	}
	seen := map[domain.Option]bool{}
	answerable := false
	for i, o := range q.Options {
		switch {
		case !slices.Contains(domain.Options, o):
			c.add(fmt.Sprintf("%s[%d]", p, i), fmt.Sprintf("Ukjent svaralternativ %q (gyldige: YES, PARTLY, NO, NOT_POSSIBLE, NOT_APPLICABLE).", o),
				fmt.Sprintf("Ukjent svaralternativ %q (gyldige: YES, PARTLY, NO, NOT_POSSIBLE, NOT_APPLICABLE).", o),
				fmt.Sprintf("Unknown answer option %q (valid: YES, PARTLY, NO, NOT_POSSIBLE, NOT_APPLICABLE).", o))
		case seen[o]:
			c.add(fmt.Sprintf("%s[%d]", p, i), fmt.Sprintf("%q står to ganger.", o), fmt.Sprintf("%q står to gonger.", o), fmt.Sprintf("%q is listed twice.", o))
		}
		seen[o] = true
		answerable = answerable || o.InDenominator()
	}
	if len(q.Options) > 0 && !answerable {
		c.add(p, "Minst ett av YES, PARTLY og NO trengs.", "Minst eitt av YES, PARTLY og NO trengst.", "At least one of YES, PARTLY and NO is needed.")
	}
	switch {
	case seen[domain.OptionNotPossible] && q.NotPossibleGuidance == nil:
		c.add(p, `"NOT_POSSIBLE" trenger veiledning (notPossibleGuidance): når er det ikke mulig å svare?`,
			`"NOT_POSSIBLE" treng rettleiing (notPossibleGuidance): når er det ikkje mogleg å svare?`,
			`"NOT_POSSIBLE" needs guidance (notPossibleGuidance): when is it not possible to answer?`)
	case seen[domain.OptionNotPossible]:
		c.text(qp+".notPossibleGuidance", *q.NotPossibleGuidance, MaxGuidanceLen)
	case q.NotPossibleGuidance != nil:
		c.add(qp+".notPossibleGuidance", `Veiledning om "Ikke mulig" uten at NOT_POSSIBLE er et svaralternativ.`,
			`Rettleiing om "Ikkje mogleg" utan at NOT_POSSIBLE er eit svaralternativ.`,
			`Guidance on "Not possible" while NOT_POSSIBLE is not an option.`)
	}
}

// lineage checks how the question says it descends from the previous version's questions, and
// notes in ls which it continues.
func (c *checker) lineage(qp string, q Question, descends bool, ls *lineageState) {
	prevQ, continued, splits := ls.prevQ, ls.continued, ls.splits
	p := qp + ".lineage"
	l := q.Lineage
	if !descends {
		if l != nil && (l.Kind != domain.LineageNew || len(l.Previous) > 0) {
			c.add(p, "Versjonen bygger ikke på en tidligere (descendsFrom), så alle spørsmål er NEW.",
				"Versjonen byggjer ikkje på ein tidlegare (descendsFrom), så alle spørsmål er NEW.",
				"The version descends from no earlier one (descendsFrom), so every question is NEW.")
		}
		return
	}
	if l == nil {
		c.add(p, "Mangler: si hvordan spørsmålet henger sammen med forrige versjon (SAME, CHANGED_TEXT, CHANGED_OPTIONS, SPLIT, MERGED eller NEW).",
			"Manglar: sei korleis spørsmålet heng saman med førre versjon (SAME, CHANGED_TEXT, CHANGED_OPTIONS, SPLIT, MERGED eller NEW).",
			"Missing: say how the question relates to the previous version (SAME, CHANGED_TEXT, CHANGED_OPTIONS, SPLIT, MERGED or NEW).")
		return
	}
	want := map[domain.QuestionLineageKind][2]int{domain.LineageSame: {1, 1}, domain.LineageChangedText: {1, 1}, domain.LineageChangedOptions: {1, 1},
		domain.LineageSplit: {1, 1}, domain.LineageMerged: {2, 50}, domain.LineageNew: {0, 0}}
	n, ok := want[l.Kind]
	if !ok {
		kinds := lineageKindNames()
		c.add(p+".kind", fmt.Sprintf("Ukjent %q (gyldige: %s).", l.Kind, kinds),
			fmt.Sprintf("Ukjend %q (gyldige: %s).", l.Kind, kinds),
			fmt.Sprintf("Unknown %q (valid: %s).", l.Kind, kinds))
		return
	}
	c.previousCount(p, l, n)
	seen := map[string]bool{}
	for i, code := range l.Previous {
		pp := fmt.Sprintf("%s.previous[%d]", p, i)
		old, known := prevQ[code]
		switch {
		case seen[code]:
			c.add(pp, fmt.Sprintf("%q står to ganger.", code), fmt.Sprintf("%q står to gonger.", code), fmt.Sprintf("%q is listed twice.", code))
			continue
		case !known:
			if len(prevQ) > 0 {
				c.add(pp, fmt.Sprintf("Forrige versjon har ikke spørsmålet %q.", code), fmt.Sprintf("Førre versjon har ikkje spørsmålet %q.", code), fmt.Sprintf("The previous version has no question %q.", code))
			}
			continue
		case continued[code] != "" && l.Kind != domain.LineageSplit:
			c.add(pp, fmt.Sprintf("%q videreføres allerede av %s; bruk SPLIT når ett spørsmål deles i flere.", code, continued[code]),
				fmt.Sprintf("%q blir alt vidareført av %s; bruk SPLIT når eitt spørsmål blir delt i fleire.", code, continued[code]),
				fmt.Sprintf("%q is already continued by %s; use SPLIT when one question is split into several.", code, continued[code]))
		}
		seen[code] = true
		if continued[code] == "" {
			continued[code] = qp
		}
		if l.Kind == domain.LineageSplit {
			splits[code]++
		}
		c.kindMatches(p, l.Kind, code, old.Text == q.Text, slices.Equal(old.Options, q.Options))
	}
}

// previousCount checks that the lineage names as many previous questions as its kind takes
// (n: the least and the most).
func (c *checker) previousCount(p string, l *Lineage, n [2]int) {
	if len(l.Previous) >= n[0] && len(l.Previous) <= n[1] {
		return
	}
	var nb, nn, en string
	switch {
	case n[1] == 0:
		nb, nn, en = "NEW har ingen tidligere spørsmål.", "NEW har ingen tidlegare spørsmål.", "NEW has no previous questions."
	case n[0] == 1 && n[1] == 1:
		kind := string(l.Kind)
		nb, nn, en = kind+" viser til nøyaktig ett tidligere spørsmål.", kind+" viser til nøyaktig eitt tidlegare spørsmål.", kind+" refers to exactly one previous question."
	default:
		nb, nn, en = "MERGED viser til minst to tidligere spørsmål.", "MERGED viser til minst to tidlegare spørsmål.", "MERGED refers to at least two previous questions."
	}
	c.add(p+".previous", nb, nn, en)
}

// kindMatches checks the lineage's kind against what changed from the previous question code.
func (c *checker) kindMatches(p string, kind domain.QuestionLineageKind, code string, sameText, sameOptions bool) {
	switch {
	case kind == domain.LineageSame && !sameOptions:
		c.add(p+".kind", fmt.Sprintf("SAME, men svaralternativene er endret fra %q; bruk CHANGED_OPTIONS.", code),
			fmt.Sprintf("SAME, men svaralternativa er endra frå %q; bruk CHANGED_OPTIONS.", code),
			fmt.Sprintf("SAME, but the answer options changed from %q; use CHANGED_OPTIONS.", code))
	case kind == domain.LineageSame && !sameText:
		c.add(p+".kind", fmt.Sprintf("SAME, men teksten er endret fra %q; bruk CHANGED_TEXT.", code),
			fmt.Sprintf("SAME, men teksten er endra frå %q; bruk CHANGED_TEXT.", code),
			fmt.Sprintf("SAME, but the text changed from %q; use CHANGED_TEXT.", code))
	case kind == domain.LineageChangedText && !sameOptions:
		c.add(p+".kind", fmt.Sprintf("Svaralternativene er også endret fra %q; bruk CHANGED_OPTIONS.", code),
			fmt.Sprintf("Svaralternativa er òg endra frå %q; bruk CHANGED_OPTIONS.", code),
			fmt.Sprintf("The answer options also changed from %q; use CHANGED_OPTIONS.", code))
	case kind == domain.LineageChangedOptions && sameOptions:
		c.add(p+".kind", fmt.Sprintf("CHANGED_OPTIONS, men svaralternativene er de samme som i %q.", code),
			fmt.Sprintf("CHANGED_OPTIONS, men svaralternativa er dei same som i %q.", code),
			fmt.Sprintf("CHANGED_OPTIONS, but the answer options are those of %q.", code))
	}
}

// lineageKindNames lists the kinds a question's lineage may have, for a message.
func lineageKindNames() string {
	names := make([]string, len(LineageKinds))
	for i, k := range LineageKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}
