package tiaojie

import (
	"testing"
	"time"
)

func code(err error) string {
	if err == nil {
		return ""
	}
	e := err.(*Error)
	if len(e.Fields) > 0 {
		return e.Fields[0].Code
	}
	return e.Code
}

func TestCheckFundingAmount(t *testing.T) {
	for _, tc := range []struct {
		m    Money
		want string
	}{{1, ""}, {MaxFunding, ""}, {0, "funding.amount"}, {-100, "funding.amount"}, {MaxFunding + 1, "funding.amount"}} {
		if got := code(CheckFundingAmount("amount", tc.m)); got != tc.want {
			t.Errorf("%d: %q, want %q", tc.m, got, tc.want)
		}
	}
}

func TestVentureWindow(t *testing.T) {
	bj := Beijing()
	w := VentureWindow{Opens: time.Date(2026, 3, 1, 0, 0, 0, 0, bj), Closes: time.Date(2026, 3, 31, 0, 0, 0, 0, bj)}
	for _, tc := range []struct {
		at     time.Time
		want   string
		closed bool
	}{
		{time.Date(2026, 2, 28, 23, 59, 59, 0, bj), "venture.not_open", false},
		{time.Date(2026, 3, 1, 0, 0, 0, 0, bj), "", false},
		{time.Date(2026, 3, 31, 23, 59, 59, 0, bj), "", false},
		{time.Date(2026, 4, 1, 0, 0, 0, 0, bj), "venture.closed", true},
		{time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC), "venture.closed", true}, // 1 April 00:00 Beijing
	} {
		if got := code(w.Accepts(tc.at)); got != tc.want || w.Closed(tc.at) != tc.closed {
			t.Errorf("%v: %q closed %v, want %q %v", tc.at, got, w.Closed(tc.at), tc.want, tc.closed)
		}
	}
	if code(CheckVentureWindow(VentureWindow{Opens: w.Closes, Closes: w.Opens})) != "venture.window_bad" {
		t.Error("a window closing before it opens was accepted")
	}
	if CheckVentureWindow(VentureWindow{Opens: w.Opens, Closes: w.Opens}) != nil {
		t.Error("a one-day window was refused")
	}
}

func TestCheckVentureRequest(t *testing.T) {
	for _, tc := range []struct {
		req, cap Money
		want     string
	}{{5000000, 5000000, ""}, {1, 5000000, ""}, {5000001, 5000000, "venture.over_cap"}, {0, 5000000, "funding.amount"}, {-1, 5000000, "funding.amount"}} {
		if got := code(CheckVentureRequest(tc.req, tc.cap)); got != tc.want {
			t.Errorf("%d cap %d: %q, want %q", tc.req, tc.cap, got, tc.want)
		}
	}
}

func TestCheckVentureAward(t *testing.T) {
	for _, tc := range []struct {
		name               string
		award, req, budget Money
		all                []Money
		want               string
	}{
		{"within", 300, 500, 1000, []Money{300, 700}, ""},
		{"exactly the budget", 500, 500, 1000, []Money{500, 500}, ""},
		{"over the budget", 500, 500, 1000, []Money{500, 501}, "venture.over_budget"},
		{"none", 0, 500, 1000, []Money{0, 900}, ""},
		{"above the request", 600, 500, 1000, []Money{600}, "venture.award_range"},
		{"negative", -1, 500, 1000, []Money{-1}, "venture.award_range"},
	} {
		if got := code(CheckVentureAward(tc.award, tc.req, tc.all, tc.budget)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestVentureCriteriaAndScores(t *testing.T) {
	cs := []VentureCriterion{{"需求分析", 30}, {"实施方案", 40}, {"团队能力", 30}}
	for _, tc := range []struct {
		name string
		cs   []VentureCriterion
		want string
	}{
		{"sums to 100", cs, ""},
		{"none", nil, "venture.weights"},
		{"sums to 90", cs[:2:2], "venture.weights"},
		{"unnamed", []VentureCriterion{{" ", 100}}, "venture.criterion"},
		{"zero weight", []VentureCriterion{{"a", 100}, {"b", 0}}, "venture.criterion"},
	} {
		if got := code(CheckVentureCriteria(tc.cs)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	for _, tc := range []struct {
		scores []int
		want   string
	}{{[]int{10, 0, 5}, ""}, {[]int{10, 0}, "venture.scores"}, {[]int{11, 0, 5}, "venture.scores"}, {[]int{-1, 0, 5}, "venture.scores"}} {
		if got := code(CheckVentureScores(cs, tc.scores)); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.scores, got, tc.want)
		}
	}
	for _, tc := range []struct {
		by   [][]int
		want int
		ok   bool
	}{
		{nil, 0, false},
		{[][]int{{10, 10, 10}}, 1000, true},
		{[][]int{{8, 6, 7}}, 240 + 240 + 210, true},
		{[][]int{{8, 6, 7}, {9, 7, 8}}, (690 + 790) / 2, true},
		{[][]int{{0, 0, 1}, {0, 0, 0}}, 15, true},                      // 30/2 = 15
		{[][]int{{0, 0, 1}, {0, 0, 0}, {0, 0, 0}}, 10, true},           // 30/3 = 10
		{[][]int{{1, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}}, 8, true}, // 30/4 = 7.5 → 8
	} {
		if got, ok := VentureTotal(cs, tc.by); got != tc.want || ok != tc.ok {
			t.Errorf("%v: %d %v, want %d %v", tc.by, got, ok, tc.want, tc.ok)
		}
	}
}

// TestVentureReportDue: six and twelve months from the publication day in
// Beijing, the month's last day when it has no such day.
func TestVentureReportDue(t *testing.T) {
	bj := Beijing()
	for _, tc := range []struct {
		published time.Time
		kind      VentureReportKind
		want      string
	}{
		{time.Date(2026, 4, 10, 9, 0, 0, 0, bj), VentureProgress, "2026-10-10"},
		{time.Date(2026, 4, 10, 9, 0, 0, 0, bj), VentureFinal, "2027-04-10"},
		{time.Date(2026, 8, 31, 12, 0, 0, 0, bj), VentureProgress, "2027-02-28"},
		{time.Date(2027, 8, 31, 12, 0, 0, 0, bj), VentureProgress, "2028-02-29"},
		{time.Date(2026, 3, 31, 16, 30, 0, 0, time.UTC), VentureProgress, "2026-10-01"}, // 1 April, 00:30 in Beijing
	} {
		if got := VentureReportDue(tc.published, tc.kind); got != tc.want {
			t.Errorf("%v %s: %s, want %s", tc.published, tc.kind, got, tc.want)
		}
	}
}

func TestReportStageOn(t *testing.T) {
	for _, tc := range []struct {
		due, today string
		want       ReportStage
	}{
		{"2026-10-10", "2026-10-04", ReportPending},
		{"2026-10-10", "2026-10-05", ReportSoon},
		{"2026-10-10", "2026-10-10", ReportSoon},
		{"2026-10-10", "2026-10-11", ReportLate},
		{"2026-03-02", "2026-02-25", ReportSoon}, // across the month
		{"", "2026-10-11", ReportPending},
	} {
		if got := ReportStageOn(tc.due, tc.today); got != tc.want {
			t.Errorf("due %s on %s: %q, want %q", tc.due, tc.today, got, tc.want)
		}
	}
}
