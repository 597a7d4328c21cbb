package auth

import (
	"sync"
	"time"

	"tiaojie/internal/clock"
)

// limiter counts events per key in fixed windows, in memory. It slows down
// guessing from one address; the lockout and the per-phone code limits are
// kept in the database so that they hold across instances as well.
type limiter struct {
	mu     sync.Mutex
	clock  clock.Clock
	counts map[string]*window
}

type window struct {
	start time.Time
	n     int
}

func newLimiter(c clock.Clock) *limiter {
	return &limiter{clock: c, counts: map[string]*window{}}
}

// allow counts one event for key and reports whether it is within limit
// events per period.
func (l *limiter) allow(key string, limit int, period time.Duration) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	w := l.counts[key]
	if w == nil || now.Sub(w.start) >= period {
		if len(l.counts) > 100_000 {
			l.sweep(now, period)
		}
		w = &window{start: now}
		l.counts[key] = w
	}
	w.n++
	return w.n <= limit
}

// sweep drops windows older than period, so an attacker rotating keys
// cannot grow the map without bound.
func (l *limiter) sweep(now time.Time, period time.Duration) {
	for k, w := range l.counts {
		if now.Sub(w.start) >= period {
			delete(l.counts, k)
		}
	}
}
