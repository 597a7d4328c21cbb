package main

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"tiaojie/internal/db"
)

// TestDemoShowsProcurement: after the README's demo start, the public
// sees the civil affairs bureau's projects and the published award; the
// database holds a completed purchase from a four-star organization, its
// contract fully paid after a final evaluation, cases closed by the
// winner within the contract period, and a project open for bids.
func TestDemoShowsProcurement(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	base, _, stop := startServe(t, map[string]string{"TIAOJIE_DATABASE": path}, "--demo")
	resp, body := get(t, http.DefaultClient, base+"/procurement")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "民政局") || !strings.Contains(body, "报名中") || !strings.Contains(body, "已签约") {
		t.Errorf("GET /procurement: %d, want both demo projects", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), path, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for query, want := range map[string]int{
		`SELECT count(*) FROM agencies WHERE name LIKE '%民政局' AND kind = 'civil_affairs'`:                                        1,
		`SELECT count(*) FROM agency_members m JOIN users u ON u.id = m.user_id WHERE u.login = 'minzheng'`:                      1,
		`SELECT count(*) FROM procurement_projects WHERE status = 'published'`:                                                   1,
		`SELECT count(*) FROM procurement_contracts c JOIN orgs o ON o.id = c.org_id WHERE o.stars >= 4 AND c.final_grade <> ''`: 1,
		`SELECT count(*) FROM procurement_contracts c WHERE c.amount_fen = (SELECT SUM(amount_fen) FROM procurement_payments)`:   1,
		`SELECT count(*) FROM procurement_reports WHERE filed_at IS NULL`:                                                        0,
	} {
		var n int
		if err := d.Reader().QueryRow(query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		if n != want {
			t.Errorf("%s = %d, want %d", query, n, want)
		}
	}
	var closed int
	err = d.Reader().QueryRow(`SELECT count(*) FROM cases ca JOIN procurement_contracts c ON c.org_id = ca.org_id
		WHERE ca.end_reason <> '' AND ca.status NOT IN ('withdrawn', 'rejected')`).Scan(&closed)
	if err != nil || closed == 0 {
		t.Errorf("cases closed by the contracted organization: %d (%v), want some", closed, err)
	}
}
