package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tiaojie"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
	"tiaojie/internal/server/servertest"
)

// staffCreditCode is a valid unified social credit code (its check
// character is right); staffBadCode differs in the check character only.
const (
	staffCreditCode = "91350100M000100Y43"
	staffBadCode    = "91350100M000100Y44"
)

// staffPDF is a minimal PDF body, as the file service recognizes one.
var staffPDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// staffEnv is the platform with its services at hand, for arranging what
// a test does not do through the pages.
type staffEnv struct {
	*stack
	st *servertest.Stack
}

func newStaffEnv(t testing.TB, d *db.DB) *staffEnv {
	t.Helper()
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st := servertest.New(t, d, servertest.Options{Clock: clock.NewFake(start), Log: log})
	return &staffEnv{stack: &stack{db: d, auth: st.Auth, clock: st.Clock, srv: st.HTTP}, st: st}
}

// org creates an organization in preparation as the platform itself.
func (e *staffEnv) org(t testing.TB, name, township string, typ tiaojie.OrgType, form tiaojie.LegalForm) int64 {
	t.Helper()
	id, err := e.st.Registry.Create(context.Background(), tiaojie.System(), registry.OrgInput{Name: name, Type: typ,
		LegalForm: form, Level: tiaojie.LevelTownship, Township: township, Specialties: []string{"marriage_family"}})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return id
}

// upload posts a multipart form with one file in the field "file".
func (b *browser) upload(path string, fields url.Values, filename string, data []byte) page {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				b.t.Fatal(err)
			}
		}
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		b.t.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		b.t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		b.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, b.base+path, &body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// staffPNG is a small PNG picture.
func staffPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for x := range 32 {
		for y := range 32 {
			img.Set(x, y, color.RGBA{10, 77, 140, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// staffIDNumber completes 17 digits with their check character (GB 11643).
func staffIDNumber(first17 string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * w[i]
	}
	return first17 + string("10X98765432"[sum%11])
}

// idAt returns the numeric id at the end of a path such as /staff/orgs/12.
func idAt(t testing.TB, p page, prefix string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(p.path, prefix), 10, 64)
	if err != nil {
		t.Fatalf("landed at %s, want %s<id>:\n%s", p.path, prefix, excerpt(p.body))
	}
	return id
}

// newOrgForm is the form of a new organization as a township officer
// fills it in.
func newOrgForm(name string) url.Values {
	return url.Values{"name": {name}, "short_name": {"城桥调解中心"}, "type": {"professional"}, "legal_form": {"social_service"},
		"level": {"township"}, "township": {baozhen}, "address": {"城桥镇八一路 1 号"}, "contact_phone": {"021-59621234"},
		"specialties": {"marriage_family", "neighbour"}, "languages": {"mandarin", "chongming"}, "online": {"1"},
		"description": {"专业调解婚姻家庭和邻里纠纷。"}, "version": {"0"}}
}

// TestStaffPrereviewFlow walks the "done when" through the pages: a
// township officer opens an organization, fills its materials, uploads its
// charter and submits it, then gives the township's opinion; the bureau
// approves, registers and activates it, and it appears in the directory.
func TestStaffPrereviewFlow(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newStaffEnv(t, d)
		cq, _ := e.staff(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
		bz, _ := e.staff(t, "bz.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})
		bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})

		form := cq.get("/staff/orgs/new")
		form.want(t, http.StatusOK, "/staff/orgs/new", "新建调解组织", `<p class="value">城桥镇</p>`, `name="specialties" value="marriage_family"`)
		form.lacks(t, `id="profile-township"`) // the township is fixed, not chosen
		const name = "城桥镇和睦家事调解中心"
		created := cq.post("/staff/orgs", newOrgForm(name))
		created.want(t, http.StatusOK, "", "调解组织已创建", name, "筹建")
		id := idAt(t, created, "/staff/orgs/")
		ws := "/staff/orgs/" + strconv.FormatInt(id, 10)
		o, err := e.st.Registry.Get(context.Background(), tiaojie.System(), id)
		if err != nil {
			t.Fatal(err)
		}
		if o.Township != chengqiao || !o.Online || len(o.Languages) != 2 {
			t.Errorf("created %+v", o) // the township was fixed to the officer's own, whatever the form said
		}

		// Submitting too early lists what is missing.
		early := cq.post(ws+"/lifecycle", url.Values{"action": {"submit"}})
		early.want(t, http.StatusUnprocessableEntity, ws+"/lifecycle", "前置审查材料尚未填写完整", "请先上传组织章程", `href="#form-act-submit"`)

		cq.post(ws+"/prereview", url.Values{"founders": {"城桥镇人民政府"}, "mediators": {"张三、李四、王五，均有五年以上调解经验"},
			"premises": {"城桥镇八一路 1 号二楼"}, "funding": {"镇财政保障，每年 10 万元"}}).
			want(t, http.StatusOK, ws, "前置审查材料已保存", "城桥镇人民政府")

		// A PNG that calls itself a PDF is refused and nothing is written.
		docs, stored := e.count(t, `SELECT count(*) FROM org_documents`), e.count(t, `SELECT count(*) FROM files`)
		bad := cq.upload(ws+"/documents", url.Values{"kind": {"charter"}, "title": {"章程"}}, "章程.pdf", staffPNG(t))
		bad.want(t, http.StatusUnprocessableEntity, "", "文件内容与扩展名不符", `id="e-document-file"`)
		if e.count(t, `SELECT count(*) FROM org_documents`) != docs || e.count(t, `SELECT count(*) FROM files`) != stored {
			t.Error("a refused upload wrote a document or a file")
		}
		up := cq.upload(ws+"/documents", url.Values{"kind": {"charter"}, "title": {"和睦家事调解中心章程"}}, "章程.pdf", staffPDF)
		up.want(t, http.StatusOK, ws, "文件已上传", "和睦家事调解中心章程", "第 1 版")
		docID := regexp.MustCompile(ws + `/documents/(\d+)`).FindStringSubmatch(up.body)
		if docID == nil {
			t.Fatal("no download link")
		}
		dl := cq.get(docID[0])
		if dl.status != http.StatusOK || dl.header.Get("Content-Type") != "application/pdf" ||
			!strings.Contains(dl.header.Get("Content-Disposition"), "filename*=UTF-8''%E7%AB%A0%E7%A8%8B.pdf") || dl.body != string(staffPDF) {
			t.Errorf("download: %d %v", dl.status, dl.header)
		}

		cq.post(ws+"/lifecycle", url.Values{"action": {"submit"}}).want(t, http.StatusOK, ws, "已完成：提交前置审查", "乡镇司法所审查")
		cq.get("/staff/prereview").want(t, http.StatusOK, "", name, "待办 1 件")

		// Another township's officer sees nothing of it.
		bz.get(ws).want(t, http.StatusNotFound, "", "未找到该记录")
		bz.post(ws+"/lifecycle", url.Values{"action": {"opinion"}, "opinion": {"support"}, "reason": {"越权"}}).want(t, http.StatusNotFound, "")
		bz.get("/staff/prereview").want(t, http.StatusOK, "", "待办 0 件")
		bz.get("/staff/orgs").lacks(t, name)

		ready := cq.get(ws)
		ready.want(t, http.StatusOK, ws, `id="act-opinion"`, `name="opinion" value="support"`)
		ready.lacks(t, `id="act-approve"`, `id="act-submit"`)
		cq.post(ws+"/lifecycle", url.Values{"action": {"opinion"}, "reason": {"材料齐全"}}).
			want(t, http.StatusUnprocessableEntity, "", "请选择审查意见")
		cq.post(ws+"/lifecycle", url.Values{"action": {"opinion"}, "opinion": {"support"}, "reason": {"材料齐全，场所已实地查看，同意设立"}}).
			want(t, http.StatusOK, ws, "已完成：乡镇司法所意见", "区司法局审核")

		queue := bureau.get("/staff/prereview")
		queue.want(t, http.StatusOK, "", name, "同意", "材料齐全，场所已实地查看")
		desk := bureau.get(ws)
		desk.want(t, http.StatusOK, ws, `id="township-opinion"`, `id="act-approve"`, `id="act-reject"`)
		desk.lacks(t, `id="act-opinion"`, `id="save-registration"`)
		bureau.post(ws+"/lifecycle", url.Values{"action": {"approve"}}).want(t, http.StatusOK, ws, "已完成：通过前置审查", `id="save-registration"`)

		// A wrong credit code is refused next to its field and changes nothing.
		badReg := bureau.post(ws+"/registration", url.Values{"credit_code": {staffBadCode},
			"registration_authority": {"上海市崇明区民政局"}, "registration_date": {"2026-11-28"}})
		badReg.want(t, http.StatusUnprocessableEntity, "", "统一社会信用代码校验位不正确", `id="e-registration-credit_code"`,
			`value="上海市崇明区民政局"`)
		if n := e.count(t, `SELECT count(*) FROM orgs WHERE id = $1 AND credit_code IS NULL AND registration_authority = ''`, id); n != 1 {
			t.Error("a refused registration changed the record")
		}
		bureau.post(ws+"/registration", url.Values{"credit_code": {staffCreditCode},
			"registration_authority": {"上海市崇明区民政局"}, "registration_date": {"2026-11-28"}}).
			want(t, http.StatusOK, ws, "登记信息已保存", staffCreditCode)
		bureau.post(ws+"/lifecycle", url.Values{"action": {"activate"}}).want(t, http.StatusOK, ws, "已完成：登记完成，开始服务", `id="act-suspend"`)

		page, err := e.st.Registry.Directory(context.Background(), registry.DirectoryQuery{Q: "和睦家事"})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Cards) != 1 || page.Cards[0].ID != id {
			t.Fatalf("directory: %+v", page.Cards)
		}
		e.browser(t).get("/directory?q="+url.QueryEscape("和睦家事")).want(t, http.StatusOK, "/directory", "和睦家事")

		hist := bureau.get(ws)
		hist.want(t, http.StatusOK, ws, "cq.office", "bureau", "材料齐全，场所已实地查看，同意设立")
		if n := e.count(t, `SELECT count(*) FROM org_transitions WHERE org_id = $1`, id); n != 5 {
			t.Errorf("%d history rows, want 5 (create, submit, opinion, approve, activate)", n)
		}
	})
}

// TestStaffOrgScope checks that organization admins stay in their
// organization and township officers in their township.
func TestStaffOrgScope(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	mine := e.org(t, "城桥镇甲调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	other := e.org(t, "堡镇乙调解委员会", baozhen, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	admin, _ := e.staff(t, "org.admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: mine})
	cq, _ := e.staff(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})

	admin.get("/staff/my-org").want(t, http.StatusOK, "/staff/orgs/"+strconv.FormatInt(mine, 10), "城桥镇甲调解委员会", `id="save-profile"`, `id="act-submit"`)
	admin.get("/staff/orgs/"+strconv.FormatInt(other, 10)).want(t, http.StatusNotFound, "")
	admin.post("/staff/orgs/"+strconv.FormatInt(other, 10)+"/prereview", url.Values{"founders": {"x"}}).want(t, http.StatusNotFound, "")
	list := admin.get("/staff/orgs")
	list.want(t, http.StatusOK, "", "共 1 个调解组织", "城桥镇甲调解委员会")
	list.lacks(t, "堡镇乙调解委员会", `id="new-org"`)
	admin.get("/staff/orgs/new").want(t, http.StatusForbidden, "")
	admin.get("/staff/prereview").lacks(t, "前置审查</a></li>") // no pre-review link for an organization admin

	cq.get("/staff/orgs/"+strconv.FormatInt(other, 10)).want(t, http.StatusNotFound, "")
	cq.get("/staff/orgs").want(t, http.StatusOK, "", "共 1 个调解组织")
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND actor IN ('org.admin', 'cq.office')`); n < 3 {
		t.Errorf("%d denied audit rows, want at least 3", n)
	}
}

// TestStaffFees covers the fee editor: refused for a people's mediation
// committee, drafted, published and used in the calculator for a
// commercial organization.
func TestStaffFees(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	committee := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	centre := e.org(t, "崇明区商事调解中心", chengqiao, tiaojie.OrgCommercial, tiaojie.FormSocialService)
	fee := url.Values{"version": {"0"}, "up_to": {"200000", "500000", "1000000", ""}, "fixed": {"2000", "", "", ""},
		"rate": {"", "0.75", "0.5", "0.25"}, "minimum": {"500"}, "cap": {"300000"}, "effective_from": {"2026-12-01"},
		"note": {"双方各半承担"}}

	cws := "/staff/orgs/" + strconv.FormatInt(committee, 10)
	cp := bureau.get(cws)
	cp.want(t, http.StatusOK, "", `id="fees-free"`, "人民调解依法不收费")
	cp.lacks(t, `id="save-fee"`)
	bureau.post(cws+"/fees", fee).want(t, http.StatusConflict, "", "人民调解依法不收费")
	if n := e.count(t, `SELECT count(*) FROM fee_standards`); n != 0 {
		t.Fatalf("%d fee standards after a refusal", n)
	}

	ws := "/staff/orgs/" + strconv.FormatInt(centre, 10)
	wrong := url.Values{}
	for k, v := range fee {
		wrong[k] = v
	}
	wrong["rate"] = []string{"", "abc", "0.5", "0.25"}
	wrong["up_to"] = []string{"200000", "500000", "100000", ""}
	refused := bureau.post(ws+"/fees", wrong)
	refused.want(t, http.StatusUnprocessableEntity, "", "请输入百分比", `id="fee-rate-1"`, `value="abc"`)
	saved := bureau.post(ws+"/fees", fee)
	saved.want(t, http.StatusOK, ws, "收费标准草稿已保存", "第 1 版", "草稿", `id="publish-fee-1"`, "200,000.00 至 500,000.00 元", "0.75%")
	bureau.post(ws+"/fees/1/publish", nil).want(t, http.StatusOK, ws, "收费标准已公布", "已公布")
	calc := bureau.get(ws+"/fees/calc?version=1&amount=1000000", "HX-Request", "true", "HX-Target", "fee-calc-result")
	calc.want(t, http.StatusOK, "", "调解费为 6,750.00 元")
	calc.lacks(t, "<html")
	bureau.get(ws+"/fees/calc?version=1&amount=abc").want(t, http.StatusUnprocessableEntity, "", "请输入以元为单位的金额")

	svc := bureau.post(ws+"/services", url.Values{"name": {"合同纠纷调解"}, "dispute_types": {"contract"}, "price": {"2000"}, "position": {"1"}})
	svc.want(t, http.StatusOK, ws, "服务项目已添加", "合同纠纷调解", "2,000.00 元")
	bureau.post(cws+"/services", url.Values{"name": {"婚姻家庭调解"}, "price": {"100"}}).want(t, http.StatusConflict, "", "人民调解依法不收费")
	bureau.post(cws+"/services", url.Values{"name": {"婚姻家庭调解"}, "dispute_types": {"marriage_family"}}).
		want(t, http.StatusOK, cws, "服务项目已添加", "免费")
}

// TestStaffExport checks that both Excel exports are workbooks with the
// page's headers and file names: Chinese by default, English for an
// English reader.
func TestStaffExport(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	org := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	e.org(t, "堡镇人民调解委员会", baozhen, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	_, err := e.st.Roster.Create(context.Background(), tiaojie.System(), roster.MediatorInput{Name: "张调解", Background: "law",
		Orgs: []roster.Membership{{OrgID: org, Position: roster.PositionChief}}})
	if err != nil {
		t.Fatal(err)
	}
	// The workbooks follow the page's language: file name, headers.
	for _, tc := range []struct {
		lang, path, name, header, cell string
		rows                           int
	}{
		{"", "/staff/orgs.xlsx?township=" + chengqiao, "%E8%B0%83%E8%A7%A3%E7%BB%84%E7%BB%87%E5%90%8D%E5%8D%95-", "名称", "城桥镇人民调解委员会", 2},
		{"", "/staff/mediators.xlsx", "%E8%B0%83%E8%A7%A3%E5%91%98%E5%90%8D%E5%86%8C-", "姓名", "张调解", 2},
		{"en", "/staff/orgs.xlsx?township=" + chengqiao, "orgs-", "Name", "城桥镇人民调解委员会", 2},
		{"en", "/staff/mediators.xlsx", "mediators-", "Name", "张调解", 2},
	} {
		p := bureau.get(tc.path, "Accept-Language", tc.lang)
		cd := p.header.Get("Content-Disposition")
		if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "application/vnd.openxmlformats") ||
			!strings.Contains(cd, "attachment;") || !strings.Contains(cd, "filename*=UTF-8''"+tc.name) {
			t.Fatalf("%s: %d %q %q", tc.path, p.status, p.header.Get("Content-Type"), cd)
		}
		f, err := excelize.OpenReader(strings.NewReader(p.body))
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != tc.rows || rows[0][0] != tc.header || rows[1][0] != tc.cell {
			t.Errorf("%s: rows %q", tc.path, rows)
		}
		f.Close()
	}
	list := bureau.get("/staff/orgs?township="+chengqiao, "HX-Request", "true", "HX-Target", "results")
	list.want(t, http.StatusOK, "", "共 1 个调解组织", `href="/staff/orgs.xlsx?township=`+chengqiao+`"`)
	list.lacks(t, "<html", "堡镇人民调解委员会")
}

// TestStaffMediators covers the roster pages: a refused identity number,
// creation, masked numbers, and the bureau's audited reveal.
func TestStaffMediators(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newStaffEnv(t, d)
		org := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
		bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
		cq, _ := e.staff(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
		id := staffIDNumber("31023019750308042")
		form := url.Values{"name": {"陈美华"}, "gender": {""}, "id_number": {id[:17] + "0"}, "phone": {"13800138000"},
			"background": {"law"}, "grade": {"2"}, "practice_since": {"2012"}, "specialties": {"marriage_family"},
			"languages": {"chongming"}, "public": {"1"}, "org_id": {strconv.FormatInt(org, 10), ""},
			"position": {"chief", "part_time"}, "version": {"0"}}
		if id[17] == '0' {
			form.Set("id_number", id[:17]+"1")
		}
		bad := cq.post("/staff/mediators", form)
		bad.want(t, http.StatusUnprocessableEntity, "/staff/mediators", "身份证号码校验位不正确", `id="e-profile-id_number"`, `value="陈美华"`)
		if n := e.count(t, `SELECT count(*) FROM mediators`); n != 0 {
			t.Fatalf("%d mediators after a refusal", n)
		}
		form.Set("id_number", id)
		created := cq.post("/staff/mediators", form)
		created.want(t, http.StatusOK, "", "调解员已登记", "陈美华", "310***********"+id[14:], "138****8000", "首席调解员")
		created.lacks(t, id, "13800138000", `id="reveal"`)
		mid := idAt(t, created, "/staff/mediators/")
		path := "/staff/mediators/" + strconv.FormatInt(mid, 10)

		// An empty identity field keeps the stored number.
		edit := url.Values{}
		for k, v := range form {
			edit[k] = v
		}
		edit.Set("id_number", "")
		edit.Set("phone", "")
		edit.Set("bio", "从事婚姻家庭调解十余年。")
		edit.Set("version", "1")
		cq.post(path, edit).want(t, http.StatusOK, path, "修改已保存", "310***********"+id[14:], "138****8000", "从事婚姻家庭调解十余年")
		// A stale edit shows the conflict and keeps what was typed.
		edit.Set("bio", "过期的修改")
		stale := cq.post(path, edit)
		stale.want(t, http.StatusConflict, "", "该调解员信息已被他人修改", `id="stale-hint"`, "过期的修改")

		list := cq.get("/staff/mediators?q=" + url.QueryEscape("陈美华"))
		list.want(t, http.StatusOK, "", "共 1 名调解员", "陈美华")
		cq.get("/staff/mediators?q="+id).want(t, http.StatusOK, "", "共 1 名调解员")

		page := bureau.get(path)
		page.want(t, http.StatusOK, path, `id="reveal-id"`, `id="status-removed"`)
		page.lacks(t, id)
		cq.get(path).lacks(t, `id="status-removed"`, `id="reveal-id"`)
		bureau.post(path+"/reveal", url.Values{"purpose": {" "}}).
			want(t, http.StatusUnprocessableEntity, "", "请填写查看完整身份证号码的用途", `id="e-reveal-purpose"`)
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'mediator.reveal_id'`); n != 0 {
			t.Fatalf("%d reveal audit rows before a reveal", n)
		}
		shown := bureau.post(path+"/reveal", url.Values{"purpose": {"资格核查"}})
		shown.want(t, http.StatusOK, "", `id="revealed-id">`+id+`<`, "仅在本页显示一次")
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'mediator.reveal_id' AND actor = 'bureau' AND detail LIKE '%资格核查%'`); n != 1 {
			t.Errorf("%d reveal audit rows, want 1", n)
		}
		cq.post(path+"/reveal", url.Values{"purpose": {"资格核查"}}).want(t, http.StatusForbidden, "", "只有区司法局可以查看完整身份证号码")

		cq.post(path+"/status", url.Values{"to": {"suspended"}}).want(t, http.StatusUnprocessableEntity, "", "请填写理由", `id="e-status-suspended-reason"`)
		cq.post(path+"/status", url.Values{"to": {"suspended"}, "reason": {"被投诉，调查期间暂停"}}).
			want(t, http.StatusOK, path, "执业状态已变更", "暂停执业", "被投诉，调查期间暂停")
		cq.post(path+"/status", url.Values{"to": {"removed"}, "reason": {"x"}, "decision": {"x"}}).want(t, http.StatusForbidden, "", "除名只能由区司法局决定")
		bureau.post(path+"/status", url.Values{"to": {"removed"}, "reason": {"严重违纪"}, "decision": {"崇司〔2026〕1 号"}}).
			want(t, http.StatusOK, path, "已除名", "崇司〔2026〕1 号")

		photo := bureau.upload(path+"/photo", nil, "photo.png", staffPNG(t))
		photo.want(t, http.StatusConflict, "", "该调解员已被除名")
	})
}

// TestStaffContent publishes an article through the pages.
func TestStaffContent(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	cq, _ := e.staff(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	cq.get("/staff/content").want(t, http.StatusForbidden, "")

	bureau.post("/staff/content", url.Values{"kind": {"event"}, "title": {"调解开放日"}}).
		want(t, http.StatusUnprocessableEntity, "", "活动须填写时间", `value="调解开放日"`)
	p := bureau.post("/staff/content", url.Values{"kind": {"event"}, "title": {"调解开放日"}, "summary": {"欢迎群众参观"},
		"body": {"第一段。\n\n第二段。"}, "event_at": {"2026-12-05T09:30"}})
	p.want(t, http.StatusOK, "", "草稿已保存", `value="2026-12-05T09:30"`, "草稿")
	path := p.path
	bureau.upload(path+"/cover", nil, "cover.png", staffPNG(t)).want(t, http.StatusOK, path, "封面已更新", path+"/cover")
	bureau.post(path+"/status", url.Values{"status": {"published"}}).want(t, http.StatusOK, path, "已发布", "撤回为草稿")
	bureau.get("/staff/content").want(t, http.StatusOK, "", "调解开放日", "已发布", "共 1 篇")
	if cover := bureau.get(path + "/cover"); cover.status != http.StatusOK || cover.header.Get("Content-Type") != "image/png" {
		t.Errorf("cover: %d %q", cover.status, cover.header.Get("Content-Type"))
	}
}

// TestStaffPagesHaveNoInlineCode fetches each staff page and checks that
// none carries inline script, style or event handlers, which the
// Content-Security-Policy would block, and that every form control has a
// label.
func TestStaffPagesHaveNoInlineCode(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	org := e.org(t, "崇明区商事调解中心", chengqiao, tiaojie.OrgCommercial, tiaojie.FormCompany)
	mid, err := e.st.Roster.Create(context.Background(), tiaojie.System(), roster.MediatorInput{Name: "张调解", Background: "law",
		Orgs: []roster.Membership{{OrgID: org, Position: roster.PositionChief}}})
	if err != nil {
		t.Fatal(err)
	}
	price := tiaojie.Money(200000)
	for _, name := range []string{"合同纠纷调解", "金融纠纷调解"} {
		if _, err := e.st.Registry.AddService(context.Background(), tiaojie.System(), org, registry.ServiceInput{Name: name,
			DisputeTypes: []string{"contract"}, Price: &price}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.st.Registry.SaveFeeDraft(context.Background(), tiaojie.System(), org, tiaojie.FeeStandard{
		EffectiveFrom: start.AddDate(0, 0, 2), Tiers: []tiaojie.FeeTier{{UpTo: 0, RateBP: 100}}}); err != nil {
		t.Fatal(err)
	}
	inline := regexp.MustCompile(`(?i)<script(?:\s[^>]*)?>[^<]|<[^>]+\s(?:style|on[a-z]+)=|javascript:`)
	control := regexp.MustCompile(`<(?:input|select|textarea)\s[^>]*\bid="([^"]+)"`)
	rawCode := regexp.MustCompile(`[^/\w.-](?:staff|org|fee|nav|admin|mediator|files)\.[a-z_]+(?:\.[a-z_]+)*`)
	paths := []string{"/staff/orgs", "/staff/orgs/new", "/staff/orgs/" + strconv.FormatInt(org, 10),
		"/staff/prereview", "/staff/mediators", "/staff/mediators/new", "/staff/mediators/" + strconv.FormatInt(mid, 10),
		"/staff/content", "/staff/content/new", "/staff/settings"}
	for _, path := range append(paths, "/staff/orgs/"+strconv.FormatInt(org, 10)+"/fees/calc") {
		p := bureau.get(path)
		p.want(t, http.StatusOK, "")
		if m := inline.FindString(p.body); m != "" {
			t.Errorf("%s: inline code or style %q", path, m)
		}
		if !strings.Contains(p.header.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Errorf("%s: no CSP", path)
		}
		ids := map[string]bool{}
		for _, m := range control.FindAllStringSubmatch(p.body, -1) {
			if ids[m[1]] {
				t.Errorf("%s: id %q twice", path, m[1])
			}
			ids[m[1]] = true
			if !strings.Contains(p.body, `for="`+m[1]+`"`) {
				t.Errorf("%s: control %q has no label", path, m[1])
			}
		}
	}
	// Every message is translated: no page shows a raw message code, in
	// either language.
	for _, lang := range []string{"en", "zh"} {
		bureau.post("/lang", url.Values{"lang": {lang}, "next": {"/staff/orgs"}}).want(t, http.StatusOK, "/staff/orgs")
		for _, path := range paths {
			if m := rawCode.FindString(bureau.get(path).body); m != "" {
				t.Errorf("%s (%s) shows the message code %q", path, lang, m)
			}
		}
	}
}

// TestStaffOversizedUpload checks that a document over the limit is
// refused next to its field, with the limit that applies, and that
// nothing is written. (The server's body limit, 1 MiB by default, is
// below the 10 MB a document may have; the page names whichever stopped
// the upload.)
func TestStaffOversizedUpload(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	org := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	big := append(append([]byte{}, staffPDF...), bytes.Repeat([]byte("x"), 10600000)...)
	p := bureau.upload("/staff/orgs/"+strconv.FormatInt(org, 10)+"/documents", url.Values{"kind": {"charter"}, "title": {"章程"}}, "章程.pdf", big)
	p.want(t, http.StatusUnprocessableEntity, "", "文件不能超过", `id="e-document-file"`)
	if n := e.count(t, `SELECT (SELECT count(*) FROM org_documents) + (SELECT count(*) FROM files)`); n != 0 {
		t.Errorf("an oversized upload wrote %d rows", n)
	}
}

// TestStaffOrgStaleEdit checks the optimistic lock of the profile: an
// edit of a record changed meanwhile is refused with the localized
// conflict, keeps what was typed, and saves when submitted again.
func TestStaffOrgStaleEdit(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	cq, _ := e.staff(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	id := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	ws := "/staff/orgs/" + strconv.FormatInt(id, 10)
	cq.get(ws).want(t, http.StatusOK, ws, `name="version" value="1"`)
	err := e.st.Registry.Update(context.Background(), tiaojie.System(), id, registry.OrgInput{Name: "城桥镇人民调解委员会",
		Type: tiaojie.OrgBasic, LegalForm: tiaojie.FormPeoplesCommittee, Level: tiaojie.LevelTownship, Township: chengqiao,
		Address: "别人改的地址"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	form := newOrgForm("城桥镇人民调解委员会")
	form.Set("type", "basic")
	form.Set("legal_form", "peoples_committee")
	form.Set("township", chengqiao)
	form.Set("address", "我填的地址")
	form.Set("version", "1")
	stale := cq.post(ws, form)
	stale.want(t, http.StatusConflict, ws, "该调解组织的信息已被他人修改", `id="stale-hint"`, `value="我填的地址"`, `name="version" value="2"`)
	form.Set("version", "2")
	cq.post(ws, form).want(t, http.StatusOK, ws, "基本信息已保存", `value="我填的地址"`)

	// Numbers that do not parse are refused next to their fields.
	form.Set("latitude", "北纬31度")
	form.Set("founded_at", "去年")
	form.Set("version", "3")
	cq.post(ws, form).want(t, http.StatusUnprocessableEntity, "", `id="e-profile-latitude"`, `id="e-profile-founded_at"`, "请输入有效日期")
}
