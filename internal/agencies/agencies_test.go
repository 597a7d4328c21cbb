package agencies_test

import (
	"context"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/agencies"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/keys"
	"tiaojie/internal/route"
)

var start = time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC)

func code(err error) string {
	if err == nil {
		return ""
	}
	if fs := route.Fields(err); len(fs) > 0 {
		return fs[0].Field + ":" + fs[0].Code
	}
	return tiaojie.ErrorKind(err).String() + " " + route.Code(err)
}

// user inserts an account holding grant g and returns it as a principal.
func user(t *testing.T, d *db.DB, login string, g tiaojie.Grant) *tiaojie.Principal {
	t.Helper()
	var id int64
	if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, created_at, updated_at) VALUES ($1, $1, $2, $2) RETURNING id`,
		login, start).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Writer().Exec(`INSERT INTO user_roles (user_id, role, township_code, org_id, granted_at) VALUES ($1, $2, $3, $4, $5)`,
		id, g.Role, g.Township, g.OrgID, start); err != nil {
		t.Fatal(err)
	}
	return &tiaojie.Principal{UserID: id, Name: login, MFA: true, Grants: []tiaojie.Grant{g}}
}

// TestAgencies registers agencies, ties partner accounts to them and
// checks who may do it, the refusals and that each leaves nothing behind.
func TestAgencies(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		m, _, err := keys.Generate()
		if err != nil {
			t.Fatal(err)
		}
		c := clock.NewFake(start)
		svc := agencies.New(agencies.Deps{DB: d, Audit: audit.New(m, c), Clock: c})
		bureau := user(t, d, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
		town := user(t, d, "town", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: "310151101"})
		court := user(t, d, "court", tiaojie.Grant{Role: tiaojie.RolePartner})

		in := tiaojie.AgencyInput{Name: " 崇明区人民法院 ", Kind: tiaojie.AgencyCourt, Contact: "立案庭 张三"}
		if _, err := svc.Create(ctx, town, in); code(err) != "forbidden error.forbidden" {
			t.Fatalf("township creates an agency: %v", err)
		}
		id, err := svc.Create(ctx, bureau, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			in   tiaojie.AgencyInput
			want string
		}{
			{tiaojie.AgencyInput{Name: "崇明区人民法院", Kind: tiaojie.AgencyCourt}, "name:agency.name_taken"},
			{tiaojie.AgencyInput{Name: "  ", Kind: tiaojie.AgencyCourt}, "name:agency.name"},
			{tiaojie.AgencyInput{Name: "区妇联", Kind: "ministry"}, "kind:agency.kind"},
		} {
			if _, err := svc.Create(ctx, bureau, tc.in); code(err) != tc.want {
				t.Errorf("Create(%+v) = %q, want %q", tc.in, code(err), tc.want)
			}
		}
		if err := svc.AddMember(ctx, bureau, id, town.UserID); code(err) != "user_id:agency.member_not_partner" {
			t.Fatalf("a township account joins an agency: %v", err)
		}
		if ok, _ := svc.ActsFor(ctx, court, id); ok {
			t.Fatal("acts for an agency before being tied to it")
		}
		if err := svc.AddMember(ctx, bureau, id, court.UserID); err != nil {
			t.Fatal(err)
		}
		if err := svc.AddMember(ctx, bureau, id, court.UserID); code(err) != "conflict agency.member_already" {
			t.Fatalf("tied twice: %v", err)
		}
		if ok, _ := svc.ActsFor(ctx, court, id); !ok {
			t.Fatal("the tied partner does not act for the agency")
		}
		list, err := svc.List(ctx, town)
		if err != nil || len(list) != 1 || list[0].Name != "崇明区人民法院" || list[0].Members != 1 {
			t.Fatalf("List = %+v, %v", list, err)
		}
		if _, err := svc.List(ctx, tiaojie.Anonymous()); err == nil {
			t.Fatal("the public lists agencies")
		}
		a, ms, err := svc.Get(ctx, bureau, id)
		if err != nil || a.Kind != tiaojie.AgencyCourt || len(ms) != 1 || ms[0].Login != "court" {
			t.Fatalf("Get = %+v %+v, %v", a, ms, err)
		}
		// Retired, the agency no longer counts for its members.
		if err := svc.Update(ctx, bureau, id, tiaojie.AgencyInput{Name: "崇明区人民法院", Kind: tiaojie.AgencyCourt}, false); err != nil {
			t.Fatal(err)
		}
		if of, _ := svc.OfUser(ctx, court.UserID); len(of) != 0 {
			t.Fatalf("a retired agency still listed for its member: %+v", of)
		}
		if err := svc.RemoveMember(ctx, bureau, id, court.UserID); err != nil {
			t.Fatal(err)
		}
		if err := svc.RemoveMember(ctx, bureau, id, court.UserID); code(err) != "not_found error.not_found" {
			t.Fatalf("removed twice: %v", err)
		}
		var n int
		if err := d.Reader().QueryRow(`SELECT count(*) FROM audit_log WHERE object_type = 'agency' AND outcome = 'ok'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 4 {
			t.Errorf("audited changes = %d, want 4 (create, member add, update, member remove)", n)
		}
	})
}
