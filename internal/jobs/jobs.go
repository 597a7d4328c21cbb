// Package jobs is the platform's background runner: a small durable job
// queue over the jobs table, used for reminders, deliveries and rollups.
//
// It is used instead of River because it shares the db layer: on SQLite a
// job is claimed through the same single writer connection as the app's own
// writes, queued in Go like every other write, instead of through a second
// pool that polls and competes for SQLite's one write lock. On PostgreSQL
// several server instances share one queue; a claim skips rows locked by
// another instance (FOR UPDATE SKIP LOCKED).
//
// A job is enqueued inside the caller's transaction (Enqueue), so it exists
// exactly when the business change that asked for it commits. Delivery is at
// least once: a worker that dies after its handler succeeded but before the
// outcome was recorded leaves the job to be run again when its lease runs
// out, so handlers must be idempotent.
//
// Handlers must keep their error text free of personal data (ID numbers,
// phone numbers, names, addresses): it is stored in jobs.last_error and
// logged. Use record identifiers instead.
package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"tiaojie/internal/clock"
	"tiaojie/internal/db"
)

// Handler runs one job. args is the JSON given to Enqueue. A nil error
// marks the job done; an error schedules a retry with backoff until the
// job's attempts are exhausted. ctx is cancelled when the runner stops or
// the job's lease runs out, and the handler should return promptly then.
// The error text is stored and logged: it must hold no personal data.
type Handler func(ctx context.Context, args json.RawMessage) error

// Options tune a Runner. The zero value is sensible.
type Options struct {
	// Poll is how often Start's loop looks for due jobs; 0 means 5s.
	Poll time.Duration
	// Lease is how long a claimed job stays locked to this worker; 0 means
	// 5m. A handler's context ends with its lease, and a job whose lease
	// ran out (its worker crashed) is claimed again by any instance.
	Lease time.Duration
	// Worker names this instance in jobs.locked_by; "" means hostname-pid.
	Worker string
}

// Stats counts job outcomes since the Runner was made, for metrics.
type Stats struct {
	Ran     int64 // jobs whose handler succeeded
	Retried int64 // failed attempts that were scheduled again
	Failed  int64 // jobs given up: attempts exhausted or no handler
}

// Periodic is the args of a job enqueued by Every: the start of the slot it
// stands for, so that a handler knows which period to work on even when it
// runs late.
type Periodic struct {
	Slot time.Time `json:"slot"`
}

// periodic is one job registered with Every, with the last slot this runner
// enqueued so that a pass does not write to the database for nothing.
type periodic struct {
	kind  string
	every time.Duration
	last  time.Time
}

// Runner claims due jobs and runs their handlers. Register handlers with
// Handle and periodic jobs with Every, then either call Start and Stop or
// drive it with RunDue.
type Runner struct {
	db    *db.DB
	clock clock.Clock
	log   *slog.Logger
	opts  Options

	mu       sync.Mutex
	handlers map[string]Handler
	periodic []*periodic
	stop     context.CancelFunc // set by Start
	done     chan struct{}      // closed when Start's loop has returned

	ran, retried, failed atomic.Int64
}

// New returns a Runner over d that reads the time from c and logs to log.
func New(d *db.DB, c clock.Clock, log *slog.Logger, opts Options) *Runner {
	if opts.Poll <= 0 {
		opts.Poll = 5 * time.Second
	}
	if opts.Lease <= 0 {
		opts.Lease = 5 * time.Minute
	}
	if opts.Worker == "" {
		opts.Worker = defaultWorker()
	}
	return &Runner{
		db:       d,
		clock:    c,
		log:      log,
		opts:     opts,
		handlers: make(map[string]Handler),
	}
}

// defaultWorker names the instance by host and process, which is what an
// operator needs to find the process holding a job.
func defaultWorker() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown"
	}
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}

// Handle registers the handler of a kind of job. Register every kind before
// Start; registering a kind twice is a programming error and panics, as
// http.ServeMux does.
func (r *Runner) Handle(kind string, h Handler) {
	if kind == "" || h == nil {
		panic("jobs: Handle needs a kind and a handler")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.handlers[kind]; ok {
		panic("jobs: a handler for " + kind + " is already registered")
	}
	r.handlers[kind] = h
}

// Every makes kind a periodic job: each pass enqueues one job of kind per
// slot of length every, aligned on UTC (time.Truncate), and the unique key
// of the slot (kind:RFC3339 start) makes sure that several instances
// enqueue it once. The job's args are a Periodic. The kind also needs a
// Handle. A period under a second panics: slots are named to the second.
func (r *Runner) Every(kind string, every time.Duration) {
	if kind == "" || every < time.Second {
		panic("jobs: Every needs a kind and a period of at least a second")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.periodic = append(r.periodic, &periodic{kind: kind, every: every})
}

// Stats returns the outcome counters.
func (r *Runner) Stats() Stats {
	return Stats{Ran: r.ran.Load(), Retried: r.retried.Load(), Failed: r.failed.Load()}
}

// handler returns the handler of kind, or nil.
func (r *Runner) handler(kind string) Handler {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.handlers[kind]
}
