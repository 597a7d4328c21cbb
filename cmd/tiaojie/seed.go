package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/demo"
)

// demoPassword is the password of every demo account. Demo data goes only
// into an empty database, and a server started without --demo on a
// database that holds demo data warns at every start.
const demoPassword = "Demo#2026cm"

// demoAccount is one account of the demo data.
type demoAccount struct {
	login, name string
	grants      []tiaojie.Grant
}

func demoAccounts(d *tiaojie.District) []demoAccount {
	first := d.Townships[0]
	return []demoAccount{
		{"admin", "系统管理员（演示）", []tiaojie.Grant{{Role: tiaojie.RoleAdmin}}},
		{"auditor", "审计管理员（演示）", []tiaojie.Grant{{Role: tiaojie.RoleAuditor}}},
		{"bureau", d.Bureau.Name + "（演示）", []tiaojie.Grant{{Role: tiaojie.RoleBureau}}},
		{"township", first.JusticeOffice.Name + "（演示）", []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: first.Code}}},
		{"association", d.Name + "调解行业协会（演示）", []tiaojie.Grant{{Role: tiaojie.RoleAssociation}}},
		{"minzheng", d.Name + "民政局协作单位账号（演示）", []tiaojie.Grant{{Role: tiaojie.RolePartner}}}, // procurement (C9)
		{"partner", d.Name + "人民法院立案庭（演示）", []tiaojie.Grant{{Role: tiaojie.RolePartner}}},    // partners: tied to the court
	}
}

// orgAccounts are the demo accounts inside organizations of the demo
// district: the admin of its commercial mediation centre and one of the
// centre's mediators, and the same two of the seat township's people's
// mediation committee, which handles the demo disputes. Each mediator
// account is linked to the roster entry it stands for (linkMediators). sum
// is the demo load's summary; without it (the data was loaded before) only
// the logins and names are needed, to print.
func orgAccounts(d *tiaojie.District, sum *demo.Summary) []demoAccount {
	seat := d.Townships[0].Name + "人民调解委员会"
	admin := demoAccount{login: "orgadmin", name: d.Name + "商事调解中心管理员（演示）"}
	med := demoAccount{login: "mediator", name: d.Name + "商事调解中心调解员（演示）"}
	cadmin := demoAccount{login: "tjadmin", name: seat + "管理员（演示）"}
	cmed := demoAccount{login: "tjmediator", name: seat + "调解员（演示）"}
	if sum != nil {
		admin.grants = []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: sum.CommercialCentre}}
		med.grants = []tiaojie.Grant{{Role: tiaojie.RoleMediator, OrgID: sum.CommercialCentre}}
		med.name = sum.MediatorName + "，" + med.name
		cadmin.grants = []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: sum.Committee}}
		cmed.grants = []tiaojie.Grant{{Role: tiaojie.RoleMediator, OrgID: sum.Committee}}
		cmed.name = sum.CommitteeMediatorName + "，" + cmed.name
	}
	return []demoAccount{admin, med, cadmin, cmed}
}

// linkMediators links the demo mediator accounts to their roster entries
// and files the demo disputes (demo.LoadCases) as the people who handle
// them.
func linkMediators(ctx context.Context, a *app, sum demo.Summary, who map[string]*tiaojie.Principal) error {
	for login, id := range map[string]int64{"mediator": sum.Mediator, "tjmediator": sum.CommitteeMediator} {
		if err := a.roster.SetLogin(ctx, tiaojie.System(), id, who[login].UserID); err != nil {
			return fmt.Errorf("link %s: %w", login, err)
		}
	}
	n, err := demo.LoadCases(ctx, demo.CaseDeps{Cases: a.cases, Desk: who["township"], OrgAdmin: who["tjadmin"],
		Mediator: who["tjmediator"], Committee: sum.Committee, MediatorID: sum.CommitteeMediator, Township: a.district.Townships[0].Code})
	a.log.Info("demo cases filed", "cases", n)
	if err != nil {
		return err
	}
	n, err = demo.LoadSupervision(ctx, demo.SupervisionDeps{Supervision: a.supervision, Bureau: who["bureau"], Township: who["township"],
		OrgAdmin: who["tjadmin"], Committee: sum.Committee, BureauName: a.district.Bureau.Name, Clock: a.clock})
	a.log.Info("demo supervision recorded", "records", n)
	return err
}

func seedCmd(ctx context.Context, e *env, args []string) error {
	var c common
	var s scaleFlags
	f := newFlags("seed", e, "seed [flags]")
	c.register(f)
	s.register(f) // seed_scale.go
	if err := f.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx, e, c, appOptions{migrate: true, demo: true})
	if err != nil {
		return err
	}
	defer a.close()
	if s.scale != "" {
		return seedScale(ctx, a, e, s)
	}
	return seedDemo(ctx, a, e)
}

// seedDemo loads the demo data into an empty database and prints the demo
// accounts: the district-level accounts first, then the demo district
// (internal/demo), then the accounts inside its organizations, then the
// "seed.demo" audit marker that says the database holds demo data. A
// database that holds the demo data already is left alone; one with other
// accounts is refused.
func seedDemo(ctx context.Context, a *app, e *env) error {
	var n int
	if err := a.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return err
	}
	accounts := demoAccounts(a.district)
	seeded := hasDemoData(ctx, a)
	if n > 0 && !seeded {
		return fmt.Errorf("the database has accounts already; demo data goes only into an empty database")
	}
	if n == 0 {
		who, err := createAccounts(ctx, a, accounts)
		if err != nil {
			return err
		}
		sum, err := demo.Load(ctx, demo.Deps{Registry: a.registry, Roster: a.roster, Content: a.content,
			District: a.district, Clock: a.clock, Log: a.log})
		if err != nil {
			return err
		}
		staff := orgAccounts(a.district, &sum)
		more, err := createAccounts(ctx, a, staff)
		if err != nil {
			return err
		}
		maps.Copy(who, more)
		if err := linkMediators(ctx, a, sum, who); err != nil {
			return err
		}
		if err := loadRatings(ctx, a); err != nil {
			return err
		}
		if err := loadDisclosures(ctx, a, sum); err != nil {
			return err
		}
		if err := loadIncubation(ctx, a); err != nil {
			return err
		}
		if err := loadComplaints(ctx, a, sum, who); err != nil { // seed_complaints.go
			return err
		}
		if err := loadTraining(ctx, a, sum); err != nil { // seed_training.go: training and mentoring (C11)
			return err
		}
		if err := loadFunding(ctx, a); err != nil { // funding and venture rounds (C11)
			return err
		}
		if err := loadPlan(ctx, a); err != nil { // seed_plan.go: the rollout plan (C14)
			return err
		}
		// Statistics (C15): the ledger of closed disputes, and the rollup built.
		ledger, err := demo.LoadStats(ctx, demo.StatsDeps{DB: a.db, Clock: a.clock, District: a.district, Stats: a.stats})
		if err != nil {
			return err
		}
		a.log.Info("demo statistics loaded", "ledger cases", ledger)
		if err := loadProcurement(ctx, a, sum, who); err != nil { // seed_procurement.go
			return err
		}
		if err := loadPartners(ctx, a, sum, who); err != nil { // seed_partners.go
			return err
		}
		err = a.db.InTx(ctx, func(tx *db.Tx) error {
			return a.audit.Record(ctx, tx, tiaojie.System(), audit.Event{Action: "seed.demo"})
		})
		if err != nil {
			return err
		}
		accounts = append(accounts, staff...)
		a.log.Info("demo data loaded", "accounts", len(accounts), "orgs", sum.TotalOrgs(), "mediators", sum.TotalMediators(),
			"elapsed", sum.Elapsed.Round(time.Millisecond))
		printSummary(e.stdout, sum)
	} else {
		accounts = append(accounts, orgAccounts(a.district, nil)...)
	}
	fmt.Fprintf(e.stdout, "Demo accounts (password %s; staff set up an authenticator app at first login):\n", demoPassword)
	for _, acc := range accounts {
		fmt.Fprintf(e.stdout, "  %-10s %s\n", acc.login, acc.name)
	}
	for _, acc := range demo.ExpertAccounts() {
		fmt.Fprintf(e.stdout, "  %-10s %s\n", acc[0], acc[1])
	}
	fmt.Fprintf(e.stdout, "Members of the public log in with any mobile number; in demo mode the code is shown on the page.\n"+
		"The demo neighbour dispute is between %s (applicant) and %s (respondent).\n", demo.DemoApplicant, demo.DemoRespondent)
	fmt.Fprintf(e.stdout, "The demo complainant whose complaint was answered logs in with %s.\n", demo.DemoComplainant)
	return nil
}

// createAccounts creates demo accounts with the demo password and returns
// each as the principal it logs in as (past its second factor), for the
// demo cases to act with.
func createAccounts(ctx context.Context, a *app, accounts []demoAccount) (map[string]*tiaojie.Principal, error) {
	who := map[string]*tiaojie.Principal{}
	for _, acc := range accounts {
		id, err := a.auth.CreateUser(ctx, tiaojie.System(), auth.NewUser{
			Login: acc.login, DisplayName: acc.name, Password: demoPassword, Grants: acc.grants})
		if err != nil {
			return nil, fmt.Errorf("demo account %s: %w", acc.login, err)
		}
		who[acc.login] = &tiaojie.Principal{UserID: id, Name: acc.login, Grants: acc.grants, MFA: true}
	}
	return who, nil
}

// printSummary writes what the demo load made.
func printSummary(w io.Writer, sum demo.Summary) {
	var orgs, meds []string
	for _, st := range tiaojie.OrgStatuses() {
		if n := sum.Orgs[st]; n > 0 {
			orgs = append(orgs, fmt.Sprintf("%d %s", n, st))
		}
	}
	for _, st := range tiaojie.MediatorStatuses() {
		if n := sum.Mediators[st]; n > 0 {
			meds = append(meds, fmt.Sprintf("%d %s", n, st))
		}
	}
	fmt.Fprintf(w, "Demo district loaded in %s:\n", sum.Elapsed.Round(10*time.Millisecond))
	fmt.Fprintf(w, "  organizations  %d (%s), %d featured, %d with stars\n", sum.TotalOrgs(), strings.Join(orgs, ", "), sum.Featured, sum.Rated)
	fmt.Fprintf(w, "  mediators      %d (%s), %d memberships, %d photos, %d training records\n", sum.TotalMediators(), strings.Join(meds, ", "),
		sum.Memberships, sum.Photos, sum.Training)
	fmt.Fprintf(w, "  fee standards  %d (%d published, %d draft); services %d; documents %d; articles %d\n",
		sum.FeeStandards, sum.FeeStandards-sum.FeeDrafts, sum.FeeDrafts, sum.Services, sum.Documents, sum.Articles)
}

// warnDemoData warns when a server runs without --demo on a database that
// was seeded with the demo accounts and their published password.
func warnDemoData(ctx context.Context, a *app) {
	if hasDemoData(ctx, a) {
		a.log.Warn("this database holds demo accounts with a published password; do not use it in production")
	}
}

// hasDemoData reports whether the demo data was loaded into the database.
func hasDemoData(ctx context.Context, a *app) bool {
	var n int
	err := a.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'seed.demo'`).Scan(&n)
	return err == nil && n > 0
}

// loadRatings creates the demo experts (with logins) and runs the star
// rating demo: a finished round that set several organizations' stars and
// an open one (demo.LoadRatings).
func loadRatings(ctx context.Context, a *app) error {
	n, err := demo.LoadRatings(ctx, demo.RatingDeps{DB: a.db, Audit: a.audit, Files: a.files, Auth: a.auth, Experts: a.experts,
		Registry: a.registry, Clock: a.clock, Password: demoPassword})
	a.log.Info("demo ratings loaded", "rated", n)
	return err
}

// loadDisclosures adds the pool's experts without logins (demo.LoadExperts)
// and last year's disclosures: on time, late, missing, one organization
// abnormal, ad-hoc requests (demo.LoadDisclosures).
func loadDisclosures(ctx context.Context, a *app, sum demo.Summary) error {
	n, err := demo.LoadExperts(ctx, demo.ExpertDeps{Experts: a.experts, Registry: a.registry})
	if err != nil {
		return err
	}
	filed, err := demo.LoadDisclosures(ctx, demo.DisclosureDeps{DB: a.db, Audit: a.audit, Registry: a.registry, Clock: a.clock,
		Committee: sum.Committee})
	a.log.Info("demo experts and disclosures loaded", "experts", n, "disclosures", filed)
	return err
}

// loadIncubation adds the incubation base and homes, an open call and
// teams at every stage, one graduated and registered (demo.LoadIncubation);
// it runs after the rating demo, whose experts score the teams.
func loadIncubation(ctx context.Context, a *app) error {
	n, err := demo.LoadIncubation(ctx, demo.IncubationDeps{DB: a.db, Auth: a.auth, Incubation: a.incubation, Registry: a.registry,
		District: a.district, Clock: a.clock, Password: demoPassword})
	a.log.Info("demo incubation loaded", "teams", n)
	return err
}

// loadFunding records donations and grants to three organizations, a
// venture round held months ago with its awards and a report, and an open
// round with applications (demo.LoadFunding).
func loadFunding(ctx context.Context, a *app) error {
	n, err := demo.LoadFunding(ctx, demo.FundingDeps{DB: a.db, Audit: a.audit, Registry: a.registry, Clock: a.clock})
	a.log.Info("demo funding loaded", "fundings", n)
	return err
}
