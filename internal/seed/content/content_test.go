package content

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	countyNumberRE       = regexp.MustCompile(`^[0-9]{2}$`)
	municipalityNumberRE = regexp.MustCompile(`^[0-9]{4}$`)
	codeRE               = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// countyNumbers returns every county number, mapped to its office code.
func countyNumbers(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, o := range Offices {
		for _, c := range o.Counties {
			if prev, dup := out[c.Number]; dup {
				t.Errorf("county %s is covered by both %s and %s", c.Number, prev, o.Code)
			}
			out[c.Number] = o.Code
		}
	}
	return out
}

func TestOffices(t *testing.T) {
	if got := len(Offices); got != 10 {
		t.Errorf("offices: got %d, want 10", got)
	}
	counties := countyNumbers(t)
	if got := len(counties); got != 15 {
		t.Errorf("counties: got %d, want 15", got)
	}
	codes := map[string]bool{}
	names := map[string]bool{}
	for _, o := range Offices {
		if !codeRE.MatchString(o.Code) {
			t.Errorf("office code %q is not a lower-case slug", o.Code)
		}
		if codes[o.Code] {
			t.Errorf("office code %q is not unique", o.Code)
		}
		codes[o.Code] = true
		if names[o.Name.NB] {
			t.Errorf("office name %q is not unique", o.Name.NB)
		}
		names[o.Name.NB] = true
		if len(o.Counties) == 0 {
			t.Errorf("office %s covers no county", o.Code)
		}
		for _, c := range o.Counties {
			if !countyNumberRE.MatchString(c.Number) || c.Name == "" {
				t.Errorf("office %s: bad county %+v", o.Code, c)
			}
		}
	}

	// The official 2024 county numbers and the office that covers each.
	want := map[string]string{
		"42": "agder", "34": "innlandet", "15": "more-og-romsdal", "18": "nordland",
		"11": "rogaland", "55": "troms-og-finnmark", "56": "troms-og-finnmark",
		"50": "trondelag", "39": "vestfold-og-telemark", "40": "vestfold-og-telemark",
		"46": "vestland", "31": "ostfold-buskerud-oslo-akershus", "33": "ostfold-buskerud-oslo-akershus",
		"03": "ostfold-buskerud-oslo-akershus", "32": "ostfold-buskerud-oslo-akershus",
	}
	for number, office := range want {
		if got := counties[number]; got != office {
			t.Errorf("county %s: covered by %q, want %q", number, got, office)
		}
	}
}

func TestServices(t *testing.T) {
	counties := countyNumbers(t)
	if got := len(Services); got < 48 {
		t.Errorf("services: got %d, want at least 48", got)
	}

	names := map[string]bool{}
	perCounty := map[string]int{}
	perKind := map[ServiceKind]int{}
	municipalityName := map[string]string{} // number -> name, must agree everywhere
	servedBy := map[string]string{}         // number -> service (Oslo excepted)
	for _, s := range Services {
		if s.Name == "" || strings.TrimSpace(s.Name) != s.Name {
			t.Errorf("service name %q is empty or padded", s.Name)
		}
		if names[s.Name] {
			t.Errorf("service name %q is not unique", s.Name)
		}
		names[s.Name] = true
		if _, ok := counties[s.CountyNumber]; !ok {
			t.Errorf("%s: unknown county %q", s.Name, s.CountyNumber)
		}
		perCounty[s.CountyNumber]++
		perKind[s.Kind]++

		switch s.Kind {
		case KindMunicipal:
			if len(s.Municipalities) != 1 {
				t.Errorf("%s: a municipal service has %d municipalities, want 1", s.Name, len(s.Municipalities))
			}
		case KindCityDistrict:
			if s.CountyNumber != "03" || len(s.Municipalities) != 1 || s.Municipalities[0].Number != "0301" {
				t.Errorf("%s: a city district must belong to Oslo (03, 0301), got %s %+v", s.Name, s.CountyNumber, s.Municipalities)
			}
		case KindInterMunicipal:
			if len(s.Municipalities) < 2 {
				t.Errorf("%s: an inter-municipal service has %d municipalities, want at least 2", s.Name, len(s.Municipalities))
			}
		default:
			t.Errorf("%s: unknown kind %q", s.Name, s.Kind)
		}

		seen := map[string]bool{}
		for _, m := range s.Municipalities {
			if !municipalityNumberRE.MatchString(m.Number) {
				t.Errorf("%s: municipality number %q is not 4 digits", s.Name, m.Number)
				continue
			}
			if m.Number[:2] != s.CountyNumber {
				t.Errorf("%s: municipality %s %s is not in county %s", s.Name, m.Number, m.Name, s.CountyNumber)
			}
			if m.Name == "" {
				t.Errorf("%s: municipality %s has no name", s.Name, m.Number)
			}
			if seen[m.Number] {
				t.Errorf("%s: municipality %s listed twice", s.Name, m.Number)
			}
			seen[m.Number] = true
			if prev, ok := municipalityName[m.Number]; ok && prev != m.Name {
				t.Errorf("municipality %s is named both %q and %q", m.Number, prev, m.Name)
			}
			municipalityName[m.Number] = m.Name
			if m.Number != "0301" {
				if other, ok := servedBy[m.Number]; ok {
					t.Errorf("municipality %s %s is served by both %q and %q", m.Number, m.Name, other, s.Name)
				}
				servedBy[m.Number] = s.Name
			}
		}
	}

	for number := range counties {
		if perCounty[number] == 0 {
			t.Errorf("county %s has no service", number)
		}
	}
	if got := perKind[KindCityDistrict]; got < 5 {
		t.Errorf("city district services: got %d, want at least 5", got)
	}
	if got := perKind[KindInterMunicipal]; got < 6 {
		t.Errorf("inter-municipal services: got %d, want at least 6", got)
	}
}

// TestServicesPerOffice logs the distribution for the reviewer and checks
// that every office has services.
func TestServicesPerOffice(t *testing.T) {
	counties := countyNumbers(t)
	perOffice := map[string]int{}
	for _, s := range Services {
		perOffice[counties[s.CountyNumber]]++
	}
	for _, o := range Offices {
		if perOffice[o.Code] == 0 {
			t.Errorf("office %s has no service", o.Code)
		}
		t.Logf("%-32s %d services", o.Code, perOffice[o.Code])
	}
}

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
		for _, r := range q.Reflections {
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

// questionsByCode indexes the questions of one questionnaire.
func questionsByCode(t *testing.T, q Questionnaire) map[string]Question {
	t.Helper()
	out := map[string]Question{}
	for _, s := range q.Sections {
		for _, qu := range s.Questions {
			if _, dup := out[qu.Code]; dup {
				t.Errorf("v%d: question code %q is not unique", q.Version, qu.Code)
			}
			out[qu.Code] = qu
		}
	}
	return out
}

// questionnaire returns the questionnaire of a version.
func questionnaire(t *testing.T, version int) Questionnaire {
	t.Helper()
	for _, q := range Questionnaires {
		if q.Version == version {
			return q
		}
	}
	t.Fatalf("no questionnaire version %d", version)
	return Questionnaire{}
}

func TestQuestionnaireStructure(t *testing.T) {
	for i, q := range Questionnaires {
		if q.Version != i+1 {
			t.Errorf("questionnaire %d has version %d, want versions 1, 2, ... in order", i, q.Version)
		}
		t.Run(fmt.Sprintf("v%d", q.Version), func(t *testing.T) {
			if n := len(q.Sections); n < 4 || n > 6 {
				t.Errorf("sections: got %d, want 4–6", n)
			}
			sectionCodes := map[string]bool{}
			for _, s := range q.Sections {
				if sectionCodes[s.Code] {
					t.Errorf("section code %q is not unique", s.Code)
				}
				sectionCodes[s.Code] = true
				if len(s.Questions) == 0 {
					t.Errorf("section %s has no questions", s.Code)
				}
				for _, qu := range s.Questions {
					if !strings.HasPrefix(qu.Code, s.Code+".") {
						t.Errorf("question %s is not numbered under section %s", qu.Code, s.Code)
					}
				}
			}
			questions := questionsByCode(t, q)
			if n := len(questions); n < 18 || n > 23 {
				t.Errorf("questions: got %d, want about 18–22", n)
			}
			t.Logf("v%d: %d sections, %d questions, %d reflections", q.Version, len(q.Sections), len(questions), len(q.Reflections))
			for code, qu := range questions {
				if qu.LegalBasis == "" {
					t.Errorf("%s: no legal basis", code)
				}
				if !qu.Required {
					t.Errorf("%s: case questions must be required", code)
				}
				seen := map[Option]bool{}
				for _, o := range qu.Options {
					if _, ok := OptionLabels[o]; !ok {
						t.Errorf("%s: unknown option %q", code, o)
					}
					if seen[o] {
						t.Errorf("%s: option %q listed twice", code, o)
					}
					seen[o] = true
				}
				for _, o := range []Option{OptionYes, OptionPartly, OptionNo} {
					if !seen[o] {
						t.Errorf("%s: option %q missing", code, o)
					}
				}
				if seen[OptionNotPossible] && code != "3.7b" {
					t.Errorf("%s: %q is only allowed on 3.7b", code, OptionNotPossible)
				}
			}
			reflectionCodes := map[string]bool{}
			for _, r := range q.Reflections {
				if r.Code == "" || reflectionCodes[r.Code] {
					t.Errorf("reflection code %q is empty or not unique", r.Code)
				}
				reflectionCodes[r.Code] = true
			}
		})
	}
}

func TestQuestionnaireV1(t *testing.T) {
	v1 := questionnaire(t, 1)
	if v1.CollectsDaysToFirstActivity {
		t.Error("v1 must not collect days to first activity")
	}
	if len(v1.Reflections) > 1 {
		t.Errorf("v1 reflections: got %d, want 0 or 1", len(v1.Reflections))
	}
	questions := questionsByCode(t, v1)
	if _, ok := questions["3.7"]; !ok {
		t.Error("v1 must have 3.7 (cooperation with parents and child as one question)")
	}
	for code, q := range questions {
		if q.CommentAllowed {
			t.Errorf("v1 %s: comments are not allowed in v1", code)
		}
		if len(q.Lineage) != 0 {
			t.Errorf("v1 %s: the first version has no predecessors", code)
		}
		if slices.Contains(q.Options, OptionNotPossible) {
			t.Errorf("v1 %s: %q is new in v2", code, OptionNotPossible)
		}
	}
}

func TestQuestionnaireV2(t *testing.T) {
	v2 := questionnaire(t, 2)
	if !v2.CollectsDaysToFirstActivity {
		t.Error("v2 must collect days to first activity")
	}
	if n := len(v2.Reflections); n < 3 || n > 5 {
		t.Errorf("v2 reflections: got %d, want 3–5", n)
	}
	questions := questionsByCode(t, v2)
	for code, q := range questions {
		if !q.CommentAllowed {
			t.Errorf("v2 %s: comments must be allowed on every question", code)
		}
	}
	if _, ok := questions["3.7"]; ok {
		t.Error("v2 must not have 3.7: it is split into 3.7a and 3.7b")
	}
	tests := []struct {
		code        string
		options     []Option
		predecessor string
	}{
		{"3.7a", []Option{OptionYes, OptionPartly, OptionNo}, "3.7"},
		{"3.7b", []Option{OptionYes, OptionPartly, OptionNo, OptionNotPossible}, "3.7"},
	}
	for _, tc := range tests {
		q, ok := questions[tc.code]
		if !ok {
			t.Errorf("v2 has no %s", tc.code)
			continue
		}
		if !slices.Equal(q.Options, tc.options) {
			t.Errorf("%s options: got %v, want %v", tc.code, q.Options, tc.options)
		}
		want := []Lineage{{PredecessorCode: tc.predecessor, Comparability: ComparabilitySplit}}
		if !slices.Equal(q.Lineage, want) {
			t.Errorf("%s lineage: got %v, want %v", tc.code, q.Lineage, want)
		}
		if q.Guidance == nil {
			t.Errorf("%s: needs guidance", tc.code)
		}
	}
	if g := questions["3.7b"].Guidance; g != nil && !strings.Contains(g.NB, "varsomhet") {
		t.Errorf("3.7b guidance must say «Ikke mulig» is to be used with care: %q", g.NB)
	}

	// More guidance: at least five v2 questions have guidance that their
	// predecessor did not have.
	v1 := questionsByCode(t, questionnaire(t, 1))
	added := 0
	for _, q := range questions {
		if q.Guidance == nil {
			continue
		}
		var prev *Text
		if len(q.Lineage) == 1 {
			prev = v1[q.Lineage[0].PredecessorCode].Guidance
		}
		if prev == nil || *prev != *q.Guidance {
			added++
		}
	}
	if added < 5 {
		t.Errorf("v2 adds or changes guidance on %d questions, want at least 5", added)
	}
}

// TestLineage checks every version against the one before it.
func TestLineage(t *testing.T) {
	for i := 1; i < len(Questionnaires); i++ {
		prev, cur := Questionnaires[i-1], Questionnaires[i]
		t.Run(fmt.Sprintf("v%d-to-v%d", prev.Version, cur.Version), func(t *testing.T) {
			prevQ := questionsByCode(t, prev)
			curQ := questionsByCode(t, cur)
			continuedBy := map[string][]string{}
			newQuestions := 0
			for code, q := range curQ {
				if len(q.Lineage) == 0 {
					newQuestions++
				}
				for _, l := range q.Lineage {
					p, ok := prevQ[l.PredecessorCode]
					if !ok {
						t.Errorf("%s: predecessor %q does not exist in v%d", code, l.PredecessorCode, prev.Version)
						continue
					}
					continuedBy[l.PredecessorCode] = append(continuedBy[l.PredecessorCode], code)
					switch l.Comparability {
					case ComparabilitySame:
						if !slices.Equal(p.Options, q.Options) {
							t.Errorf("%s: SAME as %s but options differ (%v vs %v); use CHANGED_OPTIONS", code, p.Code, q.Options, p.Options)
						}
						if p.Text != q.Text {
							t.Errorf("%s: SAME as %s but the question text changed", code, p.Code)
						}
					case ComparabilitySplit, ComparabilityChangedOptions:
					case ComparabilityMerged:
						if len(q.Lineage) < 2 {
							t.Errorf("%s: MERGED needs at least two predecessors", code)
						}
					default:
						t.Errorf("%s: unknown comparability %q", code, l.Comparability)
					}
				}
			}
			for code := range prevQ {
				successors := continuedBy[code]
				if len(successors) == 0 {
					t.Errorf("v%d %s is not continued by any v%d question", prev.Version, code, cur.Version)
				}
				if len(successors) > 1 {
					for _, s := range successors {
						for _, l := range curQ[s].Lineage {
							if l.PredecessorCode == code && l.Comparability != ComparabilitySplit {
								t.Errorf("%s continues %s together with %v but is not marked SPLIT", s, code, successors)
							}
						}
					}
				}
			}
			if newQuestions > 0 {
				t.Errorf("v%d has %d new questions; document 002 adds none", cur.Version, newQuestions)
			}
		})
	}
}

// TestOnlyDocument002Changes: document 002's list of changes from version 1 to version 2 is
// complete (more guidance, the days field, 3.7 split into parents and child, «Ikke mulig» for the
// child only, a comment on every question). Nothing else may differ, and no seeded version has an
// option neither document has («Ikke relevant»).
func TestOnlyDocument002Changes(t *testing.T) {
	codes := func(q Questionnaire) []string {
		var out []string
		for _, s := range q.Sections {
			for _, qu := range s.Questions {
				out = append(out, qu.Code)
			}
		}
		return out
	}
	v1, v2 := questionnaire(t, 1), questionnaire(t, 2)
	want := []string{}
	for _, c := range codes(v1) {
		if c == "3.7" {
			want = append(want, "3.7a", "3.7b")
		} else {
			want = append(want, c)
		}
	}
	if got := codes(v2); !slices.Equal(got, want) {
		t.Errorf("v2 question codes: got %v, want v1's with 3.7 split: %v", got, want)
	}
	v1q, v2q := questionsByCode(t, v1), questionsByCode(t, v2)
	for code, q := range v2q {
		if p, ok := v1q[code]; ok && (p.Text != q.Text || p.LegalBasis != q.LegalBasis) {
			t.Errorf("v2 %s: the question text or legal basis changed; document 002 changes only the guidance", code)
		}
	}
	for _, q := range Questionnaires {
		if q.Official {
			t.Errorf("v%d: the seeded texts are stand-ins and must not be marked official", q.Version)
		}
		for code, qu := range questionsByCode(t, q) {
			want := []Option{OptionYes, OptionPartly, OptionNo}
			if q.Version == 2 && code == "3.7b" {
				want = append(want, OptionNotPossible)
			}
			if !slices.Equal(qu.Options, want) {
				t.Errorf("v%d %s options: got %v, want %v", q.Version, code, qu.Options, want)
			}
			for _, text := range []*Text{&qu.Text, qu.Guidance} {
				if text != nil && (strings.Contains(text.NB, "Ikke relevant") || strings.Contains(text.EN, "Not applicable")) {
					t.Errorf("v%d %s mentions «Ikke relevant», which neither document has", q.Version, code)
				}
			}
		}
	}
}

func TestRounds(t *testing.T) {
	versions := map[int]bool{}
	for _, q := range Questionnaires {
		versions[q.Version] = true
	}
	parse := func(t *testing.T, what, s string) time.Time {
		t.Helper()
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Errorf("%s %q: %v", what, s, err)
		}
		return d
	}
	tests := []struct {
		number, version                                        int
		start, end, deadline, originalDeadline, reportDeadline string
	}{
		// The guide: the county offices report by 31.01 after each round. Document 002 moves
		// only the services' deadline of round 2, not the report deadline.
		{1, 1, "2024-10-01", "2024-12-31", "2024-12-31", "", "2025-01-31"},
		{2, 2, "2025-09-01", "2026-03-31", "2026-03-31", "2025-12-31", "2026-01-31"},
	}
	if len(Rounds) != len(tests) {
		t.Fatalf("rounds: got %d, want %d", len(Rounds), len(tests))
	}
	for i, tc := range tests {
		r := Rounds[i]
		t.Run(fmt.Sprintf("round%d", tc.number), func(t *testing.T) {
			got := [...]any{r.Number, r.QuestionnaireVersion, r.PeriodStart, r.PeriodEnd, r.Deadline, r.OriginalDeadline, r.ReportDeadline}
			want := [...]any{tc.number, tc.version, tc.start, tc.end, tc.deadline, tc.originalDeadline, tc.reportDeadline}
			if got != want {
				t.Errorf("got %v, want %v", got, want)
			}
			if !versions[r.QuestionnaireVersion] {
				t.Errorf("questionnaire version %d does not exist", r.QuestionnaireVersion)
			}
			start := parse(t, "period start", r.PeriodStart)
			end := parse(t, "period end", r.PeriodEnd)
			deadline := parse(t, "deadline", r.Deadline)
			if end.Before(start) || deadline.Before(start) {
				t.Errorf("dates out of order: %s..%s, deadline %s", r.PeriodStart, r.PeriodEnd, r.Deadline)
			}
			if r.OriginalDeadline != "" && !parse(t, "original deadline", r.OriginalDeadline).Before(deadline) {
				t.Errorf("original deadline %s is not before the moved deadline %s", r.OriginalDeadline, r.Deadline)
			}
		})
	}
}

func TestCampaignOutcomesAndLabels(t *testing.T) {
	if CampaignLOT2024.Code != "lot-2024-2026" {
		t.Errorf("campaign code: got %q", CampaignLOT2024.Code)
	}
	if CampaignLOT2024.Title.NB != "Barnevernstjenesten kontrollerer og forbedrer undersøkelsesarbeidet" {
		t.Errorf("campaign title: got %q", CampaignLOT2024.Title.NB)
	}

	var codes []string
	for _, o := range Outcomes {
		codes = append(codes, o.Code)
	}
	wantCodes := []string{OutcomeDismissed, OutcomeDismissedNewInvestigationPossible, OutcomeMeasuresDecided, OutcomeCareOrderProposed}
	if !slices.Equal(codes, wantCodes) {
		t.Errorf("outcome codes: got %v, want %v", codes, wantCodes)
	}

	wantLabels := map[Option]Text{
		OptionYes:           {"Ja", "Ja", "Yes"},
		OptionPartly:        {"Delvis", "Delvis", "Partly"},
		OptionNo:            {"Nei", "Nei", "No"},
		OptionNotPossible:   {"Ikke mulig", "Ikkje mogleg", "Not possible"},
		OptionNotApplicable: {"Ikke relevant", "Ikkje relevant", "Not applicable"},
	}
	if len(OptionLabels) != len(wantLabels) {
		t.Errorf("option labels: got %d, want %d", len(OptionLabels), len(wantLabels))
	}
	for o, want := range wantLabels {
		if got := OptionLabels[o]; got != want {
			t.Errorf("label of %s: got %+v, want %+v", o, got, want)
		}
	}
	if !slices.Equal(AllOptions(), []Option{OptionYes, OptionPartly, OptionNo, OptionNotPossible, OptionNotApplicable}) {
		t.Errorf("AllOptions: got %v", AllOptions())
	}

	for _, word := range []string{"tilfeldig", "ett år", "ti saker", "interkommunale", "§ 2-5", "halvparten"} {
		if !strings.Contains(strings.ToLower(SamplingGuidance.NB), word) {
			t.Errorf("sampling guidance lacks %q", word)
		}
	}
}

// TestNoSharedSlices makes sure the seeder can modify what it gets without
// changing another question's data.
func TestNoSharedSlices(t *testing.T) {
	seen := map[*Option]string{}
	seenGuidance := map[*Text]string{}
	for _, q := range Questionnaires {
		for _, s := range q.Sections {
			for _, qu := range s.Questions {
				where := fmt.Sprintf("v%d %s", q.Version, qu.Code)
				if len(qu.Options) > 0 {
					if other, ok := seen[&qu.Options[0]]; ok {
						t.Errorf("%s shares its options slice with %s", where, other)
					}
					seen[&qu.Options[0]] = where
				}
				if qu.Guidance != nil {
					if other, ok := seenGuidance[qu.Guidance]; ok {
						t.Errorf("%s shares its guidance with %s", where, other)
					}
					seenGuidance[qu.Guidance] = where
				}
			}
		}
	}
}
