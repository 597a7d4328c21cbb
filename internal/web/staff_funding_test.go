package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/experts"
)

// TestFundingPages: the bureau records a grant and an organization's
// admin a donation, both public in the organization's disclosure; the
// bureau opens a venture round, an organization applies (not twice), the
// assigned expert scores, the bureau awards and publishes, and the public
// sees the awards only after publication; the expert's pages list the
// round among their assignments.
func TestFundingPages(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	// 23:45 on 29 November, Beijing: the round's window closes at midnight,
	// within the sessions' idle timeout.
	e.clock.Set(time.Date(2026, 11, 29, 15, 45, 0, 0, time.UTC))
	a := e.operatingOrg(t, "城桥镇人民调解委员会", chengqiao)
	b := e.operatingOrg(t, "堡镇人民调解委员会", baozhen)
	adminA, _ := e.staff(t, "admin.a", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: a})
	adminB, _ := e.staff(t, "admin.b", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: b})
	bureau, bureauID := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	expert, expertUser := e.staff(t, "prof.zhang", tiaojie.Grant{Role: tiaojie.RoleExpert})
	public := e.browser(t)
	bp := &tiaojie.Principal{UserID: bureauID, Grants: []tiaojie.Grant{{Role: tiaojie.RoleBureau}}, MFA: true}
	expertID, err := e.st.Experts.Create(ctx, bp, experts.Input{Name: "张教授", UserID: expertUser})
	if err != nil {
		t.Fatal(err)
	}
	as := strconv.FormatInt(a, 10)

	// Donations and grants.
	grant := url.Values{"org_id": {as}, "kind": {"grant"}, "source": {"区司法局"}, "amount": {"50000"},
		"received_on": {"2026-03-01"}, "purpose": {"调解室建设"}}
	bad := url.Values{}
	for k, v := range grant {
		bad[k] = v
	}
	bad.Set("amount", "0")
	bureau.post("/staff/funding", bad).want(t, http.StatusUnprocessableEntity, "", "金额须大于零")
	bureau.post("/staff/funding", grant).want(t, http.StatusOK, "/staff/funding", "已登记", "50,000.00")
	adminA.get("/staff/funding").want(t, http.StatusForbidden, "")
	adminA.get("/staff/funding.xlsx").want(t, http.StatusForbidden, "")
	if x := bureau.get("/staff/funding.xlsx"); x.status != http.StatusOK || !strings.HasPrefix(x.body, "PK") {
		t.Errorf("export: %d", x.status)
	}
	adminA.post("/staff/funding", grant).want(t, http.StatusForbidden, "")
	adminA.post("/staff/my-funding", url.Values{"source": {"爱心企业"}, "amount": {"2000.5"}, "received_on": {"2026-05-01"},
		"purpose": {"宣传资料"}}).want(t, http.StatusOK, "/staff/my-funding", "已登记", "2,000.50")
	adminB.get("/staff/my-funding").lacks(t, "爱心企业")
	public.get("/orgs/"+as).want(t, http.StatusOK, "", `id="funding-2026"`, "捐赠 2,000.50 元，资助 50,000.00 元", "调解室建设")

	// A round: opened, applied to, scored.
	p := bureau.post("/staff/ventures", url.Values{"title": {"2026年度公益创投"}, "theme": {"家事纠纷预防"}, "budget": {"100000"},
		"cap": {"50000"}, "opens_on": {"2026-11-01"}, "closes_on": {"2026-11-29"}, "criteria": {"需求与目标 40\n实施方案 60"},
		"experts": {strconv.FormatInt(expertID, 10)}})
	p.want(t, http.StatusOK, "", "公益创投已发布", "张教授")
	round := p.path[len("/staff/ventures/"):]
	adminA.get("/staff/my-funding").want(t, http.StatusOK, "", `id="form-apply-`+round+`"`)
	apply := url.Values{"title": {"家事调解进社区"}, "plan": {"每月两次宣讲"}, "requested": {"40000"}}
	adminA.post("/staff/ventures/"+round+"/apply", apply).want(t, http.StatusOK, "/staff/my-funding", "项目已申报", "家事调解进社区")
	adminA.post("/staff/ventures/"+round+"/apply", apply).want(t, http.StatusConflict, "", "已申报过")
	over := url.Values{"title": {"乙"}, "plan": {"计划"}, "requested": {"60000"}}
	adminB.post("/staff/ventures/"+round+"/apply", over).want(t, http.StatusUnprocessableEntity, "", "超过单个项目上限 50,000.00 元")
	adminB.get("/staff/my-funding").lacks(t, "家事调解进社区")
	public.get("/ventures/"+round).want(t, http.StatusOK, "", `id="results-pending"`)

	sheet := expert.get("/expert/ventures/" + round)
	sheet.want(t, http.StatusOK, "", "家事调解进社区")
	i := strings.Index(sheet.body, `action="/expert/venture-applications/`)
	app := sheet.body[i+len(`action="/expert/venture-applications/`):]
	app = app[:strings.Index(app, "/")]
	expert.post("/expert/venture-applications/"+app+"/score", url.Values{"score0": {"9"}, "score1": {"11"}}).
		want(t, http.StatusUnprocessableEntity, "", "请为每项标准评0–10分")
	expert.post("/expert/venture-applications/"+app+"/score", url.Values{"score0": {"9"}, "score1": {"8"}}).
		want(t, http.StatusOK, "/expert/ventures/"+round, "评分已保存")
	expert.get("/expert").want(t, http.StatusOK, "", `id="assignments"`, "2026年度公益创投", "公益创投")

	// Awards after the window, then publication.
	e.clock.Set(time.Date(2026, 11, 29, 16, 5, 0, 0, time.UTC))
	bureau.post("/staff/venture-applications/"+app+"/award", url.Values{"award": {"45000"}}).
		want(t, http.StatusUnprocessableEntity, "", "资助金额")
	bureau.post("/staff/venture-applications/"+app+"/award", url.Values{"award": {"40000"}}).
		want(t, http.StatusOK, "/staff/ventures/"+round, "资助金额已确定", "84.0")
	public.get("/ventures/"+round).want(t, http.StatusOK, "", `id="results-pending"`)
	public.get("/ventures/"+round).lacks(t, "家事调解进社区")
	bureau.post("/staff/ventures/"+round+"/publish", nil).want(t, http.StatusOK, "/staff/ventures/"+round, "结果已公布")
	public.get("/ventures/"+round).want(t, http.StatusOK, "", "家事调解进社区", "40,000.00")
	public.get("/orgs/"+as).want(t, http.StatusOK, "", "2026年度公益创投")
	bureau.get("/staff/experts/"+strconv.FormatInt(expertID, 10)).want(t, http.StatusOK, "", `id="assignment-table"`, "2026年度公益创投")
	bureau.get("/staff/ventures").want(t, http.StatusOK, "", `href="/staff/ventures/`+round+`"`, "结果已公布")
	adminB.get("/staff/venture-applications/"+app).lacks(t, `id="file-report"`) // published awards are public; reports are A's
	adminB.post("/staff/venture-applications/"+app+"/reports", url.Values{"kind": {"progress"}, "body": {"冒名"}}).want(t, http.StatusNotFound, "")
	adminA.get("/staff/venture-applications/"+app).want(t, http.StatusOK, "", `id="file-report"`, "40,000.00")
	adminA.post("/staff/venture-applications/"+app+"/reports", url.Values{"kind": {"progress"}, "body": {" "}}).
		want(t, http.StatusUnprocessableEntity, "", "请填写报告")
	adminA.post("/staff/venture-applications/"+app+"/reports", url.Values{"kind": {"progress"}, "body": {"已开展宣讲6场"}}).
		want(t, http.StatusOK, "/staff/venture-applications/"+app, "报告已提交", "已开展宣讲6场", "进展报告")

	// Availability: an unavailable expert cannot be assigned.
	bureau.post("/staff/experts/"+strconv.FormatInt(expertID, 10)+"/availability", url.Values{"until": {"2027-01-31"}, "note": {"出国访学"}}).
		want(t, http.StatusOK, "", "可用状态已保存", "2027-01-31 前不可指派")
	bureau.post("/staff/ventures", url.Values{"title": {"第二轮"}, "budget": {"1000"}, "cap": {"500"}, "opens_on": {"2026-12-20"},
		"closes_on": {"2026-12-31"}, "criteria": {"方案 100"}, "experts": {strconv.FormatInt(expertID, 10)}}).
		want(t, http.StatusConflict, "", "张教授 在 2027-01-31 前不可用")

	// Reports due: the progress report is filed; the final report is due
	// on 30 November 2027, a year after publication. Due soon, the
	// organization's admin sees it; late, the bureau does too. (New
	// sessions: a year is past the old ones' timeout.)
	e.clock.Set(time.Date(2027, 11, 27, 2, 0, 0, 0, time.UTC))
	adminA2, _ := e.staff(t, "admin.a2", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: a})
	adminA2.get("/staff/my-funding").want(t, http.StatusOK, "", `id="reports-due"`, `id="due-`+app+`-final"`,
		`href="/staff/venture-applications/`+app+`"`, "2027-11-30", "即将到期")
	adminA2.get("/staff/venture-applications/"+app).want(t, http.StatusOK, "", `id="dues-`+app+`-progress"`, "已提交",
		`id="dues-`+app+`-final"`, "2027-11-30前提交", "即将到期")
	e.clock.Set(time.Date(2027, 12, 1, 2, 0, 0, 0, time.UTC))
	bureau2, _ := e.staff(t, "bureau2", tiaojie.Grant{Role: tiaojie.RoleBureau})
	bureau2.get("/staff/ventures").want(t, http.StatusOK, "", `id="reports-due"`, `href="/staff/ventures/`+round+`#detail-`+app+`"`, "已逾期")
	bureau2.get("/staff/funding").want(t, http.StatusOK, "", `id="due-`+app+`-final"`, "已逾期")
	bureau2.get("/staff/ventures/"+round).want(t, http.StatusOK, "", `id="dues-`+app+`-final"`, "已逾期")
	adminB2, _ := e.staff(t, "admin.b2", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: b})
	adminB2.get("/staff/my-funding").lacks(t, `id="reports-due"`)
}
