package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// job is a claimed job: what a handler needs, and the fence (id, attempt,
// worker) that proves the claim is still ours when the outcome is recorded.
type job struct {
	id          int64
	kind        string
	args        json.RawMessage
	attempt     int // attempts after this claim, counting it
	maxAttempts int
}

// purgeBatch bounds how many rows one Purge transaction deletes, so that a
// first purge after months does not hold SQLite's writer for long.
const purgeBatch = 1000

// utc returns t in UTC at microsecond precision, the precision both engines
// keep, so a time written is the time read back.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Enqueue adds a job of kind inside the caller's transaction tx, so that it
// exists exactly when the caller's change commits. args is marshalled to
// JSON (nil means {}; pass a json.RawMessage to store JSON as is, never a
// []byte, which JSON encodes as base64). The job is due at runAt, or at now
// when runAt is zero. A non-empty uniqueKey makes the job unique: a second
// job with the same key, even after the first one finished, is silently
// not inserted, which is what lets several instances enqueue the same
// periodic job once.
func Enqueue(ctx context.Context, tx *db.Tx, now time.Time, kind string, args any, runAt time.Time, uniqueKey string) error {
	if kind == "" {
		return tiaojie.Internalf("jobs: enqueue without a kind")
	}
	raw, err := marshalArgs(args)
	if err != nil {
		return tiaojie.Internalf("jobs: args of %s: %w", kind, err)
	}
	if runAt.IsZero() {
		runAt = now
	}
	key := sql.NullString{String: uniqueKey, Valid: uniqueKey != ""}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO jobs (kind, args, unique_key, run_at, created_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (unique_key) DO NOTHING`,
		kind, string(raw), key, utc(runAt), utc(now))
	if err != nil {
		return fmt.Errorf("jobs: enqueue %s: %w", kind, err)
	}
	return nil
}

func marshalArgs(args any) ([]byte, error) {
	if args == nil {
		return []byte("{}"), nil
	}
	return json.Marshal(args)
}

// skipLocked is the one dialect difference of the claim. On PostgreSQL the
// candidate row is locked, and rows locked by another instance's claim are
// skipped rather than waited for. SQLite has one writer, so the single
// UPDATE statement is atomic without it (and has no such clause).
func skipLocked(e db.Engine) string {
	if e == db.Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// claimSQL takes the oldest due job: an available one whose time has come,
// or a running one whose lease ran out because its worker died. Claiming
// counts an attempt, so a job that keeps crashing its worker still ends.
func claimSQL(e db.Engine) string {
	return `
		UPDATE jobs
		SET state = 'running', attempts = attempts + 1, locked_by = $1, locked_until = $2
		WHERE id = (
			SELECT id FROM jobs
			WHERE (state = 'available' AND run_at <= $3)
			   OR (state = 'running' AND locked_until < $3)
			ORDER BY run_at, id
			LIMIT 1` + skipLocked(e) + `
		)
		RETURNING id, kind, args, attempts, max_attempts`
}

// anyDue reports whether a job is due, through the read pool: on SQLite an
// idle pass then costs a read of the WAL snapshot instead of a turn on the
// one writer connection that the app's requests queue for.
func (r *Runner) anyDue(ctx context.Context, now time.Time) (bool, error) {
	var one int
	err := r.db.Reader().QueryRowContext(ctx, `
		SELECT 1 FROM jobs
		WHERE (state = 'available' AND run_at <= $1)
		   OR (state = 'running' AND locked_until < $1)
		LIMIT 1`, utc(now)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("jobs: look for due jobs: %w", err)
	}
	return true, nil
}

// claim locks the next due job to this worker until now + Lease. It reports
// false when no job is due.
func (r *Runner) claim(ctx context.Context, now time.Time) (job, bool, error) {
	var j job
	found := false
	err := r.db.InTx(ctx, func(tx *db.Tx) error {
		var args []byte
		err := tx.QueryRowContext(ctx, claimSQL(tx.Engine), r.opts.Worker, utc(now.Add(r.opts.Lease)), utc(now)).
			Scan(&j.id, &j.kind, &args, &j.attempt, &j.maxAttempts)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		j.args, found = json.RawMessage(args), true
		return nil
	})
	if err != nil {
		return job{}, false, fmt.Errorf("jobs: claim: %w", err)
	}
	return j, found, nil
}

// The outcomes of a claimed job. Each applies only while the claim is still
// ours (same attempt, same worker, still running), so that a worker that
// outlived its lease, whose job was claimed again, cannot overwrite the
// newer claim's outcome. The fence is always the last three placeholders.
const (
	doneSQL = `
		UPDATE jobs
		SET state = 'done', finished_at = $1, locked_by = '', locked_until = NULL
		WHERE id = $2 AND attempts = $3 AND locked_by = $4 AND state = 'running'`

	retrySQL = `
		UPDATE jobs
		SET state = 'available', run_at = $1, last_error = $2, locked_by = '', locked_until = NULL
		WHERE id = $3 AND attempts = $4 AND locked_by = $5 AND state = 'running'`

	failSQL = `
		UPDATE jobs
		SET state = 'failed', finished_at = $1, last_error = $2, locked_by = '', locked_until = NULL
		WHERE id = $3 AND attempts = $4 AND locked_by = $5 AND state = 'running'`

	// releaseSQL hands back a job interrupted by Stop without counting
	// the attempt: the job did not fail, the runner went away.
	releaseSQL = `
		UPDATE jobs
		SET state = 'available', attempts = attempts - 1, locked_by = '', locked_until = NULL
		WHERE id = $1 AND attempts = $2 AND locked_by = $3 AND state = 'running'`
)

// settle runs one of the outcome updates with args for its own placeholders
// followed by the claim's fence. It reports false when the claim was lost,
// so that the outcome was not recorded.
func (r *Runner) settle(ctx context.Context, j job, update string, args ...any) (bool, error) {
	args = append(args, j.id, j.attempt, r.opts.Worker)
	var affected int64
	err := r.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, update, args...)
		if err != nil {
			return err
		}
		affected, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("jobs: record outcome of job %d: %w", j.id, err)
	}
	return affected == 1, nil
}

// Purge deletes the done jobs that finished before the given time, as
// housekeeping; failed jobs are kept for an operator to look at. Keep before
// well in the past (days, not minutes): the unique key of a purged job is
// free again, so purging the current slot of a periodic job would let it be
// enqueued a second time.
func Purge(ctx context.Context, d *db.DB, before time.Time) (int64, error) {
	var total int64
	for {
		n, err := purgeBatchBefore(ctx, d, utc(before))
		total += n
		if err != nil {
			return total, err
		}
		if n < purgeBatch {
			return total, nil
		}
	}
}

func purgeBatchBefore(ctx context.Context, d *db.DB, before time.Time) (int64, error) {
	var n int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `
			DELETE FROM jobs
			WHERE id IN (
				SELECT id FROM jobs
				WHERE state = 'done' AND finished_at < $1
				LIMIT $2
			)`, before, purgeBatch)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("jobs: purge: %w", err)
	}
	return n, nil
}
