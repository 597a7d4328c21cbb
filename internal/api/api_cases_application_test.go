package api_test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

func TestCaseConfirmationApplication(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := newCaseStack(t, d)
		// The check for identity numbers in clear reads text: a PDF's
		// content streams hold glyph numbers, and its text is checked below.
		trace := c.trace
		c.trace = func(q req, r *response) {
			if r.header.Get("Content-Type") != "application/pdf" {
				trace(q, r)
			}
		}
		id := c.mediating(t)
		path := casePath(id, "/confirmation-application.pdf")

		// Nothing to apply for until the agreement is in effect.
		c.do(t, req{method: "GET", path: path, auth: c.applicant}).problem(t, 409, "case.no_agreement")
		c.do(t, req{method: "POST", path: casePath(id, "/agreement"), auth: c.mediatorTok, body: agreementBody()}).ok(t, 204, nil)
		c.sign(t, id, c.applicant, applicantPhone, "张三").ok(t, 204, nil)
		c.sign(t, id, c.respondent, respondentPhone, "李四").ok(t, 204, nil)
		c.do(t, req{method: "POST", path: casePath(id, "/agreement/mediator-signature"), auth: c.mediatorTok}).ok(t, 204, nil)

		// Each party and the mediator get it.
		for _, who := range []string{c.applicant, c.respondent, c.mediatorTok} {
			res := c.do(t, req{method: "GET", path: path, auth: who})
			if res.status == 503 && os.Getenv("TIAOJIE_TEST_BROWSER") == "" {
				t.Skip("no CJK font: apt-get install fonts-wqy-microhei")
			}
			if res.status != 200 || res.header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(res.body, []byte("%PDF-")) {
				t.Fatalf("status %d, %s: %.200s", res.status, res.header.Get("Content-Type"), res.body)
			}
			if cd := res.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, ".pdf") {
				t.Errorf("Content-Disposition %q", cd)
			}
			if res.header.Get("Cache-Control") != "private, no-store" {
				t.Errorf("Cache-Control %q", res.header.Get("Cache-Control"))
			}
			text := checkPDFText(t, res.body, "司法确认申请书", "申请人：张三", "申请人：李四", "请求确认申请人张三与李四",
				"城桥镇人民调解委员会", "李四赔偿张三修理费人民币肆仟元。", "此致上海市崇明区人民法院")
			if strings.Contains(text, applicantID) {
				t.Errorf("the identity number in clear:\n%s", text)
			}
		}
		if n := c.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'case.confirmation_application' AND outcome = 'ok'`); n != 3 {
			t.Errorf("%d downloads audited, want 3", n)
		}

		// Those without the content do not get it; a stranger learns
		// nothing.
		c.do(t, req{method: "GET", path: path, auth: c.cq}).problem(t, 403, "case.not_your_step")
		c.do(t, req{method: "GET", path: path, auth: c.bz}).problem(t, 404, "error.not_found")

		// After the 30 days (and the weekend that may end them): 409.
		c.st.Clock.Advance(33 * 24 * time.Hour)
		c.do(t, req{method: "GET", path: path, auth: c.mediatorTok}).problem(t, 409, "case.confirm_late")
	})
}

// checkPDFText checks the text of a PDF with pdftotext (poppler-utils),
// white space ignored, and returns the text; without the tool the check is
// skipped, except in CI (TIAOJIE_TEST_BROWSER set).
func checkPDFText(t *testing.T, pdf []byte, want ...string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("TIAOJIE_TEST_BROWSER") != "" {
			t.Fatalf("pdftotext: %v (apt-get install poppler-utils)", err)
		}
		t.Logf("PDF text not checked: no pdftotext")
		return ""
	}
	cmd := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF lacks %q:\n%s", w, out)
		}
	}
	return text
}
