package main

import (
	"bytes"
	"context"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// `egenkontroll baseline template` without --service writes one row per service; filled in
// through excelize, `baseline import` stores every row, or nothing when one cell is wrong.
func TestBaselineCommandSeveralServices(t *testing.T) {
	dsn, _ := seededStore(t)
	db := testutil.OpenDB(t, dsn)
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := baselineCmd(ctx, log, append(args, "--database-url", dsn), &out)
		return out.String(), err
	}
	dir := t.TempDir()
	blank := filepath.Join(dir, "grunnlag.xlsx")
	out, err := run("template", "--round", "1", "--out", blank)
	if err != nil || !strings.Contains(out, "baseline workbook of round 1") {
		t.Fatalf("template: %v\n%s", err, out)
	}
	fillTwo := func(name string, yes int) string {
		f, err := excelize.OpenFile(blank)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("Grunnlag")
		for _, row := range []int{2, 3} {
			for c, h := range rows[0] {
				ref, _ := excelize.CoordinatesToCellName(c+1, row)
				switch {
				case c == 2:
					_ = f.SetCellValue("Grunnlag", ref, 5)
				case strings.HasSuffix(h, " Ja"):
					_ = f.SetCellValue("Grunnlag", ref, yes)
				case strings.HasSuffix(h, " Nei"):
					_ = f.SetCellValue("Grunnlag", ref, 5-min(yes, 5))
				case h == rows[0][len(rows[0])-1] && strings.HasPrefix(h, "Dager"):
					_ = f.SetCellValue("Grunnlag", ref, "1;2;3;4;5")
				}
			}
			for c, h := range rows[0] {
				if strings.HasPrefix(h, "Utfall: ") {
					ref, _ := excelize.CoordinatesToCellName(c+1, row)
					_ = f.SetCellValue("Grunnlag", ref, 5)
					break
				}
			}
		}
		path := filepath.Join(dir, name)
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		return path
	}
	count := func() int {
		n, _ := db.NewSelect().Table("submissions").Join("JOIN rounds r ON r.id = submissions.round_id").Where("r.number = 1").Where("submissions.revision > 0").Count(ctx)
		return int(n)
	}
	before := count()
	out, err = run("import", "--round", "1", fillTwo("broken.xlsx", 7))
	if err == nil || !strings.Contains(out, "broken.xlsx Grunnlag!") || count() != before {
		t.Fatalf("a broken workbook: %v\n%s", err, out)
	}
	out, err = run("import", "--round", "1", fillTwo("good.xlsx", 3))
	if err != nil || !strings.Contains(out, "Imported 2 services' results as round 1") || count() != before+2 {
		t.Fatalf("import: %v\n%s (%d forms, %d before)", err, out, count(), before)
	}
	if !strings.Contains(out, "good.xlsx Grunnlag!A2") || !strings.Contains(out, "[2/2] stored") {
		t.Errorf("no progress per service:\n%s", out)
	}
	// The round by its id, where several campaigns have a round 1.
	var id int64
	if err := db.NewSelect().Table("rounds").Column("id").Where("number = 1").Limit(1).Scan(ctx, &id); err != nil {
		t.Fatal(err)
	}
	if out, err := run("template", "--round-id", strconv.FormatInt(id, 10), "--out", filepath.Join(dir, "by-id.xlsx")); err != nil || !strings.Contains(out, "round 1") {
		t.Fatalf("template by round id: %v\n%s", err, out)
	}
	if _, err := run("template", "--round-id", "999999", "--out", filepath.Join(dir, "none.xlsx")); err == nil {
		t.Fatal("a template for a round that does not exist")
	}
}
