package web_test

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tiaojie"
)

// TestRatingBrowser runs one full rating round in Chromium: the
// organization applies and self-assesses, the bureau assigns two experts
// and closes applications, both experts score and hand in, the bureau
// publishes, the organization objects, the objection period passes, the
// bureau answers and makes the results final, and the public directory
// shows the organization's stars. Any console error, uncaught exception
// or CSP violation fails the test.
func TestRatingBrowser(t *testing.T) {
	needChromium(t)
	e := newRatingEnv(t)
	c := newChrome(t, e.srv.URL)
	for _, login := range []string{"bureau", "bureau.pub", "bureau.fin"} {
		e.user(t, login, false, tiaojie.Grant{Role: tiaojie.RoleBureau})
	}
	for _, login := range []string{"cq.admin", "cq.admin2"} {
		e.user(t, login, false, tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.orgID})
	}
	round := "/staff/ratings/rounds/" + strconv.FormatInt(e.round, 10)
	logout := func() { c.step("log out", chromedp.Click(css(`form[action="/logout"] button`)), at("/")) }

	c.loginAndEnrol(e.stack, "cq.admin", false)
	c.step("rating applications", chromedp.Click(css(`a[href="/staff/my-ratings"]`)), at("/staff/my-ratings"), chromedp.WaitVisible(css("#apply-form")))
	c.step("apply", chromedp.SendKeys(css("#f-statement"), "本会机构健全、制度完善，申报三星以上。"), chromedp.Click(css("#apply-submit")),
		until(`/^\/staff\/my-ratings\/\d+$/.test(location.pathname)`), noticeHas("已申报"))
	mine := c.path()
	app := strings.TrimPrefix(mine, "/staff/my-ratings/")
	c.step("self-assess", chromedp.SendKeys(css("#f-self_"+e.ind(0)), "38"), chromedp.SendKeys(css("#f-self_"+e.ind(1)), "55"),
		chromedp.Click(css("#save-self")), noticeHas("已保存"))
	c.shot("rating-self")
	logout()

	c.loginAndEnrol(e.stack, "bureau", false)
	c.step("the round", chromedp.Click(css(`a[href="/staff/ratings"]`)), at("/staff/ratings"), chromedp.Click(css("#rounds-table tbody a")),
		at(round), chromedp.Click(css("#apps-table tbody a")), at("/staff/ratings/applications/"+app))
	for i, x := range e.experts[:2] {
		c.step("assign an expert", choose("#f-expert", strconv.FormatInt(x, 10)), chromedp.Click(css("#assign-submit")),
			until(fmt.Sprintf(`document.readyState === "complete" && !!document.querySelector("#app-progress") && document.querySelector("#app-progress").textContent.includes("0/%d")`, i+1)))
	}
	c.shot("rating-assigned")
	c.step("close applications", chromedp.Navigate(c.base+round), chromedp.Click(css("#step-close")), textIs("#round-status", "专家评审中"))
	logout()

	for i, score := range [][2]string{{"36", "50"}, {"37.5", "52.5"}} {
		c.loginAndEnrol(e.stack, "expert"+strconv.Itoa(i+1), false)
		c.step("the expert's desk shows the open sheet", chromedp.Click(css(`nav a[href="/expert"]`)), at("/expert"), textIs("#to-reviews + .tag", "1 项待办"))
		c.step("my assignments", chromedp.Click(css("#to-reviews")), at("/staff/reviews"), chromedp.Click(css("#reviews-table tbody a")),
			at("/staff/reviews/"+app), chromedp.WaitVisible(css("#submit-scores")))
		c.step("score and hand in", chromedp.SendKeys(css("#f-score_"+e.ind(0)), score[0]), chromedp.SendKeys(css("#f-score_"+e.ind(1)), score[1]),
			chromedp.SendKeys(css("#f-score_"+e.ind(1)+"_text"), "调解成效明显"), chromedp.Click(css("#submit-scores")), noticeHas("评分已提交"))
		if i == 0 {
			c.shot("rating-scored")
		}
		logout()
	}

	c.loginAndEnrol(e.stack, "bureau.pub", false)
	c.step("publish", chromedp.Navigate(c.base+round), chromedp.Click(css("#step-publish")), textIs("#round-status", "公示中"))
	if got := c.text("#apps-table"); !strings.Contains(got, "88.0") || !strings.Contains(got, "4 星") {
		t.Fatalf("published: %q", got)
	}
	logout()

	c.step("the public list", chromedp.Navigate(c.base+"/ratings"), chromedp.Click(css("#public-rounds a")),
		until(`location.pathname.startsWith("/ratings/")`), chromedp.WaitVisible(css("#results-table")))
	c.shot("rating-public")

	c.loginAndEnrol(e.stack, "cq.admin2", false)
	c.step("object", chromedp.Navigate(c.base+mine), chromedp.SendKeys(css("#f-reasons"), "调解成功率应按全年数据计算，请予复核。"),
		chromedp.Click(css("#object-submit")), noticeHas("异议已提交"))
	logout()

	e.clock.Advance(8 * 24 * time.Hour) // past five working days
	c.loginAndEnrol(e.stack, "bureau.fin", false)
	c.step("answer the objection", chromedp.Navigate(c.base+"/staff/ratings/applications/"+app),
		chromedp.SendKeys(css("textarea[name=answer]"), "经复核，按全年数据调整调解成功率得分。"),
		chromedp.SendKeys(css("input[name=new_total]"), "90.5"), chromedp.Click(css(`button[id^="answer-submit-"]`)), noticeHas("异议已答复"))
	c.step("finalize", chromedp.Navigate(c.base+round), chromedp.Click(css("#step-finalize")), textIs("#round-status", "已终评"))
	c.shot("rating-final")
	logout()

	c.step("the directory shows the stars", chromedp.Navigate(c.base+"/directory?q="+url.QueryEscape("城桥镇人民调解委员会")),
		until(fmt.Sprintf(`document.readyState === "complete" && [...document.querySelectorAll("main li")].some(li => li.textContent.includes(%q) && li.textContent.includes("5 星级"))`, "城桥镇人民调解委员会")))
	c.step("and its page the validity", chromedp.Navigate(c.base+"/orgs/"+strconv.FormatInt(e.orgID, 10)),
		until(`document.readyState === "complete" && document.querySelector("main").textContent.includes("有效期至")`))
	c.shot("rating-org-page")
}
