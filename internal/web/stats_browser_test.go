package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// TestStatsBrowser, in Chromium: the bureau follows the menu to the
// district dashboard on a desktop and on a phone (390 px); the charts are
// drawn (an ECharts canvas served from the binary) beside their tables,
// and the family disputes of each township answer at a glance. Any
// console error or CSP violation fails the test.
func TestStatsBrowser(t *testing.T) {
	needChromium(t)
	e := newStaffEnv(t, dbtest.SQLite(t))
	a := e.operatingOrg(t, "城桥镇人民调解委员会", chengqiao)
	b := e.operatingOrg(t, "堡镇人民调解委员会", baozhen)
	e.statsCases(t, a, b, 3)
	e.user(t, "tj.bureau", false, tiaojie.Grant{Role: tiaojie.RoleBureau})
	c := newChrome(t, e.srv.URL)
	c.loginAndEnrol(e.stack, "tj.bureau", false)

	drawn := `document.querySelectorAll("#chart-family canvas").length > 0 && document.querySelector("#chart-family canvas").width > 0 ` +
		`&& document.querySelectorAll("#chart-months canvas").length > 0`
	c.step("the menu", chromedp.Click(css(`a[href="/staff/stats"]`)), at("/staff/stats"), chromedp.WaitVisible(css("#family-table")))
	c.step("this quarter", chromedp.Navigate(e.srv.URL+"/staff/stats?period=2026-Q4"), chromedp.WaitVisible(css("#family-table")), until(drawn))
	c.shot("stats-desktop")
	if got := c.text("#family-table tbody"); !strings.Contains(got, "城桥镇") || !strings.Contains(got, "堡镇") {
		t.Errorf("family table = %q", got)
	}
	if wide := c.eval(`String(document.querySelector("#chart-family canvas").getBoundingClientRect().width >= 500)`); wide != "true" {
		t.Errorf("on a desktop the family chart is narrower than 500 px")
	}

	c.step("on a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)),
		chromedp.Navigate(e.srv.URL+"/staff/stats?period=2026-Q4"), chromedp.WaitVisible(css("#family-table")), until(drawn))
	c.shot("stats-phone")
	if fits := c.eval(`String(document.querySelector("#chart-family").getBoundingClientRect().right <= window.innerWidth && ` +
		`document.documentElement.scrollWidth <= window.innerWidth)`); fits != "true" {
		t.Errorf("on a 390 px phone the page or the chart is wider than the screen")
	}
	if got := c.text("#family-table caption"); !strings.Contains(got, "婚姻家庭") {
		t.Errorf("family table caption = %q", got)
	}
}
