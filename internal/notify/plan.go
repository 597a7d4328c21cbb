package notify

import "time"

// PlanTaskDue reminds the bureau's staff of a manual task of the rollout
// plan (internal/plan) that falls due within a week and is not yet ticked.
type PlanTaskDue struct {
	Phase string    // the phase's name, e.g. 入驻推广
	Task  string    // the task's text
	Owner string    // the unit responsible
	Due   time.Time // the last day
	Link  string
}

func (PlanTaskDue) template() string { return "plan_task_due" }
