package web_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/registry"
)

// textIs waits until the element's trimmed text is want.
func textIs(sel, want string) chromedp.Action[chromedp.Void] {
	return until(fmt.Sprintf(`(function () { var e = document.querySelector(%q); return !!e && e.textContent.trim() === %q && document.readyState === "complete"; })()`, sel, want))
}

// noticeHas waits until the page's success notice contains want.
func noticeHas(want string) chromedp.Action[chromedp.Void] {
	return until(fmt.Sprintf(`(function () { var e = document.querySelector(".notice"); return !!e && e.textContent.includes(%q) && document.readyState === "complete"; })()`, want))
}

// TestStaffBrowser is the staff side of the "done when", in
// Chromium: a township officer opens an organization, fills its
// pre-review materials, uploads its charter, submits it and gives the
// township's opinion; the bureau finds it in its pre-review queue,
// approves it, enters its registration and activates it; the public then
// finds it in the directory. Any console error, uncaught exception or
// CSP violation fails the test.
func TestStaffBrowser(t *testing.T) {
	needChromium(t)
	e := newStaffEnv(t, dbtest.SQLite(t))
	c := newChrome(t, e.srv.URL)
	e.user(t, "cq.office", false, tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	e.user(t, "bureau", false, tiaojie.Grant{Role: tiaojie.RoleBureau})
	const name = "城桥镇和睦家事调解中心"
	charter := filepath.Join(t.TempDir(), "章程.pdf")
	if err := os.WriteFile(charter, staffPDF, 0o600); err != nil {
		t.Fatal(err)
	}

	c.loginAndEnrol(e.stack, "cq.office", false)
	c.step("organization list", chromedp.Click(css(`a[href="/staff/orgs"]`)), at("/staff/orgs"), chromedp.WaitVisible(css("#new-org")))
	c.shot("staff-orgs")
	c.step("new organization form", chromedp.Click(css("#new-org")), at("/staff/orgs/new"), chromedp.WaitVisible(css("#profile-name")))
	c.step("fill in the profile",
		chromedp.SendKeys(css("#profile-name"), name), chromedp.SendKeys(css("#profile-short_name"), "和睦家事"),
		choose("#profile-type", "basic"), choose("#profile-legal_form", "peoples_committee"),
		chromedp.SendKeys(css("#profile-address"), "城桥镇八一路 1 号"), chromedp.SendKeys(css("#profile-contact_phone"), "021-59621234"),
		chromedp.SendKeys(css("#profile-description"), "调解婚姻家庭、邻里纠纷，可用崇明话。"),
		chromedp.Click(css("#profile-specialties-marriage_family")), chromedp.Click(css("#profile-specialties-neighbour")),
		chromedp.Click(css("#profile-languages-chongming")))
	c.shot("staff-org-new")
	c.step("create it", chromedp.Click(css("#create-org")), until(`/^\/staff\/orgs\/\d+$/.test(location.pathname)`),
		noticeHas("调解组织已创建"))
	ws := c.path()
	c.shot("staff-org-created")

	c.step("pre-review materials",
		chromedp.SendKeys(css("#prereview-founders"), "城桥镇人民政府"),
		chromedp.SendKeys(css("#prereview-mediators"), "张三、李四、王五，均有五年以上调解经验"),
		chromedp.SendKeys(css("#prereview-premises"), "城桥镇八一路 1 号二楼"),
		chromedp.SendKeys(css("#prereview-funding"), "镇财政保障"),
		chromedp.Click(css("#save-prereview")), noticeHas("前置审查材料已保存"))
	c.step("upload the charter",
		chromedp.SendKeys(css("#document-title"), "和睦家事调解中心章程"),
		chromedp.SetUploadFiles(css("#document-file"), []string{charter}),
		chromedp.Click(css("#upload-document")), noticeHas("文件已上传"), chromedp.WaitVisible(css("#documents-table")))
	c.step("submit to pre-review", chromedp.Click(css("#act-submit")), textIs("#org-status", "前置审查"), textIs("#org-stage", "乡镇司法所审查"))
	c.shot("staff-submitted")
	c.step("give the township's opinion",
		chromedp.Click(css("#act-opinion-opinion-support")),
		chromedp.SendKeys(css("#act-opinion-reason"), "材料齐全，场所已实地查看，同意设立"),
		chromedp.Click(css("#act-opinion")), textIs("#org-stage", "区司法局审核"))
	c.step("log out", chromedp.Click(css(`form[action="/logout"] button`)), at("/"))

	c.loginAndEnrol(e.stack, "bureau", false)
	c.step("pre-review queue", chromedp.Click(css(`a[href="/staff/prereview"]`)), at("/staff/prereview"), chromedp.WaitVisible(css("#queue-table")))
	if got := c.text("#queue-table"); !strings.Contains(got, name) || !strings.Contains(got, "同意") {
		t.Fatalf("queue: %q", got)
	}
	c.shot("staff-queue")
	c.step("open the application", chromedp.Click(css("#queue-table tbody a")), at(ws), chromedp.WaitVisible(css("#act-approve")))
	if got := c.text("#township-opinion"); !strings.Contains(got, "材料齐全") {
		t.Errorf("township opinion: %q", got)
	}
	c.shot("staff-decide")
	c.step("approve", chromedp.Click(css("#act-approve")), textIs("#org-status", "已登记"), chromedp.WaitVisible(css("#save-registration")))
	c.step("enter the registration",
		chromedp.SendKeys(css("#registration-credit_code"), staffCreditCode),
		chromedp.SendKeys(css("#registration-registration_authority"), "上海市崇明区司法局"),
		chromedp.SetValue(css("#registration-registration_date"), "2026-11-28"),
		chromedp.Click(css("#save-registration")), noticeHas("登记信息已保存"), textIs("#credit-code", staffCreditCode))
	c.step("activate", chromedp.Click(css("#act-activate")), textIs("#org-status", "正常"))
	c.shot("staff-active")
	c.step("history on a phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(c.base+ws+"#history"),
		chromedp.WaitVisible(css("#history-table")))
	c.shot("staff-workspace-phone")

	c.step("log out again", chromedp.Click(css(`form[action="/logout"] button`)), at("/"))
	c.step("the public finds it", chromedp.Navigate(c.base+"/directory?q="+url.QueryEscape("和睦家事")),
		until(fmt.Sprintf(`document.readyState === "complete" && [...document.querySelectorAll("main a")].some(a => a.textContent.includes(%q))`, name)))
	c.shot("directory-phone")
}

// path returns the current page's path.
func (c *chrome) path() string {
	c.t.Helper()
	p, err := chromedp.Run(c.ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		c.t.Fatal(err)
	}
	return p
}

// TestStaffBrowserPages walks the other staff pages in Chromium as the
// bureau: a commercial organization's fee standard drafted, published and
// tried in the calculator (htmx), a mediator added through the roster
// form, the roster filtered, and an article written; then the mediator
// form on a phone-sized screen.
func TestStaffBrowserPages(t *testing.T) {
	needChromium(t)
	e := newStaffEnv(t, dbtest.SQLite(t))
	c := newChrome(t, e.srv.URL)
	e.user(t, "bureau", false, tiaojie.Grant{Role: tiaojie.RoleBureau})
	centre, err := e.st.Registry.Create(context.Background(), tiaojie.System(), registry.OrgInput{Name: "崇明区商事调解中心",
		Type: tiaojie.OrgCommercial, LegalForm: tiaojie.FormSocialService, Level: tiaojie.LevelDistrict, Township: chengqiao,
		Specialties: []string{"contract", "finance"}})
	if err != nil {
		t.Fatal(err)
	}
	ws := "/staff/orgs/" + fmt.Sprint(centre)
	c.loginAndEnrol(e.stack, "bureau", false)

	c.step("fee editor", chromedp.Navigate(c.base+ws+"#fees"), chromedp.WaitVisible(css("#save-fee")))
	c.step("fill in the bands",
		chromedp.SendKeys(css("#fee-up_to-0"), "200000"), chromedp.SendKeys(css("#fee-fixed-0"), "2000"),
		chromedp.SendKeys(css("#fee-up_to-1"), "500000"), chromedp.SendKeys(css("#fee-rate-1"), "0.75"),
		chromedp.SendKeys(css("#fee-up_to-2"), "1000000"), chromedp.SendKeys(css("#fee-rate-2"), "0.5"),
		chromedp.SendKeys(css("#fee-rate-3"), "0.25"), chromedp.SendKeys(css("#fee-minimum"), "500"),
		chromedp.SendKeys(css("#fee-cap"), "300000"), chromedp.SetValue(css("#fee-effective_from"), "2026-12-01"),
		chromedp.SendKeys(css("#fee-note"), "调解费由双方各半承担。"))
	c.step("save the draft", chromedp.Click(css("#save-fee")), noticeHas("收费标准草稿已保存"), chromedp.WaitVisible(css("#publish-fee-1")))
	c.step("publish", chromedp.Evaluate[chromedp.Void](`window.confirm = function () { return true; }`),
		chromedp.Click(css("#publish-fee-1")), noticeHas("收费标准已公布"))
	c.step("calculate with htmx", chromedp.SendKeys(css("#calc-amount"), "1000000"), chromedp.Click(css("#calc-fee")),
		until(`!!document.querySelector("#fee-result") && document.querySelector("#fee-result").textContent.includes("6,750.00")`))
	if got := c.path(); got != ws {
		t.Errorf("the calculator left the workspace for %s", got)
	}
	c.step("scroll to the fees", chromedp.ScrollIntoView(css("#fees")))
	c.shot("staff-pages-fees")

	c.step("new mediator form", chromedp.Navigate(c.base+"/staff/mediators"), chromedp.WaitVisible(css("#new-mediator")),
		chromedp.Click(css("#new-mediator")), at("/staff/mediators/new"), chromedp.WaitVisible(css("#profile-name")))
	c.step("fill in the mediator",
		chromedp.SendKeys(css("#profile-name"), "陈美华"), chromedp.SendKeys(css("#profile-id_number"), staffIDNumber("31023019750308042")),
		chromedp.SendKeys(css("#profile-phone"), "13800138000"), choose("#profile-grade", "2"),
		choose("#profile-org-0", fmt.Sprint(centre)), choose("#profile-position-0", "chief"),
		chromedp.Click(css("#profile-specialties-contract")), chromedp.Click(css("#profile-languages-chongming")),
		chromedp.SendKeys(css("#profile-practice_since"), "2012"))
	c.shot("staff-pages-mediator-new")
	c.step("add the mediator", chromedp.Click(css("#save-mediator")), until(`/^\/staff\/mediators\/\d+$/.test(location.pathname)`),
		noticeHas("调解员已登记"))
	if got := c.text("#id-masked"); !strings.HasPrefix(got, "310***") {
		t.Errorf("masked identity number %q", got)
	}
	c.shot("staff-pages-mediator")
	c.step("roster filtered with htmx", chromedp.Navigate(c.base+"/staff/mediators"), chromedp.WaitVisible(css("#f-q")),
		chromedp.SendKeys(css("#f-q"), "陈美华"),
		until(`location.search.includes("q=") && document.querySelectorAll("#mediators-table tbody tr").length === 1`))
	c.shot("staff-pages-mediators")

	c.step("new article", chromedp.Navigate(c.base+"/staff/content/new"), chromedp.WaitVisible(css("#article-title")),
		chromedp.SendKeys(css("#article-title"), "调解开放日"), choose("#article-kind", "event"),
		chromedp.SetValue(css("#article-event_at"), "2026-12-05T09:30"),
		chromedp.SendKeys(css("#article-body"), "欢迎群众参观调解中心。"),
		chromedp.Click(css("#save-article")), noticeHas("草稿已保存"))
	c.step("publish the article", chromedp.Click(css("#status-published")), noticeHas("已发布"))
	photo := filepath.Join(t.TempDir(), "开放日.png")
	if err := os.WriteFile(photo, staffPNG(t), 0o644); err != nil {
		t.Fatal(err)
	}
	c.step("add a picture", chromedp.SetUploadFiles(css("#picture-file"), []string{photo}),
		chromedp.SendKeys(css("#picture-caption"), "群众参观调解室"), chromedp.Click(css("#upload-picture")), noticeHas("图片已上传"),
		chromedp.ScrollIntoView(css("#gallery")), until(`[...document.querySelectorAll("#gallery img")].every(i => i.complete && i.naturalWidth > 0)`))
	if got := c.text("#gallery figcaption"); got != "群众参观调解室" {
		t.Errorf("the gallery's caption: %q", got)
	}
	c.shot("staff-pages-article")

	c.step("mediator form on a phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(c.base+"/staff/mediators/new"),
		chromedp.WaitVisible(css("#profile-name")))
	c.shot("staff-pages-mediator-new-phone")
	c.step("organization list on a phone", chromedp.Navigate(c.base+"/staff/orgs"), chromedp.WaitVisible(css("#orgs-table")))
	c.shot("staff-pages-orgs-phone")
}
