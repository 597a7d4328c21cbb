package cases_test

import (
	"context"
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
