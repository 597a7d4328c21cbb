package jobs_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"
	"time"

	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/jobs"
)

// BenchmarkEnqueueAndRun measures one job's round trip: enqueued in its own
// transaction, then claimed, run (a no-op) and recorded by a pass.
func BenchmarkEnqueueAndRun(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchEnqueueAndRun(b, dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchEnqueueAndRun(b, dbtest.Postgres(b)) })
}

func benchEnqueueAndRun(b *testing.B, d *db.DB) {
	ctx := context.Background()
	c := clock.System{}
	r := jobs.New(d, c, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Options{Worker: "bench"})
	r.Handle("noop", func(context.Context, json.RawMessage) error { return nil })
	args := map[string]int64{"case_id": 42}
	for b.Loop() {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			return jobs.Enqueue(ctx, tx, c.Now(), "noop", args, time.Time{}, "")
		})
		if err != nil {
			b.Fatal(err)
		}
		if n, err := r.RunDue(ctx); err != nil || n != 1 {
			b.Fatalf("RunDue = %d, %v", n, err)
		}
	}
}
