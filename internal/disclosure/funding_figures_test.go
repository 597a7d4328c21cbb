package disclosure_test

import (
	"context"
	"testing"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

// TestFundingFigures: an annual disclosure shows the donations and grants
// the platform recorded for the organization that year (funding, C11),
// frozen at filing: one recorded later does not change the filed version.
func TestFundingFigures(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		for _, f := range []struct {
			kind   string
			amount int64
			year   int
		}{{"grant", 3000000, 2025}, {"donation", 500000, 2025}, {"donation", 100, 2024}} {
			if _, err := d.Writer().Exec(`INSERT INTO fundings (org_id, kind, source, amount, received_on, year, purpose, created_at)
				VALUES ($1, $2, '区司法局', $3, '2025-06-01', $4, '建设', $5)`, e.a, f.kind, f.amount, f.year, start); err != nil {
				t.Fatal(err)
			}
		}
		id, err := e.svc.Start(ctx, e.adminA, e.a, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Save(ctx, e.adminA, id, full); err != nil {
			t.Fatal(err)
		}
		draft, err := e.svc.Get(ctx, e.adminA, id)
		if err != nil || draft.Cases.Donations != 500000 || draft.Cases.Grants != 3000000 {
			t.Fatalf("draft figures %+v (%v)", draft.Cases, err)
		}
		if err := e.svc.File(ctx, e.adminA, id); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Writer().Exec(`INSERT INTO fundings (org_id, kind, source, amount, received_on, year, purpose, created_at)
			VALUES ($1, 'grant', '区司法局', 999, '2025-12-01', 2025, '补录', $2)`, e.a, start); err != nil {
			t.Fatal(err)
		}
		filed, err := e.svc.Get(ctx, e.public, id)
		if err != nil || filed.Status != tiaojie.DisclosureFiled || filed.Cases.Grants != 3000000 || filed.Cases.Donations != 500000 {
			t.Errorf("filed figures %+v (%v)", filed.Cases, err)
		}
	})
}
