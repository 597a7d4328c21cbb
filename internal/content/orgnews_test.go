package content_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	pngenc "image/png"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/content"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/files"
)

func newsOrg(t *testing.T, d *db.DB, name string) int64 {
	t.Helper()
	var id int64
	if err := d.Writer().QueryRow(`
		INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, created_at, updated_at)
		VALUES ($1, $1, 'commercial', 'company', 'township', '310151101', 'active', $2, $2) RETURNING id`,
		name, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// twoOrgs registers two organizations, each with its admin.
func twoOrgs(t *testing.T, d *db.DB) (a, b int64, adminA, adminB *tiaojie.Principal) {
	t.Helper()
	a, b = newsOrg(t, d, "城桥调解中心"), newsOrg(t, d, "长兴调解中心")
	adminA = &tiaojie.Principal{UserID: 5, Name: "a", Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: a}}}
	adminB = &tiaojie.Principal{UserID: 6, Name: "b", Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: b}}}
	return a, b, adminA, adminB
}

// orgDraft has admin write a news draft for organization org.
func orgDraft(t *testing.T, s *content.Service, admin *tiaojie.Principal, org int64) int64 {
	t.Helper()
	id, err := s.SaveOrg(context.Background(), admin, org, 0, content.Input{Kind: content.News, Title: "中心开展普法宣传活动"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestOrgNewsReview: an organization's admin writes and submits news; it
// is invisible to the public and to other organizations until the bureau
// approves it; the admin cannot publish it alone; a return needs a reason
// and changes nothing without one.
func TestOrgNewsReview(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		ctx := context.Background()
		a, b, adminA, adminB := twoOrgs(t, d)

		if _, err := s.SaveOrg(ctx, adminB, a, 0, content.Input{Kind: content.News, Title: "冒名新闻"}); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("another organization's admin writes for it: %v", err)
		}
		id, err := s.SaveOrg(ctx, adminA, a, 0, content.Input{Kind: content.News, Title: "中心开展普法宣传活动", Body: "活动内容。"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetStatus(ctx, adminA, id, content.Published); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("an admin publishes without review: %v", err)
		}
		if err := s.Review(ctx, editor, id, true, ""); !tiaojie.IsKind(err, tiaojie.Conflict) {
			t.Errorf("approving a draft not submitted: %v", err)
		}
		if err := s.Submit(ctx, adminA, id); err != nil {
			t.Fatal(err)
		}
		for who, p := range map[string]*tiaojie.Principal{"public": public, "other org": adminB} {
			if _, err := s.Get(ctx, p, id); !tiaojie.IsKind(err, tiaojie.NotFound) {
				t.Errorf("%s reads pending news: %v", who, err)
			}
		}
		if items, _, _ := s.List(ctx, public, content.Filter{}); len(items) != 0 {
			t.Errorf("pending news listed publicly")
		}
		if _, err := s.SaveOrg(ctx, adminA, a, id, content.Input{Kind: content.News, Title: "改了"}); !tiaojie.IsKind(err, tiaojie.Conflict) {
			t.Errorf("editing pending news: %v", err)
		}
		if err := s.Review(ctx, editor, id, false, " "); !tiaojie.IsKind(err, tiaojie.Invalid) {
			t.Errorf("return without reason: %v", err)
		}
		if got, _ := s.Get(ctx, adminA, id); got.Review != content.ReviewPending {
			t.Errorf("a refused return changed the review to %q", got.Review)
		}
		if err := s.Review(ctx, editor, id, false, "请补充活动照片"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, adminA, id); got.Review != content.ReviewReturned || got.ReviewNote != "请补充活动照片" || got.Status != content.Draft {
			t.Errorf("returned: %+v", got)
		}
		if err := s.Submit(ctx, adminA, id); err != nil {
			t.Fatal(err)
		}
		if err := s.Review(ctx, editor, id, true, ""); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, public, id)
		if err != nil || got.Status != content.Published || got.OrgName != "城桥调解中心" {
			t.Fatalf("approved news: %+v, %v", got, err)
		}
		if items, _, _ := s.List(ctx, public, content.Filter{OrgID: a}); len(items) != 1 {
			t.Errorf("the organization's page lists %d items", len(items))
		}
		if items, _, _ := s.List(ctx, public, content.Filter{OrgID: b}); len(items) != 0 {
			t.Errorf("another organization's page lists its news")
		}
	})
}

// png is a small PNG picture named name.
func png(t *testing.T, name string) files.Upload {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := pngenc.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return files.Upload{Filename: name, Body: &b}
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOrgCover: an organization's admin sets the cover of its own draft
// or returned article; another organization's admin is refused and the
// refusal audited; a pending or approved article's cover is locked; no
// refusal writes a file. The cover is private until the bureau approves
// the article and private again when the bureau withdraws it.
func TestOrgCover(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		ctx := context.Background()
		a, b, adminA, adminB := twoOrgs(t, d)
		id := orgDraft(t, s, adminA, a)
		for _, tc := range []struct {
			who   *tiaojie.Principal
			org   int64
			wantK tiaojie.Kind
		}{
			{adminB, a, tiaojie.Forbidden}, // writes for an organization not its own
			{adminB, b, tiaojie.Forbidden}, // its own organization, another's article
			{public, a, tiaojie.Forbidden},
			{editor, a, tiaojie.Forbidden}, // the bureau reviews, it does not write
		} {
			if err := s.SetOrgCover(ctx, tc.who, tc.org, id, png(t, "封面.png")); !tiaojie.IsKind(err, tc.wantK) {
				t.Errorf("%s for org %d: %v, want %s", tc.who.Name, tc.org, err, tc.wantK)
			}
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE action = 'content.org_cover' AND outcome = 'denied'`); n != 4 {
			t.Errorf("%d denials audited, want 4", n)
		}
		if n := count(t, d, `SELECT count(*) FROM files`); n != 0 {
			t.Errorf("%d files written by refusals", n)
		}
		if err := s.SetOrgCover(ctx, adminA, a, id, files.Upload{Filename: "x.png", Body: bytes.NewReader([]byte("not a picture"))}); !tiaojie.IsKind(err, tiaojie.Invalid) {
			t.Errorf("a file that is not a picture: %v", err)
		}
		if err := s.SetOrgCover(ctx, adminA, a, id, png(t, "封面.png")); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Get(ctx, adminA, id)
		if got.Cover == "" {
			t.Fatal("no cover")
		}
		if _, _, err := s.Cover(ctx, adminA, id); err != nil {
			t.Errorf("the admin's own cover: %v", err)
		}
		if _, _, err := s.Cover(ctx, editor, id); err != nil {
			t.Errorf("the bureau reads the cover: %v", err)
		}
		for who, p := range map[string]*tiaojie.Principal{"public": public, "other org": adminB} {
			if _, _, err := s.Cover(ctx, p, id); !tiaojie.IsKind(err, tiaojie.NotFound) {
				t.Errorf("%s reads a draft's cover: %v", who, err)
			}
		}
		pub := func() bool { // what /files/{key} serves (files.Public)
			t.Helper()
			return count(t, d, `SELECT count(*) FROM files WHERE key = $1 AND public`, got.Cover) == 1
		}
		if pub() {
			t.Error("a draft's cover is a public file")
		}

		if err := s.Submit(ctx, adminA, id); err != nil {
			t.Fatal(err)
		}
		before := count(t, d, `SELECT count(*) FROM files`)
		if err := s.SetOrgCover(ctx, adminA, a, id, png(t, "新封面.png")); !tiaojie.IsKind(err, tiaojie.Conflict) {
			t.Errorf("a pending article's cover changed: %v", err)
		}
		if err := s.Review(ctx, editor, id, true, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.SetOrgCover(ctx, adminA, a, id, png(t, "新封面.png")); !tiaojie.IsKind(err, tiaojie.Conflict) {
			t.Errorf("an approved article's cover changed: %v", err)
		}
		if n := count(t, d, `SELECT count(*) FROM files`); n != before {
			t.Errorf("locked covers wrote %d files", n-before)
		}
		if now, _ := s.Get(ctx, public, id); now == nil || now.Cover != got.Cover {
			t.Errorf("the cover changed: %+v", now)
		}
		if !pub() {
			t.Error("an approved article's cover is not public")
		}
		if _, _, err := s.Cover(ctx, public, id); err != nil {
			t.Errorf("the public reads a published cover: %v", err)
		}
		if err := s.SetStatus(ctx, editor, id, content.Archived); err != nil {
			t.Fatal(err)
		}
		if pub() {
			t.Error("a withdrawn article's cover is still public")
		}
	})
}
