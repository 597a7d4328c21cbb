package tiaojie

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Star rating (星级评估, SPEC C7): the district's indicator sets, the
// rule that combines the experts' scores into a total, and the states of a
// rating round. The rules are pure; internal/rating applies them.

// RatingMaxTotal is what the maximum scores of an indicator set add up to.
const RatingMaxTotal = 100

// RatingMinExperts is how many experts at least score each application.
const RatingMinExperts = 2

// The platform figures an indicator may be shown beside (its Source): the
// platform computes them from its own records over the round's period,
// so the experts see real data next to the organization's claims.
const (
	SourceNone         = ""
	SourceCaseVolume   = "case_volume"  // cases received
	SourceSuccessRate  = "success_rate" // share of ended cases ended by agreement
	SourceTimeliness   = "timeliness"   // share accepted and closed within their deadlines
	SourceSatisfaction = "satisfaction" // mean of the parties' stars
	SourceComplaints   = "complaints"   // complaints upheld (wholly or partly)
	SourceDisclosure   = "disclosure"   // annual disclosure filed on time
	SourceTraining     = "training"     // training hours of the active mediators
)

// RatingSources lists the platform figures in the order forms offer them.
func RatingSources() []string {
	return []string{SourceNone, SourceCaseVolume, SourceSuccessRate, SourceTimeliness, SourceSatisfaction,
		SourceComplaints, SourceDisclosure, SourceTraining}
}

// RatingIndicator is one indicator of a set: what is scored, out of how
// many points, on what evidence and with which deductions.
type RatingIndicator struct {
	ID       int64
	Category string // e.g. 组织建设
	Name     string
	MaxScore int    // points
	Evidence string // the evidence required (佐证材料)
	Rules    string // the deduction rules (评分细则), as text
	Source   string // a platform figure shown beside it (Source*), or ""
}

// Limits of an indicator's texts, in characters, and of a set's size.
const (
	maxIndicatorName = 100
	maxIndicatorText = 1000
	maxIndicators    = 100
)

// ValidateIndicators checks an indicator set before it is saved or
// published: each indicator named, in a category, with a maximum of 1–100
// points and a known source; at most 100 indicators. When complete is set
// (publication) the maximum scores must also add up to exactly 100.
func ValidateIndicators(list []RatingIndicator, complete bool) error {
	var fe FieldErrors
	total := 0
	for i, in := range list {
		at := strconv.Itoa(i + 1)
		if n := utf8.RuneCountInString(strings.TrimSpace(in.Name)); n < 1 || n > maxIndicatorName {
			fe.Add("indicators", "rating.indicator_name", "n", at)
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(in.Category)); n < 1 || n > maxIndicatorName {
			fe.Add("indicators", "rating.indicator_category", "n", at)
		}
		if in.MaxScore < 1 || in.MaxScore > RatingMaxTotal {
			fe.Add("indicators", "rating.indicator_max", "n", at)
		}
		if utf8.RuneCountInString(in.Evidence) > maxIndicatorText || utf8.RuneCountInString(in.Rules) > maxIndicatorText {
			fe.Add("indicators", "rating.indicator_text", "n", at, "max", strconv.Itoa(maxIndicatorText))
		}
		if !slices.Contains(RatingSources(), in.Source) {
			fe.Add("indicators", "rating.indicator_source", "n", at)
		}
		total += in.MaxScore
	}
	if len(list) > maxIndicators {
		fe.Add("indicators", "rating.too_many", "max", strconv.Itoa(maxIndicators))
	}
	if complete && (len(list) == 0 || total != RatingMaxTotal) {
		fe.Add("indicators", "rating.total_not_100", "total", strconv.Itoa(total))
	}
	return fe.Err()
}

// Scores are kept in tenths of a point, so that 8.5 is exact on both
// database engines and the mean is computed on integers.

// ParseScore reads a score as typed ("8", "8.5") into tenths; it refuses
// a negative number, more than one decimal, and anything that is not a
// number.
func ParseScore(s string) (int, bool) {
	s = strings.TrimSpace(s)
	whole, frac, dotted := strings.Cut(s, ".")
	if whole == "" || len(frac) > 1 || dotted && frac == "" {
		return 0, false
	}
	w, err := strconv.Atoi(whole)
	if err != nil || w < 0 || w > 1000 || strings.HasPrefix(whole, "+") {
		return 0, false
	}
	f := 0
	if frac != "" {
		if frac[0] < '0' || frac[0] > '9' {
			return 0, false
		}
		f = int(frac[0] - '0')
	}
	return w*10 + f, true
}

// FormatScore writes tenths of a point as a score: "8", "8.5".
func FormatScore(tenths int) string {
	if tenths%10 == 0 {
		return strconv.Itoa(tenths / 10)
	}
	return strconv.FormatFloat(float64(tenths)/10, 'f', 1, 64)
}

// CombineScores is the published rule that turns the experts' scores into
// an application's total: for each indicator, the mean of the experts'
// scores; the means summed; the sum rounded to one decimal (half away
// from zero). Each sheet is one expert's scores, in tenths, one per
// indicator in the same order. Summing per-indicator means equals the
// mean of the experts' totals; computing it on tenths keeps it exact
// until the one rounding. No sheets give 0.
func CombineScores(sheets [][]int) float64 {
	if len(sheets) == 0 {
		return 0
	}
	sum := 0
	for _, sheet := range sheets {
		for _, s := range sheet {
			sum += s
		}
	}
	return math.Round(float64(sum)/float64(len(sheets))) / 10
}

// RatingValidUntil returns when a star level set on final expires: the
// end of the same day months later, Beijing time, or of that month's last
// day when it has no such day (31 March + 6 months ends with 30
// September). The directory stops showing the stars then.
func RatingValidUntil(final time.Time, months int) time.Time {
	return MonthsLater(final, months).AddDate(0, 0, 1)
}

// MonthsLater returns the start (midnight, Beijing) of the same day of
// the month months after t's day, or of that month's last day when it
// has no such day (31 August + 6 months is 28 or 29 February).
func MonthsLater(t time.Time, months int) time.Time {
	y, m, d := t.In(Beijing()).Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, Beijing())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// RatingRoundStatus is where a rating round stands.
type RatingRoundStatus string

// The states of a rating round.
const (
	RoundOpen       RatingRoundStatus = "open"       // organizations apply and self-assess
	RoundScoring    RatingRoundStatus = "scoring"    // applications closed; experts score
	RoundPublicized RatingRoundStatus = "publicized" // results published for objections (公示)
	RoundFinal      RatingRoundStatus = "final"      // final: stars set on the organizations
)

// RatingRoundStatuses lists the states in order.
func RatingRoundStatuses() []RatingRoundStatus {
	return []RatingRoundStatus{RoundOpen, RoundScoring, RoundPublicized, RoundFinal}
}

// RoundAction is a step the bureau takes on a round.
type RoundAction string

// The steps of a round.
const (
	RoundClose    RoundAction = "close"    // close applications, start scoring
	RoundPublish  RoundAction = "publish"  // publish the results for objections
	RoundFinalize RoundAction = "finalize" // make the results final
)

// roundSteps is the round's state machine: from each state, the one step
// it takes and where the step leads.
var roundSteps = map[RatingRoundStatus]struct {
	Action RoundAction
	To     RatingRoundStatus
}{
	RoundOpen:       {RoundClose, RoundScoring},
	RoundScoring:    {RoundPublish, RoundPublicized},
	RoundPublicized: {RoundFinalize, RoundFinal},
}

// Next returns where action a leads from s, or Conflict
// "rating.round_state" when a round in s cannot take it.
func (s RatingRoundStatus) Next(a RoundAction) (RatingRoundStatus, error) {
	step, ok := roundSteps[s]
	if !ok || step.Action != a {
		return s, E(Conflict, "rating.round_state").With("status", string(s)).With("action", string(a))
	}
	return step.To, nil
}

// Public reports whether a round's results are public: from publication
// for objections on.
func (s RatingRoundStatus) Public() bool { return s == RoundPublicized || s == RoundFinal }

// ObjectionDue returns the end of the objection period of results
// published at: days working days after it (公示期).
func ObjectionDue(cal Calendar, published time.Time, days int) time.Time {
	return cal.AddWorkdays(published, days)
}

// CheckFinalize refuses to make a round final before its objection period
// has ended (rating.objection_period, with the date it ends) or while an
// objection is unanswered (rating.objections_open).
func CheckFinalize(now, objectionDue time.Time, openObjections int) error {
	if now.Before(objectionDue) {
		return E(Conflict, "rating.objection_period").With("due", objectionDue.In(Beijing()).AddDate(0, 0, -1).Format(time.DateOnly))
	}
	if openObjections > 0 {
		return E(Conflict, "rating.objections_open").With("n", strconv.Itoa(openObjections))
	}
	return nil
}
