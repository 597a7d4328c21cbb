package funding_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/funding"
	"tiaojie/internal/notify"
)

// awardedRound opens the test round, has A and B apply, awards both and
// publishes the results on 2 April 2026: progress reports are due on 2
// October 2026, final reports on 2 April 2027.
func (e *env) awardedRound(t *testing.T) (appA, appB int64) {
	t.Helper()
	ctx := context.Background()
	in := round
	in.Experts = []int64{e.expert}
	rid, err := e.svc.OpenRound(ctx, e.bureau, in)
	if err != nil {
		t.Fatal(err)
	}
	apply := func(p *tiaojie.Principal, org int64) int64 {
		id, err := e.svc.Apply(ctx, p, rid, funding.ApplyInput{OrgID: org, Title: "家事调解进社区", Plan: "每月开展两次家事调解宣讲", Requested: 4000000})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	appA, appB = apply(e.adminA, e.a), apply(e.adminB, e.b)
	e.clock.Set(time.Date(2026, 4, 2, 9, 0, 0, 0, tiaojie.Beijing()))
	for _, app := range []int64{appA, appB} {
		if err := e.svc.Award(ctx, e.bureau, app, 4000000); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.svc.Publish(ctx, e.bureau, rid); err != nil {
		t.Fatal(err)
	}
	return appA, appB
}

// notices counts the venture report e-mails queued for project app, kind
// and stage.
func (e *env) notices(t *testing.T, app int64, kind tiaojie.VentureReportKind, stage tiaojie.ReportStage) int {
	t.Helper()
	var n int
	key := notify.KindEmail + ":venture.report:" + strconv.FormatInt(app, 10) + ":" + string(kind) + ":" + string(stage) + ":%"
	if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM jobs WHERE unique_key LIKE $1`, key).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// sweep runs the sweep at at (Beijing) and checks how many reminders it
// took.
func (e *env) sweep(t *testing.T, at time.Time, want int) {
	t.Helper()
	e.clock.Set(at)
	n, err := e.svc.Sweep(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Errorf("sweep on %s took %d reminders, want %d", tiaojie.Day(at), n, want)
	}
}

func (e *env) audited(t *testing.T, action string) int {
	t.Helper()
	var n int
	if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = $1`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestVentureReportReminders: a progress report coming due reminds the
// organization's admin once; late, it tells the admin and the bureau's
// funding staff once; a filed report is reminded no more, and the pages'
// lists show what is due and what is late.
func TestVentureReportReminders(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		appA, appB := e.awardedRound(t)
		bj := tiaojie.Beijing()

		e.sweep(t, time.Date(2026, 9, 26, 9, 0, 0, 0, bj), 0) // six days ahead: not yet
		e.sweep(t, time.Date(2026, 9, 27, 9, 0, 0, 0, bj), 2) // both progress reports due within five days
		e.sweep(t, time.Date(2026, 9, 28, 9, 0, 0, 0, bj), 0) // taken already
		for _, app := range []int64{appA, appB} {
			if n := e.notices(t, app, tiaojie.VentureProgress, tiaojie.ReportSoon); n != 1 {
				t.Errorf("project %d: %d due-soon notices, want 1 (its admin)", app, n)
			}
		}
		due, err := e.svc.DueReports(ctx, e.adminA)
		if err != nil || len(due) != 1 || due[0].ApplicationID != appA || due[0].DueOn != "2026-10-02" || !due[0].Soon() {
			t.Errorf("admin A's reports due: %+v (%v)", due, err)
		}

		// B files its progress report; A does not and is late on 3 October.
		if _, err := e.svc.FileReport(ctx, e.adminB, appB, tiaojie.VentureProgress, "已开展宣讲6场"); err != nil {
			t.Fatal(err)
		}
		e.sweep(t, time.Date(2026, 10, 3, 9, 0, 0, 0, bj), 1)
		e.sweep(t, time.Date(2026, 10, 20, 9, 0, 0, 0, bj), 0)
		if n := e.notices(t, appA, tiaojie.VentureProgress, tiaojie.ReportLate); n != 2 {
			t.Errorf("A's late report: %d notices, want 2 (its admin and the bureau)", n)
		}
		if n := e.notices(t, appB, tiaojie.VentureProgress, tiaojie.ReportLate); n != 0 {
			t.Errorf("B's filed report: %d late notices", n)
		}
		if n := e.audited(t, "venture.report_overdue"); n != 1 {
			t.Errorf("%d overdue reminders audited, want 1", n)
		}
		for _, tc := range []struct {
			who  string
			p    *tiaojie.Principal
			want []int64
		}{{"bureau", e.bureau, []int64{appA}}, {"admin A", e.adminA, []int64{appA}}, {"admin B", e.adminB, nil}} {
			due, err := e.svc.DueReports(ctx, tc.p)
			if err != nil || len(due) != len(tc.want) || len(due) == 1 && (due[0].ApplicationID != tc.want[0] || !due[0].Late()) {
				t.Errorf("%s's reports due: %+v (%v), want late %v", tc.who, due, err, tc.want)
			}
		}
		if _, err := e.svc.DueReports(ctx, e.expertP); kind(err) != "forbidden error.forbidden" {
			t.Errorf("an expert lists reports due: %v", err)
		}
		_, a, err := e.svc.Application(ctx, e.adminA, appA)
		if err != nil || len(a.Dues) != 2 || !a.Dues[0].Late() || a.Dues[1].DueOn != "2027-04-02" || a.Dues[1].Stage != tiaojie.ReportPending {
			t.Errorf("A's project dues: %+v (%v)", a, err)
		}
		_, list, err := e.svc.Applications(ctx, e.bureau, a.RoundID)
		if err != nil || len(list) != 2 || len(list[1].Dues) != 2 || !list[1].Dues[0].Filed {
			t.Errorf("the round's dues: %+v (%v)", list, err)
		}
		_, list, err = e.svc.Applications(ctx, e.public, a.RoundID)
		if err != nil || len(list) != 2 || list[0].Dues != nil || list[1].Dues != nil {
			t.Errorf("the public sees dues: %+v (%v)", list, err)
		}
		if _, b, err := e.svc.Application(ctx, e.adminB, appA); err != nil || b.Dues != nil {
			t.Errorf("admin B sees A's dues: %+v (%v)", b, err)
		}

		// A's final report settles both; B's final report comes due.
		if _, err := e.svc.FileReport(ctx, e.adminA, appA, tiaojie.VentureFinal, "项目已完成"); err != nil {
			t.Fatal(err)
		}
		e.sweep(t, time.Date(2027, 3, 30, 9, 0, 0, 0, bj), 1)
		if n := e.notices(t, appA, tiaojie.VentureFinal, tiaojie.ReportSoon); n != 0 {
			t.Errorf("A's filed final report: %d notices", n)
		}
		if n := e.notices(t, appB, tiaojie.VentureFinal, tiaojie.ReportSoon); n != 1 {
			t.Errorf("B's final report: %d due-soon notices, want 1", n)
		}
		if due, _ := e.svc.DueReports(ctx, e.adminA); len(due) != 0 {
			t.Errorf("admin A owes %+v after the final report", due)
		}
	})
}
