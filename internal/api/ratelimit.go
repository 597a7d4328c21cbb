package api

import (
	"context"
	"math"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
)

// RateLimit bounds how often one client address may call the public
// operations (those anyone may call without logging in): a token bucket
// per address that holds Burst requests and refills at PerSecond. Staff
// operations are not limited here: their callers are known and audited.
type RateLimit struct {
	PerSecond float64 // sustained rate; 0 means 10; below 0 turns the limit off (load tests)
	Burst     int     // requests allowed at once; 0 means 40
}

// The default limit: a person paging through the directory on a phone
// never comes near it; a scraper does at once.
const (
	defaultPerSecond = 10
	defaultBurst     = 40
	// maxClients bounds the limiter's memory: the buckets of at most this
	// many client addresses are kept.
	maxClients = 10_000
)

// limiter is the token buckets of the client addresses. It has no
// goroutine: a bucket is refilled when its client next calls (lazily),
// and the map is pruned when it is full. A nil limiter allows everything.
type limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	max     int
	now     func() time.Time
	clients map[string]bucket
}

// bucket is one client's tokens as of a time.
type bucket struct {
	tokens float64
	at     time.Time
}

// newLimiter returns the limiter of c, or nil when c turns it off.
func newLimiter(c RateLimit, max int, now func() time.Time) *limiter {
	if c.PerSecond < 0 {
		return nil
	}
	if c.PerSecond == 0 {
		c.PerSecond = defaultPerSecond
	}
	if c.Burst <= 0 {
		c.Burst = defaultBurst
	}
	return &limiter{rate: c.PerSecond, burst: float64(c.Burst), max: max, now: now, clients: map[string]bucket{}}
}

// take spends one token of the client's bucket. When there is none it
// returns false and how long until there is one.
func (l *limiter) take(client string) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	key := clientKey(client)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.clients[key]
	if !ok {
		if len(l.clients) >= l.max {
			l.prune(now)
		}
		b = bucket{tokens: l.burst, at: now}
	}
	if now.After(b.at) { // a clock stepping back refills nothing
		b.tokens, b.at = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate), now
	}
	if b.tokens < 1 {
		l.clients[key] = b
		return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	l.clients[key] = b
	return true, 0
}

// prune makes room for new clients: first it forgets the buckets that
// have refilled (such a client is no different from a new one), then, if
// more than nine tenths of the room is still taken, arbitrary buckets down
// to that. Forgetting a busy client gives it a fresh burst: with more than
// maxClients addresses active at once, the limit errs on the side of
// serving, and memory stays bounded. Every prune frees at least a tenth
// of the room, so its cost is spread over as many new clients.
func (l *limiter) prune(now time.Time) {
	full := time.Duration(l.burst / l.rate * float64(time.Second))
	for k, b := range l.clients {
		if now.Sub(b.at) >= full {
			delete(l.clients, k)
		}
	}
	for k := range l.clients { // map order is arbitrary
		if len(l.clients) <= l.max*9/10 {
			break
		}
		delete(l.clients, k)
	}
}

// clientKey is the bucket of an address: an IPv4 address itself, an IPv6
// address its /64 (one subscriber's network, whose addresses cost nothing
// to change).
func clientKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is6() {
		return netip.PrefixFrom(a, 64).Masked().String()
	}
	return a.String()
}

// throttle spends one of the caller's public requests; over the limit it
// sets Retry-After (whole seconds) and returns the TooMany error.
func (h *Handler) throttle(ctx context.Context, setHeader func(k, v string)) error {
	ok, wait := h.limiter.take(audit.ClientFrom(ctx).IP)
	if ok {
		return nil
	}
	secs := strconv.Itoa(max(int(math.Ceil(wait.Seconds())), 1))
	setHeader("Retry-After", secs)
	return tiaojie.E(tiaojie.TooMany, codeRateLimited).With("seconds", secs)
}
