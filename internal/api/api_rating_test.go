package api_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/experts"
)

// ratingOperations are the star rating operations with the permission
// each declares; TestOpenAPIDocument checks the document lists exactly
// these with the others.
var ratingOperations = map[string]string{
	"GET /api/v1/ratings/sets":                                  "ratings.manage",
	"POST /api/v1/ratings/sets":                                 "ratings.manage",
	"GET /api/v1/ratings/sets/{id}":                             "ratings.manage",
	"PUT /api/v1/ratings/sets/{id}":                             "ratings.manage",
	"POST /api/v1/ratings/sets/{id}/publish":                    "ratings.manage",
	"GET /api/v1/ratings/rounds":                                "ratings.manage",
	"POST /api/v1/ratings/rounds":                               "ratings.manage",
	"GET /api/v1/ratings/rounds/{id}":                           "ratings.manage",
	"POST /api/v1/ratings/rounds/{id}/step":                     "ratings.manage",
	"GET /api/v1/ratings/applications/{id}":                     "ratings.manage",
	"POST /api/v1/ratings/applications/{id}/experts":            "ratings.manage",
	"DELETE /api/v1/ratings/applications/{id}/experts/{expert}": "ratings.manage",
	"POST /api/v1/ratings/objections/{id}/answer":               "ratings.manage",
	"GET /api/v1/my/ratings":                                    "ratings.apply",
	"POST /api/v1/my/ratings":                                   "ratings.apply",
	"GET /api/v1/my/ratings/{id}":                               "ratings.apply",
	"PUT /api/v1/my/ratings/{id}/self":                          "ratings.apply",
	"POST /api/v1/my/ratings/{id}/evidence":                     "ratings.apply",
	"GET /api/v1/my/ratings/{id}/evidence/{eid}":                "ratings.apply",
	"GET /api/v1/ratings/applications/{id}/evidence/{eid}":      "ratings.manage",
	"GET /api/v1/reviews/{id}/evidence/{eid}":                   "expert.review",
	"POST /api/v1/my/ratings/{id}/objections":                   "ratings.apply",
	"GET /api/v1/reviews":                                       "expert.review",
	"GET /api/v1/reviews/{id}":                                  "expert.review",
	"PUT /api/v1/reviews/{id}/scores":                           "expert.review",
	"GET /api/v1/ratings/results":                               "public",
	"GET /api/v1/ratings/results/{id}":                          "public",
}

// ratingPageOf names the page route doing what each operation does.
var ratingPageOf = map[string]string{
	"GET /api/v1/ratings/sets":                                  "GET /staff/ratings/sets",
	"POST /api/v1/ratings/sets":                                 "POST /staff/ratings/sets",
	"GET /api/v1/ratings/sets/{id}":                             "GET /staff/ratings/sets/{id}",
	"PUT /api/v1/ratings/sets/{id}":                             "POST /staff/ratings/sets/{id}",
	"POST /api/v1/ratings/sets/{id}/publish":                    "POST /staff/ratings/sets/{id}/publish",
	"GET /api/v1/ratings/rounds":                                "GET /staff/ratings",
	"POST /api/v1/ratings/rounds":                               "POST /staff/ratings/rounds",
	"GET /api/v1/ratings/rounds/{id}":                           "GET /staff/ratings/rounds/{id}",
	"POST /api/v1/ratings/rounds/{id}/step":                     "POST /staff/ratings/rounds/{id}/step",
	"GET /api/v1/ratings/applications/{id}":                     "GET /staff/ratings/applications/{id}",
	"POST /api/v1/ratings/applications/{id}/experts":            "POST /staff/ratings/applications/{id}/assign",
	"DELETE /api/v1/ratings/applications/{id}/experts/{expert}": "POST /staff/ratings/applications/{id}/unassign",
	"POST /api/v1/ratings/objections/{id}/answer":               "POST /staff/ratings/objections/{id}/answer",
	"GET /api/v1/my/ratings":                                    "GET /staff/my-ratings",
	"POST /api/v1/my/ratings":                                   "POST /staff/my-ratings",
	"GET /api/v1/my/ratings/{id}":                               "GET /staff/my-ratings/{id}",
	"PUT /api/v1/my/ratings/{id}/self":                          "POST /staff/my-ratings/{id}",
	"POST /api/v1/my/ratings/{id}/evidence":                     "POST /staff/my-ratings/{id}/evidence",
	"GET /api/v1/my/ratings/{id}/evidence/{eid}":                "GET /staff/my-ratings/{id}",
	"GET /api/v1/ratings/applications/{id}/evidence/{eid}":      "GET /staff/ratings/applications/{id}/evidence/{ev}",
	"GET /api/v1/reviews/{id}/evidence/{eid}":                   "GET /staff/reviews/{id}/evidence/{ev}",
	"POST /api/v1/my/ratings/{id}/objections":                   "POST /staff/my-ratings/{id}/object",
	"GET /api/v1/reviews":                                       "GET /staff/reviews",
	"GET /api/v1/reviews/{id}":                                  "GET /staff/reviews/{id}",
	"PUT /api/v1/reviews/{id}/scores":                           "POST /staff/reviews/{id}",
	"GET /api/v1/ratings/results":                               "GET /ratings",
	"GET /api/v1/ratings/results/{id}":                          "GET /ratings/{id}",
}

// TestRatingPermissionsMatchPages checks that each rating operation
// declares the permission of the page route that does the same thing.
func TestRatingPermissionsMatchPages(t *testing.T) {
	matchPages(t, ratingOperations, ratingPageOf)
}

// TestRatingAPI: the bureau builds a set and opens a round; an
// organization applies; a tied expert is refused; an expert's score
// above the maximum is refused; nothing is public before publication.
func TestRatingAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	ctx := context.Background()
	org := s.register(t, committee("城桥镇人民调解委员会", chengqiao, "调解邻里纠纷。", "neighbour"), "")
	tok := func(login string, g tiaojie.Grant) (string, *tiaojie.Principal) {
		p := s.user(t, login, g)
		return s.token(t, p, auth.Grantable(p)...), p
	}
	bureau, bp := tok("bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	admin, _ := tok("cq.admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: org})
	zhang, zp := tok("prof.zhang", tiaojie.Grant{Role: tiaojie.RoleExpert})
	_, wp := tok("prof.wang", tiaojie.Grant{Role: tiaojie.RoleExpert})
	zhangID, err := s.st.Experts.Create(ctx, bp, experts.Input{Name: "张教授", UserID: zp.UserID})
	if err != nil {
		t.Fatal(err)
	}
	wangID, err := s.st.Experts.Create(ctx, bp, experts.Input{Name: "王主任", UserID: wp.UserID})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.st.Experts.DeclareTie(ctx, bp, wangID, experts.Tie{OrgID: org, Kind: experts.TieEmployee}); err != nil {
		t.Fatal(err)
	}

	var set struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/ratings/sets", auth: admin, body: map[string]any{"title": "x"}}).problem(t, 403, "error.forbidden")
	s.do(t, req{method: "POST", path: "/api/v1/ratings/sets", auth: bureau, body: map[string]any{"title": "崇明区星级评估指标"}}).ok(t, 201, &set)
	path := "/api/v1/ratings/sets/" + strconv.FormatInt(set.ID, 10)
	s.do(t, req{method: "PUT", path: path, auth: bureau, body: map[string]any{"title": "崇明区星级评估指标", "indicators": []map[string]any{
		{"category": "组织建设", "name": "机构设置", "max_score": 40},
		{"category": "工作成效", "name": "调解成功率", "max_score": 50, "source": "success_rate"}}}}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: path + "/publish", auth: bureau}).problem(t, 422, "error.invalid_input")
	s.do(t, req{method: "PUT", path: path, auth: bureau, body: map[string]any{"title": "崇明区星级评估指标", "indicators": []map[string]any{
		{"category": "组织建设", "name": "机构设置", "max_score": 40},
		{"category": "工作成效", "name": "调解成功率", "max_score": 60, "source": "success_rate"}}}}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: path + "/publish", auth: bureau}).ok(t, 204, nil)
	var full struct{ Indicators []struct{ ID int64 } }
	s.do(t, req{method: "GET", path: path, auth: bureau}).ok(t, 200, &full)

	today := s.st.Clock.Now().In(tiaojie.Beijing())
	var round struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/ratings/rounds", auth: bureau, body: map[string]any{"title": "2026年度星级评估", "set_id": set.ID,
		"period_from": "2026-01-01", "period_to": "2026-11-30", "apply_until": today.AddDate(0, 0, 10).Format("2006-01-02")}}).ok(t, 201, &round)
	s.do(t, req{method: "GET", path: "/api/v1/ratings/results/" + strconv.FormatInt(round.ID, 10)}).problem(t, 404, "error.not_found")

	var app struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/my/ratings", auth: admin, body: map[string]any{"round_id": round.ID, "org_id": org}}).ok(t, 201, &app)
	s.do(t, req{method: "PUT", path: "/api/v1/my/ratings/" + strconv.FormatInt(app.ID, 10) + "/self", auth: admin, body: map[string]any{
		"marks": []map[string]any{{"indicator_id": full.Indicators[0].ID, "score": "41"}}}}).problem(t, 422, "error.invalid_input")
	apath := "/api/v1/ratings/applications/" + strconv.FormatInt(app.ID, 10) + "/experts"
	s.do(t, req{method: "POST", path: apath, auth: bureau, body: map[string]any{"expert_id": wangID}}).problem(t, 409, "expert.tied")
	s.do(t, req{method: "POST", path: apath, auth: bureau, body: map[string]any{"expert_id": zhangID}}).ok(t, 204, nil)
	mp, ct := multipartBody(t, part{"title", "", []byte("调解台账")}, part{"file", "台账.pdf", testPDF})
	var ev struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/my/ratings/" + strconv.FormatInt(app.ID, 10) + "/evidence", auth: admin, body: mp, contentType: ct}).ok(t, 201, &ev)
	s.do(t, req{method: "POST", path: "/api/v1/ratings/rounds/" + strconv.FormatInt(round.ID, 10) + "/step", auth: bureau, body: map[string]any{"action": "close"}}).ok(t, 204, nil)

	// The evidence is downloaded by each who may read the application, at
	// the address its detail gives that reader; an expert not assigned to
	// it gets 404, as on the pages.
	for _, who := range []struct{ auth, detail string }{
		{admin, "/api/v1/my/ratings/"}, {bureau, "/api/v1/ratings/applications/"}, {zhang, "/api/v1/reviews/"},
	} {
		var d struct {
			Evidence []struct {
				ID  int64
				URL string
			} `json:"evidence"`
		}
		s.do(t, req{method: "GET", path: who.detail + strconv.FormatInt(app.ID, 10), auth: who.auth}).ok(t, 200, &d)
		want := who.detail + strconv.FormatInt(app.ID, 10) + "/evidence/" + strconv.FormatInt(ev.ID, 10)
		if len(d.Evidence) != 1 || d.Evidence[0].URL != want {
			t.Fatalf("evidence %+v, want one at %s", d.Evidence, want)
		}
		r := s.do(t, req{method: "GET", path: want, auth: who.auth})
		if r.status != 200 || string(r.body) != string(testPDF) || r.header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: %d %q %v", want, r.status, r.body, r.header)
		}
	}
	wang, _ := s.token(t, wp, auth.Grantable(wp)...), 0
	s.do(t, req{method: "GET", path: "/api/v1/reviews/" + strconv.FormatInt(app.ID, 10) + "/evidence/" + strconv.FormatInt(ev.ID, 10), auth: wang}).
		problem(t, 404, "error.not_found")
	spath := "/api/v1/reviews/" + strconv.FormatInt(app.ID, 10) + "/scores"
	s.do(t, req{method: "PUT", path: spath, auth: zhang, body: map[string]any{
		"scores": []map[string]any{{"indicator_id": full.Indicators[0].ID, "score": "40.5"}}}}).problem(t, 422, "error.invalid_input")
	s.do(t, req{method: "PUT", path: spath, auth: zhang, body: map[string]any{
		"scores": []map[string]any{{"indicator_id": full.Indicators[0].ID, "score": "36"}}}}).ok(t, 204, nil)
	var tasks []struct {
		ApplicationID int64 `json:"application_id"`
	}
	s.do(t, req{method: "GET", path: "/api/v1/reviews", auth: zhang}).ok(t, 200, &tasks)
	if len(tasks) != 1 || tasks[0].ApplicationID != app.ID {
		t.Errorf("tasks %+v", tasks)
	}
	var seen struct {
		Assignments []any             `json:"assignments"`
		Figures     map[string]string `json:"figures"`
	}
	s.do(t, req{method: "GET", path: "/api/v1/my/ratings/" + strconv.FormatInt(app.ID, 10), auth: admin}).ok(t, 200, &seen)
	if len(seen.Assignments) != 0 || seen.Figures != nil {
		t.Errorf("the organization sees the experts: %+v", seen.Assignments)
	}
	s.do(t, req{method: "GET", path: "/api/v1/ratings/applications/" + strconv.FormatInt(app.ID, 10), auth: admin}).problem(t, 403, "error.forbidden")
	s.do(t, req{method: "POST", path: "/api/v1/ratings/rounds/" + strconv.FormatInt(round.ID, 10) + "/step", auth: bureau, body: map[string]any{"action": "publish"}}).
		problem(t, 409, "rating.unscored")
}
