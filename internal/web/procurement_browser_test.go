package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tiaojie"
)

// TestProcurementBrowser runs one procurement in Chromium, from
// publication to the final payment: the civil affairs bureau's partner
// publishes, the four-star committee's admin bids, the window passes, the
// assigned expert scores, a second partner account of the bureau awards,
// signs the contract, pays both milestones and records the final
// evaluation; the public sees the result. Any console error, uncaught
// exception or CSP violation fails the test.
func TestProcurementBrowser(t *testing.T) {
	needChromium(t)
	e := newProcScene(t, false)
	ctx := context.Background()
	mzP := &tiaojie.Principal{UserID: int64(e.count(t, `SELECT id FROM users WHERE login = 'minzheng'`)), Name: "minzheng",
		Grants: []tiaojie.Grant{{Role: tiaojie.RolePartner}}, MFA: true}
	in := tiaojie.ProjectInput{Title: "2027 年度婚姻家庭纠纷调解服务", Scope: "全年调解婚姻家庭纠纷", Category: tiaojie.CategoryMediation,
		BudgetFen: 20000000, Eligibility: tiaojie.Eligibility{MinStars: 4, NoSanction: true}, WindowFrom: "2026-11-29", WindowTo: "2026-12-10",
		Criteria: []tiaojie.Criterion{{Name: "服务方案", Weight: 60}, {Name: "报价", Weight: 40}}}
	id, err := e.st.Procurement.Create(ctx, mzP, 1, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.Procurement.AssignExpert(ctx, mzP, id, 1); err != nil {
		t.Fatal(err)
	}
	proj := "/staff/procurement/" + strconv.FormatInt(id, 10)
	c := newChrome(t, e.srv.URL)
	logout := func() { c.step("log out", chromedp.Click(css(`form[action="/logout"] button`)), at("/")) }

	c.loginAndEnrol(e.stack, "minzheng", false)
	c.step("the projects", chromedp.Click(css(`nav a[href="/staff/procurement"]`)), at("/staff/procurement"),
		chromedp.Click(css("#projects-table tbody a")), at(proj))
	c.step("publish", chromedp.Click(css("#publish")), noticeHas("开始接受报名"), textIs("#project-status", "报名中"))
	logout()

	c.loginAndEnrol(e.stack, "admin4", false)
	c.step("open projects", chromedp.Click(css(`nav a[href="/staff/bids"]`)), at("/staff/bids"), chromedp.Click(css("#projects-table tbody a")),
		chromedp.WaitVisible(css("#apply-form")))
	c.step("bid", chromedp.SendKeys(css("#f-proposal"), "驻点调解，每周三天"), chromedp.SendKeys(css("#f-price"), "180000"),
		chromedp.Click(css("#apply")), noticeHas("投标已提交"))
	c.shot("procurement-bid")
	logout()

	// The window passes; the hourly sweep closes bidding.
	if _, err := e.db.Writer().Exec(`UPDATE procurement_projects SET window_to = '2026-11-28' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if res, err := e.st.Procurement.Sweep(ctx); err != nil || res.Closed != 1 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	bid := strconv.Itoa(e.count(t, `SELECT id FROM procurement_bids`))

	c.loginAndEnrol(e.stack, "zhang", false)
	c.step("assigned projects", chromedp.Click(css(`nav a[href="/staff/procurement-reviews"]`)), at("/staff/procurement-reviews"),
		chromedp.Click(css("#projects-table tbody a")), chromedp.WaitVisible(css("#score-"+bid)))
	c.step("score", chromedp.SendKeys(css("#score-"+bid+" label:nth-of-type(1) input"), "90"),
		chromedp.SendKeys(css("#score-"+bid+" label:nth-of-type(2) input"), "80"), chromedp.Click(css("#score-"+bid+" button")), noticeHas("评分已保存"))
	logout()

	c.loginAndEnrol(e.stack, "minzheng2", false)
	c.step("the project", chromedp.Navigate(c.base+proj), chromedp.WaitVisible(css("#award-form")))
	c.step("award", chromedp.Click(css(`input[name="winner"]`)), chromedp.SendKeys(css("#f-note"), "经评审确定中标"), chromedp.Click(css("#award")),
		noticeHas("中标结果已公示"), textIs("#project-status", "已公示"))
	c.step("sign", chromedp.SendKeys(css("#f-amount"), "180000"), chromedp.SetValue(css("#f-period_from"), "2027-01-01"),
		chromedp.SetValue(css("#f-period_to"), "2027-12-31"),
		chromedp.SendKeys(css("#f-deliverables"), "cases 调结婚姻家庭纠纷 50"),
		chromedp.SendKeys(css("#f-milestones"), "首期 90000 2027-01-31\n尾款 90000 2027-12-31"),
		chromedp.Click(css("#sign")), noticeHas("合同已签订"), chromedp.WaitVisible(css("#verification-table")))
	c.shot("procurement-contract")
	var ms []string
	for _, pos := range []int{1, 2} {
		ms = append(ms, strconv.Itoa(e.count(t, `SELECT id FROM procurement_milestones WHERE position = $1`, pos)))
	}
	c.step("pay the first milestone", choose("#f-milestone", ms[0]), chromedp.SendKeys(css("#f-amount"), "90000"),
		chromedp.SetValue(css("#f-paid_on"), "2027-01-20"), chromedp.Click(css("#pay")), noticeHas("付款已登记"))
	c.step("final evaluation", choose("#f-grade", "excellent"), chromedp.SendKeys(css("#f-note"), "全年目标完成"),
		chromedp.Click(css("#evaluate")), noticeHas("终期评价已提交"))
	c.step("pay the last milestone", choose("#f-milestone", ms[1]), chromedp.SendKeys(css("#f-amount"), "90000"),
		chromedp.SetValue(css("#f-paid_on"), "2027-12-31"), chromedp.Click(css("#pay")), noticeHas("付款已登记"))
	if got := c.text("#contract-paid"); !strings.Contains(got, "180,000.00") || !strings.Contains(got, "0.00") {
		t.Errorf("paid: %q", got)
	}
	c.shot("procurement-paid")
	logout()

	c.step("the public result", chromedp.Navigate(c.base+"/procurement/"+strconv.FormatInt(id, 10)), chromedp.WaitVisible(css("#result-table")))
	if got := c.text("#result-table"); !strings.Contains(got, "城桥镇人民调解委员会") || !strings.Contains(got, "86.0") {
		t.Errorf("public result: %q", got)
	}
}
