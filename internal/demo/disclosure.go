package demo

import (
	"context"
	"fmt"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/disclosure"
	"tiaojie/internal/registry"
)

// Information disclosure demo (SPEC C8): last year's annual disclosures of
// every operating organization, most filed on time, two late; one
// organization that filed neither them nor an ad-hoc request of months
// ago, and is marked abnormal (活动异常); and an open ad-hoc request to the
// demo committee.
// The filings run on a disclosure service of their own whose clock is set
// back to when they would have happened.

// DisclosureDeps are what LoadDisclosures works with.
type DisclosureDeps struct {
	DB        *db.DB
	Audit     *audit.Log
	Registry  *registry.Service
	Clock     clock.Clock
	Committee int64 // the demo committee (Summary.Committee): files on time, gets an open request
}

// LoadDisclosures builds the disclosure demo and returns how many
// disclosures were filed.
func LoadDisclosures(ctx context.Context, d DisclosureDeps) (int, error) {
	sys := tiaojie.System()
	all, _, err := d.Registry.List(ctx, sys, registry.StaffFilter{Limit: 200})
	if err != nil {
		return 0, err
	}
	ids := []int64{d.Committee}
	for _, o := range all {
		operating := o.Status == tiaojie.StatusActive || o.Status == tiaojie.StatusRectifying || o.Status == tiaojie.StatusSuspended
		if operating && o.ID != d.Committee {
			ids = append(ids, o.ID)
		}
	}
	if len(ids) < 6 {
		return 0, fmt.Errorf("demo: disclosures: %d operating organizations, need 6", len(ids))
	}
	now := d.Clock.Now()
	past := clock.NewFake(now)
	svc := disclosure.New(disclosure.Deps{DB: d.DB, Audit: d.Audit, Clock: past})
	year := tiaojie.DisclosureYear(now)
	due := tiaojie.DefaultPolicy().DisclosureDueFor(year)
	filed := 0
	// The long-abnormal one: a request of months ago, never answered.
	past.Set(now.AddDate(0, -6, 0))
	if _, err := svc.RequireAdhoc(ctx, sys, ids[len(ids)-1], "住所变更情况", past.Now().AddDate(0, 0, 15)); err != nil {
		return 0, err
	}
	for i, id := range ids[:len(ids)-1] { // the last does not file
		at := due.AddDate(0, 0, -30+i%25) // on time…
		if i >= len(ids)-3 {
			at = due.AddDate(0, 0, 10+i%5) // …but two late
		}
		past.Set(minTime(at, now))
		if err := fileAnnual(ctx, svc, id, year, i); err != nil {
			return filed, fmt.Errorf("demo: disclosure of %d: %w", id, err)
		}
		filed++
	}
	past.Set(now)
	if _, err := svc.RequireAdhoc(ctx, sys, d.Committee, "调解委员会主任变更", now.AddDate(0, 0, 20)); err != nil {
		return filed, err
	}
	_, err = svc.Sweep(ctx, now)
	return filed, err
}

// fileAnnual writes and files an organization's annual disclosure as its
// admin.
func fileAnnual(ctx context.Context, svc *disclosure.Service, orgID int64, year, n int) error {
	admin := adminOf(orgID)
	id, err := svc.Start(ctx, admin, orgID, year)
	if err != nil {
		return err
	}
	in := disclosure.Input{
		Structure: "设主任 1 名、副主任 1 名、委员 " + itoa(3+n%3) + " 名；下设纠纷受理、调解和回访三个工作组。",
		Persons:   "主任、副主任由村（居）民委员会推选产生，名单见组织主页。",
		Services:  "受理辖区内邻里、婚姻家庭、物业、相邻关系等民间纠纷的调解；开展矛盾排查和法治宣传。",
		Rewards:   "无",
		Money: tiaojie.DisclosureMoney{IncomeGov: tiaojie.Money(80000+n*5000) * 100, IncomeDonation: tiaojie.Money(n%3) * 200000,
			SpendStaff: tiaojie.Money(50000+n*3000) * 100, SpendOffice: 800000, SpendActivity: tiaojie.Money(15000+n*1000) * 100},
	}
	if n%4 == 1 {
		in.Rewards = year2(year) + "获评区级优秀人民调解委员会。"
	}
	if err := svc.Save(ctx, admin, id, in); err != nil {
		return err
	}
	return svc.File(ctx, admin, id)
}

func year2(y int) string { return itoa(y) + "年" }

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
