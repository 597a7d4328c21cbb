package demo

import (
	"context"
	"fmt"
	"time"

	"tiaojie"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/stats"
)

// Statistics demo (SPEC C15): the disputes the district's organizations
// closed over the last two quarters before the platform, entered as the
// bureau's case ledger (台账) would be: family, neighbour, labour and other
// disputes in several townships, most settled and some terminated, each
// with its days from acceptance to the end. With the demo's own cases
// they give the dashboards something to show (the family disputes each
// township settled this quarter, and how fast); the rollup is then built.

// StatsDeps are what LoadStats works with.
type StatsDeps struct {
	DB       *db.DB
	Clock    clock.Clock
	District *tiaojie.District
	Stats    *stats.Service
}

// LoadStats writes the ledger cases and builds the rollup; it returns how
// many cases it wrote.
func LoadStats(ctx context.Context, d StatsDeps) (int, error) {
	now := d.Clock.Now().UTC()
	types := []string{"marriage_family", "marriage_family", "neighbour", "labour", "property_mgmt", "damages"}
	sources := []tiaojie.CaseSource{tiaojie.SourceDesk, tiaojie.SourceOnline, tiaojie.SourceReferral, tiaojie.SourceCourt}
	towns := d.District.Townships[:min(6, len(d.District.Townships))]
	n := 0
	err := d.DB.InTx(ctx, func(tx *db.Tx) error {
		for ti, t := range towns {
			var org any
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM orgs WHERE township = $1 AND status IN ('active', 'registered') ORDER BY id LIMIT 1`, t.Code).Scan(&id)
			if err == nil {
				org = id
			}
			for i := range 8 + 2*ti {
				// Spread over the last 170 days; every fifth is terminated.
				created := now.Add(-time.Duration(10+(i*37+ti*13)%160) * 24 * time.Hour)
				accepted := created.Add(24 * time.Hour)
				days := 3 + (i*7+ti*5)%40
				ended := accepted.Add(time.Duration(days) * 24 * time.Hour)
				if ended.After(now) {
					ended = now.Add(-time.Hour)
				}
				status, end, agreed := "archived", "agreement", any(ended)
				if i%5 == 4 {
					end, agreed = "far_apart", nil
				}
				n++
				var cid int64
				err := tx.QueryRowContext(ctx, `
					INSERT INTO cases (number, status, source, dispute_type, township, title, amount_fen, org_id, created_at,
					                   accepted_at, agreed_at, ended_at, end_reason, activity_at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12) RETURNING id`,
					fmt.Sprintf("TZ%d-%06d", created.Year(), n), status, string(sources[(i+ti)%len(sources)]), types[(i+ti)%len(types)],
					t.Code, "台账录入的已结纠纷", int64(200000+(i*ti%7)*150000), org, created, accepted, agreed, ended, end).Scan(&cid)
				if err != nil {
					return fmt.Errorf("ledger case: %w", err)
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO case_parties (case_id, side, kind, name, created_at) VALUES ($1, 'applicant', 'person', $2, $3)`,
					cid, "当事人"+fmt.Sprint(n), created); err != nil {
					return err
				}
				if end == "agreement" {
					if _, err := tx.ExecContext(ctx, `INSERT INTO case_agreements (case_id, version, oral, facts, issues, terms, performance, drafted_at, effective_at)
						VALUES ($1, 1, $2, '见卷宗', '见卷宗', '见卷宗', '当即履行', $3, $3)`, cid, i%4 == 1, ended); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	_, err = d.Stats.Refresh(ctx)
	return n, err
}
