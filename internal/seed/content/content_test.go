package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The seeded rounds, campaign outcomes and document 002's reflections, feedback and support material.

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
	// Round 2's own guidance (document 002): cases started after the measures began, about as many
	// as in round 1, pragmatism when there are fewer.
	for _, word := range []string{"startet etter at forbedringstiltakene kom i gang", "like mange saker som i egenkontroll nr. 1", "færre", "mer usikker"} {
		if !strings.Contains(SamplingGuidanceRound2.NB, word) {
			t.Errorf("round 2's sampling guidance lacks %q", word)
		}
	}
	if Rounds[0].SamplingGuidance != SamplingGuidance || Rounds[1].SamplingGuidance != SamplingGuidanceRound2 {
		t.Error("each round carries its own sampling guidance")
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

// TestReflectionsFollowDocument002 checks the reflection questions of round 2 against document 002:
// after assessing the results, the service reflects on whether the measures worked, on the way
// forward and on what it has learnt — three questions, in that order, in every language.
func TestReflectionsFollowDocument002(t *testing.T) {
	v2 := questionnaire(t, 2)
	want := []struct {
		code       string
		nb, nn, en string // a phrase each language's text must contain
	}{
		{"R1", "virket", "verka", "worked"},
		{"R2", "veien videre", "vegen vidare", "way forward"},
		{"R3", "lært", "lært", "learnt"},
	}
	if len(v2.Reflections) != len(want) {
		t.Fatalf("v2 reflections: got %d, want %d (document 002 asks three things)", len(v2.Reflections), len(want))
	}
	for i, w := range want {
		r := v2.Reflections[i]
		if r.Code != w.code {
			t.Errorf("reflection %d: code %q, want %q", i, r.Code, w.code)
		}
		for lang, pair := range map[string][2]string{"nb": {r.Text.NB, w.nb}, "nn": {r.Text.NN, w.nn}, "en": {r.Text.EN, w.en}} {
			if !strings.Contains(strings.ToLower(pair[0]), pair[1]) {
				t.Errorf("%s (%s): %q does not ask about %q", w.code, lang, pair[0], pair[1])
			}
		}
	}
}

// TestFeedbackFollowsDocument002 checks the reflections on the supervision (document 002, the last
// page of the Forms submission): five questions, in the document's order, asked in round 2 only.
func TestFeedbackFollowsDocument002(t *testing.T) {
	if n := len(questionnaire(t, 1).Feedback); n != 0 {
		t.Errorf("v1 feedback questions: got %d, want 0 (asked with the round-2 summary form)", n)
	}
	v2 := questionnaire(t, 2)
	want := []string{"delta", "verktøyene", "savnet", "gevinster, utfordringer eller hindringer", "erfaringene"}
	if len(v2.Feedback) != len(want) {
		t.Fatalf("v2 feedback questions: got %d, want %d", len(v2.Feedback), len(want))
	}
	for i, w := range want {
		if !strings.Contains(v2.Feedback[i].Text.NB, w) {
			t.Errorf("feedback %d (%s): %q does not ask about %q", i+1, v2.Feedback[i].Code, v2.Feedback[i].Text.NB, w)
		}
	}
}

// TestSupportResources checks the support material of document 002 and the contacts: the four
// links, a technical contact, and a web page for every office.
func TestSupportResources(t *testing.T) {
	var links, technical int
	for _, r := range SupportResources {
		if !strings.HasPrefix(r.URL, "https://") {
			t.Errorf("%s: %q is not an https address", r.Title.NB, r.URL)
		}
		for _, s := range []string{r.Title.NB, r.Title.NN, r.Title.EN, r.Description.NB, r.Description.NN, r.Description.EN} {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: a text is empty", r.Title.NB)
			}
		}
		switch r.Kind {
		case ResourceLink:
			links++
		case ResourceTechnicalContact:
			technical++
		}
	}
	for _, want := range []string{"Veiledning for forbedringsarbeid", "Fagressurs for implementering", "Forbedringsguiden", "Helsebiblioteket"} {
		found := false
		for _, r := range SupportResources {
			found = found || strings.Contains(r.Title.NB, want)
		}
		if !found {
			t.Errorf("document 002's %q is missing", want)
		}
	}
	if links != 4 || technical != 1 {
		t.Errorf("%d links and %d technical contacts, want 4 and 1", links, technical)
	}
	for _, o := range Offices {
		if !strings.HasPrefix(OfficeWebPages[o.Code], "https://www.statsforvalteren.no/") {
			t.Errorf("office %s has no web page", o.Code)
		}
	}
}
