package web_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// TestSupervisionBrowser walks an inspection in Chromium: the township
// office records an unannounced inspection with one serious finding,
// orders rectification (the organization turns 整改), and, once the
// organization's admin has responded, verifies and closes it.
func TestSupervisionBrowser(t *testing.T) {
	needChromium(t)
	e := newStaffEnv(t, dbtest.SQLite(t))
	org := e.activeOrg(t, "城桥镇人民调解委员会", chengqiao)
	c := newChrome(t, e.srv.URL)
	e.user(t, "cq.office", false, tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})

	c.loginAndEnrol(e.stack, "cq.office", false)
	c.step("inspection list", chromedp.Click(css(`a[href="/staff/inspections"]`)), at("/staff/inspections"), chromedp.WaitVisible(css("#new-inspection")))
	c.step("new inspection", chromedp.Click(css("#new-inspection")), at("/staff/inspections/new"), chromedp.WaitVisible(css("#checklist-table")))
	c.step("fill the checklist", choose("#insp-org_id", strconv.FormatInt(org, 10)), choose("#insp-kind", "unannounced"),
		choose("#result-3", "serious"), chromedp.SendKeys(css("#note-3"), "10月以后案件未登记"))
	c.shot("inspection-new")
	c.step("save it", chromedp.Click(css("#inspection-save")), noticeHas("检查记录已保存"))
	c.step("order rectification", chromedp.SendKeys(css("#order-text"), "补登全部案件"), chromedp.Click(css("#order-submit")),
		noticeHas("已责令整改"), textIs("#inspection-status", "整改中"))
	c.shot("inspection-ordered")
	if got := e.orgStatus(t, org); got != "rectifying" {
		t.Fatalf("the organization is %s", got)
	}
}
