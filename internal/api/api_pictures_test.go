package api_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

// pictureJSON is one picture of an article as the API answers it.
type pictureJSON struct {
	ID      int64  `json:"id"`
	URL     string `json:"url"`
	Caption string `json:"caption"`
}

// galleryJSON is an article's gallery as the API answers it.
type galleryJSON struct {
	Pictures []pictureJSON `json:"pictures"`
}

// TestOrgNewsPicturesAPI takes an organization's article's gallery
// through the API: its admin adds pictures to the draft (the unpublished
// ones read through the authorised operation); anonymous callers (401),
// a mediator (403), another organization's admin (404 on a draft, 403
// and audited on a published article) and bad input are refused and
// write nothing; the gallery is locked once submitted; once approved the
// pictures are public files and the bureau may still remove one.
func TestOrgNewsPicturesAPI(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		who := newsCallersOf(t, s)
		orgA, orgB, adminA, adminB, mediator, bureau := who.orgA, who.orgB, who.adminA, who.adminB, who.mediator, who.bureau

		list := "/api/v1/staff/orgs/" + id(orgA) + "/news"
		var created struct{ ID int64 }
		s.do(t, req{method: "POST", path: list, auth: adminA, body: map[string]any{"kind": "news", "title": "调委会开展普法宣传", "body": "正文。"}}).ok(t, 201, &created)
		one := list + "/" + id(created.ID)
		pics := one + "/pictures"
		pic := testPNG(t)
		upload := func(caption string) (string, string) {
			return multipartBody(t, part{name: "file", filename: "现场.png", data: pic}, part{name: "caption", data: []byte(caption)})
		}
		rows := func() [2]int {
			return [2]int{s.count(t, `SELECT COUNT(*) FROM article_pictures`), s.count(t, `SELECT COUNT(*) FROM files`)}
		}

		b, ct := upload("活动现场")
		s.do(t, req{method: "POST", path: pics, body: b, contentType: ct}).problem(t, 401, "api.unauthorized")
		s.do(t, req{method: "POST", path: pics, auth: mediator, body: b, contentType: ct}).problem(t, 403, "error.forbidden")
		s.do(t, req{method: "POST", path: pics, auth: adminB, body: b, contentType: ct}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "POST", path: "/api/v1/staff/orgs/" + id(orgB) + "/news/" + id(created.ID) + "/pictures", auth: adminA, body: b, contentType: ct}).problem(t, 404, "error.not_found")
		long, longType := upload(strings.Repeat("长", 101))
		p := s.do(t, req{method: "POST", path: pics, auth: adminA, body: long, contentType: longType}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"caption", "content.caption_length"}}, p.fields()); diff != "" {
			t.Errorf("a caption too long (-want +got):\n%s", diff)
		}
		pdf, pdfType := multipartBody(t, part{name: "file", filename: "现场.pdf", data: testPDF})
		p = s.do(t, req{method: "POST", path: pics, auth: adminA, body: pdf, contentType: pdfType}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"file", "files.type_not_allowed"}}, p.fields()); diff != "" {
			t.Errorf("a PDF (-want +got):\n%s", diff)
		}
		if got := rows(); got != [2]int{0, 0} {
			t.Fatalf("refusals wrote %d pictures and %d files", got[0], got[1])
		}

		r := s.do(t, req{method: "POST", path: pics, auth: adminA, body: b, contentType: ct})
		var added struct{ ID int64 }
		r.ok(t, 201, &added)
		private := pics + "/" + id(added.ID)
		if r.header.Get("Location") != private {
			t.Errorf("Location %q, want %q", r.header.Get("Location"), private)
		}
		var g galleryJSON
		s.do(t, req{method: "GET", path: one, auth: adminA}).ok(t, 200, &g)
		if diff := cmp.Diff([]pictureJSON{{ID: added.ID, URL: private, Caption: "活动现场"}}, g.Pictures); diff != "" {
			t.Errorf("the draft's gallery (-want +got):\n%s", diff)
		}
		c := s.do(t, req{method: "GET", path: private, auth: adminA})
		if c.status != 200 || c.header.Get("Content-Type") != "image/png" || !strings.Contains(c.header.Get("Cache-Control"), "no-store") || string(c.body) != string(pic) {
			t.Errorf("the picture for its admin: %d %v", c.status, c.header)
		}
		s.do(t, req{method: "GET", path: private, auth: adminB}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "GET", path: private, auth: mediator}).problem(t, 403, "error.forbidden")
		s.do(t, req{method: "GET", path: private}).problem(t, 401, "api.unauthorized")
		s.do(t, req{method: "DELETE", path: private, auth: adminB}).problem(t, 404, "error.not_found")
		var key string
		if err := d.Reader().QueryRow(`SELECT file_key FROM article_pictures WHERE id = $1`, added.ID).Scan(&key); err != nil {
			t.Fatal(err)
		}
		s.do(t, req{method: "GET", path: "/api/v1/files/" + key}).problem(t, 404, "error.not_found")

		// Submitted: locked for the organization.
		s.do(t, req{method: "POST", path: one + "/submit", auth: adminA}).ok(t, 204, nil)
		s.do(t, req{method: "POST", path: pics, auth: adminA, body: b, contentType: ct}).problem(t, 409, "content.review_locked")
		s.do(t, req{method: "DELETE", path: private, auth: adminA}).problem(t, 409, "content.review_locked")
		if got := rows(); got != [2]int{1, 1} {
			t.Errorf("a locked gallery: %d pictures and %d files, want 1 and 1", got[0], got[1])
		}

		// Approved: public files; another organization's admin is refused and audited.
		s.do(t, req{method: "POST", path: "/api/v1/staff/news-reviews/" + id(created.ID), auth: bureau, body: map[string]any{"approve": true}}).ok(t, 204, nil)
		s.do(t, req{method: "GET", path: "/api/v1/news/" + id(created.ID)}).ok(t, 200, &g)
		if diff := cmp.Diff([]pictureJSON{{ID: added.ID, URL: "/api/v1/files/" + key, Caption: "活动现场"}}, g.Pictures); diff != "" {
			t.Errorf("the published gallery (-want +got):\n%s", diff)
		}
		if f := s.do(t, req{method: "GET", path: g.Pictures[0].URL}); f.status != 200 || string(f.body) != string(pic) {
			t.Errorf("the public picture: %d", f.status)
		}
		s.do(t, req{method: "DELETE", path: private, auth: adminB}).problem(t, 403, "error.forbidden")
		if n := s.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'content.picture_remove' AND outcome = 'denied'`); n != 1 {
			t.Errorf("%d denied removals audited, want 1", n)
		}
		s.do(t, req{method: "DELETE", path: private, auth: bureau}).ok(t, 204, nil)
		s.do(t, req{method: "GET", path: "/api/v1/files/" + key}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "GET", path: "/api/v1/news/" + id(created.ID)}).ok(t, 200, &g)
		if g.Pictures == nil || len(g.Pictures) != 0 {
			t.Errorf("after the removal: %+v, want an empty gallery", g.Pictures)
		}
	})
}

// TestArticlePicturesAPI: the bureau adds nine pictures to its article
// and the tenth is refused; a township office (no content.edit) and
// anonymous callers are refused; the pictures of the draft are read
// through the authorised operation and become public files when it is
// published; a picture is removed.
func TestArticlePicturesAPI(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		bureau := s.token(t, s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}), tiaojie.PermContentEdit)
		office := s.token(t, s.user(t, "office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao}), tiaojie.PermOrgsRead)
		var created struct{ ID int64 }
		s.do(t, req{method: "POST", path: "/api/v1/staff/articles", auth: bureau, body: map[string]any{"kind": "news", "title": "调解员培训班开班"}}).ok(t, 201, &created)
		art := "/api/v1/staff/articles/" + id(created.ID)
		b, ct := multipartBody(t, part{name: "file", filename: "a.png", data: testPNG(t)})

		s.do(t, req{method: "POST", path: art + "/pictures", body: b, contentType: ct}).problem(t, 401, "api.unauthorized")
		s.do(t, req{method: "POST", path: art + "/pictures", auth: office, body: b, contentType: ct}).problem(t, 403, "error.forbidden")
		s.do(t, req{method: "POST", path: art + "/pictures", auth: bureau, body: `{"caption":"x"}`, contentType: "application/json"}).problem(t, 415, "api.multipart")
		var ids []int64
		for range 9 {
			var added struct{ ID int64 }
			s.do(t, req{method: "POST", path: art + "/pictures", auth: bureau, body: b, contentType: ct}).ok(t, 201, &added)
			ids = append(ids, added.ID)
		}
		s.do(t, req{method: "POST", path: art + "/pictures", auth: bureau, body: b, contentType: ct}).problem(t, 409, "content.pictures_full")

		var g galleryJSON
		s.do(t, req{method: "GET", path: art, auth: bureau}).ok(t, 200, &g)
		if len(g.Pictures) != 9 || g.Pictures[0].URL != art+"/pictures/"+id(ids[0]) || g.Pictures[0].Caption != "" {
			t.Fatalf("the draft's gallery: %+v", g.Pictures)
		}
		s.do(t, req{method: "GET", path: g.Pictures[0].URL, auth: bureau}).ok(t, 200, nil)
		s.do(t, req{method: "GET", path: g.Pictures[0].URL, auth: office}).problem(t, 403, "error.forbidden")
		s.do(t, req{method: "DELETE", path: art + "/pictures/" + id(ids[8]), auth: office}).problem(t, 403, "error.forbidden")
		s.do(t, req{method: "DELETE", path: art + "/pictures/" + id(ids[8]), auth: bureau}).ok(t, 204, nil)
		s.do(t, req{method: "DELETE", path: art + "/pictures/" + id(ids[8]), auth: bureau}).problem(t, 404, "error.not_found")

		s.do(t, req{method: "POST", path: art + "/status", auth: bureau, body: map[string]any{"status": "published"}}).ok(t, 204, nil)
		s.do(t, req{method: "GET", path: "/api/v1/news/" + id(created.ID)}).ok(t, 200, &g)
		if len(g.Pictures) != 8 || !strings.HasPrefix(g.Pictures[0].URL, "/api/v1/files/") {
			t.Fatalf("the published gallery: %+v", g.Pictures)
		}
		s.do(t, req{method: "GET", path: g.Pictures[0].URL}).ok(t, 200, nil)
		var listed listJSON[map[string]any]
		s.do(t, req{method: "GET", path: "/api/v1/news"}).ok(t, 200, &listed)
		if _, ok := listed.Items[0]["pictures"]; ok {
			t.Errorf("a list carries the gallery: %v", listed.Items[0])
		}
	})
}
