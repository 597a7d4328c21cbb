package training_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/training"
)

// plan is the session of the tests moved by d, its deadline with it.
func plan(d time.Duration, capacity int) tiaojie.SessionPlan {
	return tiaojie.SessionPlan{Start: sessionStart.Add(d), End: sessionStart.Add(d + 4*time.Hour),
		Deadline: sessionStart.Add(d - 39*time.Hour), Capacity: capacity}
}

// state is what a refused change must leave as it was: the session's
// row, its enrolments, the notices queued and the changes audited.
func (e *env) state(t *testing.T, session int64) string {
	t.Helper()
	var start time.Time
	var place, reason string
	var capacity, version int
	err := e.db.Reader().QueryRow(`SELECT starts_at, place, capacity, version, cancel_reason FROM training_sessions WHERE id = $1`, session).
		Scan(&start, &place, &capacity, &version, &reason)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join([]string{start.UTC().Format(time.RFC3339), place, itoa(int64(capacity)), itoa(int64(version)), reason,
		itoa(int64(e.count(t, `SELECT COUNT(*) FROM training_enrolments WHERE session_id = $1 AND status = 'enrolled'`, session))),
		itoa(int64(e.count(t, `SELECT COUNT(*) FROM training_sessions WHERE cancelled_at IS NOT NULL`))),
		itoa(int64(len(e.notes.keys))),
		itoa(int64(e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'training.session.%' AND outcome = 'ok'`))),
	}, " | ")
}

// enrolTwo enrols m1 (who has an e-mail address) and m2 (who has none)
// in a session of three places.
func (e *env) enrolTwo(t *testing.T) (session, en1 int64) {
	t.Helper()
	_, s := e.course(t, 3)
	for _, m := range []int64{e.m1, e.m2} {
		if _, err := e.svc.Enrol(context.Background(), bureau, s, m); err != nil {
			t.Fatal(err)
		}
	}
	return s, e.enrolmentOf(t, s, e.m1)
}

// TestUpdateSession: the organizer moves a session before it begins and
// each enrolled mediator with an address is told once; refusals and bad
// input change nothing; after the start nothing is changed.
func TestUpdateSession(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		s, en1 := e.enrolTwo(t)
		e.clock.Set(sessionStart.Add(-20 * time.Hour)) // the day before: reminded at the first start
		if n, err := e.svc.Sweep(ctx); err != nil || n != 1 {
			t.Fatalf("Sweep = %d, %v", n, err)
		}
		ok := training.SessionInput{Place: "区司法局四楼多功能厅", Plan: plan(48*time.Hour, 3)}
		badLink := ok
		badLink.Link = "ftp://x"
		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			in   training.SessionInput
			want string
		}{
			{"an org's admin", e.adminA, ok, "forbidden error.forbidden"},
			{"a township office, of a bureau course", cqOffice, ok, "not_found error.not_found"},
			{"fewer places than enrolled", bureau, training.SessionInput{Place: "x", Plan: plan(48*time.Hour, 1)}, "invalid capacity:course.capacity_below_taken"},
			{"a start already past", bureau, training.SessionInput{Place: "x", Plan: plan(-21*time.Hour, 3)}, "invalid start:course.start_past"},
			{"AddSession's rules", bureau, badLink, "invalid link:course.link_invalid"},
			{"no place", bureau, training.SessionInput{Plan: plan(48*time.Hour, 3)}, "invalid place:course.place_required"},
		} {
			before := e.state(t, s)
			if err := e.svc.UpdateSession(ctx, tc.p, s, tc.in); kindCode(err) != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, kindCode(err), tc.want)
			}
			if after := e.state(t, s); after != before {
				t.Errorf("%s changed %s → %s", tc.name, before, after)
			}
		}

		// Moved two days on to another room: m1 is told, m2 has no address.
		for range 2 { // the same change saved twice is told once
			if err := e.svc.UpdateSession(ctx, bureau, s, ok); err != nil {
				t.Fatal(err)
			}
		}
		x, list, err := e.svc.Session(ctx, bureau, s)
		if err != nil {
			t.Fatal(err)
		}
		if !x.Plan.Start.Equal(sessionStart.Add(48*time.Hour)) || x.Place != "区司法局四楼多功能厅" || x.Version != 1 || len(list) != 2 {
			t.Errorf("after the move: %+v, %d enrolments", x, len(list))
		}
		want := []string{"training.session:" + itoa(en1) + "→m1@example.cn", "training.session.change:" + itoa(en1) + ":1→m1@example.cn"}
		if strings.Join(e.notes.keys, " ") != strings.Join(want, " ") {
			t.Fatalf("notices %v, want %v", e.notes.keys, want)
		}
		n := e.notes.notices[1]
		for _, part := range []string{"蒋华，您好", "2026年人民调解员统一职业培训", "原定于2026年5月10日 09:00在区司法局三楼会议室举行",
			"现变更为2026年5月12日 09:00在区司法局四楼多功能厅举行", "https://t.example/staff/training/sessions/" + itoa(s)} {
			if !strings.Contains(n.Subject+n.Text, part) {
				t.Errorf("the notice lacks %q:\n%s\n%s", part, n.Subject, n.Text)
			}
		}
		if c := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'training.session.update' AND outcome = 'ok' AND object_id = $1`, itoa(s)); c != 2 {
			t.Errorf("%d updates audited, want 2", c)
		}

		// More places only: nobody is told.
		more := ok
		more.Plan.Capacity = 10
		if err := e.svc.UpdateSession(ctx, bureau, s, more); err != nil {
			t.Fatal(err)
		}
		if len(e.notes.keys) != 2 {
			t.Errorf("a change of places told the mediators: %v", e.notes.keys)
		}
		// The day before the new start, reminded again.
		e.clock.Set(sessionStart.Add(28 * time.Hour))
		if n, err := e.svc.Sweep(ctx); err != nil || n != 1 || e.notes.keys[2] != "training.session:"+itoa(en1)+":v1→m1@example.cn" {
			t.Errorf("Sweep after the move = %d, %v; notices %v", n, err, e.notes.keys)
		}

		// Once begun, nothing is changed; the refusal is audited.
		e.clock.Set(sessionStart.Add(48 * time.Hour))
		before := e.state(t, s)
		denied := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'training.session.update' AND outcome = 'denied'`)
		later := ok
		later.Plan = plan(72*time.Hour, 3)
		if err := e.svc.UpdateSession(ctx, bureau, s, later); kindCode(err) != "conflict course.session_started" {
			t.Errorf("after the start: %q", kindCode(err))
		}
		if after := e.state(t, s); after != before {
			t.Errorf("after the start: %s → %s", before, after)
		}
		if c := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'training.session.update' AND outcome = 'denied'`); c != denied+1 {
			t.Errorf("denied updates %d → %d", denied, c)
		}
	})
}

// TestCancelSession: the organizer cancels a session with a reason and
// each enrolled mediator with an address is told it; the enrolments stay,
// and nothing more happens to the session: no enrolment, withdrawal,
// change, second cancellation, attendance or reminder.
func TestCancelSession(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		s, en1 := e.enrolTwo(t)
		for _, tc := range []struct {
			name   string
			p      *tiaojie.Principal
			reason string
			want   string
		}{
			{"no reason", bureau, " \n ", "invalid reason:course.cancel_reason"},
			{"a reason too long", bureau, strings.Repeat("因", tiaojie.MaxCancelReason+1), "invalid reason:course.cancel_reason"},
			{"an org's admin", e.adminA, "x", "forbidden error.forbidden"},
			{"a township office, of a bureau course", cqOffice, "x", "not_found error.not_found"},
		} {
			before := e.state(t, s)
			if err := e.svc.CancelSession(ctx, tc.p, s, tc.reason); kindCode(err) != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, kindCode(err), tc.want)
			}
			if after := e.state(t, s); after != before {
				t.Errorf("%s changed %s → %s", tc.name, before, after)
			}
		}
		if err := e.svc.CancelSession(ctx, bureau, s, " 授课老师因公出差，本场次取消，另行通知。 "); err != nil {
			t.Fatal(err)
		}
		want := "training.session.cancel:" + itoa(en1) + "→m1@example.cn"
		if len(e.notes.keys) != 1 || e.notes.keys[0] != want {
			t.Fatalf("notices %v, want [%s]", e.notes.keys, want)
		}
		if n := e.notes.notices[0]; !strings.Contains(n.Subject, "培训取消") || !strings.Contains(n.Text, "取消原因：授课老师因公出差，本场次取消，另行通知。\n") {
			t.Errorf("the notice:\n%s\n%s", n.Subject, n.Text)
		}
		x, list, err := e.svc.Session(ctx, e.selfUser, s)
		if err != nil {
			t.Fatal(err)
		}
		if !x.Cancelled() || x.CancelReason != "授课老师因公出差，本场次取消，另行通知。" || len(list) != 1 || list[0].Status != tiaojie.EnrolEnrolled {
			t.Errorf("the mediator sees %+v, %+v", x, list)
		}
		if c := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'training.session.cancel' AND outcome = 'ok' AND object_id = $1`, itoa(s)); c != 1 {
			t.Errorf("%d cancellations audited", c)
		}
		up, err := e.svc.Upcoming(ctx, e.selfUser)
		if err != nil || len(up) != 1 || !up[0].Cancelled() {
			t.Errorf("upcoming = %+v, %v", up, err)
		}
		mine, err := e.svc.EnrolmentsOf(ctx, e.selfUser, e.m1)
		if err != nil || len(mine) != 1 || mine[0].Session.CancelReason == "" {
			t.Errorf("the mediator's enrolments = %+v, %v", mine, err)
		}

		// Nothing more: each refused, audited, and nothing changed.
		const cancelled = "conflict course.session_cancelled"
		en2 := e.enrolmentOf(t, s, e.m2)
		for _, tc := range []struct {
			name, action string
			run          func() error
		}{
			{"enrol", "training.enrol", func() error { _, err := e.svc.Enrol(ctx, bureau, s, e.m3); return err }},
			{"withdraw", "training.withdraw", func() error { return e.svc.Withdraw(ctx, e.selfUser, en1) }},
			{"edit", "training.session.update", func() error {
				return e.svc.UpdateSession(ctx, bureau, s, training.SessionInput{Place: "x", Plan: plan(48*time.Hour, 3)})
			}},
			{"cancel again", "training.session.cancel", func() error { return e.svc.CancelSession(ctx, bureau, s, "再次取消") }},
			{"sweep", "", func() error {
				e.clock.Set(sessionStart.Add(-20 * time.Hour))
				_, err := e.svc.Sweep(ctx)
				return err
			}},
			{"mark", "training.mark", func() error {
				e.clock.Set(sessionStart.Add(time.Hour))
				return e.svc.Mark(ctx, bureau, en2, tiaojie.EnrolAttended)
			}},
		} {
			before := e.state(t, s) + " | " + itoa(int64(e.count(t, `SELECT COUNT(*) FROM training_enrolments`)))
			denied := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = $1 AND outcome = 'denied'`, tc.action)
			wantErr := cancelled
			if tc.action == "" {
				wantErr = ""
			}
			if got := kindCode(tc.run()); got != wantErr {
				t.Errorf("%s: %q, want %q", tc.name, got, wantErr)
			}
			if after := e.state(t, s) + " | " + itoa(int64(e.count(t, `SELECT COUNT(*) FROM training_enrolments`))); after != before {
				t.Errorf("%s changed %s → %s", tc.name, before, after)
			}
			if c := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = $1 AND outcome = 'denied'`, tc.action); tc.action != "" && c != denied+1 {
				t.Errorf("%s: denied rows %d → %d", tc.name, denied, c)
			}
		}
		if c := e.count(t, `SELECT COUNT(*) FROM mediator_training`); c != 0 {
			t.Errorf("%d hours credited from a cancelled session", c)
		}
	})
}
