package tiaojie_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
)

// code returns the error's code, or "" for nil.
func courseCode(err error) string {
	if err == nil {
		return ""
	}
	te, ok := err.(*tiaojie.Error)
	if !ok {
		return err.Error()
	}
	if len(te.Fields) > 0 {
		return te.Fields[0].Field + ":" + te.Fields[0].Code
	}
	return te.Code
}

var (
	courseStart = time.Date(2026, 5, 10, 9, 0, 0, 0, tiaojie.Beijing())
	coursePlan  = tiaojie.SessionPlan{Start: courseStart, End: courseStart.Add(3 * time.Hour),
		Deadline: courseStart.Add(-24 * time.Hour), Capacity: 2}
)

func TestSessionPlanValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *tiaojie.SessionPlan)
		want string
	}{
		{"valid", func(*tiaojie.SessionPlan) {}, ""},
		{"no start", func(p *tiaojie.SessionPlan) { p.Start = time.Time{} }, "start:course.start_required"},
		{"end before start", func(p *tiaojie.SessionPlan) { p.End = p.Start }, "end:course.end_before_start"},
		{"deadline after start", func(p *tiaojie.SessionPlan) { p.Deadline = p.Start.Add(time.Minute) }, "deadline:course.deadline_after_start"},
		{"deadline at start", func(p *tiaojie.SessionPlan) { p.Deadline = p.Start }, ""},
		{"no capacity", func(p *tiaojie.SessionPlan) { p.Capacity = 0 }, "capacity:course.capacity"},
		{"too many", func(p *tiaojie.SessionPlan) { p.Capacity = tiaojie.MaxSessionCapacity + 1 }, "capacity:course.capacity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := coursePlan
			tt.edit(&p)
			if got := courseCode(p.Validate()); got != tt.want {
				t.Errorf("Validate = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSessionPlanCheckEnrol(t *testing.T) {
	tests := []struct {
		name  string
		taken int
		now   time.Time
		want  string
	}{
		{"open with room", 1, coursePlan.Deadline.Add(-time.Hour), ""},
		{"at the deadline", 0, coursePlan.Deadline, ""},
		{"after the deadline", 0, coursePlan.Deadline.Add(time.Second), "course.enrol_closed"},
		{"full", 2, coursePlan.Deadline.Add(-time.Hour), "course.session_full"},
		{"over full", 3, coursePlan.Deadline.Add(-time.Hour), "course.session_full"},
		{"late and full: the deadline is named", 2, coursePlan.Deadline.Add(time.Hour), "course.enrol_closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := courseCode(coursePlan.CheckEnrol(tt.taken, tt.now)); got != tt.want {
				t.Errorf("CheckEnrol = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSessionPlanWithdrawAndMark(t *testing.T) {
	before, after := courseStart.Add(-time.Minute), courseStart.Add(time.Minute)
	withdraw := []struct {
		cur  tiaojie.Enrolment
		now  time.Time
		want string
	}{
		{tiaojie.EnrolEnrolled, before, ""},
		{tiaojie.EnrolEnrolled, courseStart, "course.withdraw_started"},
		{tiaojie.EnrolWithdrawn, before, "course.not_enrolled"},
		{tiaojie.EnrolAttended, after, "course.not_enrolled"},
	}
	for _, tt := range withdraw {
		if got := courseCode(coursePlan.CheckWithdraw(tt.cur, tt.now)); got != tt.want {
			t.Errorf("CheckWithdraw(%s, %v) = %q, want %q", tt.cur, tt.now, got, tt.want)
		}
	}
	mark := []struct {
		cur, next tiaojie.Enrolment
		now       time.Time
		want      string
	}{
		{tiaojie.EnrolEnrolled, tiaojie.EnrolAttended, after, ""},
		{tiaojie.EnrolEnrolled, tiaojie.EnrolAbsent, courseStart, ""},
		{tiaojie.EnrolEnrolled, tiaojie.EnrolAttended, before, "course.not_started"},
		{tiaojie.EnrolAbsent, tiaojie.EnrolAttended, after, ""},
		{tiaojie.EnrolAttended, tiaojie.EnrolAttended, after, ""},
		{tiaojie.EnrolAttended, tiaojie.EnrolAbsent, after, "course.certificate_issued"},
		{tiaojie.EnrolWithdrawn, tiaojie.EnrolAttended, after, "course.withdrawn"},
		{tiaojie.EnrolEnrolled, tiaojie.EnrolWithdrawn, after, "course.mark_invalid"},
	}
	for _, tt := range mark {
		if got := courseCode(coursePlan.CheckMark(tt.cur, tt.next, tt.now)); got != tt.want {
			t.Errorf("CheckMark(%s→%s) = %q, want %q", tt.cur, tt.next, got, tt.want)
		}
	}
}

// TestSessionPlanChange: a session is changed or cancelled only before it
// begins, to a start still ahead and with room for those enrolled, and
// cancelled only with a reason.
func TestSessionPlanChange(t *testing.T) {
	before := courseStart.Add(-time.Minute)
	for _, tt := range []struct {
		now  time.Time
		want string
	}{
		{before, ""},
		{courseStart, "course.session_started"},
		{courseStart.Add(time.Hour), "course.session_started"},
	} {
		if got := courseCode(coursePlan.CheckChange(tt.now)); got != tt.want {
			t.Errorf("CheckChange(%v) = %q, want %q", tt.now, got, tt.want)
		}
	}
	for _, tt := range []struct {
		name  string
		edit  func(p *tiaojie.SessionPlan)
		taken int
		want  string
	}{
		{"unchanged", func(*tiaojie.SessionPlan) {}, 2, ""},
		{"start now", func(p *tiaojie.SessionPlan) { p.Start = before }, 0, "start:course.start_past"},
		{"no start (Validate's)", func(p *tiaojie.SessionPlan) { p.Start = time.Time{} }, 0, ""},
		{"below taken", func(p *tiaojie.SessionPlan) { p.Capacity = 1 }, 2, "capacity:course.capacity_below_taken"},
		{"no capacity (Validate's)", func(p *tiaojie.SessionPlan) { p.Capacity = 0 }, 2, ""},
	} {
		p := coursePlan
		tt.edit(&p)
		if got := courseCode(p.CheckReplan(tt.taken, before)); got != tt.want {
			t.Errorf("%s: CheckReplan = %q, want %q", tt.name, got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want, err string }{
		{"  讲师因病无法授课 ", "讲师因病无法授课", ""},
		{" \t", "", "reason:course.cancel_reason"},
		{strings.Repeat("因", tiaojie.MaxCancelReason), strings.Repeat("因", tiaojie.MaxCancelReason), ""},
		{strings.Repeat("因", tiaojie.MaxCancelReason+1), "", "reason:course.cancel_reason"},
	} {
		got, err := tiaojie.CancelReason(tt.in)
		if got != tt.want || courseCode(err) != tt.err {
			t.Errorf("CancelReason(%.10q) = %.10q, %q; want %.10q, %q", tt.in, got, courseCode(err), tt.want, tt.err)
		}
	}
}

func TestHoursByYear(t *testing.T) {
	d := func(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, tiaojie.Beijing()) }
	recs := []tiaojie.TrainingHours{
		{HeldOn: d(2025, 1, 1), Hours: 4},
		{HeldOn: d(2025, 12, 31), Hours: 6},
		{HeldOn: d(2026, 1, 1), Hours: 8},
		{HeldOn: d(2026, 3, 5), Hours: 2},
		// midnight Beijing of 1 January is still 31 December in UTC
		{HeldOn: d(2027, 1, 1).UTC(), Hours: 1},
	}
	if diff := cmp.Diff(map[int]int{2025: 10, 2026: 10, 2027: 1}, tiaojie.HoursByYear(recs)); diff != "" {
		t.Errorf("HoursByYear (-want +got):\n%s", diff)
	}
	if got := len(tiaojie.HoursByYear(nil)); got != 0 {
		t.Errorf("HoursByYear(nil) has %d years", got)
	}
	first, last := tiaojie.TrainingWindow(d(2026, 3, 5).Add(15 * time.Hour))
	if got := tiaojie.HoursWithin(recs, first, last); got != 16 { // 2025-12-31, 2026-01-01, 2026-03-05
		t.Errorf("HoursWithin = %d, want 16", got)
	}
}

func TestCertificateNoAndMentorPair(t *testing.T) {
	if a, b := tiaojie.CertificateNo(2026, 7), tiaojie.CertificateNo(2026, 8); a == b || a != "培训证字2026第000007号" {
		t.Errorf("CertificateNo = %q, %q", a, b)
	}
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, tiaojie.Beijing())
	tests := []struct {
		p    tiaojie.MentorPair
		want string
	}{
		{tiaojie.MentorPair{Mentor: 1, Apprentice: 2, From: day, To: day.AddDate(0, 6, 0)}, ""},
		{tiaojie.MentorPair{Mentor: 1, Apprentice: 1, From: day, To: day}, "apprentice:mentoring.self"},
		{tiaojie.MentorPair{Apprentice: 2, From: day, To: day}, "mentor:mentoring.mentor_required"},
		{tiaojie.MentorPair{Mentor: 1, Apprentice: 2, From: day, To: day.AddDate(0, 0, -1)}, "to:mentoring.to_before_from"},
	}
	for _, tt := range tests {
		if got := courseCode(tt.p.Validate()); got != tt.want {
			t.Errorf("Validate(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}
