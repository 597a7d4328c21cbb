package api_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"testing"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// supervisionOperations are the supervision operations with the
// permission each declares (TestOpenAPIDocument checks them with the
// others).
var supervisionOperations = map[string]string{
	"GET /api/v1/staff/inspections":                  "orgs.read",
	"POST /api/v1/staff/inspections":                 "supervision.manage",
	"GET /api/v1/staff/inspections/{id}":             "orgs.read",
	"POST /api/v1/staff/inspections/{id}/actions":    "orgs.edit",
	"POST /api/v1/staff/inspections/{id}/evidence":   "orgs.edit",
	"GET /api/v1/staff/inspections/{id}/files/{key}": "orgs.read",
	"GET /api/v1/staff/inspection-checklist":         "supervision.manage",
	"PUT /api/v1/staff/inspection-checklist":         "supervision.manage",
	"GET /api/v1/staff/evaluations":                  "supervision.manage",
	"PUT /api/v1/staff/evaluations":                  "supervision.manage",
	"GET /api/v1/staff/sanctions":                    "supervision.manage",
	"POST /api/v1/staff/sanctions":                   "supervision.manage",
	"GET /api/v1/orgs/{id}/sanctions":                "public",
}

// supervisionPageOf names the page route doing what each operation does.
var supervisionPageOf = map[string]string{
	"GET /api/v1/staff/inspections":                  "GET /staff/inspections",
	"POST /api/v1/staff/inspections":                 "POST /staff/inspections",
	"GET /api/v1/staff/inspections/{id}":             "GET /staff/inspections/{id}",
	"POST /api/v1/staff/inspections/{id}/actions":    "POST /staff/inspections/{id}/act",
	"POST /api/v1/staff/inspections/{id}/evidence":   "POST /staff/inspections/{id}/evidence",
	"GET /api/v1/staff/inspections/{id}/files/{key}": "GET /staff/inspections/{id}/files/{key}",
	"GET /api/v1/staff/inspection-checklist":         "GET /staff/inspections/new",
	"PUT /api/v1/staff/inspection-checklist":         "POST /staff/inspections/checklist",
	"GET /api/v1/staff/evaluations":                  "GET /staff/evaluations",
	"PUT /api/v1/staff/evaluations":                  "POST /staff/evaluations",
	"GET /api/v1/staff/sanctions":                    "GET /staff/sanctions",
	"POST /api/v1/staff/sanctions":                   "POST /staff/sanctions",
	"GET /api/v1/orgs/{id}/sanctions":                "GET /orgs/{id}",
}

// TestSupervisionPermissionsMatchPages checks that each operation declares
// the permission of the page route that does the same thing.
func TestSupervisionPermissionsMatchPages(t *testing.T) {
	matchPages(t, supervisionOperations, supervisionPageOf)
}

// sanctionBody builds a multipart sanction form, with a PDF when pdf.
func sanctionBody(t *testing.T, fields map[string]string, pdf bool) (string, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if pdf {
		fw, err := w.CreateFormFile("file", "决定书.pdf")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))
	}
	w.Close()
	return b.String(), w.FormDataContentType()
}

// TestSupervisionAPI: a township office inspects its own township's
// organization and orders rectification (the organization turns 整改),
// the organization's admin responds and sees only its own, the office
// verifies and closes (back to 正常); another township gets 404; the
// gravest sanctions are refused to a township office; the public record
// lists what was recorded.
func TestSupervisionAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	org := s.register(t, committee("城桥镇人民调解委员会", chengqiao, "调解邻里纠纷。", "neighbour"), "")
	other := s.register(t, committee("堡镇人民调解委员会", baozhen, "调解邻里纠纷。", "neighbour"), "")
	all := []tiaojie.Permission{tiaojie.PermOrgsRead, tiaojie.PermOrgsEdit, tiaojie.PermOrgsLifecycle, tiaojie.PermSupervision}
	cq := s.token(t, s.user(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao}), all...)
	bz := s.token(t, s.user(t, "bz.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen}), all...)
	bureau := s.token(t, s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}), all...)
	admin := s.token(t, s.user(t, "cq.admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: org}), tiaojie.PermOrgsRead, tiaojie.PermOrgsEdit)
	otherAdmin := s.token(t, s.user(t, "bz.admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: other}), tiaojie.PermOrgsRead, tiaojie.PermOrgsEdit)
	today := s.st.Clock.Now().In(tiaojie.Beijing()).Format("2006-01-02")

	var cl struct{ Items []string }
	s.do(t, req{method: "GET", path: "/api/v1/staff/inspection-checklist", auth: cq}).ok(t, 200, &cl)
	var findings []map[string]string
	for _, it := range cl.Items {
		findings = append(findings, map[string]string{"item": it, "result": "conforms"})
	}
	findings[3] = map[string]string{"item": findings[3]["item"], "result": "serious", "note": "台账缺失"}
	body := map[string]any{"org_id": org, "kind": "unannounced", "inspected_on": today, "findings": findings, "complaint_id": 12}
	s.do(t, req{method: "POST", path: "/api/v1/staff/inspections", auth: bz, body: body}).problem(t, 404, "error.not_found")
	s.do(t, req{method: "POST", path: "/api/v1/staff/inspections", auth: admin, body: body}).problem(t, 403, "error.forbidden")
	bad := map[string]any{"org_id": org, "kind": "unannounced", "inspected_on": "2999-01-01", "findings": findings}
	s.do(t, req{method: "POST", path: "/api/v1/staff/inspections", auth: cq, body: bad}).problem(t, 422, "error.invalid_input")
	var created struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/staff/inspections", auth: cq, body: body}).ok(t, 201, &created)
	path := fmt.Sprintf("/api/v1/staff/inspections/%d", created.ID)

	act := func(token, action, text string) *response {
		return s.do(t, req{method: "POST", path: path + "/actions", auth: token, body: map[string]string{"action": action, "text": text}})
	}
	act(admin, "respond", "x").problem(t, 409, "supervision.bad_transition")
	if r := act(cq, "order", "补登台账"); r.status != 204 {
		t.Fatalf("order: %d %s", r.status, r.body)
	}
	status := func() string {
		var st string
		if err := s.db.Reader().QueryRow(`SELECT status FROM orgs WHERE id = $1`, org).Scan(&st); err != nil {
			t.Fatal(err)
		}
		return st
	}
	if got := status(); got != string(tiaojie.StatusRectifying) {
		t.Fatalf("after the order the org is %s", got)
	}
	s.do(t, req{method: "GET", path: path, auth: otherAdmin}).problem(t, 404, "error.not_found")
	var list []struct {
		ID     int64
		Status string
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/inspections", auth: otherAdmin}).ok(t, 200, &list)
	if len(list) != 0 {
		t.Fatalf("another org's admin listed %+v", list)
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/inspections", auth: admin}).ok(t, 200, &list)
	if len(list) != 1 || list[0].Status != "rectifying" {
		t.Fatalf("the org's admin listed %+v", list)
	}
	for _, step := range []struct{ token, action string }{{admin, "respond"}, {cq, "verify"}, {cq, "close"}} {
		if r := act(step.token, step.action, "已整改"); r.status != 204 {
			t.Fatalf("%s: %d %s", step.action, r.status, r.body)
		}
	}
	if got := status(); got != string(tiaojie.StatusActive) {
		t.Fatalf("after closing the org is %s", got)
	}

	// Sanctions: the gravest are the bureau's.
	down := map[string]string{"org_id": fmt.Sprint(org), "kind": "downgrade", "decided_on": today, "reason": "考评不合格", "levels": "1", "document": "降级决定"}
	b, ct := sanctionBody(t, down, false)
	s.do(t, req{method: "POST", path: "/api/v1/staff/sanctions", auth: cq, body: b, contentType: ct}).problem(t, 403, "supervision.bureau_only")
	b, ct = sanctionBody(t, down, true)
	s.do(t, req{method: "POST", path: "/api/v1/staff/sanctions", auth: bureau, body: b, contentType: ct}).ok(t, 201, &created)
	warn := map[string]string{"org_id": fmt.Sprint(org), "kind": "warning", "decided_on": today, "reason": "未公开信息"}
	b, ct = sanctionBody(t, warn, false)
	s.do(t, req{method: "POST", path: "/api/v1/staff/sanctions", auth: cq, body: b, contentType: ct}).problem(t, 422, "error.invalid_input")
	warn["document"] = "警告决定"
	b, ct = sanctionBody(t, warn, false)
	s.do(t, req{method: "POST", path: "/api/v1/staff/sanctions", auth: cq, body: b, contentType: ct}).ok(t, 201, &created)

	var rec []struct {
		Kind        string
		DocumentURL string `json:"document_url"`
		StarsAfter  *int   `json:"stars_after"`
	}
	s.do(t, req{method: "GET", path: fmt.Sprintf("/api/v1/orgs/%d/sanctions", org)}).ok(t, 200, &rec)
	kinds, url := map[string]int{}, ""
	for _, x := range rec {
		kinds[x.Kind]++
		if x.Kind == "downgrade" {
			url = x.DocumentURL
		}
		if x.Kind == "downgrade" && (x.DocumentURL == "" || x.StarsAfter == nil || *x.StarsAfter != 0) {
			t.Errorf("downgrade %+v", x)
		}
	}
	if kinds["rectify"] != 1 || kinds["downgrade"] != 1 || kinds["warning"] != 1 {
		t.Fatalf("public record %+v", rec)
	}
	if pdf := s.do(t, req{method: "GET", path: url}); pdf.status != 200 {
		t.Errorf("the decision document is not public: %d", pdf.status)
	}

	// Evaluations: a year's list flags the missing.
	year := s.st.Clock.Now().In(tiaojie.Beijing()).Year()
	ev := map[string]any{"org_id": org, "year": year, "score": 90, "grade": "excellent", "remarks": "规范"}
	s.do(t, req{method: "PUT", path: "/api/v1/staff/evaluations", auth: bz, body: ev}).problem(t, 404, "error.not_found")
	if r := s.do(t, req{method: "PUT", path: "/api/v1/staff/evaluations", auth: cq, body: ev}); r.status != 204 {
		t.Fatalf("evaluate: %d %s", r.status, r.body)
	}
	var evs []struct {
		OrgID   int64 `json:"org_id"`
		Missing bool
	}
	s.do(t, req{method: "GET", path: fmt.Sprintf("/api/v1/staff/evaluations?year=%d", year), auth: bureau}).ok(t, 200, &evs)
	if len(evs) != 2 || evs[0].Missing == evs[1].Missing {
		t.Fatalf("evaluations %+v", evs)
	}
}
