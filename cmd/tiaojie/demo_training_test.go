package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"tiaojie/internal/db"
)

// TestDemoShowsTraining: the seeded demo holds what docs/training.md
// promises: a past session with attendance and certificates (one for the
// demo mediator tjmediator), a future session open, one full and one
// cancelled with its reason, two
// mentoring pairs (one completed, one with notes), and mediators short of
// the bureau's required hours.
func TestDemoShowsTraining(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tiaojie.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"seed", "--database", path}, getenvFrom(nil), strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("seed: %v\n%s", err, out.String())
	}
	d, err := db.Open(context.Background(), path, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for query, want := range map[string]int{
		`SELECT count(*) FROM training_enrolments WHERE status = 'attended' AND certificate_no IS NOT NULL AND training_id IS NOT NULL`: 5,
		`SELECT count(*) FROM training_enrolments WHERE status = 'absent'`:                                                              1,
		`SELECT count(*) FROM training_enrolments e JOIN mediators m ON m.id = e.mediator_id JOIN users u ON u.id = m.user_id
			WHERE u.login = 'tjmediator' AND e.certificate_no IS NOT NULL`: 1,
		`SELECT count(*) FROM training_sessions s WHERE s.capacity = (SELECT count(*) FROM training_enrolments e
			WHERE e.session_id = s.id AND e.status = 'enrolled')`: 1,
		`SELECT count(*) FROM training_sessions s WHERE s.cancelled_at IS NOT NULL AND s.cancel_reason <> ''
			AND EXISTS (SELECT 1 FROM training_enrolments e WHERE e.session_id = s.id AND e.status = 'enrolled')`: 1,
		`SELECT count(*) FROM mentorships WHERE status = 'completed' AND closing_note <> ''`:                                                    1,
		`SELECT count(*) FROM mentorships x WHERE status = 'active' AND EXISTS (SELECT 1 FROM mentorship_notes n WHERE n.mentorship_id = x.id)`: 1,
	} {
		var n int
		if err := d.Reader().QueryRow(query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		if n != want {
			t.Errorf("%s = %d, want %d", query, n, want)
		}
	}
	// Short of the 8 hours: an active mediator with less in the window.
	var short int
	err = d.Reader().QueryRow(`
		SELECT count(*) FROM mediators m WHERE m.status = 'active'
		AND COALESCE((SELECT SUM(hours) FROM mediator_training t WHERE t.mediator_id = m.id AND t.held_on >= date('now', '-1 year')), 0) < 8`).Scan(&short)
	if err != nil || short == 0 {
		t.Errorf("%d mediators short of hours, %v", short, err)
	}
}
