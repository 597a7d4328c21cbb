package web_test

import (
	"archive/zip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/server/servertest"
)

// codeBox is an SMS sender that keeps the last text sent to each phone,
// as a phone would.
type codeBox struct {
	mu   sync.Mutex
	last map[string]string
}

func (c *codeBox) Send(_ context.Context, phone, text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last[phone] = text
	return nil
}

var sixDigits = regexp.MustCompile(`\d{6}`)

// code returns the last login code sent to phone.
func (c *codeBox) code(t testing.TB, phone string) string {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	m := sixDigits.FindString(c.last[phone])
	if m == "" {
		t.Fatalf("no code sent to %s", phone)
	}
	return m
}

// caseEnv is the platform with an organization, its admin and two
// mediators with logins, and a phone that receives codes.
type caseEnv struct {
	*stack
	st         *servertest.Stack
	sms        *codeBox
	org        int64
	admin      *browser
	mediator   *browser
	township   *browser
	stranger   *browser
	mediatorID int64
}

func newCaseEnv(t *testing.T, d *db.DB) *caseEnv {
	t.Helper()
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	sms := &codeBox{last: map[string]string{}}
	st := servertest.New(t, d, servertest.Options{Clock: clock.NewFake(start), Log: log, SMS: sms})
	e := &caseEnv{stack: &stack{db: d, auth: st.Auth, clock: st.Clock, srv: st.HTTP}, st: st, sms: sms}
	if err := d.Writer().QueryRow(`
		INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, contact_phone, created_at, updated_at)
		VALUES ('城桥镇人民调解委员会', '城桥人', 'basic', 'peoples_committee', 'township', $1, 'active', '021-59620000', $2, $2)
		RETURNING id`, chengqiao, start).Scan(&e.org); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Writer().Exec(`INSERT INTO org_specialties (org_id, dispute_type) VALUES ($1, 'neighbour')`, e.org); err != nil {
		t.Fatal(err)
	}
	e.admin, _ = e.staff(t, "orgadmin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.org})
	var mediatorUser int64
	e.mediator, mediatorUser = e.staff(t, "mediator", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: e.org})
	e.township, _ = e.staff(t, "chengqiao", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	e.stranger, _ = e.staff(t, "baozhen", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})
	if err := d.Writer().QueryRow(`INSERT INTO mediators (name, gender, status, user_id, created_at, updated_at)
		VALUES ('王调解', 'male', 'active', $1, $2, $2) RETURNING id`, mediatorUser, start).Scan(&e.mediatorID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Writer().Exec(`INSERT INTO mediator_orgs (mediator_id, org_id, position, joined_at) VALUES ($1, $2, 'full_time', $3)`,
		e.mediatorID, e.org, start); err != nil {
		t.Fatal(err)
	}
	return e
}

// public logs a member of the public in with a code sent to phone.
func (e *caseEnv) public(t *testing.T, phone, next string) *browser {
	t.Helper()
	b := e.browser(t)
	b.post("/login/code/send", url.Values{"phone": {phone}, "next": {next}}).want(t, http.StatusOK, "/login/code/send")
	b.post("/login/code", url.Values{"phone": {phone}, "code": {e.sms.code(t, phone)}, "next": {next}}).want(t, http.StatusOK, next)
	return b
}

var (
	caseLink   = regexp.MustCompile(`/cases/(\d+)`)
	editAction = regexp.MustCompile(`/cases/\d+/edit`)
)

func TestCasePagesEndToEnd(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newCaseEnv(t, d)

		// A visitor is asked to log in with their phone first.
		e.browser(t).get("/apply").want(t, http.StatusOK, "/apply", `id="apply-login"`)

		// The applicant applies from the organization's page.
		app := e.public(t, "13800000001", "/apply")
		form := app.get("/apply?org=" + strconv.FormatInt(e.org, 10))
		form.want(t, http.StatusOK, "/apply", `id="chosen-org"`, "城桥镇人民调解委员会", `name="parties.1.phone"`)
		fields := url.Values{
			"org_id": {strconv.FormatInt(e.org, 10)}, "dispute_type": {"neighbour"}, "township": {chengqiao},
			"title": {"楼上漏水纠纷"}, "facts": {"楼上卫生间漏水。"}, "claims": {"赔偿修理费"}, "amount": {"5000"},
			"parties.0.name": {"张三"}, "parties.0.phone": {"13800000001"},
			"parties.1.kind": {"person"}, "parties.1.name": {"李四"}, "parties.1.phone": {"13900000002"},
			"do": {"submit"},
		}
		// Without the declaration it is saved as a draft, not submitted, and
		// the problem is next to the box.
		refused := app.post("/apply", fields)
		refused.want(t, http.StatusUnprocessableEntity, "/apply", "请阅读并同意自愿调解声明", `aria-invalid="true"`, "楼上漏水纠纷")
		edit := editAction.FindString(refused.body)
		if edit == "" {
			t.Fatalf("the refused form does not post to its draft:\n%s", excerpt(refused.body))
		}
		if n := e.count(t, `SELECT COUNT(*) FROM cases WHERE status = 'draft'`); n != 1 {
			t.Fatalf("%d drafts, want 1", n)
		}
		fields.Set("consent", "1")
		fields.Set("parties.1.phone", "123")
		app.post(edit, fields).want(t, http.StatusUnprocessableEntity, edit, "手机号码格式不正确")
		fields.Set("parties.1.phone", "13900000002")
		done := app.post(edit, fields)
		done.want(t, http.StatusOK, "", "申请已提交", "待受理", "城桥镇人民调解委员会")
		m := caseLink.FindStringSubmatch(done.path)
		if m == nil {
			t.Fatalf("not on a case page: %s", done.path)
		}
		path := "/cases/" + m[1]
		app.get("/my/cases").want(t, http.StatusOK, "/my/cases", "楼上漏水纠纷", path)

		// Others do not see it; the township office does.
		e.stranger.get(path).want(t, http.StatusNotFound, path)
		// The township office sees the metadata; the content only once it
		// opens it with a reason, which is audited.
		meta := e.township.get(path)
		meta.want(t, http.StatusOK, path, "楼上漏水纠纷", `id="act-open"`, "张*")
		meta.lacks(t, "13800000001", "楼上卫生间漏水。", "张三")
		e.township.post(path+"/open", url.Values{"reason": {""}}).want(t, http.StatusUnprocessableEntity, path+"/open", "请写明查看案件内容的理由")
		e.township.post(path+"/open", url.Values{"reason": {"群众来电反映，核查办理进度"}}).want(t, http.StatusOK, path, "13800000001", "楼上卫生间漏水。")
		if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'case.open_content'`); n != 1 {
			t.Errorf("%d audit rows of opening the case", n)
		}
		e.township.get("/staff/cases").want(t, http.StatusOK, "/staff/cases", "楼上漏水纠纷")

		// The organization accepts and assigns the mediator.
		e.admin.get(path).want(t, http.StatusOK, path, `id="act-accept"`)
		e.admin.post(path+"/act", url.Values{"action": {"accept"}}).want(t, http.StatusOK, path, "待被申请人同意", "（2026）城桥人调字第1号")
		e.admin.post(path+"/assign", url.Values{"mediator_id": {strconv.FormatInt(e.mediatorID, 10)}, "how": {"org"}}).
			want(t, http.StatusOK, path, "已指派调解员", "王调解")

		// The respondent logs in with the invited phone and consents; the
		// applicant's phone is not shown to them.
		resp := e.public(t, "13900000002", path)
		page := resp.get(path)
		page.want(t, http.StatusOK, path, `id="act-consent"`, "张三")
		page.lacks(t, "13800000001")
		// The applicant may not answer for the other side.
		app.post(path+"/act", url.Values{"action": {"consent"}}).want(t, http.StatusForbidden, path+"/act")
		resp.post(path+"/act", url.Values{"action": {"consent"}}).want(t, http.StatusOK, path, "调解中")

		// The room: everyone sees the main channel; a caucus between the
		// mediator and the respondent stays between them.
		app.post(path+"/room/messages", url.Values{"channel": {"main"}, "body": {"大家好，我是张三。"}}).want(t, http.StatusOK, path, "大家好，我是张三。")
		var respParty int64
		if err := d.Reader().QueryRow(`SELECT id FROM case_parties WHERE side = 'respondent'`).Scan(&respParty); err != nil {
			t.Fatal(err)
		}
		caucus := "caucus:p" + strconv.FormatInt(respParty, 10)
		e.mediator.post(path+"/room/messages", url.Values{"channel": {caucus}, "body": {"请问您能接受的赔偿金额是多少？"}}).
			want(t, http.StatusOK, path, "请问您能接受的赔偿金额是多少？", "与李四单独沟通")
		resp.get(path).want(t, http.StatusOK, path, "请问您能接受的赔偿金额是多少？", "大家好，我是张三。", "与调解员单独沟通")
		app.get(path).lacks(t, "请问您能接受的赔偿金额是多少？")
		app.post(path+"/room/messages", url.Values{"channel": {caucus}, "body": {"偷看"}}).want(t, http.StatusNotFound, path+"/room/messages")
		e.township.get(path).lacks(t, "请问您能接受的赔偿金额是多少？")

		// Evidence: the applicant adds a photo; the respondent sees it; a
		// stranger cannot fetch it; a file that is not what it claims is refused.
		app.upload(path+"/evidence", url.Values{"title": {"天花板受损照片"}}, "ceiling.png", staffPNG(t)).
			want(t, http.StatusOK, path, "证据已提交", "天花板受损照片")
		app.upload(path+"/evidence", url.Values{"title": {"伪装"}}, "fake.png", []byte("not an image at all")).
			want(t, http.StatusUnprocessableEntity, path+"/evidence")
		resp.get(path).want(t, http.StatusOK, path, "天花板受损照片")
		ev := resp.get(path + "/evidence/1")
		ev.want(t, http.StatusOK, path+"/evidence/1")
		if ev.header.Get("Content-Type") != "image/png" || ev.body != string(staffPNG(t)) {
			t.Errorf("evidence download: %s, %d bytes", ev.header.Get("Content-Type"), len(ev.body))
		}
		e.stranger.get(path+"/evidence/1").want(t, http.StatusNotFound, path+"/evidence/1")

		// The mediator schedules a session, which their calendar shows.
		e.mediator.post(path+"/room/sessions", url.Values{"at": {"2026-12-01T15:00"}, "mode": {"on_site"}, "place": {"城桥镇司法所调解室"}}).
			want(t, http.StatusOK, path, "已安排调解", "城桥镇司法所调解室")
		e.mediator.get("/staff/sessions").want(t, http.StatusOK, "/staff/sessions", "城桥镇司法所调解室", "楼上漏水纠纷")
		e.admin.get("/staff/sessions").want(t, http.StatusOK, "/staff/sessions", "城桥镇司法所调解室")

		// The mediator declares, then drafts the agreement.
		e.mediator.get(path).want(t, http.StatusOK, path, `id="act-declare"`)
		e.mediator.post(path+"/declare", url.Values{"conflict": {"0"}}).want(t, http.StatusOK, path, "声明已提交")
		e.mediator.post(path+"/agreement", url.Values{"facts": {"漏水。"}, "issues": {"修理费。"}, "terms": {""}, "performance": {"转账"}}).
			want(t, http.StatusUnprocessableEntity, path+"/agreement", "请逐条写明协议内容")
		e.mediator.post(path+"/agreement", url.Values{"facts": {"楼上卫生间漏水致天花板受损。"}, "issues": {"修理费的承担。"},
			"terms": {"李四赔偿张三修理费四千元。\n双方再无争议。"}, "performance": {"银行转账"}, "perform_by": {"2026-12-31"}}).
			want(t, http.StatusOK, path, "协议待确认", "李四赔偿张三修理费四千元。")

		// Both parties confirm with their name and a code sent to their
		// phone; the mediator signs; the organization had no seal on file,
		// so its admin uploads one and applies it: the agreement takes effect.
		app.get(path).want(t, http.StatusOK, path, `id="act-confirm"`, `id="act-sign-code"`)
		app.post(path+"/confirm", url.Values{"name": {"张三"}, "code": {"000000"}}).
			want(t, http.StatusUnprocessableEntity, path+"/confirm", "验证码不正确")
		e.clock.Advance(61 * time.Second)
		app.post(path+"/confirm/code", nil).want(t, http.StatusOK, path+"/confirm/code", "验证码已发送至 138****0001")
		app.post(path+"/confirm", url.Values{"name": {"李四"}, "code": {e.sms.code(t, "13800000001")}}).
			want(t, http.StatusUnprocessableEntity, path+"/confirm", "输入的姓名与本案登记的当事人姓名不一致")
		app.post(path+"/confirm", url.Values{"name": {"张 三"}, "code": {e.sms.code(t, "13800000001")}}).want(t, http.StatusOK, path, "已确认")
		e.clock.Advance(61 * time.Second)
		resp.post(path+"/confirm/code", nil).want(t, http.StatusOK, path+"/confirm/code", "验证码已发送至 139****0002")
		resp.post(path+"/confirm", url.Values{"name": {"李四"}, "code": {e.sms.code(t, "13900000002")}}).want(t, http.StatusOK, path, "已确认", "调解员尚未签名")
		e.admin.get(path).lacks(t, `id="act-seal"`)
		e.mediator.post(path+"/sign", nil).want(t, http.StatusOK, path, "已签名", "尚未加盖调解组织印章")
		e.admin.post(path+"/seal", nil).want(t, http.StatusConflict, path+"/seal", "本组织尚未上传印章图片")
		orgPath := "/staff/orgs/" + strconv.FormatInt(e.org, 10)
		e.township.get(orgPath).lacks(t, `id="upload-seal"`)
		e.admin.get(orgPath).want(t, http.StatusOK, orgPath, `id="upload-seal"`, "尚未上传印章图片")
		e.admin.upload(orgPath+"/seal", nil, "seal.png", staffPNG(t)).want(t, http.StatusOK, orgPath, "印章图片已保存")
		e.township.get(orgPath+"/seal").want(t, http.StatusForbidden, orgPath+"/seal")
		e.admin.post(path+"/seal", nil).want(t, http.StatusOK, path, "已加盖印章，调解协议生效", `id="agreement-effective"`, "已达成协议")

		// Every party can download the agreement; its text names them. It
		// is issued once: the same bytes every time, the digest on the page.
		checkAgreementPDF(t, resp, path+"/agreement.pdf", "张三", "李四", "李四赔偿张三修理费四千元", "城桥镇人民调解委员会", "在线签名")
		if first, again := resp.get(path+"/agreement.pdf"), app.get(path+"/agreement.pdf"); first.status == http.StatusOK {
			sum := first.header.Get("X-Content-SM3")
			if len(sum) != 64 || again.body != first.body || again.header.Get("X-Content-SM3") != sum {
				t.Errorf("the agreement was issued twice differently: %q %q", sum, again.header.Get("X-Content-SM3"))
			}
			app.get(path).want(t, http.StatusOK, path, `id="agreement-sm3"`, sum)
		}
		e.stranger.get(path+"/agreement.pdf").want(t, http.StatusNotFound, path+"/agreement.pdf")

		// Follow-up, rating, archive.
		e.mediator.post(path+"/visit", url.Values{"performed": {"full"}, "note": {"已全部履行。"}}).want(t, http.StatusOK, path, "已回访")
		app.post(path+"/rate", url.Values{"stars": {"5"}}).want(t, http.StatusOK, path, "感谢您的评价")
		e.admin.post(path+"/act", url.Values{"action": {"archive"}}).want(t, http.StatusOK, path, "已归档")
		// The case file: one ZIP with the cover and its contents; the
		// applicant's copy of the room holds no caucus with the other side.
		checkZip := func(b *browser, want, lacks []string) {
			t.Helper()
			z := b.get(path + "/file.zip")
			z.want(t, http.StatusOK, path+"/file.zip")
			zr, err := zip.NewReader(strings.NewReader(z.body), int64(len(z.body)))
			if err != nil {
				t.Fatal(err)
			}
			var all strings.Builder
			for _, f := range zr.File {
				all.WriteString(f.Name + "\n")
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				data, _ := io.ReadAll(rc)
				rc.Close()
				if strings.HasSuffix(f.Name, ".txt") {
					all.Write(data)
				}
			}
			for _, w := range want {
				if !strings.Contains(all.String(), w) {
					t.Errorf("the case file lacks %q:\n%s", w, all.String())
				}
			}
			for _, l := range lacks {
				if strings.Contains(all.String(), l) {
					t.Errorf("the case file shows %q", l)
				}
			}
		}
		checkZip(app, []string{"00-卷宗封面.txt", "01-调解申请书.txt", "03-证据材料/01-ceiling.png", "04-调解记录", "05-调解协议书",
			"06-回访记录.txt", "大家好，我是张三。", "李四赔偿张三修理费四千元。", "卷号：（2026）城桥人调字第1号",
			"另附：\n04-调解记录（在线调解室）.txt"}, []string{"请问您能接受的赔偿金额是多少？"})
		checkZip(e.mediator, []string{"请问您能接受的赔偿金额是多少？"}, nil)
		e.stranger.get(path+"/file.zip").want(t, http.StatusNotFound, path+"/file.zip")

		hist := e.township.get(path)
		hist.want(t, http.StatusOK, path, "登记", "受理", "同意调解", "协议生效", "回访", "归档")

		// The board and the funnel count the case.
		e.township.get("/staff/cases/board").want(t, http.StatusOK, "/staff/cases/board", `id="funnel-table"`, "城桥镇人民调解委员会")
	})
}

func TestCalendarPage(t *testing.T) {
	e := newCaseEnv(t, dbtest.SQLite(t))
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	bureau.get("/staff/calendar?year=2026").want(t, http.StatusOK, "/staff/calendar", `id="calendar-empty"`)
	bureau.post("/staff/calendar", url.Values{"date": {"2026-10-01"}, "kind": {"holiday"}, "name": {"国庆节"}}).
		want(t, http.StatusOK, "/staff/calendar", "2026-10-01", "国庆节", "放假")
	bureau.post("/staff/calendar", url.Values{"date": {"2026-10-99"}, "kind": {"holiday"}}).
		want(t, http.StatusUnprocessableEntity, "/staff/calendar", "日期格式应为")
	// A township office reads the calendar but may not change it.
	e.township.get("/staff/calendar?year=2026").want(t, http.StatusOK, "/staff/calendar", "国庆节")
	e.township.post("/staff/calendar", url.Values{"date": {"2026-10-02"}, "kind": {"holiday"}}).want(t, http.StatusForbidden, "/staff/calendar")
}

// checkAgreementPDF downloads the agreement and checks its text with
// pdftotext (poppler-utils). Without the font or the tool the check is
// skipped, except in CI (TIAOJIE_TEST_BROWSER set), where it must run.
func checkAgreementPDF(t *testing.T, b *browser, path string, want ...string) {
	t.Helper()
	res := b.get(path)
	_, noTool := exec.LookPath("pdftotext")
	if res.status == http.StatusServiceUnavailable || noTool != nil {
		if os.Getenv("TIAOJIE_TEST_BROWSER") != "" {
			t.Fatalf("agreement PDF: status %d, pdftotext: %v (install fonts-wqy-microhei and poppler-utils)", res.status, noTool)
		}
		t.Logf("agreement PDF not checked: no CJK font or no pdftotext")
		return
	}
	res.want(t, http.StatusOK, path)
	if ct := res.header.Get("Content-Type"); ct != "application/pdf" {
		t.Fatalf("Content-Type = %q", ct)
	}
	file := filepath.Join(t.TempDir(), "agreement.pdf")
	if err := os.WriteFile(file, []byte(res.body), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the agreement PDF lacks %q:\n%s", w, out)
		}
	}
}

func TestConsult(t *testing.T) {
	e := newCaseEnv(t, dbtest.SQLite(t))
	b := e.browser(t)
	b.get("/consult").want(t, http.StatusOK, "/consult", "您和谁之间发生了纠纷？", `id="topic-neighbour"`)
	res := b.get("/consult?topic=neighbour&township=" + chengqiao)
	res.want(t, http.StatusOK, "/consult", `id="consult-result"`, "邻里纠纷", "城桥镇人民调解委员会", "位于纠纷发生地乡镇",
		"/apply?org="+strconv.FormatInt(e.org, 10)+"&amp;type=neighbour&amp;township="+chengqiao)
	// A topic no organization serves says so; an unknown one shows the question only.
	b.get("/consult?topic=hospital").want(t, http.StatusOK, "/consult", "医疗纠纷", "暂无受理该类纠纷的调解组织")
	b.get("/consult?topic=gossip").lacks(t, `id="consult-result"`)
	// The application form comes prefilled.
	app := e.public(t, "13800000001", "/my/cases")
	form := app.get("/apply?type=neighbour&township=" + chengqiao)
	form.want(t, http.StatusOK, "/apply", `<option value="neighbour" selected>`, `<option value="`+chengqiao+`" selected>`)
}
