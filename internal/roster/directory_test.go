package roster_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/roster"
	"tiaojie/internal/search"
)

// corpus is a small public roster: three organizations (新河镇's is
// suspended) and mediators chosen to exercise search, filters and ranking.
type corpus struct {
	cq, bz, xh int64
	id         map[string]int64 // by name
}

// seedCorpus creates the corpus through the service.
func seedCorpus(t *testing.T, e *env) corpus {
	t.Helper()
	ctx := context.Background()
	c := corpus{
		cq: e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive),
		bz: e.org(t, "堡镇人民调解委员会", baozhen, tiaojie.StatusActive),
		xh: e.org(t, "新河镇人民调解委员会", "310151103", tiaojie.StatusSuspended),
		id: map[string]int64{},
	}
	type m struct {
		name         string
		grade        tiaojie.MediatorGrade
		specs, langs []string
		orgs         []int64
		bio, certs   string
		background   string
		public       bool
	}
	for _, x := range []m{
		{"张丽华", 2, []string{"marriage_family"}, []string{"mandarin", "chongming"}, []int64{c.cq}, "擅长婚姻家庭纠纷。", "", "law", true},
		{"李建国", 1, []string{"neighbour", "marriage_family"}, []string{"mandarin"}, []int64{c.cq}, "曾在张家村工作。", "", "community", true},
		{"王美玲", 0, []string{"marriage_family"}, []string{"english"}, []int64{c.bz}, "", "CPA 注册会计师", "finance", true},
		{"赵志强", 3, []string{"medical"}, []string{"mandarin"}, []int64{c.bz}, "医疗纠纷调解专家。", "", "medicine", true},
		{"张伟", 0, []string{"labour"}, []string{"shanghainese"}, []int64{c.cq, c.bz}, "", "", "other", true},
		{"Zhang Wei", 4, []string{"contract"}, []string{"english"}, []int64{c.bz}, "English speaking mediator.", "", "law", true},
		{"陈晓", 1, []string{"marriage_family"}, []string{"mandarin"}, []int64{c.xh}, "", "", "law", true},  // suspended organization
		{"刘洋", 1, []string{"marriage_family"}, []string{"mandarin"}, []int64{c.cq}, "", "", "law", false}, // not public
		{"孙涛", 2, []string{"marriage_family"}, []string{"mandarin"}, []int64{c.cq}, "", "", "law", true},  // suspended below
	} {
		in := roster.MediatorInput{Name: x.name, Grade: x.grade, Specialties: x.specs, Languages: x.langs, Bio: x.bio,
			Certificates: x.certs, Background: x.background, Public: x.public, PracticeSince: 2010}
		for _, o := range x.orgs {
			in.Orgs = append(in.Orgs, roster.Membership{OrgID: o, Position: roster.PositionFullTime})
		}
		if x.name == "张丽华" {
			in.IDNumber, in.Phone = womanID, canaryPhone
		}
		c.id[x.name] = e.create(t, in)
	}
	if err := e.svc.SetStatus(ctx, cqOffice, c.id["孙涛"], tiaojie.MediatorSuspended, "调查", ""); err != nil {
		t.Fatal(err)
	}
	return c
}

// names maps ids back to names, for readable failures.
func (c corpus) names(ids []int64) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		for n, v := range c.id {
			if v == id {
				out = append(out, n)
			}
		}
	}
	return out
}

// directoryCases are the searches of TestDirectory and the parity test,
// with the names they must return in order.
func directoryCases(c corpus) []struct {
	name string
	q    roster.DirectoryQuery
	want []string
} {
	return []struct {
		name string
		q    roster.DirectoryQuery
		want []string
	}{
		{"everyone, by grade then name", roster.DirectoryQuery{}, []string{"李建国", "张丽华", "赵志强", "Zhang Wei", "张伟", "王美玲"}},
		{"two characters 婚姻", roster.DirectoryQuery{Q: "婚姻"}, []string{"李建国", "张丽华", "王美玲"}},
		{"one character, names first", roster.DirectoryQuery{Q: "张"}, []string{"张丽华", "张伟", "李建国"}},
		{"Latin, any case, in the name", roster.DirectoryQuery{Q: "ZHANG"}, []string{"Zhang Wei"}},
		{"Latin prefix", roster.DirectoryQuery{Q: "eng"}, []string{"Zhang Wei"}},
		{"Latin in certificates", roster.DirectoryQuery{Q: "cpa"}, []string{"王美玲"}},
		{"language name", roster.DirectoryQuery{Q: "英语"}, []string{"Zhang Wei", "王美玲"}},
		{"specialty and bio", roster.DirectoryQuery{Q: "医疗"}, []string{"赵志强"}},
		{"background", roster.DirectoryQuery{Q: "金融"}, []string{"王美玲"}},
		{"two terms", roster.DirectoryQuery{Q: "婚姻 崇明话"}, []string{"张丽华"}},
		{"no match", roster.DirectoryQuery{Q: "知识产权"}, nil},
		{"township", roster.DirectoryQuery{Township: baozhen}, []string{"赵志强", "Zhang Wei", "张伟", "王美玲"}},
		{"organization", roster.DirectoryQuery{OrgID: c.cq}, []string{"李建国", "张丽华", "张伟"}},
		{"suspended organization", roster.DirectoryQuery{OrgID: c.xh}, nil},
		{"suspended organization's township", roster.DirectoryQuery{Township: "310151103"}, nil},
		{"dispute type", roster.DirectoryQuery{DisputeType: "marriage_family"}, []string{"李建国", "张丽华", "王美玲"}},
		{"language", roster.DirectoryQuery{Language: "english"}, []string{"Zhang Wei", "王美玲"}},
		{"grade", roster.DirectoryQuery{Grade: 1}, []string{"李建国"}},
		{"query and township", roster.DirectoryQuery{Q: "婚姻", Township: chengqiao}, []string{"李建国", "张丽华"}},
		{"page 2", roster.DirectoryQuery{Limit: 2, Offset: 2}, []string{"赵志强", "Zhang Wei"}},
		{"last page", roster.DirectoryQuery{Limit: 4, Offset: 4}, []string{"张伟", "王美玲"}},
		{"past the end", roster.DirectoryQuery{Limit: 2, Offset: 6}, nil},
	}
}

// TestDirectory runs the searches on each engine.
func TestDirectory(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := seedCorpus(t, e)
		ctx := context.Background()
		for _, tc := range directoryCases(c) {
			page, err := e.svc.Directory(ctx, tc.q)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if diff := cmp.Diff(tc.want, c.names(cardIDs(page.Cards)), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.name, diff)
			}
		}
		page, _ := e.svc.Directory(ctx, roster.DirectoryQuery{Q: "张", Limit: 1})
		if page.Total != 3 || page.More || len(page.Cards) != 1 {
			t.Errorf("page = total %d, more %v, %d cards", page.Total, page.More, len(page.Cards))
		}
		want := []search.Segment{{Text: "张", Match: true}, {Text: "丽华"}}
		if diff := cmp.Diff(want, page.Cards[0].NameMarked); diff != "" {
			t.Errorf("highlighted name (-want +got):\n%s", diff)
		}
		if unmasked.MatchString(fmt.Sprintf("%+v", page)) {
			t.Errorf("a directory card shows personal data: %+v", page.Cards[0])
		}
	})
}

// TestDirectoryCards: a card carries what the public page needs, and only
// organizations the public sees.
func TestDirectoryCards(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := seedCorpus(t, e)
		ctx := context.Background()
		page, err := e.svc.Directory(ctx, roster.DirectoryQuery{Q: "张伟"})
		if err != nil || len(page.Cards) != 1 {
			t.Fatalf("Directory = %+v, %v", page, err)
		}
		want := roster.Card{ID: c.id["张伟"], Name: "张伟", NameMarked: []search.Segment{{Text: "张伟", Match: true}},
			Orgs: []roster.OrgRef{
				{ID: c.cq, Name: "城桥镇人民调解委员会", Township: chengqiao, Position: roster.PositionFullTime},
				{ID: c.bz, Name: "堡镇人民调解委员会", Township: baozhen, Position: roster.PositionFullTime},
			},
			Specialties: []string{"labour"}, Languages: []string{"shanghainese"}, Years: 16}
		if diff := cmp.Diff(want, page.Cards[0]); diff != "" {
			t.Errorf("card (-want +got):\n%s", diff)
		}

		// 堡镇's organization is suspended: its mediators leave the public
		// roster, except 张伟, who also serves 城桥镇.
		e.setOrgStatus(t, c.bz, tiaojie.StatusSuspended)
		all, _ := e.svc.Directory(ctx, roster.DirectoryQuery{})
		if diff := cmp.Diff([]string{"李建国", "张丽华", "张伟"}, c.names(cardIDs(all.Cards))); diff != "" {
			t.Errorf("after suspending 堡镇's organization (-want +got):\n%s", diff)
		}
		if len(all.Cards[2].Orgs) != 1 || all.Cards[2].Orgs[0].ID != c.cq {
			t.Errorf("张伟's card still lists the suspended organization: %+v", all.Cards[2].Orgs)
		}
		if _, err := e.svc.PublicMediator(ctx, c.id["赵志强"]); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("PublicMediator of a suspended organization's mediator = %v", err)
		}
		if cards, err := e.svc.OrgMediators(ctx, c.bz); err != nil || len(cards) != 0 {
			t.Errorf("OrgMediators of a suspended organization = %v, %v", cards, err)
		}
	})
}

// TestPublicMediator: the public page of a mediator, and NotFound for
// anyone not on the public roster.
func TestPublicMediator(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := seedCorpus(t, e)
		ctx := context.Background()
		got, err := e.svc.PublicMediator(ctx, c.id["张丽华"])
		if err != nil {
			t.Fatal(err)
		}
		want := &roster.PublicMediator{ID: c.id["张丽华"], Name: "张丽华", Gender: "female", Grade: 2, Background: "law",
			Specialties: []string{"marriage_family"}, Languages: []string{"mandarin", "chongming"},
			PracticeSince: 2010, Years: 16, Bio: "擅长婚姻家庭纠纷。",
			Orgs: []roster.OrgRef{{ID: c.cq, Name: "城桥镇人民调解委员会", Township: chengqiao, Position: roster.PositionFullTime}}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("PublicMediator (-want +got):\n%s", diff)
		}
		if unmasked.MatchString(fmt.Sprintf("%+v", got)) {
			t.Errorf("the public page shows personal data: %+v", got)
		}
		for _, name := range []string{"陈晓", "刘洋", "孙涛"} {
			if _, err := e.svc.PublicMediator(ctx, c.id[name]); !tiaojie.IsKind(err, tiaojie.NotFound) {
				t.Errorf("PublicMediator(%s) = %v, want not found", name, err)
			}
		}
		if _, err := e.svc.PublicMediator(ctx, 9999); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("PublicMediator(missing) = %v", err)
		}
	})
}

// TestOrgMediators: an organization's public page lists its public
// mediators, chief first.
func TestOrgMediators(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := seedCorpus(t, e)
		ctx := context.Background()
		chief := input("褚首席", c.cq)
		chief.Grade, chief.Orgs[0].Position = 4, roster.PositionChief
		id := e.create(t, chief)
		cards, err := e.svc.OrgMediators(ctx, c.cq)
		if err != nil {
			t.Fatal(err)
		}
		c.id["褚首席"] = id
		if diff := cmp.Diff([]string{"褚首席", "李建国", "张丽华", "张伟"}, c.names(cardIDs(cards))); diff != "" {
			t.Errorf("OrgMediators (-want +got):\n%s", diff)
		}
	})
}

// queryBoth seeds the corpus on both engines, so the parity test can
// compare their answers side by side.
func queryBoth(t *testing.T) (sqlite, postgres *env, cs, cp corpus) {
	t.Helper()
	sqlite, postgres = newEnv(t, dbtest.SQLite(t)), newEnv(t, dbtest.Postgres(t))
	return sqlite, postgres, seedCorpus(t, sqlite), seedCorpus(t, postgres)
}

// TestDirectoryParity: SQLite and PostgreSQL return the same mediators in
// the same order for every search, including names whose case and byte
// order differ between collations.
func TestDirectoryParity(t *testing.T) {
	sl, pg, cs, cp := queryBoth(t)
	ctx := context.Background()
	for _, x := range []*env{sl, pg} {
		for _, name := range []string{"alice 安", "Bob 安", "Émile 安", "émile 安", "安 ZHANG", "安安"} {
			in := input(name, map[*env]corpus{sl: cs, pg: cp}[x].cq)
			in.Grade = 3
			x.create(t, in)
		}
	}
	cases := directoryCases(cs)
	for _, q := range []string{"安", "émile", "zhang", "bob", "婚姻", "e"} {
		cases = append(cases, struct {
			name string
			q    roster.DirectoryQuery
			want []string
		}{name: q, q: roster.DirectoryQuery{Q: q}})
	}
	for _, tc := range cases {
		a, err := sl.svc.Directory(ctx, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		b, err := pg.svc.Directory(ctx, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(cardNames(a.Cards), cardNames(b.Cards)); diff != "" || a.Total != b.Total {
			t.Errorf("%s: engines differ (total %d vs %d) (-sqlite +postgres):\n%s", tc.name, a.Total, b.Total, diff)
		}
		if len(a.Cards) > 0 && fmt.Sprint(cardIDs(a.Cards)) != fmt.Sprint(cardIDs(b.Cards)) {
			t.Errorf("%s: ids differ: %v vs %v", tc.name, cardIDs(a.Cards), cardIDs(b.Cards))
		}
	}
	got, _ := sl.svc.Directory(ctx, roster.DirectoryQuery{Q: "安"})
	want := []string{"Bob 安", "alice 安", "Émile 安", "émile 安", "安 ZHANG", "安安"}
	if diff := cmp.Diff(want, cardNames(got.Cards)); diff != "" {
		t.Errorf("byte-wise name order (-want +got):\n%s", diff)
	}
}

// cardNames returns the names of cards in order.
func cardNames(cs []roster.Card) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

// TestDirectoryCap: a search counts at most MaxResults matches and pages
// no further.
func TestDirectoryCap(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		ctx := context.Background()
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for i := range roster.MaxResults + 5 {
				var id int64
				err := tx.QueryRowContext(ctx, `
					INSERT INTO mediators (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id`,
					fmt.Sprintf("调解员%04d", i), time.Now().UTC()).Scan(&id)
				if err != nil {
					return err
				}
				_, err = tx.ExecContext(ctx, `INSERT INTO mediator_orgs (mediator_id, org_id, joined_at) VALUES ($1, $2, $3)`, id, cq, time.Now().UTC())
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		page, err := e.svc.Directory(ctx, roster.DirectoryQuery{Offset: roster.MaxResults - 10, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != roster.MaxResults || !page.More || len(page.Cards) != 10 || page.Cards[9].Name != "调解员0999" {
			t.Errorf("near the cap: total %d, more %v, %d cards", page.Total, page.More, len(page.Cards))
		}
		page, _ = e.svc.Directory(ctx, roster.DirectoryQuery{Offset: roster.MaxResults})
		if len(page.Cards) != 0 {
			t.Errorf("past the cap: %d cards", len(page.Cards))
		}
	})
}
