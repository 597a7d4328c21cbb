package api_test

import (
	"strconv"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// disclosureOperations are the information-disclosure and expert-pool
// operations with the permission each declares; TestOpenAPIDocument checks
// that the document lists exactly these with the others.
var disclosureOperations = map[string]string{
	"GET /api/v1/staff/disclosures":                "supervision.manage",
	"POST /api/v1/staff/disclosures/adhoc":         "supervision.manage",
	"GET /api/v1/staff/orgs/{id}/disclosures":      "orgs.read",
	"POST /api/v1/staff/orgs/{id}/disclosures":     "disclosure.file",
	"GET /api/v1/staff/disclosures/{id}":           "orgs.read",
	"PUT /api/v1/staff/disclosures/{id}":           "disclosure.file",
	"POST /api/v1/staff/disclosures/{id}/file":     "disclosure.file",
	"POST /api/v1/staff/disclosures/{id}/correct":  "disclosure.file",
	"GET /api/v1/orgs/{id}/disclosures":            "public",
	"GET /api/v1/staff/experts":                    "experts.manage",
	"POST /api/v1/staff/experts":                   "experts.manage",
	"GET /api/v1/staff/experts/{id}":               "experts.manage",
	"PUT /api/v1/staff/experts/{id}":               "experts.manage",
	"POST /api/v1/staff/experts/{id}/status":       "experts.manage",
	"POST /api/v1/staff/experts/{id}/ties":         "experts.manage",
	"DELETE /api/v1/staff/experts/{id}/ties/{org}": "experts.manage",
	"GET /api/v1/expert/me":                        "expert.review",
	"POST /api/v1/expert/me/ties":                  "expert.review",
}

// disclosurePageOf names the page route doing what each operation does.
var disclosurePageOf = map[string]string{
	"GET /api/v1/staff/disclosures":                "GET /staff/disclosures",
	"POST /api/v1/staff/disclosures/adhoc":         "POST /staff/disclosures/adhoc",
	"GET /api/v1/staff/orgs/{id}/disclosures":      "GET /staff/orgs/{id}/disclosures",
	"POST /api/v1/staff/orgs/{id}/disclosures":     "POST /staff/orgs/{id}/disclosures",
	"GET /api/v1/staff/disclosures/{id}":           "GET /staff/disclosures/{id}",
	"PUT /api/v1/staff/disclosures/{id}":           "POST /staff/disclosures/{id}",
	"POST /api/v1/staff/disclosures/{id}/file":     "POST /staff/disclosures/{id}",
	"POST /api/v1/staff/disclosures/{id}/correct":  "POST /staff/disclosures/{id}/correct",
	"GET /api/v1/orgs/{id}/disclosures":            "GET /disclosures/{id}",
	"GET /api/v1/staff/experts":                    "GET /staff/experts",
	"POST /api/v1/staff/experts":                   "POST /staff/experts",
	"GET /api/v1/staff/experts/{id}":               "GET /staff/experts/{id}",
	"PUT /api/v1/staff/experts/{id}":               "POST /staff/experts/{id}",
	"POST /api/v1/staff/experts/{id}/status":       "POST /staff/experts/{id}/status",
	"POST /api/v1/staff/experts/{id}/ties":         "POST /staff/experts/{id}/ties",
	"DELETE /api/v1/staff/experts/{id}/ties/{org}": "POST /staff/experts/{id}/ties/{org}/delete",
	"GET /api/v1/expert/me":                        "GET /expert",
	"POST /api/v1/expert/me/ties":                  "POST /expert/ties",
}

// TestDisclosurePermissionsMatchPages checks that each operation declares
// the permission of the page route that does the same thing.
func TestDisclosurePermissionsMatchPages(t *testing.T) {
	matchPages(t, disclosureOperations, disclosurePageOf)
}

// operatingOrg adds an organization that existed in 2024 and operates.
func (s *stack) operatingOrg(t *testing.T, name, township string) int64 {
	t.Helper()
	var id int64
	err := s.db.Writer().QueryRow(`
		INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, created_at, updated_at)
		VALUES ($1, $1, 'basic', 'peoples_committee', 'township', $2, 'active', $3, $3) RETURNING id`,
		name, township, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

type disclosureJSON struct {
	ID         int64  `json:"id"`
	Status     string `json:"status"`
	Version    int    `json:"version"`
	Superseded bool   `json:"superseded"`
	Persons    string `json:"persons"`
	Income     int64  `json:"income_total"`
	Cases      struct {
		Total int `json:"total"`
	} `json:"cases"`
}

// TestDisclosureAPI: an organization's admin files through the API as on
// the pages; the admin of another organization is refused and nothing
// changes; drafts stay private; supervisors read the overview and require
// an ad-hoc disclosure.
func TestDisclosureAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	a, b := s.operatingOrg(t, "城桥镇人民调解委员会", chengqiao), s.operatingOrg(t, "堡镇人民调解委员会", "310151102")
	adminA := s.token(t, s.user(t, "admin.a", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: a}), tiaojie.PermOrgsRead, tiaojie.PermDisclosure)
	adminB := s.token(t, s.user(t, "admin.b", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: b}), tiaojie.PermOrgsRead, tiaojie.PermDisclosure)
	bureau := s.token(t, s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}), tiaojie.PermOrgsRead, tiaojie.PermSupervision)
	as, bs := strconv.FormatInt(a, 10), strconv.FormatInt(b, 10)
	year := time.Now().In(tiaojie.Beijing()).Year() - 1

	var created struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/staff/orgs/" + bs + "/disclosures", auth: adminA, body: map[string]int{"year": year}}).ok(t, 404, nil)
	s.do(t, req{method: "POST", path: "/api/v1/staff/orgs/" + as + "/disclosures", auth: bureau, body: map[string]int{"year": year}}).ok(t, 403, nil)
	s.do(t, req{method: "POST", path: "/api/v1/staff/orgs/" + as + "/disclosures", auth: adminA, body: map[string]int{"year": year}}).ok(t, 201, &created)
	path := "/api/v1/staff/disclosures/" + strconv.FormatInt(created.ID, 10)
	body := map[string]any{"structure": "主任1名", "persons": "主任：张明", "services": "邻里纠纷调解",
		"money": map[string]int64{"income_gov": 12000000, "spend_staff": 8000000}}
	s.do(t, req{method: "PUT", path: path, auth: adminB, body: body}).ok(t, 404, nil)
	s.do(t, req{method: "POST", path: path + "/file", auth: adminB}).ok(t, 404, nil)
	s.do(t, req{method: "GET", path: path, auth: adminB}).ok(t, 404, nil)
	s.do(t, req{method: "GET", path: "/api/v1/orgs/" + as + "/disclosures"}).ok(t, 200, nil)
	bad := map[string]any{"money": map[string]int64{"income_gov": -1}}
	s.do(t, req{method: "PUT", path: path, auth: adminA, body: bad}).ok(t, 422, nil)
	s.do(t, req{method: "POST", path: path + "/file", auth: adminA}).ok(t, 422, nil)
	s.do(t, req{method: "PUT", path: path, auth: adminA, body: body}).ok(t, 204, nil)
	var d disclosureJSON
	s.do(t, req{method: "GET", path: path, auth: bureau}).ok(t, 200, &d)
	if d.Status != "draft" || d.Income != 12000000 || d.Persons != "主任：张明" {
		t.Errorf("draft %+v", d)
	}
	s.do(t, req{method: "POST", path: path + "/file", auth: adminA}).ok(t, 204, nil)
	s.do(t, req{method: "PUT", path: path, auth: adminA, body: body}).ok(t, 409, nil)
	var pub []disclosureJSON
	s.do(t, req{method: "GET", path: "/api/v1/orgs/" + as + "/disclosures"}).ok(t, 200, &pub)
	if len(pub) != 1 || pub[0].Status != "filed" {
		t.Errorf("public %+v", pub)
	}
	s.do(t, req{method: "POST", path: path + "/correct", auth: adminA}).ok(t, 201, &created)
	s.do(t, req{method: "POST", path: "/api/v1/staff/disclosures/" + strconv.FormatInt(created.ID, 10) + "/file", auth: adminA}).ok(t, 204, nil)
	s.do(t, req{method: "GET", path: "/api/v1/orgs/" + as + "/disclosures"}).ok(t, 200, &pub)
	if len(pub) != 2 || pub[0].Version != 2 || !pub[1].Superseded {
		t.Errorf("after the correction %+v", pub)
	}

	var rows []struct {
		OrgID    int64  `json:"org_id"`
		Standing string `json:"standing"`
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/disclosures?year=" + strconv.Itoa(year), auth: bureau}).ok(t, 200, &rows)
	if len(rows) != 2 {
		t.Errorf("overview %+v", rows)
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/disclosures", auth: adminA}).ok(t, 403, nil)
	due := time.Now().In(tiaojie.Beijing()).AddDate(0, 0, 10).Format(time.DateOnly)
	s.do(t, req{method: "POST", path: "/api/v1/staff/disclosures/adhoc", auth: bureau,
		body: map[string]any{"org_id": b, "subject": "负责人变更", "due": due}}).ok(t, 201, &created)
	s.do(t, req{method: "POST", path: "/api/v1/staff/disclosures/adhoc", auth: bureau,
		body: map[string]any{"org_id": b, "subject": "", "due": due}}).ok(t, 422, nil)
	var hist []disclosureJSON
	s.do(t, req{method: "GET", path: "/api/v1/staff/orgs/" + bs + "/disclosures", auth: adminB}).ok(t, 200, &hist)
	if len(hist) != 1 || hist[0].ID != created.ID {
		t.Errorf("B's history %+v", hist)
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/orgs/" + bs + "/disclosures", auth: adminA}).ok(t, 404, nil)
}

// TestExpertAPI: the bureau keeps the pool; an expert reads their record
// and declares ties, but removes none.
func TestExpertAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	org := s.operatingOrg(t, "城桥镇人民调解委员会", chengqiao)
	bureau := s.token(t, s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}), tiaojie.PermExperts, tiaojie.PermUsersRead)
	township := s.token(t, s.user(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao}), tiaojie.PermSupervision)
	expert := s.token(t, s.user(t, "prof.zhang", tiaojie.Grant{Role: tiaojie.RoleExpert}), tiaojie.PermExpertReview)

	s.do(t, req{method: "GET", path: "/api/v1/staff/experts", auth: township}).ok(t, 403, nil)
	s.do(t, req{method: "GET", path: "/api/v1/expert/me", auth: expert}).ok(t, 404, nil)
	s.do(t, req{method: "POST", path: "/api/v1/staff/experts", auth: bureau, body: map[string]any{"name": "张教授", "login": "nobody"}}).ok(t, 422, nil)
	var created struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/staff/experts", auth: bureau,
		body: map[string]any{"name": "张教授", "title": "教授", "fields": []string{"婚姻家庭"}, "login": "prof.zhang"}}).ok(t, 201, &created)
	path := "/api/v1/staff/experts/" + strconv.FormatInt(created.ID, 10)
	os := strconv.FormatInt(org, 10)
	s.do(t, req{method: "POST", path: path + "/ties", auth: bureau, body: map[string]any{"org_id": org, "kind": "adviser"}}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: "/api/v1/expert/me/ties", auth: expert, body: map[string]any{"org_id": org, "kind": "relative"}}).ok(t, 204, nil)
	s.do(t, req{method: "DELETE", path: path + "/ties/" + os, auth: expert}).ok(t, 403, nil)
	var me struct {
		Name string `json:"name"`
		Ties []struct {
			Kind string `json:"kind"`
		} `json:"ties"`
	}
	s.do(t, req{method: "GET", path: "/api/v1/expert/me", auth: expert}).ok(t, 200, &me)
	if me.Name != "张教授" || len(me.Ties) != 1 || me.Ties[0].Kind != "relative" {
		t.Errorf("my record %+v", me)
	}
	var list []struct {
		Name string `json:"name"`
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/experts?q=婚姻", auth: bureau}).ok(t, 200, &list)
	if len(list) != 1 {
		t.Errorf("search %+v", list)
	}
	s.do(t, req{method: "PUT", path: path, auth: bureau, body: map[string]any{"name": ""}}).ok(t, 422, nil)
	s.do(t, req{method: "PUT", path: path, auth: bureau, body: map[string]any{"name": "张明教授", "login": "prof.zhang"}}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: path + "/status", auth: bureau, body: map[string]bool{"active": false}}).ok(t, 204, nil)
	s.do(t, req{method: "DELETE", path: path + "/ties/" + os, auth: bureau}).ok(t, 204, nil)
	var after struct {
		Name   string `json:"name"`
		Active bool   `json:"active"`
		Ties   []any  `json:"ties"`
	}
	s.do(t, req{method: "GET", path: path, auth: bureau}).ok(t, 200, &after)
	if after.Name != "张明教授" || after.Active || len(after.Ties) != 0 {
		t.Errorf("after the changes %+v", after)
	}
}
