package room_test

import (
	"bytes"
	"context"
	"testing"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/files"
	"tiaojie/internal/room"
)

// TestPostFile checks attachments uploaded with their message: the file
// is described in history and in the live stream's reads, served only to
// members who read its channel, and a refused upload or message stores
// nothing.
func TestPostFile(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		pdf := []byte("%PDF-1.4\n%receipt\n")
		upload := func(name string, data []byte) files.Upload {
			return files.Upload{Filename: name, Body: bytes.NewReader(data)}
		}

		// In the main channel, without words: every member may download.
		m, err := e.svc.PostFile(ctx, applicant, caseID, room.Main, "", upload("收据.pdf", pdf))
		if err != nil {
			t.Fatal(err)
		}
		if m.FileKey == "" || m.FileName != "收据.pdf" || m.FileType != "application/pdf" || m.FileSize != int64(len(pdf)) || m.Body != "" {
			t.Fatalf("posted = %+v", m)
		}
		hist, err := e.svc.History(ctx, respondent, caseID, room.Main, 0, 0)
		if err != nil || len(hist) != 1 || hist[0].FileName != "收据.pdf" || hist[0].FileSize != int64(len(pdf)) {
			t.Fatalf("history = %+v, %v", hist, err)
		}
		for _, p := range []*tiaojie.Principal{applicant, respondent, mediator, observer} {
			meta, data, err := e.svc.OpenAttachment(ctx, p, caseID, m.FileKey)
			if err != nil || !bytes.Equal(data, pdf) || meta.ContentType != "application/pdf" {
				t.Errorf("%s downloading from main: %s, %d bytes, %v", p.Name, meta.ContentType, len(data), err)
			}
		}

		// In the applicant's caucus: the applicant and the mediator only.
		c, err := e.svc.PostFile(ctx, mediator, caseID, room.Caucus("applicant"), "请看这份材料", upload("私下.pdf", pdf))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []*tiaojie.Principal{applicant, mediator} {
			if _, _, err := e.svc.OpenAttachment(ctx, p, caseID, c.FileKey); err != nil {
				t.Errorf("%s downloading from the caucus: %v", p.Name, err)
			}
		}
		for _, p := range []*tiaojie.Principal{respondent, observer, stranger} {
			if _, _, err := e.svc.OpenAttachment(ctx, p, caseID, c.FileKey); code(err) != "error.not_found" {
				t.Errorf("%s downloading from the applicant's caucus: %v", p.Name, err)
			}
		}
		var reads, denied int
		if err := d.Reader().QueryRow(`SELECT
			SUM(CASE WHEN action = 'room.attachment_read' THEN 1 ELSE 0 END),
			SUM(CASE WHEN action = 'room.attachment' AND outcome = 'denied' THEN 1 ELSE 0 END) FROM audit_log`).Scan(&reads, &denied); err != nil {
			t.Fatal(err)
		}
		if reads != 6 || denied != 3 {
			t.Errorf("%d downloads and %d refusals audited, want 6 and 3", reads, denied)
		}

		// Refusals store nothing: a file that is not allowed, one too
		// large, a caucus the poster may not write in, an observer.
		stored := func() int {
			var n int
			if err := d.Reader().QueryRow(`SELECT COUNT(*) FROM files`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := stored()
		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			ch   room.Channel
			up   files.Upload
			want string
		}{
			{"html", applicant, room.Main, upload("page.html", []byte("<!doctype html><script>alert(1)</script>")), "file:files.type_not_allowed"},
			{"exe", applicant, room.Main, upload("setup.exe", append([]byte("MZ\x90\x00"), make([]byte, 64)...)), "file:files.type_not_allowed"},
			{"renamed", applicant, room.Main, upload("photo.png", pdf), "file:files.type_mismatch"},
			{"empty", applicant, room.Main, upload("empty.pdf", nil), "file:files.empty"},
			{"too large", applicant, room.Main, upload("big.pdf", append(pdf, make([]byte, 10<<20)...)), "file:files.too_large"},
			{"other caucus", applicant, room.Caucus("respondent"), upload("x.pdf", pdf), "error.not_found"},
			{"observer", observer, room.Main, upload("x.pdf", pdf), "room.read_only"},
		} {
			if _, err := e.svc.PostFile(ctx, tc.p, caseID, tc.ch, "", tc.up); code(err) != tc.want {
				t.Errorf("%s: got %q, want %q", tc.name, code(err), tc.want)
			}
		}
		if n := stored(); n != before {
			t.Errorf("%d files stored by refused posts", n-before)
		}
		// A message without words needs a file.
		if _, err := e.svc.Post(ctx, applicant, caseID, room.Main, " ", ""); code(err) != "body:room.body_empty" {
			t.Errorf("empty post without a file: %v", err)
		}
	})
}
