package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"tiaojie/internal/db"
)

// demoCases is how many demo cases at most tjmediator handles.
const demoCases = 10

// TestSeedScale: `seed --scale` loads the demo data into an empty
// database first, then the synthetic dataset, a share of whose cases
// belongs to the demo mediator tjmediator, so that a benchmark logged in
// as them sees a long case list.
func TestSeedScale(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tiaojie.db")
	var out bytes.Buffer
	err := run(context.Background(), []string{"seed", "--database", path, "--scale", "0.0005", "--seed", "3"},
		getenvFrom(nil), strings.NewReader(""), &out, &out)
	if err != nil {
		t.Fatalf("seed --scale: %v\n%s", err, out.String())
	}
	for _, want := range []string{"tjmediator", "Generated in", "1000 cases", "Digest "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
	d, err := db.Open(context.Background(), path, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	err = d.Reader().QueryRow(`
		SELECT COUNT(*) FROM cases c JOIN mediators m ON m.id = c.mediator_id JOIN users u ON u.id = m.user_id
		WHERE u.login = 'tjmediator'`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	if n < 10+demoCases { // 20 go to the committee, most of them assigned to tjmediator by now
		t.Errorf("tjmediator has %d cases, want the demo's %d and at least 10 generated", n, demoCases)
	}
	if err := run(context.Background(), []string{"seed", "--database", path, "--scale", "huge"}, getenvFrom(nil),
		strings.NewReader(""), &out, &out); err == nil || !strings.Contains(err.Error(), "--scale") {
		t.Errorf("seed --scale huge: %v", err)
	}
}
