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
		err := tiaojie.Policy{TrainingHoursRequired: tc.hours}.Validate()
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
