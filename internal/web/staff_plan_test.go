package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// TestPlanPages: the bureau chooses a pilot batch (a wrong count refused
// with a localized message and nothing changed), sees the board with
// marks that do not rely on colour, ticks a manual task with evidence,
// prints and exports the report; a township office sees its own row
// only; an organization's admin and the public are refused.
func TestPlanPages(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	office, _ := e.staff(t, "bz.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})
	org := e.operatingOrg(t, "城桥镇人民调解委员会", chengqiao)
	admin, _ := e.staff(t, "admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: org})
	public := e.browser(t)
	towns := e.st.District.Townships

	bureau.get("/staff/plan").want(t, http.StatusOK, "", `href="/staff/plan"`, "试点建设", "入驻推广", "深化拓展", "总结提升", "尚未选取试点乡镇")
	two := url.Values{"townships": {towns[0].Code, towns[1].Code}}
	bureau.post("/staff/plan/batches/1", two).want(t, http.StatusUnprocessableEntity, "", "第1批应选取3个乡镇，当前选了2个")
	var n int
	if err := e.db.Reader().QueryRow(`SELECT count(*) FROM plan_pilots`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d pilots after a refused batch (%v)", n, err)
	}
	three := url.Values{"townships": {towns[0].Code, towns[1].Code, towns[2].Code}}
	board := bureau.post("/staff/plan/batches/1", three)
	board.want(t, http.StatusOK, "/staff/plan", "试点乡镇已保存", `id="plan-row-`+towns[1].Code+`"`, "✗", "未达成", `<th scope="row"><a href="/staff/plan/townships/`)

	var task int64
	if err := e.db.Reader().QueryRow(`SELECT id FROM plan_tasks WHERE phase = 2 AND metric = '' ORDER BY position LIMIT 1`).Scan(&task); err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(task, 10)
	bureau.upload("/staff/plan/tasks/"+ts+"/tick", url.Values{"note": {""}}, "纪要.pdf", staffPDF).
		want(t, http.StatusUnprocessableEntity, "", "请填写完成情况说明")
	bureau.upload("/staff/plan/tasks/"+ts+"/tick", url.Values{"note": {"召开试点乡镇联席会"}}, "纪要.pdf", staffPDF).
		want(t, http.StatusOK, "/staff/plan", "任务已确认完成", "召开试点乡镇联席会", `href="/staff/plan/tasks/`+ts+`/evidence"`)
	if p := bureau.get("/staff/plan/tasks/" + ts + "/evidence"); p.status != http.StatusOK || !strings.HasPrefix(p.body, "%PDF") {
		t.Errorf("evidence: %d", p.status)
	}
	bad := url.Values{"text": {"组织试点乡镇召开座谈会"}, "owner": {"区司法局"}, "due_on": {"2021-02-30"}}
	bureau.post("/staff/plan/tasks/"+ts, bad).want(t, http.StatusUnprocessableEntity, "", "请填写有效日期")
	good := url.Values{"text": {"组织试点乡镇召开座谈会"}, "owner": {"区司法局"}, "due_on": {"2021-07-15"}, "metric": {"district_orgs"}}
	bureau.post("/staff/plan/tasks/"+ts, good).want(t, http.StatusConflict, "", "请先撤销确认")
	good.Del("metric")
	bureau.post("/staff/plan/tasks/"+ts, good).want(t, http.StatusOK, "/staff/plan", "任务已保存", "2021-07-15")
	bureau.get("/staff/plan?phase=2").want(t, http.StatusOK, "", `aria-current="page">第2阶段`, "已完成 1/3 项（33%）")
	bureau.get("/staff/plan/report").want(t, http.StatusOK, "", `id="plan-report-page"`, "总结评估报告", "区级层面依法登记注册的调解组织")
	// The base target's figure is a yes or no in the page's language.
	if p := bureau.get("/staff/plan/report", "Accept-Language", "en"); p.status != http.StatusOK || strings.Contains(p.body, "<td>否</td>") || strings.Contains(p.body, "<td>是</td>") ||
		!strings.Contains(p.body, "<td>No</td>") && !strings.Contains(p.body, "<td>Yes</td>") {
		t.Errorf("the English report's base figure: %d", p.status)
	}
	// The workbook follows the page's language: sheets, headers, file name.
	for _, tc := range []struct {
		lang, sheets, header, name string
	}{
		{"", "目标 阶段 任务 试点乡镇", "目标", "%E6%80%BB%E7%BB%93%E8%AF%84%E4%BC%B0%E6%8A%A5%E5%91%8A-"},
		{"en", "Targets Phases Tasks Pilot townships", "Target", "rollout-report-"},
	} {
		x := bureau.get("/staff/plan/report.xlsx", "Accept-Language", tc.lang)
		if x.status != http.StatusOK || !strings.Contains(x.header.Get("Content-Type"), "spreadsheetml") ||
			!strings.Contains(x.header.Get("Content-Disposition"), "filename*=UTF-8''"+tc.name) {
			t.Fatalf("export %q: %d %s %s", tc.lang, x.status, x.header.Get("Content-Type"), x.header.Get("Content-Disposition"))
		}
		f, err := excelize.OpenReader(strings.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		list := f.GetSheetList()
		a1, _ := f.GetCellValue(list[0], "A1")
		f.Close()
		if strings.Join(list, " ") != tc.sheets || a1 != tc.header {
			t.Errorf("export %q: sheets %q, A1 %q; want %q, %q", tc.lang, list, a1, tc.sheets, tc.header)
		}
	}

	own := office.get("/staff/plan")
	own.want(t, http.StatusOK, "", `id="plan-row-`+baozhen+`"`)
	own.lacks(t, `id="plan-row-`+chengqiao+`"`, "召开试点乡镇联席会", `id="plan-export"`, `id="plan-figures"`)
	office.get("/staff/plan/townships/"+chengqiao).want(t, http.StatusNotFound, "")
	office.get("/staff/plan/townships/"+baozhen).want(t, http.StatusOK, "", "实施进度")
	office.get("/staff/plan/report").want(t, http.StatusForbidden, "")
	office.post("/staff/plan/batches/2", three).want(t, http.StatusForbidden, "")
	admin.get("/staff/plan").want(t, http.StatusForbidden, "")
	if p := public.get("/staff/plan"); p.status == http.StatusOK && p.path == "/staff/plan" {
		t.Error("the public reached the board")
	}
}
