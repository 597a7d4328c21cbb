package procurement_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/agencies"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/experts"
	"tiaojie/internal/keys"
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
	"tiaojie/internal/procurement"
)

// start is Monday 2 March 2026, 09:00 Beijing time.
var start = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

type env struct {
	svc                    *procurement.Service
	db                     *db.DB
	clock                  *clock.Fake
	bureau                 *tiaojie.Principal
	minzheng, fulian       *tiaojie.Principal // partners of two agencies
	mzID, flID             int64
	admin, admin3, admin4  *tiaojie.Principal // admins of the four-star, three-star and rectifying orgs
	zhang, wang            *tiaojie.Principal // experts; wang is tied to org4
	zhangID, wangID        int64
	org4, org3, orgRectify int64
	adminRectify           *tiaojie.Principal
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(start)
	log := audit.New(m, c)
	ag := agencies.New(agencies.Deps{DB: d, Audit: log, Clock: c})
	ex := experts.New(experts.Deps{DB: d, Audit: log, Clock: c})
	quiet := slog.New(slog.DiscardHandler)
	nt, err := notify.New(notify.Deps{Mailer: notify.LogMailer{Log: quiet}, SMS: auth.LogSender{Log: quiet}, Sealer: pii.NewSealer(m), Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: d, clock: c, svc: procurement.New(procurement.Deps{DB: d, Audit: log, Clock: c, Agencies: ag,
		Notifier: nt, Sealer: pii.NewSealer(m), BaseURL: "https://t.example"})}
	user := func(login string) int64 {
		var id int64
		if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, email, created_at, updated_at) VALUES ($1, $1, $2, $3, $3) RETURNING id`,
			login, login+"@t.example", start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	org := func(name, status string, stars int) int64 {
		var id int64
		if err := d.Writer().QueryRow(`
			INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, stars, stars_until, created_at, updated_at)
			VALUES ($1, $1, 'basic', 'peoples_committee', 'township', '310151101', $2, $3, $4, $5, $5) RETURNING id`,
			name, status, stars, start.AddDate(2, 0, 0), start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.org4 = org("城桥镇人民调解委员会", "active", 4)
	e.org3 = org("堡镇人民调解委员会", "active", 3)
	e.orgRectify = org("新河镇人民调解委员会", "rectifying", 5)
	staff := func(login string, g tiaojie.Grant) *tiaojie.Principal {
		p := &tiaojie.Principal{UserID: user(login), Name: login, MFA: true, Grants: []tiaojie.Grant{g}}
		if _, err := d.Writer().Exec(`INSERT INTO user_roles (user_id, role, township_code, org_id, granted_at) VALUES ($1, $2, $3, $4, $5)`,
			p.UserID, g.Role, g.Township, g.OrgID, start); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ctx := context.Background()
	e.bureau = staff("bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	e.minzheng = staff("minzheng", tiaojie.Grant{Role: tiaojie.RolePartner})
	e.fulian = staff("fulian", tiaojie.Grant{Role: tiaojie.RolePartner})
	e.mzID, err = ag.Create(ctx, e.bureau, tiaojie.AgencyInput{Name: "崇明区民政局", Kind: tiaojie.AgencyCivilAffairs})
	must(t, err)
	e.flID, err = ag.Create(ctx, e.bureau, tiaojie.AgencyInput{Name: "崇明区妇联", Kind: tiaojie.AgencyWomen})
	must(t, err)
	must(t, ag.AddMember(ctx, e.bureau, e.mzID, e.minzheng.UserID))
	must(t, ag.AddMember(ctx, e.bureau, e.flID, e.fulian.UserID))
	e.admin = staff("admin4", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.org4})
	e.admin3 = staff("admin3", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.org3})
	e.adminRectify = staff("adminr", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.orgRectify})
	expert := func(login, name string) (*tiaojie.Principal, int64) {
		p := staff(login, tiaojie.Grant{Role: tiaojie.RoleExpert})
		id, err := ex.Create(ctx, e.bureau, experts.Input{Name: name, UserID: p.UserID})
		must(t, err)
		return p, id
	}
	e.zhang, e.zhangID = expert("zhang", "张教授")
	e.wang, e.wangID = expert("wang", "王律师")
	return e
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func code(err error) string {
	var e *tiaojie.Error
	if errors.As(err, &e) {
		if len(e.Fields) > 0 && e.Code == "error.invalid_input" {
			return e.Fields[0].Code
		}
		return e.Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func want(t *testing.T, what string, err error, c string) {
	t.Helper()
	if got := code(err); got != c {
		t.Errorf("%s: %q (%v), want %q", what, got, err, c)
	}
}

// count returns a table's rows, to show that a refusal wrote nothing.
func (e *env) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	must(t, e.db.Reader().QueryRow(`SELECT count(*) FROM `+table).Scan(&n))
	return n
}

func project() tiaojie.ProjectInput {
	return tiaojie.ProjectInput{
		Title: "2026 年度婚姻家庭纠纷调解服务", Scope: "全年调解婚姻家庭纠纷不少于 2 件", Category: tiaojie.CategoryMediation,
		DisputeTypes: []string{"marriage_family"}, BudgetFen: 20000000,
		Eligibility: tiaojie.Eligibility{MinStars: 4, OrgTypes: []tiaojie.OrgType{tiaojie.OrgBasic}, NoSanction: true},
		WindowFrom:  "2026-03-02", WindowTo: "2026-03-15",
		Criteria: []tiaojie.Criterion{{Name: "服务方案", Weight: 60}, {Name: "报价", Weight: 40}},
	}
}

// published creates and publishes a project of the civil affairs bureau
// with expert zhang assigned.
func (e *env) published(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := e.svc.Create(ctx, e.minzheng, e.mzID, project())
	must(t, err)
	must(t, e.svc.AssignExpert(ctx, e.minzheng, id, e.zhangID))
	must(t, e.svc.Publish(ctx, e.minzheng, id))
	return id
}

// TestProcurementFlow runs one purchase from publication to the final
// payment, with the bad inputs the issue names refused on the way.
func TestProcurementFlow(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.published(t)

		// An ineligible organization is told each failed condition; nothing written.
		_, err := e.svc.Apply(ctx, e.admin3, id, e.org3, "方案", 1000000)
		var te *tiaojie.Error
		if !errors.As(err, &te) || te.Code != "procurement.ineligible" || len(te.Fields) != 1 || te.Fields[0].Code != "procurement.ineligible_stars" {
			t.Fatalf("three-star bid: %v", err)
		}
		_, err = e.svc.Apply(ctx, e.adminRectify, id, e.orgRectify, "方案", 1000000)
		want(t, "rectifying bid", err, "procurement.ineligible")
		if !errors.As(err, &te) || len(te.Fields) != 1 || te.Fields[0].Code != "procurement.ineligible_sanction" {
			t.Errorf("rectifying reasons: %v", err)
		}
		if n := e.count(t, "procurement_bids"); n != 0 {
			t.Fatalf("refused bids wrote %d rows", n)
		}
		// Another organization's admin cannot bid for it; price over the budget refused.
		_, err = e.svc.Apply(ctx, e.admin3, id, e.org4, "方案", 1000000)
		want(t, "bid for another org", err, "error.forbidden")
		_, err = e.svc.Apply(ctx, e.admin, id, e.org4, "方案", 30000000)
		want(t, "price over budget", err, "procurement.price")

		bid, err := e.svc.Apply(ctx, e.admin, id, e.org4, "驻点调解，每周两天", 18000000)
		must(t, err)
		_, err = e.svc.Apply(ctx, e.admin, id, e.org4, "再投一次", 17000000)
		want(t, "second bid", err, "procurement.already_bid")
		// withdraw and bid again within the window
		must(t, e.svc.Withdraw(ctx, e.admin, bid))
		bid2, err := e.svc.Apply(ctx, e.admin, id, e.org4, "驻点调解，每周三天", 18000000)
		must(t, err)
		if bid2 != bid {
			t.Errorf("bid again made a new row %d, want %d", bid2, bid)
		}

		// Too early to close; after the window a bid is refused.
		want(t, "close in window", e.svc.Close(ctx, e.minzheng, id), "procurement.window_open")
		e.clock.Set(time.Date(2026, 3, 16, 1, 0, 0, 0, time.UTC))
		_, err = e.svc.Apply(ctx, e.admin3, id, e.org3, "迟到", 1000000)
		want(t, "bid after the window", err, "procurement.window_closed")
		want(t, "withdraw after the window", e.svc.Withdraw(ctx, e.admin, bid), "procurement.window_closed")
		res, err := e.svc.Sweep(ctx)
		must(t, err)
		if res.Closed != 1 {
			t.Errorf("sweep closed %d projects", res.Closed)
		}

		// An expert away until after today is refused assignment.
		_, err = d.Writer().Exec(`UPDATE experts SET unavailable_until = '2099-01-01' WHERE id = $1`, e.wangID)
		must(t, err)
		want(t, "assign an unavailable expert", e.svc.AssignExpert(ctx, e.minzheng, id, e.wangID), "expert.unavailable")
		_, err = d.Writer().Exec(`UPDATE experts SET unavailable_until = '' WHERE id = $1`, e.wangID)
		must(t, err)

		// A tied expert is refused assignment and scoring; nothing written.
		must(t, experts.New(experts.Deps{DB: d, Audit: audit.New(mustKeys(t), e.clock), Clock: e.clock}).
			DeclareTie(ctx, e.bureau, e.wangID, experts.Tie{OrgID: e.org4, Kind: experts.TieAdviser}))
		want(t, "assign a tied expert", e.svc.AssignExpert(ctx, e.minzheng, id, e.wangID), "expert.tied")
		_, err = d.Writer().Exec(`INSERT INTO procurement_experts (project_id, expert_id, assigned_at) VALUES ($1, $2, $3)`, id, e.wangID, start)
		must(t, err) // as if assigned before the tie was declared
		want(t, "tied expert scores", e.svc.Score(ctx, e.wang, bid, []int{90, 90}), "expert.tied")
		want(t, "score out of range", e.svc.Score(ctx, e.zhang, bid, []int{101, 90}), "procurement.score_range")
		want(t, "incomplete sheet", e.svc.Score(ctx, e.zhang, bid, []int{90}), "procurement.score_all")
		want(t, "unassigned scorer", e.svc.Score(ctx, e.bureau, bid, []int{90, 90}), "error.not_found")
		if n := e.count(t, "procurement_scores"); n != 0 {
			t.Fatalf("refused scores wrote %d rows", n)
		}
		must(t, e.svc.Score(ctx, e.zhang, bid, []int{90, 80})) // 54 + 32 = 86.0

		// Only the buying agency awards.
		want(t, "another agency awards", e.svc.Award(ctx, e.fulian, id, []int64{bid}, ""), "error.not_found")
		want(t, "the bureau awards an agency's project", e.svc.Award(ctx, e.bureau, id, []int64{bid}, ""), "error.not_found")
		must(t, e.svc.Award(ctx, e.minzheng, id, []int64{bid}, "经评审，城桥镇人民调解委员会中标"))
		pr, results, err := e.svc.PublicProject(ctx, id)
		must(t, err)
		if pr.Status != tiaojie.ProjectAwarded || len(results) != 1 || results[0].Total10 != 860 || !results[0].Won {
			t.Fatalf("published result: %s %+v", pr.Status, results)
		}

		in := tiaojie.ContractInput{AmountFen: 18000000, PeriodFrom: "2026-04-01", PeriodTo: "2027-03-31", ReportEvery: tiaojie.ReportQuarterly,
			MinSuccessPct: 50, MinSatisfaction: 40,
			Deliverables: []tiaojie.Deliverable{{Kind: tiaojie.DeliverCases, Title: "调结婚姻家庭纠纷", Target: 2},
				{Kind: tiaojie.DeliverHours, Title: "驻点服务", Target: 100}},
			Milestones: []tiaojie.Milestone{{Title: "首期", AmountFen: 9000000, DueOn: "2026-04-30"},
				{Title: "尾款", AmountFen: 9000000, DueOn: "2027-04-30"}}}
		over := in
		over.AmountFen = 19000000
		_, err = e.svc.Sign(ctx, e.minzheng, bid, over)
		want(t, "contract above the price", err, "procurement.contract_amount")
		cid, err := e.svc.Sign(ctx, e.minzheng, bid, in)
		must(t, err)
		pr, _, err = e.svc.Get(ctx, e.minzheng, id)
		must(t, err)
		if pr.Status != tiaojie.ProjectContracted {
			t.Errorf("project after the only contract: %s", pr.Status)
		}

		// Cases: two family cases closed in the period (one agreed, rated 5
		// and 4), one out of scope, one outside the period, one withdrawn.
		closed := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
		c1 := e.addCase(t, e.org4, "marriage_family", "visited", "agreement", closed)
		c2 := e.addCase(t, e.org4, "marriage_family", "terminated", "far_apart", closed)
		e.addCase(t, e.org4, "neighbour", "visited", "agreement", closed)
		e.addCase(t, e.org4, "marriage_family", "visited", "agreement", time.Date(2026, 3, 20, 2, 0, 0, 0, time.UTC))
		e.addCase(t, e.org4, "marriage_family", "withdrawn", "settled", closed)
		e.addCase(t, e.org3, "marriage_family", "visited", "agreement", closed)
		e.rate(t, c1, 5)
		e.rate(t, c2, 4)
		e.clock.Set(time.Date(2026, 7, 6, 1, 0, 0, 0, time.UTC))
		c, v, err := e.svc.Contract(ctx, e.minzheng, cid)
		must(t, err)
		if v.Figures.Closed != 2 || v.Figures.Agreed != 1 || v.Figures.Satisfaction10() != 45 || !v.Deliverables[0].Met || v.Deliverables[1].Met {
			t.Errorf("verification = %+v", v)
		}
		if len(c.Reports) != 4 || c.Reports[0].DueOn != "2026-07-10" {
			t.Fatalf("reports = %+v", c.Reports)
		}
		res, err = e.svc.Sweep(ctx)
		must(t, err)
		if res.Reminded != 1 || res.Overdue != 0 {
			t.Errorf("sweep before the first due date: %+v", res)
		}
		if got := e.notices(t, "soon"); got != 1 {
			t.Errorf("reminders queued = %d, want 1 (the organization's one admin)", got)
		}
		want(t, "report by another org", e.svc.FileReport(ctx, e.admin3, cid, c.Reports[0].ID, "x", 0), "error.not_found")
		want(t, "report too early", e.svc.FileReport(ctx, e.admin, cid, c.Reports[2].ID, "x", 0), "procurement.report_early")
		must(t, e.svc.FileReport(ctx, e.admin, cid, c.Reports[0].ID, "第二季度调结 2 件", 60))
		must(t, e.svc.VerifyDeliverable(ctx, e.minzheng, cid, c.Deliverables[1].ID, 120))

		// The second report left unfiled past its due date (10 October):
		// flagged overdue once, the admin and the buying agency told once.
		e.clock.Set(time.Date(2026, 10, 20, 1, 0, 0, 0, time.UTC))
		for range 2 {
			res, err = e.svc.Sweep(ctx)
			must(t, err)
		}
		if got := e.notices(t, "late"); got != 2 {
			t.Errorf("overdue notices queued = %d, want 2 (the admin and the agency's member)", got)
		}
		e.clock.Set(time.Date(2026, 7, 6, 1, 0, 0, 0, time.UTC))
		want(t, "enter counted cases", e.svc.VerifyDeliverable(ctx, e.minzheng, cid, c.Deliverables[0].ID, 9), "procurement.cases_counted")

		// Payments: beyond the contract refused, nothing written.
		m1, m2 := c.Milestones[0].ID, c.Milestones[1].ID
		_, err = e.svc.Pay(ctx, e.minzheng, cid, procurement.PaymentInput{MilestoneID: m1, AmountFen: 9000000, PaidOn: "2026-04-20", Voucher: "MZ-001"})
		must(t, err)
		_, err = e.svc.Pay(ctx, e.fulian, cid, procurement.PaymentInput{MilestoneID: m2, AmountFen: 100, PaidOn: "2026-07-01"})
		want(t, "another agency pays", err, "error.not_found")
		before := e.count(t, "procurement_payments")
		_, err = e.svc.Pay(ctx, e.minzheng, cid, procurement.PaymentInput{MilestoneID: m1, AmountFen: 1, PaidOn: "2026-07-01"})
		want(t, "beyond the milestone", err, "procurement.payment_over_milestone")
		must(t, e.svc.Evaluate(ctx, e.minzheng, cid, tiaojie.FinalExcellent, "全年目标完成"))
		want(t, "evaluate twice", e.svc.Evaluate(ctx, e.minzheng, cid, tiaojie.FinalPass, "again"), "procurement.evaluated")
		_, err = e.svc.Pay(ctx, e.minzheng, cid, procurement.PaymentInput{MilestoneID: m2, AmountFen: 9000000, PaidOn: "2027-04-20"})
		must(t, err)
		_, err = e.svc.Pay(ctx, e.minzheng, cid, procurement.PaymentInput{MilestoneID: m2, AmountFen: 1, PaidOn: "2027-04-21"})
		want(t, "beyond the contract", err, "procurement.payment_over_contract")
		if n := e.count(t, "procurement_payments"); n != before+1 {
			t.Errorf("payments = %d, want %d", n, before+1)
		}

		budgets, err := e.svc.Budgets(ctx, e.minzheng)
		must(t, err)
		if len(budgets) != 2 || budgets[0].Year != 2027 || budgets[0].SpentFen != 9000000 ||
			budgets[1].Year != 2026 || budgets[1].CommittedFen != 18000000 || budgets[1].SpentFen != 9000000 || budgets[1].BudgetedFen != 20000000 {
			t.Errorf("budgets = %+v", budgets)
		}
		other, err := e.svc.Budgets(ctx, e.fulian)
		must(t, err)
		if len(other) != 0 {
			t.Errorf("another agency sees budgets %+v", other)
		}
		all, err := e.svc.Budgets(ctx, e.bureau)
		must(t, err)
		if len(all) != 2 {
			t.Errorf("the bureau sees %d budget rows", len(all))
		}
	})
}

// notices counts the report e-mails queued at stage ("soon" or "late").
func (e *env) notices(t *testing.T, stage string) int {
	t.Helper()
	var n int
	if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM jobs WHERE unique_key LIKE $1`,
		notify.KindEmail+":procurement.report:%:"+stage+":%").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func mustKeys(t *testing.T) keys.Provider {
	m, _, err := keys.Generate()
	must(t, err)
	return m
}

func (e *env) addCase(t *testing.T, org int64, typ, status, reason string, ended time.Time) int64 {
	t.Helper()
	var id int64
	var n int
	must(t, e.db.Reader().QueryRow(`SELECT count(*) FROM cases`).Scan(&n))
	err := e.db.Writer().QueryRow(`
		INSERT INTO cases (number, status, source, dispute_type, township, title, org_id, created_at, accepted_at, ended_at, end_reason, activity_at)
		VALUES ($1, $2, 'desk', $3, '310151101', '纠纷', $4, $5, $5, $6, $7, $6) RETURNING id`,
		"TJ2026-"+string(rune('A'+n)), status, typ, org, ended.AddDate(0, 0, -10), ended, reason).Scan(&id)
	must(t, err)
	return id
}

func (e *env) rate(t *testing.T, caseID int64, stars int) {
	t.Helper()
	var party int64
	must(t, e.db.Writer().QueryRow(`INSERT INTO case_parties (case_id, side, kind, name, created_at) VALUES ($1, 'applicant', 'person', '甲', $2) RETURNING id`,
		caseID, start).Scan(&party))
	_, err := e.db.Writer().Exec(`INSERT INTO case_ratings (case_id, party_id, stars, created_at) VALUES ($1, $2, $3, $4)`, caseID, party, stars, start)
	must(t, err)
}

// TestProcurementAccess: who sees and manages what.
func TestProcurementAccess(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		_, err := e.svc.Create(ctx, e.fulian, e.mzID, project())
		want(t, "another agency's partner creates", err, "error.forbidden")
		_, err = e.svc.Create(ctx, e.admin, 0, project())
		want(t, "an org admin creates", err, "error.forbidden")
		draft, err := e.svc.Create(ctx, e.minzheng, e.mzID, project())
		must(t, err)
		_, _, err = e.svc.Get(ctx, e.admin, draft)
		want(t, "an org admin reads a draft", err, "error.not_found")
		_, _, err = e.svc.Get(ctx, e.fulian, draft)
		want(t, "another agency reads a draft", err, "error.not_found")
		want(t, "another agency publishes", e.svc.Publish(ctx, e.fulian, draft), "error.not_found")
		id := e.published(t)
		// bureau's own project, another buyer
		bp, err := e.svc.Create(ctx, e.bureau, 0, project())
		must(t, err)
		list, err := e.svc.List(ctx, e.fulian)
		must(t, err)
		if len(list) != 0 {
			t.Errorf("another agency lists %d projects", len(list))
		}
		list, err = e.svc.List(ctx, e.zhang)
		must(t, err)
		if len(list) != 1 || list[0].ID != id {
			t.Errorf("the expert lists %+v, want the assigned one", list)
		}
		list, err = e.svc.List(ctx, e.admin)
		must(t, err)
		if len(list) != 1 {
			t.Errorf("an org admin lists %d projects, want the published one", len(list))
		}
		// A published project is public: any staff reads it, but not its experts.
		pw, aw, err := e.svc.Get(ctx, e.wang, id)
		must(t, err)
		if aw.Expert != 0 || aw.Manage || len(pw.Experts) != 0 {
			t.Errorf("an unassigned expert: %+v, experts %v", aw, pw.Experts)
		}
		_, _, err = e.svc.Get(ctx, e.minzheng, bp)
		want(t, "a partner reads the bureau's draft", err, "error.not_found")

		// Two bids; each admin sees only their own.
		_, err = d.Writer().Exec(`UPDATE orgs SET stars = 4 WHERE id = $1`, e.org3)
		must(t, err)
		b4, err := e.svc.Apply(ctx, e.admin, id, e.org4, "方案甲", 100000)
		must(t, err)
		b3, err := e.svc.Apply(ctx, e.admin3, id, e.org3, "方案乙", 90000)
		must(t, err)
		mine, err := e.svc.Bids(ctx, e.admin3, id)
		must(t, err)
		if len(mine) != 1 || mine[0].ID != b3 {
			t.Errorf("org admin sees bids %+v", mine)
		}
		bs, err := e.svc.Bids(ctx, e.minzheng, id)
		must(t, err)
		if len(bs) != 2 {
			t.Errorf("the buyer sees %d bids", len(bs))
		}
		bs, err = e.svc.Bids(ctx, e.zhang, id)
		must(t, err)
		if len(bs) != 0 {
			t.Errorf("the expert sees %d bids before evaluation", len(bs))
		}
		bs, err = e.svc.Bids(ctx, e.fulian, id)
		must(t, err)
		if len(bs) != 0 {
			t.Errorf("another agency sees %d bids", len(bs))
		}
		want(t, "withdraw another's bid", e.svc.Withdraw(ctx, e.admin3, b4), "error.not_found")
		// Public: no draft, no proposals.
		pub, err := e.svc.Public(ctx)
		must(t, err)
		if len(pub) != 1 || pub[0].ID != id {
			t.Errorf("public sees %+v", pub)
		}
		_, _, err = e.svc.PublicProject(ctx, draft)
		want(t, "public reads a draft", err, "error.not_found")
	})
}

// TestOpenSanctions: what counts as an open sanction for "no open
// sanction", read from supervision's records.
func TestOpenSanctions(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.published(t)
		sanction := func(kind, decided, deadline string) {
			t.Helper()
			_, err := d.Writer().Exec(`DELETE FROM org_sanctions`)
			must(t, err)
			if kind == "" {
				return
			}
			_, err = d.Writer().Exec(`INSERT INTO org_sanctions (org_id, kind, decided_on, deadline, recorder, role, created_at)
				VALUES ($1, $2, $3, $4, 'test', 'district_bureau', $5)`, e.org4, kind, decided, deadline, start)
			must(t, err)
		}
		for _, tc := range []struct {
			kind, decided, deadline string
			open                    bool
		}{
			{"", "", "", false},
			{"rectify", "2026-02-20", "2026-03-31", true},  // in force
			{"rectify", "2026-02-20", "", true},            // no deadline
			{"rectify", "2026-01-10", "2026-02-28", false}, // deadline passed
			{"rectify", "2026-03-20", "2026-04-30", false}, // decided after today
			{"warning", "2026-02-20", "", false},           // spent when recorded
			{"dissolve", "2025-12-01", "", true},
		} {
			sanction(tc.kind, tc.decided, tc.deadline)
			fe, err := e.svc.Eligibility(ctx, e.admin, id, e.org4)
			must(t, err)
			if got := len(fe) > 0; got != tc.open {
				t.Errorf("%s decided %s deadline %q: open %v, want %v (%v)", tc.kind, tc.decided, tc.deadline, got, tc.open, fe)
			}
		}
	})
}
