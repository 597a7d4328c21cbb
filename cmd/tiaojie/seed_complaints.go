package main

import (
	"context"

	"tiaojie"
	"tiaojie/internal/demo"
)

// loadComplaints files the demo complaints (one upheld and closed, one
// under investigation by the association, one not accepted, one overdue)
// and runs the demo association: a member with a measure and an
// application waiting (demo.LoadComplaints).
func loadComplaints(ctx context.Context, a *app, sum demo.Summary, who map[string]*tiaojie.Principal) error {
	n, err := demo.LoadComplaints(ctx, demo.ComplaintDeps{Complaints: a.complaints, Association: a.association, Auth: a.auth,
		DB: a.db, Password: demoPassword, Township: who["township"], Assoc: who["association"], CentreAdmin: who["orgadmin"],
		CommitteeAdmin: who["tjadmin"], Committee: sum.Committee, CommitteeMediator: sum.CommitteeMediator,
		CommercialCentre: sum.CommercialCentre})
	a.log.Info("demo complaints and association loaded", "complaints", n)
	return err
}
