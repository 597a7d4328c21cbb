package incubation_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/experts"
	"tiaojie/internal/incubation"
	"tiaojie/internal/keys"
	"tiaojie/internal/registry"
)

// 2026-12-01 09:00 Beijing.
var start = time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)

const (
	chengqiao = "310151101"
	baozhen   = "310151102"
)

type env struct {
	svc                          *incubation.Service
	reg                          *registry.Service
	exp                          *experts.Service
	db                           *db.DB
	clock                        *clock.Fake
	bureau, cq, bz               *tiaojie.Principal
	team, stranger               *tiaojie.Principal
	expert, other                *tiaojie.Principal
	expertID, otherID, mediation int64
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
	c := clock.NewFake(start)
	al := audit.New(m, c)
	reg := registry.New(registry.Deps{DB: d, Audit: al, Clock: c, District: dist})
	e := &env{db: d, clock: c, reg: reg, exp: experts.New(experts.Deps{DB: d, Audit: al, Clock: c}),
		svc: incubation.New(incubation.Deps{DB: d, Audit: al, Keys: m, Clock: c, District: dist, Registry: reg})}
	user := func(login string, g ...tiaojie.Grant) *tiaojie.Principal {
		var id int64
		if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, created_at, updated_at) VALUES ($1, $1, $2, $2) RETURNING id`,
			login, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return &tiaojie.Principal{UserID: id, Name: login, MFA: true, Grants: g}
	}
	e.bureau = user("bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	e.cq = user("cq", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	e.bz = user("bz", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})
	e.team = user("13800000001", tiaojie.Grant{Role: tiaojie.RolePublic})
	e.stranger = user("13900000002", tiaojie.Grant{Role: tiaojie.RolePublic})
	e.expert = user("prof.zhang", tiaojie.Grant{Role: tiaojie.RoleExpert})
	e.other = user("prof.li", tiaojie.Grant{Role: tiaojie.RoleExpert})
	ctx := context.Background()
	if e.expertID, err = e.exp.Create(ctx, e.bureau, experts.Input{Name: "张教授", UserID: e.expert.UserID}); err != nil {
		t.Fatal(err)
	}
	if e.otherID, err = e.exp.Create(ctx, e.bureau, experts.Input{Name: "李律师", UserID: e.other.UserID}); err != nil {
		t.Fatal(err)
	}
	return e
}

func kind(err error) tiaojie.Kind { return tiaojie.ErrorKind(err) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// home proposes and approves 城桥's home and opens a call there.
func (e *env) home(t *testing.T) (site, call int64) {
	t.Helper()
	ctx := context.Background()
	site, err := e.svc.ProposeSite(ctx, e.cq, incubation.SiteInput{Kind: incubation.KindHome, Township: chengqiao})
	must(t, err)
	must(t, e.svc.DecideSite(ctx, e.bureau, site, true, ""))
	call, err = e.svc.CreateCall(ctx, e.cq, incubation.CallInput{SiteID: site, Title: "2026年城桥镇调解组织公开招募",
		TargetTypes: []tiaojie.OrgType{tiaojie.OrgBasic, tiaojie.OrgProfessional},
		Criteria:    "团队专业能力\n服务需求\n计划可行性", OpensOn: "2026-12-01", ClosesOn: "2026-12-31"})
	must(t, err)
	must(t, e.svc.SetCallStatus(ctx, e.cq, call, incubation.CallOpen))
	return site, call
}

func application(call int64) incubation.Input {
	return incubation.Input{CallID: call, OrgName: "城桥镇邻里和事佬调解工作室", OrgType: tiaojie.OrgBasic,
		LegalForm: tiaojie.FormSocialService, Level: tiaojie.LevelTownship, Township: chengqiao,
		Plan:     "以退休教师和村干部为骨干，调解邻里、家庭纠纷。",
		Founders: []incubation.Founder{{Name: "陈和平", Role: "负责人", Phone: "138 0000 0001"}, {Name: "周静", Phone: "13700000003"}}}
}

// TestSites: a township office proposes its own home only; the bureau
// approves; a second live home in one township is refused.
func TestSites(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		if _, err := e.svc.ProposeSite(ctx, e.bz, incubation.SiteInput{Kind: incubation.KindHome, Township: chengqiao}); kind(err) != tiaojie.Forbidden {
			t.Fatalf("堡镇 proposed 城桥's home: %v", err)
		}
		if _, err := e.svc.ProposeSite(ctx, e.cq, incubation.SiteInput{Kind: incubation.KindBase}); kind(err) != tiaojie.Forbidden {
			t.Fatalf("a township proposed the base: %v", err)
		}
		base, err := e.svc.ProposeSite(ctx, e.bureau, incubation.SiteInput{Kind: incubation.KindBase})
		must(t, err)
		home, err := e.svc.ProposeSite(ctx, e.cq, incubation.SiteInput{Kind: incubation.KindHome, Township: chengqiao})
		must(t, err)
		if _, err := e.svc.ProposeSite(ctx, e.cq, incubation.SiteInput{Kind: incubation.KindHome, Township: chengqiao}); kind(err) != tiaojie.Conflict {
			t.Fatalf("a second home: %v", err)
		}
		if err := e.svc.DecideSite(ctx, e.cq, home, true, ""); kind(err) != tiaojie.Forbidden {
			t.Fatalf("a township approved its own home: %v", err)
		}
		if _, err := e.svc.CreateCall(ctx, e.cq, incubation.CallInput{SiteID: home, Title: "招募", Criteria: "能力",
			OpensOn: "2026-12-01", ClosesOn: "2026-12-31"}); kind(err) != tiaojie.Conflict {
			t.Fatalf("a call of an unapproved site: %v", err)
		}
		must(t, e.svc.DecideSite(ctx, e.bureau, home, true, ""))
		if err := e.svc.DecideSite(ctx, e.bureau, base, false, " "); kind(err) != tiaojie.Invalid {
			t.Fatalf("a refusal without a note: %v", err)
		}
		st, err := e.svc.Site(ctx, e.cq, home)
		must(t, err)
		if st.Host != "城桥镇公共法律服务工作站" || st.Status != tiaojie.SiteApproved {
			t.Errorf("home = %+v", st)
		}
		if _, err := e.svc.Site(ctx, e.bz, home); kind(err) != tiaojie.NotFound {
			t.Errorf("堡镇 read 城桥's home: %v", err)
		}
		if _, err := e.svc.Site(ctx, e.cq, base); kind(err) != tiaojie.NotFound {
			t.Errorf("a township read the base: %v", err)
		}
		all, err := e.svc.Sites(ctx, e.bureau)
		must(t, err)
		mine, err := e.svc.Sites(ctx, e.bz)
		must(t, err)
		if len(all) != 2 || len(mine) != 0 {
			t.Errorf("bureau sees %d sites, 堡镇 %d", len(all), len(mine))
		}
	})
}

// TestJourney walks one team from application to a registered
// organization, checking who may see and do what on the way.
func TestJourney(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		site, call := e.home(t)
		open, err := e.svc.OpenCalls(ctx)
		must(t, err)
		if len(open) != 1 || open[0].ID != call || len(open[0].Criteria) != 3 {
			t.Fatalf("open calls = %+v", open)
		}

		// Applying: validation, the call's target, the home's township.
		if _, err := e.svc.Apply(ctx, e.cq, application(call)); kind(err) != tiaojie.Forbidden {
			t.Fatalf("staff applied: %v", err)
		}
		bad := application(call)
		bad.OrgType, bad.LegalForm, bad.Township = tiaojie.OrgCommercial, tiaojie.FormCompany, baozhen
		bad.Founders[0].Phone = "12345"
		if _, err := e.svc.Apply(ctx, e.team, bad); kind(err) != tiaojie.Invalid {
			t.Fatalf("a bad application: %v", err)
		} else if f := fields(err); !f["org_type"] || !f["township"] || !f["founders.0.phone"] {
			t.Fatalf("fields = %v", f)
		}
		id, err := e.svc.Apply(ctx, e.team, application(call))
		must(t, err)
		if _, err := e.svc.Apply(ctx, e.team, application(call)); kind(err) != tiaojie.Conflict {
			t.Fatalf("a second application: %v", err)
		}
		var enc []byte
		must(t, d.Reader().QueryRow(`SELECT phone_enc FROM incubation_founders WHERE application_id = $1 AND seq = 0`, id).Scan(&enc))
		if strings.Contains(string(enc), "13800000001") || len(enc) < 20 {
			t.Fatal("the founder's phone is not sealed")
		}

		// Who sees it.
		mine, err := e.svc.Get(ctx, e.team, id)
		must(t, err)
		if mine.Founders[0].Phone != "138****0001" || mine.Reviews != nil {
			t.Errorf("the team sees %+v", mine.Founders)
		}
		staff, err := e.svc.Get(ctx, e.cq, id)
		must(t, err)
		if staff.Founders[0].Phone != "13800000001" {
			t.Errorf("staff see %q", staff.Founders[0].Phone)
		}
		for name, p := range map[string]*tiaojie.Principal{"stranger": e.stranger, "堡镇": e.bz, "expert": e.expert} {
			if _, err := e.svc.Get(ctx, p, id); kind(err) != tiaojie.NotFound {
				t.Errorf("%s read the application: %v", name, err)
			}
		}
		if list, _ := e.svc.Mine(ctx, e.stranger); len(list) != 0 {
			t.Errorf("the stranger's list holds %d", len(list))
		}

		// Screening.
		if err := e.svc.AssignExpert(ctx, e.bz, id, e.expertID); kind(err) != tiaojie.NotFound {
			t.Fatalf("堡镇 assigned: %v", err)
		}
		must(t, e.svc.AssignExpert(ctx, e.cq, id, e.expertID))
		if err := e.svc.AssignExpert(ctx, e.cq, id, e.expertID); kind(err) != tiaojie.Conflict {
			t.Fatalf("assigned twice: %v", err)
		}
		if err := e.svc.Score(ctx, e.other, id, []int{5, 5, 5}, ""); kind(err) != tiaojie.NotFound {
			t.Fatalf("an unassigned expert scored: %v", err)
		}
		if err := e.svc.Act(ctx, e.cq, id, incubation.Step{Action: tiaojie.IncActAdmit, Reason: "合格"}); kind(err) != tiaojie.Conflict {
			t.Fatalf("admitted unscored: %v", err)
		}
		if err := e.svc.Score(ctx, e.expert, id, []int{5, 11}, ""); kind(err) != tiaojie.Invalid {
			t.Fatalf("bad scores: %v", err)
		}
		must(t, e.svc.Score(ctx, e.expert, id, []int{8, 9, 7}, "骨干稳定"))
		list, err := e.svc.MyScreenings(ctx, e.expert)
		must(t, err)
		if len(list) != 1 || !list[0].Scored {
			t.Errorf("my screenings = %+v", list)
		}
		seen, err := e.svc.Get(ctx, e.expert, id)
		must(t, err)
		if seen.Founders[0].Phone != "" || len(seen.Reviews) != 1 || seen.Reviews[0].Total != 24 {
			t.Errorf("the expert sees %+v, %+v", seen.Founders, seen.Reviews)
		}
		if err := e.svc.Act(ctx, e.cq, id, incubation.Step{Action: tiaojie.IncActAdmit}); kind(err) != tiaojie.Invalid {
			t.Fatalf("admitted without a reason: %v", err)
		}
		must(t, e.svc.Act(ctx, e.cq, id, incubation.Step{Action: tiaojie.IncActAdmit, Reason: "总分 24，骨干稳定"}))
		if err := e.svc.Act(ctx, e.team, id, incubation.Step{Action: tiaojie.IncActWithdraw}); kind(err) != tiaojie.Conflict {
			t.Fatalf("withdrew after admission: %v", err)
		}

		// Residency.
		if err := e.svc.Enter(ctx, e.cq, id, incubation.EnterInput{Plan: "三个月内完成章程", PeriodMonths: 9, Mentor: "王老师"}); kind(err) != tiaojie.Invalid {
			t.Fatalf("a 9-month period: %v", err)
		}
		must(t, e.svc.Enter(ctx, e.cq, id, incubation.EnterInput{Plan: "三个月内完成章程", PeriodMonths: 6, Mentor: "王老师",
			Milestones: []incubation.Milestone{{Title: "章程定稿", DueOn: "2027-02-28"}}}))
		must(t, e.svc.RecordService(ctx, e.cq, id, incubation.ServiceRecord{Kind: tiaojie.IncServicePolicy, Note: "讲解人民调解法"}))
		if err := e.svc.RecordService(ctx, e.bz, id, incubation.ServiceRecord{Kind: tiaojie.IncServicePolicy, Note: "x"}); kind(err) != tiaojie.NotFound {
			t.Fatalf("堡镇 recorded a service: %v", err)
		}
		e.clock.Set(time.Date(2027, 1, 3, 1, 0, 0, 0, time.UTC))
		n, err := e.svc.Sweep(ctx)
		must(t, err)
		if n != 1 {
			t.Fatalf("flagged %d overdue", n)
		}
		over, err := e.svc.List(ctx, e.cq, incubation.Filter{Overdue: true})
		must(t, err)
		if len(over) != 1 {
			t.Fatalf("overdue list %d", len(over))
		}
		must(t, e.svc.FileReport(ctx, e.cq, id, incubation.Report{Progress: "章程初稿完成"}))
		got, err := e.svc.Get(ctx, e.cq, id)
		must(t, err)
		if got.Residency.ReportOverdue || got.Residency.ReportDueOn != "2027-02-03" || got.Residency.EndsOn != "2027-06-01" ||
			len(got.Milestones) != 1 || len(got.Services) != 1 || len(got.Reports) != 1 {
			t.Errorf("residency = %+v (%d milestones, %d services, %d reports)", got.Residency, len(got.Milestones), len(got.Services), len(got.Reports))
		}
		must(t, e.svc.CompleteMilestone(ctx, e.cq, id, got.Milestones[0].ID, ""))

		// Graduation into the register, then registration.
		orgID, err := e.svc.Graduate(ctx, e.cq, id, incubation.GraduateInput{})
		must(t, err)
		o, err := e.reg.Get(ctx, e.bureau, orgID)
		must(t, err)
		if o.Name != "城桥镇邻里和事佬调解工作室" || o.Status != tiaojie.StatusPreparing || o.Township != chengqiao || o.ContactPhone != "13800000001" {
			t.Errorf("org = %+v", o)
		}
		if _, err := e.svc.Graduate(ctx, e.cq, id, incubation.GraduateInput{}); kind(err) != tiaojie.Conflict {
			t.Errorf("graduated twice: %v", err)
		}
		must(t, d.Writer().QueryRow(`UPDATE orgs SET status = 'registered' WHERE id = $1 RETURNING id`, orgID).Scan(&orgID))
		sites, towns, err := e.svc.Funnels(ctx, e.cq)
		must(t, err)
		want := incubation.Funnel{Key: itoa(site), Name: "城桥镇调解组织培育之家", Applied: 1, Screened: 1, Admitted: 1, Graduated: 1, Registered: 1}
		if len(sites) != 1 || sites[0] != want || len(towns) != 1 || towns[0].Key != chengqiao || towns[0].Registered != 1 {
			t.Errorf("funnels = %+v / %+v", sites, towns)
		}
		mineNow, err := e.svc.Mine(ctx, e.team)
		must(t, err)
		if len(mineNow) != 1 || mineNow[0].Status != tiaojie.IncGraduated || mineNow[0].OrgStatus != tiaojie.StatusRegistered {
			t.Errorf("mine = %+v", mineNow)
		}
		var refusals int
		must(t, d.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND object_type = 'incubation_application'`).Scan(&refusals))
		if refusals < 5 {
			t.Errorf("%d refusals audited", refusals)
		}
	})
}

// TestTiesAndExit: an inactive expert is not assigned; a team is rejected
// with a reason, another withdraws, another exits.
func TestTiesAndExit(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		_, call := e.home(t)
		must(t, e.exp.SetActive(ctx, e.bureau, e.otherID, false))
		a, err := e.svc.Apply(ctx, e.team, application(call))
		must(t, err)
		if err := e.svc.AssignExpert(ctx, e.cq, a, e.otherID); kind(err) != tiaojie.Conflict {
			t.Fatalf("an inactive expert assigned: %v", err)
		}
		if err := e.svc.Act(ctx, e.stranger, a, incubation.Step{Action: tiaojie.IncActWithdraw}); kind(err) != tiaojie.NotFound {
			t.Fatalf("a stranger withdrew: %v", err)
		}
		must(t, e.svc.Act(ctx, e.team, a, incubation.Step{Action: tiaojie.IncActWithdraw}))
		b, err := e.svc.Apply(ctx, e.team, application(call))
		must(t, err)
		must(t, e.svc.Act(ctx, e.cq, b, incubation.Step{Action: tiaojie.IncActReject, Reason: "不属于招募对象"}))
		got, err := e.svc.Get(ctx, e.team, b)
		must(t, err)
		if got.Status != tiaojie.IncRejected || got.Decision != "不属于招募对象" {
			t.Errorf("rejected = %s %q", got.Status, got.Decision)
		}
		c, err := e.svc.Apply(ctx, e.team, application(call))
		must(t, err)
		must(t, e.svc.AssignExpert(ctx, e.bureau, c, e.expertID))
		must(t, e.svc.Score(ctx, e.expert, c, []int{6, 6, 6}, ""))
		must(t, e.svc.Act(ctx, e.bureau, c, incubation.Step{Action: tiaojie.IncActAdmit, Reason: "通过"}))
		if err := e.svc.Act(ctx, e.cq, c, incubation.Step{Action: tiaojie.IncActExit}); kind(err) != tiaojie.Invalid {
			t.Fatalf("an exit without a reason: %v", err)
		}
		must(t, e.svc.Act(ctx, e.cq, c, incubation.Step{Action: tiaojie.IncActExit, Reason: "团队解散"}))
		if err := e.svc.Score(ctx, e.expert, c, []int{1, 1, 1}, ""); kind(err) != tiaojie.Conflict {
			t.Errorf("scored after the decision: %v", err)
		}
		// The call closes; no more applications.
		must(t, e.svc.SetCallStatus(ctx, e.cq, call, incubation.CallClosed))
		if _, err := e.svc.Apply(ctx, e.stranger, application(call)); kind(err) != tiaojie.Conflict {
			t.Errorf("applied to a closed call: %v", err)
		}
		if err := e.svc.SetCallStatus(ctx, e.bz, call, incubation.CallOpen); kind(err) != tiaojie.NotFound {
			t.Errorf("堡镇 touched 城桥's call: %v", err)
		}
	})
}

func fields(err error) map[string]bool {
	out := map[string]bool{}
	if e, ok := err.(*tiaojie.Error); ok {
		for _, f := range e.Fields {
			out[f.Field] = true
		}
	}
	return out
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
