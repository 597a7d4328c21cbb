// Package export writes staff lists as Excel workbooks (.xlsx), the form in
// which a justice bureau files, sorts and forwards lists. Every staff list
// of the platform exports through WriteXLSX, so all exports look alike:
// headers in bold with a filter, the header row frozen, columns wide enough
// for their content (CJK counted double), times in Beijing time.
//
// Services build the Sheet (they know the scope and the columns) in the
// reader's language, with the i18n.Words the web and API layers hand in
// (docs/decisions.md D32); those layers only stream the bytes. It uses
// github.com/xuri/excelize/v2.
package export

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"tiaojie"
)

// Sheet is one worksheet: a name (at most 31 characters, none of : \ / ? * [ ]),
// a header row and rows of values. A value may be a string, a number, a
// bool, a time.Time (written as date and time, Beijing time), a Date
// (written as a date), a tiaojie.Money (written in yuan), or nil (an empty
// cell).
type Sheet struct {
	Name    string
	Headers []string
	Rows    [][]any
}

// Date is a time written as a date only, for values that are days
// (registration dates, effective dates) stored as midnight Beijing time.
// The zero time is an empty cell.
type Date time.Time

// Column widths, in characters: at least minWidth, at most maxWidth, and
// room for padding beside the widest value.
const (
	minWidth = 8
	maxWidth = 60
	padding  = 2
)

// styles are the cell styles of a workbook.
type styles struct {
	header, date, datetime, money int
}

// WriteXLSX writes the sheets as one workbook to w.
func WriteXLSX(w io.Writer, sheets ...Sheet) error {
	if len(sheets) == 0 {
		return errors.New("export: no sheet to write")
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, sh := range sheets {
		name := sh.Name
		if name == "" {
			name = fmt.Sprintf("Sheet%d", i+1)
		}
		if seen[strings.ToLower(name)] {
			return fmt.Errorf("export: two sheets named %q", name)
		}
		seen[strings.ToLower(name)] = true
		if err := addSheet(f, i, name); err != nil {
			return err
		}
		if err := writeSheet(f, name, sh, st); err != nil {
			return err
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("export: write workbook: %w", err)
	}
	return nil
}

// addSheet names the workbook's first sheet, or adds another.
func addSheet(f *excelize.File, i int, name string) error {
	var err error
	if i == 0 {
		err = f.SetSheetName(f.GetSheetName(0), name)
	} else {
		_, err = f.NewSheet(name)
	}
	if err != nil {
		return fmt.Errorf("export: sheet %q: %w", name, err)
	}
	return nil
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	datetime, date, money := "yyyy-mm-dd hh:mm", "yyyy-mm-dd", "#,##0.00"
	for _, s := range []struct {
		id    *int
		style *excelize.Style
	}{
		{&st.header, &excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#E7EEF7"}},
			Alignment: &excelize.Alignment{Vertical: "center"},
		}},
		{&st.datetime, &excelize.Style{CustomNumFmt: &datetime}},
		{&st.date, &excelize.Style{CustomNumFmt: &date}},
		{&st.money, &excelize.Style{CustomNumFmt: &money}},
	} {
		if *s.id, err = f.NewStyle(s.style); err != nil {
			return styles{}, fmt.Errorf("export: style: %w", err)
		}
	}
	return st, nil
}

// writeSheet writes the header, the rows, the widths, the frozen header and
// the filter of one sheet.
func writeSheet(f *excelize.File, name string, sh Sheet, st styles) error {
	widths := make([]int, 0, len(sh.Headers))
	grow := func(col, w int) {
		for len(widths) <= col {
			widths = append(widths, 0)
		}
		widths[col] = max(widths[col], w)
	}
	for c, h := range sh.Headers {
		if err := setCell(f, name, c, 0, h, st); err != nil {
			return err
		}
		grow(c, textWidth(h))
	}
	for r, row := range sh.Rows {
		for c, v := range row {
			if err := setCell(f, name, c, r+1, v, st); err != nil {
				return err
			}
			grow(c, valueWidth(v))
		}
	}
	if err := setWidths(f, name, widths); err != nil {
		return err
	}
	return frameHeader(f, name, len(sh.Headers), len(sh.Rows), st)
}

// setCell writes one value at zero-based column c and row r.
func setCell(f *excelize.File, sheet string, c, r int, v any, st styles) error {
	cell, err := excelize.CoordinatesToCellName(c+1, r+1)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	value, style := cellValue(v, st)
	if value == nil {
		return nil
	}
	if err := f.SetCellValue(sheet, cell, value); err != nil {
		return fmt.Errorf("export: cell %s: %w", cell, err)
	}
	if style != 0 {
		if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
			return fmt.Errorf("export: cell %s: %w", cell, err)
		}
	}
	return nil
}

// cellValue returns what to write for a value and its style (0: default).
// Times are written as Beijing wall-clock time.
func cellValue(v any, st styles) (any, int) {
	switch x := v.(type) {
	case nil:
		return nil, 0
	case time.Time:
		if x.IsZero() {
			return nil, 0
		}
		return x.In(tiaojie.Beijing()), st.datetime
	case Date:
		t := time.Time(x)
		if t.IsZero() {
			return nil, 0
		}
		return t.In(tiaojie.Beijing()), st.date
	case tiaojie.Money:
		return float64(x) / 100, st.money
	}
	return v, 0
}

// valueWidth is the display width of a value as written.
func valueWidth(v any) int {
	switch x := v.(type) {
	case nil:
		return 0
	case time.Time:
		return len("2006-01-02 15:04")
	case Date:
		return len("2006-01-02")
	case tiaojie.Money:
		return len(x.FormatYuan())
	case string:
		return textWidth(x)
	}
	return textWidth(fmt.Sprint(v))
}

// textWidth counts a Chinese (wide) character as two columns, as Excel
// shows it.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

func setWidths(f *excelize.File, sheet string, widths []int) error {
	for c, w := range widths {
		col, err := excelize.ColumnNumberToName(c + 1)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := f.SetColWidth(sheet, col, col, float64(min(max(w+padding, minWidth), maxWidth))); err != nil {
			return fmt.Errorf("export: width of %s: %w", col, err)
		}
	}
	return nil
}

// frameHeader makes the header row bold, frozen and a filter.
func frameHeader(f *excelize.File, sheet string, cols, rows int, st styles) error {
	if cols == 0 {
		return nil
	}
	last, err := excelize.CoordinatesToCellName(cols, 1)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := f.SetCellStyle(sheet, "A1", last, st.header); err != nil {
		return fmt.Errorf("export: header style: %w", err)
	}
	err = f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
	if err != nil {
		return fmt.Errorf("export: freeze header: %w", err)
	}
	end, err := excelize.CoordinatesToCellName(cols, rows+1)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := f.AutoFilter(sheet, "A1:"+end, nil); err != nil {
		return fmt.Errorf("export: filter: %w", err)
	}
	return nil
}
