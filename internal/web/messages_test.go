package web

import (
	"io/fs"
	"regexp"
	"testing"

	"tiaojie/internal/i18n"
)

// TestTemplateMessagesExist reads every template for the message codes it
// shows literally ({{t "code"}}) and checks each is in the catalog: a
// missing one would show its code to users (the i18n tests check that
// both languages hold the same codes).
func TestTemplateMessagesExist(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(`\{\{-?\s*t "([a-z0-9_.]+)"`)
	n := 0
	err = fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, path)
		if err != nil {
			return err
		}
		for _, m := range code.FindAllStringSubmatch(string(b), -1) {
			n++
			if !c.Has(m[1]) {
				t.Errorf("%s shows %q, which the catalog does not have", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 500 {
		t.Fatalf("only %d message codes found in the templates; the scan is broken", n)
	}
}
