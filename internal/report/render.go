package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

//go:embed county.html.tmpl
var templates embed.FS

var countyHTML = template.Must(template.ParseFS(templates, "county.html.tmpl"))

// HTML writes the report as a print-ready page.
func HTML(out io.Writer, d *store.CountyReportData, names Names, lang domain.Lang) error {
	return countyHTML.Execute(out, build(d, names, lang, time.Now()))
}

// XLSX writes the report as a workbook: an overview sheet and one sheet per part.
func XLSX(out io.Writer, d *store.CountyReportData, names Names, lang domain.Lang) error {
	doc := build(d, names, lang, time.Now())
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	const overview = "Oversikt"
	if err := f.SetSheetName("Sheet1", overview); err != nil {
		return err
	}
	set := func(sheet string, col, row int, v any) error { return setCell(f, sheet, col, row, v) }
	rows := [][2]string{{doc.Title, ""}, {doc.Office, doc.Round}, {w(lang, "deadline"), doc.ReportDeadline}, {w(lang, "state"), doc.State},
		{w(lang, "generated"), doc.Generated}, {"", ""}}
	rows = append(rows, doc.Summary...)
	for i, r := range rows {
		if err := set(overview, 1, i+1, r[0]); err != nil {
			return err
		}
		if err := set(overview, 2, i+1, r[1]); err != nil {
			return err
		}
	}
	_ = f.SetCellStyle(overview, "A1", "A1", bold)
	_ = f.SetColWidth(overview, "A", "A", 40)
	_ = f.SetColWidth(overview, "B", "B", 40)
	for i, s := range doc.Sections {
		sheet := fmt.Sprintf("%d %s", i+1, s.Part)
		if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		if err := xlsxSection(f, sheet, s, lang, bold, wrap); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(out)
	return err
}

// setCell writes v into the cell at (col, row) of sheet.
func setCell(f *excelize.File, sheet string, col, row int, v any) error {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	return f.SetCellValue(sheet, cell, v)
}

// xlsxSection writes one part of the report on its sheet: title, lead, table and the office's
// comment, in the styles bold and wrap.
func xlsxSection(f *excelize.File, sheet string, s section, lang domain.Lang, bold, wrap int) error {
	set := func(sheet string, col, row int, v any) error { return setCell(f, sheet, col, row, v) }
	row := 1
	_ = set(sheet, 1, row, s.Title)
	_ = f.SetCellStyle(sheet, "A1", "A1", bold)
	row++
	if s.Lead != "" {
		_ = set(sheet, 1, row, s.Lead)
		row++
	}
	row++
	for c, h := range s.Header {
		if err := set(sheet, c+1, row, h); err != nil {
			return err
		}
	}
	if len(s.Header) > 0 {
		end, _ := excelize.CoordinatesToCellName(len(s.Header), row)
		start, _ := excelize.CoordinatesToCellName(1, row)
		_ = f.SetCellStyle(sheet, start, end, bold)
		row++
	}
	for _, r := range s.Rows {
		for c, v := range r {
			if err := set(sheet, c+1, row, v); err != nil {
				return err
			}
		}
		row++
	}
	row++
	_ = set(sheet, 1, row, w(lang, "comment"))
	cell, _ := excelize.CoordinatesToCellName(1, row)
	_ = f.SetCellStyle(sheet, cell, cell, bold)
	_ = set(sheet, 1, row+1, s.Comment)
	cell, _ = excelize.CoordinatesToCellName(1, row+1)
	_ = f.SetCellStyle(sheet, cell, cell, wrap)
	_ = f.SetColWidth(sheet, "A", "A", 42)
	_ = f.SetColWidth(sheet, "B", "F", 22)
	return nil
}
