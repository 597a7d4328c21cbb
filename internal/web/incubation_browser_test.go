package web_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/experts"
	"tiaojie/internal/incubation"
	"tiaojie/internal/registry"
)

// TestIncubationBrowser walks one team from recruitment to a registered
// organization in headless Chromium: the township office publishes a
// call, a member of the public applies on a phone, an expert scores, the
// office admits the team, moves it in, records a service and a report,
// and graduates it into the register; once the register approves it, the
// team's status page on the phone says so.
func TestIncubationBrowser(t *testing.T) {
	needChromium(t)
	e := newCaseEnv(t, dbtest.SQLite(t))
	ctx, sys := context.Background(), tiaojie.System()
	e.user(t, "inc.cq", false, tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	expertUser := e.user(t, "inc.expert", false, tiaojie.Grant{Role: tiaojie.RoleExpert})
	expertID, err := e.st.Experts.Create(ctx, sys, experts.Input{Name: "张教授", Title: "法学教授", UserID: expertUser})
	incMust(t, err)
	site, err := e.st.Incubation.ProposeSite(ctx, sys, incubation.SiteInput{Kind: incubation.KindHome, Township: chengqiao})
	incMust(t, err)
	incMust(t, e.st.Incubation.DecideSite(ctx, sys, site, true, ""))

	// The office writes and publishes the call.
	cq := newChrome(t, e.srv.URL)
	cq.loginAndEnrol(e.stack, "inc.cq", false)
	cq.step("the calls page", chromedp.Navigate(cq.base+"/staff/incubation/calls"), chromedp.WaitVisible(css("#form-call")))
	cq.step("write the call", choose("#call-site_id", strconv.FormatInt(site, 10)),
		chromedp.SendKeys(css("#call-title"), "2026年城桥镇调解组织公开招募"),
		chromedp.Click(css("#call-target_types-basic")),
		chromedp.SendKeys(css("#call-criteria"), "团队专业能力\n服务需求"),
		chromedp.SetValue(css("#call-closes_on"), "2026-12-31"),
		chromedp.Click(css("#create-call")), hasText("#calls-table", "草稿"))
	cq.step("publish", chromedp.Click(css(`#calls-table button[value="open"]`)), hasText("#calls-table", "招募中"))

	// A member of the public applies on a phone.
	team := person(t, e.srv.URL, "team")
	team.phoneLogin(e, "13800000001", "/incubation")
	team.step("open the call", chromedp.Click(css("#open-calls a")), chromedp.WaitVisible(css("#inc-form")))
	team.step("fill in the application",
		chromedp.SendKeys(css("#inc-org_name"), "城桥镇邻里和事佬调解工作室"),
		choose("#inc-org_type", "basic"), choose("#inc-legal_form", "social_service"), choose("#inc-level", "township"),
		chromedp.SendKeys(css("#inc-plan"), "以退休教师和村干部为骨干，调解邻里、家庭纠纷。"),
		chromedp.SendKeys(css("#inc-founders\\.0\\.name"), "陈和平"),
		chromedp.SendKeys(css("#inc-founders\\.0\\.phone"), "13800000001"))
	team.shot("incubation-apply-phone")
	team.step("submit", chromedp.Click(css("#inc-submit")), at("/my/incubation"), hasText("#my-incubation", "已提交"))

	// The office assigns the expert.
	cq.step("the application", chromedp.Navigate(cq.base+"/staff/incubation/applications"),
		chromedp.Click(css("#inc-apps a")), chromedp.WaitVisible(css("#form-assign")))
	app := cq.eval(`location.pathname`)
	cq.step("assign", choose("#assign-expert_id", strconv.FormatInt(expertID, 10)), chromedp.Click(css("#assign-expert")),
		hasText("#inc-status", "筛选评估中"))

	// The expert scores.
	ex := newChrome(t, e.srv.URL)
	ex.loginAndEnrol(e.stack, "inc.expert", false)
	ex.step("my screenings", chromedp.Navigate(ex.base+"/expert/screenings"), chromedp.Click(css("#screenings a")),
		chromedp.WaitVisible(css("#form-score")))
	ex.step("score", chromedp.SendKeys(css("#score-0"), "8"), chromedp.SendKeys(css("#score-1"), "9"),
		chromedp.SendKeys(css("#score-comment"), "骨干稳定，需求明确"), chromedp.Click(css("#save-score")),
		at("/expert/screenings"), hasText("#screenings", "是"))

	// The office admits, moves the team in, serves and tracks it, and
	// graduates it into the register.
	cq.step("admit", chromedp.Navigate(cq.base+app), chromedp.WaitVisible(css("#form-decide")), hasText("#reviews", "17"),
		chromedp.SendKeys(css("#decide-reason"), "总分 17，同意入驻"), chromedp.Click(css("#act-admit")), hasText("#inc-status", "同意入驻"))
	cq.step("move in", chromedp.SendKeys(css("#enter-plan"), "三个月内完成章程和人员招募"),
		chromedp.SendKeys(css("#enter-mentor"), "王老师"),
		chromedp.SendKeys(css("#enter-milestones"), "2027-01-31 章程定稿"),
		chromedp.Click(css("#enter-residency")), hasText("#inc-status", "孵化中"), hasText("#milestone-list", "章程定稿"))
	cq.step("record a service", choose("#service-kind", "registration"), chromedp.SendKeys(css("#service-note"), "指导准备登记材料"),
		chromedp.Click(css("#record-service")), hasText("#service-list", "登记协助"))
	cq.step("file a report", chromedp.SendKeys(css("#report-progress"), "章程初稿完成"),
		chromedp.Click(css("#file-report")), hasText("#report-list", "章程初稿完成"))
	cq.step("graduate", chromedp.Click(css("#graduate-team")), hasText("#inc-status", "已出壳"), chromedp.WaitVisible(css("#inc-org")))
	cq.shot("incubation-graduated")

	// The register takes it through pre-review to registration.
	var orgID int64
	if err := e.db.Reader().QueryRow(`SELECT org_id FROM incubation_applications`).Scan(&orgID); err != nil {
		t.Fatal(err)
	}
	reg := e.st.Registry
	incMust(t, reg.SetPrereview(ctx, sys, orgID, registry.Prereview{Founders: "陈和平", Mediators: "三名持证调解员",
		Premises: "城桥镇公共法律服务工作站", Funding: "镇财政补贴"}))
	if _, err := reg.AddDocument(ctx, sys, orgID, registry.DocCharter, "章程", pubPDF("charter.pdf"), false); err != nil {
		t.Fatal(err)
	}
	incMust(t, reg.Act(ctx, sys, orgID, tiaojie.ActSubmit, "", ""))
	incMust(t, reg.Act(ctx, sys, orgID, tiaojie.ActOpinion, "同意", registry.OpinionSupport))
	incMust(t, reg.Act(ctx, sys, orgID, tiaojie.ActApprove, "", ""))

	team.step("the team sees it registered", chromedp.Navigate(team.base+"/my/incubation"),
		hasText("#my-incubation", "已出壳"), hasText("#my-incubation .inc-org", "已登记"))
	team.shot("incubation-registered-phone")
	cq.step("the funnel counts it", chromedp.Navigate(cq.base+"/staff/incubation"), hasText("#funnel-sites .registered", "1"))
}
