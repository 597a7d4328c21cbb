package roster_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/export"
	"tiaojie/internal/i18n"
	"tiaojie/internal/roster"
)

// TestStaffList: the staff list's filters, paging and total, within the
// caller's scope; removed and suspended mediators stay listed for staff.
func TestStaffList(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := seedCorpus(t, e)
		ctx := context.Background()
		if err := e.svc.SetStatus(ctx, bureau, c.id["刘洋"], tiaojie.MediatorRemoved, "违法调解", "崇司调〔2026〕3号"); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			f    roster.StaffFilter
			want []string // by name (byte order)
		}{
			{"everyone", bureau, roster.StaffFilter{}, []string{"Zhang Wei", "刘洋", "孙涛", "张丽华", "张伟", "李建国", "王美玲", "赵志强", "陈晓"}},
			{"search", bureau, roster.StaffFilter{Q: "婚姻"}, []string{"刘洋", "孙涛", "张丽华", "李建国", "王美玲", "陈晓"}},
			{"phone", bureau, roster.StaffFilter{Q: "139 1234 5678"}, []string{"张丽华"}},
			{"identity number", bureau, roster.StaffFilter{Q: strings.ToLower(womanID)}, []string{"张丽华"}},
			{"organization", bureau, roster.StaffFilter{OrgID: c.cq}, []string{"刘洋", "孙涛", "张丽华", "张伟", "李建国"}},
			{"township", bureau, roster.StaffFilter{Township: baozhen}, []string{"Zhang Wei", "张伟", "王美玲", "赵志强"}},
			{"status", bureau, roster.StaffFilter{Status: tiaojie.MediatorSuspended}, []string{"孙涛"}},
			{"removed", bureau, roster.StaffFilter{Status: tiaojie.MediatorRemoved}, []string{"刘洋"}},
			{"grade", bureau, roster.StaffFilter{Grade: 1}, []string{"刘洋", "李建国", "陈晓"}},
			{"ungraded", bureau, roster.StaffFilter{Grade: roster.NoGrade}, []string{"张伟", "王美玲"}},
			{"specialty", bureau, roster.StaffFilter{DisputeType: "medical"}, []string{"赵志强"}},
			{"page", bureau, roster.StaffFilter{Offset: 2, Limit: 3}, []string{"孙涛", "张丽华", "张伟"}},
			{"township office's scope", bzOffice, roster.StaffFilter{}, []string{"Zhang Wei", "张伟", "王美玲", "赵志强"}},
			{"scope and filter", bzOffice, roster.StaffFilter{OrgID: c.cq}, []string{"张伟"}},
			{"scope and search", orgAdmin(c.cq), roster.StaffFilter{Q: "张"}, []string{"张丽华", "张伟", "李建国"}},
		} {
			ms, total, err := e.svc.List(ctx, tc.p, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			var got []string
			for _, m := range ms {
				got = append(got, m.Name)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.name, diff)
			}
			if tc.f.Limit == 0 && total != len(tc.want) {
				t.Errorf("%s: total %d, want %d", tc.name, total, len(tc.want))
			}
			if tc.name == "page" && total != 9 {
				t.Errorf("page: total %d, want 9", total)
			}
		}
	})
}

// TestExport: the export has the reader's headers, readable cells in the
// reader's language, masked identity numbers, the caller's scope, and is
// audited; it writes as a workbook.
func TestExport(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	zh := cat.In(i18n.Zh)
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		bz := e.org(t, "堡镇人民调解委员会", baozhen, tiaojie.StatusActive)
		in := input("王芳", cq, bz)
		in.IDNumber, in.Phone, in.Gender = womanID, canaryPhone, "female"
		in.Orgs[0].Position = roster.PositionFullTime
		in.Specialties, in.Languages = []string{"neighbour", "marriage_family"}, []string{"chongming", "mandarin"}
		e.create(t, in)
		other := input("堡镇人", bz)
		other.Public, other.Grade, other.PracticeSince, other.Background = false, 0, 0, ""
		e.create(t, other)

		for lang, want := range map[i18n.Lang]export.Sheet{
			i18n.Zh: {
				Name:    "调解员名册",
				Headers: []string{"姓名", "性别", "身份证号（脱敏）", "所属组织", "等级", "专业背景", "擅长领域", "语言", "执业年份", "状态", "是否公开"},
				Rows: [][]any{{"王芳", "女", "310***********0422", "城桥镇人民调解委员会（专职调解员）、堡镇人民调解委员会（兼职调解员）",
					"二级", "法律", "婚姻家庭、邻里纠纷", "普通话、崇明话", 2010, "正常", "是"}},
			},
			i18n.En: {
				Name: "Mediators",
				Headers: []string{"Name", "Gender", "ID number (masked)", "Organizations", "Grade", "Background", "Specialties", "Languages",
					"Practising since", "Status", "Public"},
				Rows: [][]any{{"王芳", "Female", "310***********0422", "城桥镇人民调解委员会 (Full-time mediator), 堡镇人民调解委员会 (Part-time mediator)",
					"Grade 2", "Law", "Marriage and family, Neighbours", "Mandarin, Chongming dialect", 2010, "Active", "Yes"}},
			},
		} {
			sheet, err := e.svc.ExportRows(ctx, cqOffice, roster.StaffFilter{Limit: 1, Offset: 5}, cat.In(lang))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, sheet); diff != "" {
				t.Errorf("%s export for the 城桥镇 office (-want +got):\n%s", lang, diff)
			}
		}
		all, err := e.svc.ExportRows(ctx, bureau, roster.StaffFilter{}, zh)
		if err != nil || len(all.Rows) != 2 {
			t.Fatalf("bureau export: %d rows, %v", len(all.Rows), err)
		}
		if diff := cmp.Diff([]any{"堡镇人", "", "", "堡镇人民调解委员会（兼职调解员）", "未定级", "其他", "婚姻家庭", "普通话", nil, "正常", "否"}, all.Rows[0]); diff != "" {
			t.Errorf("sparse row (-want +got):\n%s", diff)
		}
		var b bytes.Buffer
		if err := export.WriteXLSX(&b, all); err != nil || b.Len() == 0 {
			t.Errorf("WriteXLSX: %v", err)
		}
		if rows := e.auditRows(t, "mediator.export"); len(rows) != 3 || !strings.Contains(rows[0].Detail, `"rows":"1"`) {
			t.Errorf("export audit rows = %+v", rows)
		}
		if _, err := e.svc.ExportRows(ctx, public, roster.StaffFilter{}, zh); kindCode(err) != "forbidden error.forbidden" {
			t.Errorf("public export = %v", err)
		}
		if _, err := e.svc.ExportRows(ctx, bureau, roster.StaffFilter{Q: womanID}, zh); err != nil {
			t.Fatal(err)
		}
		last := e.auditRows(t, "mediator.export")
		if d := last[len(last)-1].Detail; strings.Contains(d, womanID) || !strings.Contains(d, "310***********0422") {
			t.Errorf("the export's audit row holds the queried identity number in clear: %s", d)
		}
	})
}
