package registry_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/export"
	"tiaojie/internal/i18n"
	"tiaojie/internal/registry"
)

// TestPublicOrg: the public page's content, and the map link with and
// without coordinates.
func TestPublicOrg(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		in := input("城桥镇人民调解委员会", chengqiao)
		in.Latitude, in.Longitude = ptr(31.622), ptr(121.397)
		id := e.create(t, bureau, in)
		if _, err := e.svc.PublicOrg(ctx, id); code(err) != "error.not_found" {
			t.Fatalf("public page of a preparing organization: %v", err)
		}
		if _, err := e.svc.Services(ctx, anon, id); code(err) != "error.not_found" {
			t.Errorf("public service list of a preparing organization: %v", err)
		}
		if _, err := e.svc.FeeStandards(ctx, anon, id, false); code(err) != "error.not_found" {
			t.Errorf("public fee standards of a preparing organization: %v", err)
		}
		if _, err := e.svc.Services(ctx, cq, id); err != nil {
			t.Errorf("staff service list of a preparing organization: %v", err)
		}
		e.activate(t, id, "01")
		_, err := e.svc.AddDocument(ctx, bureau, id, registry.DocDisclosure, "2025 年度工作报告", pdf("report.pdf"), true)
		must(t, err)
		_, err = e.svc.AddService(ctx, bureau, id, registry.ServiceInput{Name: "邻里调解"})
		must(t, err)
		p, err := e.svc.PublicOrg(ctx, id)
		must(t, err)
		got := []any{p.Name, p.TownshipName, p.CreditCode, p.RegistrationAuthority, p.Paid, p.FeeInForce == nil,
			len(p.Services), len(p.Documents), p.Documents[0].Title, p.Notices != nil && len(p.Notices) == 0,
			p.MapURL, p.Specialties, p.Languages}
		want := []any{"城桥镇人民调解委员会", "城桥镇", creditCode(t, "01"), "上海市崇明区司法局", false, true,
			1, 1, "2025 年度工作报告", true,
			"https://uri.amap.com/marker?position=121.397000,31.622000&name=%E5%9F%8E%E6%A1%A5%E9%95%87%E4%BA%BA%E6%B0%91%E8%B0%83%E8%A7%A3%E5%A7%94%E5%91%98%E4%BC%9A&coordinate=gaode&callnative=0&src=tiaojie",
			[]string{"marriage_family", "neighbour"}, []string{"chongming", "mandarin"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("profile (-want +got):\n%s", diff)
		}
		o, _ := e.svc.Get(ctx, bureau, id)
		o.Latitude, o.Longitude = nil, nil
		if u := e.svc.MapURL(o); u != "https://uri.amap.com/search?keyword=%E4%B8%8A%E6%B5%B7%E5%B8%82%E5%B4%87%E6%98%8E%E5%8C%BA%E4%BA%BA%E6%B0%91%E8%B7%AF+68+%E5%8F%B7&city=310151&callnative=0&src=tiaojie" {
			t.Errorf("address map link %s", u)
		}
		o.Address = ""
		if u := e.svc.MapURL(o); u != "" {
			t.Errorf("map link without a place: %s", u)
		}
	})
}

// TestExportRows: the staff list as a workbook, in the caller's scope and
// the reader's language; the export is audited.
func TestExportRows(t *testing.T) {
	cat, err := i18n.Load()
	must(t, err)
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		a := e.active(t, input("城桥镇人民调解委员会", chengqiao), "01")
		e.create(t, bureau, input("堡镇人民调解委员会", baozhen))
		for _, tc := range []struct {
			lang  i18n.Lang
			sheet string
			want  [][]string
		}{
			{i18n.Zh, "调解组织", [][]string{
				{"名称", "类型", "组织形式", "层级", "乡镇", "状态", "统一社会信用代码", "登记机关", "登记日期", "联系人", "联系电话", "星级", "是否收费", "在线服务"},
				{"城桥镇人民调解委员会", "基础型", "人民调解委员会", "村居级", "城桥镇", "正常", creditCode(t, "01"), "上海市崇明区司法局",
					"2026-03-01", "张老师", "021-59621234", "", "否", "否"},
			}},
			{i18n.En, "Mediation organizations", [][]string{
				{"Name", "Type", "Legal form", "Level", "Township", "Status", "Unified social credit code", "Registration authority", "Registered on",
					"Contact", "Phone", "Stars", "Charges fees", "Online service"},
				{"城桥镇人民调解委员会", "Grass-roots", "People's mediation committee", "Village or neighbourhood", "Chengqiao Town", "Active",
					creditCode(t, "01"), "上海市崇明区司法局", "2026-03-01", "张老师", "021-59621234", "", "No", "No"},
			}},
		} {
			sheet, err := e.svc.ExportRows(ctx, cq, registry.StaffFilter{}, cat.In(tc.lang))
			must(t, err)
			var b bytes.Buffer
			must(t, export.WriteXLSX(&b, sheet))
			f, err := excelize.OpenReader(&b)
			must(t, err)
			rows, err := f.GetRows(tc.sheet)
			f.Close()
			must(t, err)
			if diff := cmp.Diff(tc.want, rows); diff != "" {
				t.Errorf("%s export of organization %d (-want +got):\n%s", tc.lang, a, diff)
			}
		}
		if n := e.audits(t, "org.export", audit.OK); n != 2 {
			t.Errorf("export audited %d times", n)
		}
		if _, err := e.svc.ExportRows(ctx, anon, registry.StaffFilter{}, cat.In(i18n.Zh)); code(err) != "error.forbidden" {
			t.Errorf("public export: %v", err)
		}
	})
}

// TestLabelsMatchCatalogue: the Chinese names used by the index are the
// catalogue's words, and every level and status has one.
func TestLabelsMatchCatalogue(t *testing.T) {
	c, err := i18n.Load()
	must(t, err)
	check := func(key, name string) {
		t.Helper()
		if got := c.T(i18n.Zh, key); got != name {
			t.Errorf("%s: catalogue %q, code %q", key, got, name)
		}
	}
	for _, v := range tiaojie.OrgTypes() {
		check("org.type."+string(v), registry.TypeName(v))
	}
	for _, v := range tiaojie.LegalForms() {
		check("org.form."+string(v), registry.FormName(v))
	}
	for _, v := range tiaojie.OrgLevels() {
		if !c.Has("org.level." + string(v)) {
			t.Errorf("level %s has no label", v)
		}
	}
	for _, v := range tiaojie.OrgStatuses() {
		if !c.Has("org.status." + string(v)) {
			t.Errorf("status %s has no label", v)
		}
	}
	for _, a := range tiaojie.OrgActions() {
		if !c.Has("org.action." + string(a)) {
			t.Errorf("action %s has no label", a)
		}
	}
	for _, k := range registry.DocKinds() {
		if !c.Has("org.document.kind." + string(k)) {
			t.Errorf("document kind %s has no label", k)
		}
	}
}
