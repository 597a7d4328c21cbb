package export_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"tiaojie"
	"tiaojie/internal/export"
)

func open(t *testing.T, sheets ...export.Sheet) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	if err := export.WriteXLSX(&b, sheets...); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestWriteXLSX: the workbook opens, with its sheets, bold frozen
// headers, values as written and times in Beijing time.
func TestWriteXLSX(t *testing.T) {
	at := time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC) // 2026-03-02 00:30 in Beijing
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, tiaojie.Beijing())
	f := open(t,
		export.Sheet{
			Name:    "调解组织",
			Headers: []string{"名称", "登记日期", "更新时间", "星级", "收费", "空"},
			Rows: [][]any{
				{"城桥镇人民调解委员会", export.Date(day), at, 5, tiaojie.Money(675000), nil},
				{"崇明区商事调解中心", export.Date(time.Time{}), time.Time{}, nil, tiaojie.Money(0), ""},
			},
		},
		export.Sheet{Name: "第二页", Headers: []string{"甲"}, Rows: [][]any{{"乙"}}},
	)
	if diff := cmp.Diff([]string{"调解组织", "第二页"}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	rows, err := f.GetRows("调解组织")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"名称", "登记日期", "更新时间", "星级", "收费", "空"},
		{"城桥镇人民调解委员会", "2026-03-02", "2026-03-02 00:30", "5", "6,750.00"},
		{"崇明区商事调解中心", "", "", "", "0.00"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	style, err := f.GetCellStyle("调解组织", "B1")
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(style)
	if err != nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("header not bold: %+v %v", s, err)
	}
	panes, err := f.GetPanes("调解组织")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
	name, _ := f.GetColWidth("调解组织", "A")
	short, _ := f.GetColWidth("第二页", "A")
	if name < 20 || short > 10 {
		t.Errorf("column widths %.1f (long Chinese names) and %.1f (one character)", name, short)
	}
}

// TestWriteXLSXRefuses: no sheet, two sheets of one name, a bad name.
func TestWriteXLSXRefuses(t *testing.T) {
	for _, sheets := range [][]export.Sheet{
		nil,
		{{Name: "甲"}, {Name: "甲"}},
		{{Name: "a/b"}},
	} {
		if err := export.WriteXLSX(&bytes.Buffer{}, sheets...); err == nil {
			t.Errorf("%+v written", sheets)
		}
	}
}
