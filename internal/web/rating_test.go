package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/experts"
	"tiaojie/internal/rating"
)

// ratingEnv is a district with an active organization, a published
// indicator set (40 + 60 points), an open round and three experts with
// logins, the third tied to the organization.
type ratingEnv struct {
	*staffEnv
	orgID, round int64
	set          *rating.Set
	experts      [3]int64
}

func newRatingEnv(t *testing.T) *ratingEnv {
	t.Helper()
	e := &ratingEnv{staffEnv: newStaffEnv(t, dbtest.SQLite(t))}
	ctx, sys := context.Background(), tiaojie.System()
	e.orgID = e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	if _, err := e.st.DB.Writer().Exec(`UPDATE orgs SET status = 'active' WHERE id = $1`, e.orgID); err != nil {
		t.Fatal(err)
	}
	id, err := e.st.Rating.CreateSet(ctx, sys, "崇明区星级评估指标", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.Rating.SaveSet(ctx, sys, id, "崇明区星级评估指标", []tiaojie.RatingIndicator{
		{Category: "组织建设", Name: "机构设置规范", MaxScore: 40},
		{Category: "工作成效", Name: "调解成功率", MaxScore: 60, Source: tiaojie.SourceSuccessRate}}); err != nil {
		t.Fatal(err)
	}
	if err := e.st.Rating.PublishSet(ctx, sys, id); err != nil {
		t.Fatal(err)
	}
	if e.set, err = e.st.Rating.Set(ctx, sys, id); err != nil {
		t.Fatal(err)
	}
	if e.round, err = e.st.Rating.OpenRound(ctx, sys, rating.RoundInput{Title: "2026年度星级评估", SetID: id,
		PeriodFrom: "2026-01-01", PeriodTo: "2026-11-28", ApplyUntil: "2026-12-20"}); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"张教授", "李律师", "王主任"} {
		uid := e.user(t, "expert"+strconv.Itoa(i+1), false, tiaojie.Grant{Role: tiaojie.RoleExpert})
		if e.experts[i], err = e.st.Experts.Create(ctx, sys, experts.Input{Name: name, Title: "专家", UserID: uid}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.st.Experts.DeclareTie(ctx, sys, e.experts[2], experts.Tie{OrgID: e.orgID, Kind: experts.TieAdviser}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *ratingEnv) ind(i int) string { return strconv.FormatInt(e.set.Indicators[i].ID, 10) }

// TestRatingPages: each role reaches its own pages and no other's; the
// bad inputs of the issue are refused on the pages with a clear message
// and change nothing.
func TestRatingPages(t *testing.T) {
	e := newRatingEnv(t)
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	cq, _ := e.staff(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	admin, _ := e.staff(t, "cq.admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.orgID})
	other := e.org(t, "堡镇人民调解委员会", baozhen, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	stranger, _ := e.staff(t, "bz.admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: other})
	exp1 := e.browser(t)
	exp1.login("expert1", testPassword)
	e.enrol(exp1)

	bureau.get("/staff/ratings").want(t, http.StatusOK, "/staff/ratings", `href="/staff/ratings" aria-current="page"`, "2026年度星级评估")
	for _, path := range []string{"/staff/ratings", "/staff/ratings/sets", "/staff/ratings/rounds/" + strconv.FormatInt(e.round, 10)} {
		cq.get(path).want(t, http.StatusForbidden, "")
		admin.get(path).want(t, http.StatusForbidden, "")
		exp1.get(path).want(t, http.StatusForbidden, "")
	}
	cq.get("/staff/my-ratings").want(t, http.StatusForbidden, "")
	cq.get("/staff/reviews").want(t, http.StatusForbidden, "")

	// A draft that adds up to 90 is not published.
	p := bureau.post("/staff/ratings/sets", url.Values{"title": {"2027 版指标"}, "from": {"0"}})
	p.want(t, http.StatusOK, "", "编辑草稿")
	draft := p.path
	bureau.post(draft, url.Values{"title": {"2027 版指标"}, "indicators": {"组织建设 | 机构设置 | 90"}}).want(t, http.StatusOK, draft, "已保存", "满分合计：90 分")
	bureau.post(draft+"/publish", nil).want(t, http.StatusUnprocessableEntity, draft+"/publish", "各项满分合计须为 100 分，现为 90 分")

	// The organization applies and self-assesses; a score above the maximum is refused.
	admin.get("/staff/my-ratings").want(t, http.StatusOK, "/staff/my-ratings", "2026年度星级评估", `id="apply-form"`)
	p = admin.post("/staff/my-ratings", url.Values{"round_id": {strconv.FormatInt(e.round, 10)}, "org_id": {strconv.FormatInt(e.orgID, 10)}, "statement": {"规范运行"}})
	p.want(t, http.StatusOK, "", "已申报")
	mine := p.path
	app := mine[len("/staff/my-ratings/"):]
	admin.post(mine, url.Values{"self_" + e.ind(0): {"41"}}).want(t, http.StatusUnprocessableEntity, mine, "“机构设置规范”的评分应在 0 至 40 分之间")
	admin.post(mine, url.Values{"self_" + e.ind(0): {"38"}, "self_" + e.ind(1): {"55"}}).want(t, http.StatusOK, mine, "已保存", `value="38"`)
	admin.upload(mine+"/evidence", url.Values{"title": {"设立文件"}, "indicator_id": {e.ind(0)}}, "设立.pdf", staffPDF).want(t, http.StatusOK, mine, "材料已上传", "设立文件")
	stranger.get(mine).want(t, http.StatusNotFound, "")
	stranger.post(mine, url.Values{"self_" + e.ind(0): {"1"}}).want(t, http.StatusNotFound, "")

	// The bureau assigns: a tied expert is refused with the reason.
	bapp := "/staff/ratings/applications/" + app
	bureau.post(bapp+"/assign", url.Values{"expert_id": {strconv.FormatInt(e.experts[2], 10)}}).
		want(t, http.StatusConflict, bapp+"/assign", "该专家与“城桥镇人民调解委员会”存在关联关系，应当回避")
	for _, x := range e.experts[:2] {
		bureau.post(bapp+"/assign", url.Values{"expert_id": {strconv.FormatInt(x, 10)}}).want(t, http.StatusOK, bapp, "专家已指派")
	}
	rpath := "/staff/ratings/rounds/" + strconv.FormatInt(e.round, 10)
	bureau.post(rpath+"/step", url.Values{"action": {"publish"}}).want(t, http.StatusConflict, rpath+"/step", "当前状态下不能进行此操作")
	bureau.post(rpath+"/step", url.Values{"action": {"close"}}).want(t, http.StatusOK, rpath, "专家评审中")

	// The expert scores; above the maximum is refused; another's application is hidden.
	exp1.get("/staff/reviews").want(t, http.StatusOK, "/staff/reviews", "城桥镇人民调解委员会")
	review := "/staff/reviews/" + app
	p = exp1.get(review)
	p.want(t, http.StatusOK, review, "调解成功率", `id="submit-scores"`)
	p.lacks(t, "李律师")
	exp1.post(review, url.Values{"score_" + e.ind(1): {"60.5"}}).want(t, http.StatusUnprocessableEntity, review, "“调解成功率”的评分应在 0 至 60 分之间")
	exp1.get(bapp).want(t, http.StatusForbidden, "")
	p = admin.get(mine)
	p.want(t, http.StatusOK, mine)
	p.lacks(t, "张教授", "李律师")

	// Not published: the public sees nothing of the round.
	e.browser(t).get("/ratings/"+strconv.FormatInt(e.round, 10)).want(t, http.StatusNotFound, "")

	// Both experts hand in; published; made final too early is refused.
	exp1.post(review, url.Values{"score_" + e.ind(0): {"36"}, "score_" + e.ind(1): {"50"}, "submit": {"1"}}).want(t, http.StatusOK, review, "评分已提交")
	appID, _ := strconv.ParseInt(app, 10, 64)
	exp2 := &tiaojie.Principal{UserID: e.expertUser(t, "expert2"), Name: "expert2", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleExpert}}}
	if err := e.st.Rating.Score(context.Background(), exp2, appID, map[int64]rating.Mark{
		e.set.Indicators[0].ID: {Score10: 375}, e.set.Indicators[1].ID: {Score10: 525}}, true); err != nil {
		t.Fatal(err)
	}
	bureau.post(rpath+"/step", url.Values{"action": {"publish"}}).want(t, http.StatusOK, rpath, "公示中", "88.0")
	bureau.post(rpath+"/step", url.Values{"action": {"finalize"}}).want(t, http.StatusConflict, rpath+"/step", "公示期尚未结束")
	e.browser(t).get("/ratings/"+strconv.FormatInt(e.round, 10)).want(t, http.StatusOK, "", "城桥镇人民调解委员会", "88.0", "4 星")
	x := bureau.get(rpath + "/results.xlsx")
	if x.status != http.StatusOK || !strings.Contains(x.header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("export: %d %s", x.status, x.header.Get("Content-Type"))
	}
	admin.get(rpath+"/results.xlsx").want(t, http.StatusForbidden, "")
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'rating.assign' AND outcome = 'ok'`); n != 2 {
		t.Errorf("%d assignments audited, want 2", n)
	}
}

// expertUser returns the user id of a login.
func (e *ratingEnv) expertUser(t *testing.T, login string) int64 {
	t.Helper()
	var id int64
	if err := e.st.DB.Reader().QueryRow(`SELECT id FROM users WHERE login = $1`, login).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
