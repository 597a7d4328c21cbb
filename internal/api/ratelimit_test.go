package api

import (
	"fmt"
	"testing"
	"time"
)

// fakeTime is a clock the limiter tests move by hand.
type fakeTime struct{ t time.Time }

func (f *fakeTime) now() time.Time { return f.t }

func TestLimiterRefillsLazily(t *testing.T) {
	clock := &fakeTime{t: time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)}
	l := newLimiter(RateLimit{PerSecond: 2, Burst: 4}, 100, clock.now)
	for i := range 4 {
		if ok, _ := l.take("192.0.2.1"); !ok {
			t.Fatalf("request %d refused within the burst", i+1)
		}
	}
	ok, wait := l.take("192.0.2.1")
	if ok || wait != 500*time.Millisecond {
		t.Errorf("over the burst: ok %v, wait %v; want a refusal for 500ms", ok, wait)
	}
	clock.t = clock.t.Add(499 * time.Millisecond)
	if ok, _ := l.take("192.0.2.1"); ok {
		t.Error("allowed before a token refilled")
	}
	clock.t = clock.t.Add(time.Millisecond)
	if ok, _ := l.take("192.0.2.1"); !ok {
		t.Error("refused after a token refilled")
	}
	clock.t = clock.t.Add(time.Hour) // refills to the burst, not beyond
	for i := range 5 {
		if ok, _ := l.take("192.0.2.1"); ok != (i < 4) {
			t.Errorf("after an hour, request %d: ok %v", i+1, ok)
		}
	}
	if ok, _ := l.take("192.0.2.2"); !ok {
		t.Error("another address shares the bucket")
	}
	clock.t = clock.t.Add(-time.Minute) // a clock stepping back refills nothing
	if ok, _ := l.take("192.0.2.1"); ok {
		t.Error("a clock stepping back refilled the bucket")
	}
}

func TestLimiterStaysBounded(t *testing.T) {
	clock := &fakeTime{t: time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)}
	l := newLimiter(RateLimit{PerSecond: 1, Burst: 2}, 10, clock.now)
	for i := range 10 {
		l.take(fmt.Sprintf("198.51.100.%d", i))
	}
	// All ten refill within two seconds; a new client then finds them
	// forgotten rather than evicting a busy one.
	clock.t = clock.t.Add(2 * time.Second)
	l.take("198.51.100.200")
	l.take("198.51.100.200")
	if n := len(l.clients); n != 1 {
		t.Errorf("%d buckets after pruning refilled ones, want 1", n)
	}
	// Busy clients beyond the bound: the map never grows past it.
	for i := range 1000 {
		l.take(fmt.Sprintf("10.%d.%d.%d", i/65536, i/256%256, i%256))
		l.take(fmt.Sprintf("2001:db8:%x::1", i))
		if n := len(l.clients); n > 10 {
			t.Fatalf("%d buckets, bound 10", n)
		}
	}
}

func TestClientKey(t *testing.T) {
	for _, tc := range []struct{ ip, want string }{
		{"192.0.2.1", "192.0.2.1"},
		{"::ffff:192.0.2.1", "192.0.2.1"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:db8:1:2::ffff", "2001:db8:1:2::/64"},
		{"", ""},
		{"not an address", "not an address"},
	} {
		if got := clientKey(tc.ip); got != tc.want {
			t.Errorf("clientKey(%q) = %q, want %q", tc.ip, got, tc.want)
		}
	}
}

func TestLimiterOff(t *testing.T) {
	if l := newLimiter(RateLimit{PerSecond: -1}, 10, time.Now); l != nil {
		t.Fatal("a negative rate should turn the limit off")
	}
	var l *limiter
	if ok, _ := l.take("192.0.2.1"); !ok {
		t.Error("a nil limiter refused")
	}
}
