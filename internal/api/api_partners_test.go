package api_test

import (
	"strconv"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// partnerOperations are the agency and meeting operations with the
// permission each declares.
var partnerOperations = map[string]string{
	"GET /api/v1/agencies":                         "agencies.manage",
	"POST /api/v1/agencies":                        "agencies.manage",
	"GET /api/v1/agencies/{id}":                    "agencies.manage",
	"PUT /api/v1/agencies/{id}":                    "agencies.manage",
	"POST /api/v1/agencies/{id}/members":           "agencies.manage",
	"DELETE /api/v1/agencies/{id}/members/{user}":  "agencies.manage",
	"GET /api/v1/meetings":                         "self",
	"POST /api/v1/meetings":                        "meetings.manage",
	"GET /api/v1/meetings/{id}":                    "self",
	"PUT /api/v1/meetings/{id}":                    "meetings.manage",
	"PUT /api/v1/meetings/{id}/minutes":            "meetings.manage",
	"POST /api/v1/meetings/{id}/decisions":         "meetings.manage",
	"POST /api/v1/meeting-decisions/{id}/progress": "self",
}

// TestPartnersAPI: the bureau registers the court and ties its partner;
// convenes a meeting; a decision without an owner is refused and nothing
// is written; the court's partner sees the meeting and closes its
// decision, once; a partner of another agency sees nothing.
func TestPartnersAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	courtUser := s.user(t, "court", tiaojie.Grant{Role: tiaojie.RolePartner})
	bureau := s.token(t, s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}), tiaojie.PermAgencies, tiaojie.PermMeetings, tiaojie.PermSelf)
	court := s.token(t, courtUser, tiaojie.PermSelf)
	police := s.token(t, s.user(t, "police", tiaojie.Grant{Role: tiaojie.RolePartner}), tiaojie.PermSelf)

	var ag struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/agencies", auth: court, body: map[string]string{"name": "崇明区人民法院", "kind": "court"}}).ok(t, 403, nil)
	s.do(t, req{method: "POST", path: "/api/v1/agencies", auth: bureau, body: map[string]string{"name": "崇明区人民法院", "kind": "court"}}).ok(t, 201, &ag)
	agPath := "/api/v1/agencies/" + strconv.FormatInt(ag.ID, 10)
	s.do(t, req{method: "POST", path: agPath + "/members", auth: bureau, body: map[string]int64{"user_id": courtUser.UserID}}).ok(t, 204, nil)
	var got struct {
		Members int `json:"members"`
	}
	s.do(t, req{method: "GET", path: agPath, auth: bureau}).ok(t, 200, &got)
	if got.Members != 1 {
		t.Errorf("members = %d", got.Members)
	}

	var m struct{ ID int64 }
	body := map[string]any{"kind": "joint", "title": "诉调对接联席会", "at": time.Now().UTC().Format(time.RFC3339), "agencies": []int64{ag.ID}}
	s.do(t, req{method: "POST", path: "/api/v1/meetings", auth: bureau, body: body}).ok(t, 201, &m)
	mPath := "/api/v1/meetings/" + strconv.FormatInt(m.ID, 10)
	s.do(t, req{method: "GET", path: mPath, auth: police}).ok(t, 404, nil)
	s.do(t, req{method: "PUT", path: mPath + "/minutes", auth: bureau, body: map[string]string{"minutes": "议定建立诉前委派机制。"}}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: mPath + "/decisions", auth: bureau, body: map[string]string{"text": "x", "due": "2026-12-31"}}).ok(t, 422, nil)
	var n int
	if err := s.db.Reader().QueryRow(`SELECT count(*) FROM meeting_decisions`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("a refused decision left %d rows (%v)", n, err)
	}
	var d struct{ ID int64 }
	s.do(t, req{method: "POST", path: mPath + "/decisions", auth: bureau,
		body: map[string]any{"text": "建立诉前委派机制", "owner_kind": "agency", "owner_id": ag.ID, "due": "2026-12-31"}}).ok(t, 201, &d)
	dPath := "/api/v1/meeting-decisions/" + strconv.FormatInt(d.ID, 10) + "/progress"
	s.do(t, req{method: "POST", path: dPath, auth: police, body: map[string]any{"note": "x"}}).ok(t, 404, nil)
	s.do(t, req{method: "POST", path: dPath, auth: court, body: map[string]any{"note": "已印发", "done": true}}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: dPath, auth: court, body: map[string]any{"note": "再次", "done": true}}).ok(t, 409, nil)
	var list []struct {
		ID        int64 `json:"id"`
		Decisions []struct {
			Standing string `json:"standing"`
		} `json:"decisions"`
	}
	s.do(t, req{method: "GET", path: "/api/v1/meetings", auth: police}).ok(t, 200, &list)
	if len(list) != 0 {
		t.Errorf("police sees %d meetings", len(list))
	}
	var one struct {
		Decisions []struct {
			Standing string `json:"standing"`
		} `json:"decisions"`
	}
	s.do(t, req{method: "GET", path: mPath, auth: court}).ok(t, 200, &one)
	if len(one.Decisions) != 1 || one.Decisions[0].Standing != "done" {
		t.Errorf("court's view %+v", one)
	}
}
