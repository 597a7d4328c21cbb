package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// TestPlanBrowser, in Chromium: the bureau follows the navigation to the
// rollout plan, chooses the first pilot batch by ticking three townships,
// and reads the board, on a desktop and on a phone; a township's page
// and the printable report open. Any console error or CSP violation
// fails the test.
func TestPlanBrowser(t *testing.T) {
	needChromium(t)
	e := newStaffEnv(t, dbtest.SQLite(t))
	e.user(t, "tj.bureau", false, tiaojie.Grant{Role: tiaojie.RoleBureau})
	towns := e.st.District.Townships
	c := newChrome(t, e.srv.URL)

	c.loginAndEnrol(e.stack, "tj.bureau", false)
	c.step("the plan", chromedp.Click(css(`a[href="/staff/plan"]`)), chromedp.WaitVisible(css("#plan-phases")))
	c.step("choose batch 1",
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#form-batch1").closest("details").open = true`),
		chromedp.Click(css("#batch1-townships-"+towns[0].Code)), chromedp.Click(css("#batch1-townships-"+towns[1].Code)),
		chromedp.Click(css("#batch1-townships-"+towns[2].Code)),
		chromedp.Click(css(`#form-batch1 button[type=submit]`)), noticeHas("试点乡镇已保存"), chromedp.WaitVisible(css("#plan-board")))
	if got := c.text("#plan-row-" + towns[1].Code + " th"); got != towns[1].Name {
		t.Errorf("second row %q", got)
	}
	c.shot("plan-board-desktop")
	c.step("a township", chromedp.Click(css(`#plan-row-`+towns[0].Code+` th a`)), chromedp.WaitVisible(css("#plan-township-checks")))
	c.step("the report", chromedp.Navigate(e.srv.URL+"/staff/plan/report"), chromedp.WaitVisible(css("#plan-targets")))
	c.shot("plan-report")
	c.step("on a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)),
		chromedp.Navigate(e.srv.URL+"/staff/plan?phase=1"), chromedp.WaitVisible(css("#plan-board")))
	c.shot("plan-board-phone")
}
