package roster_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/roster"
	"tiaojie/internal/settings"
)

// day returns midnight, Beijing time, of a date.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, tiaojie.Beijing())
}

// setPolicy sets the bureau's training requirement.
func (e *env) setPolicy(t *testing.T, hours int) {
	t.Helper()
	s := settings.New(settings.Deps{DB: e.db, Audit: audit.New(e.keys, e.clock), Clock: e.clock})
	if err := s.SetPolicy(context.Background(), bureau, tiaojie.DefaultPolicy().WithTraining(hours)); err != nil {
		t.Fatal(err)
	}
}

// train records a training as the bureau and fails the test on error.
func (e *env) train(t *testing.T, id int64, title string, on time.Time, hours int) {
	t.Helper()
	if _, err := e.svc.RecordTraining(context.Background(), bureau, id, roster.TrainingInput{Title: title, HeldOn: on, Hours: hours}); err != nil {
		t.Fatalf("training of %d: %v", id, err)
	}
}

// TestRecordTraining covers who may record training, the input's bounds,
// the list newest first with the hours of the last 12 months, who may
// read it (the mediator themself included) and the audit trail.
func TestRecordTraining(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		id := e.create(t, input("蒋华", cq))
		ok := roster.TrainingInput{Title: " 2026年全区人民调解员统一职业培训 ", HeldOn: day(2026, 3, 12), Hours: 16}
		with := func(f func(*roster.TrainingInput)) roster.TrainingInput {
			in := ok
			f(&in)
			return in
		}
		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			in   roster.TrainingInput
			want string
		}{
			{"no title", bureau, with(func(in *roster.TrainingInput) { in.Title = "  " }), "invalid title:training.title_length"},
			{"long title", bureau, with(func(in *roster.TrainingInput) { in.Title = strings.Repeat("训", 101) }), "invalid title:training.title_length"},
			{"no date", bureau, with(func(in *roster.TrainingInput) { in.HeldOn = time.Time{} }), "invalid held_on:training.held_on_required"},
			{"tomorrow", bureau, with(func(in *roster.TrainingInput) { in.HeldOn = day(2026, 11, 30) }), "invalid held_on:training.held_on_future"},
			{"before 2000", bureau, with(func(in *roster.TrainingInput) { in.HeldOn = day(1999, 12, 31) }), "invalid held_on:training.held_on_too_early"},
			{"no hours", bureau, with(func(in *roster.TrainingInput) { in.Hours = 0 }), "invalid hours:training.hours"},
			{"too many hours", bureau, with(func(in *roster.TrainingInput) { in.Hours = 201 }), "invalid hours:training.hours"},
			{"a mediator may not", mediatorUser(cq), ok, "forbidden error.forbidden"},
			{"another township", bzOffice, ok, "not_found error.not_found"},
			{"the association reads only", association, ok, "forbidden error.forbidden"},
			{"the township office", cqOffice, ok, ""},
			{"the organization's admin, today", orgAdmin(cq), with(func(in *roster.TrainingInput) { in.HeldOn = day(2026, 11, 29); in.Hours = 4 }), ""},
			{"over a year ago", bureau, with(func(in *roster.TrainingInput) {
				in.Title = "2025年统一职业培训"
				in.HeldOn = day(2025, 11, 29)
				in.Hours = 24
			}), ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := e.svc.RecordTraining(ctx, tc.p, id, tc.in)
				if got := kindCode(err); got != tc.want {
					t.Errorf("err = %q, want %q", got, tc.want)
				}
			})
		}

		list, sum, err := e.svc.Training(ctx, cqOffice, id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tr := range list {
			got = append(got, tr.HeldOn.Format(time.DateOnly)+" "+tr.Title)
		}
		want := []string{"2026-11-29 2026年全区人民调解员统一职业培训", "2026-03-12 2026年全区人民调解员统一职业培训", "2025-11-29 2025年统一职业培训"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("records newest first (-want +got):\n%s", diff)
		}
		wantSum := roster.TrainingSummary{Hours: 20, From: day(2025, 11, 30), To: day(2026, 11, 29)}
		if diff := cmp.Diff(wantSum, sum); diff != "" || sum.Short() {
			t.Errorf("summary (-want +got):\n%s", diff)
		}
		if list[1].RecordedBy != cqOffice.UserID {
			t.Errorf("recorded by %d, want the township office", list[1].RecordedBy)
		}

		// Readers: staff who may read the entry, and the mediator's own login.
		if _, _, err := e.svc.Training(ctx, bzOffice, id); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("another township reads: %v", err)
		}
		if _, _, err := e.svc.Training(ctx, public, id); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("the public reads: %v", err)
		}
		if _, _, err := e.svc.Training(ctx, association, id); err != nil {
			t.Errorf("the association reads: %v", err)
		}
		var wang int64
		if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, created_at, updated_at) VALUES ('jiang', '蒋华', $1, $1) RETURNING id`,
			start).Scan(&wang); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Writer().Exec(`INSERT INTO user_roles (user_id, role, org_id, granted_at) VALUES ($1, 'mediator', $2, $3)`, wang, cq, start); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.SetLogin(ctx, bureau, id, wang); err != nil {
			t.Fatal(err)
		}
		// A token of the mediator that holds only "self" reads their own
		// record, and no one else's.
		self := &tiaojie.Principal{UserID: wang, Name: "jiang", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleMediator, OrgID: cq}},
			Scopes: []tiaojie.Permission{tiaojie.PermSelf}}
		if mine, _, err := e.svc.Training(ctx, self, id); err != nil || len(mine) != 3 {
			t.Errorf("the mediator reads their own: %d records, %v", len(mine), err)
		}
		other := e.create(t, input("韩梅", cq))
		if _, _, err := e.svc.Training(ctx, self, other); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("the mediator's self token reads a colleague's: %v", err)
		}

		// A removed mediator's record is closed.
		if err := e.svc.SetStatus(ctx, bureau, other, tiaojie.MediatorRemoved, "违规", "崇司调〔2026〕3号"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.RecordTraining(ctx, bureau, other, ok); kindCode(err) != "conflict mediator.removed" {
			t.Errorf("training of a removed mediator: %v", err)
		}

		var okRows, denied int
		for _, r := range e.auditRows(t, "mediator.training") {
			switch r.Outcome {
			case "ok":
				okRows++
				if r.ObjectID != strconv.FormatInt(id, 10) || !strings.Contains(r.Detail, "held_on") {
					t.Errorf("audit row %+v", r)
				}
			case "denied":
				denied++
			}
		}
		if okRows != 3 || denied != 2 {
			t.Errorf("training audit rows: %d ok, %d denied; want 3 and 2", okRows, denied)
		}
	})
}

// TestAssignableTraining covers the policy's training rule in
// Assignable: not enforced by default; enforced once the bureau sets
// hours, with the hours had and required in the refusal; met after
// enough training; training older than 12 months not counting, also as
// time passes.
func TestAssignableTraining(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		fresh := e.create(t, input("沈新", cq))
		old := e.create(t, input("杨旧", cq))
		e.train(t, old, "2025年统一职业培训", day(2025, 11, 29), 24) // a year and a day ago

		if err := e.svc.Assignable(ctx, fresh, cq); err != nil {
			t.Fatalf("without a policy, an untrained mediator: %v", err)
		}
		e.setPolicy(t, 16)
		under := func(id int64, had string) {
			t.Helper()
			err := e.svc.Assignable(ctx, id, cq)
			var te *tiaojie.Error
			if !errors.As(err, &te) || te.Kind != tiaojie.Conflict || te.Code != "mediator.under_trained" {
				t.Fatalf("Assignable = %v, want mediator.under_trained", err)
			}
			if diff := cmp.Diff(map[string]string{"had": had, "required": "16"}, te.Args); diff != "" {
				t.Errorf("arguments (-want +got):\n%s", diff)
			}
		}
		under(fresh, "0")
		under(old, "0") // 24 hours, all outside the window

		e.train(t, fresh, "2026年全区人民调解员统一职业培训（一）", day(2026, 5, 20), 8)
		under(fresh, "8")
		e.train(t, fresh, "2026年全区人民调解员统一职业培训（二）", day(2025, 11, 30), 8) // the window's first day
		if err := e.svc.Assignable(ctx, fresh, cq); err != nil {
			t.Errorf("with 16 hours: %v", err)
		}
		err := d.InTx(ctx, func(tx *db.Tx) error { return e.svc.AssignableTx(ctx, tx, fresh, cq) })
		if err != nil {
			t.Errorf("AssignableTx with 16 hours: %v", err)
		}

		// Suspension is still refused first.
		if err := e.svc.SetStatus(ctx, cqOffice, old, tiaojie.MediatorSuspended, "调查", ""); err != nil {
			t.Fatal(err)
		}
		if got := kindCode(e.svc.Assignable(ctx, old, cq)); got != "conflict mediator.suspended" {
			t.Errorf("a suspended, untrained mediator: %q", got)
		}

		// A month on, the training of 2025-11-30 has left the window.
		e.clock.Advance(30 * 24 * time.Hour)
		under(fresh, "8")
		_, sum, err := e.svc.Training(ctx, bureau, fresh)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Hours != 8 || sum.Required != 16 || !sum.Short() {
			t.Errorf("summary %+v", sum)
		}

		// Turning the rule off makes everyone assignable again.
		e.setPolicy(t, 0)
		if err := e.svc.Assignable(ctx, fresh, cq); err != nil {
			t.Errorf("with the rule off: %v", err)
		}
	})
}
