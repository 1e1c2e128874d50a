package privacy

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// render turns findings into "KIND:text" strings so table rows stay readable.
func render(text string, fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s:%s", f.Kind, text[f.Start:f.End]))
	}
	return out
}

// withCheckDigits appends the two mod-11 check digits to 9 leading digits,
// or returns false when no valid check digit exists. It is written
// independently of mod11Check so that a bug there cannot hide itself.
func withCheckDigits(first9 string) (string, bool) {
	d := make([]int, 0, 11)
	for _, r := range first9 {
		d = append(d, int(r-'0'))
	}
	for _, w := range [][]int{{3, 7, 6, 1, 8, 9, 4, 5, 2}, {5, 4, 3, 2, 7, 6, 5, 4, 3, 2}} {
		sum := 0
		for i := range w {
			sum += w[i] * d[i]
		}
		k := (11 - sum%11) % 11
		if k == 10 {
			return "", false
		}
		d = append(d, k)
	}
	var b strings.Builder
	for _, x := range d {
		b.WriteByte(byte('0' + x))
	}
	return b.String(), true
}

// makeID builds a valid identity number with the given date digits, trying
// individual numbers from ind upwards. Tests use it instead of real people's
// numbers.
func makeID(t testing.TB, dd, mm, yy, ind int) string {
	t.Helper()
	for i := ind; i < ind+1000; i++ {
		if id, ok := withCheckDigits(fmt.Sprintf("%02d%02d%02d%03d", dd, mm, yy, i%1000)); ok {
			return id
		}
	}
	t.Fatalf("no valid number for %02d%02d%02d", dd, mm, yy)
	return ""
}

// screenCase is a text and what Screen must find in it, rendered as KIND:match.
type screenCase struct {
	name string
	text string
	want []string
}

// The literal numbers below were computed with an independent script; the generated cases in
// TestScreenGeneratedIDs cover the date space.

// identityNumberTexts: national identity and D-numbers, valid and not.
var identityNumberTexts = []screenCase{
	{"fnr", "Fnr 01019012480 oppgitt.", []string{"NATIONAL_ID:01019012480"}},
	{"fnr with space", "fnr: 010190 12480", []string{"NATIONAL_ID:010190 12480"}},
	{"fnr with nbsp", "fnr: 010190\u00a012480", []string{"NATIONAL_ID:010190\u00a012480"}},
	{"fnr glued to letters", "fnr01019012480x", []string{"NATIONAL_ID:01019012480"}},
	{"fnr leap day", "29020012380", []string{"NATIONAL_ID:29020012380"}},
	{"fnr last day of year", "31129900183", []string{"NATIONAL_ID:31129900183"}},
	{"d-number", "D-nr 41019012393.", []string{"D_NUMBER:41019012393"}},
	{"d-number day 71", "71019000170", []string{"D_NUMBER:71019000170"}},
	{"synthetic month+40", "testbruker 01419012382", []string{"NATIONAL_ID:01419012382"}},
	{"synthetic month+80", "testbruker 01819012365", []string{"NATIONAL_ID:01819012365"}},
	{"two ids", "01019012480 og 41019012393", []string{"NATIONAL_ID:01019012480", "D_NUMBER:41019012393"}},
	{"wrong first check digit", "01019012490", nil},
	{"wrong second check digit", "01019012481", nil},
	{"check digits ok, 31 April", "31049012392", nil},
	{"check digits ok, 29 Feb 2001", "29020100085", nil},
	{"check digits ok, day 32", "32019000035", nil},
	{"check digits ok, day 00", "00019000044", nil},
	{"check digits ok, month 13", "01139000001", nil},
	{"check digits ok, month 00", "01009000093", nil},
	{"check digits ok, month 53", "01539000094", nil},
	{"check digits ok, month 93", "01939000077", nil},
	{"check digits ok, D-number day 72", "72019000029", nil},
	{"synthetic month+40 = 31 Dec", "31529000017", []string{"NATIONAL_ID:31529000017"}},
	{"check digits ok, 31 Feb synthetic +40", "31429000079", nil},
	{"check digits ok, 30 Feb synthetic +80", "30829000012", nil},
	{"longer digit run", "101019012480", nil},
	{"longer digit run after", "010190124801", nil},
	{"space split 5+6", "01019 012480", []string{"NATIONAL_ID:01019 012480"}},
	{"two spaces", "010190  12480", []string{"NATIONAL_ID:010190  12480"}},
	{"hyphen", "fnr 010190-12480.", []string{"NATIONAL_ID:010190-12480"}},
	{"four separators is too many", "010190    12480", nil},
}

// phoneTexts: phone numbers.
var phoneTexts = []screenCase{
	{"mobile", "Ring 91234567 i dag", []string{"PHONE:91234567"}},
	{"mobile 3-2-3", "tlf. 912 34 567", []string{"PHONE:912 34 567"}},
	{"mobile 2-2-2-2", "tlf 91 23 45 67.", []string{"PHONE:91 23 45 67"}},
	{"landline", "Sentralbord: 22 22 22 22", []string{"PHONE:22 22 22 22"}},
	{"landline unspaced", "tlf:23456789", []string{"PHONE:23456789"}},
	{"mobile 4xx", "45 67 89 01", []string{"PHONE:45 67 89 01"}},
	{"+47 space", "+47 91234567", []string{"PHONE:+47 91234567"}},
	{"+47 glued", "+4791234567", []string{"PHONE:+4791234567"}},
	{"+47 spaced", "+47 912 34 567", []string{"PHONE:+47 912 34 567"}},
	{"+47 pairs", "(tlf +47 91 23 45 67)", []string{"PHONE:+47 91 23 45 67"}},
	{"0047 space", "0047 91234567", []string{"PHONE:0047 91234567"}},
	{"0047 glued", "004791234567", []string{"PHONE:004791234567"}},
	{"(+47)", "(+47) 912 34 567", []string{"PHONE:(+47) 912 34 567"}},
	{"(+47) glued", "(+47)91234567", []string{"PHONE:(+47)91234567"}},
	{"(0047)", "(0047) 91234567", []string{"PHONE:(0047) 91234567"}},
	{"+47 in parens", "(+4791234567)", []string{"PHONE:+4791234567"}},
	{"nbsp", "912\u00a034\u00a0567", []string{"PHONE:912\u00a034\u00a0567"}},
	{"two numbers in a chain", "Mor: 91234567 98765432", []string{"PHONE:91234567", "PHONE:98765432"}},
	{"two spaced numbers in a chain", "22 22 22 22 912 34 567", []string{"PHONE:22 22 22 22", "PHONE:912 34 567"}},
	{"slash separated", "91234567/98765432", []string{"PHONE:91234567", "PHONE:98765432"}},
	{"unspaced next to other number", "i 2024 91234567", []string{"PHONE:91234567"}},
	{"+47 with short body falls back", "+47 91234567 2", []string{"PHONE:91234567"}},
	{"starts with 1", "12345678", nil},
	{"starts with 0", "01234567", nil},
	{"7 digits", "9123456", nil},
	{"9 digits", "912345678", nil},
	{"hyphens", "912-34-567", []string{"PHONE:912-34-567"}},
	{"mixed separators", "912 34-567", nil},
	{"4-4 mobile", "9123 4567", []string{"PHONE:9123 4567"}},
	{"4-4 landline not supported", "2212 4567", nil},
	{"4-4 with a dash", "9123-4567", nil},
	{"five pairs", "12 34 56 78 90", nil},
	{"five pairs starting high", "22 22 22 22 22", nil},
	{"3-2-3 inside longer chain", "912 34 567 8", nil},
	{"+47 alone", "+47", nil},
	{"(+47) alone", "(+47) og", nil},
}

// emailTexts: e-mail addresses.
var emailTexts = []screenCase{
	{"email", "Send til kari.nordmann@nav.no.", []string{"EMAIL:kari.nordmann@nav.no"}},
	{"email plus", "ola+test@example.com", []string{"EMAIL:ola+test@example.com"}},
	{"email subdomain", "<post@barnevern.oslo.kommune.no>", []string{"EMAIL:post@barnevern.oslo.kommune.no"}},
	{"email norwegian letters", "Ørjan.Ås@blåbær.no", []string{"EMAIL:Ørjan.Ås@blåbær.no"}},
	{"email digits local", "91234567@sms.no", []string{"EMAIL:91234567@sms.no"}},
	{"email (at)", "kari (at) nav.no", []string{"EMAIL:kari (at) nav.no"}},
	{"email [at]", "kari[AT]nav.no", []string{"EMAIL:kari[AT]nav.no"}},
	{"email (krøllalfa) (punktum)", "kari(krøllalfa)nav(punktum)no", []string{"EMAIL:kari(krøllalfa)nav(punktum)no"}},
	{"email (at) (dot)", "kari (at) nav (dot) no", []string{"EMAIL:kari (at) nav (dot) no"}},
	{"mention", "@kari sa ja", nil},
	{"no domain", "kari@", nil},
	{"no tld", "kari@nav", nil},
	{"short tld", "kari@nav.n", nil},
	{"bare at", "Hun sa at mor var hjemme på nav.no i går.", nil},
	{"bare at dot", "kari at nav dot no", nil},
}

// mixedTexts: several kinds in one text.
var mixedTexts = []screenCase{
	{"mixed", "Mor (fnr 41019012393) tlf 912 34 567, e-post mor@example.no",
		[]string{"D_NUMBER:41019012393", "PHONE:912 34 567", "EMAIL:mor@example.no"}},
}

// proseTexts: prose with numbers in it that must pass.
var proseTexts = []screenCase{
	{"years and counts", "I 2024 ble 45 barn undersøkt, mot 38 i 2023.", nil},
	{"dates", "Undersøkelsen startet 01.10.2024 og ble avsluttet 31.12.2024.", nil},
	{"iso date", "Frist 2024-12-31 kl. 14.30.", nil},
	{"days", "Fristen er 45 dager, jf. § 6-9, eventuelt 90 dager.", nil},
	{"section refs", "Vedtak etter § 2-2, § 4-3 og § 4-12 første ledd.", nil},
	{"percent", "Andelen økte fra 12,5 % til 87 %.", nil},
	{"org number", "Org.nr. 974760673 (Oslo kommune).", nil},
	{"org number spaced", "Org.nr. 974 760 673.", nil},
	{"org number MVA", "NO 974 760 673 MVA", nil},
	{"amount", "Tiltaket kostet kr 1 250 000, i fjor kr 22 500 000.", nil},
	{"case number", "Saksnr. 2024/12345, journalpost 24/00123-4.", nil},
	{"account number", "Konto 1503 12 34567.", nil},
	{"11 digits bad checks", "Referanse 12345678901 og 98765432109.", nil},
	{"11 digits spaced bad checks", "Ref. 123456 78901.", nil},
	{"counts in a row", "Alder 12 13 14 15 år.", nil},
	{"year range", "I perioden 2023–2024 og 2019-2020.", nil},
	{"empty", "", nil},
}

func TestScreen(t *testing.T) {
	for _, group := range []struct {
		name  string
		cases []screenCase
	}{
		{"identity numbers", identityNumberTexts},
		{"phones", phoneTexts},
		{"e-mail", emailTexts},
		{"mixed", mixedTexts},
		{"prose that must pass", proseTexts},
	} {
		t.Run(group.name, func(t *testing.T) {
			for _, tt := range group.cases {
				t.Run(tt.name, func(t *testing.T) {
					got := render(tt.text, Screen(tt.text))
					if !slices.Equal(got, tt.want) {
						t.Errorf("Screen(%q)\n got %q\nwant %q", tt.text, got, tt.want)
					}
				})
			}
		})
	}
}

func TestScreenGeneratedIDs(t *testing.T) {
	tests := []struct {
		name       string
		dd, mm, yy int
		kind       Kind
	}{
		{"fnr", 15, 6, 5, KindNationalID},
		{"fnr 1 jan", 1, 1, 0, KindNationalID},
		{"fnr 31 dec", 31, 12, 99, KindNationalID},
		{"fnr 30 nov", 30, 11, 87, KindNationalID},
		{"fnr leap day", 29, 2, 16, KindNationalID},
		{"d-number", 41, 1, 90, KindDNumber},
		{"d-number 31 dec", 71, 12, 10, KindDNumber},
		{"d-number leap day", 69, 2, 20, KindDNumber},
		{"h-number/NAV synthetic", 12, 45, 3, KindNationalID},
		{"Skatteetaten synthetic", 28, 92, 77, KindNationalID},
		{"synthetic d-number", 55, 87, 1, KindDNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for ind := 0; ind < 1000; ind += 97 {
				id := makeID(t, tt.dd, tt.mm, tt.yy, ind)
				for _, form := range []string{id, id[:6] + " " + id[6:]} {
					text := "Barnet, " + form + ", bor hos mor."
					got := Screen(text)
					want := []Finding{{Kind: tt.kind, Start: 8, End: 8 + len(form)}}
					if !slices.Equal(got, want) {
						t.Fatalf("Screen(%q) = %v, want %v", text, got, want)
					}
				}
				// Any single-digit change breaks a check digit.
				for pos := range 11 {
					b := []byte(id)
					b[pos] = '0' + (b[pos]-'0'+1)%10
					if got := Screen(string(b)); got != nil {
						t.Fatalf("Screen(%q) = %v after changing digit %d of %s, want nothing", b, got, pos, id)
					}
				}
			}
		})
	}
}

func TestScreenImplausibleDates(t *testing.T) {
	// Valid check digits, but no such date: must not be reported.
	tests := []struct {
		name   string
		dd, mm int
		yy     int
	}{
		{"day 0", 0, 1, 90},
		{"day 32", 32, 1, 90},
		{"day 40", 40, 1, 90},
		{"d-number day 72", 72, 1, 90},
		{"31 april", 31, 4, 90},
		{"31 june", 31, 6, 90},
		{"31 september", 31, 9, 90},
		{"31 november", 31, 11, 90},
		{"30 february", 30, 2, 96},
		{"29 february non-leap", 29, 2, 97},
		{"d-number 29 february non-leap", 69, 2, 97},
		{"month 0", 1, 0, 90},
		{"month 13", 1, 13, 90},
		{"month 40", 1, 40, 90},
		{"month 53", 1, 53, 90},
		{"month 80", 1, 80, 90},
		{"month 93", 1, 93, 90},
		{"FH-number style", 85, 12, 34},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for ind := 0; ind < 1000; ind += 131 {
				id := makeID(t, tt.dd, tt.mm, tt.yy, ind)
				if got := Screen(id); got != nil {
					t.Fatalf("Screen(%q) = %v, want nothing", id, got)
				}
			}
		})
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"a", "a"},
		{"ab", "ab"},
		{"abc", "•bc"},
		{"91234567", "••••••67"},
		{"912 34 567", "••••••••67"},
		{"ørjan@nav.no", "••••••••••no"},
		{"æøå", "•øå"},
		{"ab\xffcd", "•••cd"},
		{"abc\xff", "••c\ufffd"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Mask(tt.in); got != tt.want {
				t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
