package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/server/servertest"
)

// testPassword is the password of every account the tests create.
const testPassword = "Qu!et-River-7"

// Townships of the built-in Chongming profile.
const (
	chengqiao = "310151101" // 城桥镇
	baozhen   = "310151102" // 堡镇
)

var start = time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC)

// stack is the whole platform in-process: the real services, pages, API
// and middleware over one database, served by httptest.
type stack struct {
	db    *db.DB
	auth  *auth.Service
	clock *clock.Fake
	srv   *httptest.Server
}

// testWriter sends the server's warnings and errors to the test log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

func newStack(t testing.TB, d *db.DB) *stack {
	t.Helper()
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st := servertest.New(t, d, servertest.Options{Clock: clock.NewFake(start), Log: log})
	return &stack{db: d, auth: st.Auth, clock: st.Clock, srv: st.HTTP}
}

// user creates an account as the platform does for its demo accounts.
func (s *stack) user(t testing.TB, login string, mustChange bool, grants ...tiaojie.Grant) int64 {
	t.Helper()
	id, err := s.auth.CreateUser(context.Background(), tiaojie.System(), auth.NewUser{
		Login: login, DisplayName: "测试 " + login, Password: testPassword, Grants: grants, MustChange: mustChange})
	if err != nil {
		t.Fatalf("create %s: %v", login, err)
	}
	return id
}

func (s *stack) count(t testing.TB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.Reader().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// totpCode returns the authenticator code of secret at the stack's time.
func (s *stack) totpCode(t testing.TB, secret string) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, s.clock.Now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// browser is an HTTP client with its own cookies, like one browser.
type browser struct {
	t    testing.TB
	base string
	c    *http.Client
}

// page is one response, after redirects.
type page struct {
	status int
	path   string // the final path, after redirects
	rawURL string
	header http.Header
	body   string
}

func (s *stack) browser(t testing.TB) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, base: s.srv.URL, c: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return page{status: res.StatusCode, path: res.Request.URL.Path, rawURL: res.Request.URL.String(), header: res.Header, body: string(body)}
}

// get fetches path; headers are name, value pairs.
func (b *browser) get(path string, headers ...string) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.base+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.do(req)
}

// post submits a form to path; headers are name, value pairs.
func (b *browser) post(path string, form url.Values, headers ...string) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.do(req)
}

func (p page) want(t testing.TB, status int, path string, contains ...string) {
	t.Helper()
	if p.status != status || path != "" && p.path != path {
		t.Fatalf("got %d at %s, want %d at %s; body:\n%s", p.status, p.path, status, path, excerpt(p.body))
	}
	for _, s := range contains {
		if !strings.Contains(p.body, s) {
			t.Errorf("page %s lacks %q; body:\n%s", p.path, s, excerpt(p.body))
		}
	}
}

func (p page) lacks(t testing.TB, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if s != "" && strings.Contains(p.body, s) {
			t.Errorf("page %s shows %q, which it must not", p.path, s)
		}
	}
}

// excerpt returns the main part of a page body, for failure messages.
func excerpt(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000] + "…"
	}
	return body
}

var (
	secretOnPage = regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`)
	recoveryCode = regexp.MustCompile(`<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>`)
)

// login logs in with the password.
func (b *browser) login(login, password string) page {
	b.t.Helper()
	return b.post("/login", url.Values{"login": {login}, "password": {password}, "next": {"/"}})
}

// enrol sets up the authenticator from the page's secret and returns the
// secret and the page with the recovery codes.
func (s *stack) enrol(b *browser) (string, page) {
	b.t.Helper()
	p := b.post("/account/totp/start", nil)
	p.want(b.t, http.StatusOK, "/account/totp/start", `src="/account/totp/qr.png"`)
	m := secretOnPage.FindStringSubmatch(p.body)
	if m == nil {
		b.t.Fatalf("no secret on the enrolment page:\n%s", excerpt(p.body))
	}
	codes := b.post("/account/totp", url.Values{"code": {s.totpCode(b.t, m[1])}})
	codes.want(b.t, http.StatusOK, "/account/totp")
	if n := len(recoveryCode.FindAllString(codes.body, -1)); n != 10 {
		b.t.Fatalf("%d recovery codes shown, want 10:\n%s", n, excerpt(codes.body))
	}
	return m[1], codes
}

// staff creates a staff account and returns a browser logged in as it,
// past the second factor.
func (s *stack) staff(t testing.TB, login string, grants ...tiaojie.Grant) (*browser, int64) {
	t.Helper()
	id := s.user(t, login, false, grants...)
	b := s.browser(t)
	b.login(login, testPassword).want(t, http.StatusOK, "/account/totp")
	s.enrol(b)
	return b, id
}

func TestLogin(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	s.user(t, "zhang", false, tiaojie.Grant{Role: tiaojie.RoleBureau})
	for _, tc := range []struct {
		name, login, password string
		status                int
		path                  string
		shows                 []string
	}{
		{"right password", "zhang", testPassword, http.StatusOK, "/account/totp", []string{"绑定动态口令"}},
		{"wrong password", "zhang", "Wr0ng#Password", http.StatusUnauthorized, "/login",
			[]string{"账号或密码不正确", `id="f-login" name="login" type="text" value="zhang"`, `role="alert" id="problem"`}},
		{"unknown account", "nobody", "Wr0ng#Password", http.StatusUnauthorized, "/login", []string{"账号或密码不正确", `value="nobody"`}},
		{"empty form", "", "", http.StatusUnauthorized, "/login", []string{"账号或密码不正确"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := s.browser(t).login(tc.login, tc.password)
			p.want(t, tc.status, tc.path, tc.shows...)
			if tc.status != http.StatusOK {
				p.lacks(t, tc.password)
				if strings.Contains(p.body, `name="password" type="password" value=`) {
					t.Error("the password field was refilled")
				}
			}
		})
	}
}

func TestEnrolTOTP(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		s.user(t, "li.si", false, tiaojie.Grant{Role: tiaojie.RoleBureau})
		b := s.browser(t)
		b.login("li.si", testPassword).want(t, http.StatusOK, "/account/totp", "开始绑定", "工作人员账号必须绑定")
		b.get("/admin/users").want(t, http.StatusOK, "/account/totp") // nothing else before the second factor
		b.get("/account/totp/qr.png").want(t, http.StatusNotFound, "")

		p := b.post("/account/totp/start", nil)
		p.want(t, http.StatusOK, "", `<img class="qr" src="/account/totp/qr.png"`, `alt="动态口令绑定二维码`)
		secret := secretOnPage.FindStringSubmatch(p.body)[1]

		qr := b.get("/account/totp/qr.png")
		if qr.status != http.StatusOK || qr.header.Get("Content-Type") != "image/png" ||
			qr.header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(qr.body, "\x89PNG") {
			t.Fatalf("qr: %d %q %q", qr.status, qr.header.Get("Content-Type"), qr.header.Get("Cache-Control"))
		}

		wrong := b.post("/account/totp", url.Values{"code": {"000000"}})
		wrong.want(t, http.StatusUnprocessableEntity, "", "动态口令不正确", `aria-invalid="true"`, secret)

		again := b.get("/account/totp") // a reload shows the same secret; GET starts nothing
		again.want(t, http.StatusOK, "", secret)

		codes := b.post("/account/totp", url.Values{"code": {s.totpCode(t, secret)}})
		codes.want(t, http.StatusOK, "", "动态口令绑定成功", `href="/" id="continue"`)

		acc := b.get("/account")
		acc.want(t, http.StatusOK, "/account", "已绑定", "<dd>10</dd>")
		b.get("/account/totp").want(t, http.StatusOK, "", "您的账号已绑定动态口令")
		b.get("/account/totp/qr.png").want(t, http.StatusNotFound, "")
	})
}

func TestPasswordChange(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	s.user(t, "wang", true, tiaojie.Grant{Role: tiaojie.RoleBureau})
	b := s.browser(t)
	b.login("wang", testPassword).want(t, http.StatusOK, "/account/totp")
	b.get("/account/password").want(t, http.StatusOK, "/account/totp") // the second factor comes first
	_, codes := s.enrol(b)
	if !strings.Contains(codes.body, `href="/account/password" id="continue"`) {
		t.Fatalf("continue does not lead to the password change:\n%s", excerpt(codes.body))
	}
	b.get("/account").want(t, http.StatusOK, "/account/password", "继续使用前，您需要设置一个新密码")

	for _, tc := range []struct {
		name                  string
		current, next, repeat string
		status                int
		shows                 string
	}{
		{"mismatch", testPassword, "Another#Pass-2026", "Another#Pass-2027", http.StatusUnprocessableEntity, "两次输入的新密码不一致"},
		{"wrong current", "Wr0ng#Password", "Another#Pass-2026", "Another#Pass-2026", http.StatusUnprocessableEntity, "当前密码不正确"},
		{"too short", testPassword, "Ab1!", "Ab1!", http.StatusUnprocessableEntity, "密码至少需要 8 个字符"},
		{"reused", testPassword, testPassword, testPassword, http.StatusUnprocessableEntity, "不能使用最近 5 次用过的密码"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := b.post("/account/password", url.Values{"current": {tc.current}, "password": {tc.next}, "repeat": {tc.repeat}})
			p.want(t, tc.status, "/account/password", tc.shows)
			p.lacks(t, tc.next)
		})
	}
	p := b.post("/account/password", url.Values{"current": {testPassword}, "password": {"Another#Pass-2026"}, "repeat": {"Another#Pass-2026"}})
	p.want(t, http.StatusOK, "/account", "密码已修改")
	b.get("/admin/users").want(t, http.StatusOK, "/admin/users") // the new session cookie works
}

func TestCreateUser(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		admin, _ := s.staff(t, "admin", tiaojie.Grant{Role: tiaojie.RoleAdmin})
		valid := url.Values{"login": {"cq.staff"}, "display_name": {"城桥 工作人员"}, "email": {"cq@example.cn"},
			"phone": {"13800138000"}, "password": {"Initial#Pass-1"}, "role": {string(tiaojie.RoleTownship)},
			"township": {chengqiao}, "org_id": {""}}
		with := func(k, v string) url.Values {
			f := url.Values{}
			for key, vals := range valid {
				f[key] = append([]string(nil), vals...)
			}
			f.Set(k, v)
			return f
		}
		users := s.count(t, `SELECT count(*) FROM users`)
		for _, tc := range []struct {
			name  string
			form  url.Values
			shows []string
		}{
			{"bad login", with("login", "A"), []string{"账号名须为", `id="e-login"`}},
			{"weak password", with("password", "short"), []string{"密码至少需要 8 个字符", `id="e-password"`}},
			{"no name", with("display_name", " "), []string{"姓名为必填项"}},
			{"bad phone", with("phone", "12345"), []string{"请输入有效的 11 位手机号码"}},
			{"no role", with("role", ""), []string{"请选择一个角色", `id="e-f-role"`}},
			{"township missing", with("township", ""), []string{"乡镇司法所角色必须选择所属乡镇", `id="e-f-township"`}},
			{"unknown township", with("township", "999999999"), []string{"所选乡镇不在本区范围内"}},
			{"bad organization", with("role", string(tiaojie.RoleMediator)), []string{"调解组织角色必须填写所属调解组织编号"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := admin.post("/admin/users", tc.form)
				p.want(t, http.StatusUnprocessableEntity, "/admin/users", tc.shows...)
				p.lacks(t, tc.form.Get("password"))
				if tc.form.Get("login") == "cq.staff" && !strings.Contains(p.body, `value="cq.staff"`) {
					t.Error("the login was not refilled")
				}
			})
		}
		if n := s.count(t, `SELECT count(*) FROM users`); n != users {
			t.Fatalf("refused forms wrote users: %d, want %d", n, users)
		}

		p := admin.post("/admin/users", valid)
		p.want(t, http.StatusOK, "", "用户已创建", "cq.staff", "城桥镇", "138****8000")
		p.lacks(t, "13800138000")
		id, err := strconv.ParseInt(strings.TrimPrefix(p.path, "/admin/users/"), 10, 64)
		if err != nil {
			t.Fatalf("created user landed at %s", p.path)
		}
		u, err := s.auth.GetUser(context.Background(), tiaojie.System(), id)
		if err != nil {
			t.Fatal(err)
		}
		if !u.MustChange || len(u.Grants) != 1 || u.Grants[0] != (tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao}) {
			t.Errorf("created %+v", u)
		}
		admin.post("/admin/users", valid).want(t, http.StatusUnprocessableEntity, "", "该账号名已被使用")

		// The details page's forms: roles, status.
		grants := url.Values{"role": {string(tiaojie.RoleTownship), string(tiaojie.RoleMediator)},
			"township": {baozhen, ""}, "org_id": {"", "7"}}
		admin.post(p.path+"/grants", grants).want(t, http.StatusOK, p.path, "角色已保存", "堡镇", "组织 #7")
		admin.post(p.path+"/grants", url.Values{"role": {string(tiaojie.RoleAuditor), string(tiaojie.RoleMediator)},
			"township": {"", ""}, "org_id": {"", "7"}}).want(t, http.StatusConflict, "", "三员分立")
		admin.post(p.path+"/status", url.Values{"active": {"0"}}).want(t, http.StatusOK, p.path, "账号已停用")
	})
}

func TestTownshipScope(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	s.user(t, "cq.mediator", false, tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	other := s.user(t, "bz.office", false, tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})
	cq, _ := s.staff(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})

	cq.get("/admin/users/new").want(t, http.StatusForbidden, "/admin/users/new", "您没有执行此操作的权限")
	cq.post("/admin/users", url.Values{"login": {"x.y"}}).want(t, http.StatusForbidden, "")
	list := cq.get("/admin/users")
	list.want(t, http.StatusOK, "/admin/users", "cq.mediator", "cq.office", "共 2 个用户")
	list.lacks(t, "bz.office", "/admin/users/new")
	cq.get(fmt.Sprintf("/admin/users/%d", other)).want(t, http.StatusNotFound, "")
	if n := s.count(t, `SELECT count(*) FROM audit_log WHERE action = 'route.denied' AND actor = 'cq.office'`); n != 2 {
		t.Errorf("%d route.denied rows, want 2", n)
	}
}

func TestUserList(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	admin, _ := s.staff(t, "admin", tiaojie.Grant{Role: tiaojie.RoleAdmin})
	for i := range 25 {
		s.user(t, fmt.Sprintf("med%02d", i), false, tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: 1})
	}
	first := admin.get("/admin/users?role=mediator")
	first.want(t, http.StatusOK, "", "共 25 个用户", "第 1 页，共 2 页", `href="/admin/users?page=2&amp;role=mediator"`)
	first.lacks(t, ">admin<")

	frag := admin.get("/admin/users?q=med2&role=mediator", "HX-Request", "true", "HX-Target", "results")
	frag.want(t, http.StatusOK, "", "共 5 个用户", "med24")
	frag.lacks(t, "<html", "med19")
	if frag.header.Get("Content-Security-Policy") == "" {
		t.Error("the fragment has no CSP")
	}
	// The same search without htmx is the whole page, with the form refilled.
	admin.get("/admin/users?q=med2").want(t, http.StatusOK, "", "<html", `value="med2"`, "共 5 个用户")
}

func TestAuditPage(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	admin, _ := s.staff(t, "admin", tiaojie.Grant{Role: tiaojie.RoleAdmin})
	auditor, _ := s.staff(t, "auditor", tiaojie.Grant{Role: tiaojie.RoleAuditor})
	created := admin.post("/admin/users", url.Values{"login": {"new.mediator"}, "display_name": {"新调解员"},
		"password": {"Initial#Pass-1"}, "role": {string(tiaojie.RoleMediator)}, "org_id": {"3"}})
	created.want(t, http.StatusOK, "", "用户已创建")
	id := strings.TrimPrefix(created.path, "/admin/users/")

	p := auditor.get("/audit?action=user.create&object_id=" + id)
	p.want(t, http.StatusOK, "/audit", "login=new.mediator", "<code>user.create</code>", "系统管理员", "成功")
	auditor.get("/audit?action=user.").want(t, http.StatusOK, "", "login=auditor", "login=new.mediator")
	auditor.get("/audit?outcome=denied").want(t, http.StatusOK, "", "没有符合条件的记录")

	frag := auditor.get("/audit?action=user.", "HX-Request", "true", "HX-Target", "results")
	frag.want(t, http.StatusOK, "", `id="audit-table"`)
	frag.lacks(t, "<html")
	auditor.get("/audit?from=2026-13-01").want(t, http.StatusUnprocessableEntity, "", "请输入有效日期")
	auditor.get("/audit?from=2026-12-02&to=2026-12-01").want(t, http.StatusUnprocessableEntity, "", "结束时间不能早于开始时间")
	// Beijing days: the stack's clock is 09:00 on 29 November in Beijing.
	auditor.get("/audit?action=user.create&from=2026-11-29&to=2026-11-29").want(t, http.StatusOK, "", "login=new.mediator")
	auditor.get("/audit?action=user.create&to=2026-11-28").want(t, http.StatusOK, "", "没有符合条件的记录")

	v := auditor.post("/audit/verify", nil)
	v.want(t, http.StatusOK, "/audit/verify", "校验通过", "已检查记录数")

	admin.get("/audit").want(t, http.StatusForbidden, "/audit", "您没有执行此操作的权限")
	admin.post("/audit/verify", nil).want(t, http.StatusForbidden, "")
	if n := s.count(t, `SELECT count(*) FROM audit_log WHERE action = 'audit.verify' AND actor = 'auditor'`); n != 1 {
		t.Errorf("%d audit.verify rows, want 1", n)
	}
}

func TestAccountTokensAndSessions(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	admin, _ := s.staff(t, "admin", tiaojie.Grant{Role: tiaojie.RoleAdmin})
	admin.post("/account/tokens", url.Values{"name": {""}, "expires": {"30"}}).
		want(t, http.StatusUnprocessableEntity, "/account/tokens", "令牌名称为必填项", "请至少选择一项权限")
	p := admin.post("/account/tokens", url.Values{"name": {"报表脚本"}, "scopes": {"users.read"}, "expires": {"30"}})
	p.want(t, http.StatusOK, "", "令牌已创建", "请立即复制")
	secret := regexp.MustCompile(`id="new-token">(tj_[A-Za-z0-9_-]+)<`).FindStringSubmatch(p.body)
	if secret == nil {
		t.Fatalf("no token on the page:\n%s", excerpt(p.body))
	}
	acc := admin.get("/account")
	acc.want(t, http.StatusOK, "", "报表脚本", "查看用户")
	acc.lacks(t, secret[1])
	tokenID := regexp.MustCompile(`/account/tokens/(\d+)/revoke`).FindStringSubmatch(acc.body)[1]
	admin.post("/account/tokens/"+tokenID+"/revoke", nil).want(t, http.StatusOK, "/account", "令牌已撤销", "已撤销")

	// A second browser of the same account, ended from the first.
	s.clock.Advance(30 * time.Second)
	other := s.browser(t)
	other.login("admin", testPassword).want(t, http.StatusOK, "/login/totp")
	acc = admin.get("/account")
	sessions := regexp.MustCompile(`/account/sessions/([0-9a-f]{16})/revoke`).FindAllStringSubmatch(acc.body, -1)
	if len(sessions) != 1 || !strings.Contains(acc.body, "当前会话") {
		t.Fatalf("sessions on the page: %v", sessions)
	}
	admin.post("/account/sessions/"+sessions[0][1]+"/revoke", nil).want(t, http.StatusOK, "/account", "该会话已结束")
	other.get("/login/totp").want(t, http.StatusOK, "/login")

	admin.post("/account/profile", url.Values{"display_name": {"管理员甲"}, "email": {"bad"}}).
		want(t, http.StatusUnprocessableEntity, "/account/profile", "请输入有效的电子邮箱地址")
	admin.post("/account/profile", url.Values{"display_name": {"管理员甲"}, "phone": {"13900139000"}}).
		want(t, http.StatusOK, "/account", "个人资料已保存", "139****9000")
	admin.post("/account/profile", url.Values{"display_name": {"管理员甲"}, "phone": {""}}).
		want(t, http.StatusOK, "/account", "139****9000") // an empty field keeps the number
	admin.post("/account/profile", url.Values{"display_name": {"管理员甲"}, "remove_phone": {"1"}}).
		want(t, http.StatusOK, "/account", "未绑定")
}

func TestLanguageSwitch(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	b := s.browser(t)
	b.get("/login").want(t, http.StatusOK, "/login", `<html lang="zh-CN">`, "账号密码登录")
	b.post("/lang", url.Values{"lang": {"en"}, "next": {"/login"}}).want(t, http.StatusOK, "/login", `<html lang="en">`, "Log in")

	admin, _ := s.staff(t, "admin", tiaojie.Grant{Role: tiaojie.RoleAdmin})
	admin.post("/lang", url.Values{"lang": {"en"}, "next": {"/admin/users"}}).
		want(t, http.StatusOK, "/admin/users", "<h1>Users</h1>", "New user", "System administrator")
	admin.post("/admin/users", url.Values{"login": {"Q"}}).want(t, http.StatusUnprocessableEntity, "", "Choose a role.")
}

// TestEveryPageHasCSP fetches each page, errors included, and checks the
// security headers and that no page carries inline script, style or event
// handlers, which the policy would block.
func TestEveryPageHasCSP(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	admin, adminID := s.staff(t, "admin", tiaojie.Grant{Role: tiaojie.RoleAdmin})
	auditor, _ := s.staff(t, "auditor", tiaojie.Grant{Role: tiaojie.RoleAuditor})
	anon := s.browser(t)
	inline := regexp.MustCompile(`(?i)<script(?:\s[^>]*)?>[^<]|<[^>]+\s(?:style|on[a-z]+)=|javascript:`)
	for _, tc := range []struct {
		who  *browser
		path string
	}{
		{anon, "/"}, {anon, "/login"}, {anon, "/login?method=phone"}, {anon, "/soon/apply"}, {anon, "/no/such/page"},
		{admin, "/account"}, {admin, "/account/password"}, {admin, "/account/totp"},
		{admin, "/admin/users"}, {admin, "/admin/users/new"}, {admin, fmt.Sprintf("/admin/users/%d", adminID)},
		{admin, "/admin/users/99999"}, {admin, "/audit"},
		{auditor, "/audit"}, {auditor, "/audit?from=bad"},
	} {
		p := tc.who.get(tc.path)
		csp := p.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "style-src 'self'") {
			t.Errorf("%s (%d): CSP %q", tc.path, p.status, csp)
		}
		if p.header.Get("X-Content-Type-Options") != "nosniff" || p.header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: headers %v", tc.path, p.header)
		}
		if m := inline.FindString(p.body); m != "" {
			t.Errorf("%s: inline code or style %q", tc.path, m)
		}
	}
}

func TestCrossOriginRefused(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	admin, _ := s.staff(t, "admin", tiaojie.Grant{Role: tiaojie.RoleAdmin})
	users := s.count(t, `SELECT count(*) FROM users`)
	for _, tc := range []struct {
		name    string
		path    string
		form    url.Values
		headers []string
		status  int
	}{
		{"foreign origin", "/admin/users", url.Values{"login": {"evil.user"}, "role": {"admin"}}, []string{"Origin", "https://evil.example"}, http.StatusForbidden},
		{"cross-site fetch", "/admin/users", url.Values{"login": {"evil.user"}, "role": {"admin"}}, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"foreign origin, language", "/lang", url.Values{"lang": {"en"}}, []string{"Origin", "https://evil.example"}, http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := admin.post(tc.path, tc.form, tc.headers...)
			p.want(t, tc.status, "", "请求来源校验失败")
		})
	}
	if n := s.count(t, `SELECT count(*) FROM users`); n != users {
		t.Errorf("a cross-origin post created a user")
	}
}
