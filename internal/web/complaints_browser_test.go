package web_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"tiaojie/internal/db/dbtest"
)

// TestComplaintBrowser files a complaint in headless Chromium at a
// phone's size: the visitor logs in with their phone, chooses the
// organization, then the mediator, and sees the complaint under "my
// complaints", with no error in the browser's log.
func TestComplaintBrowser(t *testing.T) {
	needChromium(t)
	e := newCaseEnv(t, dbtest.SQLite(t))
	c := person(t, e.srv.URL, "complainant")
	c.phoneLogin(e, "13600000001", "/complain")
	c.step("choose the organization", chromedp.WaitVisible(css("#complaint-org-form")),
		choose("#complaint-org", strconv.FormatInt(e.org, 10)), chromedp.Click(css("#complaint-next")),
		chromedp.WaitVisible(css("#complaint-form")), hasText("#complaint-org", "城桥镇人民调解委员会"))
	c.step("fill it in", choose("#complaint-mediator_id", strconv.FormatInt(e.mediatorID, 10)),
		chromedp.SendKeys(css("#complaint-name"), "张三"),
		chromedp.SendKeys(css("#complaint-title"), "调解员迟到"),
		chromedp.SendKeys(css("#complaint-content"), "约定九点，十点才到。"),
		chromedp.Click(css("#complaint-submit")), hasText("#complaint-status", "已提交"))
	c.step("my complaints", chromedp.Navigate(c.base+"/my/complaints"), hasText("#my-complaints", "调解员迟到"))
	c.clean("complaint filed")
}
