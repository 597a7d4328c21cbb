package content_test

import (
	"context"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/content"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
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

// TestOrgNewsReview: an organization's admin writes and submits news; it
// is invisible to the public and to other organizations until the bureau
// approves it; the admin cannot publish it alone; a return needs a reason
// and changes nothing without one.
func TestOrgNewsReview(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		ctx := context.Background()
		a, b := newsOrg(t, d, "城桥调解中心"), newsOrg(t, d, "长兴调解中心")
		adminA := &tiaojie.Principal{UserID: 5, Name: "a", Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: a}}}
		adminB := &tiaojie.Principal{UserID: 6, Name: "b", Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: b}}}

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
