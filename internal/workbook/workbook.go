// Package workbook builds and reads the Excel forms of a round (issue 12): the per-case workbook
// (egenkontrollskjema, one row per case) and the summary workbook (samleskjema, the totals), both
// generated from the round's questionnaire version, with dropdowns for the options, the guidance at
// the bottom as in Helsetilsynet's forms, and a hidden sheet that names the version and the round.
// Reading a filled workbook reports every problem by sheet and cell ("Saker!D7: …"). No SQL here:
// the caller loads the form and stores what was read (store.ImportCases, store.SaveTotalsAt).
package workbook

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Kinds of workbook, as named in the hidden sheet.
const (
	KindCases   = "cases"
	KindSummary = "summary"
)

// Sheet names.
const (
	SheetCases   = "Saker"
	SheetSummary = "Samleskjema"
	SheetDays    = "Dager"
	SheetVersion = "Skjemaversjon"
)

// MaxCaseRows is how many case rows the per-case workbook offers.
const MaxCaseRows = 300

// Form is what a workbook is generated from: a round and its questionnaire version.
type Form struct {
	Round         store.Round
	Questionnaire store.Questionnaire
	Questions     []store.Question // in order
	// The service the workbook is for, when it is downloaded for one (named in the hidden sheet
	// and at the top of the summary sheet); a baseline import reads it back.
	ServiceID   int64
	ServiceName string
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func at(sheet string, col, row int) string { return sheet + "!" + cell(col, row) }

var optionLabels = map[domain.Option]string{}

func init() {
	for _, o := range domain.Options {
		optionLabels[o] = domain.OptionLabel(o).NB
	}
}

var outcomeLabels = map[domain.Outcome]domain.Text{
	domain.OutcomeDismissed:                 {NB: "Henlagt", NN: "Lagd bort", EN: "Dismissed"},
	domain.OutcomeDismissedNewInvestigation: {NB: "Henlagt med mulighet for ny undersøkelse", NN: "Lagd bort med høve til ny undersøking", EN: "Dismissed, new investigation possible"},
	domain.OutcomeMeasuresDecided:           {NB: "Vedtak om tiltak", NN: "Vedtak om tiltak", EN: "Measures decided"},
	domain.OutcomeCareOrderProposed:         {NB: "Begjæring til barneverns- og helsenemnda", NN: "Oppmoding til barnevern- og helsenemnda", EN: "Referred to the Child Welfare and Health Board"},
}

// parseOption reads an option written as a label in any language or as its code.
func parseOption(s string) (domain.Option, bool) {
	s = strings.TrimSpace(s)
	for _, o := range domain.Options {
		l := domain.OptionLabel(o)
		if strings.EqualFold(s, string(o)) || strings.EqualFold(s, l.NB) || strings.EqualFold(s, l.NN) || strings.EqualFold(s, l.EN) {
			return o, true
		}
	}
	return "", false
}

func parseOutcome(s string) (domain.Outcome, bool) {
	s = strings.TrimSpace(s)
	for _, o := range domain.Outcomes {
		l := outcomeLabels[o]
		if strings.EqualFold(s, string(o)) || strings.EqualFold(s, l.NB) || strings.EqualFold(s, l.NN) || strings.EqualFold(s, l.EN) {
			return o, true
		}
	}
	return "", false
}

// versionSheet writes the hidden sheet that identifies the workbook.
func versionSheet(f *excelize.File, kind string, form Form) error {
	if _, err := f.NewSheet(SheetVersion); err != nil {
		return err
	}
	rows := [][2]any{
		{"kind", kind},
		{"questionnaireId", form.Questionnaire.ID},
		{"questionnaireVersion", form.Questionnaire.Version},
		{"roundId", form.Round.ID},
		{"roundNumber", form.Round.Number},
		{"serviceId", ""},
	}
	if form.ServiceID != 0 {
		rows[5][1] = form.ServiceID
	}
	for i, r := range rows {
		_ = f.SetCellValue(SheetVersion, cell(1, i+1), r[0])
		_ = f.SetCellValue(SheetVersion, cell(2, i+1), r[1])
	}
	return f.SetSheetVisible(SheetVersion, false, true)
}

func bold(f *excelize.File) int {
	id, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	return id
}

func wrap(f *excelize.File) int {
	id, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return id
}

func grey(f *excelize.File) int {
	id, _ := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}}})
	return id
}

// guidance writes the guidance rows at the bottom of a sheet, from row, and returns the next row.
func guidance(f *excelize.File, sheet string, row int, form Form) int {
	_ = f.SetCellValue(sheet, cell(1, row), "Veiledning")
	_ = f.SetCellStyle(sheet, cell(1, row), cell(1, row), bold(f))
	row++
	w := wrap(f)
	for _, q := range form.Questions {
		_ = f.SetCellValue(sheet, cell(1, row), q.Code)
		text := q.Text.NB
		if g := q.Guidance(); g != nil {
			text += "\n" + g.NB
		}
		_ = f.SetCellValue(sheet, cell(2, row), text)
		_ = f.SetCellStyle(sheet, cell(2, row), cell(2, row), w)
		row++
	}
	return row
}
