package tiaojie

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Month is a calendar month in Beijing time, counted from year 0
// (year*12 + month-1), so that months compare and subtract as integers.
type Month int

// MonthOf returns the month (Beijing time) in which t falls.
func MonthOf(t time.Time) Month {
	b := t.In(Beijing())
	return Month(b.Year()*12 + int(b.Month()) - 1)
}

// ParseMonth reads "YYYY-MM".
func ParseMonth(s string) (Month, bool) {
	y, m, ok := strings.Cut(s, "-")
	if !ok || len(y) != 4 || len(m) != 2 {
		return 0, false
	}
	yy, err1 := strconv.Atoi(y)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || yy < 2000 || yy > 2999 || mm < 1 || mm > 12 {
		return 0, false
	}
	return Month(yy*12 + mm - 1), true
}

// Year returns the month's year.
func (m Month) Year() int { return int(m) / 12 }

// Num returns the month of the year, 1 to 12.
func (m Month) Num() int { return int(m)%12 + 1 }

// String returns "YYYY-MM", the form stored in the statistics rollup.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), m.Num()) }

// Start returns the first instant of the month, Beijing time.
func (m Month) Start() time.Time {
	return time.Date(m.Year(), time.Month(m.Num()), 1, 0, 0, 0, 0, Beijing())
}

// MaxPeriodMonths bounds a statistics period: five years, the longest
// span the bureau compares (a 五年规划 review); longer would only be a
// slow query nobody reads.
const MaxPeriodMonths = 60

// Period is a span of whole months, From to To inclusive, for which the
// statistics are counted: a month (月报), a quarter (季报), a year (年报)
// or any from–to span of months.
type Period struct {
	From, To Month
	Label    string // as the caller wrote it: "2026-03", "2026-Q1", "2026", "2026-01~2026-06"
}

// Months returns the number of months in the period.
func (p Period) Months() int { return int(p.To-p.From) + 1 }

// Start and End bound the period in time: [Start, End).
func (p Period) Start() time.Time { return p.From.Start() }

// End returns the first instant after the period.
func (p Period) End() time.Time { return (p.To + 1).Start() }

// Each returns the months of the period in order.
func (p Period) Each() []Month {
	out := make([]Month, 0, p.Months())
	for m := p.From; m <= p.To; m++ {
		out = append(out, m)
	}
	return out
}

// ParsePeriod reads a statistics period: period is "YYYY-MM" (a month),
// "YYYY-Qn" (a quarter) or "YYYY" (a year); or, when period is empty,
// from and to are months "YYYY-MM" (both required). A malformed period,
// from after to, or a span longer than MaxPeriodMonths is refused with
// the field at fault (stats.period_*). When all three are empty the
// period is the current quarter of now.
func ParsePeriod(period, from, to string, now time.Time) (Period, error) {
	period, from, to = strings.TrimSpace(period), strings.TrimSpace(from), strings.TrimSpace(to)
	var fe FieldErrors
	switch {
	case period == "" && from == "" && to == "":
		m := MonthOf(now)
		q := (m.Num()-1)/3 + 1
		return quarter(m.Year(), q), nil
	case period != "":
		if p, ok := parseNamedPeriod(period); ok {
			return p, nil
		}
		fe.Add("period", "stats.period_malformed")
		return Period{}, fe.Err()
	}
	f, okF := ParseMonth(from)
	t, okT := ParseMonth(to)
	if !okF {
		fe.Add("from", "stats.period_malformed")
	}
	if !okT {
		fe.Add("to", "stats.period_malformed")
	}
	if err := fe.Err(); err != nil {
		return Period{}, err
	}
	p := Period{From: f, To: t, Label: f.String() + "~" + t.String()}
	switch {
	case f > t:
		fe.Add("to", "stats.period_reversed")
	case p.Months() > MaxPeriodMonths:
		fe.Add("to", "stats.period_too_long", "max", strconv.Itoa(MaxPeriodMonths))
	}
	if err := fe.Err(); err != nil {
		return Period{}, err
	}
	return p, nil
}

func parseNamedPeriod(s string) (Period, bool) {
	if m, ok := ParseMonth(s); ok {
		return Period{From: m, To: m, Label: s}, true
	}
	if y, q, ok := strings.Cut(s, "-Q"); ok && len(y) == 4 && len(q) == 1 {
		yy, err1 := strconv.Atoi(y)
		qq, err2 := strconv.Atoi(q)
		if err1 == nil && err2 == nil && yy >= 2000 && yy <= 2999 && qq >= 1 && qq <= 4 {
			return quarter(yy, qq), true
		}
		return Period{}, false
	}
	if len(s) == 4 {
		if yy, err := strconv.Atoi(s); err == nil && yy >= 2000 && yy <= 2999 {
			m := Month(yy * 12)
			return Period{From: m, To: m + 11, Label: s}, true
		}
	}
	return Period{}, false
}

func quarter(y, q int) Period {
	m := Month(y*12 + (q-1)*3)
	return Period{From: m, To: m + 2, Label: fmt.Sprintf("%04d-Q%d", y, q)}
}

// CaseOutcome is how a case came out, for the statistics: an agreement
// (调解成功), a termination without one (调解不成), withdrawn or rejected
// before mediation, or still open.
type CaseOutcome string

// The case outcomes.
const (
	OutcomeAgreement  CaseOutcome = "agreement"
	OutcomeTerminated CaseOutcome = "terminated"
	OutcomeWithdrawn  CaseOutcome = "withdrawn"
	OutcomeRejected   CaseOutcome = "rejected"
	OutcomeOpen       CaseOutcome = "open"
)

// CaseOutcomes lists the outcomes in display order.
func CaseOutcomes() []CaseOutcome {
	return []CaseOutcome{OutcomeAgreement, OutcomeTerminated, OutcomeWithdrawn, OutcomeRejected, OutcomeOpen}
}

// OutcomeOf classifies a case: an agreement once one took effect
// (agreed is the time it did; it is never cleared), whatever happened
// after (confirmation, performance, archiving); otherwise by the end the
// case reached.
func OutcomeOf(st CaseStatus, agreed bool, end EndReason) CaseOutcome {
	switch {
	case agreed || end == EndAgreement:
		return OutcomeAgreement
	case st == CaseWithdrawn:
		return OutcomeWithdrawn
	case st == CaseRejected:
		return OutcomeRejected
	case end != "" || st == CaseTerminated || st == CaseArchived:
		return OutcomeTerminated
	}
	return OutcomeOpen
}

// Agreement forms of the statistics (协议形式): written (书面) or oral
// (口头, recorded by the mediator).
const (
	AgreementWritten = "written"
	AgreementOral    = "oral"
)

// DurationDays is the length of a mediation in days, from acceptance to
// its end (Beijing calendar days, the day of acceptance not counted), or
// -1 when the case was never accepted or has not ended.
func DurationDays(accepted, ended *time.Time) int {
	if accepted == nil || ended == nil || ended.Before(*accepted) {
		return -1
	}
	a, e := accepted.In(Beijing()), ended.In(Beijing())
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	de := time.Date(e.Year(), e.Month(), e.Day(), 0, 0, 0, 0, time.UTC)
	return int(de.Sub(da).Hours() / 24)
}

// DayCount is how many cases took a number of days.
type DayCount struct {
	Days, N int
}

// MedianDays returns the median of a histogram of durations (the lower
// median for an even count, so that it is always a whole day some case
// took), and false when it is empty.
func MedianDays(h []DayCount) (int, bool) {
	h = slices.Clone(h)
	slices.SortFunc(h, func(a, b DayCount) int { return a.Days - b.Days })
	total := 0
	for _, d := range h {
		total += d.N
	}
	if total == 0 {
		return 0, false
	}
	half := (total + 1) / 2
	seen := 0
	for _, d := range h {
		seen += d.N
		if seen >= half {
			return d.Days, true
		}
	}
	return h[len(h)-1].Days, true
}

// Rate returns part of whole in percent with one decimal, and 0 when
// whole is 0.
func Rate(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return math.Round(float64(part)*1000/float64(whole)) / 10
}
