package api_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

// orgNewsOperations are the organizations' news operations with the
// permission each declares; TestOpenAPIDocument checks that the document
// lists exactly these with the others.
var orgNewsOperations = map[string]string{
	"GET /api/v1/staff/orgs/{id}/news":                                 "orgs.edit",
	"POST /api/v1/staff/orgs/{id}/news":                                "orgs.edit",
	"GET /api/v1/staff/orgs/{id}/news/{article}":                       "orgs.edit",
	"PUT /api/v1/staff/orgs/{id}/news/{article}":                       "orgs.edit",
	"GET /api/v1/staff/orgs/{id}/news/{article}/cover":                 "orgs.edit",
	"POST /api/v1/staff/orgs/{id}/news/{article}/cover":                "orgs.edit",
	"POST /api/v1/staff/orgs/{id}/news/{article}/submit":               "orgs.edit",
	"POST /api/v1/staff/orgs/{id}/news/{article}/pictures":             "orgs.edit",
	"GET /api/v1/staff/orgs/{id}/news/{article}/pictures/{picture}":    "orgs.edit",
	"DELETE /api/v1/staff/orgs/{id}/news/{article}/pictures/{picture}": "orgs.edit",
	"GET /api/v1/staff/news-reviews":                                   "content.edit",
	"POST /api/v1/staff/news-reviews/{id}":                             "content.edit",
}

// orgNewsPageOf names the page route doing what each operation does.
var orgNewsPageOf = map[string]string{
	"GET /api/v1/staff/orgs/{id}/news":                                 "GET /staff/orgs/{id}/news",
	"POST /api/v1/staff/orgs/{id}/news":                                "POST /staff/orgs/{id}/news",
	"GET /api/v1/staff/orgs/{id}/news/{article}":                       "GET /staff/orgs/{id}/news/{article}",
	"PUT /api/v1/staff/orgs/{id}/news/{article}":                       "POST /staff/orgs/{id}/news/{article}",
	"GET /api/v1/staff/orgs/{id}/news/{article}/cover":                 "GET /staff/orgs/{id}/news/{article}/cover",
	"POST /api/v1/staff/orgs/{id}/news/{article}/cover":                "POST /staff/orgs/{id}/news/{article}/cover",
	"POST /api/v1/staff/orgs/{id}/news/{article}/submit":               "POST /staff/orgs/{id}/news/{article}/submit",
	"POST /api/v1/staff/orgs/{id}/news/{article}/pictures":             "POST /staff/orgs/{id}/news/{article}/pictures",
	"GET /api/v1/staff/orgs/{id}/news/{article}/pictures/{picture}":    "GET /staff/orgs/{id}/news/{article}/pictures/{picture}",
	"DELETE /api/v1/staff/orgs/{id}/news/{article}/pictures/{picture}": "POST /staff/orgs/{id}/news/{article}/pictures/{picture}/delete",
	"GET /api/v1/staff/news-reviews":                                   "GET /staff/news-reviews",
	"POST /api/v1/staff/news-reviews/{id}":                             "POST /staff/news-reviews/{id}",
}

// TestOrgNewsPermissionsMatchPages checks that each operation declares
// the permission of the page route that does the same thing.
func TestOrgNewsPermissionsMatchPages(t *testing.T) {
	matchPages(t, orgNewsOperations, orgNewsPageOf)
}

// newsCallers are the callers of the organizations' news tests: two
// operating organizations with an admin each, a mediator of the first and
// the bureau, by their tokens.
type newsCallers struct {
	orgA, orgB                       int64
	adminA, adminB, mediator, bureau string
}

// newsCallersOf makes the callers of an organizations' news test.
func newsCallersOf(t *testing.T, s *stack) newsCallers {
	t.Helper()
	var c newsCallers
	c.orgA = s.operatingOrg(t, "城桥镇人民调解委员会", chengqiao)
	c.orgB = s.operatingOrg(t, "堡镇人民调解委员会", baozhen)
	c.adminA = s.token(t, s.user(t, "admin.a", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: c.orgA}), tiaojie.PermOrgsRead, tiaojie.PermOrgsEdit)
	c.adminB = s.token(t, s.user(t, "admin.b", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: c.orgB}), tiaojie.PermOrgsRead, tiaojie.PermOrgsEdit)
	c.mediator = s.token(t, s.user(t, "wang.tiaojie", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: c.orgA}), tiaojie.PermSelf)
	c.bureau = s.token(t, s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}), tiaojie.PermContentEdit, tiaojie.PermOrgsEdit)
	return c
}

// orgArticleJSON is an article as the API answers it.
type orgArticleJSON struct {
	ID         int64  `json:"id"`
	Title      string `json:"title"`
	Status     string `json:"status"`
	CoverURL   string `json:"cover_url"`
	OrgID      int64  `json:"org_id"`
	OrgName    string `json:"org_name"`
	Review     string `json:"review"`
	ReviewNote string `json:"review_note"`
}

// TestOrgNewsAPI takes an organization's article through the API: its
// admin writes it, attaches a cover (private until approved) and submits
// it; the bureau returns it with a reason, then approves it, and it
// appears on the portal with the organization's name and a public cover.
// Another organization's admin, a mediator, an organization admin at the
// review and anonymous callers are refused; bad input and illegal steps
// change nothing.
func TestOrgNewsAPI(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		who := newsCallersOf(t, s)
		orgA, orgB, adminA, adminB, mediator, bureau := who.orgA, who.orgB, who.adminA, who.adminB, who.mediator, who.bureau

		list := "/api/v1/staff/orgs/" + id(orgA) + "/news"
		news := map[string]any{"kind": "news", "title": "城桥镇调委会开展法治宣传", "summary": "进社区讲解民法典。", "body": "第一段。\n\n第二段。"}
		articles := func() int { return s.count(t, `SELECT COUNT(*) FROM articles`) }

		// Refused before anything is written.
		s.do(t, req{method: "POST", path: list, body: news}).problem(t, 401, "api.unauthorized")
		s.do(t, req{method: "POST", path: list, auth: adminB, body: news}).problem(t, 403, "error.forbidden")
		s.do(t, req{method: "POST", path: list, auth: mediator, body: news}).problem(t, 403, "error.forbidden")
		p := s.do(t, req{method: "POST", path: list, auth: adminA, body: map[string]any{"kind": "intro", "title": "本会简介"}}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"kind", "content.kind"}}, p.fields()); diff != "" {
			t.Errorf("an introduction by an organization (-want +got):\n%s", diff)
		}
		p = s.do(t, req{method: "POST", path: list, auth: adminA, lang: "zh-CN", body: map[string]any{"kind": "event", "title": "调解开放日"}}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"event_at", "content.event_at"}}, p.fields()); diff != "" {
			t.Errorf("an event without a time (-want +got):\n%s", diff)
		}
		if n := articles(); n != 0 {
			t.Fatalf("%d articles after refusals, want 0", n)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'content.org_save' AND outcome = 'denied'`); n != 1 {
			t.Errorf("%d denied saves audited, want 1 (another organization's admin)", n)
		}

		r := s.do(t, req{method: "POST", path: list, auth: adminA, body: news})
		var created struct{ ID int64 }
		r.ok(t, 201, &created)
		one := list + "/" + id(created.ID)
		if r.header.Get("Location") != one {
			t.Errorf("Location %q, want %q", r.header.Get("Location"), one)
		}

		// The organization's admin and the bureau see the draft; nobody else.
		var got listJSON[orgArticleJSON]
		s.do(t, req{method: "GET", path: list, auth: adminA}).ok(t, 200, &got)
		if len(got.Items) != 1 || got.Items[0].Review != "draft" || got.Items[0].OrgID != orgA || got.Items[0].OrgName != "城桥镇人民调解委员会" {
			t.Errorf("the organization's list %+v", got.Items)
		}
		s.do(t, req{method: "GET", path: list, auth: bureau}).ok(t, 200, &got)
		if len(got.Items) != 1 {
			t.Errorf("the bureau sees %d of the organization's articles, want 1", len(got.Items))
		}
		s.do(t, req{method: "GET", path: list, auth: adminB}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "GET", path: one, auth: adminB}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "GET", path: "/api/v1/staff/orgs/" + id(orgB) + "/news/" + id(created.ID), auth: adminA}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "GET", path: "/api/v1/news/" + id(created.ID)}).problem(t, 404, "error.not_found")

		// A cover: a PDF is refused; a PNG is stored private.
		pdf, pdfType := multipartBody(t, part{name: "file", filename: "cover.pdf", data: testPDF})
		s.do(t, req{method: "POST", path: one + "/cover", auth: adminA, body: pdf, contentType: pdfType}).problem(t, 422, "error.invalid_input")
		pic := testPNG(t)
		png, pngType := multipartBody(t, part{name: "file", filename: "cover.png", data: pic})
		s.do(t, req{method: "POST", path: one + "/cover", auth: adminB, body: png, contentType: pngType}).problem(t, 403, "error.forbidden")
		if n := s.count(t, `SELECT COUNT(*) FROM files`); n != 0 {
			t.Fatalf("%d files after refused covers, want 0", n)
		}
		s.do(t, req{method: "POST", path: one + "/cover", auth: adminA, body: png, contentType: pngType}).ok(t, 204, nil)
		var key string
		if err := d.Reader().QueryRow(`SELECT cover_file FROM articles WHERE id = $1`, created.ID).Scan(&key); err != nil {
			t.Fatal(err)
		}
		var a orgArticleJSON
		s.do(t, req{method: "GET", path: one, auth: adminA}).ok(t, 200, &a)
		if a.CoverURL != one+"/cover" {
			t.Errorf("an unpublished cover_url %q, want %q", a.CoverURL, one+"/cover")
		}
		c := s.do(t, req{method: "GET", path: one + "/cover", auth: adminA})
		if c.status != 200 || c.header.Get("Content-Type") != "image/png" || !strings.Contains(c.header.Get("Cache-Control"), "no-store") || string(c.body) != string(pic) {
			t.Errorf("the cover for its admin: %d %v", c.status, c.header)
		}
		s.do(t, req{method: "GET", path: one + "/cover", auth: adminB}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "GET", path: "/api/v1/files/" + key}).problem(t, 404, "error.not_found")

		// Submitted: locked for the organization, awaiting the bureau.
		s.do(t, req{method: "POST", path: one + "/submit", auth: adminB}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "POST", path: one + "/submit", auth: adminA}).ok(t, 204, nil)
		s.do(t, req{method: "POST", path: one + "/submit", auth: adminA}).problem(t, 409, "content.review_locked")
		edited := map[string]any{"kind": "news", "title": "改过的标题", "body": "正文。"}
		s.do(t, req{method: "PUT", path: one, auth: adminA, body: edited}).problem(t, 409, "content.review_locked")
		s.do(t, req{method: "POST", path: one + "/cover", auth: adminA, body: png, contentType: pngType}).problem(t, 409, "content.review_locked")
		s.do(t, req{method: "GET", path: one, auth: adminA}).ok(t, 200, &a)
		if a.Title != news["title"] || a.Review != "pending" {
			t.Errorf("after refused edits %+v", a)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM files`); n != 1 {
			t.Errorf("%d files after a refused second cover, want 1", n)
		}

		reviews := "/api/v1/staff/news-reviews"
		s.do(t, req{method: "GET", path: reviews, auth: adminA}).problem(t, 403, "error.forbidden")
		s.do(t, req{method: "GET", path: reviews}).problem(t, 401, "api.unauthorized")
		s.do(t, req{method: "GET", path: reviews, auth: bureau}).ok(t, 200, &got)
		if len(got.Items) != 1 || got.Items[0].ID != created.ID || got.Items[0].OrgName != "城桥镇人民调解委员会" || got.Items[0].Review != "pending" {
			t.Errorf("awaiting review %+v", got.Items)
		}
		review := reviews + "/" + id(created.ID)
		s.do(t, req{method: "POST", path: review, auth: adminA, body: map[string]any{"approve": true}}).problem(t, 403, "error.forbidden")
		p = s.do(t, req{method: "POST", path: review, auth: bureau, body: map[string]any{"approve": false, "reason": "  "}}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"reason", "content.review_reason"}}, p.fields()); diff != "" {
			t.Errorf("a return without a reason (-want +got):\n%s", diff)
		}
		s.do(t, req{method: "GET", path: one, auth: adminA}).ok(t, 200, &a)
		if a.Review != "pending" || a.ReviewNote != "" {
			t.Errorf("after a refused review %+v", a)
		}

		// Returned with a reason, edited, submitted again, approved.
		s.do(t, req{method: "POST", path: review, auth: bureau, body: map[string]any{"approve": false, "reason": "请补充活动照片说明。"}}).ok(t, 204, nil)
		s.do(t, req{method: "GET", path: one, auth: adminA}).ok(t, 200, &a)
		if a.Review != "returned" || a.ReviewNote != "请补充活动照片说明。" {
			t.Errorf("returned %+v", a)
		}
		s.do(t, req{method: "POST", path: review, auth: bureau, body: map[string]any{"approve": true}}).problem(t, 409, "content.review_not_pending")
		s.do(t, req{method: "PUT", path: one, auth: adminA, body: edited}).ok(t, 204, nil)
		s.do(t, req{method: "POST", path: one + "/submit", auth: adminA}).ok(t, 204, nil)
		s.do(t, req{method: "POST", path: review, auth: bureau, body: map[string]any{"approve": true}}).ok(t, 204, nil)

		var public orgArticleJSON
		s.do(t, req{method: "GET", path: "/api/v1/news/" + id(created.ID)}).ok(t, 200, &public)
		if public.Title != "改过的标题" || public.OrgID != orgA || public.OrgName != "城桥镇人民调解委员会" ||
			public.CoverURL != "/api/v1/files/"+key || public.Review != "" || public.Status != "" {
			t.Errorf("the published article %+v", public)
		}
		if f := s.do(t, req{method: "GET", path: public.CoverURL}); f.status != 200 || string(f.body) != string(pic) {
			t.Errorf("the public cover: %d", f.status)
		}
		s.do(t, req{method: "GET", path: reviews, auth: bureau}).ok(t, 200, &got)
		if len(got.Items) != 0 {
			t.Errorf("%d still awaiting review, want 0", len(got.Items))
		}
		if n := s.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'content.review' AND outcome = 'ok'`); n != 2 {
			t.Errorf("%d reviews audited, want 2", n)
		}
	})
}
