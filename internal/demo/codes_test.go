package demo

import (
	"bytes"
	"image/png"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"tiaojie"
)

// TestNumbers checks that the generated credit codes and identity numbers
// pass the platform's own checks, and that the identity numbers agree
// with the gender.
func TestNumbers(t *testing.T) {
	for k := range 50 {
		for _, f := range []tiaojie.LegalForm{tiaojie.FormSocialService, tiaojie.FormSocialGroup, tiaojie.FormCompany} {
			if c := creditCode(f, "310151", k); tiaojie.ValidateUSCC(c) != nil {
				t.Errorf("credit code %s: %v", c, tiaojie.ValidateUSCC(c))
			}
		}
	}
	if c := creditCode(tiaojie.FormPeoplesCommittee, "310151", 1); c != "" {
		t.Errorf("a people's mediation committee got credit code %q", c)
	}
	today := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for i := range 200 {
		male := i%3 == 0
		n := idNumber("310151", date(1955+i%41, time.Month(1+i%12), 1+i%28), i, male)
		if err := tiaojie.ValidateIDNumber(n, today); err != nil {
			t.Errorf("identity number %s: %v", n, err)
		}
		if sex, _ := tiaojie.IDNumberSex(n); (sex == "male") != male {
			t.Errorf("identity number %s: sex %s, want male %v", n, sex, male)
		}
		if err := tiaojie.ValidatePhone(mobile(i)); err != nil {
			t.Errorf("mobile %s: %v", mobile(i), err)
		}
	}
}

// TestPictures checks that the drawn pictures are the PNGs the upload
// check accepts, at their sizes.
func TestPictures(t *testing.T) {
	for name, data := range map[string][]byte{"logo": logoPNG(3), "avatar": avatarPNG(7), "cover": coverPNG(),
		"forum": activityPNG(0), "stand": activityPNG(1)} {
		if ct := http.DetectContentType(data); ct != "image/png" {
			t.Errorf("%s sniffs as %s", name, ct)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width > 1000 || cfg.Width < 256 {
			t.Errorf("%s: %+v, %v", name, cfg, err)
		}
	}
}

// TestPDF checks the hand-written PDF: it sniffs as a PDF, and its
// cross-reference table points at its objects.
func TestPDF(t *testing.T) {
	doc := pdf("Charter (test) of org #1", `back\slash`)
	if ct := http.DetectContentType(doc); ct != "application/pdf" {
		t.Fatalf("sniffs as %s", ct)
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(doc)
	if m == nil {
		t.Fatal("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(doc[xref:], []byte("xref\n0 6\n")) {
		t.Fatalf("startxref %d does not point at the table", xref)
	}
	for i, e := range regexp.MustCompile(`(\d{10}) 00000 n`).FindAllSubmatch(doc[xref:], -1) {
		off, _ := strconv.Atoi(string(e[1]))
		if want := strconv.Itoa(i+1) + " 0 obj"; !bytes.HasPrefix(doc[off:], []byte(want)) {
			t.Errorf("object %d: offset %d points at %q", i+1, off, doc[off:off+10])
		}
	}
	if !bytes.Contains(doc, []byte(`(Charter \(test\) of org #1) Tj`)) || !bytes.Contains(doc, []byte(`back\\slash`)) {
		t.Error("text not escaped")
	}
}
