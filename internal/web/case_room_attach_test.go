package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

// roomCase walks a neighbour dispute to mediation through the pages and
// returns its path with the applicant's and the respondent's browsers.
func roomCase(t *testing.T, e *caseEnv) (path string, app, resp *browser) {
	t.Helper()
	app = e.public(t, "13800000001", "/apply")
	done := app.post("/apply", url.Values{
		"org_id": {strconv.FormatInt(e.org, 10)}, "dispute_type": {"neighbour"}, "township": {chengqiao},
		"title": {"楼上漏水纠纷"}, "facts": {"楼上卫生间漏水。"}, "claims": {"赔偿修理费"}, "amount": {"5000"},
		"parties.0.name": {"张三"}, "parties.0.phone": {"13800000001"},
		"parties.1.kind": {"person"}, "parties.1.name": {"李四"}, "parties.1.phone": {"13900000002"},
		"consent": {"1"}, "do": {"submit"},
	})
	done.want(t, http.StatusOK, "", "申请已提交")
	path = caseLink.FindString(done.path)
	if path == "" {
		t.Fatalf("not on a case page: %s", done.path)
	}
	e.admin.post(path+"/act", url.Values{"action": {"accept"}}).want(t, http.StatusOK, path)
	e.admin.post(path+"/assign", url.Values{"mediator_id": {strconv.FormatInt(e.mediatorID, 10)}, "how": {"org"}}).want(t, http.StatusOK, path)
	resp = e.public(t, "13900000002", path)
	resp.post(path+"/act", url.Values{"action": {"consent"}}).want(t, http.StatusOK, path, "调解中")
	return path, app, resp
}

// roomFilePart is a file of a room form; a nil one is the empty file
// input a browser sends when no file was chosen.
type roomFilePart struct {
	name string
	data []byte
}

// postRoom posts the room's multipart form as the page does; headers are
// name, value pairs (Accept: application/json as the page's script).
func (b *browser) postRoom(path, channel, body string, file *roomFilePart, headers ...string) page {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"channel": channel, "body": body} {
		if err := mw.WriteField(k, v); err != nil {
			b.t.Fatal(err)
		}
	}
	h := textproto.MIMEHeader{"Content-Type": {"application/octet-stream"}}
	h.Set("Content-Disposition", `form-data; name="file"; filename=""`)
	var data []byte
	if file != nil {
		h.Set("Content-Disposition", `form-data; name="file"; filename="`+file.name+`"`)
		data = file.data
	}
	w, err := mw.CreatePart(h)
	if err == nil {
		_, err = w.Write(data)
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		b.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, b.base+path+"/room/messages", &buf)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.do(req)
}

var roomFileLink = regexp.MustCompile(`href="(/cases/\d+/room/files/[0-9a-f]+\.(?:png|pdf|jpg))"`)

// roomFiles returns the attachment links of a page, in order.
func roomFiles(p page) []string {
	var out []string
	for _, m := range roomFileLink.FindAllStringSubmatch(p.body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestRoomAttachments checks files in the room's pages: a party attaches
// a picture in the main channel and the other party downloads it; a file
// the mediator sends in one party's caucus is 404 to the other party, to
// supervisors and to strangers, even with its link; a file of the wrong
// type is refused in the user's language and nothing is kept.
func TestRoomAttachments(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newCaseEnv(t, d)
		path, app, resp := roomCase(t, e)
		photo := staffPNG(t)

		// The applicant sends a photo to everyone, without JavaScript.
		sent := app.postRoom(path, "main", "这是天花板的照片。", &roomFilePart{"天花板.png", photo})
		sent.want(t, http.StatusOK, path, "这是天花板的照片。", "天花板.png", `enctype="multipart/form-data"`, `name="file" type="file"`)
		links := roomFiles(sent)
		if len(links) != 1 {
			t.Fatalf("attachment links %v", links)
		}
		main := links[0]
		page := resp.get(path)
		page.want(t, http.StatusOK, path, "天花板.png", main)
		for _, b := range []*browser{resp, app, e.mediator} {
			dl := b.get(main)
			dl.want(t, http.StatusOK, main)
			if dl.body != string(photo) || dl.header.Get("Content-Type") != "image/png" ||
				!strings.HasPrefix(dl.header.Get("Content-Disposition"), "attachment;") ||
				dl.header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("download of %s: %d bytes, headers %v", main, len(dl.body), dl.header)
			}
		}

		// The mediator sends a PDF in the caucus with the respondent.
		var respParty int64
		if err := d.Reader().QueryRow(`SELECT id FROM case_parties WHERE side = 'respondent'`).Scan(&respParty); err != nil {
			t.Fatal(err)
		}
		caucus := "caucus:p" + strconv.FormatInt(respParty, 10)
		pdf := []byte("%PDF-1.4\n%调解方案\n%%EOF\n")
		med := e.mediator.postRoom(path, caucus, "", &roomFilePart{"调解方案.pdf", pdf})
		med.want(t, http.StatusOK, path, "调解方案.pdf")
		var secret string
		for _, l := range roomFiles(med) {
			if strings.HasSuffix(l, ".pdf") {
				secret = l
			}
		}
		if secret == "" {
			t.Fatalf("no link to the caucus file on the mediator's page")
		}
		resp.get(path).want(t, http.StatusOK, path, "调解方案.pdf", secret)
		if dl := resp.get(secret); dl.status != http.StatusOK || dl.body != string(pdf) || dl.header.Get("Content-Type") != "application/pdf" {
			t.Errorf("the respondent's own caucus file: %d, %q", dl.status, dl.header.Get("Content-Type"))
		}
		app.get(path).lacks(t, "调解方案.pdf", secret)
		e.township.post(path+"/open", url.Values{"reason": {"核查调解进度"}}).want(t, http.StatusOK, path)
		e.township.get(main).want(t, http.StatusOK, main) // supervisors observe the main channel
		for name, b := range map[string]*browser{"the applicant": app, "the township office": e.township, "a stranger": e.stranger} {
			if dl := b.get(secret); dl.status != http.StatusNotFound || strings.Contains(dl.body, "%PDF") {
				t.Errorf("%s fetched the respondent's caucus file: %d", name, dl.status)
			}
		}
		e.stranger.get(main).want(t, http.StatusNotFound, main)
		if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'room.attachment_read'`); n != 5 {
			t.Errorf("%d downloads audited, want 5", n)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'room.attachment' AND outcome = 'denied'`); n != 4 {
			t.Errorf("%d refused downloads audited, want 4", n)
		}

		// The case file's transcript names the attachments the reader may
		// see.
		z := app.get(path + "/file.zip")
		z.want(t, http.StatusOK, path+"/file.zip")
		zr, err := zip.NewReader(strings.NewReader(z.body), int64(len(z.body)))
		if err != nil {
			t.Fatal(err)
		}
		var transcript string
		var attached []string
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, "04-调解记录附件/") {
				attached = append(attached, f.Name)
				continue
			}
			if strings.HasPrefix(f.Name, "04-") {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				data, _ := io.ReadAll(rc)
				rc.Close()
				transcript = string(data)
			}
		}
		if !strings.Contains(transcript, "这是天花板的照片。 （附件：04-调解记录附件/") || !strings.Contains(transcript, "-天花板.png）") ||
			strings.Contains(transcript, "调解方案.pdf") {
			t.Errorf("the applicant's transcript:\n%s", transcript)
		}
		// The files the applicant may see are in it; the caucus's are not.
		if len(attached) == 0 || slices.ContainsFunc(attached, func(n string) bool { return strings.Contains(n, "调解方案.pdf") }) ||
			!slices.ContainsFunc(attached, func(n string) bool { return strings.HasSuffix(n, "-天花板.png") }) {
			t.Errorf("the applicant's case file holds the attachments %v", attached)
		}

		// A file of the wrong type: the page says why, by the form, and
		// keeps what was typed; the script gets the same in JSON.
		stored := func() [2]int {
			return [2]int{e.count(t, `SELECT COUNT(*) FROM files`), e.count(t, `SELECT COUNT(*) FROM room_messages`)}
		}
		before := stored()
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 200)...)
		bad := app.postRoom(path, "main", "安装这个", &roomFilePart{"setup.exe", exe})
		bad.want(t, http.StatusUnprocessableEntity, path+"/room/messages", "不支持该文件类型", "安装这个", `aria-invalid="true"`)
		js := app.postRoom(path, "main", "<b>page</b>", &roomFilePart{"page.html", []byte("<!DOCTYPE html><script>alert(1)</script>")},
			"Accept", "application/json", "Accept-Language", "en")
		var refused struct {
			Problem string            `json:"problem"`
			Errors  map[string]string `json:"errors"`
		}
		if js.status != http.StatusUnprocessableEntity || !strings.HasPrefix(js.header.Get("Content-Type"), "application/json") {
			t.Fatalf("the script's refused post: %d %s", js.status, js.header.Get("Content-Type"))
		}
		if err := json.Unmarshal([]byte(js.body), &refused); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(refused.Errors["file"], "not accepted") || refused.Problem == "" {
			t.Errorf("the script's refusal = %+v", refused)
		}
		app.postRoom(path, "main", "", nil).want(t, http.StatusUnprocessableEntity, path+"/room/messages", "请输入消息内容")
		if after := stored(); after != before {
			t.Errorf("refused posts kept something: %v → %v", before, after)
		}

		// Words alone still go, with the empty file input a browser sends;
		// the script gets the message, with its attachment described.
		app.postRoom(path, "main", "没有附件的消息。", nil).want(t, http.StatusOK, path, "没有附件的消息。")
		ok := resp.postRoom(path, "main", "", &roomFilePart{"回复.png", photo}, "Accept", "application/json")
		var m struct {
			FileKey  string `json:"file_key"`
			FileName string `json:"file_name"`
			FileType string `json:"file_type"`
			FileSize int64  `json:"file_size"`
			Mine     bool   `json:"mine"`
		}
		if ok.status != http.StatusCreated {
			t.Fatalf("the script's post: %d %s", ok.status, ok.body)
		}
		if err := json.Unmarshal([]byte(ok.body), &m); err != nil {
			t.Fatal(err)
		}
		if m.FileKey == "" || m.FileName != "回复.png" || m.FileType != "image/png" || m.FileSize != int64(len(photo)) || !m.Mine {
			t.Errorf("posted by the script: %+v", m)
		}
	})
}

// TestRoomAttachmentsBrowser attaches files through the room's script in
// headless Chromium: a photo reaches the other party live, with a link
// that downloads it; a file of the wrong type is refused by the form,
// without reloading the page.
func TestRoomAttachmentsBrowser(t *testing.T) {
	needChromium(t)
	e := newCaseEnv(t, dbtest.SQLite(t))
	path, _, _ := roomCase(t, e)
	e.clock.Advance(2 * time.Minute) // a phone gets one login code a minute
	dir := t.TempDir()
	photo, exe := filepath.Join(dir, "天花板.png"), filepath.Join(dir, "setup.exe")
	if err := os.WriteFile(photo, staffPNG(t), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, append([]byte("MZ\x90\x00"), make([]byte, 200)...), 0o600); err != nil {
		t.Fatal(err)
	}
	const (
		main     = `#room [data-channel="main"]`
		messages = main + " .messages"
	)
	app := person(t, e.srv.URL, "applicant")
	app.phoneLogin(e, "13800000001", path)
	resp := person(t, e.srv.URL, "respondent")
	resp.phoneLogin(e, "13900000002", path)
	for _, c := range []*chrome{app, resp} {
		c.step("the room", chromedp.WaitVisible(css(main+" textarea")))
	}

	app.step("attach a photo", chromedp.SendKeys(css(main+" textarea"), "请看天花板。"),
		chromedp.SetUploadFiles(css(main+` input[type="file"]`), []string{photo}),
		chromedp.Click(css(main+" button")), hasText(messages, "天花板.png"),
		until(`document.querySelector('`+main+` input[type="file"]').files.length === 0`))
	resp.step("it reaches the respondent live", hasText(messages, "天花板.png"), hasText(messages, "请看天花板。"))
	resp.shot("case-room-attachment-phone")
	href := resp.eval(`document.querySelector('` + messages + ` .attachment a').getAttribute("href")`)
	if !strings.HasPrefix(href, path+"/room/files/") {
		t.Fatalf("attachment link %q", href)
	}
	if got := resp.eval(`fetch(` + strconv.Quote(href) + `).then(r => r.status + " " + r.headers.get("Content-Type"))`); got != "200 image/png" {
		t.Errorf("the respondent's download: %s", got)
	}

	// A program is not a picture: the form says so; nothing is posted.
	before := app.eval(`String(document.querySelectorAll(` + strconv.Quote(messages+" .msg") + `).length)`)
	ctx, cancel := context.WithTimeout(app.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(css(main+` input[type="file"]`), []string{exe}),
		chromedp.Click(css(main+" button")),
		until(`!document.querySelector('`+main+` [data-room-error]').hidden`)); err != nil {
		t.Fatal(err)
	}
	if msg := app.text(main + " [data-room-error]"); !strings.Contains(msg, "不支持该文件类型") {
		t.Errorf("the form's refusal reads %q", msg)
	}
	for _, m := range app.errs.take() { // the refused post's 422, and nothing else
		if !strings.Contains(m, "422") {
			t.Errorf("the browser reported %s", m)
		}
	}
	app.shot("case-room-attachment-refused-phone")
	if after := app.eval(`String(document.querySelectorAll(` + strconv.Quote(messages+" .msg") + `).length)`); after != before || app.eval(`location.pathname`) != path {
		t.Errorf("after the refusal: %s messages (before %s) at %s", after, before, app.eval(`location.pathname`))
	}
}
