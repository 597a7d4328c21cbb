package room_test

import (
	"context"
	"testing"
	"time"

	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/keys"
	"tiaojie/internal/room"
)

// twoInstances opens the same PostgreSQL schema twice, as two servers
// behind a load balancer would, each with its own pool, PGBroker (own
// LISTEN connection) and Service. It skips without TIAOJIE_TEST_POSTGRES.
func twoInstances(t *testing.T) (a, b *env) {
	t.Helper()
	url := dbtest.PostgresURL(t)
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	open := func() *env {
		d, err := db.Open(context.Background(), url, db.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return newEnvWith(t, d, m, clock.System{})
	}
	return open(), open()
}

// TestTwoInstances posts on instance A and reads on instance B: a member
// connected to B gets a main-channel message within a second, and never
// another party's caucus.
func TestTwoInstances(t *testing.T) {
	a, b := twoInstances(t)
	srvB := sseServer(t, b.svc)
	app, _ := openSSE(t, srvB.URL, applicant, "")
	resp, _ := openSSE(t, srvB.URL, respondent, "")
	stB := subscribe(t, b, applicant, -1)

	sent := time.Now()
	m1 := post(t, a, mediator, room.Main, "A 上发的公开消息")
	_, got := app.next(t)
	if lat := time.Since(sent); lat > time.Second {
		t.Errorf("message reached instance B after %v, want under 1 s", lat)
	}
	if got.ID != m1.ID {
		t.Errorf("applicant on B got %q", got.Body)
	}
	if _, got := resp.next(t); got.ID != m1.ID {
		t.Errorf("respondent on B got %q", got.Body)
	}

	// A caucus with the respondent, then a public message: the applicant's
	// next event on B is the public one.
	post(t, a, mediator, room.Caucus("respondent"), "A 上发给被申请人的私下消息")
	m3 := post(t, a, respondent, room.Main, "A 上的第二条公开消息")
	if _, got := app.next(t); got.ID != m3.ID {
		t.Errorf("applicant on B got %q (id %d), want the public message %d", got.Body, got.ID, m3.ID)
	}
	if _, got := resp.next(t); got.Body != "A 上发给被申请人的私下消息" {
		t.Errorf("respondent on B got %q, want the caucus message", got.Body)
	}
	if msgs := collect(t, stB, m3.Body); len(msgs) != 2 || msgs[0].ID != m1.ID || msgs[1].ID != m3.ID {
		t.Errorf("applicant's stream on B = %v", bodies(msgs))
	}

	// And the other way round.
	m4 := post(t, b, applicant, room.Main, "B 上发的消息")
	stA := subscribe(t, a, mediator, m3.ID)
	if msgs := collect(t, stA, m4.Body); len(msgs) != 1 {
		t.Errorf("mediator's stream on A = %v", bodies(msgs))
	}
}

// TestPGBrokerReconnects kills the broker's LISTEN connection: the broker
// reconnects, and a message posted while it was down still arrives,
// because reconnecting makes every subscriber read again.
func TestPGBrokerReconnects(t *testing.T) {
	e := newEnv(t, dbtest.Postgres(t))
	ctx := context.Background()
	st := subscribe(t, e, applicant, -1)
	post(t, e, mediator, room.Main, "before")
	collect(t, st, "before")

	var schema string
	if err := e.db.Writer().QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	var killed bool
	err := e.db.Writer().QueryRowContext(ctx, `
		SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE query LIKE 'LISTEN %' AND query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()`, schema).Scan(&killed)
	if err != nil || !killed {
		t.Fatalf("terminate the LISTEN connection: %v, %v", killed, err)
	}
	post(t, e, mediator, room.Main, "while reconnecting")
	post(t, e, mediator, room.Main, "after")
	got := collect(t, st, "after")
	if len(got) != 2 || got[0].Body != "while reconnecting" {
		t.Errorf("after reconnecting got %v", bodies(got))
	}
}
