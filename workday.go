package tiaojie

import (
	"time"
)

// DayKind marks a calendar day that breaks the weekly rule.
type DayKind string

// The day kinds.
const (
	DayHoliday DayKind = "holiday" // a rest day on a weekday (法定节假日)
	DayWorkday DayKind = "workday" // a working day on a weekend (调休上班)
)

// CalendarDay is one exception to the weekly rule, as the State Council's
// yearly notice sets them and the bureau enters them.
type CalendarDay struct {
	Date string // YYYY-MM-DD, in Beijing time
	Kind DayKind
	Name string // e.g. 国庆节
}

// Calendar tells working days from rest days: Monday to Friday work,
// except the holidays; weekends rest, except the make-up working days.
// Deadlines counted in working days (an organization's 3 days to accept,
// the 3 days to contact the respondent) use it. The zero Calendar knows
// weekends only.
type Calendar struct {
	days map[string]DayKind
}

// NewCalendar builds a calendar from its exceptions. A date given twice
// keeps its last kind.
func NewCalendar(days []CalendarDay) Calendar {
	c := Calendar{days: make(map[string]DayKind, len(days))}
	for _, d := range days {
		c.days[d.Date] = d.Kind
	}
	return c
}

// IsWorkday reports whether the day that t falls on, in Beijing time, is
// a working day.
func (c Calendar) IsWorkday(t time.Time) bool {
	t = t.In(Beijing())
	switch c.days[t.Format(time.DateOnly)] {
	case DayHoliday:
		return false
	case DayWorkday:
		return true
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// startOfDay returns midnight, Beijing time, of the day t falls on.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.In(Beijing()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Beijing())
}

// AddWorkdays returns the deadline n working days after t: the end of the
// nth working day after the day of t (the day of t itself does not count,
// as the Civil Procedure Law counts periods). The end of a day is the
// next midnight, Beijing time; compare with now.Before(deadline).
func (c Calendar) AddWorkdays(t time.Time, n int) time.Time {
	day := startOfDay(t)
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if c.IsWorkday(day) {
			n--
		}
	}
	return day.AddDate(0, 0, 1)
}

// AddDays returns the deadline of a period of n days from t (the 30 days
// of mediation, the 30 days to apply for judicial confirmation): the end
// of the nth day after the day of t; if that day is a rest day, the end of
// the next working day (民事诉讼法 Art. 85: a period whose last day is a
// holiday ends on the first day after it).
func (c Calendar) AddDays(t time.Time, n int) time.Time {
	day := startOfDay(t).AddDate(0, 0, n)
	for !c.IsWorkday(day) {
		day = day.AddDate(0, 0, 1)
	}
	return day.AddDate(0, 0, 1)
}

// WorkdaysLeft counts the working days from now's day to the deadline's
// last day, both included when now is before the deadline; negative when
// the deadline has passed (minus the working days since). A case page
// shows it as "还剩 N 个工作日" or "已逾期 N 个工作日".
func (c Calendar) WorkdaysLeft(now, deadline time.Time) int {
	today := startOfDay(now)
	last := deadline.In(Beijing()).AddDate(0, 0, -1) // the deadline's last day
	if now.Before(deadline) {
		n := 0
		for d := today; !d.After(last); d = d.AddDate(0, 0, 1) {
			if c.IsWorkday(d) {
				n++
			}
		}
		return n
	}
	n := 0
	for d := startOfDay(deadline); d.Before(today); d = d.AddDate(0, 0, 1) {
		if c.IsWorkday(d) {
			n++
		}
	}
	return -max(n, 1)
}

// Case deadlines, from DOMAIN.md §(b)1 and §(b)2.
const (
	AcceptWorkdays      = 3  // the organization accepts or declines (法释〔2021〕23号 Art. 12)
	RespondentWorkdays  = 3  // the respondent is contacted (Art. 15)
	MediationDays       = 30 // mediation ends (Art. 24; 人民调解工作若干规定 Art. 33)
	ConfirmationDays    = 30 // judicial confirmation applied for (人民调解法 Art. 33)
	DefaultVisitDays    = 30 // follow-up after the agreement when it names no date (the bureau's practice)
	IdleWorkdays        = 5  // an open case with no activity this long is flagged idle
	ReminderLeadWorkday = 1  // reminders go out this many working days before a deadline
)
