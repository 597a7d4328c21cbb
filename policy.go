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
}

// MaxTrainingHoursRequired bounds Policy.TrainingHoursRequired: more than
// 200 hours a year would be a data-entry slip, not a rule.
const MaxTrainingHoursRequired = 200

// DefaultPolicy returns the policy of a district that has set nothing:
// no rule enforced.
func DefaultPolicy() Policy { return Policy{} }

// Validate checks every setting, reporting problems per field under the
// setting's JSON name (as the settings form and the API name it).
func (p Policy) Validate() error {
	var fe FieldErrors
	if p.TrainingHoursRequired < 0 || p.TrainingHoursRequired > MaxTrainingHoursRequired {
		fe.Add("training_hours_required", "policy.training_hours_required", "max", strconv.Itoa(MaxTrainingHoursRequired))
	}
	return fe.Err()
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
