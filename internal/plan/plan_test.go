package plan_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/experts"
	"tiaojie/internal/export"
	"tiaojie/internal/files"
	"tiaojie/internal/i18n"
	"tiaojie/internal/incubation"
	"tiaojie/internal/keys"
	"tiaojie/internal/notify"
	"tiaojie/internal/plan"
	"tiaojie/internal/registry"
)

// 2026-12-01 09:00 Beijing.
var start = time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)

type env struct {
	svc                 *plan.Service
	inc                 *incubation.Service
	exp                 *experts.Service
	db                  *db.DB
	clock               *clock.Fake
	notes               *fakeNotifier
	dist                *tiaojie.District
	bureau, cq, bz      *tiaojie.Principal
	orgAdmin, public    *tiaojie.Principal
	team, expert        *tiaojie.Principal
	expertID            int64
	town                []string // the district's township codes
	chengqiao, baozhen  string
	bureauUser, cqUser  int64
	orgID, orgAdminUser int64
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
	f.keys = append(f.keys, n.Key)
	return nil
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	dist, err := district.Default()
	if err != nil {
		t.Fatal(err)
	}
	store, err := files.OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(start)
	fs := files.New(store, c)
	al := audit.New(m, c)
	reg := registry.New(registry.Deps{DB: d, Audit: al, Files: fs, Clock: c, District: dist})
	e := &env{db: d, clock: c, dist: dist, notes: &fakeNotifier{},
		svc: plan.New(plan.Deps{DB: d, Audit: al, Clock: c, Files: fs, District: dist, Keys: m, BaseURL: "http://t"}),
		inc: incubation.New(incubation.Deps{DB: d, Audit: al, Keys: m, Clock: c, District: dist, Registry: reg}),
		exp: experts.New(experts.Deps{DB: d, Audit: al, Clock: c})}
	e.svc = plan.New(plan.Deps{DB: d, Audit: al, Clock: c, Files: fs, District: dist, Keys: m, Notifier: e.notes, BaseURL: "http://t"})
	for _, tw := range dist.Townships {
		e.town = append(e.town, tw.Code)
	}
	e.chengqiao, e.baozhen = e.town[0], e.town[1]
	user := func(login, email string, g ...tiaojie.Grant) *tiaojie.Principal {
		var id int64
		if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, email, created_at, updated_at) VALUES ($1, $1, $2, $3, $3) RETURNING id`,
			login, email, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		for _, gr := range g {
			if _, err := d.Writer().Exec(`INSERT INTO user_roles (user_id, role, township_code, org_id, granted_at) VALUES ($1, $2, $3, $4, $5)`,
				id, string(gr.Role), gr.Township, gr.OrgID, start); err != nil {
				t.Fatal(err)
			}
		}
		return &tiaojie.Principal{UserID: id, Name: login, MFA: true, Grants: g}
	}
	e.bureau = user("bureau", "bureau@example.org", tiaojie.Grant{Role: tiaojie.RoleBureau})
	e.bureauUser = e.bureau.UserID
	e.cq = user("cq", "cq@example.org", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: e.chengqiao})
	e.bz = user("bz", "", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: e.baozhen})
	e.orgID = e.org(t, "城桥镇人民调解委员会", e.chengqiao, "township", "peoples_committee", "active")
	e.orgAdmin = user("admin", "", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.orgID})
	e.public = user("13800000009", "", tiaojie.Grant{Role: tiaojie.RolePublic})
	e.team = user("13800000001", "", tiaojie.Grant{Role: tiaojie.RolePublic})
	e.expert = user("prof.zhang", "", tiaojie.Grant{Role: tiaojie.RoleExpert})
	if e.expertID, err = e.exp.Create(context.Background(), e.bureau, experts.Input{Name: "张教授", UserID: e.expert.UserID}); err != nil {
		t.Fatal(err)
	}
	return e
}

// org puts an organization in the register as the registry keeps it.
func (e *env) org(t *testing.T, name, township, level, form, status string) int64 {
	t.Helper()
	var id int64
	if err := e.db.Writer().QueryRow(`
		INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, created_at, updated_at)
		VALUES ($1, $1, 'basic', $2, $3, $4, $5, $6, $6) RETURNING id`,
		name, form, level, township, status, start).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func kind(err error) string {
	if err == nil {
		return ""
	}
	e, ok := err.(*tiaojie.Error)
	if !ok {
		return err.Error()
	}
	s := e.Kind.String() + " " + e.Code
	for _, f := range e.Fields {
		s += " " + f.Field + ":" + f.Code
	}
	return s
}

// site proposes and approves an incubation site (the base when township
// is "") through the incubation service.
func (e *env) site(t *testing.T, township string) int64 {
	t.Helper()
	ctx := context.Background()
	in := incubation.SiteInput{Kind: incubation.KindBase}
	if township != "" {
		in = incubation.SiteInput{Kind: incubation.KindHome, Township: township}
	}
	id, err := e.inc.ProposeSite(ctx, e.bureau, in)
	must(t, err)
	must(t, e.inc.DecideSite(ctx, e.bureau, id, true, ""))
	return id
}

// moveIn takes a team named name through a call of the home at site in
// township to residence, through the incubation service.
func (e *env) moveIn(t *testing.T, site int64, township, name string) {
	t.Helper()
	ctx := context.Background()
	call, err := e.inc.CreateCall(ctx, e.bureau, incubation.CallInput{SiteID: site, Title: "公开招募", Criteria: "团队能力",
		OpensOn: "2026-12-01", ClosesOn: "2026-12-31"})
	must(t, err)
	must(t, e.inc.SetCallStatus(ctx, e.bureau, call, incubation.CallOpen))
	id, err := e.inc.Apply(ctx, e.team, incubation.Input{CallID: call, OrgName: name, OrgType: tiaojie.OrgBasic,
		LegalForm: tiaojie.FormSocialService, Level: tiaojie.LevelTownship, Township: township, Plan: "调解邻里纠纷。",
		Founders: []incubation.Founder{{Name: "陈和平", Phone: "13800000001"}}})
	must(t, err)
	must(t, e.inc.AssignExpert(ctx, e.bureau, id, e.expertID))
	must(t, e.inc.Score(ctx, e.expert, id, []int{8}, ""))
	must(t, e.inc.Act(ctx, e.bureau, id, incubation.Step{Action: tiaojie.IncActAdmit, Reason: "合格"}))
	must(t, e.inc.Enter(ctx, e.bureau, id, incubation.EnterInput{Plan: "三个月内完成章程", PeriodMonths: 6, Mentor: "王老师"}))
}

func pdf() *files.Upload {
	return &files.Upload{Filename: "纪要.pdf", Body: bytes.NewReader([]byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))}
}

// marks returns a row's checks as a string of ✓ and ✗.
func marks(r plan.Row) string {
	s := ""
	for _, c := range r.Checks {
		if c.Done {
			s += "✓"
		} else {
			s += "✗"
		}
	}
	return s
}

// TestDefaultPlan: a district with no plan starts from the policy's four
// phases, stored once and audited.
func TestDefaultPlan(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		b, err := e.svc.Board(ctx, e.bureau)
		must(t, err)
		if len(b.Phases) != 4 || b.Phases[1].Name != "入驻推广" || b.Phases[1].StartsOn != "2021-03-01" || len(b.Phases[0].Tasks) != 3 {
			t.Fatalf("phases: %+v", b.Phases)
		}
		if _, err := e.svc.Board(ctx, e.cq); err != nil {
			t.Fatal(err)
		}
		var phases, tasks, audits int
		must(t, d.Reader().QueryRow(`SELECT count(*) FROM plan_phases`).Scan(&phases))
		must(t, d.Reader().QueryRow(`SELECT count(*) FROM plan_tasks`).Scan(&tasks))
		must(t, d.Reader().QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'plan.default'`).Scan(&audits))
		if phases != 4 || tasks != 10 || audits != 1 {
			t.Errorf("phases %d tasks %d audits %d", phases, tasks, audits)
		}
	})
}

// TestProgress builds the facts through the incubation service and the
// register and checks the board against them.
func TestProgress(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		b1 := e.town[:3]
		must(t, e.svc.SetBatch(ctx, e.bureau, 1, b1))
		board := func() *plan.Board {
			b, err := e.svc.Board(ctx, e.bureau)
			must(t, err)
			return b
		}
		b := board()
		if len(b.Rows) != 3 || marks(b.Rows[0]) != "✗✗✗✗" || b.Phases[0].Done != 0 {
			t.Fatalf("empty board: %d rows, %s, done %d", len(b.Rows), marks(b.Rows[0]), b.Phases[0].Done)
		}
		// All three dues of the default plan are in 2021: overdue.
		if !b.Phases[0].Tasks[0].Overdue || b.Phases[0].Overdue != 3 {
			t.Errorf("overdue: %+v", b.Phases[0])
		}

		// 城桥: the full path. 堡镇: a home and a registered organization
		// outside it. The third: nothing.
		e.site(t, "")
		home := e.site(t, e.chengqiao)
		e.moveIn(t, home, e.chengqiao, "城桥镇邻里调解工作室")
		e.site(t, e.baozhen)
		e.org(t, "城桥镇邻里调解工作室", e.chengqiao, "township", "social_service", "active")
		e.org(t, "堡镇家和调解服务中心", e.baozhen, "township", "social_service", "rectifying")
		e.org(t, "堡镇筹建中调解中心", e.baozhen, "township", "social_service", "preparing")
		b = board()
		got := map[string]string{}
		for _, r := range b.Rows {
			got[r.Township.Code] = marks(r)
		}
		want := map[string]string{e.chengqiao: "✓✓✓✓", e.baozhen: "✓✗✓✗", b1[2]: "✗✗✗✗"}
		for code, w := range want {
			if got[code] != w {
				t.Errorf("%s: %s, want %s", code, got[code], w)
			}
		}
		if r, _ := b.Row(e.chengqiao); !r.Complete {
			t.Error("城桥 not complete")
		}
		if r, _ := b.Row(e.baozhen); r.Facts.Registered != 1 {
			t.Errorf("堡镇 registered %d (a preparing one counted?)", r.Facts.Registered)
		}
		// Phase 1: sites not done (the third township has no home), batch in home not done.
		if b.Phases[0].Tasks[1].Done || b.Phases[0].Tasks[2].Done {
			t.Error("phase 1 tasks done with the third township bare")
		}
		e.site(t, b1[2])
		if b = board(); !b.Phases[0].Tasks[1].Done || b.Phases[0].Percent != 33 {
			t.Errorf("sites task: %+v, %d%%", b.Phases[0].Tasks[1], b.Phases[0].Percent)
		}

		// District level: a people's committee does not count; two registered ones do.
		e.org(t, "崇明区人民调解委员会", e.chengqiao, "district", "peoples_committee", "active")
		e.org(t, "崇明区律师调解中心", e.chengqiao, "district", "social_service", "active")
		if b = board(); b.Facts.DistrictOrgs != 1 || b.Phases[1].Tasks[1].Done {
			t.Errorf("district orgs %d", b.Facts.DistrictOrgs)
		}
		e.org(t, "崇明区商事调解中心", e.chengqiao, "district", "company", "suspended")
		if b = board(); b.Facts.DistrictOrgs != 2 || !b.Phases[1].Tasks[1].Done {
			t.Errorf("district orgs %d", b.Facts.DistrictOrgs)
		}

		// Brand: a featured organization needs a logo and a service list.
		f := e.org(t, "崇明区品牌调解中心", e.chengqiao, "district", "social_service", "active")
		_, err := d.Writer().Exec(`UPDATE orgs SET featured = TRUE WHERE id = $1`, f)
		must(t, err)
		if b = board(); b.Facts.Featured != 1 || b.Facts.FeaturedBranded != 0 || b.Phases[2].Tasks[1].Done {
			t.Errorf("brand without materials: %+v", b.Facts)
		}
		_, err = d.Writer().Exec(`INSERT INTO files (key, owner_type, owner_id, filename, content_type, size, sm3, public, created_by, created_at)
			VALUES ('logo1', 'org_logo', $1, 'logo.png', 'image/png', 1, 'x', TRUE, 0, $2)`, f, start)
		must(t, err)
		_, err = d.Writer().Exec(`UPDATE orgs SET logo_file = 'logo1' WHERE id = $1`, f)
		must(t, err)
		_, err = d.Writer().Exec(`INSERT INTO services (org_id, name, created_at, updated_at) VALUES ($1, '婚姻家庭纠纷调解', $2, $2)`, f, start)
		must(t, err)
		if b = board(); b.Facts.FeaturedBranded != 1 || !b.Phases[2].Tasks[1].Done {
			t.Errorf("brand with materials: %+v", b.Facts)
		}

		// A township office sees its own row only, and no notes, evidence or district figures.
		cb, err := e.svc.Board(ctx, e.bz)
		must(t, err)
		if len(cb.Rows) != 1 || cb.Rows[0].Township.Code != e.baozhen || cb.Full || cb.Facts.DistrictOrgs != 0 || cb.Pilots != nil {
			t.Errorf("堡镇 sees %d rows, full %v, facts %+v", len(cb.Rows), cb.Full, cb.Facts)
		}
	})
}

// TestBatches: wrong counts, unknown townships and a township in two
// batches are refused with nothing changed; a batch can be chosen again.
func TestBatches(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		must(t, e.svc.SetBatch(ctx, e.bureau, 1, e.town[:3]))
		count := func() (n int) {
			must(t, d.Reader().QueryRow(`SELECT count(*) FROM plan_pilots`).Scan(&n))
			return n
		}
		for _, tc := range []struct {
			name  string
			batch int
			towns []string
			want  string
		}{
			{"five for the second", 2, e.town[3:8], "invalid error.invalid_input townships:plan.batch_count"},
			{"unknown", 1, []string{e.town[3], e.town[4], "310151999"}, "invalid error.invalid_input townships:plan.township_unknown"},
			{"taken", 2, e.town[2:8], "invalid error.invalid_input townships:plan.township_taken"},
			{"batch 4", 4, e.town[3:6], "invalid plan.batch_unknown"},
		} {
			if err := e.svc.SetBatch(ctx, e.bureau, tc.batch, tc.towns); kind(err) != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, kind(err), tc.want)
			}
		}
		if err := e.svc.SetBatch(ctx, e.cq, 2, e.town[3:9]); kind(err) != "forbidden error.forbidden" {
			t.Errorf("township office chose a batch: %v", err)
		}
		if n := count(); n != 3 {
			t.Fatalf("%d pilots after refusals", n)
		}
		must(t, e.svc.SetBatch(ctx, e.bureau, 1, e.town[3:6]))
		must(t, e.svc.SetBatch(ctx, e.bureau, 2, append(append([]string{}, e.town[:3]...), e.town[6:9]...)))
		if n := count(); n != 9 {
			t.Fatalf("%d pilots after two batches", n)
		}
		var audits int
		must(t, d.Reader().QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'plan.batch' AND outcome = 'ok'`).Scan(&audits))
		if audits != 3 {
			t.Errorf("%d batch audits", audits)
		}
	})
}

// TestTicks: the bureau ticks a manual task with a note and evidence and
// unticks it with a reason; bad input and computed tasks are refused with
// nothing changed; every change is audited.
func TestTicks(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		b, err := e.svc.Board(ctx, e.bureau)
		must(t, err)
		manual, computed := b.Phases[1].Tasks[2].ID, b.Phases[1].Tasks[1].ID // 座谈会; district orgs
		state := func() (done bool, note, file string) {
			must(t, d.Reader().QueryRow(`SELECT done, note, COALESCE(file_key, '') FROM plan_tasks WHERE id = $1`, manual).Scan(&done, &note, &file))
			return
		}
		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			id   int64
			in   plan.TickInput
			want string
		}{
			{"no note", e.bureau, manual, plan.TickInput{Note: " ", Evidence: pdf()}, "invalid error.invalid_input note:plan.note_length"},
			{"no evidence", e.bureau, manual, plan.TickInput{Note: "已召开"}, "invalid error.invalid_input file:plan.evidence_required"},
			{"future day", e.bureau, manual, plan.TickInput{Note: "已召开", DoneOn: "2027-01-01", Evidence: pdf()}, "invalid error.invalid_input done_on:plan.done_on"},
			{"bad file", e.bureau, manual, plan.TickInput{Note: "已召开", Evidence: &files.Upload{Filename: "a.exe", Body: strings.NewReader("MZ\x90\x00")}},
				"invalid error.invalid_input file:files.type_not_allowed"},
			{"computed", e.bureau, computed, plan.TickInput{Note: "已召开", Evidence: pdf()}, "conflict plan.task_computed"},
			{"township office", e.cq, manual, plan.TickInput{Note: "已召开", Evidence: pdf()}, "forbidden error.forbidden"},
			{"unknown task", e.bureau, 99999, plan.TickInput{Note: "已召开", Evidence: pdf()}, "not_found error.not_found"},
		} {
			if err := e.svc.Tick(ctx, tc.p, tc.id, tc.in); kind(err) != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, kind(err), tc.want)
			}
		}
		if done, note, file := state(); done || note != "" || file != "" {
			t.Fatalf("refusals left %v %q %q", done, note, file)
		}
		must(t, e.svc.Tick(ctx, e.bureau, manual, plan.TickInput{Note: "2021年5月召开联席会", DoneOn: "2026-11-20", Evidence: pdf()}))
		if err := e.svc.Tick(ctx, e.bureau, manual, plan.TickInput{Note: "again", Evidence: pdf()}); kind(err) != "conflict plan.task_done" {
			t.Errorf("ticked twice: %v", err)
		}
		b, err = e.svc.Board(ctx, e.bureau)
		must(t, err)
		task := b.Phases[1].Tasks[2]
		if !task.Done || task.Overdue || task.DoneOn != "2026-11-20" || task.FileName != "纪要.pdf" || b.Phases[1].Done != 1 {
			t.Errorf("ticked task: %+v", task)
		}
		m, data, err := e.svc.Evidence(ctx, e.bureau, manual)
		must(t, err)
		if m.Filename != "纪要.pdf" || !bytes.HasPrefix(data, []byte("%PDF")) {
			t.Errorf("evidence %+v", m)
		}
		if _, _, err := e.svc.Evidence(ctx, e.cq, manual); kind(err) != "forbidden error.forbidden" {
			t.Errorf("township office read the evidence: %v", err)
		}
		cb, err := e.svc.Board(ctx, e.cq)
		must(t, err)
		if ct := cb.Phases[1].Tasks[2]; !ct.Done || ct.Note != "" || ct.FileKey != "" {
			t.Errorf("township office sees %+v", ct)
		}

		if err := e.svc.Untick(ctx, e.bureau, manual, ""); kind(err) != "invalid error.invalid_input reason:plan.reason_length" {
			t.Errorf("untick without a reason: %v", err)
		}
		if done, _, _ := state(); !done {
			t.Fatal("a refused untick changed the task")
		}
		must(t, e.svc.Untick(ctx, e.bureau, manual, "纪要不全，补充后再确认"))
		if done, note, file := state(); done || note != "" || file != "" {
			t.Errorf("after untick %v %q %q", done, note, file)
		}
		if err := e.svc.Untick(ctx, e.bureau, manual, "again"); kind(err) != "conflict plan.task_not_done" {
			t.Errorf("unticked twice: %v", err)
		}
		var reason string
		must(t, d.Reader().QueryRow(`SELECT detail FROM audit_log WHERE action = 'plan.untick' AND outcome = 'ok'`).Scan(&reason))
		if !strings.Contains(reason, "纪要不全") {
			t.Errorf("untick audit detail %q", reason)
		}
		var ticks int
		must(t, d.Reader().QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'plan.tick' AND outcome = 'ok'`).Scan(&ticks))
		if ticks != 1 {
			t.Errorf("%d tick audits", ticks)
		}
	})
}

// TestEdits: the bureau edits phases and tasks; bad input is refused
// with nothing changed; no one else may edit.
func TestEdits(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		if err := e.svc.UpdatePhase(ctx, e.bureau, 1, tiaojie.PlanPhaseInput{Name: "试点建设", StartsOn: "2026-03-01", EndsOn: "2026-01-01"}); kind(err) != "invalid error.invalid_input ends_on:plan.ends_before_start" {
			t.Errorf("phase ends before it starts: %v", err)
		}
		if err := e.svc.UpdatePhase(ctx, e.cq, 1, tiaojie.PlanPhaseInput{Name: "x", StartsOn: "2026-01-01", EndsOn: "2026-03-01"}); kind(err) != "forbidden error.forbidden" {
			t.Errorf("township office edited: %v", err)
		}
		if err := e.svc.UpdatePhase(ctx, e.bureau, 7, tiaojie.PlanPhaseInput{Name: "x", StartsOn: "2026-01-01", EndsOn: "2026-03-01"}); kind(err) != "not_found error.not_found" {
			t.Errorf("phase 7: %v", err)
		}
		must(t, e.svc.UpdatePhase(ctx, e.bureau, 1, tiaojie.PlanPhaseInput{Name: "试点建设（调整）", StartsOn: "2026-01-01", EndsOn: "2026-03-31"}))
		id, err := e.svc.AddTask(ctx, e.bureau, 4, tiaojie.PlanTaskInput{Text: "形成总结评估报告", Owner: "区司法局", DueOn: "2026-12-05"})
		must(t, err)
		if _, err := e.svc.AddTask(ctx, e.bureau, 4, tiaojie.PlanTaskInput{Text: "x", Owner: "区司法局", DueOn: "2026-12-05", Metric: "stars"}); kind(err) != "invalid error.invalid_input metric:plan.metric_unknown" {
			t.Errorf("unknown metric: %v", err)
		}
		must(t, e.svc.UpdateTask(ctx, e.bureau, id, tiaojie.PlanTaskInput{Text: "形成并报送总结评估报告", Owner: "区司法局", DueOn: "2026-12-06"}))
		b, err := e.svc.Board(ctx, e.bureau)
		must(t, err)
		last := b.Phases[3].Tasks[len(b.Phases[3].Tasks)-1]
		if b.Phases[0].Name != "试点建设（调整）" || last.Text != "形成并报送总结评估报告" || last.DueOn != "2026-12-06" || last.Position != 2 {
			t.Errorf("after edits: %q %+v", b.Phases[0].Name, last)
		}

		// Reminders: due in 5 days, once; a computed task never.
		n, err := e.svc.Remind(ctx, e.clock.Now())
		must(t, err)
		if n != 1 || len(e.notes.keys) != 1 || e.notes.keys[0] != "plan.remind:"+itoa(id)+":2026-12-06:"+itoa(e.bureauUser) {
			t.Errorf("reminded %d: %v", n, e.notes.keys)
		}
		must(t, e.svc.DeleteTask(ctx, e.bureau, id))
		if _, err := e.svc.Board(ctx, e.bureau); err != nil {
			t.Fatal(err)
		}
		var tasks int
		must(t, d.Reader().QueryRow(`SELECT count(*) FROM plan_tasks WHERE phase = 4`).Scan(&tasks))
		if tasks != 1 {
			t.Errorf("%d tasks in phase 4 after delete", tasks)
		}
	})
}

// TestAccess: who may read the board and the report.
func TestAccess(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		for name, p := range map[string]*tiaojie.Principal{"org admin": e.orgAdmin, "public": e.public, "anonymous": tiaojie.Anonymous(), "expert": e.expert} {
			if _, err := e.svc.Board(ctx, p); kind(err) != "forbidden error.forbidden" {
				t.Errorf("%s read the board: %v", name, err)
			}
		}
		if _, err := e.svc.Report(ctx, e.cq); kind(err) != "forbidden error.forbidden" {
			t.Errorf("township office read the report: %v", err)
		}
		var denied int
		must(t, d.Reader().QueryRow(`SELECT count(*) FROM audit_log WHERE action IN ('plan.read', 'plan.report') AND outcome = 'denied'`).Scan(&denied))
		if denied != 5 {
			t.Errorf("%d refusals audited", denied)
		}
	})
}

// TestReport: the exported workbook opens, holds the figures and is
// written in the reader's language: sheet names, headers, targets, batches
// and township names.
func TestReport(t *testing.T) {
	cat, err := i18n.Load()
	must(t, err)
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		must(t, e.svc.SetBatch(ctx, e.bureau, 1, e.town[:3]))
		e.org(t, "崇明区律师调解中心", e.chengqiao, "district", "social_service", "active")
		r, err := e.svc.Report(ctx, e.bureau)
		must(t, err)
		first := e.dist.Townships[0]
		for _, tc := range []struct {
			lang    i18n.Lang
			sheets  []string
			headers map[string][]string // sheet → its first headers
			cells   map[string]string   // sheet!cell → value
		}{
			{i18n.Zh, []string{"目标", "阶段", "任务", "试点乡镇"},
				map[string][]string{
					"目标":   {"目标", "完成情况", "是否达成"},
					"阶段":   {"序号", "阶段", "开始日期", "结束日期", "试点批次"},
					"任务":   {"阶段", "任务", "责任单位", "完成期限", "类型", "是否完成"},
					"试点乡镇": {"乡镇", "批次", "培育之家已批准"},
				},
				map[string]string{"目标!A4": "区级层面依法登记注册的调解组织（2个及以上）", "目标!B4": "1", "目标!B6": "否", "目标!C6": "否",
					"阶段!B5": "总结提升", "阶段!E2": "第1批", "阶段!E5": "全部试点乡镇",
					"试点乡镇!A2": first.Name, "试点乡镇!B2": "第1批", "试点乡镇!C2": "否"}},
			{i18n.En, []string{"Targets", "Phases", "Tasks", "Pilot townships"},
				map[string][]string{
					"Targets":         {"Target", "Figure", "Met"},
					"Phases":          {"No.", "Phase", "Start date", "End date", "Pilot batch"},
					"Tasks":           {"Phase", "Task", "Responsible unit", "Due date", "Kind", "Done"},
					"Pilot townships": {"Township", "Batch", "Incubation home approved"},
				},
				map[string]string{"Targets!A4": "Registered district-level organizations (2 or more)", "Targets!B4": "1", "Targets!B6": "No", "Targets!C6": "No",
					"Phases!B5": "总结提升", "Phases!E2": "Batch 1", "Phases!E5": "All pilot townships",
					"Pilot townships!A2": first.NameEn, "Pilot townships!B2": "Batch 1", "Pilot townships!C2": "No"}},
		} {
			t.Run(string(tc.lang), func(t *testing.T) {
				var buf bytes.Buffer
				must(t, export.WriteXLSX(&buf, r.Sheets(cat.In(tc.lang))...))
				f, err := excelize.OpenReader(&buf)
				must(t, err)
				defer f.Close()
				if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(tc.sheets, "|") {
					t.Errorf("sheets %q, want %q", got, tc.sheets)
				}
				for sheet, want := range tc.headers {
					rows, err := f.GetRows(sheet)
					if err != nil || len(rows) == 0 || len(rows[0]) < len(want) || strings.Join(rows[0][:len(want)], "|") != strings.Join(want, "|") {
						t.Errorf("%s headers %q (%v), want %q…", sheet, rows, err, want)
					}
				}
				for at, want := range tc.cells {
					sheet, cell, _ := strings.Cut(at, "!")
					if got, _ := f.GetCellValue(sheet, cell); got != want {
						t.Errorf("%s = %q, want %q", at, got, want)
					}
				}
				var tasks [][]string
				tasks, err = f.GetRows(tc.sheets[2])
				must(t, err)
				computed := map[i18n.Lang]string{i18n.Zh: "平台计算：", i18n.En: "Computed: "}[tc.lang]
				found := false
				for _, row := range tasks[1:] {
					found = found || strings.HasPrefix(row[4], computed)
				}
				if !found {
					t.Errorf("no task of kind %q in %q", computed, tasks)
				}
			})
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
