package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/roster"
	"tiaojie/internal/supervision"
)

// activeOrg opens an organization and puts it in service (正常).
func (e *staffEnv) activeOrg(t *testing.T, name, township string) int64 {
	t.Helper()
	id := e.org(t, name, township, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	if _, err := e.st.DB.Writer().Exec(`UPDATE orgs SET status = 'active', stars = 3 WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (e *staffEnv) orgStatus(t *testing.T, id int64) string {
	t.Helper()
	var s string
	if err := e.st.DB.Reader().QueryRow(`SELECT status FROM orgs WHERE id = $1`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// inspectionForm is the new-inspection form with the default checklist,
// the fourth item a serious finding.
func inspectionForm(org int64, note string) url.Values {
	f := url.Values{"org_id": {strconv.FormatInt(org, 10)}, "kind": {"unannounced"},
		"inspected_on": {start.In(tiaojie.Beijing()).Format(time.DateOnly)}, "rows": {"9"}}
	for i, it := range tiaojie.DefaultChecklist() {
		k := strconv.Itoa(i)
		f.Set("item_"+k, it)
		f.Set("result_"+k, "conforms")
	}
	f.Set("result_3", "serious")
	f.Set("note_3", note)
	return f
}

// TestSupervisionPages: a township office inspects its own organization
// through the pages, a refused checklist line shows its problem, the order
// moves the organization to 整改, the organization's admin sees its own
// inspection and responds, the office verifies and closes (back to 正常);
// another township's office and admin see nothing; the gravest sanctions
// are not offered to, and refused for, a township office; the public page
// shows the organization's 奖惩情况.
func TestSupervisionPages(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newStaffEnv(t, d)
		org := e.activeOrg(t, "城桥镇人民调解委员会", chengqiao)
		other := e.activeOrg(t, "堡镇人民调解委员会", baozhen)
		cq, _ := e.staff(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
		bz, _ := e.staff(t, "bz.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})
		bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
		admin, _ := e.staff(t, "cq.admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: org})
		otherAdmin, _ := e.staff(t, "bz.admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: other})

		cq.get("/staff/inspections/new").want(t, http.StatusOK, "/staff/inspections/new", "新建检查", "案件登记台账", "城桥镇人民调解委员会")
		bz.get("/staff/inspections/new").lacks(t, "城桥镇人民调解委员会")
		admin.get("/staff/inspections/new").want(t, http.StatusForbidden, "")

		cq.post("/staff/inspections", inspectionForm(org, "")).
			want(t, http.StatusUnprocessableEntity, "", "发现问题的项目须写明问题", `id="e-row-3"`)
		bz.post("/staff/inspections", inspectionForm(org, "台账缺失")).want(t, http.StatusNotFound, "")
		p := cq.post("/staff/inspections", inspectionForm(org, "台账缺失"))
		p.want(t, http.StatusOK, "", "检查记录已保存", "严重问题", "台账缺失", `id="act-order"`, `id="act-close"`)
		path := p.path
		if !strings.HasPrefix(path, "/staff/inspections/") {
			t.Fatalf("after opening: %s", path)
		}
		cq.post(path+"/act", url.Values{"action": {"order"}, "text": {""}}).
			want(t, http.StatusUnprocessableEntity, "", "请填写说明")
		cq.post(path+"/act", url.Values{"action": {"order"}, "text": {"补登案件登记台账"}}).
			want(t, http.StatusOK, path, "已责令整改", "整改中", "补登案件登记台账")
		if got := e.orgStatus(t, org); got != "rectifying" {
			t.Fatalf("after the order the org is %s", got)
		}

		admin.get("/staff/inspections").want(t, http.StatusOK, "/staff/inspections", "城桥镇人民调解委员会", "整改中")
		otherAdmin.get("/staff/inspections").lacks(t, "城桥镇人民调解委员会")
		otherAdmin.get(path).want(t, http.StatusNotFound, "")
		bz.get(path).want(t, http.StatusNotFound, "")
		ap := admin.get(path)
		ap.want(t, http.StatusOK, path, `id="act-respond"`, `id="evidence-file"`)
		ap.lacks(t, `id="act-verify"`, `id="act-order"`)
		admin.post(path+"/act", url.Values{"action": {"verify"}}).want(t, http.StatusForbidden, "")
		admin.post(path+"/act", url.Values{"action": {"respond"}, "text": {"已补登全部案件"}}).
			want(t, http.StatusOK, path, "整改情况已提交", "已补登全部案件")
		cq.post(path+"/act", url.Values{"action": {"verify"}, "text": {"属实"}}).want(t, http.StatusOK, path, "已验收")
		cq.post(path+"/act", url.Values{"action": {"close"}}).want(t, http.StatusOK, path, "已结案")
		if got := e.orgStatus(t, org); got != "active" {
			t.Fatalf("after closing the org is %s", got)
		}
		x := cq.get("/staff/inspections.xlsx")
		if x.status != http.StatusOK || !strings.HasPrefix(x.body, "PK") {
			t.Errorf("export: %d", x.status)
		}

		// Sanctions: a township office is offered, and allowed, only the
		// lighter kinds.
		sp := cq.get("/staff/sanctions")
		sp.want(t, http.StatusOK, "/staff/sanctions", "警告", "表彰", "责令整改")
		form := sp.body[strings.Index(sp.body, `id="sanction-kind"`):]
		if form = form[:strings.Index(form, "</select>")]; strings.Contains(form, `value="downgrade"`) || strings.Contains(form, `value="dissolve"`) {
			t.Errorf("a township office is offered the gravest sanctions: %s", form)
		}
		down := url.Values{"org_id": {strconv.FormatInt(org, 10)}, "kind": {"downgrade"}, "levels": {"1"},
			"decided_on": {start.In(tiaojie.Beijing()).Format(time.DateOnly)}, "reason": {"考评不合格"}, "document": {"降级决定"}}
		cq.upload("/staff/sanctions", down, "", nil).want(t, http.StatusForbidden, "")
		bureau.upload("/staff/sanctions", down, "降级决定.pdf", []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")).
			want(t, http.StatusOK, "/staff/sanctions", "已登记", "降低星级", "星级 3 → 2")
		reward := url.Values{"org_id": {strconv.FormatInt(org, 10)}, "kind": {"reward"}, "title": {"先进人民调解委员会"},
			"granted_by": {"上海市崇明区司法局"}, "decided_on": {start.In(tiaojie.Beijing()).Format(time.DateOnly)}, "document": {"表彰决定"}}
		cq.upload("/staff/sanctions", reward, "", nil).want(t, http.StatusOK, "/staff/sanctions", "先进人民调解委员会")

		// A removal (除名) starts from the mediator's record, which links to
		// the form with the organization's roster to pick from by name.
		med, err := e.st.Roster.Create(context.Background(), tiaojie.System(), roster.MediatorInput{Name: "赵调解", Background: "law",
			Orgs: []roster.Membership{{OrgID: org, Position: roster.PositionFullTime}}})
		if err != nil {
			t.Fatal(err)
		}
		mp := bureau.get("/staff/mediators/" + strconv.FormatInt(med, 10))
		link := "/staff/sanctions?pick=1&amp;org_id=" + strconv.FormatInt(org, 10) + "&amp;mediator_id=" + strconv.FormatInt(med, 10) + "&amp;kind=removal"
		mp.want(t, http.StatusOK, "", link, "记录除名")
		pick := bureau.get(strings.ReplaceAll(link, "&amp;", "&"))
		pick.want(t, http.StatusOK, "", `<option value="`+strconv.FormatInt(med, 10)+`" selected>赵调解`, `value="removal" selected`, "先进人民调解委员会")
		pick.lacks(t, `id="pick-mediator"`)
		bureau.get("/staff/sanctions").want(t, http.StatusOK, "", `id="pick-mediator"`)
		admin.get("/staff/mediators/"+strconv.FormatInt(med, 10)).lacks(t, "记录除名")

		// Evaluations: the missing are flagged.
		ev := bureau.get("/staff/evaluations")
		ev.want(t, http.StatusOK, "/staff/evaluations", "年度考评", "共 2 个组织，2 个未考评")
		year := strconv.Itoa(start.In(tiaojie.Beijing()).Year())
		cq.post("/staff/evaluations", url.Values{"org_id": {strconv.FormatInt(org, 10)}, "year": {year}, "score": {"200"}, "grade": {"pass"}}).
			want(t, http.StatusUnprocessableEntity, "", "得分应为 0–100 的整数")
		cq.post("/staff/evaluations", url.Values{"org_id": {strconv.FormatInt(org, 10)}, "year": {year}, "score": {"92"}, "grade": {"excellent"}}).
			want(t, http.StatusOK, "", "考评已保存", "优秀")
		bureau.get("/staff/evaluations").want(t, http.StatusOK, "", "共 2 个组织，1 个未考评")

		// The public page shows the record.
		e.browser(t).get("/orgs/"+strconv.FormatInt(org, 10)).
			want(t, http.StatusOK, "", "奖惩情况", "先进人民调解委员会", "降低星级", "考评不合格", "责令整改", "决定书")
		rec, err := supervision.Record(context.Background(), d.Reader(), org, "", "")
		if err != nil || len(rec) != 3 {
			t.Errorf("record %+v, %v", rec, err)
		}
	})
}
