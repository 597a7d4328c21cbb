package cases_test

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"

	"tiaojie"
	"tiaojie/internal/cases"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

// BenchmarkTransitions measures lifecycle steps per second through the
// service (rules, scope, version guard, history row, audit row, the
// invitation enqueued), on SQLite and, with TIAOJIE_TEST_POSTGRES, on
// PostgreSQL. Each iteration files a case at the desk, routes it and
// accepts it (file number, deadlines from the calendar, invitation): three
// steps, each its own transaction. Reported as steps/s.
//
//	go test ./internal/cases -run '^$' -bench Transitions -benchtime 1000x
func BenchmarkTransitions(b *testing.B) {
	for _, engine := range []struct {
		name string
		open func(testing.TB) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(engine.name, func(b *testing.B) {
			e := newEnv(b, engine.open(b))
			ctx := context.Background()
			n := 0
			for b.Loop() {
				id, err := e.svc.File(ctx, e.township, application())
				if err != nil {
					b.Fatal(err)
				}
				if err := e.svc.Act(ctx, e.township, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: e.org}); err != nil {
					b.Fatal(err)
				}
				if err := e.svc.Act(ctx, e.orgAdmin, id, cases.Step{Action: tiaojie.CaseAccept}); err != nil {
					b.Fatal(err)
				}
				n += 3
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "steps/s")
		})
	}
}

// BenchmarkTransitionsParallel is BenchmarkTransitions with 16 clients at
// once (b.SetParallelism(8) on the machine's cores is too many for SQLite's
// one writer to show more than queueing; 16 in all shows whether audited
// transactions overlap). On PostgreSQL it measures how long each
// transaction holds the audit head's row lock: every audited transaction
// waits for it.
//
//	go test ./internal/cases -run '^$' -bench TransitionsParallel -benchtime 2000x
func BenchmarkTransitionsParallel(b *testing.B) {
	for _, engine := range []struct {
		name string
		open func(testing.TB) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(engine.name, func(b *testing.B) {
			e := newEnv(b, engine.open(b))
			ctx := context.Background()
			b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
			var n atomic.Int64
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					id, err := e.svc.File(ctx, e.township, application())
					if err == nil {
						err = e.svc.Act(ctx, e.township, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: e.org})
					}
					if err == nil {
						err = e.svc.Act(ctx, e.orgAdmin, id, cases.Step{Action: tiaojie.CaseAccept})
					}
					if err != nil {
						b.Error(err)
						return
					}
					n.Add(3)
				}
			})
			b.ReportMetric(float64(n.Load())/b.Elapsed().Seconds(), "steps/s")
		})
	}
}
