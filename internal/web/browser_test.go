package web_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// chromiumPath is where Debian installs Chromium.
const chromiumPath = "/usr/bin/chromium"

// consoleErrors collects what the browser reports as wrong: console.error
// calls, uncaught exceptions and error entries of the browser log, which is
// where Content-Security-Policy violations and failed loads (a 404 of an
// asset) show up. The listener runs on chromedp's reading goroutine, so
// it only appends under a lock.
type consoleErrors struct {
	mu   sync.Mutex
	msgs []string
}

func (c *consoleErrors) listen(ev any) {
	var msg string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var parts []string
		for _, a := range e.Args {
			parts = append(parts, a.Description+string(a.Value))
		}
		msg = "console.error: " + strings.Join(parts, " ")
	case *runtime.EventExceptionThrown:
		msg = "exception: " + e.ExceptionDetails.Text
		if x := e.ExceptionDetails.Exception; x != nil {
			msg += " " + x.Description
		}
	case *log.EventEntryAdded:
		if e.Entry.Level != log.EntryLevelError {
			return
		}
		msg = fmt.Sprintf("log (%s): %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL)
	default:
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msgs = append(c.msgs, msg)
}

// take returns the messages collected so far and forgets them.
func (c *consoleErrors) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.msgs
	c.msgs = nil
	return m
}

// chrome drives one headless Chromium tab against the test server.
type chrome struct {
	t     *testing.T
	ctx   context.Context
	base  string
	errs  *consoleErrors
	shots string
	n     int
}

// needChromium skips the test when Chromium is not installed, unless
// TIAOJIE_TEST_BROWSER=1 makes a missing browser a failure (CI).
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("TIAOJIE_TEST_BROWSER") == "1" {
			t.Fatalf("TIAOJIE_TEST_BROWSER=1 but there is no browser at %s: %v", chromiumPath, err)
		}
		t.Skipf("browser test skipped: no Chromium at %s (apt-get install chromium fonts-noto-cjk; "+
			"CI sets TIAOJIE_TEST_BROWSER=1 to make this a failure)", chromiumPath)
	}
}

// newChrome starts Chromium with one tab that reports its errors.
func newChrome(t *testing.T, base string) *chrome {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Headless,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.NoFirstRun,
		chromedp.Flag("lang", "zh-CN"), chromedp.Flag("accept-lang", "zh-CN,zh"), // a Chinese user's browser
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	errs := &consoleErrors{}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(errs.listen))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no timeout
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	shots := os.Getenv("TIAOJIE_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	return &chrome{t: t, ctx: ctx, base: base, errs: errs, shots: shots}
}

// css is a CSS selector.
func css(s string) chromedp.CSS { return chromedp.CSS(s) }

// step runs actions with a time limit and fails on an error of the
// actions or of the page.
func (c *chrome) step(name string, actions ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		c.t.Fatalf("%s: %v (page errors: %v)", name, err, c.errs.take())
	}
	c.clean(name)
}

// clean fails the test if the page reported any error since the last check.
func (c *chrome) clean(name string) {
	c.t.Helper()
	if msgs := c.errs.take(); len(msgs) > 0 {
		c.t.Fatalf("%s: the browser reported errors:\n  %s", name, strings.Join(msgs, "\n  "))
	}
}

// text returns the text of the first element matching sel.
func (c *chrome) text(sel string) string {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
	if err != nil {
		c.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// until waits for a JavaScript condition. It polls with Runtime.evaluate
// from Go: chromedp.Poll builds its predicate with new Function, which the
// page's CSP (no 'unsafe-eval') rightly refuses.
func until(expr string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		for {
			ok, err := chromedp.Evaluate[bool](expr)(ctx, t)
			if err == nil && ok {
				return chromedp.Void{}, nil
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, fmt.Errorf("waiting for %s: %w (last error: %v)", expr, ctx.Err(), err)
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// at waits until the page's path is path.
func at(path string) chromedp.Action[chromedp.Void] {
	return until(fmt.Sprintf(`location.pathname === %q && document.readyState === "complete"`, path))
}

// choose selects an option by value and tells the page, as a user's
// choice would (SetValue alone fires no change event).
func choose(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`(function () { var s = document.querySelector(%q); s.value = %q; s.dispatchEvent(new Event("change", {bubbles: true})); })()`,
		sel, value))
}

// shot saves a screenshot of the whole page for a person to look at.
func (c *chrome) shot(name string) {
	c.t.Helper()
	c.n++
	ctx, cancel := context.WithTimeout(c.ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		c.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(c.shots, fmt.Sprintf("%02d-%s.png", c.n, name))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		c.t.Fatal(err)
	}
	c.t.Logf("screenshot %s", path)
}

// login logs in through the form and goes on to enrol the authenticator:
// it reads the secret from the page, types the code, checks the recovery
// codes and continues.
func (c *chrome) loginAndEnrol(s *stack, login string, shots bool) {
	c.t.Helper()
	c.step("login page of "+login, chromedp.Navigate(c.base+"/login"), chromedp.WaitVisible(css("#f-login")))
	if shots {
		c.shot("login")
	}
	c.step("log in as "+login,
		chromedp.SendKeys(css("#f-login"), login), chromedp.SendKeys(css("#f-password"), testPassword),
		chromedp.Click(css(`form[action="/login"] button[type=submit]`)),
		at("/account/totp"), chromedp.WaitVisible(css("#totp-start")))
	c.step("start enrolment", chromedp.Click(css("#totp-start")), chromedp.WaitVisible(css("#totp-secret")),
		until(`document.querySelector("img.qr").complete && document.querySelector("img.qr").naturalWidth === 240`))
	if shots {
		c.shot("totp-scan")
	}
	secret := strings.TrimSpace(c.text("#totp-secret"))
	c.step("confirm enrolment",
		chromedp.SendKeys(css("#f-code"), s.totpCode(c.t, secret)),
		chromedp.Click(css(`form[action="/account/totp"] button[type=submit]`)),
		chromedp.WaitVisible(css("#recovery-codes")))
	if n := strings.Count(c.text("#recovery-codes"), "-"); n != 10 {
		c.t.Fatalf("%d recovery codes on the page, want 10", n)
	}
	if shots {
		c.shot("recovery-codes")
	}
	c.step("continue", chromedp.Click(css("#continue")), at("/"))
}

// createUser fills the new-user form; role is chosen first so the scope
// field appears.
func (c *chrome) createUser(login, name string, role tiaojie.Role, township string, shots bool) {
	c.t.Helper()
	c.step("new user form of "+login, chromedp.Navigate(c.base+"/admin/users"), chromedp.WaitVisible(css("#new-user")),
		chromedp.Click(css("#new-user")), at("/admin/users/new"), chromedp.WaitVisible(css("#f-login")),
		chromedp.WaitNotVisible(css("#f-township")))
	c.step("fill in "+login,
		chromedp.SendKeys(css("#f-login"), login), chromedp.SendKeys(css("#f-display_name"), name),
		chromedp.SendKeys(css("#f-password"), "Initial#Pass-1"), choose("#f-role", string(role)))
	if township != "" {
		c.step("choose the township", chromedp.WaitVisible(css("#f-township")), choose("#f-township", township),
			until(`document.querySelector("#f-township").selectedOptions[0].textContent === "城桥镇"`))
	}
	if shots {
		c.shot("new-user")
	}
	c.step("create "+login, chromedp.Click(css("#create-user")),
		until(`/^\/admin\/users\/\d+$/.test(location.pathname)`), chromedp.WaitVisible(css(".notice")))
	if got := c.text("#user-h"); !strings.Contains(got, login) {
		c.t.Fatalf("details page heading %q lacks %s", got, login)
	}
}

// TestBrowser walks the main pages in a real headless Chromium: staff
// login with authenticator enrolment, user administration, the language
// switch, logout and the audit log. Any console error, uncaught exception
// or browser-log error (a CSP violation, a missing asset) fails it.
func TestBrowser(t *testing.T) {
	needChromium(t)
	s := newStack(t, dbtest.SQLite(t))
	c := newChrome(t, s.srv.URL)
	s.user(t, "admin", false, tiaojie.Grant{Role: tiaojie.RoleAdmin})
	s.user(t, "auditor", false, tiaojie.Grant{Role: tiaojie.RoleAuditor})

	c.detectorWorks()

	c.step("home", chromedp.Navigate(c.base+"/"), chromedp.WaitVisible(css("#entries-h")))
	c.shot("home")
	c.loginAndEnrol(s, "admin", true)

	c.step("user list", chromedp.Navigate(c.base+"/admin/users"), chromedp.WaitVisible(css("#users-table")))
	c.shot("users")
	c.step("search with htmx", chromedp.SendKeys(css("#f-q"), "audi"),
		until(`location.search.includes("q=audi") && document.querySelectorAll("#users-table tbody tr").length === 1`))
	c.clean("search")

	c.createUser("cq.staff", "城桥司法所 张三", tiaojie.RoleTownship, chengqiao, true)
	if got := c.text(".facts"); !strings.Contains(got, "乡镇司法所（城桥镇）") {
		t.Errorf("details of cq.staff: %q", got)
	}
	c.shot("user-details")
	c.createUser("admin2", "第二管理员", tiaojie.RoleAdmin, "", false)

	c.step("switch to English", chromedp.Click(css(`form.lang button`)),
		until(`document.documentElement.lang === "en"`), chromedp.WaitVisible(css("#user-h")))
	if got := c.text("#user-h"); !strings.HasPrefix(got, "User details") {
		t.Errorf("English heading = %q", got)
	}
	c.shot("english")
	c.step("log out", chromedp.Click(css(`form[action="/logout"] button`)), at("/"))

	c.loginAndEnrol(s, "auditor", false)
	c.step("audit log", chromedp.Navigate(c.base+"/audit"), chromedp.WaitVisible(css("#audit-table")))
	c.step("filter user.create", chromedp.SendKeys(css("#f-action"), "user.create"),
		chromedp.Click(css(`form[action="/audit"] button[type=submit]`)),
		until(`location.search.includes("action=user.create") &&
			[...document.querySelectorAll("#audit-table tbody tr td:nth-child(5)")].every(td => td.textContent.trim() === "user.create")`))
	table := c.text("#audit-table")
	for _, want := range []string{"login=cq.staff", "login=admin2", "login=auditor"} {
		if !strings.Contains(table, want) {
			t.Errorf("audit table lacks %q:\n%s", want, table)
		}
	}
	c.shot("audit")
	c.step("verify the chain", chromedp.Click(css("#verify")), chromedp.WaitVisible(css("#verify-report")),
		until(`document.querySelector("#verify-report").classList.contains("verified")`))
	c.shot("audit-verified")

	// Mobile first: the same pages on a phone-sized screen.
	c.step("phone-sized screen", chromedp.EmulateViewport(390, 844), chromedp.Navigate(c.base+"/audit?action=user."),
		chromedp.WaitVisible(css("#audit-table")))
	c.shot("audit-phone")
	c.step("account on a phone", chromedp.Navigate(c.base+"/account"), chromedp.WaitVisible(css("#tokens-h")))
	c.shot("account-phone")
}

// detectorWorks proves that the test would notice a CSP violation and a
// missing asset: it makes the page commit both and waits for the reports.
func (c *chrome) detectorWorks() {
	t := c.t
	c.step("a page", chromedp.Navigate(c.base+"/login"), chromedp.WaitVisible(css("#f-login")))
	ctx, cancel := context.WithTimeout(c.ctx, 20*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`(function () {
		var s = document.createElement("script"); s.textContent = "window.inlineRan = true"; document.head.appendChild(s);
		var i = document.createElement("img"); i.src = "/static/no-such-asset.png"; i.alt = ""; document.body.appendChild(i);
	})()`))
	if err != nil && !errors.Is(err, chromedp.ErrJSUndefined) {
		t.Fatal(err)
	}
	var got []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		got = append(got, c.errs.take()...)
		all := strings.Join(got, "\n")
		if strings.Contains(all, "Content Security Policy") && strings.Contains(all, "404") {
			return
		}
	}
	t.Fatalf("the inline script and the missing asset were not both reported; got %q", got)
}
