package privacy

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// The corpus test holds the screen to its two promises at once: every way of writing personal
// data in testdata/corpus/personal.txt (and the generated variants below) is refused at the
// right place, and every ordinary sentence in testdata/corpus/ordinary.txt passes without a
// refusal or a warning.

const (
	minPersonal = 100
	minOrdinary = 300
)

// corpusLines reads a corpus file: one entry a line, # comments and empty lines skipped, Go
// escapes decoded.
func corpusLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open("testdata/corpus/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, err := strconv.Unquote(`"` + strings.ReplaceAll(line, `"`, `\"`) + `"`)
		if err != nil {
			t.Fatalf("%s:%d: %v", name, n, err)
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// personalCase is text with the spans that must be reported, all of one kind.
type personalCase struct {
	kind  Kind
	text  string
	spans [][2]int
}

// marked removes the ⟦ ⟧ markers from s and returns the spans they enclosed, as byte offsets
// into the result.
func marked(s string) (string, [][2]int) {
	var b strings.Builder
	var spans [][2]int
	for _, r := range s {
		switch r {
		case '⟦':
			spans = append(spans, [2]int{b.Len(), -1})
		case '⟧':
			spans[len(spans)-1][1] = b.Len()
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), spans
}

// digitScripts rewrite ASCII digits into other scripts' digits.
var digitScripts = map[string]rune{
	"full-width":     '０',
	"arabic-indic":   '٠',
	"persian":        '۰',
	"devanagari":     '०',
	"bengali":        '০',
	"thai":           '๐',
	"tibetan":        '༠',
	"mongolian":      '᠐',
	"math bold":      '𝟎',
	"math monospace": '𝟶',
}

func inScript(s string, zero rune) string {
	var b strings.Builder
	for _, r := range s {
		if '0' <= r && r <= '9' {
			r = zero + (r - '0')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// generatedPersonal builds variants of synthetic identity numbers and phone numbers: many
// dates in many layouts, every digit script, every invisible character.
func generatedPersonal(t *testing.T) []personalCase {
	var out []personalCase
	add := func(kind Kind, before, number, after string) {
		out = append(out, personalCase{kind, before + number + after, [][2]int{{len(before), len(before) + len(number)}}})
	}
	layouts := []func(id string) string{
		func(id string) string { return id },
		func(id string) string { return id[:6] + " " + id[6:] },
		func(id string) string { return id[:6] + "-" + id[6:] },
		func(id string) string { return id[:6] + "\t" + id[6:] },
		func(id string) string { return id[:6] + "\n" + id[6:] },
		func(id string) string { return id[:2] + "." + id[2:4] + "." + id[4:6] + " " + id[6:] },
		func(id string) string { return id[:6] + " " + id[6:9] + " " + id[9:] },
	}
	dates := []struct {
		dd, mm, yy int
		kind       Kind
	}{
		{15, 7, 65, KindNationalID}, {1, 1, 0, KindNationalID}, {31, 12, 99, KindNationalID},
		{29, 2, 16, KindNationalID}, {30, 11, 87, KindNationalID}, {41, 1, 90, KindDNumber},
		{71, 12, 10, KindDNumber}, {12, 45, 3, KindNationalID}, {28, 92, 77, KindNationalID},
	}
	for i, d := range dates {
		id := makeID(t, d.dd, d.mm, d.yy, 100*i)
		for _, layout := range layouts {
			add(d.kind, "Barnet har fnr ", layout(id), " og bor hos mor.")
		}
	}
	numbers := []struct {
		kind Kind
		s    string
	}{
		{KindNationalID, makeID(t, 15, 7, 65, 0)},
		{KindDNumber, makeID(t, 52, 3, 1, 500)},
		{KindPhone, "91234567"},
		{KindPhone, "22334455"},
		{KindPhone, "912 34 567"},
	}
	for _, n := range numbers {
		for _, zero := range digitScripts {
			add(n.kind, "Kontakt: ", inScript(n.s, zero), ".")
		}
		for _, inv := range []string{"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"} {
			mid := len(n.s) / 2
			add(n.kind, "Se ", n.s[:mid]+inv+n.s[mid:], " i journalen.")
			add(n.kind, "Se ", strings.Join(strings.Split(n.s, ""), inv), " i journalen.")
		}
	}
	return out
}

func TestCorpusPersonalDataIsRefused(t *testing.T) {
	var cases []personalCase
	for _, line := range corpusLines(t, "personal.txt") {
		kind, text, ok := strings.Cut(line, " | ")
		if !ok {
			t.Fatalf("personal.txt: no KIND | in %q", line)
		}
		text, spans := marked(text)
		cases = append(cases, personalCase{Kind(kind), text, spans})
	}
	fromFile := len(cases)
	cases = append(cases, generatedPersonal(t)...)
	if len(cases) < minPersonal {
		t.Fatalf("only %d personal-data variants, want at least %d", len(cases), minPersonal)
	}
	refused := 0
	for _, c := range cases {
		got := Screen(c.text)
		var want []Finding
		for _, sp := range c.spans {
			want = append(want, Finding{Kind: c.kind, Start: sp[0], End: sp[1]})
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Screen(%q)\n got %s\nwant %s", c.text, render(c.text, got), render(c.text, want))
			continue
		}
		refused++
	}
	t.Logf("personal-data variants: %d (%d from personal.txt, %d generated), %d refused at the right place",
		len(cases), fromFile, len(cases)-fromFile, refused)
}

func TestCorpusOrdinaryTextIsAccepted(t *testing.T) {
	lines := corpusLines(t, "ordinary.txt")
	if len(lines) < minOrdinary {
		t.Fatalf("only %d ordinary sentences, want at least %d", len(lines), minOrdinary)
	}
	accepted, quiet := 0, 0
	for _, s := range lines {
		if got := Screen(s); len(got) > 0 {
			t.Errorf("Screen(%q) = %q, want nothing", s, render(s, got))
		} else {
			accepted++
		}
		if got := Warnings(s); len(got) > 0 {
			t.Errorf("Warnings(%q) = %+v, want nothing", s, got)
		} else {
			quiet++
		}
	}
	t.Logf("ordinary sentences: %d, %d accepted, %d without warnings", len(lines), accepted, quiet)
}

// TestCorpusSurvivesEmbedding puts every ordinary sentence around every personal-data
// variant from the file: the finding must still be reported at its place in the longer text,
// and nothing else.
func TestCorpusSurvivesEmbedding(t *testing.T) {
	ordinary := corpusLines(t, "ordinary.txt")
	for i, line := range corpusLines(t, "personal.txt") {
		kind, text, _ := strings.Cut(line, " | ")
		text, spans := marked(text)
		before := ordinary[i%len(ordinary)] + " "
		after := " " + ordinary[(i*7+3)%len(ordinary)]
		full := before + text + after
		got := Screen(full)
		var want []Finding
		for _, sp := range spans {
			want = append(want, Finding{Kind: Kind(kind), Start: len(before) + sp[0], End: len(before) + sp[1]})
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Screen(%q)\n got %s\nwant %s", full, render(full, got), render(full, want))
		}
		if !utf8.ValidString(full) {
			t.Fatalf("invalid test text %q", full)
		}
	}
}
