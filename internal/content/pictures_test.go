package content_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/content"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/files"
)

// captions returns the captions of an article's gallery as p reads it.
func captions(t *testing.T, s *content.Service, p *tiaojie.Principal, id int64) []string {
	t.Helper()
	pics, err := s.Pictures(context.Background(), p, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, pic := range pics {
		out = append(out, pic.Caption)
	}
	return out
}

// fieldCode is the code of an Invalid error's first field.
func fieldCode(err error) string {
	if e, ok := err.(*tiaojie.Error); ok && len(e.Fields) > 0 {
		return e.Fields[0].Field + " " + e.Fields[0].Code
	}
	return ""
}

// TestPictureRules: the bureau adds up to nine captioned pictures to its
// article and the tenth is refused; a caption of 101 characters and a
// file that is not a PNG or JPEG are refused; none of the refusals writes
// a file or a row. Removing one deletes its row, keeps its file private,
// and makes room again. Someone without content.edit is refused and
// audited.
func TestPictureRules(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		ctx := context.Background()
		id, err := s.Save(ctx, editor, 0, content.Input{Kind: content.News, Title: "调解员培训班开班"})
		if err != nil {
			t.Fatal(err)
		}
		rows := func() [2]int {
			t.Helper()
			return [2]int{count(t, d, `SELECT count(*) FROM article_pictures`), count(t, d, `SELECT count(*) FROM files`)}
		}

		if _, err := s.AddPicture(ctx, editor, id, png(t, "1.png"), strings.Repeat("长", 101)); fieldCode(err) != "caption content.caption_length" {
			t.Errorf("a caption of 101 characters: %v", err)
		}
		pdf := files.Upload{Filename: "照片.pdf", Body: strings.NewReader("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")}
		if _, err := s.AddPicture(ctx, editor, id, pdf, "会场"); fieldCode(err) != "file files.type_not_allowed" {
			t.Errorf("a PDF: %v", err)
		}
		if _, err := s.AddPicture(ctx, editor, id, files.Upload{Filename: "x.png", Body: bytes.NewReader([]byte("not a picture"))}, ""); !tiaojie.IsKind(err, tiaojie.Invalid) {
			t.Errorf("text named .png: %v", err)
		}
		township := &tiaojie.Principal{UserID: 9, Name: "township", Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: "310151101"}}}
		if _, err := s.AddPicture(ctx, township, id, png(t, "1.png"), "会场"); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("a township office adds a picture: %v", err)
		}
		if got := rows(); got != [2]int{0, 0} {
			t.Fatalf("refusals wrote %d pictures and %d files", got[0], got[1])
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE action = 'content.picture_add' AND outcome = 'denied'`); n != 1 {
			t.Errorf("%d denied additions audited, want 1", n)
		}

		var want []string
		var ids []int64
		for i := range content.MaxPictures {
			c := strings.Repeat("图", i) + "说明"
			if i == 0 {
				c = strings.Repeat("长", 100) // the longest caption allowed
			}
			pid, err := s.AddPicture(ctx, editor, id, png(t, "p.png"), "  "+c+" ")
			if err != nil {
				t.Fatalf("picture %d: %v", i+1, err)
			}
			want, ids = append(want, c), append(ids, pid)
		}
		if _, err := s.AddPicture(ctx, editor, id, png(t, "10.png"), "第十张"); !tiaojie.IsKind(err, tiaojie.Conflict) {
			t.Errorf("a tenth picture: %v", err)
		}
		if got := rows(); got != [2]int{9, 9} {
			t.Errorf("after the tenth: %d pictures, %d files", got[0], got[1])
		}
		if diff := cmp.Diff(want, captions(t, s, editor, id)); diff != "" {
			t.Errorf("captions in order (-want +got):\n%s", diff)
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE action = 'content.picture_add' AND outcome = 'ok'`); n != 9 {
			t.Errorf("%d additions audited, want 9", n)
		}

		if err := s.RemovePicture(ctx, township, id, ids[3]); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("a township office removes a picture: %v", err)
		}
		if err := s.RemovePicture(ctx, editor, id, 999999); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("removing a picture that is not there: %v", err)
		}
		if err := s.SetStatus(ctx, editor, id, content.Published); err != nil {
			t.Fatal(err)
		}
		var key string
		if err := d.Reader().QueryRow(`SELECT file_key FROM article_pictures WHERE id = $1`, ids[3]).Scan(&key); err != nil {
			t.Fatal(err)
		}
		if err := s.RemovePicture(ctx, editor, id, ids[3]); err != nil {
			t.Fatal(err)
		}
		if got := rows(); got != [2]int{8, 9} {
			t.Errorf("after a removal: %d pictures, %d files; want the row gone and the file kept", got[0], got[1])
		}
		if n := count(t, d, `SELECT count(*) FROM files WHERE key = $1 AND public`, key); n != 0 {
			t.Error("a removed picture of a published article is still a public file")
		}
		if _, _, err := s.Picture(ctx, public, id, ids[3]); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("a removed picture is read: %v", err)
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE action = 'content.picture_remove' AND outcome = 'ok'`); n != 1 {
			t.Errorf("%d removals audited, want 1", n)
		}
		pid, err := s.AddPicture(ctx, editor, id, png(t, "p.png"), "")
		if err != nil {
			t.Fatalf("a ninth picture again: %v", err)
		}
		if n := count(t, d, `SELECT count(*) FROM files f JOIN article_pictures p ON p.file_key = f.key WHERE p.id = $1 AND f.public`, pid); n != 1 {
			t.Error("a picture added to a published article is not public")
		}
		if _, data, err := s.Picture(ctx, public, id, pid); err != nil || len(data) == 0 {
			t.Errorf("the public reads a published picture: %v", err)
		}
	})
}

// TestOrgPictures: an organization's admin adds pictures to its own
// draft; another organization's admin is refused and audited and writes
// nothing; once submitted the gallery is locked for the organization but
// not for the bureau. The pictures are private until the bureau approves
// the article, public then, and private again when it is archived.
func TestOrgPictures(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		ctx := context.Background()
		a, _, adminA, adminB := twoOrgs(t, d)
		id := orgDraft(t, s, adminA, a)
		first, err := s.AddPicture(ctx, adminA, id, png(t, "现场.png"), "活动现场")
		if err != nil {
			t.Fatal(err)
		}
		a1, _ := s.Get(ctx, adminA, id)
		if !content.MayChangePictures(adminA, a1) || content.MayChangePictures(adminB, a1) || !content.MayChangePictures(editor, a1) {
			t.Error("MayChangePictures on a draft")
		}

		before := count(t, d, `SELECT count(*) FROM files`)
		if _, err := s.AddPicture(ctx, adminB, id, png(t, "冒名.png"), "冒名"); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("another organization's admin adds a picture: %v", err)
		}
		if err := s.RemovePicture(ctx, adminB, id, first); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("another organization's admin removes a picture: %v", err)
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE action IN ('content.picture_add', 'content.picture_remove') AND outcome = 'denied'`); n != 2 {
			t.Errorf("%d denials audited, want 2", n)
		}
		if n := count(t, d, `SELECT count(*) FROM files`); n != before {
			t.Errorf("another organization's admin wrote %d files", n-before)
		}
		if diff := cmp.Diff([]string{"活动现场"}, captions(t, s, adminA, id)); diff != "" {
			t.Errorf("after refusals (-want +got):\n%s", diff)
		}
		for who, p := range map[string]*tiaojie.Principal{"public": public, "other org": adminB} {
			if _, err := s.Pictures(ctx, p, id); !tiaojie.IsKind(err, tiaojie.NotFound) {
				t.Errorf("%s lists a draft's pictures: %v", who, err)
			}
			if _, _, err := s.Picture(ctx, p, id, first); !tiaojie.IsKind(err, tiaojie.NotFound) {
				t.Errorf("%s reads a draft's picture: %v", who, err)
			}
		}
		if _, data, err := s.Picture(ctx, adminA, id, first); err != nil || len(data) == 0 {
			t.Errorf("the admin reads its own picture: %v", err)
		}
		served := func() int { // how many of the gallery's files /files/{key} serves
			t.Helper()
			return count(t, d, `SELECT count(*) FROM files f JOIN article_pictures p ON p.file_key = f.key WHERE p.article_id = $1 AND f.public`, id)
		}
		if n := served(); n != 0 {
			t.Errorf("%d of a draft's pictures are public files", n)
		}

		if err := s.Submit(ctx, adminA, id); err != nil {
			t.Fatal(err)
		}
		before = count(t, d, `SELECT count(*) FROM files`)
		if _, err := s.AddPicture(ctx, adminA, id, png(t, "晚了.png"), "晚了"); !tiaojie.IsKind(err, tiaojie.Conflict) {
			t.Errorf("a picture added to a pending article: %v", err)
		}
		if err := s.RemovePicture(ctx, adminA, id, first); !tiaojie.IsKind(err, tiaojie.Conflict) {
			t.Errorf("a picture removed from a pending article: %v", err)
		}
		if n := count(t, d, `SELECT count(*) FROM files`); n != before {
			t.Errorf("a locked gallery wrote %d files", n-before)
		}
		if _, err := s.AddPicture(ctx, editor, id, png(t, "区局.png"), "区司法局补充"); err != nil {
			t.Errorf("the bureau adds a picture to a pending article: %v", err)
		}
		pending, err := s.Pending(ctx, editor)
		if err != nil || len(pending) != 1 || len(pending[0].Pictures) != 2 {
			t.Errorf("the review queue's gallery: %+v, %v", pending, err)
		}
		if n := served(); n != 0 {
			t.Errorf("%d of a pending article's pictures are public files", n)
		}

		if err := s.Review(ctx, editor, id, true, ""); err != nil {
			t.Fatal(err)
		}
		if n := served(); n != 2 {
			t.Errorf("%d of an approved article's 2 pictures are public files", n)
		}
		if diff := cmp.Diff([]string{"活动现场", "区司法局补充"}, captions(t, s, tiaojie.Anonymous(), id)); diff != "" {
			t.Errorf("the public gallery (-want +got):\n%s", diff)
		}
		if err := s.SetStatus(ctx, editor, id, content.Archived); err != nil {
			t.Fatal(err)
		}
		if n := served(); n != 0 {
			t.Errorf("%d of an archived article's pictures are still public files", n)
		}
		if err := s.SetStatus(ctx, editor, id, content.Published); err != nil {
			t.Fatal(err)
		}
		if n := served(); n != 2 {
			t.Errorf("%d of a republished article's 2 pictures are public files", n)
		}
		if err := s.SetStatus(ctx, editor, id, content.Draft); err != nil {
			t.Fatal(err)
		}
		if n := served(); n != 0 {
			t.Errorf("%d of an unpublished article's pictures are still public files", n)
		}
	})
}
