package search_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/search"
)

// TestGate: the gate admits n at once, refuses the next with Unavailable
// once its wait is over, admits again when a slot is given back, and lets
// a caller who goes away leave at once; a nil gate admits everything.
func TestGate(t *testing.T) {
	g := search.NewGate(2, 20*time.Millisecond)
	ctx := context.Background()
	r1, err := g.Enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := g.Enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Enter(ctx); tiaojie.ErrorKind(err) != tiaojie.Unavailable {
		t.Fatalf("third search with two slots taken: %v, want Unavailable", err)
	}
	done := make(chan error, 1)
	go func() {
		r, err := search.NewGate(1, time.Hour).Enter(ctx)
		r()
		done <- err
	}()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	r1()
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	r3, err := g.Enter(ctx)
	if err != nil {
		t.Fatalf("a free slot after the release: %v", err)
	}
	if _, err := g.Enter(cctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller: %v", err)
	}
	r2()
	r3()
	var nilGate *search.Gate
	r, err := nilGate.Enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r()
}
