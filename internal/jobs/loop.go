package jobs

import (
	"context"
	"fmt"
	"time"
)

// Start starts the runner's one goroutine, which makes a pass (RunDue) at
// once and then every Poll, until Stop is called or ctx ends. A runner is
// started once: starting it again, even after Stop, panics, and so does a
// periodic job without a handler, so that the mistake fails at boot instead
// of filling the table with failed jobs.
func (r *Runner) Start(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done != nil {
		panic("jobs: Start called twice")
	}
	for _, p := range r.periodic {
		if r.handlers[p.kind] == nil {
			panic("jobs: periodic job " + p.kind + " has no handler")
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	r.stop, r.done = cancel, make(chan struct{})
	go r.loop(ctx, r.done)
}

// Stop cancels the loop, and with it the context of a running handler, then
// waits for the loop to return, or for ctx to end, whichever comes first.
// An interrupted job is handed back to the queue without counting the
// attempt. Stopping a runner that was never started, or twice, is fine.
func (r *Runner) Stop(ctx context.Context) error {
	r.mu.Lock()
	stop, done := r.stop, r.done
	r.mu.Unlock()
	if done == nil {
		return nil
	}
	stop()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs: stop: the running job did not finish: %w", ctx.Err())
	}
}

func (r *Runner) loop(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	tick := time.NewTicker(r.opts.Poll)
	defer tick.Stop()
	for {
		if _, err := r.RunDue(ctx); err != nil && ctx.Err() == nil {
			r.log.Error("job pass failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
