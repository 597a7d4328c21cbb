package association_test

import (
	"context"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/association"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/keys"
	"tiaojie/internal/route"
)

var start = time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)

type env struct {
	svc                                 *association.Service
	assoc, bureau, cq, bz, admin, other *tiaojie.Principal
	com, com2, prep                     int64
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(start)
	e := &env{svc: association.New(association.Deps{DB: d, Audit: audit.New(m, c), Clock: c})}
	n := int64(0)
	user := func(g tiaojie.Grant) *tiaojie.Principal {
		n++
		var id int64
		if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, created_at, updated_at) VALUES ($1, $1, $2, $2) RETURNING id`,
			string(g.Role)+itoa(n), start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return &tiaojie.Principal{UserID: id, Name: string(g.Role), MFA: true, Grants: []tiaojie.Grant{g}}
	}
	org := func(name, township, status string) int64 {
		var id int64
		if err := d.Writer().QueryRow(`
			INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, created_at, updated_at)
			VALUES ($1, $1, 'commercial', 'company', 'township', $2, $3, $4, $4) RETURNING id`,
			name, township, status, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.com, e.com2, e.prep = org("崇明商事调解中心", "310151101", "active"), org("长兴商事调解有限公司", "310151102", "active"),
		org("筹建中的商事调解", "310151101", "preparing")
	e.assoc = user(tiaojie.Grant{Role: tiaojie.RoleAssociation})
	e.bureau = user(tiaojie.Grant{Role: tiaojie.RoleBureau})
	e.cq = user(tiaojie.Grant{Role: tiaojie.RoleTownship, Township: "310151101"})
	e.bz = user(tiaojie.Grant{Role: tiaojie.RoleTownship, Township: "310151102"})
	e.admin = user(tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.com})
	e.other = user(tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.com2})
	return e
}

func itoa(n int64) string { return time.Duration(n).String() }

func code(err error) string {
	if err == nil {
		return ""
	}
	if fs := route.Fields(err); len(fs) > 0 {
		return fs[0].Field + ":" + fs[0].Code
	}
	return tiaojie.ErrorKind(err).String() + " " + route.Code(err)
}

// TestMembership walks an application through decline, a new
// application, admission and the measures, with who may do what.
func TestMembership(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		for _, tc := range []struct {
			name string
			err  error
			want string
		}{
			{"another organization's admin applies", e.svc.Apply(ctx, e.other, e.com, "申请入会"), "forbidden association.admin_only"},
			{"the association applies for it", e.svc.Apply(ctx, e.assoc, e.com, "申请入会"), "forbidden association.admin_only"},
			{"no statement", e.svc.Apply(ctx, e.admin, e.com, " "), "statement:association.statement"},
			{"admit before applying", e.svc.Decide(ctx, e.assoc, e.com, tiaojie.MemberAdmit, ""), "not_found error.not_found"},
			{"apply", e.svc.Apply(ctx, e.admin, e.com, "本中心申请加入调解行业协会"), ""},
			{"apply twice", e.svc.Apply(ctx, e.admin, e.com, "再次申请"), "conflict association.bad_transition"},
			{"the bureau admits", e.svc.Decide(ctx, e.bureau, e.com, tiaojie.MemberAdmit, ""), "forbidden error.forbidden"},
			{"decline without reason", e.svc.Decide(ctx, e.assoc, e.com, tiaojie.MemberDecline, ""), "reason:association.reason_required"},
			{"decline", e.svc.Decide(ctx, e.assoc, e.com, tiaojie.MemberDecline, "材料不全"), ""},
			{"apply again", e.svc.Apply(ctx, e.admin, e.com, "补充材料后再次申请"), ""},
			{"admit", e.svc.Decide(ctx, e.assoc, e.com, tiaojie.MemberAdmit, ""), ""},
			{"suspend by decision", e.svc.Decide(ctx, e.assoc, e.com, tiaojie.MemberSuspend, "x"), "invalid association.unknown_action"},
		} {
			if got := code(tc.err); got != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
			}
		}
		m, err := e.svc.Get(ctx, e.admin, e.com)
		if err != nil || m.Status != tiaojie.MemberActive || m.MemberSince != "2026-11-30" {
			t.Fatalf("membership %+v, %v", m, err)
		}
		measure := func(p *tiaojie.Principal, k tiaojie.MeasureKind, reason string, on time.Time) string {
			_, err := e.svc.RecordMeasure(ctx, p, e.com, association.MeasureInput{Kind: k, Reason: reason, DecidedOn: on})
			return code(err)
		}
		for _, tc := range []struct {
			name string
			got  string
			want string
		}{
			{"the organization disciplines itself", measure(e.admin, tiaojie.MeasureTalk, "x", time.Time{}), "forbidden error.forbidden"},
			{"no reason", measure(e.assoc, tiaojie.MeasureTalk, "", time.Time{}), "reason:association.reason_required"},
			{"unknown measure", measure(e.assoc, "fine", "x", time.Time{}), "kind:association.measure_kind"},
			{"in the future", measure(e.assoc, tiaojie.MeasureTalk, "x", start.AddDate(0, 0, 2)), "decided_on:association.future_date"},
			{"talk", measure(e.assoc, tiaojie.MeasureTalk, "收费公示不规范", time.Time{}), ""},
			{"suspend", measure(e.assoc, tiaojie.MeasureSuspend, "违规收费", time.Time{}), ""},
			{"suspend again", measure(e.assoc, tiaojie.MeasureSuspend, "违规收费", time.Time{}), "conflict association.bad_transition"},
			{"non-member", func() string {
				_, err := e.svc.RecordMeasure(ctx, e.assoc, e.com2, association.MeasureInput{Kind: tiaojie.MeasureTalk, Reason: "x"})
				return code(err)
			}(), "conflict association.not_member"},
		} {
			if tc.got != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
			}
		}
		m, _ = e.svc.Get(ctx, e.cq, e.com)
		if m.Status != tiaojie.MemberSuspended || len(m.Measures) != 2 || m.Reason != "违规收费" {
			t.Errorf("after the measures: %+v", m)
		}
		reg, err := e.svc.Register(ctx)
		if err != nil || len(reg) != 1 || reg[0].Status != tiaojie.MemberSuspended || reg[0].Reason != "" || reg[0].Statement != "" {
			t.Errorf("register %+v, %v", reg, err)
		}
		if err := e.svc.Decide(ctx, e.assoc, e.com, tiaojie.MemberReinstate, ""); err != nil {
			t.Fatal(err)
		}
		if got := measure(e.assoc, tiaojie.MeasureCancel, "屡教不改", time.Time{}); got != "" {
			t.Fatal(got)
		}
		if reg, _ := e.svc.Register(ctx); len(reg) != 0 {
			t.Errorf("a cancelled member is listed: %+v", reg)
		}
		// Readers.
		if _, err := e.svc.Get(ctx, e.bz, e.com); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("another township reads: %v", err)
		}
		if _, err := e.svc.Get(ctx, e.other, e.com); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("another organization reads: %v", err)
		}
		if m, err := e.svc.Get(ctx, e.other, e.com2); err != nil || m.Status != tiaojie.MemberNone {
			t.Errorf("never applied: %+v, %v", m, err)
		}
		if _, err := e.svc.List(ctx, e.bureau, association.Filter{}); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("the bureau lists applications: %v", err)
		}
		if err := e.svc.Apply(ctx, e.admin, e.prep, "x"); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("admin of another organization: %v", err)
		}
		list, err := e.svc.List(ctx, e.assoc, association.Filter{Status: tiaojie.MemberCancelled})
		if err != nil || len(list) != 1 {
			t.Errorf("cancelled: %+v, %v", list, err)
		}
	})
}

// TestApplyNeedsServingOrg: an organization in preparation cannot join.
func TestApplyNeedsServingOrg(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		prepAdmin := &tiaojie.Principal{UserID: e.admin.UserID, Name: "prep", MFA: true,
			Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: e.prep}}}
		if err := e.svc.Apply(context.Background(), prepAdmin, e.prep, "申请"); code(err) != "conflict association.org_not_serving" {
			t.Errorf("got %q", code(err))
		}
	})
}
