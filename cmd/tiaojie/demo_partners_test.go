package main

import (
	"context"
	"path/filepath"
	"testing"

	"tiaojie/internal/db"
)

// TestDemoShowsPartners: the demo holds the five partner agencies, the
// "partner" account tied to the court, the court's referral taken to an
// agreement, the organization's approved news with its two captioned
// public pictures, and the joint meeting's decisions done, overdue and to
// come.
func TestDemoShowsPartners(t *testing.T) {
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
	for query, want := range map[string]int{
		`SELECT count(*) FROM agencies WHERE name NOT LIKE '%民政局'`: 5, // 民政局 is the procurement demo's buyer
		`SELECT count(*) FROM agency_members am JOIN users u ON u.id = am.user_id JOIN agencies a ON a.id = am.agency_id
			WHERE u.login = 'partner' AND a.kind = 'court'`: 1,
		`SELECT count(*) FROM cases c JOIN users u ON u.id = c.referrer_id WHERE u.login = 'partner' AND c.status = 'agreed'`: 1,
		`SELECT count(*) FROM articles WHERE org_id IS NOT NULL AND review = 'approved' AND status = 'published'`:             1,
		`SELECT count(*) FROM articles WHERE org_id IS NOT NULL AND review = 'pending' AND status = 'draft'`:                  1,
		`SELECT count(*) FROM article_pictures p JOIN articles a ON a.id = p.article_id JOIN files f ON f.key = p.file_key
			WHERE a.review = 'approved' AND f.public AND p.caption <> ''`: 2,
		`SELECT count(*) FROM meetings`:                                                          2,
		`SELECT count(*) FROM meeting_decisions WHERE status = 'done'`:                           1,
		`SELECT count(*) FROM meeting_decisions WHERE status = 'open' AND due_on < '2100-01-01'`: 2,
	} {
		var n int
		if err := d.Reader().QueryRow(query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		if n != want {
			t.Errorf("%s = %d, want %d", query, n, want)
		}
	}
}
