package api_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/experts"
)

// fundingOperations are the funding operations with the permission each
// declares; TestOpenAPIDocument checks that the document lists them.
var fundingOperations = map[string]string{
	"GET /api/v1/staff/funding":                            "funding.manage",
	"POST /api/v1/staff/funding":                           "funding.manage",
	"GET /api/v1/staff/my-funding":                         "funding.org",
	"POST /api/v1/staff/my-funding":                        "funding.org",
	"GET /api/v1/orgs/{id}/funding":                        "public",
	"GET /api/v1/ventures":                                 "public",
	"GET /api/v1/ventures/{id}":                            "public",
	"POST /api/v1/staff/ventures":                          "funding.manage",
	"POST /api/v1/staff/ventures/{id}/experts":             "funding.manage",
	"POST /api/v1/staff/ventures/{id}/apply":               "funding.org",
	"GET /api/v1/venture-applications/{id}":                "public",
	"POST /api/v1/expert/venture-applications/{id}/score":  "expert.review",
	"POST /api/v1/staff/venture-applications/{id}/award":   "funding.manage",
	"POST /api/v1/staff/ventures/{id}/publish":             "funding.manage",
	"POST /api/v1/staff/venture-applications/{id}/reports": "funding.org",
	"PUT /api/v1/staff/experts/{id}/availability":          "experts.manage",
	"GET /api/v1/staff/experts/{id}/assignments":           "experts.manage",
	"GET /api/v1/expert/me/assignments":                    "expert.review",
}

// fundingPageOf names the page route doing what each operation does
// (the operations with no page of their own are left out).
var fundingPageOf = map[string]string{
	"GET /api/v1/staff/funding":                            "GET /staff/funding",
	"POST /api/v1/staff/funding":                           "POST /staff/funding",
	"GET /api/v1/staff/my-funding":                         "GET /staff/my-funding",
	"POST /api/v1/staff/my-funding":                        "POST /staff/my-funding",
	"GET /api/v1/ventures":                                 "GET /ventures",
	"GET /api/v1/ventures/{id}":                            "GET /ventures/{id}",
	"POST /api/v1/staff/ventures":                          "POST /staff/ventures",
	"POST /api/v1/staff/ventures/{id}/experts":             "POST /staff/ventures/{id}/experts",
	"POST /api/v1/staff/ventures/{id}/apply":               "POST /staff/ventures/{id}/apply",
	"POST /api/v1/expert/venture-applications/{id}/score":  "POST /expert/venture-applications/{id}/score",
	"POST /api/v1/staff/venture-applications/{id}/award":   "POST /staff/venture-applications/{id}/award",
	"POST /api/v1/staff/ventures/{id}/publish":             "POST /staff/ventures/{id}/publish",
	"POST /api/v1/staff/venture-applications/{id}/reports": "POST /staff/venture-applications/{id}/reports",
	"PUT /api/v1/staff/experts/{id}/availability":          "POST /staff/experts/{id}/availability",
	"GET /api/v1/staff/experts/{id}/assignments":           "GET /staff/experts/{id}",
	"GET /api/v1/expert/me/assignments":                    "GET /expert",
}

// TestFundingPermissionsMatchPages checks that each operation declares
// the permission of the page route that does the same thing.
func TestFundingPermissionsMatchPages(t *testing.T) {
	matchPages(t, fundingOperations, fundingPageOf, "GET /api/v1/venture-applications/{id}", "GET /api/v1/orgs/{id}/funding")
}

type ventureJSON struct {
	Round struct {
		ID      int64 `json:"id"`
		Status  string
		Experts []struct{ Name string }
	} `json:"round"`
	Applications []struct {
		ID     int64 `json:"id"`
		OrgID  int64 `json:"org_id"`
		Award  int64 `json:"award"`
		Total  int   `json:"total"`
		Scores []struct{ Weighted int }
	} `json:"applications"`
}

// TestFundingAPI: the same rules as the pages through the API: who may
// record what, a round's refusals (cap, twice, an unassigned or tied
// expert, over the budget) each with nothing written, and the public
// seeing awards only once published.
func TestFundingAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	ctx := context.Background()
	a, b := s.operatingOrg(t, "城桥镇人民调解委员会", chengqiao), s.operatingOrg(t, "堡镇人民调解委员会", "310151102")
	as := strconv.FormatInt(a, 10)
	bureauP := s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	bureau := s.token(t, bureauP, tiaojie.PermFunding, tiaojie.PermExperts)
	adminA := s.token(t, s.user(t, "admin.a", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: a}), tiaojie.PermFundingOrg)
	adminB := s.token(t, s.user(t, "admin.b", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: b}), tiaojie.PermFundingOrg)
	zhangP := s.user(t, "prof.zhang", tiaojie.Grant{Role: tiaojie.RoleExpert})
	liP := s.user(t, "lawyer.li", tiaojie.Grant{Role: tiaojie.RoleExpert})
	zhang, li := s.token(t, zhangP, tiaojie.PermExpertReview), s.token(t, liP, tiaojie.PermExpertReview)
	zhangID, err := s.st.Experts.Create(ctx, bureauP, experts.Input{Name: "张教授", UserID: zhangP.UserID})
	if err != nil {
		t.Fatal(err)
	}
	liID, err := s.st.Experts.Create(ctx, bureauP, experts.Input{Name: "李律师", UserID: liP.UserID})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.st.Experts.DeclareTie(ctx, bureauP, liID, experts.Tie{OrgID: a, Kind: experts.TieAdviser}); err != nil {
		t.Fatal(err)
	}
	fundings := func() int { return s.count(t, `SELECT COUNT(*) FROM fundings`) }
	today := s.st.Clock.Now().In(tiaojie.Beijing()).Format(time.DateOnly)

	// Donations and grants.
	grant := map[string]any{"org_id": a, "kind": "grant", "source": "区司法局", "amount": 5000000, "received_on": today, "purpose": "调解室建设"}
	s.do(t, req{method: "POST", path: "/api/v1/staff/my-funding", auth: adminA, body: grant}).problem(t, 403, "error.forbidden")
	s.do(t, req{method: "POST", path: "/api/v1/staff/funding", auth: adminA, body: grant}).problem(t, 403, "error.forbidden")
	zero := map[string]any{"org_id": a, "kind": "grant", "source": "区司法局", "amount": 0, "received_on": today, "purpose": "调解室建设"}
	p := s.do(t, req{method: "POST", path: "/api/v1/staff/funding", auth: bureau, body: zero, lang: "zh-CN"}).problem(t, 422, "error.invalid_input")
	if len(p.Errors) != 1 || p.Errors[0].Field != "amount" || p.Errors[0].Message != "金额须大于零且不超过一千万元。" {
		t.Errorf("zero amount: %+v", p.Errors)
	}
	nobody := map[string]any{"org_id": 9999, "kind": "grant", "source": "区司法局", "amount": 100, "received_on": today, "purpose": "x"}
	s.do(t, req{method: "POST", path: "/api/v1/staff/funding", auth: bureau, body: nobody}).problem(t, 422, "error.invalid_input")
	if n := fundings(); n != 0 {
		t.Fatalf("%d fundings after refusals", n)
	}
	s.do(t, req{method: "POST", path: "/api/v1/staff/funding", auth: bureau, body: grant}).ok(t, 201, nil)
	gift := map[string]any{"org_id": a, "kind": "donation", "source": "爱心企业", "amount": 200050, "received_on": today, "purpose": "宣传资料"}
	s.do(t, req{method: "POST", path: "/api/v1/staff/my-funding", auth: adminB, body: gift}).problem(t, 404, "error.not_found")
	s.do(t, req{method: "POST", path: "/api/v1/staff/my-funding", auth: adminA, body: gift}).ok(t, 201, nil)
	var list []struct{ Amount int64 }
	s.do(t, req{method: "GET", path: "/api/v1/staff/my-funding", auth: adminB}).ok(t, 200, &list)
	if len(list) != 0 {
		t.Errorf("admin B sees %d of A's fundings", len(list))
	}
	s.do(t, req{method: "GET", path: "/api/v1/orgs/" + as + "/funding"}).ok(t, 200, &list)
	if len(list) != 2 {
		t.Errorf("public funding of A: %+v", list)
	}

	// A round open today only.
	round := map[string]any{"title": "2026年度公益创投", "budget": 6000000, "cap": 5000000, "opens_on": today, "closes_on": today,
		"criteria": []map[string]any{{"name": "需求", "weight": 40}, {"name": "方案", "weight": 60}}, "experts": []int64{zhangID, liID}}
	var created struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/staff/ventures", auth: bureau, body: round}).ok(t, 201, &created)
	rid := strconv.FormatInt(created.ID, 10)
	apply := func(token string, org, req int64) *response {
		return s.do(t, reqOf("POST", "/api/v1/staff/ventures/"+rid+"/apply", token,
			map[string]any{"org_id": org, "title": "家事调解进社区", "plan": "每月两次宣讲", "requested": req}))
	}
	apply(adminA, a, 5000001).problem(t, 422, "error.invalid_input")
	apply(adminA, b, 100).problem(t, 404, "error.not_found")
	apply(adminA, a, 4000000).ok(t, 201, &created)
	appA := strconv.FormatInt(created.ID, 10)
	apply(adminA, a, 100).problem(t, 409, "venture.applied")
	apply(adminB, b, 3000000).ok(t, 201, &created)
	appB := strconv.FormatInt(created.ID, 10)
	if n := s.count(t, `SELECT COUNT(*) FROM venture_applications`); n != 2 {
		t.Errorf("%d applications", n)
	}
	var v ventureJSON
	s.do(t, req{method: "GET", path: "/api/v1/ventures/" + rid, auth: adminB}).ok(t, 200, &v)
	if len(v.Applications) != 1 || v.Applications[0].OrgID != b || v.Round.Experts != nil {
		t.Errorf("admin B sees %+v", v)
	}
	s.do(t, req{method: "GET", path: "/api/v1/venture-applications/" + appA, auth: adminB}).problem(t, 404, "error.not_found")

	score := map[string]any{"scores": []int{9, 8}}
	s.do(t, req{method: "POST", path: "/api/v1/expert/venture-applications/" + appA + "/score", auth: li, body: score}).problem(t, 409, "expert.tied")
	s.do(t, req{method: "POST", path: "/api/v1/expert/venture-applications/" + appA + "/score", auth: zhang, body: score}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: "/api/v1/expert/venture-applications/" + appB + "/score", auth: li, body: map[string]any{"scores": []int{5, 5}}}).ok(t, 204, nil)
	s.do(t, req{method: "GET", path: "/api/v1/ventures/" + rid, auth: zhang}).ok(t, 200, &v)
	if len(v.Applications) != 2 || len(v.Applications[0].Scores)+len(v.Applications[1].Scores) != 1 {
		t.Errorf("the expert sees %+v", v.Applications)
	}

	// After the window: awards within the budget, publication.
	s.st.Clock.Advance(24 * time.Hour)
	s.do(t, req{method: "POST", path: "/api/v1/staff/venture-applications/" + appA + "/award", auth: bureau, body: map[string]int64{"award": 4000000}}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: "/api/v1/staff/venture-applications/" + appB + "/award", auth: bureau, body: map[string]int64{"award": 2000001}}).
		problem(t, 409, "venture.over_budget")
	s.do(t, req{method: "GET", path: "/api/v1/ventures/" + rid}).ok(t, 200, &v)
	if len(v.Applications) != 0 {
		t.Errorf("the public sees %d projects before publication", len(v.Applications))
	}
	s.do(t, req{method: "POST", path: "/api/v1/staff/ventures/" + rid + "/publish", auth: bureau}).ok(t, 204, nil)
	s.do(t, req{method: "GET", path: "/api/v1/ventures/" + rid}).ok(t, 200, &v)
	if v.Round.Status != "published" || len(v.Applications) != 1 || v.Applications[0].Award != 4000000 || v.Applications[0].Total != 840 {
		t.Errorf("published %+v", v)
	}
	var due struct {
		Dues []struct {
			Kind, Stage string
			DueOn       string `json:"due_on"`
			Filed       bool
		}
	}
	s.do(t, req{method: "GET", path: "/api/v1/venture-applications/" + appA, auth: adminA}).ok(t, 200, &due)
	if len(due.Dues) != 2 || due.Dues[0].Kind != "progress" || due.Dues[0].Filed || due.Dues[1].Kind != "final" || due.Dues[1].DueOn == "" {
		t.Errorf("reports owed %+v", due.Dues)
	}
	s.do(t, req{method: "POST", path: "/api/v1/staff/venture-applications/" + appA + "/reports", auth: adminA,
		body: map[string]string{"kind": "final", "body": "已完成"}}).ok(t, 201, nil)
	s.do(t, req{method: "GET", path: "/api/v1/venture-applications/" + appA, auth: adminA}).ok(t, 200, &due)
	if len(due.Dues) != 2 || !due.Dues[0].Filed || !due.Dues[1].Filed {
		t.Errorf("reports owed after the final report %+v", due.Dues)
	}

	// Availability and assignments.
	zs := strconv.FormatInt(zhangID, 10)
	s.do(t, req{method: "PUT", path: "/api/v1/staff/experts/" + zs + "/availability", auth: bureau, body: map[string]string{"until": "2099-01-01", "note": "访学"}}).ok(t, 204, nil)
	round["closes_on"] = "2099-12-31"
	round["experts"] = []int64{zhangID}
	before := s.count(t, `SELECT COUNT(*) FROM venture_rounds`)
	s.do(t, req{method: "POST", path: "/api/v1/staff/ventures", auth: bureau, body: round}).problem(t, 409, "expert.unavailable")
	if after := s.count(t, `SELECT COUNT(*) FROM venture_rounds`); after != before {
		t.Errorf("a refused round was written")
	}
	var as2 []struct{ Kind string }
	s.do(t, req{method: "GET", path: "/api/v1/expert/me/assignments", auth: zhang}).ok(t, 200, &as2)
	if len(as2) != 1 || as2[0].Kind != "venture" {
		t.Errorf("assignments %+v", as2)
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/experts/" + zs + "/assignments", auth: adminA}).problem(t, 403, "error.forbidden")
}

func reqOf(method, path, auth string, body any) req {
	return req{method: method, path: path, auth: auth, body: body}
}
