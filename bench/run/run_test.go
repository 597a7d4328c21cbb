package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"tiaojie/bench/binary"
)

// TestBench runs the whole benchmark briefly against a fresh demo
// district: the binary is built and started as the command does, every
// scenario runs for a moment with a few connections, and the table has a
// row for each with requests answered as expected and none refused. It
// proves the scenarios still work against the platform (a changed route,
// status or login breaks it); it asserts no speed.
func TestBench(t *testing.T) {
	var out, log bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	rep, err := run(ctx, config{Bin: binary.Path(t), Conns: 4, Duration: time.Second, Password: "Demo#2026cm",
		Out: &out, Log: &log})
	if err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	want := append([]string{"static"}, scenarioNames()...)
	want = append(want, "static (again)")
	if len(rep.Results) != len(want) {
		t.Fatalf("%d rows, want %d:\n%s", len(rep.Results), len(want), out.String())
	}
	for i, r := range rep.Results {
		if r.Name != want[i] {
			t.Errorf("row %d is %q, want %q", i, r.Name, want[i])
		}
		if r.Failed != "" {
			t.Errorf("%s could not run: %s", r.Name, r.Failed)
			continue
		}
		if r.Requests == 0 || r.RPS() <= 0 || r.Pct(0.99) <= 0 {
			t.Errorf("%s: %d requests, %.1f/s, p99 %s; want some", r.Name, r.Requests, r.RPS(), r.Pct(0.99))
		}
		if r.Errors != 0 {
			t.Errorf("%s: %d errors: %v", r.Name, r.Errors, r.Failures)
		}
		if !strings.Contains(out.String(), "| "+r.Name+" | ") {
			t.Errorf("no row for %s in the table", r.Name)
		}
	}
	if rep.Static <= 100 {
		t.Errorf("static response of %d bytes; the search answers are larger", rep.Static)
	}
	if !strings.Contains(out.String(), "× static") {
		t.Error("the table does not say what the ratio is")
	}
	t.Logf("progress:\n%s\ntable:\n%s", log.String(), out.String())
}

// TestSentAt reads the send time back from a room event's data.
func TestSentAt(t *testing.T) {
	data := `{"id":7,"case_id":2,"channel":"main","author_id":9,"body":"bench 1764780000123456789","created_at":"2026-12-03T17:17:41Z","mine":true}`
	if n, ok := sentAt(data); !ok || n != 1764780000123456789 {
		t.Errorf("sentAt = %d, %v", n, ok)
	}
	if _, ok := sentAt(`{"body":"你好"}`); ok {
		t.Error("a message of a person read as a bench message")
	}
}
