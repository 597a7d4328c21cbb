package training_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/keys"
	"tiaojie/internal/notify"
	"tiaojie/internal/roster"
	"tiaojie/internal/settings"
	"tiaojie/internal/training"
)

const (
	chengqiao = "310151101"
	baozhen   = "310151102"
)

// now is 1 May 2026, 10:00 Beijing; the session of the tests begins on
// 10 May at 09:00 and closes enrolment on 8 May at 18:00.
var (
	now          = time.Date(2026, 5, 1, 10, 0, 0, 0, tiaojie.Beijing())
	sessionStart = time.Date(2026, 5, 10, 9, 0, 0, 0, tiaojie.Beijing())
)

type env struct {
	svc      *training.Service
	db       *db.DB
	clock    *clock.Fake
	notes    *fakeNotifier
	a, b     int64 // organizations of Chengqiao and Baozhen
	m1, m2   int64 // mediators of a; m1 has a login (selfUser)
	m3       int64 // a mediator of b
	removed  int64 // a mediator of a removed from the roster (除名)
	selfUser *tiaojie.Principal
	adminA   *tiaojie.Principal
	adminB   *tiaojie.Principal
}

var (
	bureau   = &tiaojie.Principal{UserID: 1, Name: "bureau", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleBureau}}}
	cqOffice = &tiaojie.Principal{UserID: 3, Name: "cq", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: chengqiao}}}
	bzOffice = &tiaojie.Principal{UserID: 4, Name: "bz", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: baozhen}}}
	public   = &tiaojie.Principal{UserID: 5, Name: "138****0000", Grants: []tiaojie.Grant{{Role: tiaojie.RolePublic}}}
)

// fakeNotifier renders with the real notice templates and keeps what is
// queued: each notice's key and address, and the notices themselves.
type fakeNotifier struct {
	*notify.Templates
	mu      sync.Mutex
	keys    []string
	notices []notify.Notice
}

func (f *fakeNotifier) Enqueue(ctx context.Context, tx *db.Tx, now time.Time, n notify.Notice) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keys = append(f.keys, n.Key+"→"+n.Email)
	f.notices = append(f.notices, n)
	return nil
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	dist, err := district.Default()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := notify.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(now)
	log := audit.New(m, c)
	rs := roster.New(roster.Deps{DB: d, Audit: log, Keys: m, Clock: c, District: dist})
	e := &env{db: d, clock: c, notes: &fakeNotifier{Templates: tpl}}
	e.svc = training.New(training.Deps{DB: d, Audit: log, Clock: c, Roster: rs, Notifier: e.notes, BaseURL: "https://t.example"})
	e.a, e.b = e.org(t, "城桥镇人民调解委员会", chengqiao), e.org(t, "堡镇人民调解委员会", baozhen)
	user := e.exec(t, `INSERT INTO users (login, display_name, email, created_at, updated_at) VALUES ('m1', '蒋华', 'm1@example.cn', $1, $1) RETURNING id`, now)
	e.m1 = e.mediator(t, "蒋华", e.a, user)
	e.m2 = e.mediator(t, "施敏", e.a, 0)
	e.m3 = e.mediator(t, "顾强", e.b, 0)
	e.removed = e.mediator(t, "黄磊", e.a, 0)
	if _, err := d.Writer().Exec(`UPDATE mediators SET status = 'removed' WHERE id = $1`, e.removed); err != nil {
		t.Fatal(err)
	}
	e.selfUser = &tiaojie.Principal{UserID: user, Name: "m1", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleMediator, OrgID: e.a}}}
	e.adminA = &tiaojie.Principal{UserID: 900, Name: "adminA", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: e.a}}}
	e.adminB = &tiaojie.Principal{UserID: 901, Name: "adminB", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: e.b}}}
	s := settings.New(settings.Deps{DB: d, Audit: log, Clock: c})
	if err := s.SetPolicy(context.Background(), bureau, tiaojie.DefaultPolicy().WithTraining(10)); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) exec(t *testing.T, q string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := e.db.Writer().QueryRow(q, args...).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (e *env) org(t *testing.T, name, township string) int64 {
	return e.exec(t, `
		INSERT INTO orgs (name, type, legal_form, level, township, status, created_at, updated_at)
		VALUES ($1, 'basic', 'peoples_committee', 'township', $2, 'active', $3, $3) RETURNING id`, name, township, now)
}

func (e *env) mediator(t *testing.T, name string, org, user int64) int64 {
	t.Helper()
	var u any
	if user > 0 {
		u = user
	}
	id := e.exec(t, `INSERT INTO mediators (name, user_id, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id`, name, u, now)
	if _, err := e.db.Writer().Exec(`INSERT INTO mediator_orgs (mediator_id, org_id, joined_at) VALUES ($1, $2, $3)`, id, org, now); err != nil {
		t.Fatal(err)
	}
	return id
}

func (e *env) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Reader().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// course adds a bureau course of 8 hours with one session of the
// capacity and returns the session.
func (e *env) course(t *testing.T, capacity int) (course, session int64) {
	t.Helper()
	ctx := context.Background()
	c, err := e.svc.CreateCourse(ctx, bureau, training.CourseInput{Title: "2026年人民调解员统一职业培训", Topic: "婚姻家庭纠纷调解", Hours: 8})
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.svc.AddSession(ctx, bureau, c, training.SessionInput{Place: "区司法局三楼会议室", Plan: tiaojie.SessionPlan{
		Start: sessionStart, End: sessionStart.Add(4 * time.Hour), Deadline: sessionStart.Add(-39 * time.Hour), Capacity: capacity}})
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

func kindCode(err error) string {
	var e *tiaojie.Error
	if err == nil {
		return ""
	}
	if !errors.As(err, &e) {
		return "non-domain: " + err.Error()
	}
	if len(e.Fields) > 0 {
		return e.Kind.String() + " " + e.Fields[0].Field + ":" + e.Fields[0].Code
	}
	return e.Kind.String() + " " + e.Code
}

// TestEnrol: who may enrol whom, and every refusal leaves the enrolments
// as they were and a denied audit row.
func TestEnrol(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		_, s := e.course(t, 2)
		for _, tc := range []struct {
			name     string
			p        *tiaojie.Principal
			mediator int64
			want     string
		}{
			{"the public", public, e.m1, "not_found error.not_found"},
			{"an admin, a mediator of another org", e.adminB, e.m1, "not_found error.not_found"},
			{"another township's office", bzOffice, e.m1, "not_found error.not_found"},
			{"a mediator enrolling another", e.selfUser, e.m2, "not_found error.not_found"},
			{"removed from the roster", bureau, e.removed, "conflict course.mediator_removed"},
			{"a township office, another township's mediator", cqOffice, e.m3, "not_found error.not_found"},
			{"the mediator themself", e.selfUser, e.m1, ""},
			{"twice", e.adminA, e.m1, "conflict course.already_enrolled"},
			{"the org's admin", e.adminA, e.m2, ""},
			{"full", bureau, e.m3, "conflict course.session_full"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := e.count(t, `SELECT COUNT(*) FROM training_enrolments`)
				denied := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'training.enrol' AND outcome = 'denied'`)
				_, err := e.svc.Enrol(ctx, tc.p, s, tc.mediator)
				if got := kindCode(err); got != tc.want {
					t.Fatalf("Enrol = %q, want %q", got, tc.want)
				}
				if tc.want != "" {
					if after := e.count(t, `SELECT COUNT(*) FROM training_enrolments`); after != before {
						t.Errorf("enrolments %d → %d after a refusal", before, after)
					}
					if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'training.enrol' AND outcome = 'denied'`); n != denied+1 {
						t.Errorf("denied audit rows %d → %d", denied, n)
					}
				}
			})
		}
		// A withdrawal frees a place; the session then takes m3.
		_, list, err := e.svc.Session(ctx, bureau, s)
		if err != nil || len(list) != 2 {
			t.Fatalf("Session = %d enrolments, %v", len(list), err)
		}
		if err := e.svc.Withdraw(ctx, e.adminB, list[0].ID); kindCode(err) != "not_found error.not_found" {
			t.Errorf("another org's admin withdraws: %v", err)
		}
		if err := e.svc.Withdraw(ctx, e.adminA, list[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Enrol(ctx, bureau, s, e.m3); err != nil {
			t.Fatalf("enrol into a freed place: %v", err)
		}
		// After the deadline nobody is enrolled, even with a place free.
		e.clock.Set(sessionStart.Add(-38 * time.Hour))
		if err := e.svc.Withdraw(ctx, e.adminB, e.enrolmentOf(t, s, e.m3)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Enrol(ctx, bureau, s, e.m3); kindCode(err) != "conflict course.enrol_closed" {
			t.Errorf("after the deadline: %v", err)
		}
		e.clock.Set(sessionStart)
		if err := e.svc.Withdraw(ctx, e.adminA, e.enrolmentOf(t, s, e.m2)); kindCode(err) != "conflict course.withdraw_started" && kindCode(err) != "conflict course.not_enrolled" {
			t.Errorf("withdraw after the start: %v", err)
		}
	})
}

func (e *env) enrolmentOf(t *testing.T, session, mediator int64) int64 {
	t.Helper()
	var id int64
	if err := e.db.Reader().QueryRow(`SELECT id FROM training_enrolments WHERE session_id = $1 AND mediator_id = $2`, session, mediator).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestEnrolConcurrent: two enrolments racing for the last place; exactly
// one gets it.
func TestEnrolConcurrent(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, s := e.course(t, 1)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, m := range []int64{e.m1, e.m3} {
			wg.Go(func() { _, errs[i] = e.svc.Enrol(context.Background(), bureau, s, m) })
		}
		wg.Wait()
		ok, full := 0, 0
		for _, err := range errs {
			switch kindCode(err) {
			case "":
				ok++
			case "conflict course.session_full":
				full++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if ok != 1 || full != 1 {
			t.Errorf("ok %d, full %d; want one each", ok, full)
		}
		if n := e.count(t, `SELECT COUNT(*) FROM training_enrolments WHERE session_id = $1`, s); n != 1 {
			t.Errorf("%d enrolments in a session of one place", n)
		}
	})
}

// TestAttendance: marking before the start, by whom, the hours credited
// once to the roster's record, the certificate and who may read it, and
// the hours report.
func TestAttendance(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		_, s := e.course(t, 10)
		// Each by a different enroller in scope: the bureau, the township offices.
		for m, p := range map[int64]*tiaojie.Principal{e.m1: bureau, e.m2: cqOffice, e.m3: bzOffice} {
			if _, err := e.svc.Enrol(ctx, p, s, m); err != nil {
				t.Fatalf("%s enrols %d: %v", p.Name, m, err)
			}
		}
		// A township office sees the enrolments of its township only.
		if _, list, err := e.svc.Session(ctx, cqOffice, s); err != nil || len(list) != 2 {
			t.Errorf("the Chengqiao office sees %d enrolments, %v", len(list), err)
		}
		en1, en2 := e.enrolmentOf(t, s, e.m1), e.enrolmentOf(t, s, e.m2)
		if err := e.svc.Mark(ctx, bureau, en1, tiaojie.EnrolAttended); kindCode(err) != "conflict course.not_started" {
			t.Errorf("before the start: %v", err)
		}
		e.clock.Set(sessionStart.Add(5 * time.Hour))
		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			want string
		}{
			{"the org's admin", e.adminA, "forbidden error.forbidden"},
			{"a township office, of a bureau course", cqOffice, "not_found error.not_found"},
			{"the mediator", e.selfUser, "forbidden error.forbidden"},
		} {
			if err := e.svc.Mark(ctx, tc.p, en1, tiaojie.EnrolAttended); kindCode(err) != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, kindCode(err), tc.want)
			}
		}
		if n := e.count(t, `SELECT COUNT(*) FROM mediator_training`); n != 0 {
			t.Fatalf("%d records after refusals", n)
		}
		for range 2 { // idempotent
			if err := e.svc.Mark(ctx, bureau, en1, tiaojie.EnrolAttended); err != nil {
				t.Fatal(err)
			}
		}
		if n := e.count(t, `SELECT COUNT(*) FROM mediator_training WHERE mediator_id = $1 AND hours = 8 AND held_on = '2026-05-10'`, e.m1); n != 1 {
			t.Errorf("%d training records credited, want 1", n)
		}
		if err := e.svc.Mark(ctx, bureau, en1, tiaojie.EnrolAbsent); kindCode(err) != "conflict course.certificate_issued" {
			t.Errorf("taking back an attendance: %v", err)
		}
		if err := e.svc.Mark(ctx, bureau, en2, tiaojie.EnrolAbsent); err != nil {
			t.Fatal(err)
		}
		// The certificate: the mediator, their admin, the organizer; not another org.
		for _, p := range []*tiaojie.Principal{e.selfUser, e.adminA, bureau} {
			c, err := e.svc.Certificate(ctx, p, en1)
			if err != nil {
				t.Fatalf("%s: %v", p.Name, err)
			}
			if c.No != tiaojie.CertificateNo(2026, en1) || c.Hours != 8 || c.MediatorName != "蒋华" {
				t.Errorf("certificate = %+v", c)
			}
		}
		if _, err := e.svc.Certificate(ctx, e.adminB, en1); kindCode(err) != "not_found error.not_found" {
			t.Errorf("another org's admin reads a certificate: %v", err)
		}
		if _, err := e.svc.Certificate(ctx, bureau, en2); kindCode(err) != "not_found error.not_found" {
			t.Errorf("an absence has a certificate: %v", err)
		}
		// Hours: 8 of the 10 required: m1 short, like everyone else.
		h, err := e.svc.Hours(ctx, bureau)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Rows) != 3 || h.Short != 3 || h.Required != 10 {
			t.Fatalf("bureau hours: %+v", h)
		}
		var m1 training.HoursRow
		for _, r := range h.Rows {
			if r.MediatorID == e.m1 {
				m1 = r
			}
			if r.MediatorID == e.removed {
				t.Errorf("a removed mediator is listed")
			}
		}
		if m1.YearHours != 8 || m1.Window != 8 || !m1.Short || m1.Orgs != "城桥镇人民调解委员会" {
			t.Errorf("m1 = %+v", m1)
		}
		ha, err := e.svc.Hours(ctx, e.adminA)
		if err != nil || len(ha.Rows) != 2 {
			t.Fatalf("admin A sees %d rows, %v", len(ha.Rows), err)
		}
		hb, err := e.svc.Hours(ctx, e.adminB)
		if err != nil || len(hb.Rows) != 1 || hb.Rows[0].MediatorID != e.m3 {
			t.Fatalf("admin B sees %+v, %v", hb, err)
		}
		if _, err := e.svc.Hours(ctx, e.selfUser); kindCode(err) != "forbidden error.forbidden" {
			t.Errorf("a mediator reads everyone's hours: %v", err)
		}
		mine, err := e.svc.HoursOf(ctx, e.selfUser, e.m1)
		if err != nil || mine.ByYear[2026] != 8 || !mine.Short {
			t.Errorf("own hours = %+v, %v", mine, err)
		}
		if _, err := e.svc.HoursOf(ctx, e.selfUser, e.m2); kindCode(err) != "not_found error.not_found" {
			t.Errorf("a mediator reads another's hours: %v", err)
		}
		// Two more hours recorded on the roster: no longer short.
		if _, err := e.db.Writer().Exec(`INSERT INTO mediator_training (mediator_id, title, held_on, hours, recorded_at) VALUES ($1, 'x', '2026-04-01', 2, $2)`, e.m1, now); err != nil {
			t.Fatal(err)
		}
		if h, _ := e.svc.Hours(ctx, bureau); h.Short != 2 || h.Rows[len(h.Rows)-1].MediatorID != e.m1 {
			t.Errorf("after 10 hours: short %d, last %+v", h.Short, h.Rows[len(h.Rows)-1])
		}
	})
}

// TestCourses: the bureau for any township, a township office for its own.
func TestCourses(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		in := training.CourseInput{Title: "调解技巧", Hours: 4, Township: chengqiao}
		if _, err := e.svc.CreateCourse(ctx, cqOffice, in); err != nil {
			t.Fatal(err)
		}
		in.Township = baozhen
		if _, err := e.svc.CreateCourse(ctx, cqOffice, in); kindCode(err) != "forbidden error.forbidden" {
			t.Errorf("another township: %v", err)
		}
		in.Township = ""
		if _, err := e.svc.CreateCourse(ctx, cqOffice, in); kindCode(err) != "forbidden error.forbidden" {
			t.Errorf("a bureau course by a township: %v", err)
		}
		if _, err := e.svc.CreateCourse(ctx, e.adminA, in); kindCode(err) != "forbidden error.forbidden" {
			t.Errorf("an org admin: %v", err)
		}
		if _, err := e.svc.CreateCourse(ctx, bureau, training.CourseInput{Title: " ", Hours: 0}); kindCode(err) != "invalid title:training.title_length" {
			t.Errorf("empty course: %v", kindCode(err))
		}
		c, _ := e.course(t, 5)
		_, err := e.svc.AddSession(ctx, bureau, c, training.SessionInput{Plan: tiaojie.SessionPlan{
			Start: sessionStart, End: sessionStart.Add(time.Hour), Deadline: sessionStart, Capacity: 5}, Link: "ftp://x"})
		if kindCode(err) != "invalid link:course.link_invalid" {
			t.Errorf("bad link: %v", kindCode(err))
		}
		if _, err := e.svc.AddSession(ctx, cqOffice, c, training.SessionInput{Place: "x", Plan: tiaojie.SessionPlan{
			Start: sessionStart, End: sessionStart.Add(time.Hour), Deadline: sessionStart, Capacity: 5}}); kindCode(err) != "not_found error.not_found" {
			t.Errorf("a township adds to a bureau course: %v", err)
		}
		list, err := e.svc.Courses(ctx, e.selfUser)
		if err != nil || len(list) != 2 {
			t.Errorf("courses = %d, %v", len(list), err)
		}
		if _, err := e.svc.Courses(ctx, public); kindCode(err) != "forbidden error.forbidden" {
			t.Errorf("the public: %v", err)
		}
	})
}

// TestMentoring: pairs in scope, notes by the mentor, completion.
func TestMentoring(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		day := time.Date(2026, 5, 1, 0, 0, 0, 0, tiaojie.Beijing())
		pair := func(m, a int64) training.MentorInput {
			return training.MentorInput{Pair: tiaojie.MentorPair{Mentor: m, Apprentice: a, From: day, To: day.AddDate(0, 6, 0)}, Goals: "独立主持婚姻家庭纠纷调解"}
		}
		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			in   training.MentorInput
			want string
		}{
			{"self", e.adminA, pair(e.m1, e.m1), "invalid apprentice:mentoring.self"},
			{"another org's mediator", e.adminA, pair(e.m1, e.m3), "not_found error.not_found"},
			{"removed", e.adminA, pair(e.m1, e.removed), "conflict course.mediator_removed"},
			{"a mediator", e.selfUser, pair(e.m1, e.m2), "forbidden error.forbidden"},
			{"another township", bzOffice, pair(e.m1, e.m2), "not_found error.not_found"},
		} {
			if _, err := e.svc.Pair(ctx, tc.p, tc.in); kindCode(err) != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, kindCode(err), tc.want)
			}
		}
		if n := e.count(t, `SELECT COUNT(*) FROM mentorships`); n != 0 {
			t.Fatalf("%d pairs after refusals", n)
		}
		id, err := e.svc.Pair(ctx, e.adminA, pair(e.m1, e.m2))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Pair(ctx, bureau, pair(e.m3, e.m1)); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Note(ctx, e.selfUser, id, "第一次带教：旁听调解两场。"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Note(ctx, e.adminB, id, "x"); kindCode(err) != "not_found error.not_found" {
			t.Errorf("another org's admin writes a note: %v", err)
		}
		if err := e.svc.Complete(ctx, e.selfUser, id, "已能独立调解。"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Note(ctx, e.selfUser, id, "late"); kindCode(err) != "conflict mentoring.completed" {
			t.Errorf("a note after completion: %v", err)
		}
		list, err := e.svc.Mentorships(ctx, e.adminA, e.m2)
		if err != nil || len(list) != 1 || list[0].Status != tiaojie.MentorCompleted || len(list[0].Notes) != 1 || list[0].ClosingNote != "已能独立调解。" {
			t.Fatalf("m2's pairs = %+v, %v", list, err)
		}
		if all, _ := e.svc.MentorshipsInScope(ctx, e.adminB); len(all) != 1 {
			t.Errorf("admin B sees %d pairs, want the one of m3", len(all))
		}
		if all, _ := e.svc.MentorshipsInScope(ctx, bureau); len(all) != 2 {
			t.Errorf("the bureau sees %d pairs", len(all))
		}
	})
}

// TestSweep: the day before, each enrolled mediator with an address is
// reminded once.
func TestSweep(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		_, s := e.course(t, 10)
		for _, m := range []int64{e.m1, e.m2} {
			if _, err := e.svc.Enrol(ctx, bureau, s, m); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := e.svc.Sweep(ctx); err != nil || n != 0 {
			t.Fatalf("a week before: %d, %v", n, err)
		}
		e.clock.Set(sessionStart.Add(-20 * time.Hour))
		for range 2 {
			if _, err := e.svc.Sweep(ctx); err != nil {
				t.Fatal(err)
			}
		}
		want := "training.session:" + itoa(e.enrolmentOf(t, s, e.m1)) + "→m1@example.cn"
		if len(e.notes.keys) != 1 || e.notes.keys[0] != want {
			t.Errorf("notices = %v, want [%s]", e.notes.keys, want)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
