package stats_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/keys"
	"tiaojie/internal/pii"
	"tiaojie/internal/scale"
	"tiaojie/internal/stats"
)

// BenchmarkDashboard measures the district dashboard of a quarter and of
// a year, read from the rollup, over a dataset made by internal/scale
// (TIAOJIE_BENCH_SCALE of the city's two million cases; 0.01 by default,
// 20,000 cases). It reports the cases in the dataset, the rollup rows, and
// how long building the rollup from scratch took. The dashboard's
// one-minute cache is passed by each iteration.
//
//	TIAOJIE_BENCH_SCALE=0.05 go test ./internal/stats -run '^$' -bench Dashboard -benchtime 20x
func BenchmarkDashboard(b *testing.B) {
	factor := 0.01
	if v := os.Getenv("TIAOJIE_BENCH_SCALE"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			b.Fatal(err)
		}
		factor = f
	}
	d := dbtest.SQLite(b)
	svc, clk, n := benchData(b, d, factor)
	ctx := context.Background()
	start := time.Now()
	if _, err := svc.Refresh(ctx); err != nil {
		b.Fatal(err)
	}
	build := time.Since(start)
	var rows int
	if err := d.Reader().QueryRow(`SELECT COUNT(*) FROM stats_case_rollup`).Scan(&rows); err != nil {
		b.Fatal(err)
	}
	// The bureau reads the district lines; an organization's admin reads
	// its own rows of the rollup (the busiest organization's here).
	var busiest int64
	if err := d.Reader().QueryRow(`SELECT org_id FROM cases WHERE org_id IS NOT NULL GROUP BY org_id ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&busiest); err != nil {
		b.Fatal(err)
	}
	readers := []struct {
		name string
		p    *tiaojie.Principal
	}{
		{"", &tiaojie.Principal{UserID: 1, Name: "bureau", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleBureau}}}},
		{"org-", &tiaojie.Principal{UserID: 2, Name: "admin", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: busiest}}}},
	}
	for _, r := range readers {
		for _, period := range []string{"2026-Q3", "2026"} {
			benchDashboard(b, svc, clk, r.name+period, r.p, period, n, rows, build)
		}
	}
}

// benchDashboard measures p's dashboard of period, every read past the
// cache.
func benchDashboard(b *testing.B, svc *stats.Service, clk *clock.Fake, name string, p *tiaojie.Principal, period string, n, rows int, build time.Duration) {
	ctx := context.Background()
	f, err := svc.ParseFilter(period, "", "", "")
	if err != nil {
		b.Fatal(err)
	}
	b.Run(name, func(b *testing.B) {
		for b.Loop() {
			clk.Advance(time.Minute) // past the cache: every read is from the rollup
			if _, err := svc.Dashboard(ctx, p, f); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n), "cases")
		b.ReportMetric(float64(rows), "rollup-rows")
		b.ReportMetric(build.Seconds(), "build-s")
	})
}

func benchData(b *testing.B, d *db.DB, factor float64) (*stats.Service, *clock.Fake, int) {
	b.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		b.Fatal(err)
	}
	dist, err := district.Default()
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	township := dist.Townships[0]
	h := scale.Home{OrgName: township.Name + "人民调解委员会", MediatorName: "黄洁", Township: township.Code}
	w := d.Writer()
	if err := w.QueryRow(`INSERT INTO users (login, display_name, created_at, updated_at) VALUES ('tjmediator', '黄洁', $1, $1) RETURNING id`,
		at).Scan(&h.UserID); err != nil {
		b.Fatal(err)
	}
	if err := w.QueryRow(`INSERT INTO orgs (name, type, legal_form, level, township, status, created_at, updated_at)
		VALUES ($1, 'basic', 'peoples_committee', 'township', $2, 'active', $3, $3) RETURNING id`, h.OrgName, h.Township, at).Scan(&h.OrgID); err != nil {
		b.Fatal(err)
	}
	if err := w.QueryRow(`INSERT INTO mediators (name, gender, status, user_id, created_at, updated_at) VALUES ($1, 'female', 'active', $2, $3, $3) RETURNING id`,
		h.MediatorName, h.UserID, at).Scan(&h.MediatorID); err != nil {
		b.Fatal(err)
	}
	rep, err := scale.Generate(context.Background(), d, scale.Options{Factor: factor, Seed: 1, Now: at, District: dist,
		Sealer: pii.NewSealer(m), Calendar: tiaojie.NewCalendar(nil), Policy: tiaojie.DefaultPolicy(), Home: h})
	if err != nil {
		b.Fatal(err)
	}
	c := clock.NewFake(at)
	return stats.New(stats.Deps{DB: d, Audit: audit.New(m, c), Clock: c, District: dist}), c, rep.Cases
}
