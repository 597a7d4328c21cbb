package web_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// person starts a browser of its own for one person (their own cookies),
// at a phone's size.
func person(t *testing.T, base, name string) *chrome {
	t.Helper()
	c := newChrome(t, base)
	c.step(name+" on a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)))
	return c
}

// eval evaluates a JavaScript expression that gives a string (or a
// promise of one).
func (c *chrome) eval(expr string) string {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		c.t.Fatalf("eval %s: %v", expr, err)
	}
	return s
}

// phoneLogin logs a member of the public in with the code sent to phone.
func (c *chrome) phoneLogin(e *caseEnv, phone, next string) {
	c.t.Helper()
	c.step("phone login page "+phone, chromedp.Navigate(c.base+"/login?method=phone&next="+next), chromedp.WaitVisible(css("#f-phone")))
	c.step("send a code to "+phone, chromedp.SendKeys(css("#f-phone"), phone), chromedp.Click(css(`form[action="/login/code/send"] button`)),
		chromedp.WaitVisible(css("#f-code")))
	c.step("type the code", chromedp.SendKeys(css("#f-code"), e.sms.code(c.t, phone)),
		chromedp.Click(css(`form[action="/login/code"] button`)), at(next))
}

// hasText waits until the element's text contains want.
func hasText(sel, want string) chromedp.Action[chromedp.Void] {
	return until(fmt.Sprintf(`(document.querySelector(%q) || {textContent: ""}).textContent.includes(%q)`, sel, want))
}

// TestCaseBrowser walks one neighbour dispute from application to archive
// in headless Chromium at a phone's size: two parties, the committee's
// admin and its mediator, each in a browser of their own. The room's
// messages arrive live; the caucus never reaches the other party.
func TestCaseBrowser(t *testing.T) {
	needChromium(t)
	e := newCaseEnv(t, dbtest.SQLite(t))
	e.user(t, "cq.admin", false, tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.org})
	e.user(t, "cq.mediator", false, tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: e.org})
	var medUser int64
	if err := e.db.Reader().QueryRow(`SELECT id FROM users WHERE login = 'cq.mediator'`).Scan(&medUser); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Writer().Exec(`UPDATE mediators SET user_id = $1 WHERE id = $2`, medUser, e.mediatorID); err != nil {
		t.Fatal(err)
	}

	// 张三 applies from the organization's page.
	app := person(t, e.srv.URL, "applicant")
	app.phoneLogin(e, "13800000001", "/my/cases")
	app.step("the application form", chromedp.Navigate(app.base+"/apply?org="+strconv.FormatInt(e.org, 10)),
		chromedp.WaitVisible(css("#apply-form")), hasText("#chosen-org", "城桥镇人民调解委员会"))
	app.step("fill it in", choose("#apply-dispute_type", "neighbour"), choose("#apply-township", chengqiao),
		chromedp.SendKeys(css("#apply-title"), "楼上漏水纠纷"),
		chromedp.SendKeys(css("#apply-facts"), "楼上卫生间漏水，导致我家天花板受损。"),
		chromedp.SendKeys(css("#apply-claims"), "赔偿修理费"),
		chromedp.SendKeys(css("#apply-parties\\.0\\.name"), "张三"),
		chromedp.SendKeys(css("#apply-parties\\.0\\.phone"), "13800000001"),
		chromedp.SendKeys(css("#apply-parties\\.1\\.name"), "李四"),
		chromedp.SendKeys(css("#apply-parties\\.1\\.phone"), "13900000002"),
		chromedp.Click(css("#apply-consent")))
	app.shot("case-apply-phone")
	app.step("submit", chromedp.Click(css("#apply-submit")), until(`/^\/cases\/\d+$/.test(location.pathname)`),
		hasText("#case-status", "待受理"))
	path := app.eval(`location.pathname`)
	app.shot("case-submitted-phone")

	// The committee accepts and assigns its mediator.
	admin := person(t, e.srv.URL, "organization admin")
	admin.loginAndEnrol(e.stack, "cq.admin", false)
	admin.step("accept", chromedp.Navigate(admin.base+path), chromedp.WaitVisible(css("#act-accept")),
		chromedp.Click(css("#act-accept")), hasText("#case-status", "待被申请人同意"))
	admin.step("assign", choose("#assign-mediator", strconv.FormatInt(e.mediatorID, 10)), chromedp.Click(css("#act-assign")),
		hasText("#case-mediator", "王调解"))

	// 李四, invited, logs in with that phone and agrees to mediate.
	resp := person(t, e.srv.URL, "respondent")
	resp.phoneLogin(e, "13900000002", path)
	resp.shot("case-invited-phone")
	resp.step("consent", chromedp.Click(css("#act-consent")), hasText("#case-status", "调解中"))

	// The mediator declares no conflict and talks to both sides.
	med := person(t, e.srv.URL, "mediator")
	med.loginAndEnrol(e.stack, "cq.mediator", false)
	med.step("declare", chromedp.Navigate(med.base+path), chromedp.WaitVisible(css("#act-declare")),
		chromedp.Click(css("#act-declare")), chromedp.WaitVisible(css("#room")))
	app.step("the applicant opens the room", chromedp.Navigate(app.base+path), chromedp.WaitVisible(css(`#room [data-channel="main"] textarea`)))
	resp.step("the respondent opens the room", chromedp.Navigate(resp.base+path), chromedp.WaitVisible(css(`#room [data-channel="main"] textarea`)))
	med.step("a message to everyone",
		chromedp.SendKeys(css(`#room [data-channel="main"] textarea`), "双方好，我是本案调解员。"),
		chromedp.Click(css(`#room [data-channel="main"] button`)),
		hasText(`#room [data-channel="main"] .messages`, "双方好，我是本案调解员。"))
	app.step("it reaches the applicant live", hasText(`#room [data-channel="main"] .messages`, "双方好，我是本案调解员。"))
	resp.step("and the respondent", hasText(`#room [data-channel="main"] .messages`, "双方好，我是本案调解员。"))
	caucus := med.eval(`[...document.querySelectorAll("#room [data-channel^='caucus:']")].find(s => s.textContent.includes("李四")).dataset.channel`)
	med.step("a caucus with the respondent",
		chromedp.SendKeys(css(`#room [data-channel="`+caucus+`"] textarea`), "您能接受的赔偿金额是多少？"),
		chromedp.Click(css(`#room [data-channel="`+caucus+`"] button`)))
	resp.step("the respondent reads it live", hasText(`#room [data-channel="`+caucus+`"] .messages`, "您能接受的赔偿金额是多少？"))
	resp.step("and answers", chromedp.SendKeys(css(`#room [data-channel="`+caucus+`"] textarea`), "四千元以内可以接受。"),
		chromedp.Click(css(`#room [data-channel="`+caucus+`"] button`)))
	med.step("the mediator reads the answer", hasText(`#room [data-channel="`+caucus+`"] .messages`, "四千元以内可以接受。"))
	resp.shot("case-room-respondent-phone")
	// The applicant's page, live and reloaded, never shows the caucus.
	app.step("the applicant reloads", chromedp.Navigate(app.base+path), chromedp.WaitVisible(css("#room")))
	if got := app.eval(`document.body.textContent`); strings.Contains(got, "四千元以内") || strings.Contains(got, "您能接受的赔偿金额") {
		t.Fatal("the applicant sees the caucus between the mediator and the respondent")
	}
	app.shot("case-room-applicant-phone")

	// The agreement, confirmed by both.
	med.step("draft the agreement", chromedp.Navigate(med.base+path), chromedp.WaitVisible(css("#agreement-form summary")),
		chromedp.Click(css("#agreement-form summary")), chromedp.WaitVisible(css("#agreement-issues")),
		chromedp.SendKeys(css("#agreement-issues"), "修理费用的承担。"),
		chromedp.SendKeys(css("#agreement-terms"), "李四赔偿张三修理费人民币肆仟元。"),
		chromedp.SendKeys(css("#agreement-performance"), "银行转账"),
		chromedp.Click(css("#act-agreement")), hasText("#case-status", "协议待确认"))
	// Each party confirms with the name on the case and a code sent to
	// their phone; the mediator signs last, and the seal on file is applied.
	e.st.GiveSeal(t, e.org)
	e.clock.Advance(61 * time.Second)
	app.step("the applicant asks for a signing code", chromedp.Navigate(app.base+path), chromedp.WaitVisible(css("#act-sign-code")),
		chromedp.Click(css("#act-sign-code")), hasText("main", "验证码已发送至"))
	app.shot("case-signing-phone")
	app.step("the applicant confirms", chromedp.SendKeys(css("#sign-name"), "张三"),
		chromedp.SendKeys(css("#sign-code"), e.sms.code(t, "13800000001")),
		chromedp.Click(css("#act-confirm")), hasText("#parties", "已于"))
	e.clock.Advance(61 * time.Second)
	resp.step("the respondent asks for a signing code", chromedp.Navigate(resp.base+path), chromedp.WaitVisible(css("#act-sign-code")),
		chromedp.Click(css("#act-sign-code")), hasText("main", "验证码已发送至"))
	resp.step("the respondent confirms", chromedp.SendKeys(css("#sign-name"), "李四"),
		chromedp.SendKeys(css("#sign-code"), e.sms.code(t, "13900000002")),
		chromedp.Click(css("#act-confirm")), hasText("#agreement", "调解员尚未签名"))
	med.step("the mediator signs", chromedp.Navigate(med.base+path), chromedp.WaitVisible(css("#act-mediator-sign")),
		chromedp.Click(css("#act-mediator-sign")), hasText("#case-status", "已达成协议"))
	resp.step("the respondent sees the agreement in effect", chromedp.Navigate(resp.base+path),
		hasText("#case-status", "已达成协议"), chromedp.WaitVisible(css("#agreement-pdf")))
	resp.shot("case-agreed-phone")
	resp.checkPDF(t, path+"/agreement.pdf", "张三", "李四", "李四赔偿张三修理费人民币肆仟元", "在线签名")

	// Follow-up and archive.
	med.step("follow-up visit", chromedp.Navigate(med.base+path), chromedp.WaitVisible(css("#visit summary")),
		chromedp.Click(css("#visit summary")), choose("#visit-performed", "full"),
		chromedp.SendKeys(css("#visit-note"), "已全部履行，双方满意。"), chromedp.Click(css("#act-visit")),
		hasText("#case-status", "已回访"))
	admin.step("archive", chromedp.Navigate(admin.base+path), chromedp.WaitVisible(css("#act-archive")),
		chromedp.Click(css("#act-archive")), hasText("#case-status", "已归档"))
	admin.shot("case-archived")

	// The township office sees it on its board.
	e.township.get("/staff/cases/board").want(t, http.StatusOK, "/staff/cases/board", "城桥镇人民调解委员会")
}

// checkPDF downloads a PDF in the page (with the tab's session) and checks
// its text with pdftotext.
func (c *chrome) checkPDF(t *testing.T, path string, want ...string) {
	t.Helper()
	b64 := c.eval(fmt.Sprintf(`(async () => {
		const r = await fetch(%q, {credentials: "same-origin"});
		if (!r.ok || r.headers.get("Content-Type") !== "application/pdf") { return "status " + r.status; }
		const b = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (const x of b) { s += String.fromCharCode(x); }
		return btoa(s);
	})()`, path))
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		if os.Getenv("TIAOJIE_TEST_BROWSER") == "" && strings.HasPrefix(b64, "status 503") {
			t.Log("agreement PDF not checked: no CJK font")
			return
		}
		t.Fatalf("agreement PDF: %s", b64)
	}
	file := filepath.Join(t.TempDir(), "agreement.pdf")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", file, "-").Output()
	if err != nil {
		if os.Getenv("TIAOJIE_TEST_BROWSER") == "" {
			t.Logf("agreement PDF not checked: %v", err)
			return
		}
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the downloaded agreement lacks %q", w)
		}
	}
}
