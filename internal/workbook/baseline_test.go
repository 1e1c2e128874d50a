package workbook

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

func testForm() Form {
	return Form{
		Round:         store.Round{ID: 4, Number: 1},
		Questionnaire: store.Questionnaire{ID: 9, Version: 3, CollectsDaysToFirstActivity: true},
		Questions: []store.Question{
			{ID: 31, Code: "1.1", Required: true, Options: []domain.Option{domain.OptionYes, domain.OptionPartly, domain.OptionNo}},
			{ID: 32, Code: "1.2", Required: true, Options: []domain.Option{domain.OptionYes, domain.OptionNo, domain.OptionNotPossible}},
		},
	}
}

// filledSheet downloads the several-services workbook and lets edit fill it through excelize.
func filledSheet(t *testing.T, form Form, edit func(f *excelize.File)) []byte {
	t.Helper()
	var blank bytes.Buffer
	if err := BaselineSheet(&blank, form, []ServiceRow{{ID: 101, Name: "Barneverntjenesten i Asker"}, {ID: 102, Name: "Barneverntjenesten i Bø"}, {ID: 103, Name: "Barneverntjenesten i Moss"}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(blank.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// The columns of the generated sheet: A id, B name, C cases, D–F 1.1 (Ja, Delvis, Nei), G–I 1.2
// (Ja, Nei, Ikke mulig), J–M the four outcomes, N the days.
func fillRow(f *excelize.File, row string, cases int, yes int) {
	set := func(col string, v any) { _ = f.SetCellValue(SheetBaseline, col+row, v) }
	set("C", cases)
	set("D", yes)
	set("F", cases-yes)
	set("G", cases)
	set("J", cases)
	days := make([]string, cases)
	for i := range days {
		days[i] = "3"
	}
	set("N", strings.Join(days, "; "))
}

func TestBaselineSheetSeveralServices(t *testing.T) {
	form := testForm()
	byName := map[string]int64{"Barneverntjenesten i Asker": 101, "Barneverntjenesten i Bø": 102, "Barneverntjenesten i Moss": 103}
	good := filledSheet(t, form, func(f *excelize.File) {
		fillRow(f, "2", 6, 4)
		// Row 3 (Bø) is left empty: no results for that service. Row 4 is named by name only.
		_ = f.SetCellValue(SheetBaseline, "A4", "")
		fillRow(f, "4", 5, 5)
	})
	got, problems := Baselines([]File{{Name: "grunnlag.xlsx", Body: good}}, form, byName, nil)
	if len(problems) > 0 {
		t.Fatalf("problems in a valid workbook: %v", problems)
	}
	if len(got) != 2 || got[0].ServiceID != 101 || got[1].ServiceID != 103 {
		t.Fatalf("baselines %+v", got)
	}
	asker := got[0].Totals
	if asker.CaseCount != 6 || asker.Questions[0].Counts.Count(domain.OptionYes) != 4 || asker.Questions[0].Counts.Count(domain.OptionNo) != 2 ||
		asker.Questions[1].Counts.Count(domain.OptionYes) != 6 || len(asker.DaysValues) != 6 || len(asker.Outcomes) != 1 ||
		asker.Outcomes[0].Outcome != domain.Outcomes[0] || asker.Outcomes[0].Count != 6 {
		t.Fatalf("Asker's totals %+v", asker)
	}
	if got[0].Source != "grunnlag.xlsx Grunnlag!A2" || got[1].Locate(store.TotalsField{Kind: "count", Question: 1, Option: domain.OptionYes}) != "grunnlag.xlsx Grunnlag!G4" {
		t.Fatalf("the rows are not located: %q %q", got[0].Source, got[1].Locate(store.TotalsField{Kind: "count", Question: 1, Option: domain.OptionYes}))
	}
	// A service's own upload refuses the several-services workbook.
	if read, ps := Parse(bytes.NewReader(good), form); read != nil || len(ps) != 1 || ps[0].Path != SheetVersion {
		t.Fatalf("Parse accepts a several-services workbook: %v %v", read, ps)
	}

	for _, tc := range []struct {
		name  string
		edit  func(f *excelize.File)
		paths []string
	}{
		{"a count above the cases, bad days, a name nobody has", func(f *excelize.File) {
			fillRow(f, "2", 6, 4)
			_ = f.SetCellValue(SheetBaseline, "D2", 9)
			_ = f.SetCellValue(SheetBaseline, "N3", "") // Bø: only the days column is not filled
			fillRow(f, "3", 5, 5)
			_ = f.SetCellValue(SheetBaseline, "N3", "3; tre; 4")
			_ = f.SetCellValue(SheetBaseline, "A4", "")
			_ = f.SetCellValue(SheetBaseline, "B4", "Ingen slik tjeneste")
			fillRow(f, "4", 5, 5)
		}, []string{"b.xlsx Grunnlag!D2", "b.xlsx Grunnlag!N3", "b.xlsx Grunnlag!B4"}},
		{"not a number, an id that is not a number, the same service twice", func(f *excelize.File) {
			fillRow(f, "2", 6, 4)
			_ = f.SetCellValue(SheetBaseline, "E2", "fire")
			fillRow(f, "3", 5, 5)
			_ = f.SetCellValue(SheetBaseline, "A3", "x12")
			fillRow(f, "4", 5, 5)
			_ = f.SetCellValue(SheetBaseline, "A4", 101)
		}, []string{"b.xlsx Grunnlag!E2", "b.xlsx Grunnlag!A3", "b.xlsx Grunnlag!A4"}},
		{"\"Ikke mulig\" where it is not allowed is a moved column: the header is checked", func(f *excelize.File) {
			_ = f.SetCellValue(SheetBaseline, "E1", "1.1 Ikke mulig")
			fillRow(f, "2", 6, 4)
		}, []string{"b.xlsx Grunnlag!E1"}},
		{"the cases missing on a filled row", func(f *excelize.File) {
			fillRow(f, "2", 6, 4)
			_ = f.SetCellValue(SheetBaseline, "C2", "")
		}, []string{"b.xlsx Grunnlag!C2"}},
		{"nothing filled in", func(f *excelize.File) {}, []string{"b.xlsx Grunnlag"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, problems := Baselines([]File{{Name: "a.xlsx", Body: good}, {Name: "b.xlsx", Body: filledSheet(t, form, tc.edit)}}, form, byName, nil)
			var paths []string
			for _, p := range problems {
				paths = append(paths, p.Path)
			}
			for _, want := range tc.paths {
				if !slices.Contains(paths, want) {
					t.Errorf("no problem at %s; got %v", want, paths)
				}
			}
			if len(problems) == 0 {
				t.Errorf("a broken workbook reads as %d baselines", len(got))
			}
		})
	}
}
