package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

func TestCaseApplicationPDF(t *testing.T) {
	e := newCaseEnv(t, dbtest.SQLite(t))

	// A case in mediation with an agreement drafted.
	app := e.public(t, "13800000001", "/apply")
	done := app.post("/apply", url.Values{
		"org_id": {strconv.FormatInt(e.org, 10)}, "dispute_type": {"neighbour"}, "township": {chengqiao},
		"title": {"楼上漏水纠纷"}, "facts": {"楼上卫生间漏水。"}, "claims": {"赔偿修理费"},
		"parties.0.name": {"张三"}, "parties.0.phone": {"13800000001"},
		"parties.1.kind": {"person"}, "parties.1.name": {"李四"}, "parties.1.phone": {"13900000002"},
		"consent": {"1"}, "do": {"submit"},
	})
	done.want(t, http.StatusOK, "", "申请已提交")
	m := caseLink.FindStringSubmatch(done.path)
	if m == nil {
		t.Fatalf("not on a case page: %s", done.path)
	}
	path := "/cases/" + m[1]
	e.admin.post(path+"/act", url.Values{"action": {"accept"}}).want(t, http.StatusOK, path)
	e.admin.post(path+"/assign", url.Values{"mediator_id": {strconv.FormatInt(e.mediatorID, 10)}, "how": {"org"}}).want(t, http.StatusOK, path)
	e.public(t, "13900000002", path).post(path+"/act", url.Values{"action": {"consent"}}).want(t, http.StatusOK, path, "调解中")
	e.mediator.post(path+"/declare", url.Values{"conflict": {"0"}}).want(t, http.StatusOK, path)
	e.mediator.post(path+"/agreement", url.Values{"facts": {"楼上卫生间漏水致天花板受损。"}, "issues": {"修理费的承担。"},
		"terms": {"李四赔偿张三修理费四千元。"}, "performance": {"银行转账"}}).want(t, http.StatusOK, path)

	// Not before the agreement takes effect.
	app.get(path).lacks(t, `id="application-pdf"`)
	app.get(path+"/confirmation-application.pdf").want(t, http.StatusConflict, "", "尚无生效的调解协议")

	// It takes effect (the parties' signatures are another test's): the
	// 30 days run to 29 December.
	due := time.Date(2026, 12, 30, 0, 0, 0, 0, tiaojie.Beijing())
	if _, err := e.db.Writer().Exec(`UPDATE case_agreements SET effective_at = $1`, start); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Writer().Exec(`UPDATE cases SET status = 'agreed', end_reason = 'agreement', agreed_at = $1, confirm_due = $2`,
		start, due); err != nil {
		t.Fatal(err)
	}
	page := app.get(path)
	page.want(t, http.StatusOK, path, `id="application-pdf"`, `href="`+path+`/confirmation-application.pdf"`,
		"最迟于 2026-12-29 共同向上海市崇明区人民法院提出")
	checkAgreementPDF(t, app, path+"/confirmation-application.pdf", "司法确认申请书", "申请人：张三", "申请人：李四",
		"请求确认申请人张三与李四", "城桥镇人民调解委员会", "1．李四赔偿张三修理费四千元。", "此致上海市崇明区人民法院",
		"最迟于2026年12月29日")
	e.mediator.get(path).want(t, http.StatusOK, path, `id="application-pdf"`)

	// Those without the content neither see the offer nor get the PDF.
	e.township.get(path).lacks(t, `id="application-pdf"`)
	e.township.get(path+"/confirmation-application.pdf").want(t, http.StatusForbidden, "")
	e.stranger.get(path+"/confirmation-application.pdf").want(t, http.StatusNotFound, "")

	// Once the 30 days have passed, neither (the session has expired by
	// then: log in again).
	e.clock.Set(due)
	app = e.public(t, "13800000001", path)
	app.get(path).lacks(t, `id="application-pdf"`)
	app.get(path+"/confirmation-application.pdf").want(t, http.StatusConflict, "", "已超过申请司法确认的 30 日期限")
}
