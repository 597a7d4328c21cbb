package api_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm3"

	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

// evidenceJSON is the API's piece of evidence.
type evidenceJSON struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SM3         string `json:"sm3"`
	PartyID     int64  `json:"party_id"`
	CreatedAt   string `json:"created_at"`
	URL         string `json:"url"`
}

// part is one part of a multipart body: a field when filename is "".
type part struct {
	name, filename string
	data           []byte
}

// multipartBody encodes parts as multipart/form-data, as curl -F and Go's
// multipart.Writer do (a file's part declared application/octet-stream).
func multipartBody(t *testing.T, parts ...part) (body, contentType string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		var err error
		if p.filename == "" {
			err = mw.WriteField(p.name, string(p.data))
		} else {
			var w interface{ Write([]byte) (int, error) }
			if w, err = mw.CreateFormFile(p.name, p.filename); err == nil {
				_, err = w.Write(p.data)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), mw.FormDataContentType()
}

// upload posts evidence to case id as who.
func (c *caseStack) upload(t *testing.T, id int64, who, lang string, parts ...part) *response {
	t.Helper()
	body, ct := multipartBody(t, parts...)
	return c.do(t, req{method: "POST", path: casePath(id, "/evidence"), auth: who, body: body, contentType: ct, lang: lang})
}

// testPDF is a small PDF, as the sniffer sees one.
var testPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

// testPNG is a small picture.
func testPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for x := range 16 {
		for y := range 16 {
			img.Set(x, y, color.RGBA{200, 40, 40, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCaseEvidence takes evidence through the API: the parties upload a
// PDF and a picture, list and download them; a file of another type or
// too large is refused in the request's language and leaves nothing
// stored; a caller with no part in the case gets 404.
func TestCaseEvidence(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := newCaseStack(t, d)
		id := c.mediating(t)
		v := c.get(t, id, c.applicant)
		png := testPNG(t)

		// The applicant uploads a receipt as a PDF.
		r := c.upload(t, id, c.applicant, "", part{"title", "", []byte("维修收据")}, part{"file", "收据.pdf", testPDF})
		var receipt evidenceJSON
		r.ok(t, 201, &receipt)
		sum := sm3.Sum(testPDF)
		want := evidenceJSON{ID: receipt.ID, Title: "维修收据", Filename: "收据.pdf", ContentType: "application/pdf",
			Size: int64(len(testPDF)), SM3: hex.EncodeToString(sum[:]), PartyID: partyOf(t, v, "applicant"),
			CreatedAt: receipt.CreatedAt, URL: casePath(id, "/evidence/", strconv.FormatInt(receipt.ID, 10))}
		if receipt != want || receipt.ID == 0 || !strings.HasSuffix(receipt.CreatedAt, "Z") {
			t.Errorf("uploaded = %+v, want %+v", receipt, want)
		}
		if loc := r.header.Get("Location"); loc != want.URL {
			t.Errorf("Location = %q, want %q", loc, want.URL)
		}

		// The respondent a photo; the mediator (a token) reads both.
		var photo evidenceJSON
		c.upload(t, id, c.respondent, "", part{"title", "", []byte("天花板照片")}, part{"file", "ceiling.PNG", png}).ok(t, 201, &photo)
		if photo.ContentType != "image/png" || photo.PartyID != partyOf(t, v, "respondent") {
			t.Errorf("photo = %+v", photo)
		}
		for _, who := range []string{c.applicant, c.respondent, c.mediatorTok, c.orgAdmin} {
			var list struct{ Items []evidenceJSON }
			c.do(t, req{method: "GET", path: casePath(id, "/evidence"), auth: who}).ok(t, 200, &list)
			if len(list.Items) != 2 || list.Items[0] != receipt || list.Items[1] != photo {
				t.Errorf("list = %+v", list.Items)
			}
		}
		for _, tc := range []struct {
			who  string
			e    evidenceJSON
			data []byte
		}{{c.respondent, receipt, testPDF}, {c.applicant, photo, png}, {c.mediatorTok, receipt, testPDF}} {
			dl := c.do(t, req{method: "GET", path: tc.e.URL, auth: tc.who})
			if dl.status != 200 || !bytes.Equal(dl.body, tc.data) {
				t.Fatalf("download %s: %d, %d bytes", tc.e.URL, dl.status, len(dl.body))
			}
			h := dl.header
			if h.Get("Content-Type") != tc.e.ContentType || h.Get("X-Content-Type-Options") != "nosniff" ||
				!strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") || !strings.Contains(h.Get("Content-Disposition"), "filename") ||
				!strings.Contains(h.Get("Cache-Control"), "no-store") {
				t.Errorf("download %s headers: %v", tc.e.URL, h)
			}
		}
		if n := c.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'case.evidence_read'`); n != 3 {
			t.Errorf("%d downloads audited, want 3", n)
		}

		// Refusals, each in the request's language, storing nothing.
		stored := func() [2]int {
			return [2]int{c.count(t, `SELECT COUNT(*) FROM files`), c.count(t, `SELECT COUNT(*) FROM case_evidence`)}
		}
		before := stored()
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 500)...)
		html := []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
		big := append(slices.Clone(testPDF), make([]byte, 10<<20)...)
		for _, tc := range []struct {
			name, lang string
			parts      []part
			status     int
			code       string
			field      [2]string
			message    string
		}{
			{"exe", "", []part{{"title", "", []byte("程序")}, {"file", "setup.exe", exe}}, 422, "error.invalid_input",
				[2]string{"file", "files.type_not_allowed"}, "不支持该文件类型"},
			{"html", "en", []part{{"title", "", []byte("page")}, {"file", "page.html", html}}, 422, "error.invalid_input",
				[2]string{"file", "files.type_not_allowed"}, "not accepted"},
			{"html named pdf", "", []part{{"title", "", []byte("伪装")}, {"file", "page.pdf", html}}, 422, "error.invalid_input",
				[2]string{"file", "files.type_not_allowed"}, "PDF"},
			{"pdf named png", "", []part{{"title", "", []byte("伪装")}, {"file", "receipt.png", testPDF}}, 422, "error.invalid_input",
				[2]string{"file", "files.type_mismatch"}, "扩展名"},
			{"over 10 MB", "", []part{{"title", "", []byte("大文件")}, {"file", "big.pdf", big}}, 422, "error.invalid_input",
				[2]string{"file", "files.too_large"}, "10 MB"},
			{"over the body limit", "en", []part{{"title", "", []byte("big")}, {"file", "big.pdf", append(big, big[:1<<20]...)}}, 413, "error.too_large",
				[2]string{"file", "files.too_large"}, "10 MB"},
			{"empty file", "", []part{{"title", "", []byte("空")}, {"file", "empty.pdf", nil}}, 422, "error.invalid_input",
				[2]string{"file", "files.empty"}, "请选择"},
			{"no file", "", []part{{"title", "", []byte("无")}}, 422, "error.invalid_input",
				[2]string{"file", "api.field.required"}, "必填"},
			{"no title", "", []part{{"file", "收据.pdf", testPDF}}, 422, "error.invalid_input",
				[2]string{"title", "api.field.required"}, "必填"},
			{"long title", "", []part{{"title", "", []byte(strings.Repeat("证", 101))}, {"file", "收据.pdf", testPDF}}, 422, "error.invalid_input",
				[2]string{"title", "api.field.max_length"}, "100"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := c.upload(t, id, c.applicant, tc.lang, tc.parts...).problem(t, tc.status, tc.code)
				if got := p.fields(); len(got) != 1 || got[0] != tc.field {
					t.Fatalf("fields = %v, want %v", got, tc.field)
				}
				if !strings.Contains(p.Errors[0].Message, tc.message) {
					t.Errorf("message %q lacks %q", p.Errors[0].Message, tc.message)
				}
			})
		}
		// JSON is not an upload.
		c.do(t, req{method: "POST", path: casePath(id, "/evidence"), auth: c.applicant,
			body: map[string]any{"title": "收据", "file": "JVBERi0xLjQK"}}).problem(t, 415, "api.multipart")
		if after := stored(); after != before {
			t.Errorf("refused uploads stored something: %v → %v", before, after)
		}

		// Nobody outside the case learns anything: 404, as for a case that
		// does not exist, and nothing is stored.
		stranger := c.public(t, strangerPhone)
		for _, who := range []string{stranger, c.otherAdmin, c.bz} {
			c.do(t, req{method: "GET", path: casePath(id, "/evidence"), auth: who}).problem(t, 404, "error.not_found")
			c.do(t, req{method: "GET", path: receipt.URL, auth: who}).problem(t, 404, "error.not_found")
			c.upload(t, id, who, "", part{"title", "", []byte("混入")}, part{"file", "x.pdf", testPDF}).problem(t, 404, "error.not_found")
		}
		c.do(t, req{method: "GET", path: casePath(id, "/evidence/999999"), auth: c.applicant}).problem(t, 404, "error.not_found")
		c.do(t, req{method: "GET", path: casePath(999999, "/evidence"), auth: c.applicant}).problem(t, 404, "error.not_found")
		if after := stored(); after != before {
			t.Errorf("uploads from outside the case stored something: %v → %v", before, after)
		}
	})
}

// TestEvidenceInDocument checks that the OpenAPI document describes the
// upload as a multipart body with the file and its title, both required,
// and the download as the file's bytes.
func TestEvidenceInDocument(t *testing.T) {
	c := newCaseStack(t, dbtest.SQLite(t))
	type schema struct {
		Type            string            `json:"type"`
		Format          string            `json:"format"`
		ContentEncoding string            `json:"contentEncoding"`
		MaxLength       int               `json:"maxLength"`
		Properties      map[string]schema `json:"properties"`
		Required        []string          `json:"required"`
	}
	var doc struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
		Paths map[string]map[string]struct {
			RequestBody *struct {
				Required bool `json:"required"`
				Content  map[string]struct {
					Schema   schema                                  `json:"schema"`
					Encoding map[string]struct{ ContentType string } `json:"encoding"`
				} `json:"content"`
			} `json:"requestBody"`
			Responses map[string]struct {
				Content map[string]json.RawMessage `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	c.do(t, req{method: "GET", path: "/api/v1/openapi.json"}).ok(t, 200, &doc)
	up := doc.Paths["/cases/{id}/evidence"]["post"]
	if up.RequestBody == nil || !up.RequestBody.Required || len(up.RequestBody.Content) != 1 {
		t.Fatalf("upload body = %+v", up.RequestBody)
	}
	mp, ok := up.RequestBody.Content["multipart/form-data"]
	if !ok {
		t.Fatalf("upload body types = %v", up.RequestBody.Content)
	}
	s := mp.Schema
	file, title := s.Properties["file"], s.Properties["title"]
	if s.Type != "object" || file.Type != "string" || file.Format != "binary" || title.Type != "string" || title.MaxLength != 100 ||
		!slices.Contains(s.Required, "file") || !slices.Contains(s.Required, "title") || len(s.Properties) != 2 {
		t.Errorf("upload schema = %+v", s)
	}
	if ct := mp.Encoding["file"].ContentType; !strings.Contains(ct, "application/pdf") || !strings.Contains(ct, "image/png") || !strings.Contains(ct, "image/jpeg") {
		t.Errorf("the file's encoding = %q", ct)
	}
	for _, status := range []string{"201", "413", "415", "422", "404", "401"} {
		if _, ok := up.Responses[status]; !ok {
			t.Errorf("the upload does not document %s", status)
		}
	}
	if _, ok := doc.Components.Schemas["FormFile"]; ok {
		t.Error("the document keeps huma's FormFile schema, which nothing refers to")
	}
	dl := doc.Paths["/cases/{id}/evidence/{eid}"]["get"].Responses["200"].Content
	for _, ct := range []string{"application/pdf", "image/png", "image/jpeg"} {
		if _, ok := dl[ct]; !ok {
			t.Errorf("the download does not document %s: %v", ct, dl)
		}
	}
}
