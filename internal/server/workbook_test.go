package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// upload POSTs a workbook: status and the decoded answer.
func (in *instance) upload(t *testing.T, path string, body []byte) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, in.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	for k, v := range in.headers {
		req.Header.Set(k, v)
	}
	res, err := in.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return res.StatusCode, out
}

func problemPaths(res map[string]any) []string {
	var out []string
	list, _ := res["problems"].([]any)
	for _, p := range list {
		out = append(out, p.(map[string]any)["path"].(string))
	}
	return out
}

// fill opens a downloaded workbook, lets edit change it, and returns the bytes.
func fill(t *testing.T, blank []byte, edit func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(blank))
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// column finds the column of a header in row 1 of a sheet.
func column(t *testing.T, f *excelize.File, sheet, header string) string {
	t.Helper()
	rows, _ := f.GetRows(sheet)
	for i, h := range rows[0] {
		if h == header {
			name, _ := excelize.ColumnNumberToName(i + 1)
			return name
		}
	}
	t.Fatalf("no column %q in %s", header, sheet)
	return ""
}

func workbookID(t *testing.T, v any) int64 {
	t.Helper()
	s, _ := v.(string)
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("id %v", v)
	}
	return id
}

// postFiles POSTs workbooks as multipart files named "file".
func (in *instance) postFiles(t *testing.T, path string, files map[string][]byte) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, b := range files {
		w, _ := mw.CreateFormFile("file", name)
		_, _ = w.Write(b)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, in.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := in.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// TestBaselineUpload: Helsetilsynet's analyst brings round 1's summary workbooks in as submitted
// forms, all or nothing; nobody else may.
func TestBaselineUpload(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	ctx := context.Background()
	var services []struct {
		ID   int64
		Name string
	}
	if err := in.DB.NewSelect().Table("services").Column("id", "name").OrderExpr("id").Limit(2).Scan(ctx, &services); err != nil {
		t.Fatal(err)
	}
	var round int64
	if err := in.DB.NewSelect().Table("rounds").Column("id").Where("number = 1").Scan(ctx, &round); err != nil {
		t.Fatal(err)
	}
	var nq int
	if err := in.DB.NewSelect().Table("questions").ColumnExpr("count(*)").
		Where("questionnaire_id = (SELECT questionnaire_id FROM rounds WHERE id = ?)", round).Scan(ctx, &nq); err != nil {
		t.Fatal(err)
	}
	path := "/baseline/" + strconv.FormatInt(round, 10)
	analyst := in.analyst(t)
	if status, _, _ := in.leader(t, strconv.FormatInt(services[0].ID, 10)).download(t, path+"/samleskjema.xlsx"); status != http.StatusForbidden {
		t.Fatalf("a leader downloads the baseline template: %d", status)
	}
	status, blank, _ := analyst.download(t, path+"/samleskjema.xlsx")
	if status != 200 {
		t.Fatalf("template: %d", status)
	}
	filled := func(name string, yes int) []byte {
		return fill(t, blank, func(f *excelize.File) {
			_ = f.SetCellValue("Samleskjema", "B2", name)
			_ = f.SetCellValue("Samleskjema", "C3", 8)
			for i := 0; i < nq; i++ {
				_ = f.SetCellValue("Samleskjema", "C"+strconv.Itoa(6+i), yes)
				_ = f.SetCellValue("Samleskjema", "E"+strconv.Itoa(6+i), 8-yes)
			}
		})
	}
	forms := func() int {
		n, _ := in.DB.NewSelect().Table("submissions").Where("round_id = ?", round).Count(ctx)
		return int(n)
	}
	// One bad file (a count above the cases, an unknown service) stops the import.
	status, res := analyst.postFiles(t, path, map[string][]byte{"a.xlsx": filled(services[0].Name, 5), "b.xlsx": filled("Ingen slik tjeneste", 5),
		"c.xlsx": filled(services[1].Name, 9)})
	paths := strings.Join(problemPaths(res), "|")
	if status != 422 || !strings.Contains(paths, "b.xlsx Samleskjema!B2") || !strings.Contains(paths, "c.xlsx Samleskjema!C6") || forms() != 0 {
		t.Fatalf("bad import: %d %v, %d forms", status, res, forms())
	}
	status, res = analyst.postFiles(t, path, map[string][]byte{"a.xlsx": filled(services[0].Name, 5), "c.xlsx": filled(services[1].Name, 6)})
	if status != 200 || res["cases"] != float64(2) || forms() != 2 {
		t.Fatalf("import: %d %v, %d forms", status, res, forms())
	}
	var revisions int
	if err := in.DB.NewSelect().Table("counted_revisions").ColumnExpr("sum(case_count)").Where("round_id = ?", round).Scan(ctx, &revisions); err != nil || revisions != 16 {
		t.Fatalf("counted cases %d, %v", revisions, err)
	}
	if status, _ := in.leader(t, strconv.FormatInt(services[0].ID, 10)).postFiles(t, path, map[string][]byte{"a.xlsx": filled(services[0].Name, 5)}); status != http.StatusForbidden {
		t.Fatalf("a leader imports a baseline: %d", status)
	}
}

// TestBaselineSeveralServices: one workbook with a row per service (downloaded with every service's
// id and name) comes in as several submitted forms; a broken row stops it all, reported by
// sheet!cell; ?check=1 only checks; a leader may neither download nor import it.
func TestBaselineSeveralServices(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	ctx := context.Background()
	var services []struct {
		ID   int64
		Name string
	}
	if err := in.DB.NewSelect().Table("services").Column("id", "name").OrderExpr("id").Limit(3).Scan(ctx, &services); err != nil {
		t.Fatal(err)
	}
	var round int64
	if err := in.DB.NewSelect().Table("rounds").Column("id").Where("number = 1").Scan(ctx, &round); err != nil {
		t.Fatal(err)
	}
	path := "/baseline/" + strconv.FormatInt(round, 10)
	if status, _, _ := in.leader(t, strconv.FormatInt(services[0].ID, 10)).download(t, path+"/grunnlag.xlsx"); status != http.StatusForbidden {
		t.Fatalf("a leader downloads the several-services workbook: %d", status)
	}
	analyst := in.analyst(t)
	status, blank, _ := analyst.download(t, path+"/grunnlag.xlsx")
	if status != 200 {
		t.Fatalf("several-services workbook: %d", status)
	}
	const sheet = baselineSheet
	fillRows := func(ids []int64, cases int, edit func(f *excelize.File, rowOf map[int64]int)) []byte {
		return fillBaselineRows(t, blank, ids, cases, edit)
	}
	forms := func() int {
		n, _ := in.DB.NewSelect().Table("submissions").Where("round_id = ?", round).Count(ctx)
		return int(n)
	}
	ids := []int64{services[0].ID, services[1].ID, services[2].ID}
	// A count above the cases on one service's row: nothing is stored, the cell is named.
	broken := fillRows(ids, 6, func(f *excelize.File, rowOf map[int64]int) {
		_ = f.SetCellValue(sheet, "D"+strconv.Itoa(rowOf[services[1].ID]), 9)
	})
	status, res := analyst.postFiles(t, path, map[string][]byte{"grunnlag.xlsx": broken})
	if want := "grunnlag.xlsx Grunnlag!D"; status != 422 || !strings.Contains(strings.Join(problemPaths(res), "|"), want) || forms() != 0 {
		t.Fatalf("broken several-services import: %d %v, %d forms", status, res, forms())
	}
	// An id that is no service: named by its row's first cell.
	unknown := fillRows(ids, 6, func(f *excelize.File, rowOf map[int64]int) {
		_ = f.SetCellValue(sheet, "A"+strconv.Itoa(rowOf[services[2].ID]), 987654)
	})
	status, res = analyst.postFiles(t, path, map[string][]byte{"grunnlag.xlsx": unknown})
	if status != 422 || len(problemPaths(res)) != 1 || !strings.HasPrefix(problemPaths(res)[0], "grunnlag.xlsx Grunnlag!A") || forms() != 0 {
		t.Fatalf("unknown service id: %d %v, %d forms", status, res, forms())
	}
	good := fillRows(ids, 6, nil)
	status, res = analyst.postFiles(t, path+"?check=1", map[string][]byte{"grunnlag.xlsx": good})
	if status != 200 || res["checked"] != true || res["cases"] != float64(3) || forms() != 0 {
		t.Fatalf("check only: %d %v, %d forms", status, res, forms())
	}
	if status, _ := in.leader(t, strconv.FormatInt(services[0].ID, 10)).postFiles(t, path, map[string][]byte{"grunnlag.xlsx": good}); status != http.StatusForbidden {
		t.Fatalf("a leader imports a several-services baseline: %d", status)
	}
	status, res = analyst.postFiles(t, path, map[string][]byte{"grunnlag.xlsx": good})
	if status != 200 || res["cases"] != float64(3) || forms() != 3 {
		t.Fatalf("import: %d %v, %d forms", status, res, forms())
	}
	var counted int
	if err := in.DB.NewSelect().Table("counted_revisions").ColumnExpr("sum(case_count)").Where("round_id = ?", round).Scan(ctx, &counted); err != nil || counted != 18 {
		t.Fatalf("counted cases %d, %v", counted, err)
	}
	// The same services again: refused, each by its row.
	status, res = analyst.postFiles(t, path, map[string][]byte{"grunnlag.xlsx": good})
	if status != 422 || len(problemPaths(res)) != 3 || forms() != 3 {
		t.Fatalf("imported twice: %d %v", status, res)
	}
}

const baselineSheet = "Grunnlag"

// fillBaselineRows fills the rows of the given services in the several-services workbook: every
// case "Ja" on every question, the first outcome, three days each; edit may then break something.
func fillBaselineRows(t *testing.T, blank []byte, ids []int64, cases int, edit func(f *excelize.File, rowOf map[int64]int)) []byte {
	const sheet = baselineSheet
	return fill(t, blank, func(f *excelize.File) {
		rows, _ := f.GetRows(sheet)
		rowOf := map[int64]int{}
		for i, r := range rows {
			if len(r) > 0 {
				id, _ := strconv.ParseInt(r[0], 10, 64)
				rowOf[id] = i + 1
			}
		}
		header := rows[0]
		for _, id := range ids {
			row := rowOf[id]
			if row == 0 {
				t.Fatalf("service %d has no row", id)
			}
			firstOutcome := true
			for c, h := range header {
				ref, _ := excelize.CoordinatesToCellName(c+1, row)
				switch {
				case c == 2:
					_ = f.SetCellValue(sheet, ref, cases)
				case strings.HasSuffix(h, " Ja"):
					_ = f.SetCellValue(sheet, ref, cases)
				case strings.HasPrefix(h, "Utfall: ") && firstOutcome:
					_ = f.SetCellValue(sheet, ref, cases)
					firstOutcome = false
				case strings.HasPrefix(h, "Dager"):
					_ = f.SetCellValue(sheet, ref, strings.TrimSuffix(strings.Repeat("3;", cases), ";"))
				}
			}
		}
		if edit != nil {
			edit(f, rowOf)
		}
	})
}
