package room_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/keys"
	"tiaojie/internal/room"
)

// BenchmarkFanout connects 1,000 members to one case's room through the
// broker and posts to it, measuring the delay from a message's creation
// (inside the posting transaction) to its arrival in each member's stream.
//
// "paced" posts 100 messages a second, one second per iteration (run with
// -benchtime=5x for five seconds); "flood" posts as fast as one writer can
// for a second per iteration; "flood-alone" does so with no member
// connected, the cost of a post itself (transaction, audit row, notify).
// Metrics: p50-ms and p99-ms delivery latency, posts/s achieved,
// post-p99-ms (how long Post itself took) and deliveries/s.
//
//	go test -run '^$' -bench Fanout -benchtime 5x ./internal/room/
func BenchmarkFanout(b *testing.B) {
	for _, eng := range engines {
		for _, mode := range []struct {
			name    string
			members int
			rate    int // posts per second; 0 floods
		}{{"paced", 1000, 100}, {"flood", 1000, 0}, {"flood-alone", 0, 0}} {
			b.Run(eng.name+"/"+mode.name, func(b *testing.B) {
				benchFanout(b, eng.open(b), mode.members, mode.rate)
			})
		}
	}
}

// engines are the two configurations a deployment runs: SQLite with the
// in-process broker, PostgreSQL with LISTEN/NOTIFY.
var engines = []struct {
	name string
	open func(testing.TB) *db.DB
}{
	{"sqlite-local", dbtest.SQLite},
	{"postgres-pg", dbtest.Postgres},
}

func benchFanout(b *testing.B, d *db.DB, members, rate int) {
	m, _, err := keys.Generate()
	if err != nil {
		b.Fatal(err)
	}
	e := newEnvWith(b, d, m, clock.System{})
	poster := &tiaojie.Principal{UserID: 1, Name: "poster"}
	e.access.set(caseID, poster.UserID, room.Member{Name: "调解员", Role: room.Mediator, Parties: []string{"p"}, CanPost: true})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		delivered atomic.Int64
		wg        sync.WaitGroup
	)
	for i := range members {
		p := &tiaojie.Principal{UserID: int64(1000 + i), Name: "member"}
		e.access.set(caseID, p.UserID, room.Member{Name: "当事人", Role: room.Party, PartyKey: "p", CanPost: true})
		st, err := e.svc.Subscribe(ctx, p, caseID, -1)
		if err != nil {
			b.Fatal(err)
		}
		wg.Go(func() {
			defer st.Close()
			var mine []time.Duration
			defer func() {
				mu.Lock()
				latencies = append(latencies, mine...)
				mu.Unlock()
			}()
			for {
				select {
				case <-ctx.Done():
					return
				case <-st.Ready():
					msgs, err := st.Next(ctx)
					if err != nil {
						return
					}
					now := time.Now()
					for _, msg := range msgs {
						mine = append(mine, now.Sub(msg.CreatedAt))
					}
					delivered.Add(int64(len(msgs)))
				}
			}
		})
	}

	posted := 0
	var postTime time.Duration
	var postLat []time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		postLat = postFor(b, e, poster, time.Second, rate, postLat)
		postTime += time.Since(t0)
	}
	posted = len(postLat)
	b.StopTimer()
	want := int64(posted * members)
	for deadline := time.Now().Add(30 * time.Second); delivered.Load() < want && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	if got := delivered.Load(); got != want {
		b.Fatalf("delivered %d of %d", got, want)
	}
	b.ReportMetric(float64(posted)/postTime.Seconds(), "posts/s")
	slices.Sort(postLat)
	b.ReportMetric(float64(postLat[len(postLat)*99/100])/float64(time.Millisecond), "post-p99-ms")
	if members == 0 {
		return
	}
	slices.Sort(latencies)
	pct := func(q float64) float64 {
		return float64(latencies[int(q*float64(len(latencies)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(want)/postTime.Seconds(), "deliveries/s")
}

// postFor posts for d, at rate posts a second or as fast as it can, and
// appends how long each post took to lat.
func postFor(b *testing.B, e *env, p *tiaojie.Principal, d time.Duration, rate int, lat []time.Duration) []time.Duration {
	ctx := context.Background()
	begin := time.Now()
	end := begin.Add(d)
	n := 0
	for time.Now().Before(end) {
		// Post n is due at begin + n/rate; a late post is sent at once, so
		// a slow post does not lower the rate unless posts are slower than
		// it on average.
		if rate > 0 {
			time.Sleep(time.Until(begin.Add(time.Duration(n) * time.Second / time.Duration(rate))))
		}
		t0 := time.Now()
		if _, err := e.svc.Post(ctx, p, caseID, room.Main, fmt.Sprint("消息 ", n), ""); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		n++
	}
	return lat
}
