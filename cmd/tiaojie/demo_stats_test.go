package main

import (
	"context"
	"path/filepath"
	"testing"

	"tiaojie/internal/db"
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
}
