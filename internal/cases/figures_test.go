package cases

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestFigures: callers of a scope share one count (those who come while
// it runs wait for it); figures are served until they are figuresTTL old,
// then the next caller counts again while the others keep the previous
// value; a failed first count is not kept; scopes are apart.
func TestFigures(t *testing.T) {
	var f figures
	ctx := context.Background()
	t0 := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	var counted atomic.Int32
	release := make(chan struct{})
	slow := func(context.Context) (any, error) {
		counted.Add(1)
		<-release
		return int(counted.Load()), nil
	}

	var wg sync.WaitGroup
	got := make([]any, 8)
	for i := range got {
		wg.Go(func() {
			v, _, err := f.get(ctx, "bureau", t0, slow)
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		})
	}
	for counted.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // let the others reach the wait
	close(release)
	wg.Wait()
	for i, v := range got {
		if v != 1 {
			t.Errorf("caller %d got %v, want the one count's 1", i, v)
		}
	}
	if n := counted.Load(); n != 1 {
		t.Fatalf("%d counts for 8 concurrent callers, want 1", n)
	}

	if v, at, _ := f.get(ctx, "bureau", t0.Add(figuresTTL-time.Second), slow); v != 1 || !at.Equal(t0) {
		t.Errorf("within the TTL: %v counted at %v, want 1 at %v", v, at, t0)
	}
	later := t0.Add(figuresTTL)
	if v, at, _ := f.get(ctx, "bureau", later, slow); v != 2 || !at.Equal(later) {
		t.Errorf("after the TTL: %v counted at %v, want a new count", v, at)
	}
	if v, _, _ := f.get(ctx, "township", later, slow); v != 3 {
		t.Errorf("another scope: %v, want its own count", v)
	}

	boom := errors.New("boom")
	if _, _, err := f.get(ctx, "org", t0, func(context.Context) (any, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("failed count: %v", err)
	}
	if v, _, err := f.get(ctx, "org", t0, slow); err != nil || v != 4 {
		t.Errorf("after a failed count: %v, %v; want a new count", v, err)
	}
}
