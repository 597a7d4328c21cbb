package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tiaojie/internal/i18n"
)

func TestLoad(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.T(i18n.Zh, "password.too_short", "min", "8"); got != "密码至少需要 8 个字符。" {
		t.Errorf("zh = %q", got)
	}
	if got := c.T(i18n.En, "password.too_short", "min", "8"); got != "The password needs at least 8 characters." {
		t.Errorf("en = %q", got)
	}
	if got := c.T(i18n.En, "no.such.code"); got != "no.such.code" {
		t.Errorf("unknown code = %q", got)
	}
}

// TestWords: the catalogue in one language, as services write workbooks
// with it.
func TestWords(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		w    i18n.Words
		want []string
	}{
		{c.In(i18n.Zh), []string{"第2批", "城桥镇", "是", "否", "城桥镇、堡镇", "目标|阶段"}},
		{c.In(i18n.En), []string{"Batch 2", "Chengqiao Town", "Yes", "No", "城桥镇, 堡镇", "Targets|Phases"}},
		{i18n.Words{}, []string{"plan.batch_short", "城桥镇", "xlsx.yes", "xlsx.no", "城桥镇、堡镇", "plan.xlsx.targets|plan.xlsx.phases"}},
	} {
		got := []string{tc.w.T("plan.batch_short", "n", "2"), tc.w.Name("城桥镇", "Chengqiao Town"), tc.w.YesNo(true), tc.w.YesNo(false),
			tc.w.Join([]string{"城桥镇", "堡镇"}), strings.Join(tc.w.List("plan.xlsx.", "targets", "phases"), "|")}
		if strings.Join(got, " / ") != strings.Join(tc.want, " / ") {
			t.Errorf("%q: %q, want %q", tc.w.Lang, got, tc.want)
		}
	}
	if got := c.In(i18n.En).Name("城桥镇", ""); got != "城桥镇" {
		t.Errorf("no English name: %q", got)
	}
}

func TestMatch(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cookie, accept string
		want           i18n.Lang
	}{
		{"", "", i18n.Zh},
		{"", "zh-CN,zh;q=0.9,en;q=0.8", i18n.Zh},
		{"", "en-US,en;q=0.9", i18n.En},
		{"", "zh-TW", i18n.Zh},
		{"", "fr-FR", i18n.En},
		{"en", "zh-CN", i18n.En},
		{"zh", "en-US", i18n.Zh},
		{"xx", "en-US", i18n.En},
		{"", "!!garbage", i18n.Zh},
	} {
		if got := c.Match(tc.cookie, tc.accept); got != tc.want {
			t.Errorf("Match(%q, %q) = %s, want %s", tc.cookie, tc.accept, got, tc.want)
		}
	}
}

// codePatterns find message codes in Go source: errors made with
// tiaojie.E / E, and field errors added with Add.
var codePatterns = []*regexp.Regexp{
	regexp.MustCompile(`\bE\((?:tiaojie\.)?[A-Z][a-zA-Z]+, "([a-z0-9_]+\.[a-z0-9_.]+)"\)`),
	regexp.MustCompile(`\.Add\("[^"]*", "([a-z0-9_]+\.[a-z0-9_.]+)"`),
	regexp.MustCompile(`Reason: "([a-z0-9_]+\.[a-z0-9_.]+)"`),
}

// TestEveryCodeTranslated scans the repository's Go code for message codes
// and fails for any that the catalogue lacks, so no user ever sees a raw
// code.
func TestEveryCodeTranslated(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..")
	seen := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, re := range codePatterns {
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				seen++
				if !c.Has(m[1]) {
					t.Errorf("%s: message code %q has no translation", path, m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 30 {
		t.Errorf("found only %d codes: the scan patterns are broken", seen)
	}
}
