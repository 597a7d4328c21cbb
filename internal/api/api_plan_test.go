package api_test

import (
	"bytes"
	"mime/multipart"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// planOperations are the rollout plan's operations with the permission
// each declares; TestOpenAPIDocument checks that the document lists
// exactly these with the others.
var planOperations = map[string]string{
	"GET /api/v1/staff/plan":                     "plan.view",
	"PUT /api/v1/staff/plan/phases/{seq}":        "plan.manage",
	"POST /api/v1/staff/plan/phases/{seq}/tasks": "plan.manage",
	"PUT /api/v1/staff/plan/tasks/{id}":          "plan.manage",
	"DELETE /api/v1/staff/plan/tasks/{id}":       "plan.manage",
	"PUT /api/v1/staff/plan/batches/{n}":         "plan.manage",
	"POST /api/v1/staff/plan/tasks/{id}/tick":    "plan.manage",
	"POST /api/v1/staff/plan/tasks/{id}/untick":  "plan.manage",
	"GET /api/v1/staff/plan/tasks/{id}/evidence": "plan.manage",
	"GET /api/v1/staff/plan/report":              "plan.manage",
	"GET /api/v1/staff/plan/report.xlsx":         "plan.manage",
}

// planPageOf names the page route doing what each operation does.
var planPageOf = map[string]string{
	"GET /api/v1/staff/plan":                     "GET /staff/plan",
	"PUT /api/v1/staff/plan/phases/{seq}":        "POST /staff/plan/phases/{seq}",
	"POST /api/v1/staff/plan/phases/{seq}/tasks": "POST /staff/plan/phases/{seq}/tasks",
	"PUT /api/v1/staff/plan/tasks/{id}":          "POST /staff/plan/tasks/{id}",
	"DELETE /api/v1/staff/plan/tasks/{id}":       "POST /staff/plan/tasks/{id}/delete",
	"PUT /api/v1/staff/plan/batches/{n}":         "POST /staff/plan/batches/{n}",
	"POST /api/v1/staff/plan/tasks/{id}/tick":    "POST /staff/plan/tasks/{id}/tick",
	"POST /api/v1/staff/plan/tasks/{id}/untick":  "POST /staff/plan/tasks/{id}/untick",
	"GET /api/v1/staff/plan/tasks/{id}/evidence": "GET /staff/plan/tasks/{id}/evidence",
	"GET /api/v1/staff/plan/report":              "GET /staff/plan/report",
	"GET /api/v1/staff/plan/report.xlsx":         "GET /staff/plan/report.xlsx",
}

// TestPlanPermissionsMatchPages checks that each operation declares the
// permission of the page route that does the same thing.
func TestPlanPermissionsMatchPages(t *testing.T) {
	matchPages(t, planOperations, planPageOf)
}

// tickBody builds a multipart tick, with a PDF when pdf.
func tickBody(t *testing.T, note string, pdf bool) (string, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if err := w.WriteField("note", note); err != nil {
		t.Fatal(err)
	}
	if pdf {
		fw, err := w.CreateFormFile("file", "纪要.pdf")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))
	}
	w.Close()
	return b.String(), w.FormDataContentType()
}

type planBoardJSON struct {
	Full   bool `json:"full"`
	Phases []struct {
		Seq   int `json:"seq"`
		Done  int `json:"done"`
		Tasks []struct {
			ID       int64  `json:"id"`
			Metric   string `json:"metric"`
			Done     bool   `json:"done"`
			Note     string `json:"note"`
			Evidence string `json:"evidence"`
		} `json:"tasks"`
	} `json:"phases"`
	Rows []struct {
		Township string          `json:"township"`
		Checks   map[string]bool `json:"checks"`
	} `json:"rows"`
	Facts *struct {
		DistrictOrgs int `json:"district_orgs"`
	} `json:"facts"`
}

// TestPlanAPI: the bureau chooses a batch (a wrong count refused, nothing
// changed), ticks a task with evidence and unticks it, and exports the
// report; a township office reads its own row only; an organization's
// admin and the public are refused.
func TestPlanAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	towns := []string{}
	for _, tw := range s.dist.Townships {
		towns = append(towns, tw.Code)
	}
	bureau := s.token(t, s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}), tiaojie.PermPlanView, tiaojie.PermPlanManage)
	office := s.token(t, s.user(t, "bz.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: towns[1]}), tiaojie.PermPlanView)
	org := s.operatingOrg(t, "城桥镇人民调解委员会", towns[0])
	admin := s.token(t, s.user(t, "admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: org}), tiaojie.PermOrgsRead)
	public := s.token(t, s.user(t, "13800000009", tiaojie.Grant{Role: tiaojie.RolePublic}), tiaojie.PermSelf)

	s.do(t, req{method: "PUT", path: "/api/v1/staff/plan/batches/1", auth: bureau, body: map[string]any{"townships": towns[:2]}}).ok(t, 422, nil)
	s.do(t, req{method: "PUT", path: "/api/v1/staff/plan/batches/1", auth: office, body: map[string]any{"townships": towns[:3]}}).ok(t, 403, nil)
	if n := s.count(t, `SELECT count(*) FROM plan_pilots`); n != 0 {
		t.Fatalf("%d pilots after refusals", n)
	}
	s.do(t, req{method: "PUT", path: "/api/v1/staff/plan/batches/1", auth: bureau, body: map[string]any{"townships": towns[:3]}}).ok(t, 204, nil)

	var b planBoardJSON
	s.do(t, req{method: "GET", path: "/api/v1/staff/plan", auth: bureau}).ok(t, 200, &b)
	if !b.Full || len(b.Phases) != 4 || len(b.Rows) != 3 || b.Facts == nil {
		t.Fatalf("bureau board %+v", b)
	}
	manual := b.Phases[1].Tasks[2].ID
	mp := "/api/v1/staff/plan/tasks/" + strconv.FormatInt(manual, 10)
	body, ct := tickBody(t, "已召开联席会", false)
	s.do(t, req{method: "POST", path: mp + "/tick", auth: bureau, body: body, contentType: ct}).ok(t, 422, nil)
	body, ct = tickBody(t, "已召开联席会", true)
	s.do(t, req{method: "POST", path: mp + "/tick", auth: office, body: body, contentType: ct}).ok(t, 403, nil)
	s.do(t, req{method: "POST", path: mp + "/tick", auth: bureau, body: body, contentType: ct}).ok(t, 204, nil)
	s.do(t, req{method: "GET", path: "/api/v1/staff/plan", auth: bureau}).ok(t, 200, &b)
	if tk := b.Phases[1].Tasks[2]; !tk.Done || tk.Evidence != "纪要.pdf" || b.Phases[1].Done != 1 {
		t.Errorf("ticked %+v", tk)
	}
	if r := s.do(t, req{method: "GET", path: mp + "/evidence", auth: bureau}); r.status != 200 || !bytes.HasPrefix(r.body, []byte("%PDF")) {
		t.Errorf("evidence %d", r.status)
	}
	s.do(t, req{method: "GET", path: mp + "/evidence", auth: office}).ok(t, 403, nil)
	s.do(t, req{method: "POST", path: mp + "/untick", auth: bureau, body: map[string]string{"reason": ""}}).ok(t, 422, nil)
	s.do(t, req{method: "POST", path: mp + "/untick", auth: bureau, body: map[string]string{"reason": "纪要不全"}}).ok(t, 204, nil)

	var ob planBoardJSON
	s.do(t, req{method: "GET", path: "/api/v1/staff/plan", auth: office}).ok(t, 200, &ob)
	if ob.Full || len(ob.Rows) != 1 || ob.Rows[0].Township != towns[1] || ob.Facts != nil {
		t.Errorf("office board %+v", ob)
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/plan/report", auth: office}).ok(t, 403, nil)
	s.do(t, req{method: "GET", path: "/api/v1/staff/plan", auth: admin}).ok(t, 403, nil)
	s.do(t, req{method: "GET", path: "/api/v1/staff/plan", auth: public}).ok(t, 403, nil)
	s.do(t, req{method: "GET", path: "/api/v1/staff/plan"}).ok(t, 401, nil)

	s.do(t, req{method: "PUT", path: "/api/v1/staff/plan/phases/2", auth: bureau,
		body: map[string]string{"name": "入驻推广", "starts_on": "2021-07-01", "ends_on": "2021-03-01"}}).ok(t, 422, nil)
	var created struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/staff/plan/phases/4/tasks", auth: bureau,
		body: map[string]string{"text": "报送总结评估报告", "owner": "区司法局", "due_on": "2021-12-31"}}).ok(t, 201, &created)
	s.do(t, req{method: "DELETE", path: "/api/v1/staff/plan/tasks/" + strconv.FormatInt(created.ID, 10), auth: bureau}).ok(t, 204, nil)

	// The workbook follows Accept-Language, Chinese by default.
	first := s.dist.Townships[0]
	for _, tc := range []struct {
		lang, sheets, headers, township, language string
	}{
		{"", "目标 阶段 任务 试点乡镇", "乡镇 批次 培育之家已批准", first.Name, "zh-CN"},
		{"zh-CN,zh;q=0.9", "目标 阶段 任务 试点乡镇", "乡镇 批次 培育之家已批准", first.Name, "zh-CN"},
		{"en", "Targets Phases Tasks Pilot townships", "Township Batch Incubation home approved", first.NameEn, "en"},
	} {
		r := s.do(t, req{method: "GET", path: "/api/v1/staff/plan/report.xlsx", auth: bureau, lang: tc.lang})
		if r.status != 200 {
			t.Fatalf("export %q: %d", tc.lang, r.status)
		}
		if got := r.header.Get("Content-Language"); got != tc.language {
			t.Errorf("export %q: Content-Language %q", tc.lang, got)
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		list := f.GetSheetList()
		rows, _ := f.GetRows(list[len(list)-1])
		f.Close()
		if got := strings.Join(list, " "); got != tc.sheets {
			t.Errorf("export %q: sheets %q, want %q", tc.lang, got, tc.sheets)
		}
		if len(rows) < 2 || strings.Join(rows[0][:3], " ") != tc.headers || rows[1][0] != tc.township {
			t.Errorf("export %q: pilot townships %q, want headers %q and %q first", tc.lang, rows, tc.headers, tc.township)
		}
	}
}
