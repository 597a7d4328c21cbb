package tiaojie

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Funding (资源供给, SPEC C11): donations and grants to organizations and
// public-interest venture rounds (公益创投), the rules free of storage.
// internal/funding keeps the records and asks these functions what an
// amount, a window, a cap and a budget allow and how a project scores.

// FundingKind is where money an organization received came from.
type FundingKind string

// The kinds of funding.
const (
	FundingDonation FundingKind = "donation" // 捐赠: from a person, company or foundation
	FundingGrant    FundingKind = "grant"    // 资助: from the bureau or another public body (venture awards too)
)

// FundingKinds lists the kinds in the order forms offer them.
func FundingKinds() []FundingKind { return []FundingKind{FundingDonation, FundingGrant} }

// MaxFunding bounds one donation, grant, budget or request: ten million
// yuan is beyond anything a district gives one mediation organization, so
// more is a typing slip.
const MaxFunding Money = 10_000_000_00

// CheckFundingAmount refuses an amount that is not positive or is above
// MaxFunding, with Invalid "funding.amount" on the field.
func CheckFundingAmount(field string, m Money) error {
	if m <= 0 || m > MaxFunding {
		var fe FieldErrors
		fe.Add(field, "funding.amount")
		return fe.Err()
	}
	return nil
}

// VentureStatus is where a venture round is.
type VentureStatus string

// The statuses of a round. An open round takes applications within its
// window, then its experts score and the bureau sets the awards; a
// published round's results are public and its awards are grants.
const (
	VentureOpen      VentureStatus = "open"
	VenturePublished VentureStatus = "published"
)

// VentureCriterion is one scoring criterion of a round with its weight,
// in percent of the total.
type VentureCriterion struct {
	Name   string `json:"name"`
	Weight int    `json:"weight"`
}

// MaxVentureCriteria bounds a round's criteria.
const MaxVentureCriteria = 10

// VentureScoreMax is the most an expert gives one criterion.
const VentureScoreMax = 10

// CheckVentureCriteria refuses criteria that are empty, more than
// MaxVentureCriteria, unnamed, weighted zero or less, or whose weights do
// not add up to 100 (Invalid on the field "criteria").
func CheckVentureCriteria(cs []VentureCriterion) error {
	var fe FieldErrors
	sum := 0
	for _, c := range cs {
		if n := utf8.RuneCountInString(strings.TrimSpace(c.Name)); n == 0 || n > 100 || c.Weight <= 0 {
			fe.Add("criteria", "venture.criterion")
			return fe.Err()
		}
		sum += c.Weight
	}
	if len(cs) == 0 || len(cs) > MaxVentureCriteria || sum != 100 {
		fe.Add("criteria", "venture.weights")
	}
	return fe.Err()
}

// VentureWindow is when a round takes applications: from the start of
// Opens to the end of Closes (days, Beijing time).
type VentureWindow struct {
	Opens, Closes time.Time // midnight, Beijing, of the first and last day
}

// CheckVentureWindow refuses a window that closes before it opens.
func CheckVentureWindow(w VentureWindow) error {
	if w.Opens.IsZero() || w.Closes.IsZero() || w.Closes.Before(w.Opens) {
		var fe FieldErrors
		fe.Add("closes_on", "venture.window_bad")
		return fe.Err()
	}
	return nil
}

// Accepts refuses an application at now outside the window: Conflict
// "venture.not_open" before it opens, "venture.closed" after it closes.
func (w VentureWindow) Accepts(now time.Time) error {
	switch {
	case now.Before(w.Opens):
		return E(Conflict, "venture.not_open")
	case !now.Before(w.Closes.AddDate(0, 0, 1)):
		return E(Conflict, "venture.closed")
	}
	return nil
}

// Closed reports whether the window has closed at now, after which the
// experts score and the bureau awards.
func (w VentureWindow) Closed(now time.Time) bool { return !now.Before(w.Closes.AddDate(0, 0, 1)) }

// CheckVentureRequest refuses a requested amount that is not positive or
// exceeds the round's per-project cap (Invalid "venture.over_cap" on
// "requested", naming the cap in yuan).
func CheckVentureRequest(requested, cap Money) error {
	if err := CheckFundingAmount("requested", requested); err != nil {
		return err
	}
	if requested > cap {
		var fe FieldErrors
		fe.Add("requested", "venture.over_cap", "cap", cap.FormatYuan())
		return fe.Err()
	}
	return nil
}

// CheckVentureAward refuses an award below zero (zero: not awarded) or
// above what the project requested, and a set of awards whose sum
// exceeds the round's budget (Conflict "venture.over_budget", naming the
// budget and the sum in yuan).
func CheckVentureAward(award, requested Money, all []Money, budget Money) error {
	if award < 0 || award > requested {
		var fe FieldErrors
		fe.Add("award", "venture.award_range", "max", requested.FormatYuan())
		return fe.Err()
	}
	var sum Money
	for _, a := range all {
		sum += a
	}
	if sum > budget {
		return E(Conflict, "venture.over_budget").With("budget", budget.FormatYuan()).With("sum", sum.FormatYuan())
	}
	return nil
}

// CheckVentureScores refuses one expert's scores that do not give every
// criterion a score from 0 to VentureScoreMax.
func CheckVentureScores(cs []VentureCriterion, scores []int) error {
	bad := len(scores) != len(cs)
	for _, s := range scores {
		bad = bad || s < 0 || s > VentureScoreMax
	}
	if bad {
		var fe FieldErrors
		fe.Add("scores", "venture.scores")
		return fe.Err()
	}
	return nil
}

// VentureWeighted returns one expert's weighted score in tenths of a
// point out of 100: each criterion's score (0–10) times its weight
// (percent), summed. Full marks on every criterion give 1000.
func VentureWeighted(cs []VentureCriterion, scores []int) int {
	total := 0
	for i, c := range cs {
		if i < len(scores) {
			total += scores[i] * c.Weight
		}
	}
	return total
}

// VentureTotal returns a project's score in tenths of a point out of 100:
// the mean of its experts' weighted scores, rounded half up; ok is false
// when no expert has scored it.
func VentureTotal(cs []VentureCriterion, byExpert [][]int) (tenths int, ok bool) {
	if len(byExpert) == 0 {
		return 0, false
	}
	sum := 0
	for _, s := range byExpert {
		sum += VentureWeighted(cs, s)
	}
	n := len(byExpert)
	return (2*sum + n) / (2 * n), true
}

// VentureReportKind is a report an awarded organization files.
type VentureReportKind string

// The kinds of report.
const (
	VentureProgress VentureReportKind = "progress" // 中期/进展报告
	VentureFinal    VentureReportKind = "final"    // 结项报告
)

// VentureReportKinds lists the kinds of report in the order they fall due.
func VentureReportKinds() []VentureReportKind {
	return []VentureReportKind{VentureProgress, VentureFinal}
}

// When an awarded project's reports are due. A round records no project
// period, so a project runs a year from the day its round's results are
// published (the day its grant is recorded): the progress report
// (中期报告) is due six months after that day and the final report
// (结项报告) twelve months after (MonthsLater: the month's last day when
// it has no such day).
const (
	VentureProgressMonths = 6
	VentureFinalMonths    = 12
)

// VentureReportDue returns the day (YYYY-MM-DD, Beijing) a report of kind
// is due for a project whose round was published at published.
func VentureReportDue(published time.Time, kind VentureReportKind) string {
	months := VentureProgressMonths
	if kind == VentureFinal {
		months = VentureFinalMonths
	}
	return Day(MonthsLater(published, months))
}

// ReportRemindDays is how many days before a report is due (the due day
// included) its organization is reminded: procurement's performance
// reports and venture reports alike.
const ReportRemindDays = 5

// ReportStage is where an unfiled report stands against its due day.
type ReportStage string

// The stages: not yet due soon, due within ReportRemindDays, late.
const (
	ReportPending ReportStage = ""
	ReportSoon    ReportStage = "soon"
	ReportLate    ReportStage = "late"
)

// ReportStageOn returns the stage of an unfiled report due on dueOn,
// today being today (both YYYY-MM-DD, Beijing): late after the due day,
// soon from ReportRemindDays before it through it.
func ReportStageOn(dueOn, today string) ReportStage {
	due, err := time.ParseInLocation(time.DateOnly, dueOn, Beijing())
	switch {
	case err != nil:
		return ReportPending
	case dueOn < today:
		return ReportLate
	case Day(due.AddDate(0, 0, -ReportRemindDays)) <= today:
		return ReportSoon
	}
	return ReportPending
}
