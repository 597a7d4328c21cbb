package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/jobs"
)

// wait fails the test unless ch is closed or receives within a few seconds.
func wait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func stop(t *testing.T, r *jobs.Runner, within time.Duration) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	return r.Stop(ctx)
}

func TestStartRunsJobsAndStopReturns(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := clock.System{}
		r := newRunner(t, d, c, "a")
		ran := make(chan struct{})
		r.Handle("deliver", func(context.Context, json.RawMessage) error {
			close(ran)
			return nil
		})
		r.Start(context.Background())
		// Enqueued after Start: the next poll finds it.
		enqueue(t, d, c.Now(), "deliver", nil, time.Time{}, "")
		wait(t, ran, "the job to run")
		begin := time.Now()
		if err := stop(t, r, 5*time.Second); err != nil {
			t.Fatalf("Stop: %v", err)
		}
		if took := time.Since(begin); took > time.Second {
			t.Errorf("Stop took %v", took)
		}
		checkRows(t, d, []row{{Kind: "deliver", State: "done", Attempts: 1, Finished: true}})
		if err := stop(t, r, time.Second); err != nil {
			t.Errorf("a second Stop: %v", err)
		}
	})
}

// TestStopHandsBackInterruptedJob shows that Stop cancels the running
// handler's context and that the interrupted job is not counted as an
// attempt.
func TestStopHandsBackInterruptedJob(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := clock.System{}
		r := newRunner(t, d, c, "a")
		started := make(chan struct{})
		r.Handle("export", func(ctx context.Context, _ json.RawMessage) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		})
		enqueue(t, d, c.Now(), "export", nil, time.Time{}, "")
		r.Start(context.Background())
		wait(t, started, "the job to start")
		if err := stop(t, r, 5*time.Second); err != nil {
			t.Fatalf("Stop: %v", err)
		}
		checkRows(t, d, []row{{Kind: "export", State: "available", Attempts: 0}})
		if diff := cmp.Diff(jobs.Stats{}, r.Stats()); diff != "" {
			t.Errorf("stats (-want +got):\n%s", diff)
		}
	})
}

// TestStopIsBoundedByContext shows that Stop really waits for the running
// job, and gives up when its context ends first.
func TestStopIsBoundedByContext(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := clock.System{}
		r := newRunner(t, d, c, "a")
		started, release := make(chan struct{}), make(chan struct{})
		r.Handle("export", func(context.Context, json.RawMessage) error {
			close(started)
			<-release // ignores its context
			return nil
		})
		enqueue(t, d, c.Now(), "export", nil, time.Time{}, "")
		r.Start(context.Background())
		wait(t, started, "the job to start")
		if err := stop(t, r, 50*time.Millisecond); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Stop with a running job = %v, want a deadline error", err)
		}
		close(release)
		if err := stop(t, r, 5*time.Second); err != nil {
			t.Fatalf("Stop after the job returned: %v", err)
		}
		checkRows(t, d, []row{{Kind: "export", State: "done", Attempts: 1, Finished: true}})
	})
}

func TestStartTwicePanics(t *testing.T) {
	r := newRunner(t, dbtest.SQLite(t), clock.System{}, "a")
	r.Start(context.Background())
	t.Cleanup(func() {
		if err := stop(t, r, 5*time.Second); err != nil {
			t.Error(err)
		}
	})
	defer func() {
		if recover() == nil {
			t.Error("a second Start did not panic")
		}
	}()
	r.Start(context.Background())
}

func TestStartRefusesPeriodicJobWithoutHandler(t *testing.T) {
	r := newRunner(t, dbtest.SQLite(t), clock.System{}, "a")
	r.Every("stats.rollup", time.Hour)
	defer func() {
		if recover() == nil {
			t.Error("Start accepted a periodic job without a handler")
			_ = stop(t, r, 5*time.Second)
		}
	}()
	r.Start(context.Background())
}
