package cases

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// figuresTTL is how long the board's aggregate figures (the counts by
// status, the participation funnel) are served before they are counted
// again. Over a city's two million cases the bureau's counts take about
// 0.2 s and its funnel over ten seconds on SQLite (docs/PERFORMANCE.md),
// far beyond a page's budget, while figures a minute old serve a
// supervisor as well as live ones. The lists of the board (overdue, idle,
// returned) are always live: they are what someone acts on.
const figuresTTL = time.Minute

// figures caches aggregate figures per scope. The first caller of a scope
// counts while later callers of that scope wait for the result rather
// than start the same count (64 clients must not run 64 ten-second
// queries). When a value is older than figuresTTL, the next caller counts
// again while the others keep getting the previous value, so at most one
// request a minute per scope pays for a count. No goroutine is started:
// the counting happens in the requests.
type figures struct {
	mu      sync.Mutex
	entries map[string]*figure
}

type figure struct {
	ready    chan struct{} // closed when the first count ends
	val      any
	at       time.Time // when val was counted
	err      error     // the first count's failure; the next caller retries
	counting bool      // a caller is counting again
}

// get returns the figures of key, counting them with count when there are
// none yet or they are older than figuresTTL, and the time they were
// counted.
func (f *figures) get(ctx context.Context, key string, now time.Time, count func(context.Context) (any, error)) (any, time.Time, error) {
	f.mu.Lock()
	if f.entries == nil {
		f.entries = map[string]*figure{}
	}
	e, ok := f.entries[key]
	switch {
	case !ok:
		e = &figure{ready: make(chan struct{})}
		f.entries[key] = e
		f.mu.Unlock()
		val, err := count(ctx)
		f.mu.Lock()
		e.val, e.at, e.err = val, now, err
		if err != nil {
			delete(f.entries, key) // the next caller tries again
		}
		f.mu.Unlock()
		close(e.ready)
		return val, now, err
	case !isClosed(e.ready):
		f.mu.Unlock()
		select {
		case <-e.ready:
		case <-ctx.Done():
			return nil, time.Time{}, ctx.Err()
		}
		f.mu.Lock()
		val, at, err := e.val, e.at, e.err
		f.mu.Unlock()
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("cases: figures: %w", err)
		}
		return val, at, nil
	case now.Sub(e.at) >= figuresTTL && !e.counting:
		e.counting = true
		f.mu.Unlock()
		val, err := count(ctx)
		f.mu.Lock()
		e.counting = false
		if err == nil {
			e.val, e.at = val, now
		}
		val, at := e.val, e.at
		f.mu.Unlock()
		return val, at, err
	default:
		val, at := e.val, e.at
		f.mu.Unlock()
		return val, at, nil
	}
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
