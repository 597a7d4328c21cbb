package funding_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/experts"
	"tiaojie/internal/funding"
	"tiaojie/internal/keys"
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
)

// start is 10 March 2026, Beijing; the round takes applications from 1
// to 31 March.
var start = time.Date(2026, 3, 10, 10, 0, 0, 0, tiaojie.Beijing())

type env struct {
	svc                 *funding.Service
	experts             *experts.Service
	db                  *db.DB
	clock               *clock.Fake
	a, b, preparing     int64
	adminA, adminB      *tiaojie.Principal
	bureau, public      *tiaojie.Principal
	expertP, tiedP      *tiaojie.Principal
	expert, tied, other int64 // expert ids: untied, tied to a, not assigned
	otherP              *tiaojie.Principal
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(start)
	al := audit.New(m, c)
	quiet := slog.New(slog.DiscardHandler)
	nt, err := notify.New(notify.Deps{Mailer: notify.LogMailer{Log: quiet}, SMS: auth.LogSender{Log: quiet}, Sealer: pii.NewSealer(m), Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: d, clock: c, svc: funding.New(funding.Deps{DB: d, Audit: al, Clock: c, Notifier: nt, Sealer: pii.NewSealer(m), BaseURL: "https://t.example"}),
		experts: experts.New(experts.Deps{DB: d, Audit: al, Clock: c})}
	org := func(name, status string) int64 {
		var id int64
		if err := d.Writer().QueryRow(`
			INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, created_at, updated_at)
			VALUES ($1, $1, 'basic', 'peoples_committee', 'township', '310151101', $2, $3, $3) RETURNING id`,
			name, status, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.a, e.b, e.preparing = org("城桥镇人民调解委员会", "active"), org("堡镇人民调解委员会", "active"), org("新河镇筹建调委会", "preparing")
	user := func(login string) int64 {
		var id int64
		if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, email, created_at, updated_at) VALUES ($1, $1, $2, $3, $3) RETURNING id`,
			login, login+"@t.example", start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	pr := func(login string, g tiaojie.Grant) *tiaojie.Principal {
		p := &tiaojie.Principal{UserID: user(login), Name: login, MFA: true, Grants: []tiaojie.Grant{g}}
		if _, err := d.Writer().Exec(`INSERT INTO user_roles (user_id, role, township_code, org_id, granted_at) VALUES ($1, $2, $3, $4, $5)`,
			p.UserID, string(g.Role), g.Township, g.OrgID, start); err != nil {
			t.Fatal(err)
		}
		return p
	}
	e.adminA = pr("admin.a", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.a})
	e.adminB = pr("admin.b", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.b})
	e.bureau = pr("bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	e.public = tiaojie.Anonymous()
	e.expertP = pr("prof.zhang", tiaojie.Grant{Role: tiaojie.RoleExpert})
	e.tiedP = pr("lawyer.li", tiaojie.Grant{Role: tiaojie.RoleExpert})
	e.otherP = pr("prof.wang", tiaojie.Grant{Role: tiaojie.RoleExpert})
	ctx := context.Background()
	mk := func(name string, p *tiaojie.Principal) int64 {
		id, err := e.experts.Create(ctx, e.bureau, experts.Input{Name: name, UserID: p.UserID})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.expert, e.tied, e.other = mk("张教授", e.expertP), mk("李律师", e.tiedP), mk("王教授", e.otherP)
	if err := e.experts.DeclareTie(ctx, e.bureau, e.tied, experts.Tie{OrgID: e.a, Kind: experts.TieAdviser}); err != nil {
		t.Fatal(err)
	}
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
	if len(e.Fields) > 0 {
		return e.Kind.String() + " " + e.Fields[0].Code
	}
	return e.Kind.String() + " " + e.Code
}

func (e *env) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var gift = funding.Input{Kind: tiaojie.FundingDonation, Source: "城桥镇爱心企业", Amount: 2000000, ReceivedOn: "2026-02-01",
	Purpose: "调解室设备", Restrictions: "限用于设备购置"}

// TestRecord: the bureau records grants and donations; an organization's
// admin only its own donations; bad input is refused and nothing written.
func TestRecord(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		grant := gift
		grant.OrgID, grant.Kind, grant.Source = e.a, tiaojie.FundingGrant, "区司法局"
		if _, err := e.svc.Record(ctx, e.bureau, grant); err != nil {
			t.Fatal(err)
		}
		own := gift
		own.OrgID = e.a
		if _, err := e.svc.Record(ctx, e.adminA, own); err != nil {
			t.Fatal(err)
		}
		refused := func(name string, p *tiaojie.Principal, in funding.Input, want string) {
			t.Helper()
			before := e.count(t, "fundings")
			if _, err := e.svc.Record(ctx, p, in); kind(err) != want {
				t.Errorf("%s: %v, want %s", name, err, want)
			}
			if after := e.count(t, "fundings"); after != before {
				t.Errorf("%s: %d fundings, want %d", name, after, before)
			}
		}
		orgGrant := grant
		refused("an org admin records a grant", e.adminA, orgGrant, "forbidden error.forbidden")
		other := gift
		other.OrgID = e.b
		refused("an org admin records another's donation", e.adminA, other, "not_found error.not_found")
		refused("an expert records", e.expertP, other, "forbidden error.forbidden")
		for _, tc := range []struct {
			name string
			mod  func(*funding.Input)
			want string
		}{
			{"zero amount", func(in *funding.Input) { in.Amount = 0 }, "invalid funding.amount"},
			{"negative amount", func(in *funding.Input) { in.Amount = -500 }, "invalid funding.amount"},
			{"no such organization", func(in *funding.Input) { in.OrgID = 99999 }, "invalid funding.org"},
			{"not registered", func(in *funding.Input) { in.OrgID = e.preparing }, "invalid funding.org"},
			{"future date", func(in *funding.Input) { in.ReceivedOn = "2026-03-11" }, "invalid funding.date"},
			{"no donor", func(in *funding.Input) { in.Source = " " }, "invalid funding.source"},
			{"unknown kind", func(in *funding.Input) { in.Kind = "loan" }, "invalid funding.kind"},
		} {
			in := gift
			in.OrgID = e.b
			tc.mod(&in)
			refused(tc.name, e.bureau, in, tc.want)
		}
		got, err := e.svc.Received(ctx, e.a)
		if err != nil {
			t.Fatal(err)
		}
		years := funding.ByYear(got)
		if len(years) != 1 || years[0].Year != 2026 || years[0].Donations != 2000000 || years[0].Grants != 2000000 || len(years[0].Items) != 2 {
			t.Errorf("received %+v", years)
		}
		if total, err := funding.TotalFor(ctx, d.Reader(), e.a, 2026); err != nil || total != 4000000 {
			t.Errorf("total %d %v", total, err)
		}
		mine, err := e.svc.List(ctx, e.adminB, funding.Filter{})
		if err != nil || len(mine) != 0 {
			t.Errorf("admin B sees %d of A's fundings (%v)", len(mine), err)
		}
		if _, err := e.svc.List(ctx, e.expertP, funding.Filter{}); kind(err) != "forbidden error.forbidden" {
			t.Errorf("an expert lists: %v", err)
		}
	})
}

var round = funding.RoundInput{Title: "2026年度公益创投", Theme: "家事纠纷预防", Budget: 10000000, Cap: 5000000,
	OpensOn: "2026-03-01", ClosesOn: "2026-03-31",
	Criteria: []tiaojie.VentureCriterion{{Name: "需求与目标", Weight: 40}, {Name: "实施方案", Weight: 60}}}

// TestVentureRound runs a round from opening to published awards and
// reports, with each refusal the issue names.
func TestVentureRound(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		// An unavailable expert cannot be assigned: nothing written.
		if err := e.experts.SetAvailability(ctx, e.bureau, e.other, experts.Availability{Until: "2026-04-30", Note: "出国访学"}); err != nil {
			t.Fatal(err)
		}
		in := round
		in.Experts = []int64{e.expert, e.tied, e.other}
		if _, err := e.svc.OpenRound(ctx, e.bureau, in); kind(err) != "conflict expert.unavailable" || e.count(t, "venture_rounds") != 0 {
			t.Fatalf("unavailable expert: %v, %d rounds", err, e.count(t, "venture_rounds"))
		}
		if _, err := e.svc.OpenRound(ctx, e.adminA, round); kind(err) != "forbidden error.forbidden" {
			t.Errorf("an org admin opens a round: %v", err)
		}
		bad := round
		bad.Criteria = []tiaojie.VentureCriterion{{Name: "a", Weight: 50}}
		if _, err := e.svc.OpenRound(ctx, e.bureau, bad); kind(err) != "invalid venture.weights" {
			t.Errorf("weights summing to 50: %v", err)
		}
		in.Experts = []int64{e.expert, e.tied}
		rid, err := e.svc.OpenRound(ctx, e.bureau, in)
		if err != nil {
			t.Fatal(err)
		}
		apply := func(p *tiaojie.Principal, org int64, req tiaojie.Money) (int64, error) {
			return e.svc.Apply(ctx, p, rid, funding.ApplyInput{OrgID: org, Title: "家事调解进社区", Plan: "每月开展两次家事调解宣讲", Requested: req})
		}
		appA, err := apply(e.adminA, e.a, 5000000)
		if err != nil {
			t.Fatal(err)
		}
		appB, err := apply(e.adminB, e.b, 4000000)
		if err != nil {
			t.Fatal(err)
		}
		refusedApply := func(name string, p *tiaojie.Principal, org int64, req tiaojie.Money, want string) {
			t.Helper()
			if _, err := apply(p, org, req); kind(err) != want {
				t.Errorf("%s: %v, want %s", name, err, want)
			}
			if n := e.count(t, "venture_applications"); n != 2 {
				t.Errorf("%s: %d applications, want 2", name, n)
			}
		}
		e.clock.Set(time.Date(2026, 2, 28, 23, 0, 0, 0, tiaojie.Beijing()))
		refusedApply("before the window", e.adminB, e.b, 100, "conflict venture.not_open")
		e.clock.Set(start)
		refusedApply("twice", e.adminA, e.a, 100, "conflict venture.applied")
		refusedApply("above the cap", e.adminA, e.a, 5000001, "invalid venture.over_cap")
		refusedApply("for another organization", e.adminA, e.b, 100, "not_found error.not_found")
		refusedApply("the bureau for an organization", e.bureau, e.a, 100, "forbidden error.forbidden")

		// An organization's admin sees only its own, before publication.
		_, list, err := e.svc.Applications(ctx, e.adminB, rid)
		if err != nil || len(list) != 1 || list[0].ID != appB {
			t.Errorf("admin B sees %+v (%v)", list, err)
		}
		if _, _, err := e.svc.Application(ctx, e.adminB, appA); kind(err) != "not_found error.not_found" {
			t.Errorf("admin B reads A's application: %v", err)
		}
		if _, list, _ := e.svc.Applications(ctx, e.public, rid); len(list) != 0 {
			t.Errorf("the public sees %d applications before publication", len(list))
		}
		// Experts: only the assigned see and score; the tied one is refused.
		if _, _, err := e.svc.Application(ctx, e.otherP, appA); kind(err) != "not_found error.not_found" {
			t.Errorf("an unassigned expert reads: %v", err)
		}
		if err := e.svc.Score(ctx, e.otherP, appA, []int{8, 8}, ""); kind(err) != "not_found error.not_found" {
			t.Errorf("an unassigned expert scores: %v", err)
		}
		if err := e.svc.Score(ctx, e.tiedP, appA, []int{10, 10}, ""); kind(err) != "conflict expert.tied" || e.count(t, "venture_scores") != 0 {
			t.Errorf("a tied expert scores: %v", err)
		}
		if err := e.svc.Score(ctx, e.expertP, appA, []int{11, 8}, ""); kind(err) != "invalid venture.scores" {
			t.Errorf("score 11: %v", err)
		}
		for _, s := range []struct {
			p      *tiaojie.Principal
			app    int64
			scores []int
		}{{e.expertP, appA, []int{9, 8}}, {e.expertP, appB, []int{6, 7}}, {e.tiedP, appB, []int{8, 9}}} {
			if err := e.svc.Score(ctx, s.p, s.app, s.scores, "方案可行"); err != nil {
				t.Fatal(err)
			}
		}
		_, mine, err := e.svc.Application(ctx, e.expertP, appB)
		if err != nil || len(mine.Scores) != 1 || mine.Scores[0].Weighted != 6*40+7*60 {
			t.Errorf("the expert's view %+v (%v)", mine, err)
		}
		// Awards: not before the window closes, never over the budget.
		if err := e.svc.Award(ctx, e.bureau, appA, 5000000); kind(err) != "conflict venture.award_early" {
			t.Errorf("award in the window: %v", err)
		}
		e.clock.Set(time.Date(2026, 4, 2, 9, 0, 0, 0, tiaojie.Beijing()))
		refusedApply("after the window", e.adminB, e.b, 100, "conflict venture.closed")
		if err := e.svc.Award(ctx, e.bureau, appA, 5000000); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Award(ctx, e.adminA, appB, 100); kind(err) != "forbidden error.forbidden" {
			t.Errorf("an org admin awards: %v", err)
		}
		if err := e.svc.Award(ctx, e.bureau, appB, 4000000); err != nil {
			t.Fatal(err)
		}
		r2, err := e.svc.OpenRound(ctx, e.bureau, funding.RoundInput{Title: "小额创投", Budget: 6000000, Cap: 5000000,
			OpensOn: "2026-04-01", ClosesOn: "2026-04-02", Criteria: round.Criteria})
		if err != nil {
			t.Fatal(err)
		}
		x, _ := e.svc.Apply(ctx, e.adminA, r2, funding.ApplyInput{OrgID: e.a, Title: "甲", Plan: "计划", Requested: 4000000})
		y, _ := e.svc.Apply(ctx, e.adminB, r2, funding.ApplyInput{OrgID: e.b, Title: "乙", Plan: "计划", Requested: 4000000})
		e.clock.Set(time.Date(2026, 4, 3, 9, 0, 0, 0, tiaojie.Beijing()))
		if err := e.svc.Award(ctx, e.bureau, x, 4000000); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Award(ctx, e.bureau, y, 2000001); kind(err) != "conflict venture.over_budget" {
			t.Errorf("awards over the budget: %v", err)
		}
		if _, a, _ := e.svc.Application(ctx, e.bureau, y); a == nil || a.Award != 0 {
			t.Errorf("the refused award was written: %+v", a)
		}
		// Publication: the awards become public and are grants.
		if _, list, _ := e.svc.Applications(ctx, e.public, rid); len(list) != 0 {
			t.Errorf("the public sees %d awards before publication", len(list))
		}
		if err := e.svc.Publish(ctx, e.bureau, rid); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Publish(ctx, e.bureau, rid); kind(err) != "conflict venture.published" {
			t.Errorf("publish twice: %v", err)
		}
		r, list, err := e.svc.Applications(ctx, e.public, rid)
		if err != nil || len(list) != 2 || list[0].ID != appA || list[0].Award != 5000000 || list[0].Scores != nil || r.Experts != nil {
			t.Errorf("public results %+v %+v (%v)", r, list, err)
		}
		if list[0].Total != 9*40+8*60 || list[1].Total != (6*40+7*60+8*40+9*60)/2 {
			t.Errorf("totals %d %d", list[0].Total, list[1].Total)
		}
		got, _ := e.svc.Received(ctx, e.a)
		if len(got) != 1 || got[0].Kind != tiaojie.FundingGrant || got[0].Amount != 5000000 || got[0].ApplicationID != appA {
			t.Errorf("grants of A %+v", got)
		}
		if err := e.svc.Score(ctx, e.expertP, appA, []int{1, 1}, ""); kind(err) != "conflict venture.published" {
			t.Errorf("score after publication: %v", err)
		}
		// Reports, by the awarded organization only.
		if _, err := e.svc.FileReport(ctx, e.adminB, appA, tiaojie.VentureProgress, "进展"); kind(err) != "not_found error.not_found" {
			t.Errorf("B reports on A's project: %v", err)
		}
		if _, err := e.svc.FileReport(ctx, e.adminA, appA, tiaojie.VentureFinal, "已完成全部宣讲"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.FileReport(ctx, e.adminA, appA, tiaojie.VentureFinal, "再报"); kind(err) != "conflict venture.final_filed" {
			t.Errorf("a second final report: %v", err)
		}
		if _, a, _ := e.svc.Application(ctx, e.public, appA); a == nil || len(a.Reports) != 1 {
			t.Errorf("reports %+v", a)
		}
		// The expert's assignments list the round.
		as, err := e.experts.Assignments(ctx, e.expertP, e.expert)
		if err != nil || len(as) != 1 || as[0].Kind != "venture" || as[0].ID != rid || !as[0].Done {
			t.Errorf("assignments %+v (%v)", as, err)
		}
		if _, err := e.experts.Assignments(ctx, e.otherP, e.expert); kind(err) != "not_found error.not_found" {
			t.Errorf("another expert's assignments: %v", err)
		}
	})
}
