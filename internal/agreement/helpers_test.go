package agreement

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"tiaojie"
)

// strictEnv is set in CI, where every test must run: a missing font or
// poppler-utils is then a failure rather than a skip.
const strictEnv = "TIAOJIE_TEST_BROWSER"

// need skips the test when a system dependency is missing, with the
// package that provides it, or fails it when strictEnv is set.
func need(t testing.TB, what, pkg string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv(strictEnv) != "" {
		t.Fatalf("%s is missing (%v), but %s is set: apt-get install %s", what, err, strictEnv, pkg)
	}
	t.Skipf("%s is missing (%v): apt-get install %s to run this test (CI sets %s=1 to make this a failure)",
		what, err, pkg, strictEnv)
}

// systemFonts loads the system font once for all tests.
var systemFonts = sync.OnceValues(func() (*Fonts, error) { return LoadFonts(FontConfig{}) })

// testFonts returns the system font, or skips (or fails, in CI) without one.
func testFonts(t testing.TB) *Fonts {
	t.Helper()
	f, err := systemFonts()
	if err != nil && !errors.Is(err, ErrNoFont) {
		t.Fatal(err)
	}
	need(t, "a CJK TrueType font", "fonts-wqy-microhei", err)
	return f
}

// pdftotext extracts the text of a PDF with poppler's pdftotext, pages
// separated by form feeds.
func pdftotext(t *testing.T, pdf []byte) string {
	t.Helper()
	_, err := exec.LookPath("pdftotext")
	need(t, "pdftotext", "poppler-utils", err)
	cmd := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// day returns noon of a day in Beijing.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, tiaojie.Beijing())
}
