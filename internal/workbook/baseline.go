package workbook

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// File is an uploaded workbook with its name.
type File struct {
	Name string
	Body []byte
}

// Baselines reads filled summary workbooks of the form's round as baselines (one service each,
// named by the hidden sheet or by Samleskjema!B2, looked up in services by name), or workbooks that
// hold several services (KindBaseline, one row each on the sheet Grunnlag). Every problem is
// returned at once, each path starting with the file's name; progress, if set, hears of each file.
func Baselines(files []File, form Form, services map[string]int64, progress func(i int, name string)) ([]store.Baseline, []domain.Problem) {
	var out []store.Baseline
	var problems []domain.Problem
	for i, file := range files {
		if progress != nil {
			progress(i, file.Name)
		}
		read, found := parse(bytesReader(file.Body), form, services)
		for _, p := range found {
			p.Path = strings.TrimSpace(file.Name + " " + p.Path)
			problems = append(problems, p)
		}
		if read == nil || len(found) > 0 {
			continue
		}
		if read.Kind == KindBaseline {
			for _, st := range read.Services {
				name, locate := file.Name, st.Locate
				out = append(out, store.Baseline{ServiceID: st.ServiceID, Totals: st.Totals, Source: name + " " + at(SheetBaseline, 1, st.Row),
					Locate: func(f store.TotalsField) string { return name + " " + locate(f) }})
			}
			continue
		}
		if read.Kind != KindSummary {
			problems = append(problems, domain.Problemf(file.Name, domain.CodeBadInput,
				"Dette er et egenkontrollskjema; grunnlaget tar samleskjemaet.", "Dette er eit eigenkontrollskjema; grunnlaget tek samleskjemaet.",
				"This is a per-case workbook; the baseline takes the summary workbook."))
			continue
		}
		id := read.ServiceID
		if id == 0 {
			id = services[read.ServiceName]
		}
		if id == 0 {
			problems = append(problems, domain.Problemf(file.Name+" "+SheetSummary+"!B2", domain.CodeBadInput,
				"Ingen tjeneste heter «%s».", "Inga teneste heiter «%s».", "No service is named %q.", read.ServiceName))
			continue
		}
		name, locate := file.Name, read.Locate
		out = append(out, store.Baseline{ServiceID: id, Totals: read.Totals, Source: name,
			Locate: func(f store.TotalsField) string { return name + " " + locate(f) }})
	}
	return out, problems
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// KindBaseline is the workbook that holds several services' results of an earlier round, one row
// per service (SheetBaseline), for the baseline import.
const KindBaseline = "baseline"

// SheetBaseline is the sheet of the several-services baseline workbook.
const SheetBaseline = "Grunnlag"

// ServiceRow names a service in the several-services baseline workbook.
type ServiceRow struct {
	ID   int64
	Name string
}

// baselineColumn is one column of the several-services sheet: the count of one option on one
// question, or of one outcome.
type baselineColumn struct {
	question int // index in form.Questions, -1 for an outcome
	option   domain.Option
	outcome  domain.Outcome
	header   string
}

// Columns 1–3 are the service's id, its name and the number of cases; then the options each
// question allows; then the outcomes; then (where collected) the days as a list.
func baselineColumns(form Form) ([]baselineColumn, int) {
	var cols []baselineColumn
	for i, q := range form.Questions {
		for _, o := range domain.Options {
			for _, a := range q.Options {
				if a == o {
					cols = append(cols, baselineColumn{question: i, option: o, header: q.Code + " " + optionLabels[o]})
				}
			}
		}
	}
	for _, o := range domain.Outcomes {
		cols = append(cols, baselineColumn{question: -1, outcome: o, header: "Utfall: " + outcomeLabels[o].NB})
	}
	days := 0
	if form.Questionnaire.CollectsDaysToFirstActivity {
		days = 4 + len(cols)
	}
	return cols, days
}

// SortedServices lists services named in byName by name.
func SortedServices(byName map[string]int64) []ServiceRow {
	out := make([]ServiceRow, 0, len(byName))
	for name, id := range byName {
		out = append(out, ServiceRow{ID: id, Name: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// BaselineSheet writes the workbook for several services' results of the form's round: one row
// per service (its id and name filled in), the counts in the columns.
func BaselineSheet(w io.Writer, form Form, services []ServiceRow) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	sh := SheetBaseline
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	cols, days := baselineColumns(form)
	header := []string{"Tjeneste-ID", "Tjeneste", "Antall gjennomgåtte saker"}
	for _, c := range cols {
		header = append(header, c.header)
	}
	if days > 0 {
		header = append(header, "Dager fra melding til første undersøkelsesaktivitet (skilt med semikolon)")
	}
	for i, h := range header {
		_ = f.SetCellValue(sh, cell(i+1, 1), h)
	}
	_ = f.SetCellStyle(sh, "A1", cell(len(header), 1), bold(f))
	for i, s := range services {
		_ = f.SetCellValue(sh, cell(1, 2+i), s.ID)
		_ = f.SetCellValue(sh, cell(2, 2+i), s.Name)
	}
	last := 1 + len(services)
	if last < 2 {
		last = 2
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s:%s", cell(3, 2), cell(3+len(cols), last))
	_ = dv.SetRange(0, store.MaxTotalsCases, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
	dv.SetError(excelize.DataValidationErrorStyleStop, "Ugyldig tall", fmt.Sprintf("Skriv et helt tall mellom 0 og %d.", store.MaxTotalsCases))
	_ = f.AddDataValidation(sh, dv)
	_ = f.SetColWidth(sh, "B", "B", 40)
	_ = f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 1, TopLeftCell: "C2", ActivePane: "bottomRight"})
	guidance(f, sh, last+2, form)
	if err := versionSheet(f, KindBaseline, form); err != nil {
		return err
	}
	return f.Write(w)
}

// ServiceTotals is one service's row of the several-services baseline workbook.
type ServiceTotals struct {
	ServiceID   int64
	ServiceName string
	Row         int
	Totals      store.Totals
	Locate      func(store.TotalsField) string
}

// parseBaseline reads the several-services sheet: every filled row is a service (by its id, or
// else by its name); every problem is named by sheet!cell.
func parseBaseline(f *excelize.File, form Form, services map[string]int64) (*Read, []domain.Problem) {
	sh := SheetBaseline
	if idx, _ := f.GetSheetIndex(sh); idx < 0 {
		return nil, []domain.Problem{missingSheet(sh)}
	}
	cols, daysCol := baselineColumns(form)
	b := baselineReader{f: f, form: form, cols: cols, daysCol: daysCol, services: services}
	out := &Read{Kind: KindBaseline}
	if problems := b.checkHeader(); len(problems) > 0 {
		return out, problems
	}
	var problems []domain.Problem
	rows, _ := f.GetRows(sh)
	seen := map[int64]int{}
	for row := 2; row <= len(rows); row++ {
		if !b.filled(row) {
			continue // a service with no results, or the guidance below the table
		}
		st, ps := b.service(row)
		if prev, dup := seen[st.ServiceID]; dup && st.ServiceID != 0 {
			ps = append(ps, domain.Problemf(at(sh, 1, row), domain.CodeBadInput,
				"Tjenesten står også på rad %d.", "Tenesta står også på rad %d.", "The service is also on row %d.", prev))
		}
		seen[st.ServiceID] = row
		outcomeAt := b.totals(&st, row, &ps)
		st.Locate = b.locate(row, outcomeAt)
		if len(ps) == 0 {
			ps = store.CheckTotals(form.Questions, form.Questionnaire.CollectsDaysToFirstActivity, st.Totals, false, st.Locate)
		}
		problems = append(problems, ps...)
		out.Services = append(out.Services, st)
	}
	if len(out.Services) == 0 && len(problems) == 0 {
		problems = append(problems, domain.Problemf(sh, domain.CodeRequiredMissing,
			"Arbeidsboken har ingen tjenester med resultater.", "Arbeidsboka har ingen tenester med resultat.", "The workbook has no services with results."))
	}
	return out, problems
}

// baselineReader reads the rows of a several-services baseline sheet.
type baselineReader struct {
	f        *excelize.File
	form     Form
	cols     []baselineColumn
	daysCol  int
	services map[string]int64
}

// checkHeader: the header must be the version's, or a moved or deleted column would count the
// wrong thing.
func (b baselineReader) checkHeader() []domain.Problem {
	sh := SheetBaseline
	for i, c := range b.cols {
		if v, _ := b.f.GetCellValue(sh, cell(4+i, 1)); strings.TrimSpace(v) != c.header {
			return []domain.Problem{domain.Problemf(at(sh, 4+i, 1), domain.CodeBadInput,
				"Her skal kolonnen «%s» stå; ikke flytt eller slett kolonner.", "Her skal kolonnen «%s» stå; ikkje flytt eller slett kolonnar.",
				"The column %q belongs here; do not move or delete columns.", c.header)}
		}
	}
	return nil
}

// filled reports whether the row has any result.
func (b baselineReader) filled(row int) bool {
	for c := 3; c <= 3+len(b.cols) || (b.daysCol > 0 && c <= b.daysCol); c++ {
		if v, _ := b.f.GetCellValue(SheetBaseline, cell(c, row)); strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// service names the row's service: by its id when given, else by its name.
func (b baselineReader) service(row int) (ServiceTotals, []domain.Problem) {
	sh := SheetBaseline
	var ps []domain.Problem
	rawID, _ := b.f.GetCellValue(sh, cell(1, row))
	name, _ := b.f.GetCellValue(sh, cell(2, row))
	rawID, name = strings.TrimSpace(rawID), strings.TrimSpace(name)
	st := ServiceTotals{ServiceName: name, Row: row}
	if rawID != "" {
		id, err := strconv.ParseInt(rawID, 10, 64)
		if err != nil {
			if fl, ferr := strconv.ParseFloat(rawID, 64); ferr == nil && fl == float64(int64(fl)) {
				id, err = int64(fl), nil
			}
		}
		if err != nil || id <= 0 {
			ps = append(ps, domain.Problemf(at(sh, 1, row), domain.CodeBadInput,
				"«%s» er ikke en tjeneste-ID.", "«%s» er ikkje ein teneste-ID.", "%q is not a service id.", rawID))
		}
		st.ServiceID = id
	} else if id, ok := b.services[name]; ok && name != "" {
		st.ServiceID = id
	} else {
		ps = append(ps, domain.Problemf(at(sh, 2, row), domain.CodeBadInput,
			"Ingen tjeneste heter «%s».", "Inga teneste heiter «%s».", "No service is named %q.", name))
	}
	return st, ps
}

// totals reads the row's case count, counts, outcomes and days into st, and returns the column
// of each outcome read.
func (b baselineReader) totals(st *ServiceTotals, row int, ps *[]domain.Problem) map[int]int {
	sh := SheetBaseline
	n, ok := number(b.f, sh, 3, row, ps)
	if !ok && len(*ps) == 0 {
		*ps = append(*ps, domain.Problemf(at(sh, 3, row), domain.CodeRequiredMissing,
			"Fyll inn antall gjennomgåtte saker.", "Fyll inn talet på gjennomgåtte saker.", "Fill in the number of cases reviewed."))
	}
	st.Totals.CaseCount = n
	qIndex := map[int]int{} // form question → index in Totals.Questions
	for i, q := range b.form.Questions {
		qIndex[i] = len(st.Totals.Questions)
		st.Totals.Questions = append(st.Totals.Questions, store.QuestionTotals{QuestionID: q.ID})
	}
	outcomeAt := map[int]int{}
	for i, c := range b.cols {
		v, ok := number(b.f, sh, 4+i, row, ps)
		if c.question >= 0 {
			st.Totals.Questions[qIndex[c.question]].Counts.Add(c.option, v)
		} else if ok && v != 0 {
			outcomeAt[len(st.Totals.Outcomes)] = 4 + i
			st.Totals.Outcomes = append(st.Totals.Outcomes, store.OutcomeCount{Outcome: c.outcome, Count: v})
		}
	}
	if b.daysCol > 0 {
		v, _ := b.f.GetCellValue(sh, cell(b.daysCol, row))
		for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ',' || r == ' ' || r == '\n' }) {
			d, err := strconv.Atoi(part)
			if err != nil || d < 0 {
				*ps = append(*ps, domain.Problemf(at(sh, b.daysCol, row), domain.CodeBadInput,
					"«%s» er ikke et helt antall dager.", "«%s» er ikkje eit heilt tal på dagar.", "%q is not a whole number of days.", part))
				continue
			}
			st.Totals.DaysValues = append(st.Totals.DaysValues, d)
		}
	}
	return outcomeAt
}

// colOf is the column of question q's option o (0: none).
func (b baselineReader) colOf(q int, o domain.Option) int {
	for i, c := range b.cols {
		if c.question == q && c.option == o {
			return 4 + i
		}
	}
	return 0
}

// firstLast are the first and last columns of question q (0: none).
func (b baselineReader) firstLast(q int) (int, int) {
	first, last := 0, 0
	for i, c := range b.cols {
		if c.question == q {
			if first == 0 {
				first = 4 + i
			}
			last = 4 + i
		}
	}
	return first, last
}

// locate names the cells of row r that a totals problem is about.
func (b baselineReader) locate(r int, outcomeAt map[int]int) func(store.TotalsField) string {
	sh := SheetBaseline
	return func(fl store.TotalsField) string {
		switch fl.Kind {
		case "caseCount":
			return at(sh, 3, r)
		case "question", "questionSum":
			if a, z := b.firstLast(fl.Question); a > 0 {
				return fmt.Sprintf("%s!%s:%s", sh, cell(a, r), cell(z, r))
			}
		case "count":
			if c := b.colOf(fl.Question, fl.Option); c > 0 {
				return at(sh, c, r)
			}
		case "days", "daysList":
			if b.daysCol > 0 {
				return at(sh, b.daysCol, r)
			}
		case "outcome":
			if c, ok := outcomeAt[fl.Index]; ok {
				return at(sh, c, r)
			}
		case "outcomeSum":
			return fmt.Sprintf("%s!%s:%s", sh, cell(4+len(b.cols)-len(domain.Outcomes), r), cell(3+len(b.cols), r))
		}
		return fmt.Sprintf("%s!%d:%d", sh, r, r)
	}
}
