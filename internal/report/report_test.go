package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// submission is a submitted form of two questions: 1.1 with 3 yes, 1 partly and 1 "not
// possible" (counted, but outside the denominator), 1.2 with 5 no; a goal with one action.
func submission() *SubmissionData {
	at := time.Date(2026, 3, 30, 22, 30, 0, 0, time.UTC) // 31.03.2026 00:30 in Oslo
	q11 := int64(11)
	return &SubmissionData{
		Service: store.Service{Name: "Barneverntjenesten i Bergen"},
		Round:   store.Round{Title: domain.Text{NB: "Egenkontroll nr. 2", NN: "Egenkontroll nr. 2", EN: "Self-assessment no. 2"}},
		Sub: store.Submission{Status: domain.StatusSubmitted, Revision: 2, SubmittedAt: &at, Assessment: "Vi må dokumentere bedre.",
			ImprovementPlan: store.Plan{Goals: []store.Goal{{QuestionID: &q11, Description: "Bedre planer", Target: "80 %", Measure: "Neste runde",
				Actions: []store.Action{{Description: "Mal for plan", Owner: "Fagleder", Status: domain.ActionDone}}}}}},
		Summary: &store.Summary{CaseCount: 5,
			Overall: store.Distribution{Yes: 3, Partly: 1, No: 5, NotPossible: 1},
			Questions: []store.QuestionSummary{
				{QuestionID: 11, Distribution: store.Distribution{Yes: 3, Partly: 1, NotPossible: 1}},
				{QuestionID: 12, Distribution: store.Distribution{No: 5}},
			}},
		Questions: map[int64]store.Question{
			11: {ID: 11, Code: "1.1", Text: domain.Text{NB: "Er undersøkelsen planlagt?", NN: "Er undersøkinga planlagd?", EN: "Was the investigation planned?"}},
			12: {ID: 12, Code: "1.2", Text: domain.Text{NB: "Er barnet snakket med?", NN: "Er barnet snakka med?", EN: "Was the child spoken to?"}},
		},
	}
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatal("a CSV for spreadsheet programs starts with a byte order mark")
	}
	r := csv.NewReader(bytes.NewReader(b[len("\ufeff"):]))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func find(rows [][]string, first string) []string {
	for _, r := range rows {
		if len(r) > 0 && r[0] == first {
			return r
		}
	}
	return nil
}

// TestSubmissionCSV: the header block in the caller's language and time zone, then one row per
// question and the overall row, with "not possible" outside the denominator and the shares.
func TestSubmissionCSV(t *testing.T) {
	tests := []struct {
		lang      domain.Lang
		round     string
		all       string
		submitted string
	}{
		{domain.LangNB, "Egenkontroll nr. 2", "Alle spørsmål", "31.03.2026"},
		{domain.LangEN, "Self-assessment no. 2", "All questions", "31"},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			var b bytes.Buffer
			if err := SubmissionCSV(&b, submission(), tt.lang); err != nil {
				t.Fatal(err)
			}
			rows := readCSV(t, b.Bytes())
			if r := find(rows, "round"); r == nil || r[1] != tt.round {
				t.Errorf("round row %v, want %q", r, tt.round)
			}
			if r := find(rows, "submitted_at"); r == nil || !strings.Contains(r[1], tt.submitted) {
				t.Errorf("submitted_at %v: the Oslo date is 31 March", r)
			}
			want := map[string][]string{
				"1.1": {"3", "1", "0", "1", "0", "4", "0.7500", "0.2500", "0.0000"},
				"1.2": {"0", "0", "5", "0", "0", "5", "0.0000", "0.0000", "1.0000"},
				"ALL": {"3", "1", "5", "1", "0", "9", "0.3333", "0.1111", "0.5556"},
			}
			for code, w := range want {
				r := find(rows, code)
				if r == nil || strings.Join(r[2:], ",") != strings.Join(w, ",") {
					t.Errorf("row %s = %v, want counts and shares %v", code, r, w)
				}
			}
			if r := find(rows, "ALL"); r == nil || r[1] != tt.all {
				t.Errorf("overall row %v, want %q", r, tt.all)
			}
		})
	}
}

// TestSubmissionXLSX: the same figures as numbers on the summary sheet, and the plan on its own.
func TestSubmissionXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := SubmissionXLSX(&b, submission(), domain.LangNB); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Samleskjema")
	if err != nil {
		t.Fatal(err)
	}
	all := find(rows, "ALL")
	if all == nil || all[7] != "9" {
		t.Fatalf("overall row %v", all)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == "ALL" {
			cell, _ := excelize.CoordinatesToCellName(8, i+1)
			if typ, _ := f.GetCellType("Samleskjema", cell); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Errorf("the denominator %s is stored as text", cell)
			}
		}
	}
	plan, err := f.GetRows("Forbedringsplan")
	if err != nil {
		t.Fatal(err)
	}
	if a := find(plan, "assessment"); a == nil || a[1] != "Vi må dokumentere bedre." {
		t.Errorf("assessment row %v", a)
	}
	if g := find(plan, "1. Bedre planer"); g == nil || g[1] != "1.1" || g[4] != "Mal for plan" || g[7] != "DONE" {
		t.Errorf("plan row %v", g)
	}
}

// TestStreams: rows come out as they are emitted, numbers stay numbers in the workbook, and an
// error from the producer ends the stream with that error.
func TestStreams(t *testing.T) {
	header := []string{"service", "cases"}
	rows := [][]string{{"Bergen", "12"}, {"Askøy, Fjell", "7"}}
	each := func(emit func([]string) error) error {
		for _, r := range rows {
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	}
	var c bytes.Buffer
	if err := StreamCSV(&c, header, each); err != nil {
		t.Fatal(err)
	}
	if got := readCSV(t, c.Bytes()); len(got) != 3 || got[2][0] != "Askøy, Fjell" {
		t.Fatalf("csv rows %v", got)
	}

	var x bytes.Buffer
	if err := StreamXLSX(&x, "Tjenester", header, each); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&x)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("Tjenester", "A3"); v != "Askøy, Fjell" {
		t.Errorf("A3 = %q", v)
	}
	if typ, _ := f.GetCellType("Tjenester", "B2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Error("a count is stored as text")
	}

	boom := errors.New("the database went away")
	failing := func(emit func([]string) error) error {
		if err := emit(rows[0]); err != nil {
			return err
		}
		return boom
	}
	for name, stream := range map[string]func() error{
		"csv":  func() error { return StreamCSV(&bytes.Buffer{}, header, failing) },
		"xlsx": func() error { return StreamXLSX(&bytes.Buffer{}, "Tjenester", header, failing) },
	} {
		if err := stream(); !errors.Is(err, boom) {
			t.Errorf("%s: error %v, want the producer's", name, err)
		}
	}
}
