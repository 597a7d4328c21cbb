package main

import (
	"context"

	"tiaojie"
	"tiaojie/internal/demo"
)

// loadPartners registers the demo partner agencies, ties the "partner"
// account to the court, files the court's referral and records the joint
// meetings (demo.LoadPartners).
func loadPartners(ctx context.Context, a *app, sum demo.Summary, who map[string]*tiaojie.Principal) error {
	cs := demo.CaseDeps{Cases: a.cases, Desk: who["township"], OrgAdmin: who["tjadmin"], Mediator: who["tjmediator"],
		Committee: sum.Committee, MediatorID: sum.CommitteeMediator, Township: a.district.Townships[0].Code}
	n, err := demo.LoadPartners(ctx, demo.PartnerDeps{Agencies: a.agencies, Meetings: a.meetings, Content: a.content, Cases: cs,
		Bureau: who["bureau"], Partner: who["partner"], District: a.district, Clock: a.clock})
	a.log.Info("demo partner agencies and meetings recorded", "meetings", n)
	return err
}
