package content_test

import (
	"context"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/content"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/files"
	"tiaojie/internal/keys"
)

func newService(t *testing.T, d *db.DB) *content.Service {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	store, err := files.OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC))
	return content.New(content.Deps{DB: d, Audit: audit.New(m, c), Files: files.New(store, c), Clock: c})
}

var (
	editor = &tiaojie.Principal{UserID: 3, Name: "bureau", Grants: []tiaojie.Grant{{Role: tiaojie.RoleBureau}}}
	public = tiaojie.Anonymous()
)

func TestPublishFlow(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		ctx := context.Background()
		id, err := s.Save(ctx, editor, 0, content.Input{Kind: content.News, Title: "崇明区调解联盟成立", Body: "第一段。\n\n第二段。"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, public, id); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("a draft is public: %v", err)
		}
		if items, total, _ := s.List(ctx, public, content.Filter{}); total != 0 || len(items) != 0 {
			t.Errorf("drafts listed publicly")
		}
		if err := s.SetStatus(ctx, editor, id, content.Published); err != nil {
			t.Fatal(err)
		}
		a, err := s.Get(ctx, public, id)
		if err != nil || a.PublishedAt.IsZero() || len(a.Paragraphs()) != 2 {
			t.Fatalf("published article: %+v, %v", a, err)
		}
		township := &tiaojie.Principal{UserID: 9, Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: "310151101"}}}
		if _, err := s.Save(ctx, township, id, content.Input{Kind: content.News, Title: "改标题"}); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("a township office edited content: %v", err)
		}
		if _, _, err := s.List(ctx, public, content.Filter{All: true}); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("the public listed drafts: %v", err)
		}
		if intro, err := s.Intro(ctx); intro != nil || err != nil {
			t.Errorf("intro before one is published: %v %v", intro, err)
		}
	})
}

func TestValidation(t *testing.T) {
	s := newService(t, dbtest.SQLite(t))
	ctx := context.Background()
	for _, tc := range []struct {
		in   content.Input
		want string
	}{
		{content.Input{Kind: "blog", Title: "标题"}, "content.kind"},
		{content.Input{Kind: content.News, Title: "标"}, "content.title_length"},
		{content.Input{Kind: content.News, Title: "标题", VideoURL: "javascript:alert(1)"}, "content.video_url"},
		{content.Input{Kind: content.News, Title: "标题", VideoURL: "http://example.com/v"}, "content.video_url"},
		{content.Input{Kind: content.Event, Title: "座谈会"}, "content.event_at"},
	} {
		_, err := s.Save(ctx, editor, 0, tc.in)
		e, _ := err.(*tiaojie.Error)
		if e == nil || e.Fields[0].Code != tc.want {
			t.Errorf("%+v: %v, want %s", tc.in, err, tc.want)
		}
	}
}
