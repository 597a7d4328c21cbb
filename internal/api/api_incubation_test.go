package api_test

import (
	"context"
	"strconv"
	"testing"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/experts"
)

// incubationOperations are the incubation operations with the permission
// each declares; TestOpenAPIDocument checks the document lists exactly
// these with the others.
var incubationOperations = map[string]string{
	"GET /api/v1/incubation/calls":                                          "public",
	"GET /api/v1/incubation/calls/{id}":                                     "public",
	"POST /api/v1/incubation/calls/{id}/applications":                       "self",
	"GET /api/v1/incubation/mine":                                           "self",
	"POST /api/v1/incubation/mine/{id}/withdrawal":                          "self",
	"GET /api/v1/staff/incubation/sites":                                    "incubation.manage",
	"POST /api/v1/staff/incubation/sites":                                   "incubation.manage",
	"POST /api/v1/staff/incubation/sites/{id}/decision":                     "incubation.manage",
	"GET /api/v1/staff/incubation/funnel":                                   "incubation.manage",
	"GET /api/v1/staff/incubation/calls":                                    "incubation.manage",
	"POST /api/v1/staff/incubation/calls":                                   "incubation.manage",
	"POST /api/v1/staff/incubation/calls/{id}/status":                       "incubation.manage",
	"GET /api/v1/staff/incubation/applications":                             "incubation.manage",
	"GET /api/v1/staff/incubation/applications/{id}":                        "incubation.manage",
	"POST /api/v1/staff/incubation/applications/{id}/experts":               "incubation.manage",
	"POST /api/v1/staff/incubation/applications/{id}/steps":                 "incubation.manage",
	"POST /api/v1/staff/incubation/applications/{id}/residency":             "incubation.manage",
	"POST /api/v1/staff/incubation/applications/{id}/services":              "incubation.manage",
	"POST /api/v1/staff/incubation/applications/{id}/reports":               "incubation.manage",
	"POST /api/v1/staff/incubation/applications/{id}/milestones":            "incubation.manage",
	"POST /api/v1/staff/incubation/applications/{id}/milestones/{mid}/done": "incubation.manage",
	"POST /api/v1/staff/incubation/applications/{id}/graduation":            "incubation.manage",
	"GET /api/v1/expert/screenings":                                         "expert.review",
	"GET /api/v1/expert/screenings/{id}":                                    "expert.review",
	"POST /api/v1/expert/screenings/{id}/scores":                            "expert.review",
}

// incubationPageOf names the page route doing what each operation does.
var incubationPageOf = map[string]string{
	"GET /api/v1/incubation/calls":                                          "GET /incubation",
	"GET /api/v1/incubation/calls/{id}":                                     "GET /incubation/calls/{id}",
	"POST /api/v1/incubation/calls/{id}/applications":                       "POST /incubation/calls/{id}",
	"GET /api/v1/incubation/mine":                                           "GET /my/incubation",
	"POST /api/v1/incubation/mine/{id}/withdrawal":                          "POST /my/incubation/{id}/withdraw",
	"GET /api/v1/staff/incubation/sites":                                    "GET /staff/incubation",
	"POST /api/v1/staff/incubation/sites":                                   "POST /staff/incubation/sites",
	"POST /api/v1/staff/incubation/sites/{id}/decision":                     "POST /staff/incubation/sites/{id}/decision",
	"GET /api/v1/staff/incubation/funnel":                                   "GET /staff/incubation",
	"GET /api/v1/staff/incubation/calls":                                    "GET /staff/incubation/calls",
	"POST /api/v1/staff/incubation/calls":                                   "POST /staff/incubation/calls",
	"POST /api/v1/staff/incubation/calls/{id}/status":                       "POST /staff/incubation/calls/{id}/status",
	"GET /api/v1/staff/incubation/applications":                             "GET /staff/incubation/applications",
	"GET /api/v1/staff/incubation/applications/{id}":                        "GET /staff/incubation/applications/{id}",
	"POST /api/v1/staff/incubation/applications/{id}/experts":               "POST /staff/incubation/applications/{id}/experts",
	"POST /api/v1/staff/incubation/applications/{id}/steps":                 "POST /staff/incubation/applications/{id}/steps",
	"POST /api/v1/staff/incubation/applications/{id}/residency":             "POST /staff/incubation/applications/{id}/residency",
	"POST /api/v1/staff/incubation/applications/{id}/services":              "POST /staff/incubation/applications/{id}/services",
	"POST /api/v1/staff/incubation/applications/{id}/reports":               "POST /staff/incubation/applications/{id}/reports",
	"POST /api/v1/staff/incubation/applications/{id}/milestones":            "POST /staff/incubation/applications/{id}/milestones",
	"POST /api/v1/staff/incubation/applications/{id}/milestones/{mid}/done": "POST /staff/incubation/applications/{id}/milestones/{mid}/done",
	"POST /api/v1/staff/incubation/applications/{id}/graduation":            "POST /staff/incubation/applications/{id}/graduation",
	"GET /api/v1/expert/screenings":                                         "GET /expert/screenings",
	"GET /api/v1/expert/screenings/{id}":                                    "GET /expert/screenings/{id}",
	"POST /api/v1/expert/screenings/{id}/scores":                            "POST /expert/screenings/{id}",
}

// TestIncubationPermissionsMatchPages checks each operation declares the
// permission of the page doing the same thing.
func TestIncubationPermissionsMatchPages(t *testing.T) {
	matchPages(t, incubationOperations, incubationPageOf)
}

// TestIncubationAPI: a team applies through the API; the other township's
// office, an expert not assigned and a stranger are kept out; the
// assigned expert scores; the office admits.
func TestIncubationAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	ctx := context.Background()
	bureau := s.token(t, s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}), tiaojie.PermIncubation)
	cq := s.token(t, s.user(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: "310151101"}), tiaojie.PermIncubation)
	bz := s.token(t, s.user(t, "bz.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: "310151102"}), tiaojie.PermIncubation)
	team := s.token(t, s.user(t, "team.one", tiaojie.Grant{Role: tiaojie.RolePublic}), tiaojie.PermSelf)
	stranger := s.token(t, s.user(t, "stranger", tiaojie.Grant{Role: tiaojie.RolePublic}), tiaojie.PermSelf)
	ep := s.user(t, "prof.zhang", tiaojie.Grant{Role: tiaojie.RoleExpert})
	op := s.user(t, "prof.li", tiaojie.Grant{Role: tiaojie.RoleExpert})
	expert, other := s.token(t, ep, tiaojie.PermExpertReview), s.token(t, op, tiaojie.PermExpertReview)
	eid, err := s.st.Experts.Create(ctx, tiaojie.System(), experts.Input{Name: "张教授", UserID: ep.UserID})
	if err != nil {
		t.Fatal(err)
	}

	var site struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/staff/incubation/sites", auth: bz, body: map[string]any{"kind": "home", "township": "310151101"}}).
		problem(t, 403, "error.forbidden")
	s.do(t, req{method: "POST", path: "/api/v1/staff/incubation/sites", auth: cq, body: map[string]any{"kind": "home", "township": "310151101"}}).
		ok(t, 201, &site)
	sid := strconv.FormatInt(site.ID, 10)
	s.do(t, req{method: "POST", path: "/api/v1/staff/incubation/sites/" + sid + "/decision", auth: bureau, body: map[string]any{"approve": true}}).ok(t, 204, nil)
	today := s.st.Incubation.Today()
	var call struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/staff/incubation/calls", auth: cq, body: map[string]any{"site_id": site.ID,
		"title": "城桥招募", "criteria": []string{"能力", "需求"}, "opens_on": today, "closes_on": "2099-12-31"}}).ok(t, 201, &call)
	cid := strconv.FormatInt(call.ID, 10)
	s.do(t, req{method: "POST", path: "/api/v1/staff/incubation/calls/" + cid + "/status", auth: cq, body: map[string]any{"status": "open"}}).ok(t, 204, nil)
	var open []map[string]any
	s.do(t, req{method: "GET", path: "/api/v1/incubation/calls"}).ok(t, 200, &open)
	if len(open) != 1 {
		t.Fatalf("open calls %v", open)
	}

	application := map[string]any{"org_name": "城桥镇和事佬调解工作室", "org_type": "basic", "legal_form": "social_service",
		"level": "township", "township": "310151101", "plan": "调解邻里纠纷",
		"founders": []map[string]any{{"name": "陈和平", "phone": "13800000001"}}}
	var app struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/incubation/calls/" + cid + "/applications", auth: team, body: application}).ok(t, 201, &app)
	aid := strconv.FormatInt(app.ID, 10)
	var mine []struct {
		Status   string
		Founders []struct{ Phone string }
	}
	s.do(t, req{method: "GET", path: "/api/v1/incubation/mine", auth: team}).ok(t, 200, &mine)
	if len(mine) != 1 || mine[0].Status != "submitted" || mine[0].Founders != nil {
		t.Errorf("mine = %+v", mine)
	}
	s.do(t, req{method: "GET", path: "/api/v1/incubation/mine", auth: stranger}).ok(t, 200, &mine)
	if len(mine) != 0 {
		t.Errorf("the stranger sees %d", len(mine))
	}
	s.do(t, req{method: "POST", path: "/api/v1/incubation/mine/" + aid + "/withdrawal", auth: stranger}).problem(t, 404, "error.not_found")
	s.do(t, req{method: "GET", path: "/api/v1/staff/incubation/applications/" + aid, auth: bz}).problem(t, 404, "error.not_found")
	s.do(t, req{method: "GET", path: "/api/v1/expert/screenings/" + aid, auth: expert}).problem(t, 404, "error.not_found")

	s.do(t, req{method: "POST", path: "/api/v1/staff/incubation/applications/" + aid + "/experts", auth: cq,
		body: map[string]any{"expert_id": eid}}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: "/api/v1/expert/screenings/" + aid + "/scores", auth: other,
		body: map[string]any{"scores": []int{5, 5}}}).problem(t, 404, "error.not_found")
	s.do(t, req{method: "POST", path: "/api/v1/expert/screenings/" + aid + "/scores", auth: expert,
		body: map[string]any{"scores": []int{5}}}).problem(t, 422, "error.invalid_input")
	s.do(t, req{method: "POST", path: "/api/v1/expert/screenings/" + aid + "/scores", auth: expert,
		body: map[string]any{"scores": []int{8, 9}, "comment": "好"}}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: "/api/v1/staff/incubation/applications/" + aid + "/steps", auth: cq,
		body: map[string]any{"action": "admit", "reason": "通过"}}).ok(t, 204, nil)
	var got struct {
		Status   string
		Reviews  []struct{ Total int }
		Founders []struct{ Phone string }
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/incubation/applications/" + aid, auth: cq}).ok(t, 200, &got)
	if got.Status != "admitted" || len(got.Reviews) != 1 || got.Reviews[0].Total != 17 || got.Founders[0].Phone != "13800000001" {
		t.Errorf("application = %+v", got)
	}
}
