package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/jobs"
)

// t0 is the fake clock's start: 16:00 in Shanghai.
var t0 = time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)

// row is what the tests compare of a stored job.
type row struct {
	Kind      string
	State     string
	Attempts  int
	LastError string
	LockedBy  string
	Finished  bool
}

func newRunner(t *testing.T, d *db.DB, c clock.Clock, worker string) *jobs.Runner {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	return jobs.New(d, c, log, jobs.Options{Worker: worker, Poll: 10 * time.Millisecond})
}

func enqueue(t *testing.T, d *db.DB, now time.Time, kind string, args any, runAt time.Time, key string) {
	t.Helper()
	ctx := context.Background()
	err := d.InTx(ctx, func(tx *db.Tx) error { return jobs.Enqueue(ctx, tx, now, kind, args, runAt, key) })
	if err != nil {
		t.Fatal(err)
	}
}

func runDue(t *testing.T, r *jobs.Runner) int {
	t.Helper()
	n, err := r.RunDue(context.Background())
	if err != nil {
		t.Fatalf("RunDue: %v", err)
	}
	return n
}

// runAll makes one pass on every runner at the same time, as instances of
// the server would, and returns how many jobs they handled in all.
func runAll(t *testing.T, runners ...*jobs.Runner) int {
	t.Helper()
	var wg sync.WaitGroup
	counts := make([]int, len(runners))
	errs := make([]error, len(runners))
	for i, r := range runners {
		wg.Go(func() { counts[i], errs[i] = r.RunDue(context.Background()) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("RunDue: %v", err)
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	return total
}

func rows(t *testing.T, d *db.DB) []row {
	t.Helper()
	rs, err := d.Reader().QueryContext(context.Background(), `
		SELECT kind, state, attempts, last_error, locked_by, finished_at IS NOT NULL
		FROM jobs ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.Kind, &r.State, &r.Attempts, &r.LastError, &r.LockedBy, &r.Finished); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func checkRows(t *testing.T, d *db.DB, want []row) {
	t.Helper()
	if diff := cmp.Diff(want, rows(t, d)); diff != "" {
		t.Errorf("jobs table (-want +got):\n%s", diff)
	}
}

// counter is a handler that counts its calls and keeps their args.
type counter struct {
	mu   sync.Mutex
	args []string
}

func (c *counter) handle(_ context.Context, args json.RawMessage) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.args = append(c.args, string(args))
	return nil
}

func (c *counter) calls() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.args...)
}

func TestRolledBackJobNeverRuns(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := clock.NewFake(t0)
		r := newRunner(t, d, c, "a")
		var h counter
		r.Handle("notify.sms", h.handle)
		errCase := errors.New("case update refused")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := jobs.Enqueue(ctx, tx, c.Now(), "notify.sms", map[string]int64{"case_id": 7}, time.Time{}, ""); err != nil {
				return err
			}
			return errCase
		})
		if !errors.Is(err, errCase) {
			t.Fatalf("InTx = %v, want the business error", err)
		}
		if n := runDue(t, r); n != 0 {
			t.Errorf("RunDue ran %d jobs, want 0", n)
		}
		if got := h.calls(); len(got) != 0 {
			t.Errorf("handler called with %q", got)
		}
		checkRows(t, d, nil)
	})
}

func TestCommittedJobRunsOnce(t *testing.T) {
	type args struct {
		CaseID int64 `json:"case_id"`
	}
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := clock.NewFake(t0)
		r := newRunner(t, d, c, "a")
		var h counter
		r.Handle("notify.sms", h.handle)
		enqueue(t, d, c.Now(), "notify.sms", args{CaseID: 42}, time.Time{}, "")
		if n := runDue(t, r); n != 1 {
			t.Errorf("first pass ran %d jobs, want 1", n)
		}
		if n := runDue(t, r); n != 0 {
			t.Errorf("second pass ran %d jobs, want 0", n)
		}
		if diff := cmp.Diff([]string{`{"case_id":42}`}, h.calls()); diff != "" {
			t.Errorf("handler args (-want +got):\n%s", diff)
		}
		checkRows(t, d, []row{{Kind: "notify.sms", State: "done", Attempts: 1, Finished: true}})
		if diff := cmp.Diff(jobs.Stats{Ran: 1}, r.Stats()); diff != "" {
			t.Errorf("stats (-want +got):\n%s", diff)
		}
	})
}

// TestRunAt shows that a job waits for its run_at, read from the clock.
func TestRunAt(t *testing.T) {
	tests := []struct {
		name    string
		runAt   time.Duration // after t0; 0 means none given (now)
		advance time.Duration
		want    int
	}{
		{"no run_at runs now", 0, 0, 1},
		{"run_at in the past runs", -time.Hour, 0, 1},
		{"run_at in the future waits", time.Hour, 59 * time.Minute, 0},
		{"run_at reached runs", time.Hour, time.Hour, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
				c := clock.NewFake(t0)
				r := newRunner(t, d, c, "a")
				var h counter
				r.Handle("remind", h.handle)
				var runAt time.Time
				if tt.runAt != 0 {
					runAt = t0.Add(tt.runAt)
				}
				enqueue(t, d, c.Now(), "remind", nil, runAt, "")
				c.Advance(tt.advance)
				if n := runDue(t, r); n != tt.want {
					t.Errorf("RunDue ran %d jobs, want %d", n, tt.want)
				}
			})
		})
	}
}

func TestEnqueueArgs(t *testing.T) {
	tests := []struct {
		name    string
		args    any
		want    string
		wantErr bool
	}{
		{"nil is an empty object", nil, `{}`, false},
		{"a struct is marshalled", struct{ N int }{3}, `{"N":3}`, false},
		{"raw JSON is kept", json.RawMessage(`{"名称":"调解"}`), `{"名称":"调解"}`, false},
		{"invalid raw JSON is refused", json.RawMessage(`{`), ``, true},
		{"an unmarshallable value is refused", func() {}, ``, true},
	}
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctx := context.Background()
				var got string
				err := d.InTx(ctx, func(tx *db.Tx) error {
					if err := jobs.Enqueue(ctx, tx, t0, "k", tt.args, time.Time{}, ""); err != nil {
						return err
					}
					if err := tx.QueryRowContext(ctx, `SELECT args FROM jobs ORDER BY id DESC LIMIT 1`).Scan(&got); err != nil {
						return err
					}
					return errors.New("roll back")
				})
				if tt.wantErr {
					if err == nil || err.Error() == "roll back" {
						t.Errorf("Enqueue(%v) succeeded, want an error", tt.args)
					}
					return
				}
				if got != tt.want {
					t.Errorf("stored args %q, want %q", got, tt.want)
				}
			})
		}
	})
}

func TestUniqueKey(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := clock.NewFake(t0)
		enqueue(t, d, c.Now(), "deliver", nil, time.Time{}, "deliver:9")
		enqueue(t, d, c.Now(), "deliver", nil, time.Time{}, "deliver:9")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for range 2 {
				if err := jobs.Enqueue(ctx, tx, c.Now(), "deliver", nil, time.Time{}, "deliver:10"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("a duplicate key in one transaction: %v", err)
		}
		enqueue(t, d, c.Now(), "plain", nil, time.Time{}, "")
		enqueue(t, d, c.Now(), "plain", nil, time.Time{}, "")
		r := newRunner(t, d, c, "a")
		var deliver, plain counter
		r.Handle("deliver", deliver.handle)
		r.Handle("plain", plain.handle)
		runDue(t, r)
		// A finished job still holds its key.
		enqueue(t, d, c.Now(), "deliver", nil, time.Time{}, "deliver:9")
		runDue(t, r)
		if got, want := len(deliver.calls()), 2; got != want {
			t.Errorf("keyed jobs ran %d times, want %d (once per key)", got, want)
		}
		if got, want := len(plain.calls()), 2; got != want {
			t.Errorf("unkeyed jobs ran %d times, want %d (no key, no dedup)", got, want)
		}
	})
}

func TestRetryWithBackoffThenFail(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := clock.NewFake(t0)
		r := newRunner(t, d, c, "a")
		calls := 0
		r.Handle("deliver", func(context.Context, json.RawMessage) error {
			calls++
			return errors.New("gateway down")
		})
		enqueue(t, d, c.Now(), "deliver", nil, time.Time{}, "")
		if n := runDue(t, r); n != 1 {
			t.Fatalf("first attempt: ran %d, want 1", n)
		}
		// The waits after failed attempts 1 to 4; attempt 5 is the last.
		for i, wait := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute} {
			checkRows(t, d, []row{{Kind: "deliver", State: "available", Attempts: i + 1, LastError: "gateway down"}})
			c.Advance(wait - time.Second)
			if n := runDue(t, r); n != 0 {
				t.Fatalf("attempt %d ran %v early", i+2, time.Second)
			}
			c.Advance(time.Second)
			if n := runDue(t, r); n != 1 {
				t.Fatalf("attempt %d did not run after %v", i+2, wait)
			}
		}
		checkRows(t, d, []row{{Kind: "deliver", State: "failed", Attempts: 5, LastError: "gateway down", Finished: true}})
		c.Advance(24 * time.Hour)
		if n := runDue(t, r); n != 0 || calls != 5 {
			t.Errorf("a failed job ran again: pass %d, calls %d", n, calls)
		}
		if diff := cmp.Diff(jobs.Stats{Retried: 4, Failed: 1}, r.Stats()); diff != "" {
			t.Errorf("stats (-want +got):\n%s", diff)
		}
	})
}

func TestPanicIsAFailedAttempt(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := clock.NewFake(t0)
		r := newRunner(t, d, c, "a")
		r.Handle("rollup", func(context.Context, json.RawMessage) error {
			var m map[string]int
			m["x"]++ // assignment to a nil map
			return nil
		})
		enqueue(t, d, c.Now(), "rollup", nil, time.Time{}, "")
		if n := runDue(t, r); n != 1 {
			t.Fatalf("ran %d, want 1", n)
		}
		checkRows(t, d, []row{{Kind: "rollup", State: "available", Attempts: 1, LastError: "panic: assignment to entry in nil map"}})
		if diff := cmp.Diff(jobs.Stats{Retried: 1}, r.Stats()); diff != "" {
			t.Errorf("stats (-want +got):\n%s", diff)
		}
	})
}

// TestUnknownKindRetried: a kind this instance does not know is retried
// (a newer instance may know it during a rolling upgrade) and fails only
// after its last attempt.
func TestUnknownKindRetried(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := clock.NewFake(t0)
		r := newRunner(t, d, c, "a")
		enqueue(t, d, c.Now(), "retired.kind", nil, time.Time{}, "")
		if n := runDue(t, r); n != 1 {
			t.Fatalf("ran %d, want 1", n)
		}
		checkRows(t, d, []row{{Kind: "retired.kind", State: "available", Attempts: 1, LastError: "no handler"}})
		for range 4 {
			c.Advance(2 * time.Hour)
			runDue(t, r)
		}
		checkRows(t, d, []row{{Kind: "retired.kind", State: "failed", Attempts: 5, LastError: "no handler", Finished: true}})
	})
}

func TestPeriodicOncePerSlot(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := clock.NewFake(t0.Add(10 * time.Minute))
		var h counter
		a, b := newRunner(t, d, c, "a"), newRunner(t, d, c, "b")
		for _, r := range []*jobs.Runner{a, b} {
			r.Handle("stats.rollup", h.handle)
			r.Every("stats.rollup", time.Hour)
		}
		if n := runAll(t, a, b) + runAll(t, a, b); n != 1 {
			t.Errorf("two instances, two passes each in one slot: ran %d, want 1", n)
		}
		c.Advance(40 * time.Minute) // 08:50, same slot
		if n := runAll(t, a, b); n != 0 {
			t.Errorf("later in the slot: ran %d, want 0", n)
		}
		c.Advance(20 * time.Minute) // 09:10, next slot
		if n := runAll(t, a, b) + runAll(t, a, b); n != 1 {
			t.Errorf("next slot: ran %d, want 1", n)
		}
		want := []string{`{"slot":"2026-11-29T08:00:00Z"}`, `{"slot":"2026-11-29T09:00:00Z"}`}
		if diff := cmp.Diff(want, h.calls()); diff != "" {
			t.Errorf("periodic args (-want +got):\n%s", diff)
		}
		var keys []string
		rs, err := d.Reader().QueryContext(context.Background(), `SELECT unique_key FROM jobs ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		for rs.Next() {
			var k string
			if err := rs.Scan(&k); err != nil {
				t.Fatal(err)
			}
			keys = append(keys, k)
		}
		if diff := cmp.Diff([]string{"stats.rollup:2026-11-29T08:00:00Z", "stats.rollup:2026-11-29T09:00:00Z"}, keys); diff != "" {
			t.Errorf("unique keys (-want +got):\n%s", diff)
		}
	})
}

// TestExpiredLeaseIsReclaimed runs a job whose worker hangs past its lease:
// another worker claims it again, and the first worker's late outcome is
// dropped instead of overwriting the second one's.
func TestExpiredLeaseIsReclaimed(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := clock.NewFake(t0)
		hung, alive := newRunner(t, d, c, "hung"), newRunner(t, d, c, "alive")
		started, release := make(chan struct{}), make(chan struct{})
		hung.Handle("deliver", func(context.Context, json.RawMessage) error {
			close(started)
			<-release
			return nil
		})
		var h counter
		alive.Handle("deliver", h.handle)
		enqueue(t, d, c.Now(), "deliver", nil, time.Time{}, "")

		hungDone := make(chan error)
		go func() { _, err := hung.RunDue(context.Background()); hungDone <- err }()
		<-started
		checkRows(t, d, []row{{Kind: "deliver", State: "running", Attempts: 1, LockedBy: "hung"}})
		c.Advance(5 * time.Minute) // the default lease; it ends, but has not run out
		if n := runDue(t, alive); n != 0 {
			t.Fatalf("a job was claimed while its lease held")
		}
		c.Advance(time.Second)
		if n := runDue(t, alive); n != 1 {
			t.Fatalf("the expired lease was not reclaimed")
		}
		close(release)
		if err := <-hungDone; err != nil {
			t.Fatalf("hung worker's pass: %v", err)
		}
		checkRows(t, d, []row{{Kind: "deliver", State: "done", Attempts: 2, Finished: true}})
		if diff := cmp.Diff(jobs.Stats{}, hung.Stats()); diff != "" {
			t.Errorf("the hung worker recorded an outcome (-want +got):\n%s", diff)
		}
	})
}

// TestLeaseExpiredOnLastAttempt shows that a job whose worker died on its
// last attempt ends failed instead of being run without end.
func TestLeaseExpiredOnLastAttempt(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := clock.NewFake(t0)
		r := newRunner(t, d, c, "a")
		var h counter
		r.Handle("deliver", h.handle)
		enqueue(t, d, c.Now(), "deliver", nil, time.Time{}, "")
		err := d.InTx(context.Background(), func(tx *db.Tx) error {
			_, err := tx.ExecContext(context.Background(), `
				UPDATE jobs SET state = 'running', attempts = max_attempts, locked_by = 'dead', locked_until = $1`,
				t0.Add(time.Minute))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		c.Advance(2 * time.Minute)
		if n := runDue(t, r); n != 1 {
			t.Fatalf("ran %d, want 1", n)
		}
		if got := h.calls(); len(got) != 0 {
			t.Errorf("the handler ran past the last attempt")
		}
		checkRows(t, d, []row{{Kind: "deliver", State: "failed", Attempts: 6, LastError: "lease expired on the last attempt", Finished: true}})
	})
}

func TestConcurrentRunnersRunEachJobOnce(t *testing.T) {
	const n = 60
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := clock.NewFake(t0)
		var mu sync.Mutex
		runs := make(map[int]int)
		handle := func(_ context.Context, args json.RawMessage) error {
			var a struct{ N int }
			if err := json.Unmarshal(args, &a); err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			runs[a.N]++
			return nil
		}
		var runners []*jobs.Runner
		for _, w := range []string{"a", "b", "c", "d"} {
			r := newRunner(t, d, c, w)
			r.Handle("deliver", handle)
			runners = append(runners, r)
		}
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for i := range n {
				if err := jobs.Enqueue(ctx, tx, c.Now(), "deliver", struct{ N int }{i}, time.Time{}, ""); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		total := runAll(t, runners...)
		total += runAll(t, runners...) // in case a pass ended early
		if total != n {
			t.Errorf("the runners handled %d jobs, want %d", total, n)
		}
		want := make(map[int]int, n)
		for i := range n {
			want[i] = 1
		}
		if diff := cmp.Diff(want, runs); diff != "" {
			t.Errorf("runs per job (-want +got):\n%s", diff)
		}
	})
}

func TestPurge(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := clock.NewFake(t0)
		r := newRunner(t, d, c, "a")
		var h counter
		r.Handle("old", h.handle)
		r.Handle("new", h.handle)
		enqueue(t, d, c.Now(), "old", nil, time.Time{}, "")
		enqueue(t, d, c.Now(), "new", nil, t0.Add(2*time.Hour), "")
		enqueue(t, d, c.Now(), "later", nil, t0.Add(10*time.Hour), "")
		runDue(t, r)
		c.Advance(2 * time.Hour)
		runDue(t, r)
		n, err := jobs.Purge(ctx, d, t0.Add(time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("Purge = %d, %v; want 1 row", n, err)
		}
		checkRows(t, d, []row{
			{Kind: "new", State: "done", Attempts: 1, Finished: true},
			{Kind: "later", State: "available"},
		})
	})
}

// TestPurgeInBatches deletes more rows than one batch holds.
func TestPurgeInBatches(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const n = 2345
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for range n {
				if err := jobs.Enqueue(ctx, tx, t0, "old", nil, time.Time{}, ""); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, `UPDATE jobs SET state = 'done', finished_at = $1`, t0)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := jobs.Purge(ctx, d, t0.Add(time.Second))
		if err != nil || got != n {
			t.Fatalf("Purge = %d, %v; want %d", got, err, n)
		}
		checkRows(t, d, nil)
	})
}

// TestIdlePassLeavesWriterAlone shows that a pass with nothing due does not
// queue for the write connection, which on SQLite is the app's only one.
func TestIdlePassLeavesWriterAlone(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := clock.NewFake(t0)
		r := newRunner(t, d, c, "a")
		enqueue(t, d, c.Now(), "later", nil, t0.Add(time.Hour), "")
		holding, release := make(chan struct{}), make(chan struct{})
		held := make(chan error)
		go func() {
			held <- d.InTx(context.Background(), func(*db.Tx) error {
				close(holding)
				<-release
				return nil
			})
		}()
		<-holding
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := r.RunDue(ctx)
		close(release)
		if err != nil || n != 0 {
			t.Errorf("idle pass while a write transaction is open = %d, %v; want 0, nil", n, err)
		}
		if err := <-held; err != nil {
			t.Fatal(err)
		}
	})
}
