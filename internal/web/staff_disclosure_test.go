package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/experts"
)

// operatingOrg creates an operating organization that existed in 2024.
func (e *staffEnv) operatingOrg(t *testing.T, name, township string) int64 {
	t.Helper()
	id := e.org(t, name, township, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	if _, err := e.db.Writer().Exec(`UPDATE orgs SET status = 'active', created_at = $1 WHERE id = $2`,
		time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), id); err != nil {
		t.Fatal(err)
	}
	return id
}

func disclosureForm(action string, kv ...string) url.Values {
	f := url.Values{"action": {action}, "structure": {"主任1名，委员4名"}, "persons": {"主任：张明"},
		"services": {"邻里纠纷调解"}, "income_gov": {"120000"}, "spend_staff": {"80000.5"}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// TestDisclosurePages: an organization's admin drafts, saves and files
// the annual disclosure; another organization's admin can neither see nor
// file it; the draft is private and the filed version public; the bureau
// sees the overview, exports it and requires an ad-hoc disclosure; an
// abnormal organization carries the badge until it files.
func TestDisclosurePages(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	a := e.operatingOrg(t, "城桥镇人民调解委员会", chengqiao)
	b := e.operatingOrg(t, "堡镇人民调解委员会", baozhen)
	adminA, _ := e.staff(t, "admin.a", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: a})
	adminB, _ := e.staff(t, "admin.b", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: b})
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	public := e.browser(t)
	as := strconv.FormatInt(a, 10)

	// The sweep marks both abnormal: the 2025 disclosures were due on 31 March.
	if _, err := e.st.Disclosure.Sweep(ctx, start); err != nil {
		t.Fatal(err)
	}
	public.get("/orgs/"+as).want(t, http.StatusOK, "", `id="abnormal-badge"`, "活动异常", `id="no-disclosures"`)
	public.get("/directory").want(t, http.StatusOK, "", "abnormal")

	adminA.get("/staff/disclosure").want(t, http.StatusOK, "/staff/orgs/"+as+"/disclosures", `id="start-disclosure"`, `href="/staff/disclosure"`)
	adminB.get("/staff/orgs/"+as+"/disclosures").want(t, http.StatusNotFound, "")
	p := adminA.post("/staff/orgs/"+as+"/disclosures", url.Values{"year": {"2025"}})
	p.want(t, http.StatusOK, "", `id="file-disclosure"`, "2025年度信息公开")
	draft := p.path
	adminB.get(draft).want(t, http.StatusNotFound, "")
	adminB.post(draft, disclosureForm("file")).want(t, http.StatusNotFound, "")
	public.get("/disclosures/"+draft[len("/staff/disclosures/"):]).want(t, http.StatusNotFound, "")

	adminA.post(draft, disclosureForm("save", "income_gov", "12万")).
		want(t, http.StatusUnprocessableEntity, "", "请填写以元为单位的金额")
	adminA.post(draft, disclosureForm("file", "services", "")).
		want(t, http.StatusUnprocessableEntity, "", "请填写此项后再提交")
	adminA.post(draft, disclosureForm("save")).want(t, http.StatusOK, draft, "草稿已保存", `value="120000.00"`)
	adminA.post(draft, disclosureForm("file")).want(t, http.StatusOK, draft, "已提交并公开", `id="income-total">120,000.00`, `id="spending-total">80,000.50`, `id="correct-disclosure"`)

	id := draft[len("/staff/disclosures/"):]
	public.get("/disclosures/"+id).want(t, http.StatusOK, "", "城桥镇人民调解委员会", "邻里纠纷调解", "120,000.00")
	org := public.get("/orgs/" + as)
	org.want(t, http.StatusOK, "", `href="/disclosures/`+id+`"`, "2025年度信息公开")
	org.lacks(t, `id="abnormal-badge"`)

	// The bureau's overview: A on time… no: filed late (after 31 March); B abnormal.
	ov := bureau.get("/staff/disclosures?year=2025")
	ov.want(t, http.StatusOK, "/staff/disclosures", "逾期后公开", "活动异常", `id="disclosure-export"`, `href="/staff/disclosures" aria-current="page"`)
	bureau.get("/staff/disclosures?year=2025&standing=abnormal").want(t, http.StatusOK, "", "堡镇人民调解委员会")
	if x := bureau.get("/staff/disclosures.xlsx?year=2025"); x.status != http.StatusOK || x.header.Get("Content-Type") == "" {
		t.Errorf("export %d", x.status)
	}
	adminA.get("/staff/disclosures").want(t, http.StatusForbidden, "")

	due := start.In(tiaojie.Beijing()).AddDate(0, 0, 20).Format(time.DateOnly)
	bureau.post("/staff/disclosures/adhoc", url.Values{"org": {as}, "subject": {""}, "due": {due}}).
		want(t, http.StatusUnprocessableEntity, "", "请填写公开事项")
	bureau.post("/staff/disclosures/adhoc", url.Values{"org": {as}, "subject": {"负责人变更"}, "due": {due}}).
		want(t, http.StatusOK, "/staff/disclosures", "已发出公开要求", "负责人变更")
	adminA.get("/staff/orgs/"+as+"/disclosures").want(t, http.StatusOK, "", "重大事项公开：负责人变更")
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'disclosure.file' AND outcome = 'ok'`); n != 1 {
		t.Errorf("%d filings audited", n)
	}
}

// TestExpertPages: the bureau keeps the pool (list, search, create with a
// linked login, edit, deactivate, ties added and removed); others may not;
// an expert sees their record and declares a tie but cannot remove one.
func TestExpertPages(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	org := e.operatingOrg(t, "城桥镇人民调解委员会", chengqiao)
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	cq, _ := e.staff(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	expert, _ := e.staff(t, "prof.zhang", tiaojie.Grant{Role: tiaojie.RoleExpert})

	bureau.get("/staff/experts").want(t, http.StatusOK, "/staff/experts", `href="/staff/experts" aria-current="page"`, `id="create-expert"`)
	cq.get("/staff/experts").want(t, http.StatusForbidden, "")
	cq.get("/staff/mediators").lacks(t, `href="/staff/experts"`)
	expert.get("/expert").want(t, http.StatusNotFound, "")

	bureau.post("/staff/experts", url.Values{"name": {"张教授"}, "login": {"nobody"}}).
		want(t, http.StatusUnprocessableEntity, "", "没有这个登录账号")
	bureau.post("/staff/experts", url.Values{"name": {""}}).want(t, http.StatusUnprocessableEntity, "", "请填写专家姓名")
	p := bureau.post("/staff/experts", url.Values{"name": {"张教授"}, "title": {"教授"}, "employer": {"华东政法大学"},
		"fields": {"婚姻家庭\n物业纠纷"}, "login": {"prof.zhang"}})
	p.want(t, http.StatusOK, "", "已加入专家库", `value="prof.zhang"`)
	path := p.path
	bureau.get("/staff/experts?q=物业").want(t, http.StatusOK, "", "张教授", "婚姻家庭、物业纠纷")
	bureau.get("/staff/experts?q=不存在").lacks(t, "张教授")

	bureau.post(path, url.Values{"name": {"张明教授"}, "title": {"教授"}, "login": {"prof.zhang"}}).
		want(t, http.StatusOK, path, "已保存", "张明教授")
	os := strconv.FormatInt(org, 10)
	bureau.post(path+"/ties", url.Values{"org_id": {os}, "kind": {"other"}}).
		want(t, http.StatusUnprocessableEntity, "", "请说明关联关系")
	bureau.post(path+"/ties", url.Values{"org_id": {os}, "kind": {"adviser"}}).
		want(t, http.StatusOK, path, "关联关系已记录", `id="tie-list"`, "顾问")

	// The expert: their record, a declaration; no removal.
	expert.get("/expert").want(t, http.StatusOK, "/expert", "张明教授", "顾问", `id="declare-tie"`, `href="/expert"`)
	expert.post("/expert/ties", url.Values{"org_id": {os}, "kind": {"relative"}}).
		want(t, http.StatusOK, "/expert", "近亲属在该组织工作")
	expert.post(path+"/ties/"+os+"/delete", nil).want(t, http.StatusForbidden, "")
	expert.get(path).want(t, http.StatusForbidden, "")

	bureau.post(path+"/ties/"+os+"/delete", nil).want(t, http.StatusOK, path, "关联关系已解除", `id="no-ties"`)
	bureau.post(path+"/status", url.Values{"active": {"0"}}).want(t, http.StatusOK, path, "状态已更新", "已退出")
	id, _ := strconv.ParseInt(path[len("/staff/experts/"):], 10, 64)
	if err := experts.CheckUntied(context.Background(), e.db.Reader(), id, org); !tiaojie.IsKind(err, tiaojie.Conflict) {
		t.Errorf("an inactive expert: %v", err)
	}
}
