package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// SubmissionData is a summary form with what is needed to print its questions.
type SubmissionData struct {
	Service   store.Service
	Round     store.Round
	Sub       store.Submission
	Summary   *store.Summary
	Questions map[int64]store.Question
}

func shareText(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', 4, 64)
}

// summaryRows is the summary table: one row per question, then the overall row.
func summaryRows(d *SubmissionData, lang domain.Lang) [][]string {
	rows := [][]string{{"question_code", "question", "yes", "partly", "no", "not_possible", "not_applicable", "denominator", "yes_share", "partly_share", "no_share"}}
	line := func(code, text string, x store.Distribution) []string {
		return []string{code, text, strconv.Itoa(x.Yes), strconv.Itoa(x.Partly), strconv.Itoa(x.No), strconv.Itoa(x.NotPossible),
			strconv.Itoa(x.NotApplicable), strconv.Itoa(x.Denominator()), shareText(x.YesShare()), shareText(x.PartlyShare()), shareText(x.NoShare())}
	}
	for _, q := range d.Summary.Questions {
		qq := d.Questions[q.QuestionID]
		rows = append(rows, line(qq.Code, qq.Text.In(lang), q.Distribution))
	}
	rows = append(rows, line("ALL", map[domain.Lang]string{domain.LangNB: "Alle spørsmål", domain.LangNN: "Alle spørsmål", domain.LangEN: "All questions"}[lang], d.Summary.Overall))
	return rows
}

func headerRows(d *SubmissionData, lang domain.Lang) [][]string {
	submitted := ""
	if d.Sub.SubmittedAt != nil {
		submitted = domain.FormatInstant(*d.Sub.SubmittedAt, lang)
	}
	rows := [][]string{
		{"service", d.Service.Name},
		{"round", d.Round.Title.In(lang)},
		{"status", string(d.Sub.Status)},
		{"revision", strconv.Itoa(d.Sub.Revision)},
		{"submitted_at", submitted},
		{"late", strconv.FormatBool(d.Sub.Late)},
		{"cases", strconv.Itoa(d.Summary.CaseCount)},
	}
	if days := d.Summary.Days; days != nil && days.Median != nil {
		rows = append(rows, []string{"days_to_first_activity_median", strconv.FormatFloat(*days.Median, 'f', 1, 64)},
			[]string{"days_to_first_activity_max", strconv.Itoa(*days.Max)})
	}
	return rows
}

// SubmissionCSV writes the summary form as CSV (UTF-8 with BOM so spreadsheet programs read the
// Norwegian letters right): a header block, a blank line, the summary table.
func SubmissionCSV(out io.Writer, d *SubmissionData, lang domain.Lang) error {
	if _, err := io.WriteString(out, "\ufeff"); err != nil {
		return err
	}
	w := csv.NewWriter(out)
	for _, r := range headerRows(d, lang) {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	_ = w.Write(nil)
	if err := w.WriteAll(summaryRows(d, lang)); err != nil {
		return err
	}
	w.Flush()
	return w.Error()
}

// SubmissionXLSX writes the summary form as a workbook with the summary, the assessment and the
// improvement plan.
func SubmissionXLSX(out io.Writer, d *SubmissionData, lang domain.Lang) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	const sheet = "Samleskjema"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	row := 1
	put := func(sheet string, r []string) error {
		for c, v := range r {
			cell, _ := excelize.CoordinatesToCellName(c+1, row)
			var val any = v
			if n, err := strconv.ParseFloat(v, 64); err == nil && c > 0 {
				val = n
			}
			if err := f.SetCellValue(sheet, cell, val); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	for _, r := range headerRows(d, lang) {
		if err := put(sheet, r); err != nil {
			return err
		}
	}
	row++
	for _, r := range summaryRows(d, lang) {
		if err := put(sheet, r); err != nil {
			return err
		}
	}
	_ = f.SetColWidth(sheet, "B", "B", 70)
	const plan = "Forbedringsplan"
	if _, err := f.NewSheet(plan); err != nil {
		return err
	}
	row = 1
	_ = put(plan, []string{"assessment", d.Sub.Assessment})
	row++
	_ = put(plan, []string{"goal", "question", "target", "measure", "action", "owner", "due", "status"})
	for i, g := range d.Sub.ImprovementPlan.Goals {
		code := ""
		if g.QuestionID != nil {
			code = d.Questions[*g.QuestionID].Code
		}
		if len(g.Actions) == 0 {
			_ = put(plan, []string{g.Description, code, g.Target, g.Measure})
		}
		for _, a := range g.Actions {
			due := ""
			if a.DueDate != nil {
				due = a.DueDate.String()
			}
			_ = put(plan, []string{fmt.Sprintf("%d. %s", i+1, g.Description), code, g.Target, g.Measure, a.Description, a.Owner, due, string(a.Status)})
		}
	}
	_, err := f.WriteTo(out)
	return err
}
