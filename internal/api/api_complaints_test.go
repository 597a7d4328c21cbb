package api_test

import (
	"fmt"
	"testing"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// complaintOperations are the complaint and association operations with
// the permission each declares (TestOpenAPIDocument checks them with the
// others).
var complaintOperations = map[string]string{
	"POST /api/v1/complaints":                      "self",
	"GET /api/v1/my/complaints":                    "self",
	"GET /api/v1/complaints/{id}":                  "self",
	"POST /api/v1/complaints/{id}/actions":         "self",
	"GET /api/v1/staff/complaints":                 "complaints.handle",
	"POST /api/v1/staff/complaints/{id}/reveal":    "complaints.handle",
	"GET /api/v1/staff/orgs/{id}/complaints":       "orgs.read",
	"GET /api/v1/association/members":              "public",
	"GET /api/v1/staff/association":                "association.manage",
	"GET /api/v1/staff/association/{id}":           "orgs.read",
	"POST /api/v1/staff/association/{id}/apply":    "orgs.edit",
	"POST /api/v1/staff/association/{id}/decide":   "association.manage",
	"POST /api/v1/staff/association/{id}/measures": "association.manage",
}

// complaintPageOf names the page route doing what each operation does.
var complaintPageOf = map[string]string{
	"POST /api/v1/complaints":                      "POST /complain",
	"GET /api/v1/my/complaints":                    "GET /my/complaints",
	"GET /api/v1/complaints/{id}":                  "GET /my/complaints/{id}",
	"POST /api/v1/complaints/{id}/actions":         "POST /my/complaints/{id}/act",
	"GET /api/v1/staff/complaints":                 "GET /staff/complaints",
	"POST /api/v1/staff/complaints/{id}/reveal":    "POST /staff/complaints/{id}/reveal",
	"GET /api/v1/staff/orgs/{id}/complaints":       "GET /staff/orgs/{id}",
	"GET /api/v1/association/members":              "GET /association/members",
	"GET /api/v1/staff/association":                "GET /staff/association",
	"GET /api/v1/staff/association/{id}":           "GET /staff/association/{id}",
	"POST /api/v1/staff/association/{id}/apply":    "POST /staff/association/{id}/apply",
	"POST /api/v1/staff/association/{id}/decide":   "POST /staff/association/{id}/decide",
	"POST /api/v1/staff/association/{id}/measures": "POST /staff/association/{id}/measures",
}

// TestComplaintPermissionsMatchPages checks that each operation declares
// the permission of the page route that does the same thing.
func TestComplaintPermissionsMatchPages(t *testing.T) {
	matchPages(t, complaintOperations, complaintPageOf)
}

type complaintJSON struct {
	ID              int64
	Status          string
	Handler         string
	HandlerTownship string `json:"handler_township"`
	ComplainantName string `json:"complainant_name"`
	Outcome         string
	Notice          string
	Actions         []string
}

// TestComplaintAPI: a member of the public files a complaint; the
// township office of the organization's township answers it; another
// township, the association and the organization get 404; the
// organization sees the outcome without the complainant; bad input is
// refused with the field named.
func TestComplaintAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	org := s.register(t, committee("城桥镇人民调解委员会", chengqiao, "调解邻里纠纷。", "neighbour"), "")
	alice := s.token(t, s.user(t, "alice", tiaojie.Grant{Role: tiaojie.RolePublic}), tiaojie.PermSelf)
	bob := s.token(t, s.user(t, "bob", tiaojie.Grant{Role: tiaojie.RolePublic}), tiaojie.PermSelf)
	staff := []tiaojie.Permission{tiaojie.PermSelf, tiaojie.PermComplaints, tiaojie.PermOrgsRead}
	cq := s.token(t, s.user(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao}), staff...)
	bz := s.token(t, s.user(t, "bz.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen}), staff...)
	assoc := s.token(t, s.user(t, "assoc", tiaojie.Grant{Role: tiaojie.RoleAssociation}), staff...)
	admin := s.token(t, s.user(t, "cq.admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: org}), tiaojie.PermSelf, tiaojie.PermOrgsRead)

	body := map[string]any{"org_id": org, "name": "张三", "phone": "13912345678", "title": "调解员迟到", "content": "约定九点，十点才到。"}
	bad := map[string]any{"org_id": org, "mediator_id": 9999, "name": "张三", "phone": "13912345678", "title": "x", "content": "y"}
	p := s.do(t, req{method: "POST", path: "/api/v1/complaints", auth: alice, body: bad}).problem(t, 422, "error.invalid_input")
	if len(p.Errors) == 0 || p.Errors[0].Field != "mediator_id" {
		t.Errorf("unknown mediator: %+v", p.Errors)
	}
	if n := s.count(t, `SELECT COUNT(*) FROM complaints`); n != 0 {
		t.Fatalf("%d complaints written", n)
	}
	var created struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/complaints", auth: alice, body: body}).ok(t, 201, &created)
	path := fmt.Sprintf("/api/v1/complaints/%d", created.ID)

	var c complaintJSON
	s.do(t, req{method: "GET", path: path, auth: alice}).ok(t, 200, &c)
	if c.Status != "filed" || c.Handler != "township" || c.HandlerTownship != chengqiao || len(c.Actions) != 1 || c.Actions[0] != "withdraw" {
		t.Errorf("the complainant sees %+v", c)
	}
	for _, tok := range []string{bob, bz, assoc, admin} {
		s.do(t, req{method: "GET", path: path, auth: tok}).problem(t, 404, "error.not_found")
	}
	var q struct{ Items []complaintJSON }
	s.do(t, req{method: "GET", path: "/api/v1/staff/complaints", auth: bz}).ok(t, 200, &q)
	if len(q.Items) != 0 {
		t.Errorf("another township's queue: %+v", q.Items)
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/complaints", auth: cq}).ok(t, 200, &q)
	if len(q.Items) != 1 || q.Items[0].ComplainantName != "张三" {
		t.Errorf("the township's queue: %+v", q.Items)
	}
	s.do(t, req{method: "POST", path: path + "/actions", auth: alice, body: map[string]any{"action": "acknowledge"}}).problem(t, 403, "complaint.not_yours")
	s.do(t, req{method: "POST", path: path + "/actions", auth: cq, body: map[string]any{"action": "answer", "outcome": "upheld", "text": "属实"}}).
		problem(t, 409, "complaint.bad_transition")
	s.do(t, req{method: "POST", path: path + "/actions", auth: cq, body: map[string]any{"action": "acknowledge"}}).ok(t, 200, &c)
	p = s.do(t, req{method: "POST", path: path + "/actions", auth: cq, body: map[string]any{"action": "answer", "text": "属实"}}).problem(t, 422, "error.invalid_input")
	if p.Errors[0].Field != "outcome" {
		t.Errorf("answer without outcome: %+v", p.Errors)
	}
	s.do(t, req{method: "POST", path: path + "/actions", auth: cq, body: map[string]any{"action": "answer", "outcome": "partly_upheld",
		"text": "经核实部分属实。", "notice": "请按时到场"}}).ok(t, 200, &c)
	if c.Status != "answered" || c.Notice != "请按时到场" {
		t.Errorf("answered: %+v", c)
	}
	c = complaintJSON{}
	s.do(t, req{method: "GET", path: path, auth: alice}).ok(t, 200, &c)
	if c.Outcome != "partly_upheld" || c.Notice != "" {
		t.Errorf("the complainant sees %+v", c)
	}
	var oc struct {
		Items []map[string]any
	}
	s.do(t, req{method: "GET", path: fmt.Sprintf("/api/v1/staff/orgs/%d/complaints", org), auth: admin}).ok(t, 200, &oc)
	if len(oc.Items) != 1 || oc.Items[0]["outcome"] != "partly_upheld" || oc.Items[0]["complainant_name"] != nil || oc.Items[0]["content"] != nil {
		t.Errorf("the organization sees %+v", oc.Items)
	}
	var ph struct{ Phone string }
	s.do(t, req{method: "POST", path: fmt.Sprintf("/api/v1/staff/complaints/%d/reveal", created.ID), auth: admin,
		body: map[string]any{"purpose": "想知道"}}).problem(t, 403, "error.forbidden")
	s.do(t, req{method: "POST", path: fmt.Sprintf("/api/v1/staff/complaints/%d/reveal", created.ID), auth: cq,
		body: map[string]any{"purpose": "电话回访"}}).ok(t, 200, &ph)
	if ph.Phone != "13912345678" {
		t.Errorf("revealed %q", ph.Phone)
	}
	var mine struct{ Items []complaintJSON }
	s.do(t, req{method: "GET", path: "/api/v1/my/complaints", auth: bob}).ok(t, 200, &mine)
	if len(mine.Items) != 0 {
		t.Errorf("bob sees %+v", mine.Items)
	}
}

// TestAssociationAPI: an organization's admin applies, the association
// admits and records a measure, the public reads the register.
func TestAssociationAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	in := committee("崇明商事调解中心", chengqiao, "商事调解。", "contract")
	in.Type, in.LegalForm = tiaojie.OrgCommercial, tiaojie.FormCompany
	org := s.register(t, in, creditCode(t, 7))
	admin := s.token(t, s.user(t, "com.admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: org}), tiaojie.PermOrgsRead, tiaojie.PermOrgsEdit)
	assoc := s.token(t, s.user(t, "assoc", tiaojie.Grant{Role: tiaojie.RoleAssociation}), tiaojie.PermOrgsRead, tiaojie.PermAssociation)
	base := fmt.Sprintf("/api/v1/staff/association/%d", org)
	s.do(t, req{method: "POST", path: base + "/apply", auth: assoc, body: map[string]any{"statement": "申请"}}).problem(t, 403, "error.forbidden")
	s.do(t, req{method: "POST", path: base + "/apply", auth: admin, body: map[string]any{"statement": " "}}).problem(t, 422, "error.invalid_input")
	var m struct {
		Status   string
		Measures []map[string]any
	}
	s.do(t, req{method: "POST", path: base + "/apply", auth: admin, body: map[string]any{"statement": "申请加入协会"}}).ok(t, 200, &m)
	if m.Status != "applied" {
		t.Errorf("applied: %+v", m)
	}
	s.do(t, req{method: "POST", path: base + "/decide", auth: admin, body: map[string]any{"action": "admit"}}).problem(t, 403, "error.forbidden")
	s.do(t, req{method: "POST", path: base + "/decide", auth: assoc, body: map[string]any{"action": "decline"}}).problem(t, 422, "error.invalid_input")
	s.do(t, req{method: "POST", path: base + "/decide", auth: assoc, body: map[string]any{"action": "admit"}}).ok(t, 200, &m)
	var created struct{ ID int64 }
	s.do(t, req{method: "POST", path: base + "/measures", auth: assoc, body: map[string]any{"kind": "criticism", "reason": "违规收费"}}).ok(t, 201, &created)
	s.do(t, req{method: "GET", path: base, auth: admin}).ok(t, 200, &m)
	if m.Status != "member" || len(m.Measures) != 1 {
		t.Errorf("membership %+v", m)
	}
	var reg struct{ Items []map[string]any }
	s.do(t, req{method: "GET", path: "/api/v1/association/members"}).ok(t, 200, &reg)
	if len(reg.Items) != 1 || reg.Items[0]["statement"] != nil {
		t.Errorf("register %+v", reg.Items)
	}
}
