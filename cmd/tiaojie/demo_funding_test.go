package main

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"tiaojie"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/funding"
)

// TestDemoShowsFunding: after the README's demo start, the funding part is
// at work: donations and grants on organizations' pages, a published
// venture round with awards recorded as grants, a report filed and one
// due within days, and an open round with applications.
func TestDemoShowsFunding(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	base, _, stop := startServe(t, map[string]string{"TIAOJIE_DATABASE": path}, "--demo")
	resp, body := get(t, http.DefaultClient, base+"/ventures")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "公益创投（第一期）") || !strings.Contains(body, "公益创投（第二期）") {
		t.Errorf("GET /ventures: %d, want both rounds", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), path, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for query, least := range map[string]int{
		`SELECT count(DISTINCT org_id) FROM fundings WHERE kind = 'donation'`: 3,
		`SELECT count(*) FROM fundings WHERE application_id IS NOT NULL`:      2,
		`SELECT count(*) FROM venture_rounds WHERE status = 'published'`:      1,
		`SELECT count(*) FROM venture_reports`:                                1,
		`SELECT count(*) FROM venture_scores`:                                 2,
		`SELECT count(*) FROM venture_applications a JOIN venture_rounds v ON v.id = a.round_id
			WHERE v.status = 'open'`: 2,
	} {
		var n int
		if err := d.Reader().QueryRow(query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		if n < least {
			t.Errorf("%s = %d, want at least %d", query, n, least)
		}
	}
	due, err := funding.New(funding.Deps{DB: d, Clock: clock.System{}}).DueReports(context.Background(), tiaojie.System())
	if err != nil || len(due) != 1 || !due[0].Soon() || due[0].Kind != tiaojie.VentureProgress {
		t.Errorf("venture reports due: %+v (%v), want one progress report due soon", due, err)
	}
}
