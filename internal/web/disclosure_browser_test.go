package web_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// TestDisclosureBrowser, in Chromium: an organization's admin follows the
// navigation to its disclosures, opens last year's, fills the form, saves
// and files it; the public reads it from the organization's page. Any
// console error or CSP violation fails the test.
func TestDisclosureBrowser(t *testing.T) {
	needChromium(t)
	e := newStaffEnv(t, dbtest.SQLite(t))
	org := e.operatingOrg(t, "城桥镇人民调解委员会", chengqiao)
	e.user(t, "tj.admin", false, tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: org})
	c := newChrome(t, e.srv.URL)

	c.loginAndEnrol(e.stack, "tj.admin", false)
	c.step("disclosures", chromedp.Click(css(`a[href="/staff/disclosure"]`)), chromedp.WaitVisible(css("#start-disclosure")))
	c.step("open last year's", chromedp.Click(css("#start-disclosure")), chromedp.WaitVisible(css("#disclosure-structure")))
	c.step("fill it in",
		chromedp.SendKeys(css("#disclosure-structure"), "主任1名，委员4名"),
		chromedp.SendKeys(css("#disclosure-persons"), "主任：张明"),
		chromedp.SendKeys(css("#disclosure-services"), "邻里、婚姻家庭纠纷调解"),
		chromedp.SetValue(css("#disclosure-income_gov"), "120000"),
		chromedp.Click(css("#save-disclosure")), noticeHas("草稿已保存"))
	c.shot("disclosure-draft")
	c.step("file it", chromedp.Click(css("#file-disclosure")), noticeHas("已提交并公开"), textIs("#disclosure-status", "已公开"),
		textIs("#income-total", "120,000.00"))
	c.step("the public page", chromedp.Navigate(e.srv.URL+"/orgs/"+strconv.FormatInt(org, 10)), chromedp.WaitVisible(css("#disclosures")),
		chromedp.Click(css("#disclosures a")), textIs("#income-total", "120,000.00"))
}
