package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/stats"
)

// TestDemoShowsStatistics: after the README's demo start, the rollup
// holds family disputes settled in several townships, so the district
// dashboard answers "how many family disputes did each township settle
// this quarter, and how fast" with real lines.
func TestDemoShowsStatistics(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	_, _, stop := startServe(t, map[string]string{"TIAOJIE_DATABASE": path}, "--demo")
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), path, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var towns int
	if err := d.Reader().QueryRow(`SELECT COUNT(DISTINCT township) FROM stats_case_rollup
		WHERE basis = 'closed' AND dispute_type = 'marriage_family' AND outcome = 'agreement' AND days >= 0`).Scan(&towns); err != nil {
		t.Fatal(err)
	}
	if towns < 3 {
		t.Errorf("family disputes settled in %d townships of the rollup, want at least 3", towns)
	}

	// Procurement spend: the district's figures for the years of the demo
	// contract equal the sums of its rows.
	var first, last string
	var paid int64
	if err := d.Reader().QueryRow(`SELECT MIN(paid_on), MAX(paid_on), COALESCE(SUM(amount_fen), 0) FROM procurement_payments`).
		Scan(&first, &last, &paid); err != nil {
		t.Fatal(err)
	}
	if paid == 0 {
		t.Fatal("the demo made no procurement payment")
	}
	period, err := tiaojie.ParsePeriod("", first[:7], last[:7], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	svc := stats.New(stats.Deps{DB: d, Clock: clock.System{}})
	bureau := &tiaojie.Principal{UserID: 1, Name: "bureau", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleBureau}}}
	dash, err := svc.Dashboard(context.Background(), bureau, stats.Filter{Period: period})
	if err != nil {
		t.Fatal(err)
	}
	if dash.Procurement.PaidFen != paid {
		t.Errorf("dashboard procurement paid %d fen, the payments sum to %d", dash.Procurement.PaidFen, paid)
	}
}
