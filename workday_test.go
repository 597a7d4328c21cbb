package tiaojie

import (
	"testing"
	"time"
)

// testCalendar holds an invented National Day week: 1–7 October 2026 off
// (Thursday to Wednesday), Saturday 10 October worked.
func testCalendar() Calendar {
	var days []CalendarDay
	for d := 1; d <= 7; d++ {
		days = append(days, CalendarDay{Date: time.Date(2026, 10, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), Kind: DayHoliday, Name: "国庆节"})
	}
	days = append(days, CalendarDay{Date: "2026-10-10", Kind: DayWorkday, Name: "国庆节调休"})
	return NewCalendar(days)
}

// bj is a time in Beijing.
func bj(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, Beijing())
}

func TestIsWorkday(t *testing.T) {
	c := testCalendar()
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{bj(2026, 9, 28, 9, 0), true},    // Monday
		{bj(2026, 9, 26, 9, 0), false},   // Saturday
		{bj(2026, 10, 1, 9, 0), false},   // holiday on a Thursday
		{bj(2026, 10, 7, 23, 59), false}, // last holiday
		{bj(2026, 10, 8, 0, 0), true},
		{bj(2026, 10, 10, 12, 0), true},  // make-up Saturday
		{bj(2026, 10, 11, 12, 0), false}, // Sunday
		// 1 October 00:30 Beijing is 30 September 16:30 UTC: the Beijing
		// date decides.
		{time.Date(2026, 9, 30, 16, 30, 0, 0, time.UTC), false},
		{time.Date(2026, 9, 30, 15, 30, 0, 0, time.UTC), true},
	} {
		if got := c.IsWorkday(tc.at); got != tc.want {
			t.Errorf("IsWorkday(%v) = %v, want %v", tc.at, got, tc.want)
		}
	}
	if (Calendar{}).IsWorkday(bj(2026, 10, 1, 9, 0)) != true {
		t.Error("the zero calendar should know weekends only")
	}
}

func TestAddWorkdays(t *testing.T) {
	c := testCalendar()
	for _, tc := range []struct {
		name string
		from time.Time
		n    int
		want time.Time
	}{
		{"midweek", bj(2026, 9, 14, 10, 0), 3, bj(2026, 9, 18, 0, 0)},           // Mon → end of Thu
		{"over a weekend", bj(2026, 9, 17, 10, 0), 3, bj(2026, 9, 23, 0, 0)},    // Thu → Fri, Mon, Tue
		{"from a Saturday", bj(2026, 9, 19, 10, 0), 3, bj(2026, 9, 24, 0, 0)},   // → Mon, Tue, Wed
		{"late in the day", bj(2026, 9, 14, 23, 59), 1, bj(2026, 9, 16, 0, 0)},  // the day itself never counts
		{"over the holiday", bj(2026, 9, 29, 16, 0), 3, bj(2026, 10, 10, 0, 0)}, // Wed 30, Thu 8, Fri 9
		{"make-up Saturday", bj(2026, 10, 9, 9, 0), 1, bj(2026, 10, 11, 0, 0)},  // Sat 10 works
		{"zero", bj(2026, 9, 14, 10, 0), 0, bj(2026, 9, 15, 0, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.AddWorkdays(tc.from, tc.n); !got.Equal(tc.want) {
				t.Errorf("AddWorkdays(%v, %d) = %v, want %v", tc.from, tc.n, got.In(Beijing()), tc.want)
			}
		})
	}
}

func TestAddDays(t *testing.T) {
	c := testCalendar()
	for _, tc := range []struct {
		name string
		from time.Time
		n    int
		want time.Time
	}{
		{"ends on a weekday", bj(2026, 8, 3, 10, 0), 30, bj(2026, 9, 3, 0, 0)},      // 2 Sep is a Wednesday
		{"ends on a Sunday", bj(2026, 8, 7, 10, 0), 30, bj(2026, 9, 8, 0, 0)},       // 6 Sep Sun → Mon 7
		{"ends in the holiday", bj(2026, 9, 2, 10, 0), 30, bj(2026, 10, 9, 0, 0)},   // 2 Oct → Thu 8
		{"ends on make-up day", bj(2026, 9, 10, 10, 0), 30, bj(2026, 10, 11, 0, 0)}, // 10 Oct works
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.AddDays(tc.from, tc.n); !got.Equal(tc.want) {
				t.Errorf("AddDays(%v, %d) = %v, want %v", tc.from, tc.n, got.In(Beijing()), tc.want)
			}
		})
	}
}

func TestWorkdaysLeft(t *testing.T) {
	c := testCalendar()
	deadline := bj(2026, 10, 10, 0, 0) // end of Friday 9 October
	for _, tc := range []struct {
		now  time.Time
		want int
	}{
		{bj(2026, 9, 30, 9, 0), 3},  // Wed 30, Thu 8, Fri 9
		{bj(2026, 10, 3, 9, 0), 2},  // Thu 8, Fri 9
		{bj(2026, 10, 9, 23, 0), 1}, // the last day
		{bj(2026, 10, 10, 0, 0), -1},
		{bj(2026, 10, 12, 9, 0), -1}, // the make-up Saturday has passed
		{bj(2026, 10, 13, 9, 0), -2}, // and Monday 12
	} {
		if got := c.WorkdaysLeft(tc.now, deadline); got != tc.want {
			t.Errorf("WorkdaysLeft(%v) = %d, want %d", tc.now, got, tc.want)
		}
	}
}
