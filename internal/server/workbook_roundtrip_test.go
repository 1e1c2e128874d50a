package server_test

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestWorkbookRoundTrip: the workbooks of a round are downloaded, filled in through excelize and
// uploaded as totals or cases; broken ones report each problem by sheet and cell and store nothing.
func TestWorkbookRoundTrip(t *testing.T) {
	w := newWorkbookCase(t)
	step := inSteps(t) // the steps share the forms' state, in order
	step("outside the service nothing is downloaded or uploaded", w.outsideTheService)
	step("the generated workbook hides its version sheet and has dropdowns and guidance", w.generatedWorkbook)
	step("a broken workbook reports each problem by sheet and cell and stores nothing", w.brokenWorkbooksRefused)
	step("a filled summary workbook comes in as totals", w.summaryComesInAsTotals)
	step("a filled per-case workbook comes in as cases, only for its own service", w.casesComeInAsCases)
	step("cases and totals do not mix", w.casesAndTotalsDoNotMix)
}

// workbookCase is TestWorkbookRoundTrip's world: round 2, the first three services, the first
// one's leader and the two blank workbooks it downloaded.
type workbookCase struct {
	in, leader                 *instance
	services                   []int64
	round                      int64
	qs                         []store.Question
	summaryBlank, casesBlank   []byte
	wb                         *excelize.File // the blank per-case workbook, opened
	strict                     int            // a question without NOT_POSSIBLE
	commented                  int            // a question that takes a comment
	other                      *instance      // the third service's leader
	summaryBlank2, casesBlank2 []byte         // the third service's blank workbooks
}

func newWorkbookCase(t *testing.T) *workbookCase {
	in := startInstance(t, newDatabase(t, false), nil)
	ctx := context.Background()
	w := &workbookCase{in: in}
	if err := in.DB.NewSelect().Table("services").Column("id").OrderExpr("id").Limit(3).Scan(ctx, &w.services); err != nil {
		t.Fatal(err)
	}
	if err := in.DB.NewSelect().Table("rounds").Column("id").Where("number = 2").Scan(ctx, &w.round); err != nil {
		t.Fatal(err)
	}
	if err := in.DB.NewSelect().Model(&w.qs).Join("JOIN rounds AS r ON r.questionnaire_id = q.questionnaire_id").
		Where("r.id = ?", w.round).OrderExpr("q.position").Scan(ctx, &w.qs); err != nil {
		t.Fatal(err)
	}
	w.leader = in.leader(t, w.sid(0))
	var status int
	var ctype string
	status, w.summaryBlank, ctype = w.leader.download(t, w.base(0)+"/samleskjema.xlsx")
	if status != 200 || !strings.Contains(ctype, "spreadsheetml") {
		t.Fatalf("summary workbook: %d %s", status, ctype)
	}
	status, w.casesBlank, _ = w.leader.download(t, w.base(0)+"/egenkontrollskjema.xlsx")
	if status != 200 {
		t.Fatalf("per-case workbook: %d", status)
	}
	w.wb, _ = excelize.OpenReader(bytes.NewReader(w.casesBlank))
	w.strict, w.commented = -1, -1
	for i, q := range w.qs {
		np := false
		for _, o := range q.Options {
			np = np || o == "NOT_POSSIBLE"
		}
		if !np && w.strict < 0 {
			w.strict = i
		}
		if q.CommentAllowed && w.commented < 0 {
			w.commented = i
		}
	}
	return w
}

func (w *workbookCase) sid(i int) string { return strconv.FormatInt(w.services[i], 10) }
func (w *workbookCase) base(i int) string {
	return "/workbooks/" + w.sid(i) + "/" + strconv.FormatInt(w.round, 10)
}

// stored counts the service's forms in the round.
func (w *workbookCase) stored(t *testing.T, svc int64) int {
	n, err := w.in.DB.NewSelect().Table("submissions").Where("service_id = ? AND round_id = ?", svc, w.round).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// summaryRow is the summary sheet's row of the i-th question.
func summaryRow(i int) string { return strconv.Itoa(6 + i) }

// goodSummary fills in the summary sheet: 6 cases, each question 4 yes and 2 no, and the days.
func (w *workbookCase) goodSummary(f *excelize.File) {
	_ = f.SetCellValue("Samleskjema", "C3", 6)
	for i := range w.qs {
		_ = f.SetCellValue("Samleskjema", "C"+summaryRow(i), 4)
		_ = f.SetCellValue("Samleskjema", "E"+summaryRow(i), 2)
	}
	if idx, _ := f.GetSheetIndex("Dager"); idx >= 0 {
		for k, d := range []int{3, 0, 12, 5, 5, 30} {
			_ = f.SetCellValue("Dager", "A"+strconv.Itoa(2+k), d)
		}
	}
}

// goodCases fills in two cases, every question yes.
func (w *workbookCase) goodCases(t *testing.T) func(f *excelize.File) {
	return func(f *excelize.File) {
		for r := 2; r <= 3; r++ {
			for _, q := range w.qs {
				_ = f.SetCellValue("Saker", column(t, f, "Saker", q.Code)+strconv.Itoa(r), "Ja")
			}
			if rows, _ := f.GetRows("Saker"); len(rows) > 0 && strings.Contains(strings.Join(rows[0], "|"), "Dager") {
				_ = f.SetCellValue("Saker", column(t, f, "Saker", "Dager")+strconv.Itoa(r), 4)
			}
			_ = f.SetCellValue("Saker", "B"+strconv.Itoa(r), "Henlagt")
		}
	}
}

func (w *workbookCase) outsideTheService(t *testing.T) {
	if status, _, _ := w.in.advisor(t, "1").download(t, w.base(0)+"/samleskjema.xlsx"); status != http.StatusNotFound {
		t.Fatalf("advisor downloads a workbook: %d", status)
	}
	if status, _ := w.in.user(t, "other.leader", auth.RoleServiceLeader, w.sid(1), "").upload(t, w.base(0), w.summaryBlank); status != http.StatusNotFound {
		t.Fatalf("another service's leader uploads: %d", status)
	}
}

// generatedWorkbook: hidden version sheet, dropdowns, guidance at the bottom.
func (w *workbookCase) generatedWorkbook(t *testing.T) {
	if v, _ := w.wb.GetSheetVisible("Skjemaversjon"); v {
		t.Fatal("the version sheet is visible")
	}
	if dvs, _ := w.wb.GetDataValidations("Saker"); len(dvs) < len(w.qs) {
		t.Fatalf("%d data validations for %d questions", len(dvs), len(w.qs))
	}
	if v, _ := w.wb.GetCellValue("Saker", "A303"); v != "Veiledning" {
		t.Fatalf("guidance heading %q", v)
	}
}

type brokenWorkbook struct {
	name  string
	blank []byte
	edit  func(f *excelize.File)
	want  []string // problem paths (prefix match)
}

// brokenWorkbooks are workbooks with one fault each, and the problems each must report.
func (w *workbookCase) brokenWorkbooks(t *testing.T) []brokenWorkbook {
	qs, wb, strict, commented := w.qs, w.wb, w.strict, w.commented
	goodCases := w.goodCases(t)
	return []brokenWorkbook{
		{"blank summary", w.summaryBlank, func(*excelize.File) {}, []string{"Samleskjema!C3"}},
		{"blank per-case", w.casesBlank, func(*excelize.File) {}, []string{"Saker"}},
		{"count above cases", w.summaryBlank, func(f *excelize.File) {
			w.goodSummary(f)
			_ = f.SetCellValue("Samleskjema", "D"+summaryRow(0), 7)
		}, []string{"Samleskjema!D" + summaryRow(0), "Samleskjema!C" + summaryRow(0) + ":G" + summaryRow(0)}},
		{"not possible where not allowed", w.summaryBlank, func(f *excelize.File) {
			w.goodSummary(f)
			_ = f.SetCellValue("Samleskjema", "E"+summaryRow(strict), 1)
			_ = f.SetCellValue("Samleskjema", "F"+summaryRow(strict), 1)
		}, []string{"Samleskjema!F" + summaryRow(strict)}},
		{"wrong option", w.casesBlank, func(f *excelize.File) {
			goodCases(f)
			_ = f.SetCellValue("Saker", column(t, f, "Saker", qs[1].Code)+"3", "Kanskje")
		}, []string{"Saker!" + column(t, wb, "Saker", qs[1].Code) + "3"}},
		{"personal data in a cell", w.casesBlank, func(f *excelize.File) {
			goodCases(f)
			_ = f.SetCellValue("Saker", column(t, f, "Saker", qs[commented].Code+" kommentar")+"2", "Ring ola.nordmann@example.no")
		}, []string{"Saker!" + column(t, wb, "Saker", qs[commented].Code+" kommentar") + "2"}},
		{"wrong version sheet", w.summaryBlank, func(f *excelize.File) {
			w.goodSummary(f)
			_ = f.SetCellValue("Skjemaversjon", "B2", "999999")
		}, []string{"Skjemaversjon!B2"}},
		{"missing sheet", w.summaryBlank, func(f *excelize.File) {
			_, _ = f.NewSheet("Annet")
			_ = f.DeleteSheet("Samleskjema")
		}, []string{"Samleskjema"}},
		{"missing version sheet", w.casesBlank, func(f *excelize.File) { _ = f.DeleteSheet("Skjemaversjon") }, []string{"Skjemaversjon"}},
	}
}

func (w *workbookCase) brokenWorkbooksRefused(t *testing.T) {
	for _, tc := range w.brokenWorkbooks(t) {
		t.Run(tc.name, func(t *testing.T) {
			status, res := w.leader.upload(t, w.base(0), fill(t, tc.blank, tc.edit))
			got := problemPaths(res)
			if status != http.StatusUnprocessableEntity || len(got) != len(tc.want) {
				t.Fatalf("status %d, problems %v; want 422 and %v (%v)", status, got, tc.want, res["message"])
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("problems %v; want %v", got, tc.want)
				}
			}
			if w.stored(t, w.services[0]) != 0 {
				t.Fatal("a refused workbook stored something")
			}
		})
	}
}

func (w *workbookCase) summaryComesInAsTotals(t *testing.T) {
	status, res := w.leader.upload(t, w.base(0), fill(t, w.summaryBlank, w.goodSummary))
	if status != 200 || res["kind"] != "summary" {
		t.Fatalf("summary upload: %d %v", status, res)
	}
	sums, err := w.in.Store.Summaries(context.Background(), []int64{workbookID(t, res["submissionId"])})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		if s.CaseCount != 6 || s.Questions[0].Distribution.Yes != 4 || s.Questions[0].Distribution.No != 2 {
			t.Fatalf("summary from the workbook: %+v", s)
		}
	}
}

// casesComeInAsCases: a filled per-case workbook comes in as cases (for a service of its own).
func (w *workbookCase) casesComeInAsCases(t *testing.T) {
	w.other = w.in.leader(t, w.sid(2))
	// Not with the first service's workbook.
	if status, res := w.other.upload(t, w.base(2), fill(t, w.casesBlank, w.goodCases(t))); status != 422 || problemPaths(res)[0] != "Skjemaversjon!B6" {
		t.Fatalf("another service's workbook: %d %v", status, res)
	}
	_, w.casesBlank2, _ = w.other.download(t, w.base(2)+"/egenkontrollskjema.xlsx")
	_, w.summaryBlank2, _ = w.other.download(t, w.base(2)+"/samleskjema.xlsx")
	status, res := w.other.upload(t, w.base(2), fill(t, w.casesBlank2, w.goodCases(t)))
	if status != 200 || res["kind"] != "cases" || res["cases"] != float64(2) {
		t.Fatalf("per-case upload: %d %v", status, res)
	}
	cases, err := w.in.Store.CasesOf(context.Background(), auth.System.Scope(), w.services[2], w.round)
	if err != nil || len(cases) != 2 {
		t.Fatalf("cases after upload: %d, %v", len(cases), err)
	}
}

func (w *workbookCase) casesAndTotalsDoNotMix(t *testing.T) {
	if status, res := w.other.upload(t, w.base(2), fill(t, w.summaryBlank2, w.goodSummary)); status != 422 || res["code"] != "BAD_USER_INPUT" {
		t.Fatalf("totals onto a form of cases: %d %v", status, res)
	}
}
