package disclosure_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/disclosure"
	"tiaojie/internal/i18n"
	"tiaojie/internal/keys"
	"tiaojie/internal/notify"
)

const (
	chengqiao = "310151101"
	baozhen   = "310151102"
)

// start is 15 February 2026, Beijing: the 2025 disclosures are due by the
// end of 31 March.
var start = time.Date(2026, 2, 15, 10, 0, 0, 0, tiaojie.Beijing())

type env struct {
	svc        *disclosure.Service
	db         *db.DB
	clock      *clock.Fake
	notes      *fakeNotifier
	a, b       int64 // organizations of Chengqiao and Baozhen
	adminA     *tiaojie.Principal
	adminB     *tiaojie.Principal
	mediatorA  *tiaojie.Principal
	bureau     *tiaojie.Principal
	cqOffice   *tiaojie.Principal
	bzOffice   *tiaojie.Principal
	public     *tiaojie.Principal
	adminAUser int64
}

// fakeNotifier records the notices queued.
type fakeNotifier struct {
	mu   sync.Mutex
	keys []string
}

func (f *fakeNotifier) Render(lang i18n.Lang, m notify.Message) (notify.Content, error) {
	return notify.Content{Subject: "s", Text: "t", SMS: "sms"}, nil
}

func (f *fakeNotifier) Enqueue(ctx context.Context, tx *db.Tx, now time.Time, n notify.Notice) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keys = append(f.keys, n.Key+"→"+n.Email+n.Phone)
	return nil
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(start)
	e := &env{db: d, clock: c, notes: &fakeNotifier{}}
	e.svc = disclosure.New(disclosure.Deps{DB: d, Audit: audit.New(m, c), Clock: c, Notifier: e.notes, Keys: m})
	org := func(name, township string, created time.Time) int64 {
		var id int64
		if err := d.Writer().QueryRow(`
			INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, contact_phone, created_at, updated_at)
			VALUES ($1, $1, 'basic', 'peoples_committee', 'township', $2, 'active', '13800000000', $3, $3) RETURNING id`,
			name, township, created).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	y2024 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	e.a, e.b = org("城桥镇人民调解委员会", chengqiao, y2024), org("堡镇人民调解委员会", baozhen, y2024)
	org("新河镇新设调解委员会", chengqiao, time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)) // owes nothing for 2025
	user := func(login, email string) int64 {
		var id int64
		if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, email, created_at, updated_at) VALUES ($1, $1, $2, $3, $3) RETURNING id`,
			login, email, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.adminAUser = user("admin.a", "admin.a@example.org")
	if _, err := d.Writer().Exec(`INSERT INTO user_roles (user_id, role, org_id, granted_at) VALUES ($1, 'org_admin', $2, $3)`,
		e.adminAUser, e.a, start); err != nil {
		t.Fatal(err)
	}
	pr := func(id int64, g tiaojie.Grant) *tiaojie.Principal {
		return &tiaojie.Principal{UserID: id, Name: "u", MFA: true, Grants: []tiaojie.Grant{g}}
	}
	e.adminA = pr(e.adminAUser, tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.a})
	e.adminB = pr(user("admin.b", ""), tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.b})
	e.mediatorA = pr(user("med.a", ""), tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: e.a})
	e.bureau = pr(user("bureau", ""), tiaojie.Grant{Role: tiaojie.RoleBureau})
	e.cqOffice = pr(user("cq", ""), tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	e.bzOffice = pr(user("bz", ""), tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})
	e.public = tiaojie.Anonymous()
	return e
}

func kind(err error) string {
	if err == nil {
		return ""
	}
	e, ok := err.(*tiaojie.Error)
	if !ok {
		return err.Error()
	}
	return e.Kind.String() + " " + e.Code
}

var full = disclosure.Input{
	Structure: "主任1名，副主任2名，委员5名", Persons: "主任：张明", Services: "邻里、婚姻家庭纠纷调解",
	CaseNote: "另有现场调解若干", Rewards: "2025年获评区优秀调委会",
	Money: tiaojie.DisclosureMoney{IncomeGov: 12000000, IncomeDonation: 50000, SpendStaff: 8000000, SpendActivity: 2000000},
}

// denials counts the denied audit rows of an action.
func (e *env) denials(t *testing.T, action string) int {
	t.Helper()
	var n int
	if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = $1 AND outcome = 'denied'`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *env) abnormal(t *testing.T, org int64) bool {
	t.Helper()
	var since *time.Time
	if err := e.db.Reader().QueryRow(`SELECT abnormal_since FROM orgs WHERE id = $1`, org).Scan(&since); err != nil {
		t.Fatal(err)
	}
	return since != nil
}

// TestFileAnnual: an organization's admin drafts, saves and files the
// annual disclosure; the case figures are the platform's and frozen at
// filing; a filed version is never edited; a correction is a new version
// and the old one stays public as superseded.
func TestFileAnnual(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		for i, st := range []string{"agreed", "terminated", "draft", "agreed"} {
			created := time.Date(2025, time.Month(3+i), 1, 0, 0, 0, 0, time.UTC)
			if _, err := d.Writer().Exec(`INSERT INTO cases (number, status, source, dispute_type, township, title, org_id, end_reason, created_at, activity_at)
				VALUES ($1, $2, 'desk', 'neighbour', $3, '纠纷', $4, $5, $6, $6)`, "TJ2025-00000"+string(rune('1'+i)), st, chengqiao, e.a,
				map[string]string{"terminated": "far_apart"}[st], created); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.svc.Start(ctx, e.adminA, e.a, 2026); kind(err) != "invalid error.invalid_input" {
			t.Errorf("the year not ended: %v", err)
		}
		id, err := e.svc.Start(ctx, e.adminA, e.a, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := e.svc.Start(ctx, e.adminA, e.a, 2025); again != id {
			t.Errorf("start again: %d, want the open draft %d", again, id)
		}
		if err := e.svc.File(ctx, e.adminA, id); kind(err) != "invalid error.invalid_input" {
			t.Errorf("file an empty draft: %v", err)
		}
		bad := full
		bad.Money.SpendOther = -1
		if err := e.svc.Save(ctx, e.adminA, id, bad); kind(err) != "invalid error.invalid_input" {
			t.Errorf("negative amount: %v", err)
		}
		if err := e.svc.Save(ctx, e.adminA, id, full); err != nil {
			t.Fatal(err)
		}
		draft, err := e.svc.Get(ctx, e.adminA, id)
		if err != nil {
			t.Fatal(err)
		}
		if draft.Cases.Total != 3 || draft.Status != tiaojie.DisclosureDraft || draft.Structure != full.Structure || draft.Money != full.Money {
			t.Errorf("draft %+v", draft)
		}
		if !draft.DueAt.Equal(time.Date(2026, 4, 1, 0, 0, 0, 0, tiaojie.Beijing())) {
			t.Errorf("due %v", draft.DueAt)
		}
		if err := e.svc.File(ctx, e.adminA, id); err != nil {
			t.Fatal(err)
		}
		filed, _ := e.svc.Get(ctx, e.public, id)
		if filed == nil || filed.Status != tiaojie.DisclosureFiled || filed.FiledAt.IsZero() || filed.Cases.Total != 3 ||
			len(filed.Cases.ByEndReason) != 1 || filed.Cases.ByEndReason[0] != (disclosure.Count{Key: "far_apart", N: 1}) {
			t.Fatalf("filed %+v", filed)
		}
		if err := e.svc.Save(ctx, e.adminA, id, full); kind(err) != "conflict disclosure.not_draft" {
			t.Errorf("save a filed version: %v", err)
		}
		if err := e.svc.File(ctx, e.adminA, id); kind(err) != "conflict disclosure.not_draft" {
			t.Errorf("file twice: %v", err)
		}
		// A correction: a new version; once filed, the first is superseded.
		v2, err := e.svc.Correct(ctx, e.adminA, id)
		if err != nil || v2 == id {
			t.Fatalf("correct: %d %v", v2, err)
		}
		fixed := full
		fixed.Persons = "主任：张明；副主任：李华"
		if err := e.svc.Save(ctx, e.adminA, v2, fixed); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(24 * time.Hour)
		if err := e.svc.File(ctx, e.adminA, v2); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Correct(ctx, e.adminA, id); kind(err) != "conflict disclosure.superseded_error" {
			t.Errorf("correct a superseded version: %v", err)
		}
		pub, err := e.svc.Public(ctx, e.a)
		if err != nil || len(pub) != 2 || pub[0].ID != v2 || pub[0].Version != 2 || pub[0].Superseded() || !pub[1].Superseded() {
			t.Fatalf("public history %+v %v", pub, err)
		}
		// The rating contract: filed by its due_at, counted from the table.
		var n int
		if err := d.Reader().QueryRow(`SELECT COUNT(DISTINCT org_id) FROM disclosures WHERE kind = 'annual' AND year = 2025
			AND status = 'filed' AND filed_at <= due_at`).Scan(&n); err != nil || n != 1 {
			t.Errorf("on-time count %d %v", n, err)
		}
	})
}

// TestAuthorization: an admin of A can neither start, save nor file B's
// disclosure, nor read B's draft; drafts are private; the public sees the
// filed ones only; every refusal is audited and nothing changes.
func TestAuthorization(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		if _, err := e.svc.Start(ctx, e.adminA, e.b, 2025); kind(err) != "not_found error.not_found" {
			t.Errorf("A starts B's: %v", err)
		}
		for _, p := range []*tiaojie.Principal{e.bureau, e.cqOffice, e.mediatorA, e.public} {
			if _, err := e.svc.Start(ctx, p, e.a, 2025); kind(err) != "forbidden error.forbidden" {
				t.Errorf("%v starts A's: %v", p.Grants, err)
			}
		}
		idB, err := e.svc.Start(ctx, e.adminB, e.b, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Save(ctx, e.adminA, idB, full); kind(err) != "not_found error.not_found" {
			t.Errorf("A saves B's: %v", err)
		}
		if err := e.svc.Save(ctx, e.adminB, idB, full); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.File(ctx, e.adminA, idB); kind(err) != "not_found error.not_found" {
			t.Errorf("A files B's: %v", err)
		}
		if got, _ := e.svc.Get(ctx, e.adminB, idB); got.Status != tiaojie.DisclosureDraft {
			t.Errorf("B's draft changed: %+v", got)
		}
		if e.denials(t, "disclosure.start") != 5 || e.denials(t, "disclosure.save") != 1 || e.denials(t, "disclosure.file") != 1 {
			t.Errorf("denials not audited")
		}
		for name, p := range map[string]*tiaojie.Principal{"admin A": e.adminA, "public": e.public, "mediator": e.mediatorA, "other township": e.cqOffice} {
			if _, err := e.svc.Get(ctx, p, idB); kind(err) != "not_found error.not_found" {
				t.Errorf("%s reads B's draft: %v", name, err)
			}
		}
		for name, p := range map[string]*tiaojie.Principal{"bureau": e.bureau, "its township": e.bzOffice} {
			if _, err := e.svc.Get(ctx, p, idB); err != nil {
				t.Errorf("%s reads B's draft: %v", name, err)
			}
		}
		if _, err := e.svc.History(ctx, e.adminA, e.b); kind(err) != "not_found error.not_found" {
			t.Errorf("A reads B's history: %v", err)
		}
		if pub, _ := e.svc.Public(ctx, e.b); len(pub) != 0 {
			t.Errorf("public sees a draft: %+v", pub)
		}
		if err := e.svc.File(ctx, e.adminB, idB); err != nil {
			t.Fatal(err)
		}
		if got, err := e.svc.Get(ctx, e.public, idB); err != nil || got.Status != tiaojie.DisclosureFiled {
			t.Errorf("public reads B's filed: %v", err)
		}
	})
}

// TestAbnormalAndReminders: the sweep reminds unfiled organizations at
// each stage once, marks one abnormal after the policy's days (audited),
// and filing lifts the mark.
func TestAbnormalAndReminders(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		sweep := func(at time.Time) disclosure.SweepResult {
			t.Helper()
			e.clock.Set(at)
			r, err := e.svc.Sweep(ctx, at)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		if r := sweep(start); r.Reminded != 0 || r.Marked != 0 {
			t.Errorf("45 days ahead: %+v", r)
		}
		r := sweep(time.Date(2026, 3, 25, 9, 0, 0, 0, tiaojie.Beijing()))
		if r.Reminded != 2 || !strings.Contains(strings.Join(e.notes.keys, " "), ":before7:") {
			t.Errorf("a week ahead: %+v %v", r, e.notes.keys)
		}
		if !strings.Contains(e.notes.keys[0], "admin.a@example.org") || !strings.Contains(e.notes.keys[1], "13800000000") {
			t.Errorf("A's admin by e-mail, B (no admin contact) at its number: %v", e.notes.keys)
		}
		if r := sweep(time.Date(2026, 3, 25, 15, 0, 0, 0, tiaojie.Beijing())); r.Reminded != 2 {
			t.Errorf("same stage again: %+v", r) // the notifier drops the repeated keys
		}
		if e.notes.keys[0] != e.notes.keys[2] {
			t.Errorf("a repeated stage changes the key: %v", e.notes.keys)
		}
		// A files on time; B does not.
		id, _ := e.svc.Start(ctx, e.adminA, e.a, 2025)
		if err := e.svc.Save(ctx, e.adminA, id, full); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.File(ctx, e.adminA, id); err != nil {
			t.Fatal(err)
		}
		if r := sweep(time.Date(2026, 6, 29, 12, 0, 0, 0, tiaojie.Beijing())); r.Marked != 0 || r.Reminded != 1 {
			t.Errorf("89 days late: %+v", r)
		}
		if r := sweep(time.Date(2026, 6, 30, 1, 0, 0, 0, tiaojie.Beijing())); r.Marked != 1 || !e.abnormal(t, e.b) || e.abnormal(t, e.a) {
			t.Errorf("90 days late: %+v", r)
		}
		rows, err := e.svc.Overview(ctx, e.bureau, disclosure.Filter{Year: 2025})
		if err != nil || len(rows) != 2 {
			t.Fatalf("overview %+v %v", rows, err)
		}
		want := map[int64]tiaojie.DisclosureStanding{e.a: tiaojie.StandingOnTime, e.b: tiaojie.StandingAbnormal}
		for _, r := range rows {
			if r.Standing != want[r.OrgID] || r.Abnormal != (r.OrgID == e.b) {
				t.Errorf("overview row %+v", r)
			}
		}
		if rows, _ := e.svc.Overview(ctx, e.cqOffice, disclosure.Filter{Year: 2025}); len(rows) != 1 || rows[0].OrgID != e.a {
			t.Errorf("Chengqiao's overview %+v", rows)
		}
		if _, err := e.svc.Overview(ctx, e.adminA, disclosure.Filter{}); kind(err) != "forbidden error.forbidden" {
			t.Errorf("an org admin's overview: %v", err)
		}
		idB, _ := e.svc.Start(ctx, e.adminB, e.b, 2025)
		if err := e.svc.Save(ctx, e.adminB, idB, full); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.File(ctx, e.adminB, idB); err != nil {
			t.Fatal(err)
		}
		if e.abnormal(t, e.b) {
			t.Error("filing leaves the mark")
		}
		var n int
		if err := d.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action IN ('org.abnormal', 'org.abnormal_cleared')`).Scan(&n); err != nil || n != 2 {
			t.Errorf("mark and lift audited: %d %v", n, err)
		}
		if rows, _ := e.svc.Overview(ctx, e.bureau, disclosure.Filter{Year: 2025, Standing: tiaojie.StandingFiledLate}); len(rows) != 1 || rows[0].OrgID != e.b {
			t.Errorf("filed late: %+v", rows)
		}
	})
}

// TestAdhoc: supervisors in scope require an ad-hoc disclosure with a
// subject and a due day; the organization files it; unfiled past the
// policy's days it makes the organization abnormal.
func TestAdhoc(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		due := time.Date(2026, 3, 1, 0, 0, 0, 0, tiaojie.Beijing())
		if _, err := e.svc.RequireAdhoc(ctx, e.bzOffice, e.a, "负责人变更", due); kind(err) != "not_found error.not_found" {
			t.Errorf("another township: %v", err)
		}
		if _, err := e.svc.RequireAdhoc(ctx, e.adminA, e.a, "负责人变更", due); kind(err) != "forbidden error.forbidden" {
			t.Errorf("an org admin: %v", err)
		}
		if _, err := e.svc.RequireAdhoc(ctx, e.bureau, e.a, " ", start.AddDate(0, 0, -1)); kind(err) != "invalid error.invalid_input" {
			t.Errorf("no subject, past day: %v", err)
		}
		id, err := e.svc.RequireAdhoc(ctx, e.cqOffice, e.a, "负责人变更", due)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Get(ctx, e.adminA, id)
		if err != nil || got.Kind != tiaojie.DisclosureAdhoc || got.Subject != "负责人变更" || !got.DueAt.Equal(due.AddDate(0, 0, 1)) {
			t.Fatalf("request %+v %v", got, err)
		}
		if reqs, _ := e.svc.Requests(ctx, e.bureau); len(reqs) != 1 {
			t.Errorf("requests %+v", reqs)
		}
		if err := e.svc.File(ctx, e.adminA, id); kind(err) != "invalid error.invalid_input" {
			t.Errorf("file without a body: %v", err)
		}
		// Unfiled 90 days past its day: abnormal, though the annual one is filed.
		annual, _ := e.svc.Start(ctx, e.adminA, e.a, 2025)
		_ = e.svc.Save(ctx, e.adminA, annual, full)
		if err := e.svc.File(ctx, e.adminA, annual); err != nil {
			t.Fatal(err)
		}
		at := due.AddDate(0, 0, 92)
		e.clock.Set(at)
		if _, err := e.svc.Sweep(ctx, at); err != nil {
			t.Fatal(err)
		}
		if !e.abnormal(t, e.a) {
			t.Error("an ad-hoc request unfiled for 90 days")
		}
		if err := e.svc.Save(ctx, e.adminA, id, disclosure.Input{Body: "原主任退休，由李华接任。"}); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.File(ctx, e.adminA, id); err != nil {
			t.Fatal(err)
		}
		if e.abnormal(t, e.a) {
			t.Error("filing the request leaves the mark")
		}
	})
}

// TestRecordsHook: the rewards and sanctions on record (the supervision
// hook) are frozen into the annual disclosure at filing.
func TestRecordsHook(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		m, _, _ := keys.Generate()
		var asked []int
		svc := disclosure.New(disclosure.Deps{DB: d, Audit: audit.New(m, e.clock), Clock: e.clock,
			Records: disclosure.RecordsFunc(func(ctx context.Context, q db.Queryer, orgID int64, year int) ([]disclosure.Record, error) {
				asked = append(asked, year)
				return []disclosure.Record{{Kind: "reward", Title: "区级优秀调委会", Issuer: "区司法局", At: start}}, nil
			})})
		id, err := svc.Start(ctx, e.adminA, e.a, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Save(ctx, e.adminA, id, full); err != nil {
			t.Fatal(err)
		}
		if err := svc.File(ctx, e.adminA, id); err != nil {
			t.Fatal(err)
		}
		got, err := svc.Get(ctx, e.public, id)
		if err != nil || len(got.Records) != 1 || got.Records[0].Title != "区级优秀调委会" || len(asked) != 1 || asked[0] != 2025 {
			t.Errorf("records %+v %v asked %v", got, err, asked)
		}
	})
}
