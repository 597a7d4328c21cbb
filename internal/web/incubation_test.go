package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/experts"
	"tiaojie/internal/incubation"
)

// incEnv is the case environment with an approved incubation home of 城桥
// holding an open call, the bureau, and two experts with logins.
type incEnv struct {
	*caseEnv
	bureau         *browser
	expert, other  *browser
	expertID, site int64
	call           int64
}

func newIncEnv(t *testing.T, d *db.DB) *incEnv {
	t.Helper()
	e := &incEnv{caseEnv: newCaseEnv(t, d)}
	e.bureau, _ = e.staff(t, "inc.bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	var expertUser, otherUser int64
	e.expert, expertUser = e.staff(t, "prof.zhang", tiaojie.Grant{Role: tiaojie.RoleExpert})
	e.other, otherUser = e.staff(t, "prof.li", tiaojie.Grant{Role: tiaojie.RoleExpert})
	ctx, sys := context.Background(), tiaojie.System()
	var err error
	if e.expertID, err = e.st.Experts.Create(ctx, sys, experts.Input{Name: "张教授", Title: "法学教授", UserID: expertUser}); err != nil {
		t.Fatal(err)
	}
	if _, err = e.st.Experts.Create(ctx, sys, experts.Input{Name: "李律师", UserID: otherUser}); err != nil {
		t.Fatal(err)
	}
	return e
}

var incAppLink = regexp.MustCompile(`/staff/incubation/applications/(\d+)"`)

// TestIncubationPages walks the pages from a site to an admitted team and
// checks who is kept out: another township's office, an expert not
// assigned, a stranger, a visitor who has not logged in.
func TestIncubationPages(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newIncEnv(t, d)
		cq, bz := e.township, e.stranger // 城桥 and 堡镇 justice offices

		// The site: proposed by 城桥, approved by the bureau.
		cq.get("/staff/incubation").want(t, http.StatusOK, "/staff/incubation", `id="form-site"`)
		cq.post("/staff/incubation/sites", url.Values{"kind": {"home"}, "township": {baozhen}}).
			want(t, http.StatusForbidden, "")
		cq.post("/staff/incubation/sites", url.Values{"kind": {"home"}, "township": {chengqiao}}).
			want(t, http.StatusOK, "/staff/incubation", "城桥镇公共法律服务工作站", "待审批")
		var site int64
		if err := d.Reader().QueryRow(`SELECT id FROM incubation_sites`).Scan(&site); err != nil {
			t.Fatal(err)
		}
		sid := strconv.FormatInt(site, 10)
		cq.post("/staff/incubation/sites/"+sid+"/decision", url.Values{"do": {"approve"}}).want(t, http.StatusForbidden, "")
		e.bureau.post("/staff/incubation/sites/"+sid+"/decision", url.Values{"do": {"approve"}}).
			want(t, http.StatusOK, "/staff/incubation", "已批准")

		// The call: a bad one is refused next to its fields, a good one published.
		cq.post("/staff/incubation/calls", url.Values{"site_id": {sid}, "title": {"招募"}, "criteria": {""},
			"opens_on": {"2026-11-29"}, "closes_on": {"2026-11-01"}}).
			want(t, http.StatusUnprocessableEntity, "", `id="e-call-criteria"`, `id="e-call-closes_on"`)
		cq.post("/staff/incubation/calls", url.Values{"site_id": {sid}, "title": {"2026年城桥镇调解组织公开招募"},
			"target_types": {"basic"}, "criteria": {"团队专业能力\n服务需求"}, "opens_on": {"2026-11-29"}, "closes_on": {"2026-12-31"}}).
			want(t, http.StatusOK, "/staff/incubation/calls", "草稿")
		var call int64
		if err := d.Reader().QueryRow(`SELECT id FROM incubation_calls`).Scan(&call); err != nil {
			t.Fatal(err)
		}
		cid := strconv.FormatInt(call, 10)
		bz.post("/staff/incubation/calls/"+cid+"/status", url.Values{"status": {"open"}}).want(t, http.StatusNotFound, "")
		e.browser(t).get("/incubation/calls/"+cid).want(t, http.StatusNotFound, "")
		cq.post("/staff/incubation/calls/"+cid+"/status", url.Values{"status": {"open"}}).want(t, http.StatusOK, "", "招募中")

		// The public: the call listed, a login asked for, the form.
		visitor := e.browser(t)
		visitor.get("/incubation").want(t, http.StatusOK, "/incubation", "2026年城桥镇调解组织公开招募")
		visitor.get("/incubation/calls/"+cid).want(t, http.StatusOK, "", `id="inc-login"`, "团队专业能力")
		visitor.post("/incubation/calls/"+cid, url.Values{"org_name": {"x"}}).want(t, http.StatusUnauthorized, "")
		team := e.public(t, "13800000001", "/incubation/calls/"+cid)
		form := url.Values{"org_name": {"城桥镇邻里和事佬调解工作室"}, "org_type": {"basic"}, "legal_form": {"social_service"},
			"level": {"township"}, "township": {chengqiao}, "plan": {"以退休教师为骨干，调解邻里纠纷。"},
			"founders.0.name": {"陈和平"}, "founders.0.role": {"负责人"}, "founders.0.phone": {"1380000"}}
		team.post("/incubation/calls/"+cid, form).want(t, http.StatusUnprocessableEntity, "", `id="e-inc-founders.0.phone"`)
		form.Set("founders.0.phone", "13800000001")
		team.post("/incubation/calls/"+cid, form).want(t, http.StatusOK, "/my/incubation", "城桥镇邻里和事佬调解工作室", "已提交")
		list := cq.get("/staff/incubation/applications?township=" + chengqiao)
		list.want(t, http.StatusOK, "", "城桥镇邻里和事佬调解工作室")
		m := incAppLink.FindStringSubmatch(list.body)
		if m == nil {
			t.Fatalf("no application link:\n%s", excerpt(list.body))
		}
		app := "/staff/incubation/applications/" + m[1]
		cq.get(app).want(t, http.StatusOK, "", "13800000001", `id="form-assign"`)

		// Kept out: the other township, a stranger, an expert not assigned.
		bz.get(app).want(t, http.StatusNotFound, "")
		bz.post(app+"/experts", url.Values{"expert_id": {strconv.FormatInt(e.expertID, 10)}}).want(t, http.StatusNotFound, "")
		bz.get("/staff/incubation/applications").lacks(t, "邻里和事佬")
		stranger := e.public(t, "13900000002", "/my/incubation")
		stranger.get("/my/incubation").lacks(t, "邻里和事佬")
		stranger.get(app).want(t, http.StatusForbidden, "")
		e.expert.get("/expert/screenings/"+m[1]).want(t, http.StatusNotFound, "")

		// Screening: assigned, scored by that expert only, then the decision.
		cq.post(app+"/experts", url.Values{"expert_id": {strconv.FormatInt(e.expertID, 10)}}).
			want(t, http.StatusOK, app, "张教授", "筛选评估中")
		e.other.get("/expert/screenings/"+m[1]).want(t, http.StatusNotFound, "")
		e.other.post("/expert/screenings/"+m[1], url.Values{"scores.0": {"5"}, "scores.1": {"5"}}).want(t, http.StatusNotFound, "")
		e.expert.get("/expert/screenings").want(t, http.StatusOK, "", "城桥镇邻里和事佬调解工作室", "待评分")
		sc := e.expert.get("/expert/screenings/" + m[1])
		sc.want(t, http.StatusOK, "", "团队专业能力", `id="form-score"`)
		sc.lacks(t, "13800000001", "138****0001")
		e.expert.post("/expert/screenings/"+m[1], url.Values{"scores.0": {"12"}, "scores.1": {"5"}}).
			want(t, http.StatusUnprocessableEntity, "", `id="e-score-0"`)
		e.expert.post("/expert/screenings/"+m[1], url.Values{"scores.0": {"8"}, "scores.1": {"9"}, "comment": {"骨干稳定"}}).
			want(t, http.StatusOK, "/expert/screenings")
		team.get("/my/incubation").lacks(t, "骨干稳定", "张教授")
		cq.post(app+"/steps", url.Values{"action": {"admit"}, "reason": {""}}).want(t, http.StatusUnprocessableEntity, "", `id="e-decide-reason"`)
		cq.post(app+"/steps", url.Values{"action": {"admit"}, "reason": {"总分 17，同意入驻"}}).want(t, http.StatusOK, app, "同意入驻", `id="form-enter"`)
		team.get("/my/incubation").want(t, http.StatusOK, "", "总分 17，同意入驻")

		// The list exports to Excel.
		x := cq.get("/staff/incubation/applications.xlsx?status=admitted")
		if x.status != http.StatusOK || !strings.Contains(x.header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("export: %d %s", x.status, x.header.Get("Content-Type"))
		}
	})
}

// TestIncubationGraduationPage: from residency to the organization in the
// register, through the page.
func TestIncubationGraduationPage(t *testing.T) {
	e := newIncEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	id := e.admitted(t, ctx)
	app := "/staff/incubation/applications/" + strconv.FormatInt(id, 10)
	cq := e.township
	cq.post(app+"/residency", url.Values{"plan": {"完成章程"}, "period_months": {"9"}, "mentor": {"王老师"}}).
		want(t, http.StatusUnprocessableEntity, "", `id="e-enter-period_months"`)
	cq.post(app+"/residency", url.Values{"plan": {"完成章程"}, "period_months": {"6"}, "mentor": {"王老师"},
		"milestones": {"2027-01-31 章程定稿"}}).want(t, http.StatusOK, app, "孵化中", "章程定稿", `id="form-report"`)
	cq.post(app+"/services", url.Values{"kind": {"registration"}, "note": {"指导填写登记材料"}}).want(t, http.StatusOK, app, "登记协助")
	cq.post(app+"/reports", url.Values{"progress": {"章程初稿完成"}}).want(t, http.StatusOK, app, "章程初稿完成")
	cq.post(app+"/graduation", url.Values{}).want(t, http.StatusOK, app, "已出壳", `id="inc-org"`, "筹建")
	e.stranger.post(app+"/graduation", url.Values{}).want(t, http.StatusNotFound, "")
}

// admitted puts one team through application, screening and admission
// with the services, and returns its application.
func (e *incEnv) admitted(t *testing.T, ctx context.Context) int64 {
	t.Helper()
	s := e.st.Incubation
	cq := principal(t, e, "chengqiao", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	site, err := s.ProposeSite(ctx, cq, incubation.SiteInput{Kind: incubation.KindHome, Township: chengqiao})
	incMust(t, err)
	incMust(t, s.DecideSite(ctx, tiaojie.System(), site, true, ""))
	call, err := s.CreateCall(ctx, cq, incubation.CallInput{SiteID: site, Title: "城桥招募", Criteria: "能力",
		OpensOn: "2026-11-01", ClosesOn: "2026-12-31"})
	incMust(t, err)
	incMust(t, s.SetCallStatus(ctx, cq, call, incubation.CallOpen))
	team := principal(t, e, "")
	id, err := s.Apply(ctx, team, incubation.Input{CallID: call, OrgName: "城桥镇和事佬调解工作室", OrgType: tiaojie.OrgBasic,
		LegalForm: tiaojie.FormSocialService, Level: tiaojie.LevelTownship, Township: chengqiao, Plan: "调解邻里纠纷",
		Founders: []incubation.Founder{{Name: "陈和平", Phone: "13800000001"}}})
	incMust(t, err)
	incMust(t, s.AssignExpert(ctx, cq, id, e.expertID))
	expert := principal(t, e, "prof.zhang", tiaojie.Grant{Role: tiaojie.RoleExpert})
	incMust(t, s.Score(ctx, expert, id, []int{8}, ""))
	incMust(t, s.Act(ctx, cq, id, incubation.Step{Action: tiaojie.IncActAdmit, Reason: "通过"}))
	return id
}

// principal returns the principal of a login made by the environment, or
// of a new member of the public when login is "", with its grants.
func principal(t *testing.T, e *incEnv, login string, grants ...tiaojie.Grant) *tiaojie.Principal {
	t.Helper()
	if login == "" {
		var id int64
		if err := e.db.Writer().QueryRow(`INSERT INTO users (login, display_name, created_at, updated_at) VALUES ('team', 'team', $1, $1) RETURNING id`,
			start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return &tiaojie.Principal{UserID: id, Name: "team", Grants: []tiaojie.Grant{{Role: tiaojie.RolePublic}}}
	}
	var id int64
	if err := e.db.Reader().QueryRow(`SELECT id FROM users WHERE login = $1`, login).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return &tiaojie.Principal{UserID: id, Name: login, MFA: true, Grants: grants}
}

func incMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
