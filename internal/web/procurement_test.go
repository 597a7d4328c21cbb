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

// procEnv is a procurement scene: the civil affairs bureau (民政局) with
// its partner, another agency's partner, a four-star and a three-star
// organization with their admins, and an expert.
type procEnv struct {
	*staffEnv
	minzheng, fulian, admin4, admin3, expert *browser
	org4, org3                               int64
}

func newProcEnv(t *testing.T) *procEnv { return newProcScene(t, true) }

// newProcScene sets the scene; with logins false the accounts are only
// created (a browser test logs them in), and the browsers are nil.
func newProcScene(t *testing.T, logins bool) *procEnv {
	t.Helper()
	e := &procEnv{staffEnv: newStaffEnv(t, dbtest.SQLite(t))}
	ctx := context.Background()
	e.org4 = e.operatingOrg(t, "城桥镇人民调解委员会", chengqiao)
	e.org3 = e.operatingOrg(t, "堡镇人民调解委员会", baozhen)
	for id, stars := range map[int64]int{e.org4: 4, e.org3: 3} {
		if _, err := e.db.Writer().Exec(`UPDATE orgs SET stars = $1, stars_until = $2 WHERE id = $3`, stars, start.AddDate(2, 0, 0), id); err != nil {
			t.Fatal(err)
		}
	}
	staff := func(login string, g tiaojie.Grant) (*browser, int64) {
		if logins {
			return e.staff(t, login, g)
		}
		return nil, e.user(t, login, false, g)
	}
	var mzUser, flUser int64
	e.minzheng, mzUser = staff("minzheng", tiaojie.Grant{Role: tiaojie.RolePartner})
	e.fulian, flUser = staff("fulian", tiaojie.Grant{Role: tiaojie.RolePartner})
	bp := tiaojie.System()
	mz, err := e.st.Agencies.Create(ctx, bp, tiaojie.AgencyInput{Name: "崇明区民政局", Kind: tiaojie.AgencyCivilAffairs})
	if err != nil {
		t.Fatal(err)
	}
	fl, err := e.st.Agencies.Create(ctx, bp, tiaojie.AgencyInput{Name: "崇明区妇联", Kind: tiaojie.AgencyWomen})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.Agencies.AddMember(ctx, bp, mz, mzUser); err != nil {
		t.Fatal(err)
	}
	if err := e.st.Agencies.AddMember(ctx, bp, fl, flUser); err != nil {
		t.Fatal(err)
	}
	e.admin4, _ = staff("admin4", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.org4})
	e.admin3, _ = staff("admin3", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.org3})
	var expUser int64
	e.expert, expUser = staff("zhang", tiaojie.Grant{Role: tiaojie.RoleExpert})
	if !logins { // a second account of the civil affairs bureau, for after the first logs out
		if err := e.st.Agencies.AddMember(ctx, bp, mz, e.user(t, "minzheng2", false, tiaojie.Grant{Role: tiaojie.RolePartner})); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.st.Experts.Create(ctx, bp, experts.Input{Name: "张教授", UserID: expUser}); err != nil {
		t.Fatal(err)
	}
	return e
}

// setClock moves the clock and keeps everyone's session alive across
// the jump, as if they had logged in again.
func (e *procEnv) setClock(t *testing.T, at time.Time) {
	t.Helper()
	e.clock.Set(at)
	if _, err := e.db.Writer().Exec(`UPDATE sessions SET last_seen_at = $1, expires_at = $2`, at, at.Add(12*time.Hour)); err != nil {
		t.Fatal(err)
	}
}

// TestProcurementPages: a department buys through the pages, from the
// draft to the final payment; the refusals the issue names are shown in
// words and change nothing; the public sees the notice and the result
// but never a proposal.
func TestProcurementPages(t *testing.T) {
	e := newProcEnv(t)
	e.minzheng.get("/staff/procurement").want(t, http.StatusOK, "", `id="project-form"`, "崇明区民政局", `href="/staff/procurement"`)
	e.admin4.get("/staff/procurement").want(t, http.StatusForbidden, "")
	e.admin4.get("/staff/bids").want(t, http.StatusOK, "", `href="/staff/bids"`)

	form := url.Values{"buyer": {"1"}, "title": {"2027 年度婚姻家庭纠纷调解服务"}, "scope": {"全年调解婚姻家庭纠纷"}, "category": {"mediation"},
		"dispute_types": {"marriage_family"}, "budget": {"200000"}, "min_stars": {"4"}, "org_types": {"basic"}, "no_sanction": {"1"},
		"window_from": {"2026-11-29"}, "window_to": {"2026-12-10"}, "criteria": {"服务方案 50\n报价 40"}}
	e.minzheng.post("/staff/procurement", form).want(t, http.StatusUnprocessableEntity, "", "权重合计应为 100，现为 90")
	form.Set("criteria", "服务方案 60\n报价 40")
	p := e.minzheng.post("/staff/procurement", form)
	p.want(t, http.StatusOK, "", "采购项目已创建", `id="publish"`)
	proj := p.path[len("/staff/procurement/"):]
	e.fulian.get("/staff/procurement/"+proj).want(t, http.StatusNotFound, "")
	e.minzheng.post("/staff/procurement/"+proj+"/experts", url.Values{"expert": {"1"}}).want(t, http.StatusOK, "", "专家已分配", "张教授")
	e.minzheng.post("/staff/procurement/"+proj+"/step", url.Values{"action": {"publish"}}).want(t, http.StatusOK, "", "报名中")
	e.browser(t).get("/procurement").want(t, http.StatusOK, "", "2027 年度婚姻家庭纠纷调解服务")

	// The three-star organization is told why; nothing is written.
	e.admin3.post("/staff/bids/projects/"+proj, url.Values{"org": {strconv.FormatInt(e.org3, 10)}, "proposal": {"方案"}, "price": {"100000"}}).
		want(t, http.StatusForbidden, "", `id="ineligible"`, "星级不足：要求 4 星，当前有效星级 3 星")
	e.admin4.post("/staff/bids/projects/"+proj, url.Values{"org": {strconv.FormatInt(e.org4, 10)}, "proposal": {"驻点调解，每周三天"}, "price": {"180000"}}).
		want(t, http.StatusOK, "", "投标已提交", `id="withdraw"`)
	e.admin3.get("/staff/bids/projects/"+proj).lacks(t, "驻点调解，每周三天")

	// After the window: a bid is refused, the project goes to evaluation.
	e.setClock(t, time.Date(2026, 12, 11, 1, 0, 0, 0, time.UTC))
	e.minzheng.post("/staff/procurement/"+proj+"/step", url.Values{"action": {"close"}}).want(t, http.StatusOK, "", "评审中")
	var bid string
	if err := e.db.Reader().QueryRow(`SELECT CAST(id AS TEXT) FROM procurement_bids`).Scan(&bid); err != nil {
		t.Fatal(err)
	}
	e.expert.get("/staff/procurement-reviews").want(t, http.StatusOK, "", "2027 年度婚姻家庭纠纷调解服务")
	e.expert.post("/staff/procurement-reviews/bids/"+bid, url.Values{"project": {proj}, "score": {"120", "80"}}).
		want(t, http.StatusUnprocessableEntity, "", "评分应为 0 至 100 分")
	e.expert.post("/staff/procurement-reviews/bids/"+bid, url.Values{"project": {proj}, "score": {"90", "80"}}).want(t, http.StatusOK, "", "评分已保存")
	e.minzheng.post("/staff/procurement/"+proj+"/award", url.Values{"winner": {bid}, "note": {"经评审确定中标"}}).want(t, http.StatusOK, "", "中标结果已公示", "86.0")
	pub := e.browser(t).get("/procurement/" + proj)
	pub.want(t, http.StatusOK, "", "城桥镇人民调解委员会", "86.0", "180,000.00")
	pub.lacks(t, "驻点调解")

	c := e.minzheng.post("/staff/procurement/bids/"+bid+"/contract", url.Values{"project": {proj}, "amount": {"180000"}, "period_from": {"2027-01-01"},
		"period_to": {"2027-12-31"}, "report_every": {"quarter"}, "min_success": {"60"}, "min_satisfaction": {"4.0"},
		"deliverables": {"cases 调结婚姻家庭纠纷 50"}, "milestones": {"首期 90000 2027-01-31\n尾款 90000 2027-12-31"}})
	c.want(t, http.StatusOK, "", "合同已签订", `id="verification-table"`, `id="pay-form"`)
	cpath := c.path
	cid := cpath[len("/staff/procurement/contracts/"):]
	e.fulian.get(cpath).want(t, http.StatusNotFound, "")
	e.admin4.get("/staff/bids/contracts/"+cid).want(t, http.StatusOK, "", "2027-01-01 – 2027-03-31")
	e.admin3.get("/staff/bids/contracts/"+cid).want(t, http.StatusNotFound, "")

	var m1 string
	if err := e.db.Reader().QueryRow(`SELECT CAST(id AS TEXT) FROM procurement_milestones WHERE position = 1`).Scan(&m1); err != nil {
		t.Fatal(err)
	}
	e.minzheng.post(cpath+"/pay", url.Values{"milestone": {m1}, "amount": {"90000"}, "paid_on": {"2027-01-20"}, "voucher": {"MZ-1"}}).
		want(t, http.StatusOK, "", "付款已登记", "90,000.00")
	e.minzheng.post(cpath+"/pay", url.Values{"milestone": {m1}, "amount": {"1"}, "paid_on": {"2027-01-21"}}).
		want(t, http.StatusConflict, "", "付款超出该节点金额")
	var n int
	if err := e.db.Reader().QueryRow(`SELECT count(*) FROM procurement_payments`).Scan(&n); err != nil || n != 1 {
		t.Errorf("payments = %d (%v), want 1", n, err)
	}
	e.minzheng.post(cpath+"/evaluate", url.Values{"grade": {"excellent"}, "note": {"完成良好"}}).want(t, http.StatusOK, "", "终期评价已提交", "优秀")
	b := e.minzheng.get("/staff/procurement/budgets")
	b.want(t, http.StatusOK, "", "崇明区民政局", "180,000.00", "90,000.00")
	e.fulian.get("/staff/procurement/budgets").lacks(t, "崇明区民政局")
	x := e.minzheng.get("/staff/procurement/budgets.xlsx")
	x.want(t, http.StatusOK, "")
}
