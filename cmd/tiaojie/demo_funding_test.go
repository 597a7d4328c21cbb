package main

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"tiaojie/internal/db"
)

// TestDemoShowsFunding: after the README's demo start, the funding part is
// at work: donations and grants on organizations' pages, a published
// venture round with awards recorded as grants and a report, and an open
// round with applications.
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
}
