package api_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/roster"
)

// trainingCourseOperations are the training and mentoring operations with
// the permission each declares; TestOpenAPIDocument checks that the
// document lists exactly these with the others.
var trainingCourseOperations = map[string]string{
	"GET /api/v1/staff/training/courses":                     "self",
	"POST /api/v1/staff/training/courses":                    "training.manage",
	"GET /api/v1/staff/training/courses/{id}":                "self",
	"PUT /api/v1/staff/training/courses/{id}":                "training.manage",
	"POST /api/v1/staff/training/courses/{id}/sessions":      "training.manage",
	"GET /api/v1/staff/training/sessions/{id}":               "self",
	"PUT /api/v1/staff/training/sessions/{id}":               "training.manage",
	"POST /api/v1/staff/training/sessions/{id}/cancel":       "training.manage",
	"POST /api/v1/staff/training/sessions/{id}/enrolments":   "self",
	"POST /api/v1/staff/training/enrolments/{id}/withdraw":   "self",
	"POST /api/v1/staff/training/enrolments/{id}/attendance": "training.manage",
	"GET /api/v1/staff/training/certificates/{id}":           "self",
	"GET /api/v1/staff/training/hours":                       "training.enrol",
	"GET /api/v1/staff/mediators/{id}/training-hours":        "self",
	"GET /api/v1/staff/mentorships":                          "training.enrol",
	"POST /api/v1/staff/mentorships":                         "training.enrol",
	"GET /api/v1/staff/mentorships/{id}":                     "self",
	"POST /api/v1/staff/mentorships/{id}/notes":              "self",
	"POST /api/v1/staff/mentorships/{id}/complete":           "self",
}

// trainingCoursePageOf names the page route doing what each operation
// does.
var trainingCoursePageOf = map[string]string{
	"GET /api/v1/staff/training/courses":                     "GET /staff/training",
	"POST /api/v1/staff/training/courses":                    "POST /staff/training/courses",
	"GET /api/v1/staff/training/courses/{id}":                "GET /staff/training/courses/{id}",
	"PUT /api/v1/staff/training/courses/{id}":                "POST /staff/training/courses/{id}",
	"POST /api/v1/staff/training/courses/{id}/sessions":      "POST /staff/training/courses/{id}/sessions",
	"GET /api/v1/staff/training/sessions/{id}":               "GET /staff/training/sessions/{id}",
	"PUT /api/v1/staff/training/sessions/{id}":               "POST /staff/training/sessions/{id}",
	"POST /api/v1/staff/training/sessions/{id}/cancel":       "POST /staff/training/sessions/{id}/cancel",
	"POST /api/v1/staff/training/sessions/{id}/enrolments":   "POST /staff/training/sessions/{id}/enrol",
	"POST /api/v1/staff/training/enrolments/{id}/withdraw":   "POST /staff/training/enrolments/{id}/withdraw",
	"POST /api/v1/staff/training/enrolments/{id}/attendance": "POST /staff/training/enrolments/{id}/mark",
	"GET /api/v1/staff/training/certificates/{id}":           "GET /staff/training/certificates/{id}",
	"GET /api/v1/staff/training/hours":                       "GET /staff/training/hours",
	"GET /api/v1/staff/mediators/{id}/training-hours":        "GET /staff/training/mine",
	"GET /api/v1/staff/mentorships":                          "GET /staff/mentoring",
	"POST /api/v1/staff/mentorships":                         "POST /staff/mentoring",
	"GET /api/v1/staff/mentorships/{id}":                     "GET /staff/mentoring/{id}",
	"POST /api/v1/staff/mentorships/{id}/notes":              "POST /staff/mentoring/{id}/notes",
	"POST /api/v1/staff/mentorships/{id}/complete":           "POST /staff/mentoring/{id}/complete",
}

// TestTrainingCoursePermissionsMatchPages checks that each operation
// declares the permission of the page route that does the same thing.
func TestTrainingCoursePermissionsMatchPages(t *testing.T) {
	matchPages(t, trainingCourseOperations, trainingCoursePageOf)
}

// TestTrainingCourseAPI: the same rules as the pages. The bureau adds a
// course and a session of one place; an admin enrols their mediator, the
// admin of another organization cannot, and a second enrolment is refused
// as full with a localized problem and nothing changed; after the start
// the attendance credits the hours once and the certificate is readable;
// the hours report and mentoring follow the scopes.
func TestTrainingCourseAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	ctx := context.Background()
	a, b := s.operatingOrg(t, "城桥镇人民调解委员会", chengqiao), s.operatingOrg(t, "堡镇人民调解委员会", "310151102")
	bureau := s.token(t, s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}), tiaojie.PermSelf, tiaojie.PermTraining, tiaojie.PermTrainingEnrol)
	adminA := s.token(t, s.user(t, "admin.a", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: a}), tiaojie.PermSelf, tiaojie.PermTrainingEnrol)
	adminB := s.token(t, s.user(t, "admin.b", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: b}), tiaojie.PermSelf, tiaojie.PermTrainingEnrol)
	mediator := func(name string, org int64) int64 {
		id, err := s.st.Roster.Create(ctx, tiaojie.System(), roster.MediatorInput{Name: name, Background: "law",
			Orgs: []roster.Membership{{OrgID: org, Position: roster.PositionFullTime}}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	m1, m2, m3 := mediator("顾培训", a), mediator("施学习", a), mediator("黄堡镇", b)

	var created struct{ ID int64 }
	course := map[string]any{"title": "人民调解员统一职业培训", "hours": 6}
	s.do(t, req{method: "POST", path: "/api/v1/staff/training/courses", auth: adminA, body: course}).ok(t, 403, nil)
	s.do(t, req{method: "POST", path: "/api/v1/staff/training/courses", auth: bureau, body: map[string]any{"title": "", "hours": 0}}).ok(t, 422, nil)
	s.do(t, req{method: "POST", path: "/api/v1/staff/training/courses", auth: bureau, body: course}).ok(t, 201, &created)
	now := s.st.Clock.Now()
	session := map[string]any{"start": now.Add(2 * time.Hour), "end": now.Add(5 * time.Hour), "deadline": now.Add(time.Hour),
		"capacity": 1, "link": "https://meeting.example.cn/123"}
	cpath := "/api/v1/staff/training/courses/" + strconv.FormatInt(created.ID, 10)
	township := s.token(t, s.user(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao}), tiaojie.PermSelf, tiaojie.PermTraining)
	s.do(t, req{method: "PUT", path: cpath, auth: township, body: course}).ok(t, 404, nil)
	course["topic"] = "人民调解法"
	s.do(t, req{method: "PUT", path: cpath, auth: bureau, body: course}).ok(t, 204, nil)
	var cd struct {
		Course struct {
			Topic string `json:"topic"`
		} `json:"course"`
	}
	s.do(t, req{method: "GET", path: cpath, auth: adminA}).ok(t, 200, &cd)
	if cd.Course.Topic != "人民调解法" {
		t.Errorf("course after the update %+v", cd)
	}
	s.do(t, req{method: "POST", path: cpath + "/sessions", auth: bureau, body: session}).ok(t, 201, &created)
	spath := "/api/v1/staff/training/sessions/" + strconv.FormatInt(created.ID, 10)

	s.do(t, req{method: "POST", path: spath + "/enrolments", auth: adminB, body: map[string]any{"mediator_id": m1}}).ok(t, 404, nil)
	s.do(t, req{method: "POST", path: spath + "/enrolments", auth: adminA, body: map[string]any{"mediator_id": m1}}).ok(t, 201, &created)
	enrolment := created.ID
	p := s.do(t, req{method: "POST", path: spath + "/enrolments", auth: bureau, body: map[string]any{"mediator_id": m3}}).problem(t, 409, "course.session_full")
	if !strings.Contains(p.Detail+p.Title, "名额已满") {
		t.Errorf("problem not localized: %+v", p)
	}
	if n := s.count(t, `SELECT count(*) FROM training_enrolments`); n != 1 {
		t.Errorf("%d enrolments after a refusal", n)
	}
	var detail struct {
		Session struct {
			Taken int `json:"taken"`
		} `json:"session"`
		Enrolments []struct {
			MediatorID int64 `json:"mediator_id"`
		} `json:"enrolments"`
	}
	s.do(t, req{method: "GET", path: spath, auth: adminB}).ok(t, 200, &detail)
	if detail.Session.Taken != 1 || len(detail.Enrolments) != 0 {
		t.Errorf("admin B sees %+v", detail)
	}

	epath := "/api/v1/staff/training/enrolments/" + strconv.FormatInt(enrolment, 10)
	s.do(t, req{method: "POST", path: epath + "/attendance", auth: bureau, body: map[string]string{"status": "attended"}}).problem(t, 409, "course.not_started")
	s.st.Clock.Advance(3 * time.Hour)
	s.do(t, req{method: "POST", path: epath + "/attendance", auth: adminA, body: map[string]string{"status": "attended"}}).ok(t, 403, nil)
	for range 2 {
		s.do(t, req{method: "POST", path: epath + "/attendance", auth: bureau, body: map[string]string{"status": "attended"}}).ok(t, 204, nil)
	}
	if n := s.count(t, `SELECT count(*) FROM mediator_training WHERE mediator_id = $1 AND hours = 6`, m1); n != 1 {
		t.Errorf("%d training records, want 1", n)
	}
	var cert struct {
		No    string `json:"no"`
		Hours int    `json:"hours"`
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/training/certificates/" + strconv.FormatInt(enrolment, 10), auth: adminA}).ok(t, 200, &cert)
	if cert.Hours != 6 || !strings.HasPrefix(cert.No, "培训证字") {
		t.Errorf("certificate %+v", cert)
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/training/certificates/" + strconv.FormatInt(enrolment, 10), auth: adminB}).ok(t, 404, nil)

	var hours struct {
		Rows []struct {
			MediatorID int64 `json:"mediator_id"`
			YearHours  int   `json:"year_hours"`
		} `json:"rows"`
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/training/hours", auth: adminA}).ok(t, 200, &hours)
	if len(hours.Rows) != 2 {
		t.Errorf("admin A's hours %+v", hours)
	}

	pair := map[string]any{"mentor_id": m1, "apprentice_id": m1, "from": "2026-01-01", "to": "2026-06-30", "goals": "独立调解"}
	if p := s.do(t, req{method: "POST", path: "/api/v1/staff/mentorships", auth: adminA, body: pair}).problem(t, 422, "error.invalid_input"); len(p.Errors) != 1 || p.Errors[0].Code != "mentoring.self" {
		t.Errorf("self-mentoring: %+v", p.Errors)
	}
	pair["apprentice_id"] = m3
	s.do(t, req{method: "POST", path: "/api/v1/staff/mentorships", auth: adminA, body: pair}).ok(t, 404, nil)
	pair["apprentice_id"] = m2
	s.do(t, req{method: "POST", path: "/api/v1/staff/mentorships", auth: adminA, body: pair}).ok(t, 201, &created)
	mpath := "/api/v1/staff/mentorships/" + strconv.FormatInt(created.ID, 10)
	s.do(t, req{method: "POST", path: mpath + "/notes", auth: adminA, body: map[string]string{"text": "旁听两场"}}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: mpath + "/complete", auth: adminA, body: map[string]string{"text": "结业"}}).ok(t, 204, nil)
	s.do(t, req{method: "POST", path: mpath + "/notes", auth: adminA, body: map[string]string{"text": "x"}}).problem(t, 409, "mentoring.completed")
	var pairs []struct {
		Status string `json:"status"`
		Notes  []any  `json:"notes"`
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/mentorships", auth: bureau}).ok(t, 200, &pairs)
	if len(pairs) != 1 || pairs[0].Status != "completed" || len(pairs[0].Notes) != 1 {
		t.Errorf("pairs %+v", pairs)
	}
	s.do(t, req{method: "GET", path: "/api/v1/staff/mentorships", auth: adminB}).ok(t, 200, &pairs)
	if len(pairs) != 0 {
		t.Errorf("admin B sees %d pairs", len(pairs))
	}
}

// TestTrainingSessionChangeAPI: only the organizer changes or cancels a
// session (a mediator and an organization's admin 403, anonymous 401, a
// township office for a bureau course 404), with the pages' rules and
// problems; the change and the cancellation are e-mailed to the enrolled
// mediator, and a cancelled session shows why and takes nothing more.
func TestTrainingSessionChangeAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	ctx := context.Background()
	a := s.operatingOrg(t, "城桥镇人民调解委员会", chengqiao)
	bureau := s.token(t, s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}), tiaojie.PermSelf, tiaojie.PermTraining, tiaojie.PermTrainingEnrol)
	admin := s.token(t, s.user(t, "admin.a", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: a}), tiaojie.PermSelf, tiaojie.PermTrainingEnrol)
	medUser := s.user(t, "med.a", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: a})
	med := s.token(t, medUser, tiaojie.PermSelf)
	township := s.token(t, s.user(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao}), tiaojie.PermSelf, tiaojie.PermTraining)
	var ms []int64
	for _, name := range []string{"顾培训", "施学习"} {
		id, err := s.st.Roster.Create(ctx, tiaojie.System(), roster.MediatorInput{Name: name, Background: "law",
			Orgs: []roster.Membership{{OrgID: a, Position: roster.PositionFullTime}}})
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, id)
	}
	if _, err := s.st.DB.Writer().Exec(`UPDATE mediators SET user_id = $1 WHERE id = $2`, medUser.UserID, ms[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.st.DB.Writer().Exec(`UPDATE users SET email = 'med@example.cn' WHERE id = $1`, medUser.UserID); err != nil {
		t.Fatal(err)
	}

	var created struct{ ID int64 }
	s.do(t, req{method: "POST", path: "/api/v1/staff/training/courses", auth: bureau, body: map[string]any{"title": "调解文书", "hours": 2}}).ok(t, 201, &created)
	now := s.st.Clock.Now()
	session := map[string]any{"start": now.Add(48 * time.Hour), "end": now.Add(50 * time.Hour), "deadline": now.Add(24 * time.Hour),
		"capacity": 3, "place": "区司法局三楼会议室"}
	s.do(t, req{method: "POST", path: "/api/v1/staff/training/courses/" + strconv.FormatInt(created.ID, 10) + "/sessions", auth: bureau, body: session}).ok(t, 201, &created)
	spath := "/api/v1/staff/training/sessions/" + strconv.FormatInt(created.ID, 10)
	for _, m := range ms {
		s.do(t, req{method: "POST", path: spath + "/enrolments", auth: admin, body: map[string]any{"mediator_id": m}}).ok(t, 201, nil)
	}

	moved := map[string]any{"start": now.Add(72 * time.Hour), "end": now.Add(74 * time.Hour), "deadline": now.Add(48 * time.Hour),
		"capacity": 3, "place": "区司法局四楼多功能厅"}
	reason := map[string]string{"reason": "授课老师因公出差"}
	for _, tc := range []struct {
		name, auth string
		status     int
	}{
		{"anonymous", "", 401},
		{"a mediator", med, 403},
		{"an organization's admin", admin, 403},
		{"a township office, of a bureau course", township, 404},
	} {
		if r := s.do(t, req{method: "PUT", path: spath, auth: tc.auth, body: moved}); r.status != tc.status {
			t.Errorf("%s changes: %d, want %d", tc.name, r.status, tc.status)
		}
		if r := s.do(t, req{method: "POST", path: spath + "/cancel", auth: tc.auth, body: reason}); r.status != tc.status {
			t.Errorf("%s cancels: %d, want %d", tc.name, r.status, tc.status)
		}
	}
	few := map[string]any{}
	for k, v := range moved {
		few[k] = v
	}
	few["capacity"] = 1
	if p := s.do(t, req{method: "PUT", path: spath, auth: bureau, body: few}).problem(t, 422, "error.invalid_input"); len(p.Errors) != 1 || p.Errors[0].Code != "course.capacity_below_taken" {
		t.Errorf("fewer places than enrolled: %+v", p.Errors)
	}
	type detail struct {
		Session struct {
			Place        string     `json:"place"`
			Capacity     int        `json:"capacity"`
			CancelledAt  *time.Time `json:"cancelled_at"`
			CancelReason string     `json:"cancel_reason"`
		} `json:"session"`
	}
	var d detail
	s.do(t, req{method: "GET", path: spath, auth: med}).ok(t, 200, &d)
	if d.Session.Capacity != 3 || d.Session.Place != "区司法局三楼会议室" || d.Session.CancelledAt != nil {
		t.Errorf("after the refusals: %+v", d)
	}
	for range 2 {
		s.do(t, req{method: "PUT", path: spath, auth: bureau, body: moved}).ok(t, 204, nil)
	}
	s.do(t, req{method: "GET", path: spath, auth: med}).ok(t, 200, &d)
	if d.Session.Place != "区司法局四楼多功能厅" {
		t.Errorf("after the change: %+v", d)
	}
	if n := s.count(t, `SELECT count(*) FROM jobs WHERE unique_key LIKE 'notify.email:training.session.change:%'`); n != 1 {
		t.Errorf("%d change notices, want 1 (saved twice, one mediator with an address)", n)
	}

	if p := s.do(t, req{method: "POST", path: spath + "/cancel", auth: bureau, body: map[string]string{"reason": " "}}).problem(t, 422, "error.invalid_input"); len(p.Errors) != 1 || p.Errors[0].Code != "course.cancel_reason" {
		t.Errorf("no reason: %+v", p.Errors)
	}
	s.do(t, req{method: "POST", path: spath + "/cancel", auth: bureau, body: reason}).ok(t, 204, nil)
	s.do(t, req{method: "GET", path: spath, auth: med}).ok(t, 200, &d)
	if d.Session.CancelledAt == nil || d.Session.CancelReason != "授课老师因公出差" {
		t.Errorf("after the cancellation: %+v", d)
	}
	if n := s.count(t, `SELECT count(*) FROM jobs WHERE unique_key LIKE 'notify.email:training.session.cancel:%'`); n != 1 {
		t.Errorf("%d cancellation notices, want 1", n)
	}
	s.do(t, req{method: "POST", path: spath + "/cancel", auth: bureau, body: reason}).problem(t, 409, "course.session_cancelled")
	s.do(t, req{method: "PUT", path: spath, auth: bureau, body: moved}).problem(t, 409, "course.session_cancelled")
	s.do(t, req{method: "POST", path: spath + "/enrolments", auth: med, body: map[string]any{}}).problem(t, 409, "course.session_cancelled")
}
