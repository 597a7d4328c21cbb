package experts_test

import (
	"context"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/experts"
	"tiaojie/internal/keys"
	"tiaojie/internal/route"
)

var start = time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)

type env struct {
	svc                    *experts.Service
	db                     *db.DB
	bureau, township       *tiaojie.Principal
	org, other             int64
	expertUser, mediatorID int64
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(start)
	e := &env{svc: experts.New(experts.Deps{DB: d, Audit: audit.New(m, c), Clock: c}), db: d}
	user := func(login string) int64 {
		var id int64
		if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, created_at, updated_at) VALUES ($1, $1, $2, $2) RETURNING id`,
			login, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.bureau = &tiaojie.Principal{UserID: user("bureau"), Name: "bureau", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleBureau}}}
	e.township = &tiaojie.Principal{UserID: user("cq"), Name: "cq", MFA: true,
		Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: "310151101"}}}
	e.expertUser = user("prof.zhang")
	org := func(name string) int64 {
		var id int64
		if err := d.Writer().QueryRow(`
			INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, created_at, updated_at)
			VALUES ($1, $1, 'basic', 'peoples_committee', 'township', '310151101', 'active', $2, $2) RETURNING id`,
			name, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.org, e.other = org("城桥镇人民调解委员会"), org("堡镇人民调解委员会")
	return e
}

func kind(err error) tiaojie.Kind { return tiaojie.ErrorKind(err) }

// TestTies: an expert is tied to an organization by a recorded tie or by
// serving on its roster, never judges one they are tied to, and an
// inactive expert judges nothing; only the bureau keeps the pool, and an
// expert may add ties but not remove them.
func TestTies(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		if _, err := e.svc.Create(ctx, e.township, experts.Input{Name: "张教授"}); kind(err) != tiaojie.Forbidden {
			t.Fatalf("a township office created an expert: %v", err)
		}
		if _, err := e.svc.Create(ctx, e.bureau, experts.Input{Name: " "}); kind(err) != tiaojie.Invalid {
			t.Fatalf("a nameless expert: %v", err)
		}
		id, err := e.svc.Create(ctx, e.bureau, experts.Input{Name: "张教授", Title: "法学教授", Employer: "华东政法大学",
			Fields: []string{"人民调解\n商事调解", "人民调解"}, UserID: e.expertUser})
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Get(ctx, e.bureau, id)
		if err != nil || len(got.Fields) != 2 || !got.Active {
			t.Fatalf("expert = %+v, %v", got, err)
		}
		orgAdmin := &tiaojie.Principal{UserID: e.bureau.UserID + 100, Name: "cq.admin", MFA: true,
			Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: e.org}}}
		if _, err := e.svc.Get(ctx, orgAdmin, id); kind(err) != tiaojie.NotFound {
			t.Errorf("an organization's admin read the expert: %v", err)
		}
		if _, err := e.svc.Get(ctx, e.township, id); err != nil {
			t.Errorf("a township office, which screens incubation applications, cannot read the expert: %v", err)
		}
		self := &tiaojie.Principal{UserID: e.expertUser, Name: "prof.zhang", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleExpert}}}
		if mine, err := e.svc.Mine(ctx, self); err != nil || mine.ID != id {
			t.Errorf("the expert's own record: %+v %v", mine, err)
		}
		if list, err := e.svc.List(ctx, e.bureau, experts.Filter{Q: "商事"}); err != nil || len(list) != 1 {
			t.Errorf("search by field: %v %v", list, err)
		}

		check := func(org int64) error {
			return experts.CheckUntied(ctx, d.Reader(), id, org)
		}
		if err := check(e.org); err != nil {
			t.Fatalf("an untied expert: %v", err)
		}
		// The expert declares a tie themself; they cannot remove it.
		if err := e.svc.DeclareTie(ctx, self, id, experts.Tie{OrgID: e.org, Kind: "cousin"}); kind(err) != tiaojie.Invalid {
			t.Errorf("an unknown kind of tie: %v", err)
		}
		if err := e.svc.DeclareTie(ctx, self, id, experts.Tie{OrgID: e.org, Kind: experts.TieAdviser}); err != nil {
			t.Fatal(err)
		}
		if err := check(e.org); kind(err) != tiaojie.Conflict || route.Args(err)["org"] != "城桥镇人民调解委员会" {
			t.Errorf("a tied expert: %v", err)
		}
		if err := e.svc.RemoveTie(ctx, self, id, e.org); kind(err) != tiaojie.Forbidden {
			t.Errorf("the expert removed their own tie: %v", err)
		}
		if err := e.svc.RemoveTie(ctx, e.bureau, id, e.org); err != nil {
			t.Fatal(err)
		}
		// Serving on an organization's roster ties the expert to it.
		var mediator int64
		if err := d.Writer().QueryRow(`INSERT INTO mediators (name, user_id, status, created_at, updated_at)
			VALUES ('张教授', $1, 'active', $2, $2) RETURNING id`, e.expertUser, start).Scan(&mediator); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Writer().Exec(`INSERT INTO mediator_orgs (mediator_id, org_id, joined_at) VALUES ($1, $2, $3)`,
			mediator, e.other, start); err != nil {
			t.Fatal(err)
		}
		if err := check(e.other); kind(err) != tiaojie.Conflict {
			t.Errorf("an expert on the organization's roster: %v", err)
		}
		if err := check(e.org); err != nil {
			t.Errorf("the tie removed: %v", err)
		}
		if err := e.svc.SetActive(ctx, e.bureau, id, false); err != nil {
			t.Fatal(err)
		}
		if err := check(e.org); kind(err) != tiaojie.Conflict || route.Code(err) != "expert.inactive" {
			t.Errorf("an inactive expert: %v", err)
		}
		var n int
		if err := d.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'expert' AND outcome = 'ok'`).Scan(&n); err != nil || n != 4 {
			t.Errorf("%d audited changes, want 4 (create, tie, untie, status): %v", n, err)
		}
	})
}
