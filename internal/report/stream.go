package report

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// StreamCSV writes a header and the rows produced by each, as they come (UTF-8 with BOM).
func StreamCSV(out io.Writer, header []string, each func(emit func([]string) error) error) error {
	if _, err := io.WriteString(out, "\ufeff"); err != nil {
		return err
	}
	w := csv.NewWriter(out)
	if err := w.Write(header); err != nil {
		return err
	}
	n := 0
	err := each(func(r []string) error {
		n++
		if n%1000 == 0 {
			w.Flush()
		}
		return w.Write(r)
	})
	w.Flush()
	if err != nil {
		return err
	}
	return w.Error()
}

// StreamXLSX writes a one-sheet workbook with excelize's stream writer, so rows are not all kept
// as cell objects; numbers stay numbers.
func StreamXLSX(out io.Writer, sheet string, header []string, each func(emit func([]string) error) error) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	cells := func(r []string) []any {
		out := make([]any, len(r))
		for i, v := range r {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				out[i] = n
			} else {
				out[i] = v
			}
		}
		return out
	}
	row := 1
	write := func(r []string) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, cells(r))
	}
	if err := write(header); err != nil {
		return err
	}
	if err := each(write); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(out)
	return err
}
