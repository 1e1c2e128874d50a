// Package workbook builds and reads the Excel forms of a round (issue 12): the per-case workbook
// (egenkontrollskjema, one row per case) and the summary workbook (samleskjema, the totals), both
// generated from the round's questionnaire version, with dropdowns for the options, the guidance at
// the bottom as in Helsetilsynet's forms, and a hidden sheet that names the version and the round.
// Reading a filled workbook reports every problem by sheet and cell ("Saker!D7: …"). No SQL here:
// the caller loads the form and stores what was read (store.ImportCases, store.SaveTotalsAt).
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
	daysAt := map[int]int{}
	if idx, _ := f.GetSheetIndex(SheetDays); idx >= 0 {
		rows, _ := f.GetRows(SheetDays)
		for r := 2; r <= len(rows); r++ {
			if v, ok := number(f, SheetDays, 1, r, &problems); ok {
				daysAt[len(out.Totals.DaysValues)] = r
				out.Totals.DaysValues = append(out.Totals.DaysValues, v)
			}
		}
	} else if form.Questionnaire.CollectsDaysToFirstActivity {
		problems = append(problems, missingSheet(SheetDays))
	}
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
	var problems []domain.Problem
	out := &Read{Kind: KindBaseline}
	// The header must be the version's: a moved or deleted column would count the wrong thing.
	for i, c := range cols {
		if v, _ := f.GetCellValue(sh, cell(4+i, 1)); strings.TrimSpace(v) != c.header {
			problems = append(problems, domain.Problemf(at(sh, 4+i, 1), domain.CodeBadInput,
				"Her skal kolonnen «%s» stå; ikke flytt eller slett kolonner.", "Her skal kolonnen «%s» stå; ikkje flytt eller slett kolonnar.",
				"The column %q belongs here; do not move or delete columns.", c.header))
			return out, problems
		}
	}
	rows, _ := f.GetRows(sh)
	seen := map[int64]int{}
	for row := 2; row <= len(rows); row++ {
		var ps []domain.Problem
		rawID, _ := f.GetCellValue(sh, cell(1, row))
		name, _ := f.GetCellValue(sh, cell(2, row))
		rawID, name = strings.TrimSpace(rawID), strings.TrimSpace(name)
		filled := false
		for c := 3; c <= 3+len(cols) || (daysCol > 0 && c <= daysCol); c++ {
			if v, _ := f.GetCellValue(sh, cell(c, row)); strings.TrimSpace(v) != "" {
				filled = true
				break
			}
		}
		if !filled {
			continue // a service with no results, or the guidance below the table
		}
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
		} else if id, ok := services[name]; ok && name != "" {
			st.ServiceID = id
		} else {
			ps = append(ps, domain.Problemf(at(sh, 2, row), domain.CodeBadInput,
				"Ingen tjeneste heter «%s».", "Inga teneste heiter «%s».", "No service is named %q.", name))
		}
		if prev, dup := seen[st.ServiceID]; dup && st.ServiceID != 0 {
			ps = append(ps, domain.Problemf(at(sh, 1, row), domain.CodeBadInput,
				"Tjenesten står også på rad %d.", "Tenesta står også på rad %d.", "The service is also on row %d.", prev))
		}
		seen[st.ServiceID] = row
		n, ok := number(f, sh, 3, row, &ps)
		if !ok && len(ps) == 0 {
			ps = append(ps, domain.Problemf(at(sh, 3, row), domain.CodeRequiredMissing,
				"Fyll inn antall gjennomgåtte saker.", "Fyll inn talet på gjennomgåtte saker.", "Fill in the number of cases reviewed."))
		}
		st.Totals.CaseCount = n
		qIndex := map[int]int{} // form question → index in Totals.Questions
		for i, q := range form.Questions {
			qIndex[i] = len(st.Totals.Questions)
			st.Totals.Questions = append(st.Totals.Questions, store.QuestionTotals{QuestionID: q.ID})
		}
		outcomeAt := map[int]int{}
		for i, c := range cols {
			v, ok := number(f, sh, 4+i, row, &ps)
			if c.question >= 0 {
				st.Totals.Questions[qIndex[c.question]].Counts.Add(c.option, v)
			} else if ok && v != 0 {
				outcomeAt[len(st.Totals.Outcomes)] = 4 + i
				st.Totals.Outcomes = append(st.Totals.Outcomes, store.OutcomeCount{Outcome: c.outcome, Count: v})
			}
		}
		if daysCol > 0 {
			v, _ := f.GetCellValue(sh, cell(daysCol, row))
			for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ',' || r == ' ' || r == '\n' }) {
				d, err := strconv.Atoi(part)
				if err != nil || d < 0 {
					ps = append(ps, domain.Problemf(at(sh, daysCol, row), domain.CodeBadInput,
						"«%s» er ikke et helt antall dager.", "«%s» er ikkje eit heilt tal på dagar.", "%q is not a whole number of days.", part))
					continue
				}
				st.Totals.DaysValues = append(st.Totals.DaysValues, d)
			}
		}
		colOf := func(q int, o domain.Option) int {
			for i, c := range cols {
				if c.question == q && c.option == o {
					return 4 + i
				}
			}
			return 0
		}
		firstLast := func(q int) (int, int) {
			first, last := 0, 0
			for i, c := range cols {
				if c.question == q {
					if first == 0 {
						first = 4 + i
					}
					last = 4 + i
				}
			}
			return first, last
		}
		r := row
		st.Locate = func(fl store.TotalsField) string {
			switch fl.Kind {
			case "caseCount":
				return at(sh, 3, r)
			case "question", "questionSum":
				if a, b := firstLast(fl.Question); a > 0 {
					return fmt.Sprintf("%s!%s:%s", sh, cell(a, r), cell(b, r))
				}
			case "count":
				if c := colOf(fl.Question, fl.Option); c > 0 {
					return at(sh, c, r)
				}
			case "days", "daysList":
				if daysCol > 0 {
					return at(sh, daysCol, r)
				}
			case "outcome":
				if c, ok := outcomeAt[fl.Index]; ok {
					return at(sh, c, r)
				}
			case "outcomeSum":
				return fmt.Sprintf("%s!%s:%s", sh, cell(4+len(cols)-len(domain.Outcomes), r), cell(3+len(cols), r))
			}
			return fmt.Sprintf("%s!%d:%d", sh, r, r)
		}
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
