package workbook

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Summary writes the summary workbook (samleskjema) of the form.
func Summary(w io.Writer, form Form) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	sh := SheetSummary
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	b, g := bold(f), grey(f)
	_ = f.SetCellValue(sh, "A1", fmt.Sprintf("Samleskjema – %s – %s", form.Questionnaire.Title.NB, form.Round.Title.NB))
	_ = f.SetCellStyle(sh, "A1", "A1", b)
	_ = f.SetCellValue(sh, "A2", "Tjeneste")
	_ = f.SetCellValue(sh, "B2", form.ServiceName)
	_ = f.SetCellValue(sh, "A3", "Antall gjennomgåtte saker")
	_ = f.SetCellStyle(sh, "A3", "A3", b)
	whole := func(sqref string, max int) {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sqref
		_ = dv.SetRange(0, max, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleStop, "Ugyldig tall", fmt.Sprintf("Skriv et helt tall mellom 0 og %d.", max))
		_ = f.AddDataValidation(sh, dv)
	}
	whole("C3", store.MaxTotalsCases)
	header := []string{"Kode", "Spørsmål"}
	for _, o := range domain.Options {
		header = append(header, optionLabels[o])
	}
	for i, h := range header {
		_ = f.SetCellValue(sh, cell(i+1, 5), h)
	}
	_ = f.SetCellStyle(sh, "A5", cell(len(header), 5), b)
	for i, q := range form.Questions {
		row := 6 + i
		_ = f.SetCellValue(sh, cell(1, row), q.Code)
		_ = f.SetCellValue(sh, cell(2, row), q.Text.NB)
		for j, o := range domain.Options {
			c := cell(3+j, row)
			allowed := false
			for _, a := range q.Options {
				allowed = allowed || a == o
			}
			if allowed {
				whole(c, store.MaxTotalsCases)
			} else {
				_ = f.SetCellStyle(sh, c, c, g)
				whole(c, 0)
			}
		}
	}
	row := 6 + len(form.Questions) + 1
	_ = f.SetCellValue(sh, cell(1, row), "Utfall (bvl. § 2-5)")
	_ = f.SetCellStyle(sh, cell(1, row), cell(1, row), b)
	row++
	for _, o := range domain.Outcomes {
		_ = f.SetCellValue(sh, cell(1, row), string(o))
		_ = f.SetCellValue(sh, cell(2, row), outcomeLabels[o].NB)
		whole(cell(3, row), store.MaxTotalsCases)
		row++
	}
	row++
	guidance(f, sh, row, form)
	_ = f.SetColWidth(sh, "A", "A", 14)
	_ = f.SetColWidth(sh, "B", "B", 70)
	_ = f.SetColWidth(sh, "C", "G", 12)

	if form.Questionnaire.CollectsDaysToFirstActivity {
		if _, err := f.NewSheet(SheetDays); err != nil {
			return err
		}
		_ = f.SetCellValue(SheetDays, "A1", "Dager fra melding til første undersøkelsesaktivitet (én rad per sak)")
		_ = f.SetCellStyle(SheetDays, "A1", "A1", b)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("A2:A%d", store.MaxTotalsCases+1)
		_ = dv.SetRange(0, domain.MaxDaysToFirstActivity, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
		_ = f.AddDataValidation(SheetDays, dv)
		_ = f.SetColWidth(SheetDays, "A", "A", 60)
	}
	if err := versionSheet(f, KindSummary, form); err != nil {
		return err
	}
	return f.Write(w)
}

// caseColumns lays out the per-case sheet: case, outcome, days (where collected), then per
// question its option and, where it takes one, its comment.
type caseColumns struct {
	outcome, days int
	option        map[int64]int
	comment       map[int64]int
	last          int
}

func layout(form Form) caseColumns {
	c := caseColumns{outcome: 2, option: map[int64]int{}, comment: map[int64]int{}}
	col := 3
	if form.Questionnaire.CollectsDaysToFirstActivity {
		c.days = col
		col++
	}
	for _, q := range form.Questions {
		c.option[q.ID] = col
		col++
		if q.CommentAllowed {
			c.comment[q.ID] = col
			col++
		}
	}
	c.last = col - 1
	return c
}

// Cases writes the per-case workbook (egenkontrollskjema) of the form: one row per case.
func Cases(w io.Writer, form Form) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	sh := SheetCases
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	b := bold(f)
	cols := layout(form)
	last := 1 + MaxCaseRows
	_ = f.SetCellValue(sh, "A1", "Sak")
	_ = f.SetCellValue(sh, cell(cols.outcome, 1), "Utfall")
	list := func(col int, values []string) {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s:%s", cell(col, 2), cell(col, last))
		_ = dv.SetDropList(values)
		dv.SetError(excelize.DataValidationErrorStyleStop, "Ugyldig verdi", "Velg fra listen.")
		_ = f.AddDataValidation(sh, dv)
	}
	var outcomes []string
	for _, o := range domain.Outcomes {
		outcomes = append(outcomes, outcomeLabels[o].NB)
	}
	list(cols.outcome, outcomes)
	if cols.days > 0 {
		_ = f.SetCellValue(sh, cell(cols.days, 1), "Dager")
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s:%s", cell(cols.days, 2), cell(cols.days, last))
		_ = dv.SetRange(0, domain.MaxDaysToFirstActivity, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
		_ = f.AddDataValidation(sh, dv)
	}
	for _, q := range form.Questions {
		_ = f.SetCellValue(sh, cell(cols.option[q.ID], 1), q.Code)
		var labels []string
		for _, o := range q.Options {
			labels = append(labels, optionLabels[o])
		}
		list(cols.option[q.ID], labels)
		if c, ok := cols.comment[q.ID]; ok {
			_ = f.SetCellValue(sh, cell(c, 1), q.Code+" kommentar")
		}
	}
	_ = f.SetCellStyle(sh, "A1", cell(cols.last, 1), b)
	for r := 2; r <= last; r++ {
		_ = f.SetCellValue(sh, cell(1, r), r-1)
	}
	_ = f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"})
	_ = f.SetColWidth(sh, "B", "B", 28)
	guidance(f, sh, last+2, form)
	if err := versionSheet(f, KindCases, form); err != nil {
		return err
	}
	return f.Write(w)
}
