package demo

import (
	"context"
	"fmt"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/experts"
	"tiaojie/internal/funding"
	"tiaojie/internal/registry"
)

// Funding demo (SPEC C11): donations and grants to three organizations,
// a venture round (公益创投) held months ago with its scores, awards
// (recorded as grants) and a progress report, the second project's
// progress report due in a few days (so its admin sees it and is
// reminded), and an open round the two demo organizations' admins have
// applied to. It runs on a funding service of its own whose clock is set
// back to when each step happened.

// FundingDeps are what LoadFunding works with.
type FundingDeps struct {
	DB       *db.DB
	Audit    *audit.Log
	Registry *registry.Service
	Clock    clock.Clock
}

// LoadFunding builds the funding demo and returns how many donations and
// grants were recorded. It runs after the accounts and the rating demo
// (whose experts score the projects).
func LoadFunding(ctx context.Context, d FundingDeps) (int, error) {
	sys := tiaojie.System()
	orgs, _, err := d.Registry.List(ctx, sys, registry.StaffFilter{Status: tiaojie.StatusActive, Limit: 3})
	if err != nil {
		return 0, err
	}
	if len(orgs) < 3 {
		return 0, fmt.Errorf("demo: funding: %d active organizations, need 3", len(orgs))
	}
	admins, err := orgAdmins(ctx, d.DB)
	if err != nil {
		return 0, err
	}
	if len(admins) < 2 {
		return 0, fmt.Errorf("demo: funding: %d organization admins, need 2", len(admins))
	}
	now := d.Clock.Now()
	past := clock.NewFake(now)
	svc := funding.New(funding.Deps{DB: d.DB, Audit: d.Audit, Clock: past})
	day := func(t time.Time) string { return t.In(tiaojie.Beijing()).Format(time.DateOnly) }

	recorded := 0
	for i, o := range orgs {
		for _, in := range []funding.Input{
			{Kind: tiaojie.FundingGrant, Source: "区司法局", Amount: tiaojie.Money(30000_00 + 10000_00*i), Purpose: "调解室规范化建设补贴",
				Restrictions: "专款用于调解场所改造与设备购置"},
			{Kind: tiaojie.FundingDonation, Source: []string{"城桥镇爱心企业联合会", "崇明区慈善基金会", "本地律师事务所"}[i],
				Amount: tiaojie.Money(5000_00 + 2500_00*i), Purpose: "普法宣传资料印制"},
		} {
			in.OrgID, in.ReceivedOn = o.ID, day(now.AddDate(0, -2-i, -3))
			if _, err := svc.Record(ctx, sys, in); err != nil {
				return recorded, fmt.Errorf("demo: funding of %s: %w", o.Name, err)
			}
			recorded++
		}
	}

	past.Set(now.AddDate(0, -7, 0))
	scorers, err := untiedExperts(ctx, d.DB, admins)
	if err != nil {
		return recorded, err
	}
	criteria := []tiaojie.VentureCriterion{{Name: "需求分析与目标", Weight: 30}, {Name: "实施方案可行性", Weight: 40}, {Name: "团队能力与保障", Weight: 30}}
	// The round held months ago: applied, scored, awarded, published, reported on.
	closed := funding.RoundInput{Title: "年度公益创投（第一期）", Theme: "家事纠纷预防与化解", Budget: 200000_00, Cap: 80000_00,
		OpensOn: day(past.Now()), ClosesOn: day(past.Now().AddDate(0, 0, 20)), Criteria: criteria}
	for _, e := range scorers {
		closed.Experts = append(closed.Experts, e.id)
	}
	rid, err := svc.OpenRound(ctx, sys, closed)
	if err != nil {
		return recorded, fmt.Errorf("demo: venture round: %w", err)
	}
	past.Advance(72 * time.Hour)
	projects := []funding.ApplyInput{
		{Title: "“和美家庭”家事调解进社区", Plan: "在辖区各村居开展家事调解宣讲与驻点调解，每月两次，培训家事调解志愿者20名。", Requested: 60000_00},
		{Title: "商事纠纷调解能力提升计划", Plan: "面向中小企业开展合同纠纷预防讲座六场，编印商事调解指引，建立企业调解联络员机制。", Requested: 75000_00},
	}
	var apps []int64
	for i, a := range admins[:2] {
		in := projects[i]
		in.OrgID = a.OrgID
		id, err := svc.Apply(ctx, a.Principal, rid, in)
		if err != nil {
			return recorded, fmt.Errorf("demo: venture application: %w", err)
		}
		apps = append(apps, id)
	}
	for i, e := range scorers {
		for j, app := range apps {
			if err := svc.Score(ctx, e.p, app, []int{8 - j, 9 - i, 7 + j}, "方案具体，可操作性强"); err != nil {
				return recorded, fmt.Errorf("demo: venture score: %w", err)
			}
		}
	}
	// Published six months before a day four days ahead (10:00, Beijing),
	// give or take a short month's end: the progress reports fall due
	// within the reminder's five days.
	past.Set(tiaojie.MonthsLater(now.AddDate(0, 0, 4), -tiaojie.VentureProgressMonths).Add(10 * time.Hour))
	for i, app := range apps {
		if err := svc.Award(ctx, sys, app, []tiaojie.Money{60000_00, 70000_00}[i]); err != nil {
			return recorded, fmt.Errorf("demo: venture award: %w", err)
		}
	}
	if err := svc.Publish(ctx, sys, rid); err != nil {
		return recorded, fmt.Errorf("demo: venture publish: %w", err)
	}
	recorded += len(apps)
	past.Set(now.AddDate(0, -1, 0))
	if _, err := svc.FileReport(ctx, admins[0].Principal, apps[0], tiaojie.VentureProgress,
		"已在8个村居开展家事调解宣讲12场，驻点调解家事纠纷15件，调解成功13件；培训志愿者18名。"); err != nil {
		return recorded, fmt.Errorf("demo: venture report: %w", err)
	}
	// The open round, with applications from the two demo organizations.
	past.Set(now.AddDate(0, 0, -7))
	open := funding.RoundInput{Title: "年度公益创投（第二期）", Theme: "矛盾纠纷源头预防", Budget: 300000_00, Cap: 100000_00,
		OpensOn: day(past.Now()), ClosesOn: day(now.AddDate(0, 1, 0)), Criteria: criteria, Experts: closed.Experts}
	if rid, err = svc.OpenRound(ctx, sys, open); err != nil {
		return recorded, fmt.Errorf("demo: open venture round: %w", err)
	}
	past.Set(now.AddDate(0, 0, -2))
	for i, a := range admins[:2] {
		in := funding.ApplyInput{OrgID: a.OrgID, Title: []string{"邻里纠纷“早发现”网格联动项目", "企业劳动争议预防服务"}[i],
			Plan: "依托网格员建立纠纷早发现、早报告、早调处机制，按季度开展排查并建立台账。", Requested: tiaojie.Money(50000_00 + 20000_00*i)}
		if _, err := svc.Apply(ctx, a.Principal, rid, in); err != nil {
			return recorded, fmt.Errorf("demo: open venture application: %w", err)
		}
	}
	return recorded, nil
}

// orgAdmins returns each demo organization admin of an active
// organization (the first such grant of each) as a principal.
func orgAdmins(ctx context.Context, d *db.DB) ([]*fundingAdmin, error) {
	rows, err := d.Reader().QueryContext(ctx, `
		SELECT r.user_id, MIN(r.org_id) FROM user_roles r JOIN orgs o ON o.id = r.org_id
		WHERE r.role = 'org_admin' AND o.status = 'active' GROUP BY r.user_id ORDER BY r.user_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*fundingAdmin
	for rows.Next() {
		var user, org int64
		if err := rows.Scan(&user, &org); err != nil {
			return nil, err
		}
		out = append(out, &fundingAdmin{Principal: &tiaojie.Principal{UserID: user, Name: "orgadmin", MFA: true,
			Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: org}}}, OrgID: org})
	}
	return out, rows.Err()
}

// fundingAdmin is an organization's admin with the organization.
type fundingAdmin struct {
	*tiaojie.Principal
	OrgID int64
}

// scorer is an expert with a login who scores in the demo.
type scorer struct {
	id int64
	p  *tiaojie.Principal
}

// untiedExperts returns up to two experts with logins tied to none of the
// admins' organizations.
func untiedExperts(ctx context.Context, d *db.DB, admins []*fundingAdmin) ([]scorer, error) {
	rows, err := d.Reader().QueryContext(ctx, `SELECT id, user_id FROM experts WHERE user_id IS NOT NULL AND status = 'active' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var all []scorer
	for rows.Next() {
		var s scorer
		var user int64
		if err := rows.Scan(&s.id, &user); err != nil {
			rows.Close()
			return nil, err
		}
		s.p = &tiaojie.Principal{UserID: user, Name: "expert", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleExpert}}}
		all = append(all, s)
	}
	rows.Close()
	var out []scorer
	for _, s := range all {
		free := true
		for _, a := range admins[:2] {
			if err := experts.CheckUntied(ctx, d.Reader(), s.id, a.OrgID); err != nil {
				free = false
			}
		}
		if free && len(out) < 2 {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("demo: funding: no untied expert with a login")
	}
	return out, rows.Err()
}
