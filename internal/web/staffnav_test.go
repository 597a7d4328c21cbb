package web_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

var (
	navGroup = regexp.MustCompile(`(?s)<summary id="nav-g-[a-z]+">([^<]+)</summary><ul aria-labelledby="nav-g-[a-z]+">(.*?)</ul>`)
	navHref  = regexp.MustCompile(`<a href="([^"]+)"`)
)

// staffMenu returns the staff menu's groups on a page: each group's label
// and the links under it, in order.
func staffMenu(p page) map[string][]string {
	groups := map[string][]string{}
	for _, g := range navGroup.FindAllStringSubmatch(p.body, -1) {
		links := []string{}
		for _, a := range navHref.FindAllStringSubmatch(g[2], -1) {
			links = append(links, a[1])
		}
		groups[g[1]] = links
	}
	return groups
}

// TestStaffNavGroups checks that the bureau's long menu comes in labelled
// groups and that a mediator sees only the groups holding their few links.
func TestStaffNavGroups(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	org := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	bureau, _ := e.staff(t, "nav.bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	mediator, _ := e.staff(t, "nav.mediator", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: org})

	p := bureau.get("/staff/cases")
	p.want(t, http.StatusOK, "/staff/cases", `<a href="/staff/cases" aria-current="page">调解案件</a>`, `<details open>`)
	want := map[string][]string{
		"组织与人员": {"/staff/orgs", "/staff/prereview", "/staff/mediators", "/staff/incubation"},
		"案件":    {"/staff/cases", "/staff/cases/board", "/staff/calendar"},
		"监督":    {"/staff/inspections", "/staff/disclosures", "/staff/ratings", "/staff/complaints"},
		"资源与培训": {"/staff/experts", "/staff/training", "/staff/funding"},
		"采购":    {"/staff/procurement"},
		"协作":    {"/staff/agencies", "/staff/meetings"},
		"内容与统计": {"/staff/content", "/staff/news-reviews", "/staff/plan", "/staff/stats"},
		"设置":    {"/staff/settings"},
	}
	if diff := cmp.Diff(want, staffMenu(p)); diff != "" {
		t.Errorf("bureau's menu (-want +got):\n%s", diff)
	}

	m := mediator.get("/staff/cases")
	m.want(t, http.StatusOK, "/staff/cases")
	want = map[string][]string{
		"组织与人员": {"/staff/orgs", "/staff/my-org", "/staff/mediators"},
		"案件":    {"/staff/cases", "/staff/sessions", "/staff/cases/board"},
		"资源与培训": {"/staff/training"},
	}
	if diff := cmp.Diff(want, staffMenu(m)); diff != "" {
		t.Errorf("mediator's menu (-want +got):\n%s", diff)
	}
	m.lacks(t, "监督", "采购", "协作", "内容与统计", "nav-g-supervision", "nav-g-settings")

	en := bureau.get("/staff/cases", "Accept-Language", "en")
	if got := staffMenu(en); len(got["Organizations &amp; people"]) == 0 || len(got["Oversight"]) == 0 {
		t.Errorf("English menu groups: %v", got)
	}
}
