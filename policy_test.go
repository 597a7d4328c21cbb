package tiaojie_test

import (
	"testing"
	"time"

	"tiaojie"
)

func TestPolicyValidate(t *testing.T) {
	if err := tiaojie.DefaultPolicy().Validate(); err != nil {
		t.Errorf("the default policy: %v", err)
	}
	if tiaojie.DefaultPolicy().TrainingEnforced() {
		t.Error("the default policy enforces training")
	}
	for _, tc := range []struct {
		hours int
		ok    bool
	}{{0, true}, {1, true}, {200, true}, {-1, false}, {201, false}} {
		p := tiaojie.DefaultPolicy()
		p.TrainingHoursRequired = tc.hours
		err := p.Validate()
		if (err == nil) != tc.ok {
			t.Errorf("%d hours: %v", tc.hours, err)
		}
		if err != nil {
			e := err.(*tiaojie.Error)
			if len(e.Fields) != 1 || e.Fields[0].Field != "training_hours_required" || e.Fields[0].Code != "policy.training_hours_required" ||
				e.Fields[0].Args["max"] != "200" {
				t.Errorf("%d hours: %+v", tc.hours, e.Fields)
			}
		}
	}
}

// TestPolicyRatingAndDeadlines: the star scale, its thresholds, the
// periods and the disclosure date are checked, and the rules on them hold.
func TestPolicyRatingAndDeadlines(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*tiaojie.Policy)
		field string
	}{
		{"four levels", func(p *tiaojie.Policy) { p.StarLevels = 4; p.StarThresholds = []int{50, 60, 70, 80} }, "star_levels"},
		{"three levels, five thresholds", func(p *tiaojie.Policy) { p.StarLevels = 3 }, "star_thresholds"},
		{"falling thresholds", func(p *tiaojie.Policy) { p.StarThresholds = []int{50, 60, 60, 80, 90} }, "star_thresholds"},
		{"threshold above 100", func(p *tiaojie.Policy) { p.StarThresholds = []int{50, 60, 70, 80, 101} }, "star_thresholds"},
		{"validity of a month", func(p *tiaojie.Policy) { p.RatingValidityMonths = 1 }, "rating_validity_months"},
		{"no objection period", func(p *tiaojie.Policy) { p.RatingObjectionDays = 0 }, "rating_objection_days"},
		{"complaints unanswered for ever", func(p *tiaojie.Policy) { p.ComplaintAnswerDays = 0 }, "complaint_answer_days"},
		{"no such day", func(p *tiaojie.Policy) { p.DisclosureDue = "02-30" }, "disclosure_due"},
		{"a leap day", func(p *tiaojie.Policy) { p.DisclosureDue = "02-29" }, "disclosure_due"},
		{"abnormal at once", func(p *tiaojie.Policy) { p.DisclosureAbnormalDays = 0 }, "disclosure_abnormal_days"},
	} {
		p := tiaojie.DefaultPolicy()
		tc.edit(&p)
		err := p.Validate()
		e, ok := err.(*tiaojie.Error)
		if !ok || len(e.Fields) != 1 || e.Fields[0].Field != tc.field {
			t.Errorf("%s: %v, want a problem with %s", tc.name, err, tc.field)
		}
	}
	three := tiaojie.DefaultPolicy()
	three.StarLevels, three.StarThresholds = 3, []int{60, 75, 90}
	if err := three.Validate(); err != nil {
		t.Errorf("three levels: %v", err)
	}
	for _, tc := range []struct {
		total float64
		five  int
		three int
	}{{0, 0, 0}, {49.9, 0, 0}, {50, 1, 0}, {60, 2, 1}, {74.5, 3, 1}, {75, 3, 2}, {89.99, 4, 2}, {90, 5, 3}, {100, 5, 3}} {
		if got := tiaojie.DefaultPolicy().StarsFor(tc.total); got != tc.five {
			t.Errorf("five levels, %v points: %d stars, want %d", tc.total, got, tc.five)
		}
		if got := three.StarsFor(tc.total); got != tc.three {
			t.Errorf("three levels, %v points: %d stars, want %d", tc.total, got, tc.three)
		}
	}
	due := tiaojie.DefaultPolicy().DisclosureDueFor(2025)
	if want := time.Date(2026, 4, 1, 0, 0, 0, 0, tiaojie.Beijing()); !due.Equal(want) {
		t.Errorf("the 2025 disclosure is due %v, want the end of 31 March 2026 (%v)", due, want)
	}
}

func TestCheckTraining(t *testing.T) {
	off := tiaojie.Policy{}
	on := tiaojie.Policy{TrainingHoursRequired: 24}
	if off.CheckTraining(0) != nil || on.CheckTraining(24) != nil || on.CheckTraining(40) != nil {
		t.Error("refused a mediator who meets the policy")
	}
	err := on.CheckTraining(16)
	e, ok := err.(*tiaojie.Error)
	if !ok || e.Kind != tiaojie.Conflict || e.Code != "mediator.under_trained" || e.Args["had"] != "16" || e.Args["required"] != "24" {
		t.Errorf("16 of 24 hours: %#v", err)
	}
}

func TestTrainingWindow(t *testing.T) {
	bj := tiaojie.Beijing()
	for _, tc := range []struct {
		now         time.Time
		first, last string
	}{
		// 01:00 UTC is 09:00 in Beijing, the same day.
		{time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC), "2025-11-30", "2026-11-29"},
		// 20:00 UTC is 04:00 the next day in Beijing.
		{time.Date(2026, 11, 29, 20, 0, 0, 0, time.UTC), "2025-12-01", "2026-11-30"},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, bj), "2025-01-02", "2026-01-01"},
		{time.Date(2026, 12, 31, 12, 0, 0, 0, bj), "2026-01-01", "2026-12-31"},
		// A leap day: the window still spans a year.
		{time.Date(2028, 2, 29, 12, 0, 0, 0, bj), "2027-03-02", "2028-02-29"},
		{time.Date(2029, 3, 1, 12, 0, 0, 0, bj), "2028-03-02", "2029-03-01"},
	} {
		first, last := tiaojie.TrainingWindow(tc.now)
		if got := first.Format(time.DateOnly) + " " + last.Format(time.DateOnly); got != tc.first+" "+tc.last {
			t.Errorf("TrainingWindow(%s) = %s, want %s %s", tc.now, got, tc.first, tc.last)
		}
	}
}
