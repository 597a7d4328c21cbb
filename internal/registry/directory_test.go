package registry_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/registry"
	"tiaojie/internal/search"
)

// corpus is a small district: six public organizations with the traits the
// directory filters and ranks by.
type corpus struct {
	a, b, c, d, e, f int64
}

// build creates the corpus on e's database:
//
//	a 城桥镇婚姻家庭人民调解委员会  城桥  basic/committee   婚姻家庭          崇明话
//	b 堡镇人民调解委员会            堡镇  basic/committee   邻里, 婚姻家庭    online, 5 stars
//	c 崇明区医患纠纷人民调解委员会  城桥  professional      医疗              英语
//	d 崇明区商事调解中心            城桥  commercial        金融, 合同        online, paid, 3 stars expired
//	e 新河镇物业纠纷调解工作室      新河  basic/other       物业 (+劳动 by service), featured
//	f 长兴镇婚姻家庭调解工作室      长兴  basic/other       婚姻家庭          4 stars
func build(t *testing.T, e *env) corpus {
	t.Helper()
	ctx := context.Background()
	var c corpus
	in := input("城桥镇婚姻家庭人民调解委员会", chengqiao)
	in.Specialties, in.Description = []string{"marriage_family"}, "化解家庭矛盾，维护家庭和谐。地址临近12348热线服务点。"
	c.a = e.active(t, in, "01")

	in = input("堡镇人民调解委员会", baozhen)
	in.Level, in.Online, in.Description = tiaojie.LevelTownship, true, "调解邻里、婚姻家庭纠纷。"
	in.Languages = []string{"mandarin"}
	c.b = e.active(t, in, "02")

	in = input("崇明区医患纠纷人民调解委员会", chengqiao)
	in.Type, in.Level, in.Specialties = tiaojie.OrgProfessional, tiaojie.LevelDistrict, []string{"medical"}
	in.Description, in.Languages = "医疗纠纷调解，医患沟通。", []string{"mandarin", "english"}
	c.c = e.active(t, in, "03")

	in = commercial("崇明区商事调解中心")
	in.Online, in.Languages, in.Description = true, nil, "金融、合同纠纷。Commercial Mediation Centre."
	c.d = e.active(t, in, "04")
	_, err := e.svc.SaveFeeDraft(ctx, system, c.d, chengduStandard(beijingDay(2026, 3, 2)))
	must(t, err)
	must(t, e.svc.PublishFee(ctx, system, c.d, 1))

	in = input("新河镇物业纠纷调解工作室", xinhe)
	in.LegalForm, in.Level, in.Specialties = tiaojie.FormOther, tiaojie.LevelTownship, []string{"property_mgmt"}
	in.Description, in.Languages = "小区物业纠纷，也调解婚姻家庭矛盾。", nil
	c.e = e.active(t, in, "05")
	_, err = e.svc.AddService(ctx, system, c.e, registry.ServiceInput{Name: "物业员工劳动纠纷调解", DisputeTypes: []string{"labour"}})
	must(t, err)
	must(t, e.svc.SetFeatured(ctx, bureau, c.e, true, 1, "物业纠纷化解成效突出"))

	in = input("长兴镇婚姻家庭调解工作室", "310151116")
	in.LegalForm, in.Level, in.Specialties, in.Languages = tiaojie.FormOther, tiaojie.LevelTownship, []string{"marriage_family"}, nil
	in.Description = "婚姻家庭纠纷调解。"
	c.f = e.active(t, in, "06")

	rate := func(id int64, stars int, days int) {
		until := any(nil)
		if days != 0 {
			until = start.AddDate(0, 0, days)
		}
		if _, err := e.db.Writer().Exec(`UPDATE orgs SET stars = $1, stars_until = $2 WHERE id = $3`, stars, until, id); err != nil {
			t.Fatal(err)
		}
	}
	rate(c.b, 5, 0)
	rate(c.d, 3, -1)
	rate(c.f, 4, 365)
	return c
}

func ids(page registry.DirectoryPage) []int64 {
	out := []int64{}
	for _, c := range page.Cards {
		out = append(out, c.ID)
	}
	return out
}

// TestDirectory: filters, ranking, highlighting, pagination and status.
func TestDirectory(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		c := build(t, e)
		yes, no := ptr(true), ptr(false)
		for _, tc := range []struct {
			name  string
			q     registry.DirectoryQuery
			want  []int64
			total int
		}{
			{"all: featured, stars, name", registry.DirectoryQuery{}, []int64{c.e, c.b, c.f, c.a, c.c, c.d}, 6},
			{"name matches first", registry.DirectoryQuery{Q: "婚姻"}, []int64{c.f, c.a, c.e, c.b}, 4},
			{"one character", registry.DirectoryQuery{Q: "医"}, []int64{c.c}, 1},
			{"two terms", registry.DirectoryQuery{Q: "家庭 和谐"}, []int64{c.a}, 1},
			{"latin", registry.DirectoryQuery{Q: "mediation"}, []int64{c.d}, 1},
			{"digits", registry.DirectoryQuery{Q: "1234"}, []int64{c.a}, 1},
			{"specialty name", registry.DirectoryQuery{Q: "医疗纠纷"}, []int64{c.c}, 1},
			{"township name", registry.DirectoryQuery{Q: "新河镇"}, []int64{c.e}, 1},
			{"legal form name", registry.DirectoryQuery{Q: "人民调解委员会", Township: chengqiao}, []int64{c.a, c.c}, 2},
			{"service name", registry.DirectoryQuery{Q: "劳动"}, []int64{c.e}, 1},
			{"township", registry.DirectoryQuery{Township: chengqiao}, []int64{c.a, c.c, c.d}, 3},
			{"type", registry.DirectoryQuery{Type: tiaojie.OrgCommercial}, []int64{c.d}, 1},
			{"legal form", registry.DirectoryQuery{LegalForm: tiaojie.FormOther}, []int64{c.e, c.f}, 2},
			{"dispute types", registry.DirectoryQuery{DisputeTypes: []string{"medical", "finance"}}, []int64{c.c, c.d}, 2},
			{"dispute type by service", registry.DirectoryQuery{DisputeTypes: []string{"labour"}}, []int64{c.e}, 1},
			{"min stars (expired ratings do not count)", registry.DirectoryQuery{MinStars: 3}, []int64{c.b, c.f}, 2},
			{"paid", registry.DirectoryQuery{Paid: yes}, []int64{c.d}, 1},
			{"free", registry.DirectoryQuery{Paid: no, Township: chengqiao}, []int64{c.a, c.c}, 2},
			{"online", registry.DirectoryQuery{Online: yes}, []int64{c.b, c.d}, 2},
			{"dialect", registry.DirectoryQuery{Language: "chongming"}, []int64{c.a}, 1},
			{"unknown filter value", registry.DirectoryQuery{Township: "999"}, []int64{}, 0},
			{"page", registry.DirectoryQuery{Limit: 2, Offset: 2}, []int64{c.f, c.a}, 6},
			{"past the end", registry.DirectoryQuery{Offset: 10}, []int64{}, 6},
			{"nothing", registry.DirectoryQuery{Q: "上海"}, []int64{}, 0},
		} {
			page, err := e.svc.Directory(ctx, tc.q)
			must(t, err)
			if got := ids(page); !slices.Equal(got, tc.want) || page.Total != tc.total || page.TotalCapped {
				t.Errorf("%s: %v (%d), want %v (%d)", tc.name, got, page.Total, tc.want, tc.total)
			}
		}
		assertCards(t, e, c)
		assertSuspendedHidden(t, e, c)
	})
}

// assertCards checks what a result card carries.
func assertCards(t *testing.T, e *env, c corpus) {
	t.Helper()
	page, err := e.svc.Directory(context.Background(), registry.DirectoryQuery{Q: "婚姻"})
	must(t, err)
	first := page.Cards[0]
	wantName := []search.Segment{{Text: "长兴镇", Match: false}, {Text: "婚姻", Match: true}, {Text: "家庭调解工作室", Match: false}}
	if diff := cmp.Diff(wantName, first.NameSegments); diff != "" {
		t.Errorf("name highlight (-want +got):\n%s", diff)
	}
	if first.TownshipName != "长兴镇" || first.Stars != 4 || first.Paid || !slices.Equal(first.Specialties, []string{"marriage_family"}) {
		t.Errorf("card %+v", first)
	}
	b := page.Cards[3]
	wantSnippet := []search.Segment{{Text: "调解邻里、", Match: false}, {Text: "婚姻", Match: true}, {Text: "家庭纠纷。", Match: false}}
	if diff := cmp.Diff(wantSnippet, b.Snippet); diff != "" {
		t.Errorf("snippet (-want +got):\n%s", diff)
	}
	if !slices.Equal(page.Terms, []string{"婚姻"}) {
		t.Errorf("terms %v", page.Terms)
	}
	paid, _ := e.svc.Directory(context.Background(), registry.DirectoryQuery{Type: tiaojie.OrgCommercial})
	if d := paid.Cards[0]; !d.Paid || !d.Online || d.Stars != 0 {
		t.Errorf("commercial card: paid %v online %v stars %d (expired rating)", d.Paid, d.Online, d.Stars)
	}
	featured, err := e.svc.Featured(context.Background())
	must(t, err)
	if len(featured) != 1 || featured[0].ID != c.e || featured[0].FeaturedReason != "物业纠纷化解成效突出" {
		t.Errorf("featured %+v", featured)
	}
}

// assertSuspendedHidden: an organization that leaves the public statuses
// leaves the directory, its page and the featured list at once, and comes
// back when it resumes.
func assertSuspendedHidden(t *testing.T, e *env, c corpus) {
	t.Helper()
	ctx := context.Background()
	must(t, e.svc.SetFeatured(ctx, bureau, c.f, true, 0, "婚姻家庭纠纷调解品牌"))
	must(t, e.svc.Act(ctx, bureau, c.f, tiaojie.ActSuspend, "负责人涉嫌违规收费", ""))
	page, err := e.svc.Directory(ctx, registry.DirectoryQuery{Q: "婚姻"})
	must(t, err)
	if got := ids(page); !slices.Equal(got, []int64{c.a, c.e, c.b}) {
		t.Errorf("after suspension: %v", got)
	}
	if _, err := e.svc.PublicOrg(ctx, c.f); code(err) != "error.not_found" {
		t.Errorf("public page of a suspended organization: %v", err)
	}
	featured, _ := e.svc.Featured(ctx)
	if len(featured) != 1 || featured[0].ID != c.e {
		t.Errorf("featured after suspension: %+v", featured)
	}
	wantCode(t, e.svc.SetFeatured(ctx, bureau, c.f, true, 0, "x"), "org.not_public")
	wantCode(t, e.svc.SetFeatured(ctx, cq, c.a, true, 0, "x"), "error.forbidden")
	wantCode(t, e.svc.SetFeatured(ctx, bureau, c.a, true, 0, ""), "org.feature_reason")
	must(t, e.svc.Act(ctx, bureau, c.f, tiaojie.ActResume, "", ""))
	featured, _ = e.svc.Featured(ctx)
	if len(featured) != 2 || featured[0].ID != c.f {
		t.Errorf("featured after resumption: %+v", featured)
	}
}

// TestDirectoryParity runs one query set on SQLite and PostgreSQL and
// requires the same ordered ids and totals from both.
func TestDirectoryParity(t *testing.T) {
	queries := []registry.DirectoryQuery{
		{}, {Q: "婚姻"}, {Q: "婚姻家庭"}, {Q: "调解"}, {Q: "纠纷"}, {Q: "镇"}, {Q: "崇"}, {Q: "医疗"}, {Q: "物业"},
		{Q: "Mediation"}, {Q: "COMM"}, {Q: "12348"}, {Q: "调解 镇"}, {Q: "人民调解委员会"}, {Q: "委员会调解"},
		{Q: "调解", Limit: 2, Offset: 1}, {Q: "纠纷", Online: ptr(true)}, {Q: "调解", MinStars: 1},
		{DisputeTypes: []string{"marriage_family", "neighbour"}}, {Q: "婚姻", Township: chengqiao},
	}
	results := map[string][]string{}
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		build(t, e)
		var got []string
		for i, q := range queries {
			page, err := e.svc.Directory(context.Background(), q)
			must(t, err)
			got = append(got, fmt.Sprintf("%d %q: %v of %d", i, q.Q, ids(page), page.Total))
		}
		results[string(d.Engine())] = got
	})
	sq, pg := results[string(db.SQLite)], results[string(db.Postgres)]
	if pg == nil {
		t.Skip("parity needs PostgreSQL (" + dbtest.PostgresEnv + ")")
	}
	if diff := cmp.Diff(sq, pg); diff != "" {
		t.Errorf("SQLite and PostgreSQL disagree (-sqlite +postgres):\n%s", diff)
	}
}

// TestDirectoryCountCapped: the count stops at MaxCounted and says so.
func TestDirectoryCountCapped(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, err := d.Writer().Exec(`
			WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1005)
			INSERT INTO orgs (name, type, legal_form, level, township, status, created_at, updated_at)
			SELECT 'org ' || i, 'basic', 'peoples_committee', 'village', '310151101', 'active', $1, $1 FROM n`, start)
		must(t, err)
		page, err := e.svc.Directory(context.Background(), registry.DirectoryQuery{Limit: 500})
		must(t, err)
		if page.Total != registry.MaxCounted || !page.TotalCapped || len(page.Cards) != 50 {
			t.Errorf("total %d capped %v, %d cards", page.Total, page.TotalCapped, len(page.Cards))
		}
	})
}
