package privacy

import (
	"testing"
	"unicode/utf8"
)

// FuzzScreen checks the structural promises of Screen on arbitrary input.
// Run with e.g.
//
//	go test -run=^$ -fuzz=FuzzScreen -fuzztime=30s -fuzzminimizetime=5s ./internal/privacy
//
// The default minimisation budget (60 s per new input) can keep both workers
// of a 2-core machine minimising for the whole run, reporting 0 execs/sec.
func FuzzScreen(f *testing.F) {
	for _, s := range []string{
		"",
		"Fnr 01019012480, D-nr 41019012393, tlf +47 912 34 567.",
		"010190 12480",
		"(+47) 91 23 45 67 og (0047)91234567",
		"+47",
		"(+47)",
		"(+47) ",
		"0047",
		"+4791234567 22 22 22 22 98765432",
		"912\u00a034\u00a0567",
		"912\xc2",
		"\xc2\xa0123",
		"kari (at) nav (dot) no, ola@example.com",
		"I 2024 ble 45 barn undersøkt, jf. § 4-3, 31.12.2024.",
		"\xff\xfe01019012480\xff",
		"ørjan.ås@blåbær.no",
		"150765-00050 ٩١٢٣٤٥٦٧ ９１２ ３４ ５６７ kari＠nav.no kari @ nav.no 912-34-567",
		"1507\u200b6500050\u00ad",
		"\u2460\u2461\u2462\u2463\u2464\u2465\u2466\u2467",
		"Samtale med mor Kari om ADHD-diagnosen og rus- og psykiatritjenesten.",
		"Ｋａｒｉ\u200b-Anne har angst",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fs := Screen(text)
		prevEnd := 0
		for i, x := range fs {
			if x.Start < 0 || x.End > len(text) || x.Start >= x.End {
				t.Fatalf("finding %d %+v out of bounds for len %d", i, x, len(text))
			}
			if x.Start < prevEnd {
				t.Fatalf("finding %d %+v overlaps or precedes previous end %d", i, x, prevEnd)
			}
			switch x.Kind {
			case KindNationalID, KindDNumber, KindPhone, KindEmail:
			default:
				t.Fatalf("finding %d has unknown kind %q", i, x.Kind)
			}
			prevEnd = x.End
			if m := Mask(text[x.Start:x.End]); !utf8.ValidString(m) {
				t.Fatalf("Mask returned invalid UTF-8 %q", m)
			}
		}
		prevEnd = 0
		for i, w := range Warnings(text) {
			if w.Start < prevEnd || w.Start >= w.End || w.End > len(text) || text[w.Start:w.End] != w.Word {
				t.Fatalf("warning %d %+v out of order or bounds for len %d", i, w, len(text))
			}
			if w.Kind != WarnLikelyName && w.Kind != WarnHealth {
				t.Fatalf("warning %d has unknown kind %q", i, w.Kind)
			}
			prevEnd = w.End
		}
	})
}
