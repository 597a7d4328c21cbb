package api_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/registry"
)

// settingsOperations are the operations of the bureau's policy and of
// mediators' training, with the permission each declares.
// TestOpenAPIDocument checks that the document lists exactly these with
// the others.
var settingsOperations = map[string]string{
	"GET /api/v1/settings/policy":                "mediators.read",
	"PUT /api/v1/settings/policy":                "policy.edit",
	"GET /api/v1/staff/mediators/{id}/training":  "mediators.read",
	"POST /api/v1/staff/mediators/{id}/training": "mediators.edit",
}

// settingsPageOf names the page route doing what each operation does:
// reading the policy is what the staff mediator page does when it shows
// the requirement; changing it is the bureau's settings page.
var settingsPageOf = map[string]string{
	"GET /api/v1/settings/policy":                "GET /staff/mediators/{id}",
	"PUT /api/v1/settings/policy":                "POST /staff/settings",
	"GET /api/v1/staff/mediators/{id}/training":  "GET /staff/mediators/{id}",
	"POST /api/v1/staff/mediators/{id}/training": "POST /staff/mediators/{id}/training",
}

// TestSettingsPermissionsMatchPages checks that each operation declares
// the permission of the page route that does the same thing.
func TestSettingsPermissionsMatchPages(t *testing.T) {
	matchPages(t, settingsOperations, settingsPageOf)
}

// policyJSON is the API's policy.
type policyJSON struct {
	TrainingHoursRequired int `json:"training_hours_required"`
}

// TestPolicyAPI: staff who read the roster read the policy; only the
// bureau changes it, a setting at a time, within the bounds; a change is
// audited.
func TestPolicyAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	bureau := s.token(t, s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}), tiaojie.PermMediatorsRead, tiaojie.PermPolicy)
	admin := s.user(t, "orgadmin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: 1})
	reader := s.token(t, admin, tiaojie.PermMediatorsRead)
	township := s.token(t, s.user(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao}), tiaojie.PermMediatorsRead)

	var got policyJSON
	s.do(t, req{method: "GET", path: "/api/v1/settings/policy", auth: reader}).ok(t, 200, &got)
	if got.TrainingHoursRequired != 0 {
		t.Errorf("default policy %+v", got)
	}
	s.do(t, req{method: "PUT", path: "/api/v1/settings/policy", auth: township, body: policyJSON{8}}).problem(t, 403, "error.forbidden")
	p := s.do(t, req{method: "PUT", path: "/api/v1/settings/policy", auth: bureau, body: policyJSON{201}}).problem(t, 422, "error.invalid_input")
	if len(p.Errors) != 1 || p.Errors[0].Field != "training_hours_required" {
		t.Errorf("field problems %+v", p.Errors)
	}
	s.do(t, req{method: "PUT", path: "/api/v1/settings/policy", auth: bureau, body: policyJSON{16}}).ok(t, 200, &got)
	if got.TrainingHoursRequired != 16 {
		t.Errorf("after the change %+v", got)
	}
	// A change that names no setting keeps every setting.
	s.do(t, req{method: "PUT", path: "/api/v1/settings/policy", auth: bureau, body: "{}"}).ok(t, 200, &got)
	s.do(t, req{method: "GET", path: "/api/v1/settings/policy", auth: reader}).ok(t, 200, &got)
	if got.TrainingHoursRequired != 16 {
		t.Errorf("after an empty change %+v", got)
	}
	if n := s.count(t, `SELECT count(*) FROM audit_log WHERE action = 'settings.policy' AND outcome = 'ok'`); n != 2 {
		t.Errorf("%d audited changes, want 2", n)
	}
	if n := s.count(t, `SELECT count(*) FROM audit_log WHERE action = 'route.denied' AND outcome = 'denied' AND actor = 'cq.office'`); n != 1 {
		t.Errorf("%d audited refusals, want 1", n)
	}
}

// trainingJSON is the API's training list.
type trainingJSON struct {
	Items []struct {
		ID     int64  `json:"id"`
		Title  string `json:"title"`
		HeldOn string `json:"held_on"`
		Hours  int    `json:"hours"`
	} `json:"items"`
	Hours    int    `json:"hours"`
	Required int    `json:"required"`
	Short    bool   `json:"short"`
	From     string `json:"from"`
	To       string `json:"to"`
}

// TestTrainingAPI: recording and listing a mediator's training, with the
// hours of the last 12 months against the requirement, within the
// caller's scope.
func TestTrainingAPI(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		ctx := context.Background()
		org := s.register(t, registry.OrgInput{Name: "城桥镇人民调解委员会", Type: tiaojie.OrgBasic, LegalForm: tiaojie.FormPeoplesCommittee,
			Level: tiaojie.LevelTownship, Township: chengqiao, Specialties: []string{"neighbour"}}, "")
		mid := s.mediator(t, "顾培训", womanID, org)
		path := "/api/v1/staff/mediators/" + strconv.FormatInt(mid, 10) + "/training"
		cq := s.token(t, s.user(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao}),
			tiaojie.PermMediatorsRead, tiaojie.PermMediatorsEdit)
		bz := s.token(t, s.user(t, "bz.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen}),
			tiaojie.PermMediatorsRead, tiaojie.PermMediatorsEdit)
		med := s.token(t, s.user(t, "mediator1", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: org}), tiaojie.PermMediatorsRead)
		if err := s.st.Settings.SetPolicy(ctx, system, tiaojie.DefaultPolicy().WithTraining(12)); err != nil {
			t.Fatal(err)
		}
		today := s.st.Clock.Now().In(tiaojie.Beijing())
		day := func(back int) string { return today.AddDate(0, 0, -back).Format(time.DateOnly) }

		type newTraining struct {
			Title  string `json:"title"`
			HeldOn string `json:"held_on"`
			Hours  int    `json:"hours"`
		}
		p := s.do(t, req{method: "POST", path: path, auth: cq, body: newTraining{"", day(-1), 0}}).problem(t, 422, "error.invalid_input")
		want := [][2]string{{"title", "training.title_length"}, {"held_on", "training.held_on_future"}, {"hours", "training.hours"}}
		if diff := cmp.Diff(want, p.fields()); diff != "" {
			t.Errorf("field problems (-want +got):\n%s", diff)
		}
		s.do(t, req{method: "POST", path: path, auth: cq, body: newTraining{"培训", "2026-13-01", 8}}).problem(t, 422, "error.invalid_input")
		s.do(t, req{method: "POST", path: path, auth: bz, body: newTraining{"培训", day(3), 8}}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "POST", path: path, auth: med, body: newTraining{"培训", day(3), 8}}).problem(t, 403, "error.forbidden")

		var created struct{ ID int64 }
		s.do(t, req{method: "POST", path: path, auth: cq, body: newTraining{"2026年全区人民调解员统一职业培训", day(30), 8}}).ok(t, 201, &created)
		s.do(t, req{method: "POST", path: path, auth: cq, body: newTraining{"往年培训", day(366), 24}}).ok(t, 201, nil)
		if created.ID == 0 {
			t.Error("no id")
		}
		var list trainingJSON
		s.do(t, req{method: "GET", path: path, auth: med}).ok(t, 200, &list)
		if len(list.Items) != 2 || list.Items[0].ID != created.ID || list.Items[0].HeldOn != day(30) || list.Hours != 8 ||
			list.Required != 12 || !list.Short || list.To != day(0) || list.From != today.AddDate(-1, 0, 1).Format(time.DateOnly) {
			t.Errorf("training %+v", list)
		}
		s.do(t, req{method: "GET", path: path, auth: bz}).problem(t, 404, "error.not_found")
		if err := s.st.Roster.Assignable(ctx, mid, org); tiaojie.ErrorKind(err) != tiaojie.Conflict {
			t.Errorf("assignable with 8 of 12 hours: %v", err)
		}
		s.do(t, req{method: "POST", path: path, auth: cq, body: newTraining{"调解技巧专题培训", day(0), 4}}).ok(t, 201, nil)
		s.do(t, req{method: "GET", path: path, auth: cq}).ok(t, 200, &list)
		if list.Hours != 12 || list.Short {
			t.Errorf("after 12 hours %+v", list)
		}
		if err := s.st.Roster.Assignable(ctx, mid, org); err != nil {
			t.Errorf("assignable with 12 hours: %v", err)
		}
		titles := []string{}
		for _, it := range list.Items {
			titles = append(titles, it.Title)
		}
		if !slices.Equal(titles, []string{"调解技巧专题培训", "2026年全区人民调解员统一职业培训", "往年培训"}) {
			t.Errorf("order %v", titles)
		}
	})
}
