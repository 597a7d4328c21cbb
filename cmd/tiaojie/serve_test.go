package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"tiaojie/internal/room"
	"time"

	"tiaojie/internal/clock"
)

// TestBackgroundJobs runs the serve command's periodic jobs with a fake
// clock: the hourly audit check reports an intact chain as a metric, and
// after tampering with the trail, the next hour's check reports it broken.
func TestBackgroundJobs(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	e := &env{getenv: getenvFrom(nil), stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	c := serveConfig{common: common{Database: filepath.Join(dir, "jobs.db"), LogFormat: "text", LogLevel: "error"}}
	a, err := openApp(ctx, e, c.common, appOptions{migrate: true, demo: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	if err := seedDemo(ctx, a, e); err != nil {
		t.Fatal(err)
	}
	fake := clock.NewFake(time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC))
	a.clock = fake
	ops, _ := prefixes("127.0.0.1")
	rooms := room.New(room.Deps{DB: a.db, Audit: a.audit, Access: a.cases, Broker: room.NewLocalBroker(), Files: a.files, Clock: a.clock, Log: a.log})
	defer rooms.Close()
	srv, err := buildServer(a, c, nil, ops, rooms)
	if err != nil {
		t.Fatal(err)
	}
	runner := newRunner(a, srv)
	metric := func() string {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		req.RemoteAddr = "127.0.0.1:1234"
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		return rec.Body.String()
	}
	var rows int // the demo data's audit trail: accounts, organizations, mediators …
	if err := a.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM audit_log`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if n, err := runner.RunDue(ctx); err != nil || n < 3 {
		t.Fatalf("first pass ran %d jobs, %v; want the three periodic jobs", n, err)
	}
	if m := metric(); !strings.Contains(m, "tiaojie_audit_chain_ok 1") || !strings.Contains(m, fmt.Sprintf("tiaojie_audit_rows %d", rows)) {
		t.Errorf("after the first check:\n%s", grepLines(m, "tiaojie_audit"))
	}
	for _, q := range []string{"DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"} {
		if _, err := a.db.Writer().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	fake.Advance(time.Hour)
	if _, err := runner.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	if m := metric(); !strings.Contains(m, "tiaojie_audit_chain_ok 0") {
		t.Errorf("after tampering:\n%s", grepLines(m, "tiaojie_audit"))
	}
}

func grepLines(s, substr string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
