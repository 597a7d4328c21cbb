package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// newsPeople registers two organizations and returns the first, an admin
// of each, the bureau and a member of the public.
func (e *staffEnv) newsPeople(t *testing.T) (int64, *browser, *browser, *browser, *browser) {
	t.Helper()
	a := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	b := e.org(t, "堡镇人民调解委员会", baozhen, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	adminA, _ := e.staff(t, "admin.a", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: a})
	adminB, _ := e.staff(t, "admin.b", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: b})
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	return a, adminA, adminB, bureau, e.browser(t)
}

// TestOrgNewsReviewPages: an organization's admin writes and submits a
// news item; the public and another organization do not see it; the
// bureau returns it without a reason (refused), then approves it, and it
// appears on the portal with the organization's name. Its cover, uploaded
// while it was a draft, is the admin's and the bureau's to see until then.
func TestOrgNewsReviewPages(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	a, adminA, adminB, bureau, public := e.newsPeople(t)
	news := "/staff/orgs/" + strconv.FormatInt(a, 10) + "/news"

	adminB.get(news).want(t, http.StatusNotFound, "")
	adminA.post(news, url.Values{"kind": {"news"}, "title": {""}}).want(t, http.StatusUnprocessableEntity, "")
	adminA.post(news, url.Values{"kind": {"news"}, "title": {"调委会开展普法宣传进村居活动"}, "body": {"活动现场气氛热烈。"}}).
		want(t, http.StatusOK, news, "草稿已保存", "调委会开展普法宣传进村居活动")
	var id string
	if err := e.st.DB.Reader().QueryRow(`SELECT CAST(id AS TEXT) FROM articles WHERE org_id = $1`, a).Scan(&id); err != nil {
		t.Fatal(err)
	}
	art := news + "/" + id
	adminB.get(art).want(t, http.StatusNotFound, "")
	adminA.post(art, url.Values{"kind": {"event"}, "title": {"调委会开展普法宣传进村居活动"}}).
		want(t, http.StatusUnprocessableEntity, "", "活动时间")
	adminA.post(art, url.Values{"kind": {"news"}, "title": {"调委会开展普法宣传进村居活动"}, "body": {"活动现场气氛热烈。"}, "summary": {"普法进村居"}}).
		want(t, http.StatusOK, art, "草稿已保存", "普法进村居")
	adminB.upload(art+"/cover", nil, "封面.png", staffPNG(t)).want(t, http.StatusForbidden, "")
	adminA.upload(art+"/cover", nil, "封面.txt", []byte("not a picture")).want(t, http.StatusUnprocessableEntity, "", "不支持该文件类型")
	adminA.upload(art+"/cover", nil, "封面.png", staffPNG(t)).want(t, http.StatusOK, art, "封面已上传", `id="article-cover"`)
	var key string
	if err := e.st.DB.Reader().QueryRow(`SELECT cover_file FROM articles WHERE id = ` + id).Scan(&key); err != nil || key == "" {
		t.Fatalf("cover %q: %v", key, err)
	}
	if c := adminA.get(art + "/cover"); c.status != http.StatusOK || c.header.Get("Content-Type") != "image/png" {
		t.Errorf("the admin's cover: %d %s", c.status, c.header.Get("Content-Type"))
	}
	adminB.get(art+"/cover").want(t, http.StatusNotFound, "")
	public.get("/files/"+key).want(t, http.StatusNotFound, "")
	adminA.post(news+"/"+id+"/submit", nil).want(t, http.StatusOK, news, "已提交审核", "待审核")
	adminA.get(art).want(t, http.StatusOK, "", `id="article-locked"`)
	adminA.upload(art+"/cover", nil, "封面.png", staffPNG(t)).want(t, http.StatusConflict, "")
	public.get("/files/"+key).want(t, http.StatusNotFound, "")
	public.get("/news/"+id).want(t, http.StatusNotFound, "")
	public.get("/news").lacks(t, "普法宣传进村居")
	orgPage := "/orgs/" + strconv.FormatInt(a, 10)
	if _, err := e.st.DB.Writer().Exec(`UPDATE orgs SET status = 'active' WHERE id = $1`, a); err != nil {
		t.Fatal(err)
	}
	public.get(orgPage).want(t, http.StatusOK, "")
	public.get(orgPage).lacks(t, "普法宣传进村居")
	adminA.get("/staff/news-reviews").want(t, http.StatusForbidden, "")

	bureau.get("/staff/news-reviews").want(t, http.StatusOK, "", "调委会开展普法宣传进村居活动", "城桥镇人民调解委员会", `src="/staff/content/`+id+`/cover"`)
	if c := bureau.get("/staff/content/" + id + "/cover"); c.status != http.StatusOK {
		t.Errorf("the bureau's view of the cover: %d", c.status)
	}
	bureau.post("/staff/news-reviews/"+id, url.Values{"action": {"return"}}).want(t, http.StatusUnprocessableEntity, "", "退回时请填写理由")
	public.get("/news/"+id).want(t, http.StatusNotFound, "")
	bureau.post("/staff/news-reviews/"+id, url.Values{"action": {"approve"}}).want(t, http.StatusOK, "/staff/news-reviews", "已审核通过并发布")
	public.get("/news/"+id).want(t, http.StatusOK, "", `id="article-org"`, "城桥镇人民调解委员会", "活动现场气氛热烈", "/files/"+key)
	if c := public.get("/files/" + key); c.status != http.StatusOK || c.header.Get("Content-Type") != "image/png" {
		t.Errorf("an approved article's cover: %d", c.status)
	}
	public.get(orgPage).want(t, http.StatusOK, "", `id="org-news"`, "调委会开展普法宣传进村居活动")
}
