package search

import (
	"context"
	"time"

	"tiaojie"
)

// Gate bounds how many directory searches run at once. A search is CPU
// and connection bound: with no bound, a burst of clients makes every
// search advance together and finish late, past the clients' patience,
// and throughput falls below what one client gets (docs/PERFORMANCE.md,
// "Overload collapses"). With the gate, searches beyond the bound wait
// their turn for a short while and are then refused with 503, so those
// admitted finish in their normal time. A nil *Gate admits everything.
type Gate struct {
	slots chan struct{}
	wait  time.Duration
}

// NewGate admits n searches at once; a search that finds no slot within
// wait is refused.
func NewGate(n int, wait time.Duration) *Gate {
	return &Gate{slots: make(chan struct{}, max(n, 1)), wait: wait}
}

// Enter waits for a slot and returns the function that gives it back.
// It fails with Unavailable ("search.busy") when no slot frees within the
// gate's wait, and with the context's error when the caller goes away.
func (g *Gate) Enter(ctx context.Context) (release func(), err error) {
	if g == nil {
		return func() {}, nil
	}
	select {
	case g.slots <- struct{}{}:
		return g.release, nil
	default:
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.release, nil
	case <-t.C:
		return nil, tiaojie.E(tiaojie.Unavailable, "search.busy")
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (g *Gate) release() { <-g.slots }
