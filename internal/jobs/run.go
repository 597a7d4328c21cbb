package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie/internal/db"
)

const (
	// firstBackoff is the wait after a first failed attempt; it doubles
	// with each further failure up to maxBackoff.
	firstBackoff = 30 * time.Second
	maxBackoff   = time.Hour
	// maxErrorLen bounds last_error, in characters.
	maxErrorLen = 1000
	// recordTimeout bounds recording an outcome, which must happen even
	// when the runner is stopping and its context is already cancelled.
	recordTimeout = 15 * time.Second
)

// RunDue makes one pass: it enqueues each periodic job for the current slot,
// then claims and runs due jobs one by one until none is due or ctx ends.
// It returns how many jobs it handled, whatever their outcome. Start calls
// it every Poll; tests call it directly with a fake clock.
func (r *Runner) RunDue(ctx context.Context) (int, error) {
	perr := r.enqueuePeriodic(ctx)
	ran := 0
	for ctx.Err() == nil {
		ok, err := r.runNext(ctx)
		if ok {
			ran++
		}
		if err != nil || !ok {
			return ran, errors.Join(perr, err)
		}
	}
	return ran, errors.Join(perr, ctx.Err())
}

// runNext claims and runs the next due job, and reports false when none is
// due. It looks through the read pool first and claims only when that finds
// a job; the claim can still come back empty when another instance took it.
func (r *Runner) runNext(ctx context.Context) (bool, error) {
	now := r.clock.Now()
	if due, err := r.anyDue(ctx, now); err != nil || !due {
		return false, err
	}
	j, ok, err := r.claim(ctx, now)
	if err != nil || !ok {
		return false, err
	}
	return true, r.run(ctx, j)
}

// slot is the period of a periodic job that a pass enqueues.
type slot struct {
	p     *periodic
	start time.Time
}

// enqueuePeriodic enqueues, in one transaction, each periodic job whose
// current slot this runner has not enqueued yet. The slot's unique key makes
// the insert a no-op when another pass or instance got there first.
func (r *Runner) enqueuePeriodic(ctx context.Context) error {
	now := utc(r.clock.Now())
	slots := r.newSlots(now)
	if len(slots) == 0 {
		return nil
	}
	err := r.db.InTx(ctx, func(tx *db.Tx) error {
		for _, s := range slots {
			key := s.p.kind + ":" + s.start.Format(time.RFC3339)
			if err := Enqueue(ctx, tx, now, s.p.kind, Periodic{Slot: s.start}, s.start, key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("jobs: enqueue periodic jobs: %w", err)
	}
	r.markSlots(slots)
	return nil
}

// newSlots returns the current slot of each periodic job not yet enqueued
// by this runner.
func (r *Runner) newSlots(now time.Time) []slot {
	r.mu.Lock()
	defer r.mu.Unlock()
	var slots []slot
	for _, p := range r.periodic {
		if start := now.Truncate(p.every); !start.Equal(p.last) {
			slots = append(slots, slot{p: p, start: start})
		}
	}
	return slots
}

func (r *Runner) markSlots(slots []slot) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range slots {
		if s.start.After(s.p.last) {
			s.p.last = s.start
		}
	}
}

// run runs a claimed job and records its outcome. ctx is the pass's
// context: when it ends during the handler, the runner is stopping and the
// job is handed back rather than counted as a failed attempt.
func (r *Runner) run(ctx context.Context, j job) error {
	log := r.log.With("job_id", j.id, "kind", j.kind, "attempt", j.attempt)
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if j.attempt > j.maxAttempts {
		return r.giveUp(rec, j, log, "lease expired on the last attempt")
	}
	h := r.handler(j.kind)
	if h == nil {
		// During a rolling upgrade an older instance may claim a kind only
		// newer ones know: retry, so that a newer instance runs it.
		if j.attempt >= j.maxAttempts {
			return r.giveUp(rec, j, log, "no handler")
		}
		return r.retry(rec, j, log, errors.New("no handler"))
	}
	start := r.clock.Now()
	err := r.call(ctx, h, j, log)
	log = log.With("duration", r.clock.Now().Sub(start))
	switch {
	case err == nil:
		return r.succeed(rec, j, log)
	case ctx.Err() != nil:
		return r.release(rec, j, log)
	case j.attempt >= j.maxAttempts:
		return r.giveUp(rec, j, log, err.Error())
	default:
		return r.retry(rec, j, log, err)
	}
}

// call runs the handler with a context that ends with ctx or the lease (a
// handler running past its lease may see its job claimed again), and turns
// a panic into an error so that one bad job cannot stop the runner.
func (r *Runner) call(ctx context.Context, h Handler, j job, log *slog.Logger) (err error) {
	ctx, cancel := context.WithTimeout(ctx, r.opts.Lease)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			log.Error("job handler panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return h(ctx, j.args)
}

func (r *Runner) succeed(ctx context.Context, j job, log *slog.Logger) error {
	ok, err := r.settle(ctx, j, doneSQL, utc(r.clock.Now()))
	if !r.recorded(ok, err, log) {
		return err
	}
	r.ran.Add(1)
	log.Debug("job done")
	return nil
}

func (r *Runner) retry(ctx context.Context, j job, log *slog.Logger, cause error) error {
	at := utc(r.clock.Now().Add(backoff(j.attempt)))
	msg := lastError(cause.Error())
	ok, err := r.settle(ctx, j, retrySQL, at, msg)
	if !r.recorded(ok, err, log) {
		return err
	}
	r.retried.Add(1)
	log.Warn("job failed; will retry", "error", msg, "retry_at", at)
	return nil
}

func (r *Runner) giveUp(ctx context.Context, j job, log *slog.Logger, cause string) error {
	msg := lastError(cause)
	ok, err := r.settle(ctx, j, failSQL, utc(r.clock.Now()), msg)
	if !r.recorded(ok, err, log) {
		return err
	}
	r.failed.Add(1)
	log.Error("job failed for good", "error", msg)
	return nil
}

func (r *Runner) release(ctx context.Context, j job, log *slog.Logger) error {
	ok, err := r.settle(ctx, j, releaseSQL)
	if !r.recorded(ok, err, log) {
		return err
	}
	log.Info("job interrupted by stop; handed back")
	return nil
}

// recorded reports whether an outcome was recorded, and logs a lost claim,
// which is not an error of the pass: the job belongs to another claim now.
func (r *Runner) recorded(ok bool, err error, log *slog.Logger) bool {
	if err == nil && !ok {
		log.Warn("job lease lost before its outcome was recorded; outcome dropped")
	}
	return err == nil && ok
}

// backoff is the wait before retrying after the attempt-th failed attempt:
// 30s, 1m, 2m, 4m … capped at one hour.
func backoff(attempt int) time.Duration {
	d := firstBackoff
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// lastError makes a handler's error text storable: valid UTF-8 without NUL
// (PostgreSQL refuses both in TEXT), at most maxErrorLen characters.
func lastError(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\x00", "")
	if utf8.RuneCountInString(s) <= maxErrorLen {
		return s
	}
	return string([]rune(s)[:maxErrorLen])
}
