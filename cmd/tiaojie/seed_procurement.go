package main

import (
	"context"

	"tiaojie"
	"tiaojie/internal/demo"
)

// loadProcurement runs the government procurement demo: the district's
// civil affairs bureau (partner account "minzheng") bought a year of
// mediation from the seat township's committee and paid against the cases
// the platform shows closed; a second project is open for bids
// (demo.LoadProcurement).
func loadProcurement(ctx context.Context, a *app, sum demo.Summary, who map[string]*tiaojie.Principal) error {
	id, err := demo.LoadProcurement(ctx, demo.ProcurementDeps{DB: a.db, Audit: a.audit, Agencies: a.agencies, District: a.district,
		Clock: a.clock, Buyer: who["minzheng"], OrgAdmin: who["tjadmin"], OrgID: sum.Committee})
	a.log.Info("demo procurement loaded", "contract", id)
	return err
}
