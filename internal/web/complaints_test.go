package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

var complaintLink = regexp.MustCompile(`/my/complaints/(\d+)`)

// TestComplaintPages: a visitor is asked to log in; a member of the
// public complains about a mediator from the organization's page, a
// mediator of another organization is refused next to the field; the
// township office acknowledges and answers; the complainant sees the
// answer; the organization sees the outcome on its page but neither the
// complainant nor the complaint; another township and the association
// see nothing.
func TestComplaintPages(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newCaseEnv(t, d)
		org := strconv.FormatInt(e.org, 10)
		assoc, _ := e.staff(t, "assoc", tiaojie.Grant{Role: tiaojie.RoleAssociation})
		e.browser(t).get("/complain?org="+org).want(t, http.StatusOK, "/complain", `id="complaint-login"`)

		alice := e.public(t, "13800000001", "/complain")
		form := alice.get("/complain?org=" + org)
		form.want(t, http.StatusOK, "/complain", `id="complaint-org"`, "城桥镇人民调解委员会", "王调解", `name="content"`)
		fields := url.Values{"org_id": {org}, "mediator_id": {"9999"}, "name": {"张三"}, "title": {"调解员迟到"},
			"content": {"约定九点，十点才到。"}, "request": {"请核实"}}
		alice.post("/complain", fields).want(t, http.StatusUnprocessableEntity, "/complain", "找不到所选的调解员", `id="e-complaint-mediator_id"`)
		if n := e.count(t, `SELECT count(*) FROM complaints`); n != 0 {
			t.Fatalf("%d complaints saved", n)
		}
		fields.Set("mediator_id", strconv.FormatInt(e.mediatorID, 10))
		p := alice.post("/complain", fields)
		id := complaintLink.FindStringSubmatch(p.path)[1]
		p.want(t, http.StatusOK, "/my/complaints/"+id, "投诉已提交", "已提交", "城桥镇司法所", `id="act-withdraw"`)
		alice.get("/my/complaints").want(t, http.StatusOK, "/my/complaints", "调解员迟到")

		staffPath := "/staff/complaints/" + id
		for _, b := range []*browser{e.stranger, assoc} {
			b.get(staffPath).want(t, http.StatusNotFound, "")
			b.get("/staff/complaints").lacks(t, "调解员迟到")
		}
		e.admin.get(staffPath).want(t, http.StatusForbidden, "")
		e.admin.get("/my/complaints/"+id).want(t, http.StatusNotFound, "")

		q := e.township.get("/staff/complaints")
		q.want(t, http.StatusOK, "/staff/complaints", "调解员迟到", `href="/staff/complaints"`, `id="complaint-export"`)
		e.township.get("/staff/complaints.xlsx").want(t, http.StatusOK, "")
		page := e.township.get(staffPath)
		page.want(t, http.StatusOK, staffPath, "张三", "138****0001", `id="act-acknowledge"`, `id="act-reject"`)
		page.lacks(t, "13800000001")
		e.township.post(staffPath+"/reveal", url.Values{"purpose": {"电话回访"}}).want(t, http.StatusOK, staffPath+"/reveal", "13800000001")
		e.township.post(staffPath+"/act", url.Values{"action": {"acknowledge"}}).want(t, http.StatusOK, staffPath, "已受理该投诉")
		e.township.post(staffPath+"/act", url.Values{"action": {"answer"}, "text": {"属实"}}).
			want(t, http.StatusUnprocessableEntity, staffPath+"/act", "请选择调查结论", `id="e-answer-outcome"`)
		e.township.post(staffPath+"/act", url.Values{"action": {"answer"}, "outcome": {"upheld"}, "text": {"经核实属实，已批评教育。"},
			"notice": {"请加强守时管理"}}).want(t, http.StatusOK, staffPath, "已答复投诉人")

		alice.get("/my/complaints/"+id).want(t, http.StatusOK, "/my/complaints/"+id, "经核实属实，已批评教育。", "属实", `id="act-close"`)
		alice.get("/my/complaints/"+id).lacks(t, "请加强守时管理")

		orgPage := e.admin.get("/staff/orgs/" + org)
		orgPage.want(t, http.StatusOK, "/staff/orgs/"+org, `id="complaints"`, "投诉处理结果", "请加强守时管理")
		orgPage.lacks(t, "张三", "约定九点", "调解员迟到")
	})
}

// TestAssociationPages: the organization's admin applies, the
// association admits and records a measure, the public register lists
// the member.
func TestAssociationPages(t *testing.T) {
	e := newCaseEnv(t, dbtest.SQLite(t))
	org := strconv.FormatInt(e.org, 10)
	assoc, _ := e.staff(t, "assoc", tiaojie.Grant{Role: tiaojie.RoleAssociation})
	path := "/staff/association/" + org
	e.admin.get(path).want(t, http.StatusOK, path, `id="member-apply"`, "未申请")
	e.admin.post(path+"/apply", url.Values{"statement": {" "}}).want(t, http.StatusUnprocessableEntity, path+"/apply", `id="e-apply-statement"`)
	e.admin.post(path+"/apply", url.Values{"statement": {"申请加入协会"}}).want(t, http.StatusOK, path, "入会申请已提交", "申请中")
	e.admin.post(path+"/decide", url.Values{"action": {"admit"}}).want(t, http.StatusForbidden, "")
	assoc.get("/staff/association").want(t, http.StatusOK, "/staff/association", "城桥镇人民调解委员会", "申请中")
	assoc.post(path+"/decide", url.Values{"action": {"admit"}}).want(t, http.StatusOK, path, "已接纳为会员", `id="member-measure"`)
	assoc.post(path+"/measures", url.Values{"kind": {"talk"}, "reason": {""}, "decided_on": {"2026-11-29"}}).
		want(t, http.StatusUnprocessableEntity, path+"/measures", `id="e-measure-reason"`)
	assoc.post(path+"/measures", url.Values{"kind": {"talk"}, "reason": {"台账不规范"}, "decided_on": {"2026-11-29"}}).
		want(t, http.StatusOK, path, "自律措施已记录", "提醒谈话", "台账不规范")
	e.browser(t).get("/association/members").want(t, http.StatusOK, "/association/members", "城桥镇人民调解委员会", "会员")
	e.stranger.get(path).want(t, http.StatusNotFound, "")
}
