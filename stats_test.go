package tiaojie_test

import (
	"testing"
	"time"

	"tiaojie"
)

func TestParsePeriod(t *testing.T) {
	now := time.Date(2026, 8, 15, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		period, from, to string
		first, last      string
		label            string
		field, code      string
	}{
		{"", "", "", "2026-07", "2026-09", "2026-Q3", "", ""},
		{"2026-03", "", "", "2026-03", "2026-03", "2026-03", "", ""},
		{"2026-Q4", "", "", "2026-10", "2026-12", "2026-Q4", "", ""},
		{"2025", "", "", "2025-01", "2025-12", "2025", "", ""},
		{"", "2025-11", "2026-02", "2025-11", "2026-02", "2025-11~2026-02", "", ""},
		{"", "2021-01", "2025-12", "2021-01", "2025-12", "2021-01~2025-12", "", ""},
		{"2026-13", "", "", "", "", "", "period", "stats.period_malformed"},
		{"2026-Q0", "", "", "", "", "", "period", "stats.period_malformed"},
		{"26-01", "", "", "", "", "", "period", "stats.period_malformed"},
		{"next year", "", "", "", "", "", "period", "stats.period_malformed"},
		{"", "2026-02", "", "", "", "", "to", "stats.period_malformed"},
		{"", "2026/01", "2026-02", "", "", "", "from", "stats.period_malformed"},
		{"", "2026-06", "2026-05", "", "", "", "to", "stats.period_reversed"},
		{"", "2021-01", "2026-01", "", "", "", "to", "stats.period_too_long"},
	} {
		p, err := tiaojie.ParsePeriod(c.period, c.from, c.to, now)
		if c.code != "" {
			e, ok := err.(*tiaojie.Error)
			if !ok || e.Kind != tiaojie.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != c.field || e.Fields[0].Code != c.code {
				t.Errorf("ParsePeriod(%q, %q, %q) = %v, want %s on %s", c.period, c.from, c.to, err, c.code, c.field)
			}
			continue
		}
		if err != nil || p.From.String() != c.first || p.To.String() != c.last || p.Label != c.label {
			t.Errorf("ParsePeriod(%q, %q, %q) = %s..%s %q, %v; want %s..%s %q", c.period, c.from, c.to, p.From, p.To, p.Label, err, c.first, c.last, c.label)
		}
	}
}

func TestMonthOfIsBeijing(t *testing.T) {
	if m := tiaojie.MonthOf(time.Date(2026, 3, 31, 16, 30, 0, 0, time.UTC)); m.String() != "2026-04" {
		t.Errorf("16:30 UTC on 31 March is in %s, want 2026-04 (Beijing)", m)
	}
	p, _ := tiaojie.ParsePeriod("2026-Q2", "", "", time.Now())
	if got := p.Start().UTC(); !got.Equal(time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("2026-Q2 starts at %s", got)
	}
	if p.Months() != 3 || len(p.Each()) != 3 {
		t.Errorf("a quarter has %d months", p.Months())
	}
}

func TestOutcomeOf(t *testing.T) {
	for _, c := range []struct {
		st     tiaojie.CaseStatus
		agreed bool
		end    tiaojie.EndReason
		want   tiaojie.CaseOutcome
	}{
		{tiaojie.CaseArchived, true, tiaojie.EndAgreement, tiaojie.OutcomeAgreement},
		{tiaojie.CasePerformed, true, tiaojie.EndAgreement, tiaojie.OutcomeAgreement},
		{tiaojie.CaseTerminated, false, tiaojie.EndFarApart, tiaojie.OutcomeTerminated},
		{tiaojie.CaseArchived, false, tiaojie.EndUnwilling, tiaojie.OutcomeTerminated},
		{tiaojie.CaseWithdrawn, false, "", tiaojie.OutcomeWithdrawn},
		{tiaojie.CaseRejected, false, "", tiaojie.OutcomeRejected},
		{tiaojie.CaseMediating, false, "", tiaojie.OutcomeOpen},
		{tiaojie.CaseSigning, false, "", tiaojie.OutcomeOpen},
	} {
		if got := tiaojie.OutcomeOf(c.st, c.agreed, c.end); got != c.want {
			t.Errorf("OutcomeOf(%s, %v, %s) = %s, want %s", c.st, c.agreed, c.end, got, c.want)
		}
	}
}

func TestDurationAndMedian(t *testing.T) {
	at := func(s string) *time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	for _, c := range []struct {
		a, e *time.Time
		want int
	}{
		{at("2026-03-01T01:00:00Z"), at("2026-03-01T09:00:00Z"), 0},
		{at("2026-03-01T15:00:00Z"), at("2026-03-01T17:00:00Z"), 1}, // 23:00 → 01:00 next day, Beijing
		{at("2026-03-01T01:00:00Z"), at("2026-03-11T01:00:00Z"), 10},
		{nil, at("2026-03-11T01:00:00Z"), -1},
		{at("2026-03-11T01:00:00Z"), nil, -1},
	} {
		if got := tiaojie.DurationDays(c.a, c.e); got != c.want {
			t.Errorf("DurationDays = %d, want %d", got, c.want)
		}
	}
	for _, c := range []struct {
		h    []tiaojie.DayCount
		want int
		ok   bool
	}{
		{nil, 0, false},
		{[]tiaojie.DayCount{{Days: 5, N: 1}}, 5, true},
		{[]tiaojie.DayCount{{Days: 9, N: 1}, {Days: 1, N: 1}}, 1, true},                   // lower median of 1, 9
		{[]tiaojie.DayCount{{Days: 20, N: 1}, {Days: 3, N: 2}, {Days: 7, N: 2}}, 7, true}, // 3 3 7 7 20
		{[]tiaojie.DayCount{{Days: 4, N: 0}, {Days: 6, N: 3}}, 6, true},
	} {
		if got, ok := tiaojie.MedianDays(c.h); got != c.want || ok != c.ok {
			t.Errorf("MedianDays(%v) = %d, %v; want %d, %v", c.h, got, ok, c.want, c.ok)
		}
	}
	if r := tiaojie.Rate(2, 3); r != 66.7 {
		t.Errorf("Rate(2, 3) = %v", r)
	}
	if r := tiaojie.Rate(1, 0); r != 0 {
		t.Errorf("Rate(1, 0) = %v", r)
	}
}
