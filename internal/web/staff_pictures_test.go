package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// texts runs a query of one text column and returns its rows in order.
func texts(t *testing.T, e *staffEnv, q string) []string {
	t.Helper()
	rows, err := e.st.DB.Reader().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// pictureKeys returns the file keys of an article's pictures in order.
func pictureKeys(t *testing.T, e *staffEnv, article string) []string {
	t.Helper()
	return texts(t, e, `SELECT file_key FROM article_pictures WHERE article_id = `+article+` ORDER BY seq`)
}

// TestArticlePicturesPages: the bureau adds captioned pictures to its
// article on its page, which shows them from its own private route; a
// caption too long is refused on the form. The public page shows the
// gallery (figure, caption, lazy picture, the title as the alt text of a
// picture without a caption) only once the article is published, and the
// pictures' files are public only then; a removed picture leaves both.
func TestArticlePicturesPages(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	cq, _ := e.staff(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	public := e.browser(t)

	p := bureau.post("/staff/content", url.Values{"kind": {"news"}, "title": {"调解员业务培训班开班"}, "body": {"培训为期三天。"}})
	p.want(t, http.StatusOK, "", "草稿已保存", `id="pictures-h"`, `id="no-pictures"`, `id="upload-picture"`)
	path := p.path
	id := path[strings.LastIndex(path, "/")+1:]

	bureau.upload(path+"/pictures", url.Values{"caption": {strings.Repeat("长", 101)}}, "a.png", staffPNG(t)).
		want(t, http.StatusUnprocessableEntity, "", "图片说明最多 100 个字", `value="`+strings.Repeat("长", 101)+`"`)
	bureau.upload(path+"/pictures", url.Values{"caption": {"开班仪式"}}, "a.txt", []byte("not a picture")).
		want(t, http.StatusUnprocessableEntity, "", "不支持该文件类型")
	cq.upload(path+"/pictures", url.Values{"caption": {"开班仪式"}}, "a.png", staffPNG(t)).want(t, http.StatusForbidden, "")
	if keys := pictureKeys(t, e, id); len(keys) != 0 {
		t.Fatalf("refused uploads stored %d pictures", len(keys))
	}
	bureau.upload(path+"/pictures", url.Values{"caption": {"开班仪式现场"}}, "a.png", staffPNG(t)).
		want(t, http.StatusOK, path, "图片已上传", "开班仪式现场", `id="pictures-count"`, "1/9")
	bureau.upload(path+"/pictures", nil, "b.png", staffPNG(t)).want(t, http.StatusOK, path, "图片已上传")
	keys := pictureKeys(t, e, id)
	if len(keys) != 2 {
		t.Fatalf("%d pictures, want 2", len(keys))
	}
	pids := texts(t, e, `SELECT CAST(id AS TEXT) FROM article_pictures WHERE article_id = `+id+` ORDER BY seq`)
	bureau.get(path).want(t, http.StatusOK, "", `src="`+path+`/pictures/`+pids[0]+`"`, `alt="开班仪式现场"`, `alt="调解员业务培训班开班"`,
		`action="`+path+`/pictures/`+pids[1]+`/delete"`)
	if c := bureau.get(path + "/pictures/" + pids[0]); c.status != http.StatusOK || c.header.Get("Content-Type") != "image/png" ||
		!strings.Contains(c.header.Get("Cache-Control"), "no-store") || !strings.Contains(c.header.Get("Cache-Control"), "private") {
		t.Errorf("the editor's picture: %d %v", c.status, c.header)
	}
	cq.get(path+"/pictures/"+pids[0]).want(t, http.StatusForbidden, "")

	// Unpublished: no page, no files, nothing of the captions.
	public.get("/news/"+id).want(t, http.StatusNotFound, "")
	public.get("/news/"+id).lacks(t, "开班仪式现场")
	public.get("/files/"+keys[0]).want(t, http.StatusNotFound, "")

	bureau.post(path+"/status", url.Values{"status": {"published"}}).want(t, http.StatusOK, path, "已发布")
	art := public.get("/news/" + id)
	art.want(t, http.StatusOK, "", `id="gallery"`, "<figcaption>开班仪式现场</figcaption>", `src="/files/`+keys[0]+`"`,
		`alt="开班仪式现场" loading="lazy"`, `src="/files/`+keys[1]+`" alt="调解员业务培训班开班"`)
	if c := public.get("/files/" + keys[0]); c.status != http.StatusOK || c.header.Get("Content-Type") != "image/png" {
		t.Errorf("a published picture: %d", c.status)
	}

	bureau.post(path+"/pictures/"+pids[0]+"/delete", nil).want(t, http.StatusOK, path, "图片已删除")
	public.get("/news/"+id).lacks(t, "开班仪式现场", keys[0])
	public.get("/files/"+keys[0]).want(t, http.StatusNotFound, "")
	bureau.get(path+"/pictures/"+pids[0]).want(t, http.StatusNotFound, "")

	bureau.post(path+"/status", url.Values{"status": {"archived"}}).want(t, http.StatusOK, path, "已归档")
	public.get("/files/"+keys[1]).want(t, http.StatusNotFound, "")
	public.get("/news/"+id).want(t, http.StatusNotFound, "")
}

// TestOrgArticlePicturesPages: an organization's admin adds a picture to
// its own draft; another organization's admin cannot see or change the
// gallery; once submitted the admin's page has no upload or remove
// buttons and a removal is refused, while the bureau sees the pictures
// on the review page and the public only after the approval.
func TestOrgArticlePicturesPages(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	a, adminA, adminB, bureau, public := e.newsPeople(t)
	news := "/staff/orgs/" + strconv.FormatInt(a, 10) + "/news"

	adminA.post(news, url.Values{"kind": {"news"}, "title": {"调委会走进村居开展普法宣传"}, "body": {"活动现场气氛热烈。"}}).want(t, http.StatusOK, news, "草稿已保存")
	var id string
	if err := e.st.DB.Reader().QueryRow(`SELECT CAST(id AS TEXT) FROM articles WHERE org_id = $1`, a).Scan(&id); err != nil {
		t.Fatal(err)
	}
	art := news + "/" + id
	adminA.get(art).want(t, http.StatusOK, "", `id="upload-picture"`, `id="no-pictures"`)
	adminB.upload(art+"/pictures", url.Values{"caption": {"冒名"}}, "a.png", staffPNG(t)).want(t, http.StatusNotFound, "")
	adminA.upload(art+"/pictures", url.Values{"caption": {"调解员讲解民法典"}}, "a.png", staffPNG(t)).
		want(t, http.StatusOK, art, "图片已上传", "调解员讲解民法典")
	keys := pictureKeys(t, e, id)
	if len(keys) != 1 {
		t.Fatalf("%d pictures, want 1", len(keys))
	}
	pid := texts(t, e, `SELECT CAST(id AS TEXT) FROM article_pictures WHERE article_id = `+id)[0]
	if c := adminA.get(art + "/pictures/" + pid); c.status != http.StatusOK || !strings.Contains(c.header.Get("Cache-Control"), "no-store") {
		t.Errorf("the admin's picture: %d %v", c.status, c.header)
	}
	adminB.get(art+"/pictures/"+pid).want(t, http.StatusNotFound, "")
	adminB.post(art+"/pictures/"+pid+"/delete", nil).want(t, http.StatusNotFound, "")
	public.get("/files/"+keys[0]).want(t, http.StatusNotFound, "")

	adminA.post(art+"/submit", nil).want(t, http.StatusOK, news, "已提交审核")
	locked := adminA.get(art)
	locked.want(t, http.StatusOK, "", "调解员讲解民法典")
	locked.lacks(t, `id="upload-picture"`, `id="remove-picture-`+pid+`"`)
	adminA.post(art+"/pictures/"+pid+"/delete", nil).want(t, http.StatusConflict, "", "已提交审核或已发布")
	bureau.get("/staff/news-reviews").want(t, http.StatusOK, "", `src="/staff/content/`+id+`/pictures/`+pid+`"`, "调解员讲解民法典")
	public.get("/files/"+keys[0]).want(t, http.StatusNotFound, "")

	bureau.post("/staff/news-reviews/"+id, url.Values{"action": {"approve"}}).want(t, http.StatusOK, "/staff/news-reviews", "已审核通过并发布")
	public.get("/news/"+id).want(t, http.StatusOK, "", "<figcaption>调解员讲解民法典</figcaption>", `src="/files/`+keys[0]+`"`)
	if c := public.get("/files/" + keys[0]); c.status != http.StatusOK {
		t.Errorf("an approved article's picture: %d", c.status)
	}
}
