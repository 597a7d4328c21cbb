package main

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"tiaojie/internal/db"
)

// TestDemoShowsSupervision: after the README's demo start, every part of
// growing and supervising organizations is at work in the demo data, as a
// newcomer opening the pages should find it: a published recruitment call
// and applications at many stages with one graduated into the registry, a
// finished rating round scored by experts with stars in the directory,
// inspections closed and overdue, complaints in several states, sanctions
// and rewards on the public record, disclosures filed on time and late with
// an organization marked 活动异常.
func TestDemoShowsSupervision(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	base, _, stop := startServe(t, map[string]string{"TIAOJIE_DATABASE": path}, "--demo")
	for page, want := range map[string]string{
		"/incubation": "招募", "/ratings": "星级", "/directory": "星级", "/association/members": "会员",
	} {
		resp, body := get(t, http.DefaultClient, base+page)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d, want a page with %q", page, resp.StatusCode, want)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	d, err := db.Open(context.Background(), path, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	count := func(query string) int {
		t.Helper()
		var n int
		if err := d.Reader().QueryRow(query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	for query, least := range map[string]int{
		`SELECT count(*) FROM incubation_calls WHERE status = 'open'`:                                    1,
		`SELECT count(DISTINCT status) FROM incubation_applications`:                                     4,
		`SELECT count(*) FROM incubation_applications WHERE status = 'graduated' AND org_id IS NOT NULL`: 1,
		`SELECT count(*) FROM incubation_reports`:                                                        1,
		`SELECT count(*) FROM rating_rounds WHERE status = 'final'`:                                      1,
		`SELECT count(DISTINCT expert_id) FROM rating_assignments WHERE submitted_at IS NOT NULL`:        2,
		`SELECT count(*) FROM org_star_history`:                                                          3,
		`SELECT count(*) FROM inspections WHERE status = 'closed'`:                                       1,
		`SELECT count(*) FROM inspections WHERE status = 'rectifying' AND overdue_at IS NOT NULL`:        1,
		`SELECT count(DISTINCT status) FROM complaints`:                                                  3,
		`SELECT count(*) FROM complaints WHERE status IN ('answered', 'closed') AND outcome = 'upheld'`:  1,
		`SELECT count(DISTINCT kind) FROM org_sanctions`:                                                 3,
		`SELECT count(*) FROM disclosures WHERE status = 'filed' AND filed_at <= due_at`:                 1,
		`SELECT count(*) FROM disclosures WHERE status = 'filed' AND filed_at > due_at`:                  1,
		`SELECT count(*) FROM orgs WHERE abnormal_since IS NOT NULL`:                                     1,
		`SELECT count(*) FROM association_members`:                                                       1,
		// The rollout plan (C14): every batch chosen, manual tasks ticked with evidence.
		`SELECT count(*) FROM plan_pilots`:                                           18,
		`SELECT count(*) FROM plan_tasks WHERE done = TRUE AND file_key IS NOT NULL`: 2,
	} {
		if n := count(query); n < least {
			t.Errorf("%s = %d, want at least %d", query, n, least)
		}
	}
}
