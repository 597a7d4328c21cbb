package tiaojie

import (
	"testing"
	"time"
)

// TestNextDisclosureStatus walks every status and step.
func TestNextDisclosureStatus(t *testing.T) {
	for _, tc := range []struct {
		from   DisclosureStatus
		action DisclosureAction
		latest bool
		want   DisclosureStatus
		code   string
	}{
		{DisclosureDraft, DisclosureSave, true, DisclosureDraft, ""},
		{DisclosureDraft, DisclosureFile, true, DisclosureFiled, ""},
		{DisclosureDraft, DisclosureCorrect, true, "", "disclosure.is_draft"},
		{DisclosureFiled, DisclosureSave, true, "", "disclosure.not_draft"},
		{DisclosureFiled, DisclosureFile, true, "", "disclosure.not_draft"},
		{DisclosureFiled, DisclosureCorrect, true, DisclosureDraft, ""},
		{DisclosureFiled, DisclosureCorrect, false, "", "disclosure.superseded_error"},
		{DisclosureFiled, DisclosureSave, false, "", "disclosure.not_draft"},
		{"", DisclosureSave, true, "", "disclosure.unknown_step"},
		{DisclosureDraft, "publish", true, "", "disclosure.unknown_step"},
	} {
		got, err := NextDisclosureStatus(tc.from, tc.action, tc.latest)
		code := ""
		if err != nil {
			code = err.(*Error).Code
			if !IsKind(err, Conflict) {
				t.Errorf("%s/%s: kind of %v", tc.from, tc.action, err)
			}
		}
		if got != tc.want || code != tc.code {
			t.Errorf("%s %s latest=%v: %q %q, want %q %q", tc.from, tc.action, tc.latest, got, code, tc.want, tc.code)
		}
	}
}

// TestStandingOf computes standings from the policy's deadline.
func TestStandingOf(t *testing.T) {
	pol := DefaultPolicy() // due 03-31, abnormal after 90 days
	due := pol.DisclosureDueFor(2025)
	if want := time.Date(2026, 4, 1, 0, 0, 0, 0, Beijing()); !due.Equal(want) {
		t.Fatalf("due %v, want %v", due, want)
	}
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, Beijing()) }
	var never time.Time
	for _, tc := range []struct {
		name       string
		filed, now time.Time
		want       DisclosureStanding
	}{
		{"filed early", at(2, 10, 9), at(12, 1, 0), StandingOnTime},
		{"filed in the last minute", due.Add(-time.Minute), at(12, 1, 0), StandingOnTime},
		{"filed the day after", at(4, 1, 9), at(12, 1, 0), StandingFiledLate},
		{"filed when abnormal", at(8, 1, 9), at(12, 1, 0), StandingFiledLate},
		{"not yet due", never, at(3, 31, 23), StandingPending},
		{"due passed", never, due, StandingLate},
		{"89 days late", never, at(6, 28, 23), StandingLate},
		{"90 days late", never, AbnormalAt(due, 90), StandingAbnormal},
		{"long abnormal", never, at(12, 1, 0), StandingAbnormal},
	} {
		if got := StandingOf(due, tc.filed, tc.now, pol.DisclosureAbnormalDays); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
		if got := StandingOf(due, tc.filed, tc.now, pol.DisclosureAbnormalDays); got.Overdue() != (tc.want == StandingLate || tc.want == StandingAbnormal) {
			t.Errorf("%s: overdue %v", tc.name, got.Overdue())
		}
	}
	// A district with a 15 March deadline and 30 days' grace.
	pol.DisclosureDue, pol.DisclosureAbnormalDays = "03-15", 30
	due = pol.DisclosureDueFor(2025)
	if got := StandingOf(due, never, at(4, 14, 0), pol.DisclosureAbnormalDays); got != StandingLate {
		t.Errorf("15 March + 29 days: %s", got)
	}
	if got := StandingOf(due, never, at(4, 15, 0), pol.DisclosureAbnormalDays); got != StandingAbnormal {
		t.Errorf("15 March + 30 days: %s", got)
	}
}

// TestDisclosureReminderStage names the reminder due at each moment.
func TestDisclosureReminderStage(t *testing.T) {
	due := DefaultPolicy().DisclosureDueFor(2025) // 2026-04-01 00:00 Beijing
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, Beijing()) }
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{day(2, 28), ""},
		{day(3, 2), "before30"},
		{day(3, 24), "before30"},
		{day(3, 25), "before7"},
		{day(3, 31), "before1"},
		{day(4, 1), "late1"},
		{day(4, 7), "late1"},
		{day(4, 8), "late2"},
		{day(6, 30), "late13"},
	} {
		if got := DisclosureReminderStage(due, tc.now); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.now.Format(time.DateOnly), got, tc.want)
		}
	}
}

// TestDisclosureMoney totals and bounds the amounts.
func TestDisclosureMoney(t *testing.T) {
	m := DisclosureMoney{IncomeGov: 100, IncomeDonation: 20, IncomeFees: 3, IncomeOther: 4, SpendStaff: 50, SpendOffice: 5, SpendActivity: 6, SpendOther: 1}
	if m.Income() != 127 || m.Spending() != 62 {
		t.Errorf("totals %d %d", m.Income(), m.Spending())
	}
	if err := m.Validate(); err != nil {
		t.Errorf("valid: %v", err)
	}
	m.SpendOther, m.IncomeGov = -1, MaxDisclosureMoney+1
	e, ok := m.Validate().(*Error)
	if !ok || len(e.Fields) != 2 || e.Fields[0].Field != "income_gov" || e.Fields[1].Field != "spend_other" {
		t.Errorf("invalid: %v", m.Validate())
	}
	if DisclosureYear(time.Date(2026, 1, 1, 0, 30, 0, 0, Beijing())) != 2025 || DisclosureYear(time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC)) != 2025 {
		t.Error("DisclosureYear")
	}
}
