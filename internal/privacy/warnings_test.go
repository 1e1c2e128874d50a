package privacy

import (
	"fmt"
	"slices"
	"testing"
)

func renderWarnings(text string, ws []Warning) []string {
	var out []string
	for _, w := range ws {
		if text[w.Start:w.End] != w.Word {
			out = append(out, fmt.Sprintf("BAD OFFSETS %+v", w))
			continue
		}
		out = append(out, fmt.Sprintf("%s:%s", w.Kind, w.Word))
	}
	return out
}

func TestWarnings(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		// Names inside a sentence.
		{"name mid-sentence", "Vi hadde samtale med Kari i går.", []string{"LIKELY_NAME:Kari"}},
		{"two names", "Både Ole og Ingrid var til stede.", []string{"LIKELY_NAME:Ole", "LIKELY_NAME:Ingrid"}},
		{"genitive", "Det ble snakket om Karis skolegang.", []string{"LIKELY_NAME:Karis"}},
		{"double name", "Samtale med Anne-Lise om tiltaket.", []string{"LIKELY_NAME:Anne-Lise"}},
		{"double name unlisted whole", "Samtale med Kari-Anne om tiltaket.", []string{"LIKELY_NAME:Kari-Anne"}},
		{"name after colon", "Deltakere: Per og Liv.", []string{"LIKELY_NAME:Per", "LIKELY_NAME:Liv"}},
		{"name in parentheses", "Barnet (Emma) ble hørt.", []string{"LIKELY_NAME:Emma"}},
		{"word-name capitalised mid-sentence", "Han het Dag.", []string{"LIKELY_NAME:Dag"}},
		{"name with surname at start", "Kari Nordmann ble informert.", []string{"LIKELY_NAME:Kari"}},
		{"full-width name", "Samtale med Ｋａｒｉ i dag.", []string{"LIKELY_NAME:Ｋａｒｉ"}},
		{"zero-width inside name", "Samtale med Ka\u200bri i dag.", []string{"LIKELY_NAME:Ka\u200bri"}},

		// Any capitalised word after a relation word.
		{"after mor", "Vi snakket med mor Kari.", []string{"LIKELY_NAME:Kari"}},
		{"after gutten, unlisted", "Samtale med gutten Aleksander.", []string{"LIKELY_NAME:Aleksander"}},
		{"after jenta", "Jenta Tuva ble hørt.", []string{"LIKELY_NAME:Tuva"}},
		{"after comma", "Vi snakket med far, Bjarte, i går.", []string{"LIKELY_NAME:Bjarte"}},
		{"after colon", "Mor: Gunnhild", []string{"LIKELY_NAME:Gunnhild"}},
		{"after heter", "Barnet heter Zelda.", []string{"LIKELY_NAME:Zelda"}},
		{"sentence start after relation word", "Vi ringte mor. Deretter kom far.", nil},

		// Quiet: names as ordinary words, sentence starts, capitals.
		{"liv lower case", "Barnets liv og helse er vurdert.", nil},
		{"liv at start", "Liv og helse er vurdert.", nil},
		{"per lower case", "To saker per måned.", nil},
		{"per at start", "Per 31.12.2024 var alle saker gjennomgått.", nil},
		{"dag lower case", "Fristen er én dag.", nil},
		{"tone", "Tonen i vedtaket var god.", nil},
		{"hans lower case", "Han fikk hans brev.", nil},
		{"name at start after list bullet", "- Stig i antall meldinger.", nil},
		{"start after line break", "Funn\nOdd nok var det færre saker.", nil},
		{"capitals only", "NAV og KARI er forkortelser her.", nil},
		{"unlisted capitalised word", "Statsforvalteren i Vestland fulgte opp.", nil},
		{"lower-case name after relation word", "Vi snakket med mor og far.", nil},
		{"all caps after relation word", "Samarbeid mellom barnet og NAV.", nil},

		// Health.
		{"adhd", "Gutten har ADHD.", []string{"HEALTH:ADHD"}},
		{"adhd compound", "Hun har en ADHD-diagnose.", []string{"HEALTH:ADHD-diagnose"}},
		{"adhd lower case is not the acronym", "Vi adhd", nil},
		{"autisme inflected", "Autismen ble utredet.", []string{"HEALTH:Autismen"}},
		{"autisme compound", "Mistanke om barneautisme.", []string{"HEALTH:barneautisme"}},
		{"diagnose", "Det foreligger en diagnose.", []string{"HEALTH:diagnose"}},
		{"diagnostisert", "Hun er diagnostisert.", []string{"HEALTH:diagnostisert"}},
		{"depresjon", "Mor har depresjon.", []string{"HEALTH:depresjon"}},
		{"fødselsdepresjon", "Mor hadde fødselsdepresjon.", []string{"HEALTH:fødselsdepresjon"}},
		{"deprimert", "Far er deprimert.", []string{"HEALTH:deprimert"}},
		{"rus", "Bekymring knyttet til rus hos far.", []string{"HEALTH:rus"}},
		{"rusmisbruk", "Det er rusmisbruk i hjemmet.", []string{"HEALTH:rusmisbruk"}},
		{"psykose", "Han hadde en psykose.", []string{"HEALTH:psykose"}},
		{"angst", "Jenta har angst.", []string{"HEALTH:angst"}},
		{"epilepsi", "Barnet har epilepsi.", []string{"HEALTH:epilepsi"}},
		{"diabetes", "Barnet har diabetes type 1.", []string{"HEALTH:diabetes"}},
		{"kreft", "Mor har kreft.", []string{"HEALTH:kreft"}},
		{"name and health", "Samtale med Ola om angsten.", []string{"LIKELY_NAME:Ola", "HEALTH:angsten"}},
		{"rus service area", "Samarbeid med rus- og psykiatritjenesten.", nil},
		{"rus og psykisk helse", "Tjenesten for rus og psykisk helse deltok.", nil},
		{"krefter", "Arbeidet krever store krefter.", nil},
		{"rustet", "Tjenesten er godt rustet.", nil},
		{"russ", "Russen feiret i mai.", nil},
		{"add lower case", "We add a new routine.", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderWarnings(tt.text, Warnings(tt.text))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Warnings(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestWarningsAreNotRefusals: what warns is never refused, so the writer can confirm it.
func TestWarningsAreNotRefusals(t *testing.T) {
	for _, s := range []string{"Samtale med Kari om ADHD.", "Mor har depresjon og rusmisbruk."} {
		if Screen(s) != nil {
			t.Errorf("Screen(%q) refused a text that only warns", s)
		}
		if Warnings(s) == nil {
			t.Errorf("Warnings(%q) gave nothing", s)
		}
	}
}
