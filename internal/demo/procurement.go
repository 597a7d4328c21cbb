package demo

import (
	"context"
	"fmt"
	"time"

	"tiaojie"
	"tiaojie/internal/agencies"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/procurement"
)

// Government procurement demo (SPEC C9): the district's civil affairs
// bureau (民政局, a partner agency whose partner account is "minzheng")
// bought a year of mediation from the seat township's people's mediation
// committee, a four-star organization: last year's project, its bid,
// the experts' scores, the published award, the contract whose cases are
// counted from the platform's own records, its quarterly reports, the
// final evaluation and every payment. A second project is open for bids.

// ProcurementDeps are what LoadProcurement works with.
type ProcurementDeps struct {
	DB       *db.DB
	Audit    *audit.Log
	Agencies *agencies.Service
	District *tiaojie.District
	Clock    clock.Clock
	Buyer    *tiaojie.Principal // the partner account "minzheng"
	OrgAdmin *tiaojie.Principal // the admin of the committee that wins
	OrgID    int64              // the committee
}

// LoadProcurement builds the demo; it returns the completed contract's id.
func LoadProcurement(ctx context.Context, d ProcurementDeps) (int64, error) {
	sys := tiaojie.System()
	mz, err := d.Agencies.Create(ctx, sys, tiaojie.AgencyInput{Name: d.District.Name + "民政局", Kind: tiaojie.AgencyCivilAffairs,
		Contact: "社会事务科（演示）", Note: "购买人民调解服务（演示）"})
	if err != nil {
		return 0, fmt.Errorf("demo: agency: %w", err)
	}
	if err := d.Agencies.AddMember(ctx, sys, mz, d.Buyer.UserID); err != nil {
		return 0, fmt.Errorf("demo: agency member: %w", err)
	}
	if err := fourStars(ctx, d); err != nil {
		return 0, err
	}
	ex, err := demoExpertPrincipals(ctx, d.DB.Reader())
	if err != nil {
		return 0, err
	}
	now := d.Clock.Now()
	past := clock.NewFake(now.AddDate(-1, -1, 0))
	svc := procurement.New(procurement.Deps{DB: d.DB, Audit: d.Audit, Clock: past, Agencies: d.Agencies, District: d.District})
	cid, err := completedPurchase(ctx, d, svc, past, mz, ex, now)
	if err != nil {
		return 0, fmt.Errorf("demo: completed purchase: %w", err)
	}
	past.Set(now)
	if err := openProject(ctx, d, svc, mz, ex, now); err != nil {
		return 0, fmt.Errorf("demo: open project: %w", err)
	}
	return cid, nil
}

// fourStars makes sure the winning committee holds four stars in force:
// when the rating demo left it with fewer, its star record says so.
func fourStars(ctx context.Context, d ProcurementDeps) error {
	return d.DB.InTx(ctx, func(tx *db.Tx) error {
		var stars int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(stars, 0) FROM orgs WHERE id = $1`, d.OrgID).Scan(&stars); err != nil {
			return err
		}
		if stars >= 4 {
			return nil
		}
		now := d.Clock.Now().UTC()
		until := now.AddDate(2, 0, 0)
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET stars = 4, stars_until = $1 WHERE id = $2`, until, d.OrgID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO org_star_history (org_id, stars, stars_until, source, note, recorded_at)
			VALUES ($1, 4, $2, 'rating', '四星级（演示数据）', $3)`, d.OrgID, until, now)
		if err != nil {
			return err
		}
		return d.Audit.Record(ctx, tx, tiaojie.System(), audit.Event{Action: "org.stars", ObjectType: "org",
			ObjectID: fmt.Sprint(d.OrgID), Detail: map[string]string{"stars": "4", "source": "demo"}})
	})
}

// demoExpertPrincipals returns the demo experts with logins (the rating
// demo created them) as expert ids and principals.
func demoExpertPrincipals(ctx context.Context, q db.Queryer) ([]demoExpert, error) {
	rows, err := q.QueryContext(ctx, `SELECT e.id, u.id, u.login FROM experts e JOIN users u ON u.id = e.user_id
		WHERE u.login IN ('expert', 'expert2') ORDER BY u.login`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []demoExpert
	for rows.Next() {
		var x demoExpert
		var uid int64
		var login string
		if err := rows.Scan(&x.ID, &uid, &login); err != nil {
			return nil, err
		}
		x.P = &tiaojie.Principal{UserID: uid, Name: login, Grants: []tiaojie.Grant{{Role: tiaojie.RoleExpert}}, MFA: true}
		out = append(out, x)
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("demo: procurement: the rating demo's experts are missing")
	}
	return out, rows.Err()
}

var demoCriteria = []tiaojie.Criterion{{Name: "服务方案与驻点安排", Weight: 40}, {Name: "调解员队伍与以往业绩", Weight: 35}, {Name: "报价合理性", Weight: 25}}

func completedPurchase(ctx context.Context, d ProcurementDeps, svc *procurement.Service, past *clock.Fake, mz int64, ex []demoExpert, now time.Time) (int64, error) {
	start := past.Now()
	in := tiaojie.ProjectInput{
		Title:    tiaojie.Day(now)[:4] + " 年度基层矛盾纠纷调解服务（演示）",
		Scope:    "为辖区居民提供婚姻家庭、邻里、物业等矛盾纠纷的调解服务，每周驻点两天，全年调结纠纷不少于合同约定件数。",
		Category: tiaojie.CategoryMediation, BudgetFen: 30000000,
		Eligibility: tiaojie.Eligibility{MinStars: 4, OrgTypes: []tiaojie.OrgType{tiaojie.OrgBasic, tiaojie.OrgProfessional}, NoSanction: true},
		WindowFrom:  tiaojie.Day(start), WindowTo: tiaojie.Day(start.AddDate(0, 0, 14)), Criteria: demoCriteria,
	}
	id, err := svc.Create(ctx, d.Buyer, mz, in)
	if err != nil {
		return 0, err
	}
	for _, x := range ex {
		if err := svc.AssignExpert(ctx, d.Buyer, id, x.ID); err != nil {
			return 0, err
		}
	}
	if err := svc.Publish(ctx, d.Buyer, id); err != nil {
		return 0, err
	}
	past.Set(start.AddDate(0, 0, 3))
	bid, err := svc.Apply(ctx, d.OrgAdmin, id, d.OrgID, "每周二、四驻点社区调解室；组建 5 名专兼职调解员团队；"+
		"建立纠纷台账与回访制度，按季度报送工作情况。", 28000000)
	if err != nil {
		return 0, err
	}
	past.Set(start.AddDate(0, 0, 16))
	if err := svc.Close(ctx, d.Buyer, id); err != nil {
		return 0, err
	}
	for i, x := range ex {
		if err := svc.Score(ctx, x.P, bid, []int{92 - 4*i, 88, 85 + 3*i}); err != nil {
			return 0, err
		}
	}
	if err := svc.Award(ctx, d.Buyer, id, []int64{bid}, "经专家评审，确定由该调解委员会承接本项目。公示期 5 个工作日。"); err != nil {
		return 0, err
	}
	past.Set(start.AddDate(0, 0, 25))
	from, to := start.AddDate(0, 1, 0), now
	closed, err := closedCases(ctx, d.DB.Reader(), d.OrgID, from, to)
	if err != nil {
		return 0, err
	}
	amount := int64(28000000)
	cin := tiaojie.ContractInput{AmountFen: amount, PeriodFrom: tiaojie.Day(from), PeriodTo: tiaojie.Day(to),
		ReportEvery: tiaojie.ReportQuarterly, MinSuccessPct: 50, MinSatisfaction: 40,
		Deliverables: []tiaojie.Deliverable{
			{Kind: tiaojie.DeliverCases, Title: "调结矛盾纠纷（平台记录）", Target: max(closed, 1)},
			{Kind: tiaojie.DeliverHours, Title: "社区驻点服务", Target: 400},
			{Kind: tiaojie.DeliverOther, Title: "法治宣传讲座", Target: 4}},
		Milestones: []tiaojie.Milestone{
			{Title: "合同签订后首期款", AmountFen: amount * 4 / 10, DueOn: tiaojie.Day(from)},
			{Title: "中期考核后第二期款", AmountFen: amount * 3 / 10, DueOn: tiaojie.Day(from.AddDate(0, 6, 0))},
			{Title: "终期评价后尾款", AmountFen: amount - amount*4/10 - amount*3/10, DueOn: tiaojie.Day(to)}},
	}
	cid, err := svc.Sign(ctx, d.Buyer, bid, cin)
	if err != nil {
		return 0, err
	}
	past.Set(now)
	return cid, finishContract(ctx, d, svc, cid, cin)
}

// closedCases counts the organization's cases closed in the period, as
// the contract's verification will.
func closedCases(ctx context.Context, q db.Queryer, org int64, from, to time.Time) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM cases WHERE org_id = $1 AND end_reason <> '' AND status NOT IN ('withdrawn', 'rejected')
		AND ended_at >= $2 AND ended_at < $3`, org, from.UTC(), to.AddDate(0, 0, 1).UTC()).Scan(&n)
	return n, err
}

// finishContract files the quarterly reports, verifies the hours and
// talks, records the final evaluation and pays every milestone.
func finishContract(ctx context.Context, d ProcurementDeps, svc *procurement.Service, cid int64, cin tiaojie.ContractInput) error {
	c, _, err := svc.Contract(ctx, d.Buyer, cid)
	if err != nil {
		return err
	}
	for i, r := range c.Reports {
		body := fmt.Sprintf("第 %d 期：驻点服务 %d 次，接待群众来访，调解纠纷并按期回访；开展法治宣传讲座 1 场。", i+1, 24)
		if err := svc.FileReport(ctx, d.OrgAdmin, cid, r.ID, body, 100); err != nil {
			return err
		}
	}
	for _, del := range c.Deliverables {
		switch del.Kind {
		case tiaojie.DeliverHours:
			err = svc.VerifyDeliverable(ctx, d.Buyer, cid, del.ID, 100*len(c.Reports))
		case tiaojie.DeliverOther:
			err = svc.VerifyDeliverable(ctx, d.Buyer, cid, del.ID, 4)
		}
		if err != nil {
			return err
		}
	}
	if err := svc.Evaluate(ctx, d.Buyer, cid, tiaojie.FinalExcellent,
		"服务期内按平台记录调结纠纷达到合同目标，驻点服务和宣传讲座均已核验，季度报告按期报送，评为优秀。"); err != nil {
		return err
	}
	for i, m := range c.Milestones {
		if _, err := svc.Pay(ctx, d.Buyer, cid, procurement.PaymentInput{MilestoneID: m.ID, AmountFen: m.AmountFen, PaidOn: m.DueOn,
			Voucher: fmt.Sprintf("MZ-%s-%02d", cin.PeriodFrom[:4], i+1)}); err != nil {
			return err
		}
	}
	return nil
}

// openProject publishes this year's project, open for bids.
func openProject(ctx context.Context, d ProcurementDeps, svc *procurement.Service, mz int64, ex []demoExpert, now time.Time) error {
	in := tiaojie.ProjectInput{
		Title:        "婚姻家庭纠纷专项调解服务（演示）",
		Scope:        "在全区开展婚姻家庭纠纷专项调解，设立家事调解工作室，全年调结婚姻家庭纠纷不少于 60 件。",
		Category:     tiaojie.CategoryMediation,
		DisputeTypes: []string{"marriage_family"},
		BudgetFen:    15000000,
		Eligibility:  tiaojie.Eligibility{MinStars: 3, NoSanction: true},
		WindowFrom:   tiaojie.Day(now), WindowTo: tiaojie.Day(now.AddDate(0, 0, 30)), Criteria: demoCriteria,
	}
	id, err := svc.Create(ctx, d.Buyer, mz, in)
	if err != nil {
		return err
	}
	if err := svc.AssignExpert(ctx, d.Buyer, id, ex[0].ID); err != nil {
		return err
	}
	return svc.Publish(ctx, d.Buyer, id)
}
