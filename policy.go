package tiaojie

import (
	"strconv"
	"time"
)

// Policy holds the rules the district bureau may set for its district
// (SPEC C3, C11): the parts of the platform's behaviour that are a local
// decision rather than law. It is stored as one JSON document
// (internal/settings) and read over DefaultPolicy, so a setting added
// later takes its default in every database that never set it; the JSON
// names are therefore part of the stored format and must not change.
//
// Each setting's zero value should mean "the platform's plain behaviour"
// (a rule not enforced), so that a district that never opens the settings
// page gets no surprise.
type Policy struct {
	// TrainingHoursRequired is the number of hours of unified training
	// (统一职业培训) a mediator must have had in the last 12 months
	// (TrainingWindow) to be assigned cases. 0, the default, enforces
	// nothing; at most MaxTrainingHoursRequired.
	TrainingHoursRequired int `json:"training_hours_required"`

	// StarLevels is how many star levels the rating has: 3 or 5 (SPEC C7).
	StarLevels int `json:"star_levels"`
	// StarThresholds are the lowest total scores (out of 100) of each star
	// level, one a level, rising: StarThresholds[0] is one star. A total
	// below the first earns no star.
	StarThresholds []int `json:"star_thresholds"`
	// RatingValidityMonths is how long a star level holds from its
	// publication as final (民政 assessments: 5 years).
	RatingValidityMonths int `json:"rating_validity_months"`
	// RatingObjectionDays is the publication period for objections (公示),
	// in working days.
	RatingObjectionDays int `json:"rating_objection_days"`

	// ComplaintAnswerDays is the time, in working days from filing, within
	// which a complaint must be answered.
	ComplaintAnswerDays int `json:"complaint_answer_days"`

	// DisclosureDue is the day ("MM-DD", Beijing) by which each
	// organization files its annual disclosure for the year before.
	DisclosureDue string `json:"disclosure_due"`
	// DisclosureAbnormalDays is how many days after DisclosureDue an
	// organization that has not filed is marked 活动异常 in the directory.
	DisclosureAbnormalDays int `json:"disclosure_abnormal_days"`
}

// MaxTrainingHoursRequired bounds Policy.TrainingHoursRequired: more than
// 200 hours a year would be a data-entry slip, not a rule.
const MaxTrainingHoursRequired = 200

// DefaultPolicy returns the policy of a district that has set nothing:
// no training rule; five star levels at 50/60/70/80/90 points valid five
// years after five working days of publication (the 民政 1A–5A model,
// DOMAIN.md §(b)7); complaints answered within 15 working days; the annual
// disclosure due by 31 March (民办非企业单位登记管理暂行条例 Art. 23: the
// report to the supervising body) and an organization abnormal 90 days
// after that.
func DefaultPolicy() Policy {
	return Policy{StarLevels: 5, StarThresholds: []int{50, 60, 70, 80, 90}, RatingValidityMonths: 60,
		RatingObjectionDays: 5, ComplaintAnswerDays: 15, DisclosureDue: "03-31", DisclosureAbnormalDays: 90}
}

// Validate checks every setting, reporting problems per field under the
// setting's JSON name (as the settings form and the API name it).
func (p Policy) Validate() error {
	var fe FieldErrors
	if p.TrainingHoursRequired < 0 || p.TrainingHoursRequired > MaxTrainingHoursRequired {
		fe.Add("training_hours_required", "policy.training_hours_required", "max", strconv.Itoa(MaxTrainingHoursRequired))
	}
	if p.StarLevels != 3 && p.StarLevels != 5 {
		fe.Add("star_levels", "policy.star_levels")
	}
	if !risingScores(p.StarThresholds, p.StarLevels) {
		fe.Add("star_thresholds", "policy.star_thresholds", "levels", strconv.Itoa(p.StarLevels))
	}
	between := func(name string, v, lo, hi int) {
		if v < lo || v > hi {
			fe.Add(name, "policy.between", "min", strconv.Itoa(lo), "max", strconv.Itoa(hi))
		}
	}
	between("rating_validity_months", p.RatingValidityMonths, 6, 120)
	between("rating_objection_days", p.RatingObjectionDays, 1, 30)
	between("complaint_answer_days", p.ComplaintAnswerDays, 1, 60)
	between("disclosure_abnormal_days", p.DisclosureAbnormalDays, 1, 730)
	if _, err := time.Parse("01-02", p.DisclosureDue); err != nil || p.DisclosureDue == "02-29" {
		fe.Add("disclosure_due", "policy.disclosure_due")
	}
	return fe.Err()
}

// risingScores reports whether thresholds has one score a level, each
// between 1 and 100 and above the one before.
func risingScores(thresholds []int, levels int) bool {
	if len(thresholds) != levels {
		return false
	}
	for i, t := range thresholds {
		if t < 1 || t > 100 || i > 0 && t <= thresholds[i-1] {
			return false
		}
	}
	return true
}

// StarsFor returns the star level a total score earns (0: none).
func (p Policy) StarsFor(total float64) int {
	stars := 0
	for i, t := range p.StarThresholds {
		if total >= float64(t) {
			stars = i + 1
		}
	}
	return stars
}

// DisclosureDueFor returns the deadline (the end of the due day, Beijing
// time) of the annual disclosure for year: DisclosureDue of the year after.
func (p Policy) DisclosureDueFor(year int) time.Time {
	d, err := time.Parse("01-02", p.DisclosureDue)
	if err != nil {
		d, _ = time.Parse("01-02", DefaultPolicy().DisclosureDue)
	}
	return time.Date(year+1, d.Month(), d.Day()+1, 0, 0, 0, 0, Beijing())
}

// WithTraining returns the policy with TrainingHoursRequired set to hours.
func (p Policy) WithTraining(hours int) Policy {
	p.TrainingHoursRequired = hours
	return p
}

// TrainingEnforced reports whether the policy makes training hours a
// condition of being assigned cases.
func (p Policy) TrainingEnforced() bool { return p.TrainingHoursRequired > 0 }

// UnderTrained reports whether a mediator with hours of training in the
// window falls short of the policy (never when it is not enforced).
func (p Policy) UnderTrained(hours int) bool {
	return p.TrainingEnforced() && hours < p.TrainingHoursRequired
}

// CheckTraining refuses, with a Conflict "mediator.under_trained" that
// names the hours had and required, a mediator whose hours in the window
// fall short of the policy; nil otherwise.
func (p Policy) CheckTraining(hours int) error {
	if !p.UnderTrained(hours) {
		return nil
	}
	return E(Conflict, "mediator.under_trained").
		With("had", strconv.Itoa(hours)).With("required", strconv.Itoa(p.TrainingHoursRequired))
}

// TrainingWindow returns the first and last day (midnight, Beijing time)
// of the rolling 12 months whose training counts at now: from the day
// after the same date a year earlier through today. A rolling window,
// rather than the calendar year, means a requirement never falls due for
// everyone on 1 January, and a mediator trained last December still
// counts as trained in March (docs/decisions.md).
func TrainingWindow(now time.Time) (first, last time.Time) {
	bj := now.In(Beijing())
	last = time.Date(bj.Year(), bj.Month(), bj.Day(), 0, 0, 0, 0, Beijing())
	first = time.Date(bj.Year()-1, bj.Month(), bj.Day()+1, 0, 0, 0, 0, Beijing())
	return first, last
}
