package demo_test

import (
	"context"
	"testing"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/demo"
	"tiaojie/internal/supervision"
)

// TestLoadSupervision: on the demo district, the supervision demo leaves
// one inspection closed after rectification (the committee back to 正常),
// one open and flagged overdue (its organization 整改), last year's
// evaluations with some missing, and a warning, a downgrade and a reward.
func TestLoadSupervision(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		dist := defaultDistrict(t)
		e := newEnv(t, d, dist)
		ctx := context.Background()
		sum, err := demo.Load(ctx, e.deps)
		if err != nil {
			t.Fatal(err)
		}
		svc := supervision.New(supervision.Deps{DB: d, Audit: e.audit, Files: nil, Clock: e.deps.Clock,
			Registry: e.deps.Registry, Roster: e.deps.Roster})
		user := func(login string, g tiaojie.Grant) *tiaojie.Principal {
			var id int64
			if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, created_at, updated_at) VALUES ($1, $1, $2, $2) RETURNING id`,
				login, start).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return &tiaojie.Principal{UserID: id, Name: login, MFA: true, Grants: []tiaojie.Grant{g}}
		}
		deps := demo.SupervisionDeps{Supervision: svc, Committee: sum.Committee, BureauName: dist.Bureau.Name, Clock: e.deps.Clock,
			Bureau:   user("bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}),
			Township: user("township", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: dist.Townships[0].Code}),
			OrgAdmin: user("tjadmin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: sum.Committee})}
		if _, err := demo.LoadSupervision(ctx, deps); err != nil {
			t.Fatal(err)
		}
		list, err := svc.List(ctx, deps.Bureau, supervision.Filter{})
		if err != nil || len(list) != 2 {
			t.Fatalf("inspections %+v, %v", list, err)
		}
		closed, overdue := list[0], list[1]
		if closed.Status != tiaojie.InspectionClosed || overdue.Status != tiaojie.InspectionRectifying || !overdue.Overdue {
			t.Errorf("closed %+v\noverdue %+v", closed, overdue)
		}
		var flagged int
		if err := d.Reader().QueryRow(`SELECT count(*) FROM inspections WHERE overdue_at IS NOT NULL`).Scan(&flagged); err != nil || flagged != 1 {
			t.Errorf("%d flagged, %v", flagged, err)
		}
		year := start.In(tiaojie.Beijing()).Year() - 1
		evs, err := svc.Evaluations(ctx, deps.Bureau, year, "")
		missing := 0
		for _, e := range evs {
			if e.Missing {
				missing++
			}
		}
		if err != nil || missing == 0 || missing == len(evs) {
			t.Errorf("evaluations: %d of %d missing, %v", missing, len(evs), err)
		}
		rec, err := svc.Sanctions(ctx, deps.Bureau, supervision.SanctionFilter{})
		kinds := map[tiaojie.SanctionKind]int{}
		for _, x := range rec {
			kinds[x.Kind]++
		}
		if err != nil || kinds[tiaojie.SanctionWarning] != 1 || kinds[tiaojie.SanctionDowngrade] != 1 || kinds[tiaojie.Reward] != 1 || kinds[tiaojie.SanctionRectify] != 2 {
			t.Errorf("sanctions %v, %v", kinds, err)
		}
		if ok, err := e.audit.Verify(ctx, d); err != nil || !ok.OK() {
			t.Errorf("audit chain: %+v, %v", ok, err)
		}
	})
}
