package room_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/room"
)

// collect reads st until it has a message with the body last, failing
// after five seconds.
func collect(t testing.TB, st *room.Stream, last string) []room.Message {
	t.Helper()
	var got []room.Message
	timeout := time.After(5 * time.Second)
	for {
		select {
		case <-st.Ready():
			msgs, err := st.Next(context.Background())
			if err != nil {
				t.Fatalf("next: %v (after %v)", err, bodies(got))
			}
			got = append(got, msgs...)
			for _, m := range msgs {
				if m.Body == last {
					return got
				}
			}
		case <-timeout:
			t.Fatalf("no %q within 5 s; got %v", last, bodies(got))
		}
	}
}

func subscribe(t testing.TB, e *env, p *tiaojie.Principal, after int64) *room.Stream {
	t.Helper()
	st, err := e.svc.Subscribe(context.Background(), p, caseID, after)
	if err != nil {
		t.Fatalf("subscribe %s: %v", p.Name, err)
	}
	t.Cleanup(st.Close)
	return st
}

// TestStreamCaucusIsolation checks the live side of caucus isolation:
// each member's stream carries exactly the channels they read.
func TestStreamCaucusIsolation(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		streams := map[*tiaojie.Principal]*room.Stream{}
		for _, p := range []*tiaojie.Principal{mediator, applicant, respondent, observer} {
			streams[p] = subscribe(t, e, p, -1)
		}
		post(t, e, mediator, room.Main, "A 公开")
		post(t, e, applicant, room.Caucus("applicant"), "B 申请人私下")
		post(t, e, mediator, room.Caucus("respondent"), "C 被申请人私下")
		post(t, e, respondent, room.Main, "D 公开")
		for p, want := range map[*tiaojie.Principal][]string{
			mediator:   {"A 公开", "B 申请人私下", "C 被申请人私下", "D 公开"},
			applicant:  {"A 公开", "B 申请人私下", "D 公开"},
			respondent: {"A 公开", "C 被申请人私下", "D 公开"},
			observer:   {"A 公开", "D 公开"},
		} {
			got := collect(t, streams[p], "D 公开")
			if diff := cmp.Diff(want, bodies(got)); diff != "" {
				t.Errorf("%s's stream (-want +got):\n%s", p.Name, diff)
			}
			for _, m := range got {
				if m.Mine != (m.AuthorID == p.UserID) {
					t.Errorf("%s: Mine wrong on %q", p.Name, m.Body)
				}
			}
		}
	})
}

// TestStreamResumeAndOverflow resumes after a known id, then lets a stream
// fall far behind (more than its queue holds) and checks that it still
// returns every message once, in order, by reading the database.
func TestStreamResumeAndOverflow(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var ids []int64
		for i := range 5 {
			ids = append(ids, post(t, e, applicant, room.Main, fmt.Sprint("m", i)).ID)
		}
		st := subscribe(t, e, respondent, ids[1])
		if diff := cmp.Diff([]string{"m2", "m3", "m4"}, bodies(collect(t, st, "m4"))); diff != "" {
			t.Errorf("resumed (-want +got):\n%s", diff)
		}
		// A cursor beyond the newest message starts at the newest.
		ahead := subscribe(t, e, respondent, 1<<40)

		const n = 300 // more than a stream's queue
		var want []string
		for i := range n {
			b := fmt.Sprint("burst ", i)
			want = append(want, b)
			post(t, e, mediator, room.Main, b)
		}
		got := collect(t, st, want[n-1])
		if diff := cmp.Diff(want, bodies(got)); diff != "" {
			t.Errorf("after falling behind (-want +got):\n%s", diff)
		}
		if got := collect(t, ahead, want[n-1]); len(got) != n {
			t.Errorf("stream with a cursor ahead got %d messages, want %d", len(got), n)
		}
	})
}

// TestStreamConcurrentPosts posts from many goroutines at once: on
// PostgreSQL ids are taken before commit, so without the per-case lock a
// later id could commit first and an earlier one be skipped.
func TestStreamConcurrentPosts(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		st := subscribe(t, e, mediator, -1)
		const writers, each = 8, 25
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				p := []*tiaojie.Principal{applicant, respondent}[w%2]
				for i := range each {
					if _, err := e.svc.Post(context.Background(), p, caseID, room.Main, fmt.Sprint(w, "-", i), ""); err != nil {
						t.Errorf("post: %v", err)
					}
				}
			})
		}
		wg.Wait()
		post(t, e, mediator, room.Main, "end")
		got := collect(t, st, "end")
		if len(got) != writers*each+1 {
			t.Errorf("got %d messages, want %d", len(got), writers*each+1)
		}
		for i := 1; i < len(got); i++ {
			if got[i].ID <= got[i-1].ID {
				t.Fatalf("out of order or repeated at %d: %d after %d", i, got[i].ID, got[i-1].ID)
			}
		}
	})
}

func TestStreamEnds(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		st := subscribe(t, e, respondent, -1)
		// A member removed from the case fails the next check.
		e.access.remove(caseID, respondent.UserID)
		if err := st.Refresh(ctx); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("refresh after removal: %v", err)
		}
		// Closing the service ends every stream and refuses new ones.
		live := subscribe(t, e, applicant, -1)
		e.svc.Close()
		select {
		case <-live.Ready():
		case <-time.After(5 * time.Second):
			t.Fatal("stream not woken by Close")
		}
		if _, err := live.Next(ctx); err == nil {
			t.Error("Next after Close succeeded")
		}
		if _, err := e.svc.Subscribe(ctx, applicant, caseID, -1); err == nil {
			t.Error("Subscribe after Close succeeded")
		}
	})
}

// TestBrokerDropsInsteadOfBlocking fills a subscription that nobody reads:
// the publisher never blocks, and the drop is counted.
func TestBrokerDropsInsteadOfBlocking(t *testing.T) {
	b := room.NewLocalBroker()
	defer b.Close()
	slow, cancelSlow := b.Subscribe(1)
	defer cancelSlow()
	fast, cancelFast := b.Subscribe(1)
	defer cancelFast()
	other, cancelOther := b.Subscribe(2)
	defer cancelOther()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 1000 {
			b.Publish(room.Event{CaseID: 1, MessageID: int64(i + 1)})
		}
	}()
	var fastGot int
	for fastGot < 1000 {
		select {
		case <-fast:
			fastGot++
		case <-done:
			// The publisher finished; count what remains queued.
			for len(fast) > 0 {
				<-fast
				fastGot++
			}
			if b.Dropped() == 0 {
				t.Error("nothing dropped for the subscriber that never reads")
			}
			if len(slow) != cap(slow) {
				t.Errorf("slow subscriber holds %d of %d", len(slow), cap(slow))
			}
			if len(other) != 0 {
				t.Errorf("another case's subscriber got %d events", len(other))
			}
			return
		case <-time.After(5 * time.Second):
			t.Fatal("publisher blocked")
		}
	}
}
