package workbook

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Read is what a filled workbook holds: cases (per-case workbook) or totals (summary workbook).
type Read struct {
	Kind string
	// ServiceID (hidden sheet) and ServiceName (Samleskjema!B2) name the service, when filled.
	ServiceID   int64
	ServiceName string
	Cases       []store.ImportedCase
	Totals      store.Totals
	// Locate names the cell of a place in the totals (for store.SaveTotalsAt).
	Locate func(store.TotalsField) string
	// Services are the rows of a several-services baseline workbook (KindBaseline).
	Services []ServiceTotals
}

// Parse reads a filled workbook of the form. Every problem it finds is returned at once, by cell;
// rules that need the stored form (personal data, the totals' sums) are checked when storing.
func Parse(r io.Reader, form Form) (*Read, []domain.Problem) {
	read, problems := parse(r, form, nil)
	if read != nil && read.Kind == KindBaseline {
		return nil, []domain.Problem{domain.Problemf(SheetVersion, domain.CodeBadInput,
			"Denne arbeidsboken har resultater for flere tjenester; den importeres som grunnlag av Helsetilsynet.",
			"Denne arbeidsboka har resultat for fleire tenester; ho blir importert som grunnlag av Helsetilsynet.",
			"This workbook holds several services' results; Helsetilsynet imports it as a baseline.")}
	}
	return read, problems
}

// parse reads any kind of workbook; services names the services of a baseline workbook's rows.
func parse(r io.Reader, form Form, services map[string]int64) (*Read, []domain.Problem) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, []domain.Problem{domain.Problemf("", domain.CodeBadInput, "Filen er ikke en Excel-arbeidsbok (.xlsx).",
			"Fila er ikkje ei Excel-arbeidsbok (.xlsx).", "The file is not an Excel workbook (.xlsx).")}
	}
	defer func() { _ = f.Close() }()
	kind, problems := checkVersion(f, form)
	if len(problems) > 0 {
		return nil, problems
	}
	var read *Read
	switch kind {
	case KindBaseline:
		return parseBaseline(f, form, services)
	case KindCases:
		read, problems = parseCases(f, form)
	default:
		read, problems = parseSummary(f, form)
	}
	if read != nil {
		v, _ := f.GetCellValue(SheetVersion, "B6")
		read.ServiceID, _ = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if kind == KindSummary {
			n, _ := f.GetCellValue(SheetSummary, "B2")
			read.ServiceName = strings.TrimSpace(n)
		}
	}
	return read, problems
}

func checkVersion(f *excelize.File, form Form) (string, []domain.Problem) {
	idx, err := f.GetSheetIndex(SheetVersion)
	if err != nil || idx < 0 {
		return "", []domain.Problem{domain.Problemf(SheetVersion, domain.CodeBadInput,
			"Arket «Skjemaversjon» mangler. Last ned arbeidsboken fra appen og fyll inn den.",
			"Arket «Skjemaversjon» manglar. Last ned arbeidsboka frå appen og fyll inn ho.",
			"The sheet %q is missing. Download the workbook from the app and fill that in.", SheetVersion)}
	}
	get := func(row int) string { v, _ := f.GetCellValue(SheetVersion, cell(2, row)); return strings.TrimSpace(v) }
	var out []domain.Problem
	kind := get(1)
	if kind != KindCases && kind != KindSummary && kind != KindBaseline {
		out = append(out, domain.Problemf(at(SheetVersion, 2, 1), domain.CodeBadInput, "Ukjent type arbeidsbok.", "Ukjend type arbeidsbok.", "Unknown kind of workbook."))
	}
	if get(2) != strconv.FormatInt(form.Questionnaire.ID, 10) {
		out = append(out, domain.Problemf(at(SheetVersion, 2, 2), domain.CodeBadInput,
			"Arbeidsboken er laget for en annen skjemaversjon enn rundens (versjon %d).",
			"Arbeidsboka er laga for ein annan skjemaversjon enn runden sin (versjon %d).",
			"The workbook was made for another questionnaire version than the round's (version %d).", form.Questionnaire.Version))
	}
	if get(4) != strconv.FormatInt(form.Round.ID, 10) {
		out = append(out, domain.Problemf(at(SheetVersion, 2, 4), domain.CodeBadInput,
			"Arbeidsboken er laget for en annen runde (denne er runde %d).", "Arbeidsboka er laga for ein annan runde (denne er runde %d).",
			"The workbook was made for another round (this is round %d).", form.Round.Number))
	}
	return kind, out
}

func missingSheet(name string) domain.Problem {
	return domain.Problemf(name, domain.CodeBadInput, "Arket «%s» mangler.", "Arket «%s» manglar.", "The sheet %q is missing.", name)
}

// number reads a whole number from a cell: empty is 0 (ok false).
func number(f *excelize.File, sheet string, col, row int, problems *[]domain.Problem) (int, bool) {
	v, _ := f.GetCellValue(sheet, cell(col, row))
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		if fl, ferr := strconv.ParseFloat(v, 64); ferr == nil && fl == float64(int(fl)) {
			return int(fl), true
		}
		*problems = append(*problems, domain.Problemf(at(sheet, col, row), domain.CodeBadInput,
			"«%s» er ikke et helt tall.", "«%s» er ikkje eit heilt tal.", "%q is not a whole number.", v))
		return 0, false
	}
	return n, true
}

func parseSummary(f *excelize.File, form Form) (*Read, []domain.Problem) {
	sh := SheetSummary
	if idx, _ := f.GetSheetIndex(sh); idx < 0 {
		return nil, []domain.Problem{missingSheet(sh)}
	}
	var problems []domain.Problem
	out := &Read{Kind: KindSummary}
	n, ok := number(f, sh, 3, 3, &problems)
	if !ok && len(problems) == 0 {
		problems = append(problems, domain.Problemf(at(sh, 3, 3), domain.CodeRequiredMissing,
			"Fyll inn antall gjennomgåtte saker.", "Fyll inn talet på gjennomgåtte saker.", "Fill in the number of cases reviewed."))
	}
	out.Totals.CaseCount = n
	rowOf := map[int]int{}
	for i, q := range form.Questions {
		row := 6 + i
		code, _ := f.GetCellValue(sh, cell(1, row))
		if strings.TrimSpace(code) != q.Code {
			problems = append(problems, domain.Problemf(at(sh, 1, row), domain.CodeBadInput,
				"Her skal spørsmål %s stå; ikke flytt eller slett rader.", "Her skal spørsmål %s stå; ikkje flytt eller slett rader.",
				"Question %s belongs here; do not move or delete rows.", q.Code))
			continue
		}
		qt := store.QuestionTotals{QuestionID: q.ID}
		for j, o := range domain.Options {
			v, _ := number(f, sh, 3+j, row, &problems)
			qt.Counts.Add(o, v)
		}
		rowOf[len(out.Totals.Questions)] = row
		out.Totals.Questions = append(out.Totals.Questions, qt)
	}
	outcomeRow := 6 + len(form.Questions) + 2
	outcomeAt := map[int]int{}
	for i, o := range domain.Outcomes {
		row := outcomeRow + i
		v, ok := number(f, sh, 3, row, &problems)
		if ok && v != 0 {
			outcomeAt[len(out.Totals.Outcomes)] = row
			out.Totals.Outcomes = append(out.Totals.Outcomes, store.OutcomeCount{Outcome: o, Count: v})
		}
	}
	daysAt := summaryDays(f, form, out, &problems)
	out.Locate = func(fl store.TotalsField) string {
		switch fl.Kind {
		case "caseCount":
			return at(sh, 3, 3)
		case "question", "questionSum":
			if r, ok := rowOf[fl.Question]; ok {
				return fmt.Sprintf("%s!%s:%s", sh, cell(3, r), cell(7, r))
			}
			return sh
		case "count":
			for j, o := range domain.Options {
				if o == fl.Option {
					return at(sh, 3+j, rowOf[fl.Question])
				}
			}
		case "days":
			return at(SheetDays, 1, daysAt[fl.Index])
		case "daysList":
			return SheetDays + "!A:A"
		case "outcome":
			return at(sh, 3, outcomeAt[fl.Index])
		case "outcomeSum":
			return fmt.Sprintf("%s!%s:%s", sh, cell(3, outcomeRow), cell(3, outcomeRow+len(domain.Outcomes)-1))
		}
		return sh
	}
	if len(problems) == 0 {
		problems = store.CheckTotals(form.Questions, form.Questionnaire.CollectsDaysToFirstActivity, out.Totals, false, out.Locate)
	}
	return out, problems
}

// summaryDays reads the days-to-first-activity sheet into out's totals and returns the row of
// each value; a questionnaire that collects the days needs the sheet.
func summaryDays(f *excelize.File, form Form, out *Read, problems *[]domain.Problem) map[int]int {
	daysAt := map[int]int{}
	if idx, _ := f.GetSheetIndex(SheetDays); idx >= 0 {
		rows, _ := f.GetRows(SheetDays)
		for r := 2; r <= len(rows); r++ {
			if v, ok := number(f, SheetDays, 1, r, problems); ok {
				daysAt[len(out.Totals.DaysValues)] = r
				out.Totals.DaysValues = append(out.Totals.DaysValues, v)
			}
		}
	} else if form.Questionnaire.CollectsDaysToFirstActivity {
		*problems = append(*problems, missingSheet(SheetDays))
	}
	return daysAt
}

func parseCases(f *excelize.File, form Form) (*Read, []domain.Problem) {
	sh := SheetCases
	if idx, _ := f.GetSheetIndex(sh); idx < 0 {
		return nil, []domain.Problem{missingSheet(sh)}
	}
	cols := layout(form)
	var problems []domain.Problem
	for _, q := range form.Questions {
		if h, _ := f.GetCellValue(sh, cell(cols.option[q.ID], 1)); strings.TrimSpace(h) != q.Code {
			problems = append(problems, domain.Problemf(at(sh, cols.option[q.ID], 1), domain.CodeBadInput,
				"Her skal spørsmål %s stå; ikke flytt eller slett kolonner.", "Her skal spørsmål %s stå; ikkje flytt eller slett kolonnar.",
				"Question %s belongs here; do not move or delete columns.", q.Code))
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	out := &Read{Kind: KindCases}
	text := func(col, row int) string { v, _ := f.GetCellValue(sh, cell(col, row)); return strings.TrimSpace(v) }
	for row := 2; row <= 1+MaxCaseRows; row++ {
		empty := true
		for col := 2; col <= cols.last; col++ {
			if text(col, row) != "" {
				empty = false
				break
			}
		}
		if empty {
			continue
		}
		row := row
		c := store.ImportedCase{At: func(field string) string {
			switch field {
			case "outcome":
				return at(sh, cols.outcome, row)
			case "days":
				return at(sh, cols.days, row)
			}
			id, _ := strconv.ParseInt(field, 10, 64)
			return at(sh, cols.option[id], row)
		}}
		if v := text(cols.outcome, row); v != "" {
			if o, ok := parseOutcome(v); ok {
				c.Outcome = &o
			} else {
				problems = append(problems, domain.Problemf(at(sh, cols.outcome, row), domain.CodeBadInput,
					"«%s» er ikke et utfall; velg fra listen.", "«%s» er ikkje eit utfall; vel frå lista.", "%q is not an outcome; choose from the list.", v))
			}
		}
		if cols.days > 0 {
			if v, ok := number(f, sh, cols.days, row, &problems); ok {
				c.DaysToFirstActivity = &v
			}
		}
		for _, q := range form.Questions {
			a := store.ImportedAnswer{QuestionID: q.ID}
			if v := text(cols.option[q.ID], row); v != "" {
				if o, ok := parseOption(v); ok {
					a.Option = &o
				} else {
					problems = append(problems, domain.Problemf(at(sh, cols.option[q.ID], row), domain.CodeBadInput,
						"«%s» er ikke et svaralternativ på spørsmål %s; velg fra listen.", "«%s» er ikkje eit svaralternativ på spørsmål %s; vel frå lista.",
						"%q is not an option of question %s; choose from the list.", v, q.Code))
				}
			}
			if col, ok := cols.comment[q.ID]; ok {
				if v := text(col, row); v != "" {
					a.Comment, a.CommentAt = &v, at(sh, col, row)
				}
			}
			if a.Option != nil || a.Comment != nil {
				c.Answers = append(c.Answers, a)
			}
		}
		out.Cases = append(out.Cases, c)
	}
	if len(out.Cases) == 0 && len(problems) == 0 {
		problems = append(problems, domain.Problemf(sh, domain.CodeRequiredMissing,
			"Arbeidsboken har ingen utfylte saker.", "Arbeidsboka har ingen utfylte saker.", "The workbook has no filled-in cases."))
	}
	return out, problems
}
