package api_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/experts"
)

// procurementOperations are the procurement operations with the
// permission each declares; TestOpenAPIDocument checks them with the
// others.
var procurementOperations = map[string]string{
	"GET /api/v1/staff/procurement/projects":                         "self",
	"POST /api/v1/staff/procurement/projects":                        "procurement.manage",
	"GET /api/v1/staff/procurement/projects/{id}":                    "self",
	"POST /api/v1/staff/procurement/projects/{id}/step":              "procurement.manage",
	"POST /api/v1/staff/procurement/projects/{id}/experts":           "procurement.manage",
	"GET /api/v1/staff/procurement/projects/{id}/bids":               "self",
	"POST /api/v1/staff/procurement/projects/{id}/bids":              "procurement.apply",
	"POST /api/v1/staff/procurement/projects/{id}/award":             "procurement.manage",
	"POST /api/v1/staff/procurement/bids/{id}/withdraw":              "procurement.apply",
	"PUT /api/v1/staff/procurement/bids/{id}/scores":                 "expert.review",
	"POST /api/v1/staff/procurement/bids/{id}/contract":              "procurement.manage",
	"GET /api/v1/staff/procurement/contracts/{id}":                   "self",
	"POST /api/v1/staff/procurement/contracts/{id}/reports/{report}": "procurement.apply",
	"POST /api/v1/staff/procurement/contracts/{id}/verify":           "procurement.manage",
	"POST /api/v1/staff/procurement/contracts/{id}/payments":         "procurement.manage",
	"POST /api/v1/staff/procurement/contracts/{id}/evaluation":       "procurement.manage",
	"GET /api/v1/staff/procurement/budgets":                          "procurement.manage",
	"GET /api/v1/procurement":                                        "public",
	"GET /api/v1/procurement/{id}":                                   "public",
}

// TestProcurementAPI: one purchase through the API; an ineligible
// organization is told each reason, a bid after the window, a tied
// expert's scores and a payment beyond the contract are refused with
// localized problems and nothing changes; another agency's partner is
// refused the project.
func TestProcurementAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	ctx := context.Background()
	org4, org3 := s.operatingOrg(t, "城桥镇人民调解委员会", chengqiao), s.operatingOrg(t, "堡镇人民调解委员会", "310151102")
	for id, stars := range map[int64]int{org4: 4, org3: 3} {
		if _, err := s.db.Writer().Exec(`UPDATE orgs SET stars = $1 WHERE id = $2`, stars, id); err != nil {
			t.Fatal(err)
		}
	}
	mzP, flP := s.user(t, "minzheng", tiaojie.Grant{Role: tiaojie.RolePartner}), s.user(t, "fulian", tiaojie.Grant{Role: tiaojie.RolePartner})
	sys := tiaojie.System()
	mz, err := s.st.Agencies.Create(ctx, sys, tiaojie.AgencyInput{Name: "崇明区民政局", Kind: tiaojie.AgencyCivilAffairs})
	if err != nil {
		t.Fatal(err)
	}
	fl, _ := s.st.Agencies.Create(ctx, sys, tiaojie.AgencyInput{Name: "崇明区妇联", Kind: tiaojie.AgencyWomen})
	if err := s.st.Agencies.AddMember(ctx, sys, mz, mzP.UserID); err != nil {
		t.Fatal(err)
	}
	if err := s.st.Agencies.AddMember(ctx, sys, fl, flP.UserID); err != nil {
		t.Fatal(err)
	}
	buyer := s.token(t, mzP, tiaojie.PermProcurement, tiaojie.PermSelf)
	other := s.token(t, flP, tiaojie.PermProcurement, tiaojie.PermSelf)
	admin4 := s.token(t, s.user(t, "admin4", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: org4}), tiaojie.PermProcurementApply, tiaojie.PermSelf)
	admin3 := s.token(t, s.user(t, "admin3", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: org3}), tiaojie.PermProcurementApply, tiaojie.PermSelf)
	zhangP := s.user(t, "zhang", tiaojie.Grant{Role: tiaojie.RoleExpert})
	wangP := s.user(t, "wang", tiaojie.Grant{Role: tiaojie.RoleExpert})
	zhangID, _ := s.st.Experts.Create(ctx, sys, experts.Input{Name: "张教授", UserID: zhangP.UserID})
	wangID, _ := s.st.Experts.Create(ctx, sys, experts.Input{Name: "王律师", UserID: wangP.UserID})
	zhang, wang := s.token(t, zhangP, tiaojie.PermExpertReview), s.token(t, wangP, tiaojie.PermExpertReview)

	today := tiaojie.Day(s.st.Clock.Now())
	later := tiaojie.Day(s.st.Clock.Now().AddDate(0, 0, 10))
	project := map[string]any{"agency_id": mz, "title": "婚姻家庭纠纷调解服务", "scope": "全年调解", "category": "mediation",
		"budget_fen": 20000000, "min_stars": 4, "no_sanction": true, "window_from": today, "window_to": later,
		"criteria": []map[string]any{{"name": "方案", "weight": 60}, {"name": "报价", "weight": 40}}}
	s.do(t, req{method: "POST", path: "/api/v1/staff/procurement/projects", auth: other, body: project}).problem(t, 403, "error.forbidden")
	var created struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/staff/procurement/projects", auth: buyer, body: project}).ok(t, 201, &created)
	pid := strconv.FormatInt(created.ID, 10)
	base := "/api/v1/staff/procurement/projects/" + pid
	s.do(t, req{method: "POST", path: base + "/step", auth: other, body: map[string]string{"action": "publish"}}).problem(t, 404, "error.not_found")
	s.do(t, req{method: "POST", path: base + "/experts", auth: buyer, body: map[string]int64{"expert_id": zhangID}}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: base + "/experts", auth: buyer, body: map[string]int64{"expert_id": wangID}}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: base + "/step", auth: buyer, body: map[string]string{"action": "publish"}}).ok(t, 204, nil)

	p := s.do(t, req{method: "POST", path: base + "/bids", auth: admin3, lang: "en", body: map[string]any{"org_id": org3, "proposal": "方案", "price_fen": 100}}).
		problem(t, 403, "procurement.ineligible")
	if len(p.Errors) != 1 || p.Errors[0].Code != "procurement.ineligible_stars" || !strings.Contains(p.Errors[0].Message, "4 needed, 3 in force") {
		t.Errorf("ineligible reasons = %+v", p.Errors)
	}
	var bid struct{ ID int64 }
	s.do(t, req{method: "POST", path: base + "/bids", auth: admin4, body: map[string]any{"org_id": org4, "proposal": "驻点调解", "price_fen": 18000000}}).ok(t, 201, &bid)
	var bids []struct{ ID int64 }
	s.do(t, req{method: "GET", path: base + "/bids", auth: admin3}).ok(t, 200, &bids)
	if len(bids) != 0 {
		t.Errorf("another org's admin sees %d bids", len(bids))
	}
	// The window passes: a bid is refused, nothing written.
	if _, err := s.db.Writer().Exec(`UPDATE procurement_projects SET window_to = $1 WHERE id = $2`,
		tiaojie.Day(s.st.Clock.Now().AddDate(0, 0, -1)), created.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Writer().Exec(`UPDATE orgs SET stars = 4 WHERE id = $1`, org3); err != nil {
		t.Fatal(err)
	}
	s.do(t, req{method: "POST", path: base + "/bids", auth: admin3, body: map[string]any{"org_id": org3, "proposal": "迟到", "price_fen": 100}}).
		problem(t, 409, "procurement.window_closed")
	s.do(t, req{method: "POST", path: base + "/step", auth: buyer, body: map[string]string{"action": "close"}}).ok(t, 204, nil)

	// A tie declared after assignment: the expert's scores are refused.
	if err := s.st.Experts.DeclareTie(ctx, sys, wangID, experts.Tie{OrgID: org4, Kind: experts.TieAdviser}); err != nil {
		t.Fatal(err)
	}
	bp := "/api/v1/staff/procurement/bids/" + strconv.FormatInt(bid.ID, 10)
	s.do(t, req{method: "PUT", path: bp + "/scores", auth: wang, body: map[string][]int{"scores": {90, 90}}}).problem(t, 409, "expert.tied")
	s.do(t, req{method: "PUT", path: bp + "/scores", auth: zhang, body: map[string][]int{"scores": {101, 90}}}).problem(t, 422, "procurement.score_range")
	s.do(t, req{method: "PUT", path: bp + "/scores", auth: zhang, body: map[string][]int{"scores": {90, 80}}}).ok(t, 204, nil)
	if n := count(t, s, `SELECT count(*) FROM procurement_scores`); n != 2 {
		t.Errorf("scores = %d, want zhang's 2", n)
	}
	s.do(t, req{method: "POST", path: base + "/award", auth: buyer, body: map[string]any{"winners": []int64{bid.ID}, "note": "公示"}}).ok(t, 204, nil)
	var pub struct {
		Results []struct {
			OrgName string
			Total10 int
		} `json:"results"`
	}
	s.do(t, req{method: "GET", path: "/api/v1/procurement/" + pid}).ok(t, 200, &pub)
	if len(pub.Results) != 1 || pub.Results[0].Total10 != 860 {
		t.Errorf("public result = %+v", pub.Results)
	}

	var contract struct{ ID int64 }
	s.do(t, req{method: "POST", path: bp + "/contract", auth: buyer, body: map[string]any{"amount_fen": 18000000, "period_from": today,
		"period_to": tiaojie.Day(s.st.Clock.Now().AddDate(1, 0, 0)), "report_every": "quarter",
		"deliverables": []map[string]any{{"kind": "cases", "title": "调结纠纷", "target": 10}},
		"milestones":   []map[string]any{{"title": "首期", "amount_fen": 9000000, "due_on": today}, {"title": "尾款", "amount_fen": 9000000, "due_on": later}}}}).
		ok(t, 201, &contract)
	cp := "/api/v1/staff/procurement/contracts/" + strconv.FormatInt(contract.ID, 10)
	var c struct {
		Milestones []struct{ ID int64 } `json:"milestones"`
	}
	s.do(t, req{method: "GET", path: cp, auth: other}).problem(t, 404, "error.not_found")
	s.do(t, req{method: "GET", path: cp, auth: buyer}).ok(t, 200, &c)
	pay := map[string]any{"milestone_id": c.Milestones[0].ID, "amount_fen": 9000000, "paid_on": today}
	s.do(t, req{method: "POST", path: cp + "/payments", auth: buyer, body: pay}).ok(t, 201, nil)
	pay["milestone_id"], pay["amount_fen"] = c.Milestones[1].ID, 9000001
	s.do(t, req{method: "POST", path: cp + "/payments", auth: buyer, body: pay}).problem(t, 409, "procurement.payment_over_contract")
	if n := count(t, s, `SELECT count(*) FROM procurement_payments`); n != 1 {
		t.Errorf("payments = %d, want 1", n)
	}
	var budgets []struct{ CommittedFen, SpentFen int64 }
	s.do(t, req{method: "GET", path: "/api/v1/staff/procurement/budgets", auth: buyer}).ok(t, 200, &budgets)
	if len(budgets) != 1 || budgets[0].CommittedFen != 18000000 || budgets[0].SpentFen != 9000000 {
		t.Errorf("budgets = %+v", budgets)
	}
	_ = time.Second
}

func count(t *testing.T, s *stack, q string) int {
	t.Helper()
	var n int
	if err := s.db.Reader().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
