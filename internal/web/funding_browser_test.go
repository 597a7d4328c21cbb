package web_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// TestFundingBrowser, in Chromium: the bureau follows the navigation to
// funding, records a grant through the form, and the public finds it in
// the organization's disclosure. Any console error or CSP violation fails
// the test.
func TestFundingBrowser(t *testing.T) {
	needChromium(t)
	e := newStaffEnv(t, dbtest.SQLite(t))
	org := e.operatingOrg(t, "城桥镇人民调解委员会", chengqiao)
	e.user(t, "bureau", false, tiaojie.Grant{Role: tiaojie.RoleBureau})
	c := newChrome(t, e.srv.URL)

	c.loginAndEnrol(e.stack, "bureau", false)
	c.step("funding", chromedp.Click(css(`a[href="/staff/funding"]`)), chromedp.WaitVisible(css("#record-funding")))
	c.step("record a grant",
		chromedp.SetValue(css("#record-org_id"), strconv.FormatInt(org, 10)),
		chromedp.SetValue(css("#record-kind"), "grant"),
		chromedp.SendKeys(css("#record-source"), "区司法局"),
		chromedp.SendKeys(css("#record-amount"), "30000"),
		chromedp.SetValue(css("#record-received_on"), "2026-11-01"),
		chromedp.SendKeys(css("#record-purpose"), "调解室建设"),
		chromedp.Click(css("#record-funding")), noticeHas("已登记"))
	c.shot("funding-recorded")
	c.step("the public page", chromedp.Navigate(e.srv.URL+"/orgs/"+strconv.FormatInt(org, 10)), chromedp.WaitVisible(css("#funding-2026")),
		textIs("#funding-2026 td.num", "30,000.00"))
}
