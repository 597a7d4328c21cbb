package complaints_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/cases"
	"tiaojie/internal/clock"
	"tiaojie/internal/complaints"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/i18n"
	"tiaojie/internal/keys"
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
	"tiaojie/internal/route"
)

// start is a Monday, 09:00 Beijing time.
var start = time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)

const (
	chengqiao = "310151101"
	baozhen   = "310151102"
)

type env struct {
	svc    *complaints.Service
	db     *db.DB
	clock  *clock.Fake
	notes  *fakeNotifier
	sealer *pii.Sealer

	bureau, cq, bz, assoc, admin, mediator, alice, bob, nophone *tiaojie.Principal

	cqOrg, comOrg, distOrg, prepOrg int64
	cqMed, comMed                   int64
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(start)
	al := audit.New(m, c)
	e := &env{db: d, clock: c, notes: &fakeNotifier{}, sealer: pii.NewSealer(m)}
	cs := cases.New(cases.Deps{DB: d, Audit: al, Keys: m, Clock: c})
	e.svc = complaints.New(complaints.Deps{DB: d, Audit: al, Keys: m, Clock: c, Calendar: cs.Calendar,
		District: &tiaojie.District{}, Notifier: e.notes, BaseURL: "https://tj.example"})
	user := func(login, phone string, grants ...tiaojie.Grant) *tiaojie.Principal {
		var id int64
		if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, created_at, updated_at) VALUES ($1, $1, $2, $2) RETURNING id`,
			login, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if phone != "" {
			enc, err := e.sealer.SealString(phone, "users.phone:"+itoaT(id))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.Writer().Exec(`UPDATE users SET phone_enc = $1 WHERE id = $2`, enc, id); err != nil {
				t.Fatal(err)
			}
		}
		if len(grants) == 0 {
			grants = []tiaojie.Grant{{Role: tiaojie.RolePublic}}
		}
		for _, g := range grants {
			if _, err := d.Writer().Exec(`INSERT INTO user_roles (user_id, role, township_code, org_id, granted_by, granted_at) VALUES ($1, $2, $3, $4, 0, $5)`,
				id, string(g.Role), g.Township, g.OrgID, start); err != nil {
				t.Fatal(err)
			}
		}
		return &tiaojie.Principal{UserID: id, Name: login, MFA: true, Grants: grants}
	}
	org := func(name, typ, level, township, status string) int64 {
		var id int64
		if err := d.Writer().QueryRow(`
			INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, created_at, updated_at)
			VALUES ($1, $1, $2, 'social_service', $3, $4, $5, $6, $6) RETURNING id`,
			name, typ, level, township, status, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.cqOrg = org("城桥镇人民调解委员会", "basic", "township", chengqiao, "active")
	e.comOrg = org("崇明商事调解中心", "commercial", "township", baozhen, "active")
	e.distOrg = org("崇明区医疗纠纷人民调解委员会", "professional", "district", "310151100", "active")
	e.prepOrg = org("筹建中的调解组织", "basic", "township", chengqiao, "preparing")
	med := func(name string, orgID int64) int64 {
		var id int64
		if err := d.Writer().QueryRow(`INSERT INTO mediators (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id`,
			name, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Writer().Exec(`INSERT INTO mediator_orgs (mediator_id, org_id, joined_at) VALUES ($1, $2, $3)`, id, orgID, start); err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.cqMed, e.comMed = med("蒋华", e.cqOrg), med("王明", e.comOrg)
	e.bureau = user("bureau", "13800000001", tiaojie.Grant{Role: tiaojie.RoleBureau})
	e.cq = user("cq", "13800000002", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	e.bz = user("bz", "", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})
	e.assoc = user("assoc", "13800000003", tiaojie.Grant{Role: tiaojie.RoleAssociation})
	e.admin = user("cqadmin", "", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.cqOrg})
	e.mediator = user("cqmed", "", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: e.cqOrg})
	e.alice = user("alice", "13912345678")
	e.bob = user("bob", "13987654321")
	e.nophone = user("nophone", "")
	return e
}

func itoaT(id int64) string { return complaints.Number(id)[3:] }

// fakeNotifier records the notices queued.
type fakeNotifier struct {
	mu   sync.Mutex
	keys []string
}

func (f *fakeNotifier) Render(i18n.Lang, notify.Message) (notify.Content, error) {
	return notify.Content{Subject: "s", Text: "t", SMS: "t"}, nil
}

func (f *fakeNotifier) Enqueue(_ context.Context, _ *db.Tx, _ time.Time, n notify.Notice) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keys = append(f.keys, n.Key)
	return nil
}

// code renders an error as "kind code" or "field:code" (the first field).
func code(err error) string {
	if err == nil {
		return ""
	}
	if fs := route.Fields(err); len(fs) > 0 {
		return fs[0].Field + ":" + fs[0].Code
	}
	return tiaojie.ErrorKind(err).String() + " " + route.Code(err)
}

func (e *env) input(orgID, medID int64) complaints.Input {
	return complaints.Input{OrgID: orgID, MediatorID: medID, Name: "张三", Title: "调解员态度恶劣",
		Content: "调解过程中调解员多次打断我陈述。", Request: "请核实并答复"}
}

func (e *env) file(t *testing.T, p *tiaojie.Principal, orgID, medID int64) int64 {
	t.Helper()
	id, err := e.svc.File(context.Background(), p, e.input(orgID, medID))
	if err != nil {
		t.Fatalf("file: %v", err)
	}
	return id
}

func (e *env) count(t *testing.T) int {
	t.Helper()
	var n int
	if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM complaints`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFile covers the input a complaint needs, the organization and
// mediator checks (nothing written when refused), the routing and the
// deadline, and the sealed phone.
func TestFile(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		with := func(f func(*complaints.Input)) complaints.Input {
			in := e.input(e.cqOrg, e.cqMed)
			f(&in)
			return in
		}
		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			in   complaints.Input
			want string
		}{
			{"anonymous", tiaojie.Anonymous(), with(func(*complaints.Input) {}), "unauthorized error.unauthorized"},
			{"no name", e.alice, with(func(in *complaints.Input) { in.Name = " " }), "name:complaint.name"},
			{"bad phone", e.alice, with(func(in *complaints.Input) { in.Phone = "12345" }), "phone:complaint.phone"},
			{"no title", e.alice, with(func(in *complaints.Input) { in.Title = "" }), "title:complaint.title"},
			{"no content", e.alice, with(func(in *complaints.Input) { in.Content = "" }), "content:complaint.content"},
			{"long content", e.alice, with(func(in *complaints.Input) { in.Content = strings.Repeat("字", 2001) }), "content:complaint.content"},
			{"no organization", e.alice, with(func(in *complaints.Input) { in.OrgID = 0 }), "org_id:complaint.org_required"},
			{"unknown organization", e.alice, with(func(in *complaints.Input) { in.OrgID = 99999 }), "org_id:complaint.org_unknown"},
			{"organization in preparation", e.alice, with(func(in *complaints.Input) { in.OrgID = e.prepOrg; in.MediatorID = 0 }), "org_id:complaint.org_unknown"},
			{"unknown mediator", e.alice, with(func(in *complaints.Input) { in.MediatorID = 99999 }), "mediator_id:complaint.mediator_unknown"},
			{"mediator of another organization", e.alice, with(func(in *complaints.Input) { in.MediatorID = e.comMed }), "mediator_id:complaint.mediator_not_of_org"},
			{"no phone anywhere", e.nophone, with(func(*complaints.Input) {}), "phone:complaint.phone_required"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := e.svc.File(ctx, tc.p, tc.in); code(err) != tc.want {
					t.Errorf("err = %q, want %q", code(err), tc.want)
				}
				if n := e.count(t); n != 0 {
					t.Errorf("%d complaints written", n)
				}
			})
		}

		cq := e.file(t, e.alice, e.cqOrg, e.cqMed)
		com := e.file(t, e.alice, e.comOrg, 0)
		dist := e.file(t, e.bob, e.distOrg, 0)
		for _, tc := range []struct {
			id       int64
			handler  tiaojie.ComplaintHandler
			township string
		}{{cq, tiaojie.HandlerTownship, chengqiao}, {com, tiaojie.HandlerAssociation, ""}, {dist, tiaojie.HandlerBureau, ""}} {
			c, err := e.svc.Get(ctx, e.bureau, tc.id)
			if err != nil {
				t.Fatal(err)
			}
			if c.Handler != tc.handler || c.HandlerTownship != tc.township || c.Status != tiaojie.ComplaintFiled {
				t.Errorf("complaint %d routed to %s %q (%s), want %s %q", tc.id, c.Handler, c.HandlerTownship, c.Status, tc.handler, tc.township)
			}
			// 15 working days from Monday 30 November: Monday 21 December
			// is the last day, so the deadline is its end.
			if want := time.Date(2026, 12, 22, 0, 0, 0, 0, tiaojie.Beijing()); !c.DueAt.Equal(want) {
				t.Errorf("due %v, want %v", c.DueAt, want)
			}
		}
		c, _ := e.svc.Get(ctx, e.cq, cq)
		if c.PhoneMasked != "139****5678" || c.ComplainantName != "张三" || c.MediatorName != "蒋华" {
			t.Errorf("handler sees %q %q %q", c.PhoneMasked, c.ComplainantName, c.MediatorName)
		}
		var enc []byte
		if err := d.Reader().QueryRow(`SELECT complainant_phone_enc FROM complaints WHERE id = $1`, cq).Scan(&enc); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(enc), "13912345678") {
			t.Error("phone stored in clear")
		}
		// A phone given on the form is kept instead of the account's.
		in := e.input(e.cqOrg, 0)
		in.Phone = "13700001111"
		id, err := e.svc.File(ctx, e.nophone, in)
		if err != nil {
			t.Fatal(err)
		}
		if ph, err := e.svc.RevealPhone(ctx, e.cq, id, "回访投诉人"); err != nil || ph != "13700001111" {
			t.Errorf("revealed %q, %v", ph, err)
		}
	})
}

// TestWhoSeesWhat: the complainant sees only their own complaints; a
// township office only its township's; the association only commercial
// organizations'; the bureau all; the organization never the complaint
// nor who filed it.
func TestWhoSeesWhat(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.file(t, e.alice, e.cqOrg, e.cqMed)
		com := e.file(t, e.bob, e.comOrg, e.comMed)
		dist := e.file(t, e.bob, e.distOrg, 0)

		sees := map[string]struct {
			p    *tiaojie.Principal
			want []int64
		}{
			"bureau":      {e.bureau, []int64{cq, com, dist}},
			"chengqiao":   {e.cq, []int64{cq}},
			"baozhen":     {e.bz, nil},
			"association": {e.assoc, []int64{com}},
			"org admin":   {e.admin, nil},
			"mediator":    {e.mediator, nil},
			"alice":       {e.alice, []int64{cq}},
			"bob":         {e.bob, []int64{com, dist}},
		}
		for name, s := range sees {
			for _, id := range []int64{cq, com, dist} {
				_, err := e.svc.Get(ctx, s.p, id)
				want := contains(s.want, id)
				if want && err != nil || !want && !tiaojie.IsKind(err, tiaojie.NotFound) {
					t.Errorf("%s reads %d: %v", name, id, err)
				}
			}
		}
		for name, p := range map[string]*tiaojie.Principal{"org admin": e.admin, "mediator": e.mediator, "alice": e.alice} {
			if _, err := e.svc.List(ctx, p, complaints.Filter{}); !tiaojie.IsKind(err, tiaojie.Forbidden) {
				t.Errorf("%s lists the queue: %v", name, err)
			}
		}
		for _, tc := range []struct {
			p    *tiaojie.Principal
			want []int64
		}{{e.bureau, []int64{cq, com, dist}}, {e.cq, []int64{cq}}, {e.bz, nil}, {e.assoc, []int64{com}}} {
			list, err := e.svc.List(ctx, tc.p, complaints.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(list); !same(got, tc.want) {
				t.Errorf("%s queue = %v, want %v", tc.p.Name, got, tc.want)
			}
			sheet, err := e.svc.ExportRows(ctx, tc.p, complaints.Filter{}, cat.In(i18n.Zh))
			if err != nil || len(sheet.Rows) != len(tc.want) {
				t.Errorf("%s export: %d rows, %v", tc.p.Name, len(sheet.Rows), err)
			}
			for _, r := range sheet.Rows {
				if r[3] == "张三" {
					t.Error("export shows the complainant's name in clear")
				}
			}
		}
		for lang, want := range map[i18n.Lang][]any{i18n.Zh: {"投诉", "状态", "已提交"}, i18n.En: {"Complaints", "Status", "Filed"}} {
			sheet, err := e.svc.ExportRows(ctx, e.cq, complaints.Filter{}, cat.In(lang))
			if err != nil || len(sheet.Rows) != 1 {
				t.Fatalf("%s export: %+v, %v", lang, sheet, err)
			}
			if got := []any{sheet.Name, sheet.Headers[6], sheet.Rows[0][6]}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s export: sheet, status header and cell %q, want %q", lang, got, want)
			}
		}
		mine, err := e.svc.Mine(ctx, e.bob)
		if err != nil || !same(ids(mine), []int64{com, dist}) {
			t.Errorf("bob's complaints = %v, %v", ids(mine), err)
		}
		if _, err := e.svc.RevealPhone(ctx, e.admin, cq, "想知道是谁"); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("the organization reveals the phone: %v", err)
		}
		if _, err := e.svc.RevealPhone(ctx, e.cq, cq, " "); code(err) != "purpose:complaint.purpose" {
			t.Errorf("reveal without purpose: %v", err)
		}
		// A probing organization leaves a trace.
		var denied int
		if err := d.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'complaint.read' AND outcome = 'denied'`).Scan(&denied); err != nil {
			t.Fatal(err)
		}
		if denied == 0 {
			t.Error("refused reads not audited")
		}
	})
}

// TestLifecycle walks a complaint from filing to closing, with refusals
// on the way, and what the organization then sees.
func TestLifecycle(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.file(t, e.alice, e.cqOrg, e.cqMed)
		step := func(p *tiaojie.Principal, a tiaojie.ComplaintAction, text string, o tiaojie.ComplaintOutcome) error {
			return e.svc.Act(ctx, p, id, complaints.StepInput{ComplaintStep: tiaojie.ComplaintStep{Action: a, Text: text, Outcome: o,
				Notice: map[bool]string{true: "请加强调解员培训"}[a == tiaojie.ComplaintAnswer]}})
		}
		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			a    tiaojie.ComplaintAction
			text string
			o    tiaojie.ComplaintOutcome
			want string
		}{
			{"another township", e.bz, tiaojie.ComplaintAcknowledge, "", "", "not_found error.not_found"},
			{"the association", e.assoc, tiaojie.ComplaintAcknowledge, "", "", "not_found error.not_found"},
			{"the organization", e.admin, tiaojie.ComplaintAcknowledge, "", "", "not_found error.not_found"},
			{"the complainant acknowledges", e.alice, tiaojie.ComplaintAcknowledge, "", "", "forbidden complaint.not_yours"},
			{"answer before acknowledging", e.cq, tiaojie.ComplaintAnswer, "答复", tiaojie.OutcomeUpheld, "conflict complaint.bad_transition"},
			{"acknowledge", e.cq, tiaojie.ComplaintAcknowledge, "", "", ""},
			{"acknowledge twice", e.cq, tiaojie.ComplaintAcknowledge, "", "", "conflict complaint.bad_transition"},
			{"the township reassigns", e.cq, tiaojie.ComplaintReassign, "x", "", "forbidden complaint.not_yours"},
			{"investigate", e.cq, tiaojie.ComplaintInvestigate, "约谈调解员", "", ""},
			{"answer without outcome", e.cq, tiaojie.ComplaintAnswer, "答复", "", "outcome:complaint.outcome"},
			{"answer", e.cq, tiaojie.ComplaintAnswer, "经核实，投诉属实，已责令整改。", tiaojie.OutcomeUpheld, ""},
			{"withdraw after the answer", e.alice, tiaojie.ComplaintWithdraw, "", "", "conflict complaint.bad_transition"},
			{"the complainant closes", e.alice, tiaojie.ComplaintClose, "", "", ""},
		} {
			if err := step(tc.p, tc.a, tc.text, tc.o); code(err) != tc.want {
				t.Errorf("%s: err = %q, want %q", tc.name, code(err), tc.want)
			}
		}
		c, err := e.svc.Get(ctx, e.alice, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != tiaojie.ComplaintClosed || c.Outcome != tiaojie.OutcomeUpheld || c.Answer == "" || c.Notice != "" || c.AnsweredAt == nil {
			t.Errorf("the complainant sees %s %s %q notice %q", c.Status, c.Outcome, c.Answer, c.Notice)
		}
		if len(c.Steps) != 5 || c.Steps[2].Note != "" || c.Steps[2].Actor != "" {
			t.Errorf("the complainant's steps: %+v", c.Steps)
		}
		staff, _ := e.svc.Get(ctx, e.cq, id)
		if staff.Notice != "请加强调解员培训" || staff.Steps[2].Note != "约谈调解员" {
			t.Errorf("the handler sees notice %q, steps %+v", staff.Notice, staff.Steps)
		}
		for _, p := range []*tiaojie.Principal{e.admin, e.mediator, e.cq, e.bureau, e.assoc} {
			list, err := e.svc.ForOrg(ctx, p, e.cqOrg)
			if err != nil || len(list) != 1 || list[0].Outcome != tiaojie.OutcomeUpheld || list[0].Notice != "请加强调解员培训" {
				t.Errorf("%s: the organization's complaints = %+v, %v", p.Name, list, err)
			}
		}
		if _, err := e.svc.ForOrg(ctx, e.bz, e.cqOrg); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("another township reads the organization's complaints: %v", err)
		}
		if _, err := e.svc.ForOrg(ctx, e.alice, e.cqOrg); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("the public reads the organization's complaints: %v", err)
		}
		for _, tc := range []struct {
			from, to time.Time
			want     int
		}{{time.Time{}, time.Time{}, 1}, {start, start.Add(time.Hour), 1}, {start.Add(time.Hour), time.Time{}, 0}} {
			if n, err := complaints.UpheldCount(ctx, d.Reader(), e.cqOrg, tc.from, tc.to); err != nil || n != tc.want {
				t.Errorf("UpheldCount(%v, %v) = %d, %v; want %d", tc.from, tc.to, n, err, tc.want)
			}
		}
		if n, _ := complaints.UpheldCount(ctx, d.Reader(), e.comOrg, time.Time{}, time.Time{}); n != 0 {
			t.Errorf("another organization counts %d", n)
		}
	})
}

// TestRejectWithdrawReassign covers the other endings and the bureau's
// reassignment.
func TestRejectWithdrawReassign(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		act := func(p *tiaojie.Principal, id int64, in complaints.StepInput) string {
			return code(e.svc.Act(ctx, p, id, in))
		}
		st := func(a tiaojie.ComplaintAction, text string) complaints.StepInput {
			return complaints.StepInput{ComplaintStep: tiaojie.ComplaintStep{Action: a, Text: text}}
		}
		rej := e.file(t, e.alice, e.comOrg, 0)
		if got := act(e.assoc, rej, st(tiaojie.ComplaintReject, "")); got != "text:complaint.text_required.reject" {
			t.Errorf("reject without reason: %s", got)
		}
		if got := act(e.assoc, rej, st(tiaojie.ComplaintReject, "不属于投诉受理范围")); got != "" {
			t.Errorf("reject: %s", got)
		}
		c, _ := e.svc.Get(ctx, e.alice, rej)
		if c.Status != tiaojie.ComplaintRejected || c.Reason != "不属于投诉受理范围" || c.ClosedAt == nil {
			t.Errorf("rejected: %+v", c)
		}

		wd := e.file(t, e.alice, e.cqOrg, 0)
		if got := act(e.bob, wd, st(tiaojie.ComplaintWithdraw, "")); got != "not_found error.not_found" {
			t.Errorf("someone else withdraws: %s", got)
		}
		if got := act(e.alice, wd, st(tiaojie.ComplaintWithdraw, "已协商解决")); got != "" {
			t.Errorf("withdraw: %s", got)
		}

		re := e.file(t, e.alice, e.cqOrg, 0)
		if got := act(e.cq, re, st(tiaojie.ComplaintAcknowledge, "")); got != "" {
			t.Fatal(got)
		}
		move := func(h tiaojie.ComplaintHandler, town string) complaints.StepInput {
			in := st(tiaojie.ComplaintReassign, "涉及区级协调")
			in.Handler, in.Township = h, town
			return in
		}
		for _, tc := range []struct {
			in   complaints.StepInput
			want string
		}{
			{move(tiaojie.HandlerAssociation, ""), "handler:complaint.association_commercial_only"},
			{move(tiaojie.HandlerTownship, baozhen), "township:complaint.township_of_org"},
			{move(tiaojie.HandlerTownship, chengqiao), "handler:complaint.same_handler"},
			{move("court", ""), "handler:complaint.handler"},
			{move(tiaojie.HandlerBureau, ""), ""},
		} {
			if got := act(e.bureau, re, tc.in); got != tc.want {
				t.Errorf("reassign to %s %q: %q, want %q", tc.in.Handler, tc.in.Township, got, tc.want)
			}
		}
		c, _ = e.svc.Get(ctx, e.bureau, re)
		if c.Handler != tiaojie.HandlerBureau || c.Status != tiaojie.ComplaintFiled || c.AcknowledgedAt != nil {
			t.Errorf("reassigned: %s %s %v", c.Handler, c.Status, c.AcknowledgedAt)
		}
		if _, err := e.svc.Get(ctx, e.cq, re); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("the township office still reads a reassigned complaint: %v", err)
		}
	})
}

// TestOverdueAndReminders: the sweep reminds the handlers before the
// deadline, once, and an open complaint past it is flagged overdue.
func TestOverdueAndReminders(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.file(t, e.alice, e.cqOrg, 0)
		com := e.file(t, e.alice, e.comOrg, 0)
		if n, err := e.svc.Sweep(ctx); err != nil || n != 0 {
			t.Fatalf("early sweep: %d, %v", n, err)
		}
		// Friday 18 December: the deadline (end of Monday 21) is within
		// two working days.
		e.clock.Set(time.Date(2026, 12, 18, 1, 0, 0, 0, time.UTC))
		if n, err := e.svc.Sweep(ctx); err != nil || n != 2 {
			t.Fatalf("sweep: %d, %v", n, err)
		}
		if _, err := e.svc.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		want := []string{"complaint.remind:" + itoaT(cq) + ":" + itoaT(e.cq.UserID) + ":2026-12-21",
			"complaint.remind:" + itoaT(com) + ":" + itoaT(e.assoc.UserID) + ":2026-12-21"}
		got := e.notes.keys
		slices.Sort(got)
		if len(got) != 4 || got[0] != want[0] || got[2] != want[1] {
			t.Errorf("notices %v, want %v twice (the notifier drops the repeat by key)", got, want)
		}
		list, _ := e.svc.List(ctx, e.bureau, complaints.Filter{Overdue: true})
		if len(list) != 0 {
			t.Errorf("overdue before the deadline: %v", ids(list))
		}
		if err := e.svc.Act(ctx, e.assoc, com, complaints.StepInput{ComplaintStep: tiaojie.ComplaintStep{Action: tiaojie.ComplaintAcknowledge}}); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Act(ctx, e.assoc, com, complaints.StepInput{ComplaintStep: tiaojie.ComplaintStep{
			Action: tiaojie.ComplaintAnswer, Outcome: tiaojie.OutcomeNotUpheld, Text: "经核实不属实"}}); err != nil {
			t.Fatal(err)
		}
		e.clock.Set(time.Date(2026, 12, 21, 16, 0, 0, 0, time.UTC)) // 00:00 on the 22nd in Beijing
		list, _ = e.svc.List(ctx, e.bureau, complaints.Filter{Overdue: true})
		if !same(ids(list), []int64{cq}) || !list[0].Overdue {
			t.Errorf("overdue = %v", ids(list))
		}
		c, _ := e.svc.Get(ctx, e.assoc, com)
		if c.Overdue {
			t.Error("an answered complaint is overdue")
		}
	})
}

func ids(list []complaints.Complaint) []int64 {
	var out []int64
	for _, c := range list {
		out = append(out, c.ID)
	}
	return out
}

func contains(list []int64, id int64) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

// same reports whether a and b hold the same ids, in any order.
func same(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}
