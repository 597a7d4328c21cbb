package stats

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// cacheTTL is how long a scope's case figures are served before they are
// read from the rollup again. The rollup itself moves every five minutes
// (the job), so a minute adds little staleness, while a bureau's dashboard
// reloaded by several people reads the rollup once a minute.
const cacheTTL = time.Minute

// cache keeps the case figures per scope and filter. Refresh empties it
// on this instance; others see the new months within cacheTTL.
type cache struct {
	mu      sync.Mutex
	entries map[string]cached
}

type cached struct {
	d  *Dashboard
	at time.Time
}

func cacheKey(sc scope, f Filter) string {
	return fmt.Sprint(sc.district, sc.townships, sc.orgs, f.Period.From, f.Period.To, f.Township)
}

// get returns a copy of the cached figures of key, counting them with
// count when they are missing or older than cacheTTL.
func (c *cache) get(ctx context.Context, key string, now time.Time, count func(context.Context) (*Dashboard, error)) (*Dashboard, error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if !ok || now.Sub(e.at) >= cacheTTL || now.Before(e.at) {
		d, err := count(ctx)
		if err != nil {
			return nil, err
		}
		e = cached{d: d, at: now}
		c.mu.Lock()
		if c.entries == nil || len(c.entries) > 1000 {
			c.entries = map[string]cached{}
		}
		c.entries[key] = e
		c.mu.Unlock()
	}
	d := *e.d // the callers add their own sections; the slices are shared and read-only
	return &d, nil
}

func (c *cache) clear() {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
}
