package main

import (
	"context"

	"tiaojie/internal/demo"
)

// loadTraining adds the training demo: a past course with attendance and
// certificates, future sessions (one full), two mentoring pairs, and the
// bureau's 8-hour requirement, under which the untrained mediators are
// flagged short (demo.LoadTraining).
func loadTraining(ctx context.Context, a *app, sum demo.Summary) error {
	short, err := demo.LoadTraining(ctx, demo.TrainingDeps{DB: a.db, Audit: a.audit, Roster: a.roster, Registry: a.registry,
		Settings: a.settings, Clock: a.clock, Committee: sum.Committee, Mediator: sum.CommitteeMediator})
	a.log.Info("demo training loaded", "short_of_hours", short)
	return err
}
