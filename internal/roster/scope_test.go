package roster_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/roster"
)

// TestScope: each staff role reaches exactly its part of the roster, and
// refusals for want of permission are audited.
func TestScope(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		cq2 := e.org(t, "城桥镇物业纠纷人民调解委员会", chengqiao, tiaojie.StatusActive)
		bz := e.org(t, "堡镇人民调解委员会", baozhen, tiaojie.StatusActive)

		if _, err := e.svc.Create(ctx, orgAdmin(cq), input("越权者", bz)); kindCode(err) != "forbidden mediator.org_out_of_scope" {
			t.Errorf("org admin creating for another organization = %v", err)
		}
		if _, err := e.svc.Create(ctx, orgAdmin(cq), input("越权者", cq, bz)); kindCode(err) != "forbidden mediator.org_out_of_scope" {
			t.Errorf("org admin naming another organization beside its own = %v", err)
		}
		if _, err := e.svc.Create(ctx, bzOffice, input("越权者", cq)); kindCode(err) != "forbidden mediator.org_out_of_scope" {
			t.Errorf("township office creating for another township = %v", err)
		}
		for _, p := range []*tiaojie.Principal{association, mediatorUser(cq), public, tiaojie.Anonymous()} {
			if _, err := e.svc.Create(ctx, p, input("越权者", cq)); kindCode(err) != "forbidden error.forbidden" {
				t.Errorf("%s creating = %v", p.Name, err)
			}
		}
		if n := e.count(t, `SELECT count(*) FROM mediators`); n != 0 {
			t.Fatalf("refused creations wrote %d mediators", n)
		}
		if got := len(e.auditRows(t, "mediator.create")); got != 7 {
			t.Errorf("%d audit rows for refused creations, want 7", got)
		}

		a, err := e.svc.Create(ctx, orgAdmin(cq), input("城桥甲", cq))
		if err != nil {
			t.Fatal(err)
		}
		b, err := e.svc.Create(ctx, cqOffice, input("城桥乙", cq2))
		if err != nil {
			t.Fatal(err)
		}
		c := e.create(t, input("堡镇丙", bz))

		for _, tc := range []struct {
			p    *tiaojie.Principal
			want []int64
		}{
			{bureau, ids(a, b, c)},
			{association, ids(a, b, c)},
			{cqOffice, ids(a, b)},
			{bzOffice, ids(c)},
			{orgAdmin(cq), ids(a)},
			{mediatorUser(bz), ids(c)},
		} {
			ms, total, err := e.svc.List(ctx, tc.p, roster.StaffFilter{})
			if err != nil {
				t.Fatal(err)
			}
			got := make([]int64, 0, len(ms))
			for _, m := range ms {
				got = append(got, m.ID)
			}
			if diff := cmp.Diff(tc.want, got, sortIDs); diff != "" || total != len(tc.want) {
				t.Errorf("%s List (total %d) (-want +got):\n%s", tc.p.Name, total, diff)
			}
			for _, id := range ids(a, b, c) {
				_, err := e.svc.Get(ctx, tc.p, id)
				if in := slices.Contains(tc.want, id); in != (err == nil) || (!in && !tiaojie.IsKind(err, tiaojie.NotFound)) {
					t.Errorf("%s Get(%d) = %v", tc.p.Name, id, err)
				}
			}
		}
		if _, err := e.svc.Get(ctx, public, a); kindCode(err) != "forbidden error.forbidden" {
			t.Errorf("public Get = %v", err)
		}
		if _, _, err := e.svc.List(ctx, public, roster.StaffFilter{}); kindCode(err) != "forbidden error.forbidden" {
			t.Errorf("public List = %v", err)
		}
		if err := e.svc.Update(ctx, bzOffice, a, input("城桥甲", cq), 1); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("堡镇 office editing a 城桥镇 mediator = %v, want not found", err)
		}
		if err := e.svc.Update(ctx, orgAdmin(cq), b, input("城桥乙", cq2), 1); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("org admin editing another organization's mediator = %v, want not found", err)
		}
		if err := e.svc.Update(ctx, mediatorUser(cq), a, input("城桥甲", cq), 1); kindCode(err) != "forbidden error.forbidden" {
			t.Errorf("mediator editing = %v", err)
		}
	})
}

// TestScopePerGrant: scope counts only grants that confer the permission.
// A user who mediates for a 城桥镇 organization and runs the 堡镇 office
// edits 堡镇's roster, not that organization's.
func TestScopePerGrant(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		bz := e.org(t, "堡镇人民调解委员会", baozhen, tiaojie.StatusActive)
		a := e.create(t, input("城桥甲", cq))
		c := e.create(t, input("堡镇丙", bz))
		both := &tiaojie.Principal{UserID: 9, Name: "both", MFA: true, Grants: []tiaojie.Grant{
			{Role: tiaojie.RoleMediator, OrgID: cq}, {Role: tiaojie.RoleTownship, Township: baozhen}}}
		if _, err := e.svc.Get(ctx, both, a); err != nil {
			t.Errorf("reading through the mediator grant: %v", err)
		}
		if err := e.svc.Update(ctx, both, a, input("城桥甲", cq), 1); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("editing through the mediator grant = %v, want not found", err)
		}
		if err := e.svc.Update(ctx, both, c, input("堡镇丙", bz), 1); err != nil {
			t.Errorf("editing through the township grant: %v", err)
		}
		if _, err := e.svc.Create(ctx, both, input("新人", cq)); kindCode(err) != "forbidden mediator.org_out_of_scope" {
			t.Errorf("creating through the mediator grant = %v", err)
		}
	})
}

// TestMemberships: a mediator may serve several organizations; an
// organization admin changes only its own organization's membership and
// leaves the others as they are.
func TestMemberships(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		bz := e.org(t, "堡镇人民调解委员会", baozhen, tiaojie.StatusActive)
		other := e.org(t, "城桥镇商会调解中心", chengqiao, tiaojie.StatusActive)
		in := input("陈伟", cq, bz)
		in.Orgs[1].Position = roster.PositionChief
		id := e.create(t, in)

		positions := func() map[int64]roster.Position {
			t.Helper()
			m, err := e.svc.Get(ctx, bureau, id)
			if err != nil {
				t.Fatal(err)
			}
			out := map[int64]roster.Position{}
			for _, o := range m.Orgs {
				out[o.OrgID] = o.Position
			}
			return out
		}
		if diff := cmp.Diff(map[int64]roster.Position{cq: roster.PositionPartTime, bz: roster.PositionChief}, positions()); diff != "" {
			t.Errorf("created (-want +got):\n%s", diff)
		}
		// The 城桥镇 admin promotes the mediator and, not seeing 堡镇, sends
		// 堡镇 with a wrong position: it is kept as it was.
		edit := input("陈伟", cq, bz)
		edit.Orgs[0].Position = roster.PositionFullTime
		if err := e.svc.Update(ctx, orgAdmin(cq), id, edit, 1); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[int64]roster.Position{cq: roster.PositionFullTime, bz: roster.PositionChief}, positions()); diff != "" {
			t.Errorf("after the org admin's edit (-want +got):\n%s", diff)
		}
		// Leaving 堡镇 out changes nothing there either.
		if err := e.svc.Update(ctx, orgAdmin(cq), id, input("陈伟", cq), 2); err != nil {
			t.Fatal(err)
		}
		if got := positions(); len(got) != 2 {
			t.Errorf("the org admin removed another organization's membership: %v", got)
		}
		if err := e.svc.Update(ctx, orgAdmin(cq), id, input("陈伟", cq, other), 3); kindCode(err) != "forbidden mediator.org_out_of_scope" {
			t.Errorf("org admin adding another organization = %v", err)
		}
		// The 城桥镇 admin removes the mediator from its organization; 堡镇
		// keeps them, and the admin no longer sees them.
		if err := e.svc.Update(ctx, orgAdmin(cq), id, input("陈伟", bz), 3); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[int64]roster.Position{bz: roster.PositionChief}, positions()); diff != "" {
			t.Errorf("after leaving (-want +got):\n%s", diff)
		}
		if _, err := e.svc.Get(ctx, orgAdmin(cq), id); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("the former organization's admin still sees the mediator: %v", err)
		}
		if err := e.svc.Assignable(ctx, id, cq); kindCode(err) != "conflict mediator.not_member" {
			t.Errorf("Assignable to the former organization = %v", err)
		}
		if n := e.count(t, `SELECT count(*) FROM mediator_orgs WHERE mediator_id = $1 AND org_id = $2 AND left_at IS NOT NULL`, id, cq); n != 1 {
			t.Errorf("the ended membership is not kept as history")
		}
		// The bureau brings them back: the membership resumes.
		e.clock.Advance(24 * time.Hour)
		if err := e.svc.Update(ctx, bureau, id, input("陈伟", cq, bz), 4); err != nil {
			t.Fatal(err)
		}
		m, _ := e.svc.Get(ctx, bureau, id)
		for _, o := range m.Orgs {
			if o.OrgID == cq && !o.JoinedAt.Equal(e.clock.Now()) {
				t.Errorf("resumed membership joined at %v, want %v", o.JoinedAt, e.clock.Now())
			}
			if o.OrgID == bz && o.Position != roster.PositionPartTime {
				t.Errorf("the bureau's edit did not set the 堡镇 position: %v", o.Position)
			}
		}
		if err := e.svc.Assignable(ctx, id, cq); err != nil {
			t.Errorf("Assignable after rejoining: %v", err)
		}
	})
}

// sortIDs compares id lists regardless of order.
var sortIDs = cmpopts.SortSlices(func(a, b int64) bool { return a < b })
