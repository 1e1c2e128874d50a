package content

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every user-facing text of the seed content in all three languages.

// namedText is a user-facing text and where it comes from.
type namedText struct {
	where string
	text  Text
}

// allTexts collects every user-facing text in the package.
func allTexts() []namedText {
	var out []namedText
	add := func(where string, t Text) { out = append(out, namedText{where, t}) }
	addPtr := func(where string, t *Text) {
		if t != nil {
			add(where, *t)
		}
	}
	for _, o := range Offices {
		add("office "+o.Code, o.Name)
	}
	add("campaign", CampaignLOT2024.Title)
	for _, r := range Rounds {
		add(fmt.Sprintf("round %d", r.Number), r.Title)
	}
	add("sampling guidance", SamplingGuidance)
	for _, r := range Rounds {
		add(fmt.Sprintf("round %d sampling guidance", r.Number), r.SamplingGuidance)
	}
	for _, o := range Outcomes {
		add("outcome "+o.Code, o.Label)
	}
	for _, opt := range AllOptions() {
		add("option "+string(opt), OptionLabels[opt])
	}
	for _, q := range Questionnaires {
		v := fmt.Sprintf("v%d ", q.Version)
		add(v+"title", q.Title)
		for _, s := range q.Sections {
			add(v+"section "+s.Code, s.Title)
			for _, qu := range s.Questions {
				add(v+"question "+qu.Code, qu.Text)
				addPtr(v+"guidance "+qu.Code, qu.Guidance)
			}
		}
		for _, r := range append(append([]Reflection{}, q.Reflections...), q.Feedback...) {
			add(v+"reflection "+r.Code, r.Text)
			addPtr(v+"reflection guidance "+r.Code, r.Guidance)
		}
	}
	return out
}

func TestTextsHaveAllLanguages(t *testing.T) {
	texts := allTexts()
	if len(texts) < 50 {
		t.Fatalf("collected only %d texts; is the walk broken?", len(texts))
	}
	for _, nt := range texts {
		for lang, s := range map[string]string{"nb": nt.text.NB, "nn": nt.text.NN, "en": nt.text.EN} {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: %s text is empty", nt.where, lang)
			} else if strings.TrimSpace(s) != s || strings.Contains(s, "  ") {
				t.Errorf("%s: %s text has stray spaces: %q", nt.where, lang, s)
			}
		}
	}
}

// TestNynorskIsNotBokmal guards against Bokmål copied into the Nynorsk field
// of the longer texts (questions, guidance, reflections, sampling guidance),
// and against typical Bokmål words in any Nynorsk text.
func TestNynorskIsNotBokmal(t *testing.T) {
	bokmalWords := []string{"ikke", "hva", "hvordan", "hvilke", "undersøkelse", "tjenesten", "foreldrene", "ble", "noe", "hvis"}
	wordRE := regexp.MustCompile(`[\p{L}]+`)
	for _, nt := range allTexts() {
		long := strings.Contains(nt.where, "question") || strings.Contains(nt.where, "guidance") ||
			strings.Contains(nt.where, "reflection")
		if long && nt.text.NN == nt.text.NB {
			t.Errorf("%s: Nynorsk text equals Bokmål text", nt.where)
		}
		for _, w := range wordRE.FindAllString(strings.ToLower(nt.text.NN), -1) {
			if slices.Contains(bokmalWords, w) {
				t.Errorf("%s: Nynorsk text has Bokmål word %q: %q", nt.where, w, nt.text.NN)
			}
		}
	}
}
