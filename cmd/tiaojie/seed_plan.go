package main

import (
	"context"

	"tiaojie/internal/demo"
)

// loadPlan loads the rollout plan demo (demo.LoadPlan): the policy's
// phases moved to run around today, the pilot townships in their three
// batches, a resident team of the first home registered so that its
// township meets every check, and manual tasks ticked with evidence. It
// runs after the incubation demo, whose homes and teams it reads.
func loadPlan(ctx context.Context, a *app) error {
	n, err := demo.LoadPlan(ctx, demo.PlanDeps{Plan: a.plan, Registry: a.registry, District: a.district, Clock: a.clock})
	a.log.Info("demo rollout plan loaded", "pilots", n)
	return err
}
