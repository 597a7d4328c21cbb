package supervision_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/files"
	"tiaojie/internal/keys"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
	"tiaojie/internal/supervision"
)

// start is 09:00 on Monday 30 November 2026, Beijing time.
var start = time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)

const (
	chengqiao = "310151101"
	baozhen   = "310151102"
)

type env struct {
	svc    *supervision.Service
	roster *roster.Service
	db     *db.DB
	clock  *clock.Fake
	org    int64 // 城桥镇, active, 3 stars
	other  int64 // 堡镇, active
}

var (
	bureau = &tiaojie.Principal{UserID: 1, Name: "bureau", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleBureau}}}
	cq     = &tiaojie.Principal{UserID: 2, Name: "chengqiao", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: chengqiao}}}
	bz     = &tiaojie.Principal{UserID: 3, Name: "baozhen", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: baozhen}}}
)

func orgAdmin(id int64) *tiaojie.Principal {
	return &tiaojie.Principal{UserID: 100 + id, Name: "admin", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: id}}}
}

func mediatorOf(id int64) *tiaojie.Principal {
	return &tiaojie.Principal{UserID: 200 + id, Name: "mediator", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleMediator, OrgID: id}}}
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
	ros := roster.New(roster.Deps{DB: d, Audit: al, Keys: m, Files: fs, Clock: c, District: dist})
	e := &env{db: d, clock: c, roster: ros,
		svc: supervision.New(supervision.Deps{DB: d, Audit: al, Files: fs, Clock: c, Registry: reg, Roster: ros})}
	org := func(name, township string, stars any) int64 {
		var id int64
		if err := d.Writer().QueryRow(`
			INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, stars, created_at, updated_at)
			VALUES ($1, $1, 'basic', 'peoples_committee', 'township', $2, 'active', $3, $4, $4) RETURNING id`,
			name, township, stars, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.org, e.other = org("城桥镇人民调解委员会", chengqiao, 3), org("堡镇人民调解委员会", baozhen, nil)
	return e
}

func kind(err error) tiaojie.Kind { return tiaojie.ErrorKind(err) }

func (e *env) status(t *testing.T, id int64) tiaojie.OrgStatus {
	t.Helper()
	var s string
	if err := e.db.Reader().QueryRow(`SELECT status FROM orgs WHERE id = $1`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return tiaojie.OrgStatus(s)
}

func checklist(serious bool) []supervision.Finding {
	var out []supervision.Finding
	for _, it := range tiaojie.DefaultChecklist() {
		out = append(out, supervision.Finding{Item: it, Result: tiaojie.FindingConforms})
	}
	if serious {
		out[3] = supervision.Finding{Item: out[3].Item, Result: tiaojie.FindingSerious, Note: "2026年下半年案件未登记"}
	}
	return out
}

func pdf() *files.Upload {
	return &files.Upload{Filename: "决定书.pdf", Body: bytes.NewReader([]byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))}
}

// TestInspectionFlow: an order moves the organization to 整改, the
// organization responds with evidence, a return sends it back, verify
// and close bring the organization back to 正常; the order is recorded in
// its 奖惩情况; illegal steps and strangers are refused.
func TestInspectionFlow(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		in := supervision.InspectionInput{OrgID: e.org, Kind: tiaojie.InspectionUnannounced, InspectedOn: "2026-11-30",
			ComplaintID: 7, Summary: "突击检查", Findings: checklist(true)}
		if _, err := e.svc.Open(ctx, bz, in); kind(err) != tiaojie.NotFound {
			t.Fatalf("another township's office inspected: %v", err)
		}
		if _, err := e.svc.Open(ctx, orgAdmin(e.org), in); kind(err) != tiaojie.Forbidden {
			t.Fatalf("an org admin inspected: %v", err)
		}
		id, err := e.svc.Open(ctx, cq, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Get(ctx, orgAdmin(e.other), id); kind(err) != tiaojie.NotFound {
			t.Fatalf("another org's admin read it: %v", err)
		}
		if _, err := e.svc.Get(ctx, mediatorOf(e.org), id); kind(err) != tiaojie.NotFound {
			t.Fatalf("a mediator read it: %v", err)
		}
		if err := e.svc.Act(ctx, cq, id, supervision.Action{Action: tiaojie.InspRespond, Text: "x"}); kind(err) != tiaojie.Forbidden {
			t.Fatalf("the inspector responded: %v", err)
		}
		if err := e.svc.Act(ctx, cq, id, supervision.Action{Action: tiaojie.InspVerify}); kind(err) != tiaojie.Conflict {
			t.Fatalf("verified before an order: %v", err)
		}
		if err := e.svc.Act(ctx, cq, id, supervision.Action{Action: tiaojie.InspOrder, Text: "补登台账", Deadline: "2026-11-01"}); kind(err) != tiaojie.Invalid {
			t.Fatalf("a past deadline: %v", err)
		}
		if e.status(t, e.org) != tiaojie.StatusActive {
			t.Fatal("a refused order moved the organization")
		}
		if err := e.svc.Act(ctx, cq, id, supervision.Action{Action: tiaojie.InspOrder, Text: "补登台账"}); err != nil {
			t.Fatal(err)
		}
		if got := e.status(t, e.org); got != tiaojie.StatusRectifying {
			t.Fatalf("after the order the org is %s", got)
		}
		got, err := e.svc.Get(ctx, orgAdmin(e.org), id)
		if err != nil {
			t.Fatal(err)
		}
		// 20 working days from Monday 30 November (no holidays): 28 December.
		if got.Status != tiaojie.InspectionRectifying || got.Deadline != "2026-12-28" || got.ComplaintID != 7 || got.Count(tiaojie.FindingSerious) != 1 {
			t.Fatalf("after the order: %+v", got)
		}
		if _, err := e.svc.AddEvidence(ctx, orgAdmin(e.org), id, files.Upload{Filename: "x.exe", Body: bytes.NewReader([]byte("MZ"))}); kind(err) != tiaojie.Invalid {
			t.Fatalf("an executable as evidence: %v", err)
		}
		ev, err := e.svc.AddEvidence(ctx, orgAdmin(e.org), id, *pdf())
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.svc.File(ctx, orgAdmin(e.other), id, ev.Key); kind(err) != tiaojie.NotFound {
			t.Fatalf("another org read the evidence: %v", err)
		}
		if _, data, err := e.svc.File(ctx, cq, id, ev.Key); err != nil || len(data) == 0 {
			t.Fatalf("the inspector could not read the evidence: %v", err)
		}
		if err := e.svc.Act(ctx, orgAdmin(e.org), id, supervision.Action{Action: tiaojie.InspRespond, Text: " "}); kind(err) != tiaojie.Invalid {
			t.Fatalf("an empty response: %v", err)
		}
		if err := e.svc.Act(ctx, orgAdmin(e.other), id, supervision.Action{Action: tiaojie.InspRespond, Text: "已整改"}); kind(err) != tiaojie.NotFound {
			t.Fatalf("another org responded: %v", err)
		}
		steps := []struct {
			p *tiaojie.Principal
			a supervision.Action
		}{
			{orgAdmin(e.org), supervision.Action{Action: tiaojie.InspRespond, Text: "已补登"}},
			{cq, supervision.Action{Action: tiaojie.InspReturn, Text: "仍缺10月", Deadline: "2027-01-08"}},
			{orgAdmin(e.org), supervision.Action{Action: tiaojie.InspRespond, Text: "已全部补登"}},
			{cq, supervision.Action{Action: tiaojie.InspVerify, Text: "属实"}},
		}
		for _, st := range steps {
			if err := e.svc.Act(ctx, st.p, id, st.a); err != nil {
				t.Fatalf("%s: %v", st.a.Action, err)
			}
			if e.status(t, e.org) != tiaojie.StatusRectifying {
				t.Fatalf("after %s the org left 整改", st.a.Action)
			}
		}
		if err := e.svc.Act(ctx, bz, id, supervision.Action{Action: tiaojie.InspClose}); kind(err) != tiaojie.NotFound {
			t.Fatalf("another township closed it: %v", err)
		}
		if err := e.svc.Act(ctx, cq, id, supervision.Action{Action: tiaojie.InspClose}); err != nil {
			t.Fatal(err)
		}
		if got := e.status(t, e.org); got != tiaojie.StatusActive {
			t.Fatalf("after closing the org is %s", got)
		}
		got, err = e.svc.Get(ctx, bureau, id)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, s := range got.Steps {
			actions = append(actions, s.Action)
		}
		if diff := cmp.Diff([]string{"open", "order", "respond", "return", "respond", "verify", "close"}, actions); diff != "" {
			t.Errorf("history (-want +got):\n%s", diff)
		}
		if got.Deadline != "2027-01-08" || got.Status != tiaojie.InspectionClosed || len(got.Evidence) != 1 {
			t.Errorf("closed: %+v", got)
		}
		if err := e.svc.Act(ctx, cq, id, supervision.Action{Action: tiaojie.InspClose}); kind(err) != tiaojie.Conflict {
			t.Fatalf("closed twice: %v", err)
		}
		rec, err := supervision.Record(ctx, d.Reader(), e.org, "2026-01-01", "2026-12-31")
		if err != nil || len(rec) != 1 || rec[0].Kind != tiaojie.SanctionRectify || rec[0].InspectionID != id {
			t.Fatalf("record: %+v, %v", rec, err)
		}
	})
}

// TestTwoOrders: the organization stays 整改 until its last pending
// rectification closes; an inspection closed without an order moves
// nothing.
func TestTwoOrders(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		open := func() int64 {
			id, err := e.svc.Open(ctx, bureau, supervision.InspectionInput{OrgID: e.org, Kind: tiaojie.InspectionPlanned,
				InspectedOn: "2026-11-30", Findings: checklist(true)})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		a, b, c := open(), open(), open()
		for _, id := range []int64{a, b} {
			if err := e.svc.Act(ctx, bureau, id, supervision.Action{Action: tiaojie.InspOrder, Text: "整改", Deadline: "2026-12-10"}); err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range []int64{a, b} {
			for _, st := range []supervision.Action{{Action: tiaojie.InspRespond, Text: "已整改"}, {Action: tiaojie.InspVerify}, {Action: tiaojie.InspClose}} {
				p := bureau
				if st.Action == tiaojie.InspRespond {
					p = orgAdmin(e.org)
				}
				if err := e.svc.Act(ctx, p, id, st); err != nil {
					t.Fatal(err)
				}
			}
			want := tiaojie.StatusRectifying
			if id == b {
				want = tiaojie.StatusActive
			}
			if got := e.status(t, e.org); got != want {
				t.Fatalf("after closing %d the org is %s, want %s", id, got, want)
			}
		}
		if err := e.svc.Act(ctx, bureau, c, supervision.Action{Action: tiaojie.InspClose, Text: "无需整改"}); err != nil || e.status(t, e.org) != tiaojie.StatusActive {
			t.Fatalf("closing without an order: %v", err)
		}
	})
}

// TestOverdue: the sweep flags an order past its deadline once; the list
// filters it.
func TestOverdue(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id, err := e.svc.Open(ctx, cq, supervision.InspectionInput{OrgID: e.org, Kind: tiaojie.InspectionPlanned,
			InspectedOn: "2026-11-30", Findings: checklist(true)})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Act(ctx, cq, id, supervision.Action{Action: tiaojie.InspOrder, Text: "整改", Deadline: "2026-12-01"}); err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.Sweep(ctx); err != nil || n != 0 {
			t.Fatalf("sweep before the deadline: %d, %v", n, err)
		}
		e.clock.Advance(3 * 24 * time.Hour)
		if n, err := e.svc.Sweep(ctx); err != nil || n != 1 {
			t.Fatalf("sweep after the deadline: %d, %v", n, err)
		}
		if n, err := e.svc.Sweep(ctx); err != nil || n != 0 {
			t.Fatalf("second sweep: %d, %v", n, err)
		}
		list, err := e.svc.List(ctx, orgAdmin(e.org), supervision.Filter{Overdue: true})
		if err != nil || len(list) != 1 || !list[0].Overdue {
			t.Fatalf("overdue list: %+v, %v", list, err)
		}
		if list, err := e.svc.List(ctx, bz, supervision.Filter{}); err != nil || len(list) != 0 {
			t.Fatalf("another township listed: %+v, %v", list, err)
		}
		if list, err := e.svc.List(ctx, orgAdmin(e.other), supervision.Filter{}); err != nil || len(list) != 0 {
			t.Fatalf("another org listed: %+v, %v", list, err)
		}
		if _, err := e.svc.List(ctx, mediatorOf(e.org), supervision.Filter{}); kind(err) != tiaojie.Forbidden {
			t.Fatalf("a mediator listed: %v", err)
		}
	})
}

// TestBadInspection: bad input is refused field by field and writes
// nothing.
func TestBadInspection(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		for name, in := range map[string]supervision.InspectionInput{
			"no kind":       {OrgID: e.org, InspectedOn: "2026-11-30", Findings: checklist(false)},
			"future":        {OrgID: e.org, Kind: tiaojie.InspectionPlanned, InspectedOn: "2026-12-30", Findings: checklist(false)},
			"bad date":      {OrgID: e.org, Kind: tiaojie.InspectionPlanned, InspectedOn: "30/11/2026", Findings: checklist(false)},
			"no findings":   {OrgID: e.org, Kind: tiaojie.InspectionPlanned, InspectedOn: "2026-11-30"},
			"no note":       {OrgID: e.org, Kind: tiaojie.InspectionPlanned, InspectedOn: "2026-11-30", Findings: []supervision.Finding{{Item: "台账", Result: tiaojie.FindingMinor}}},
			"bad result":    {OrgID: e.org, Kind: tiaojie.InspectionPlanned, InspectedOn: "2026-11-30", Findings: []supervision.Finding{{Item: "台账", Result: "ok"}}},
			"unknown org":   {OrgID: 999, Kind: tiaojie.InspectionPlanned, InspectedOn: "2026-11-30", Findings: checklist(false)},
			"neg complaint": {OrgID: e.org, Kind: tiaojie.InspectionPlanned, InspectedOn: "2026-11-30", ComplaintID: -1, Findings: checklist(false)},
		} {
			if _, err := e.svc.Open(ctx, bureau, in); kind(err) != tiaojie.Invalid {
				t.Errorf("%s: %v", name, err)
			}
		}
		if list, err := e.svc.List(ctx, bureau, supervision.Filter{}); err != nil || len(list) != 0 {
			t.Fatalf("refused inspections were written: %d, %v", len(list), err)
		}
		// The checklist template: the bureau's, or the default.
		if err := e.svc.SetChecklist(ctx, cq, []string{"x"}); kind(err) != tiaojie.Forbidden {
			t.Fatalf("a township set the checklist: %v", err)
		}
		if err := e.svc.SetChecklist(ctx, bureau, []string{"场所标识", " 场所标识", "调解协议书规范"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.svc.Checklist(ctx); !cmp.Equal(got, []string{"场所标识", "调解协议书规范"}) {
			t.Fatalf("checklist %v", got)
		}
		if err := e.svc.SetChecklist(ctx, bureau, nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.svc.Checklist(ctx); !cmp.Equal(got, tiaojie.DefaultChecklist()) {
			t.Fatalf("default checklist %v", got)
		}
	})
}

// TestEvaluations: a year's list flags the missing ones; townships
// evaluate their own; bad grades are refused; a second evaluation
// corrects the first.
func TestEvaluations(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		good := supervision.EvaluationInput{OrgID: e.org, Year: 2026, Score: 88, Grade: tiaojie.GradePass, Remarks: "台账规范"}
		if err := e.svc.Evaluate(ctx, bz, good); kind(err) != tiaojie.NotFound {
			t.Fatalf("another township evaluated: %v", err)
		}
		if err := e.svc.Evaluate(ctx, orgAdmin(e.org), good); kind(err) != tiaojie.Forbidden {
			t.Fatalf("the org evaluated itself: %v", err)
		}
		bad := good
		bad.Grade, bad.Score = "good", 120
		if err := e.svc.Evaluate(ctx, cq, bad); kind(err) != tiaojie.Invalid {
			t.Fatalf("bad grade: %v", err)
		}
		if err := e.svc.Evaluate(ctx, cq, good); err != nil {
			t.Fatal(err)
		}
		good.Grade, good.Score = tiaojie.GradeExcellent, 95
		if err := e.svc.Evaluate(ctx, bureau, good); err != nil {
			t.Fatal(err)
		}
		list, err := e.svc.Evaluations(ctx, bureau, 2026, "")
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			Org     int64
			Missing bool
			Grade   tiaojie.EvaluationGrade
			Score   int
		}
		var got []row
		for _, x := range list {
			got = append(got, row{x.OrgID, x.Missing, x.Grade, x.Score})
		}
		want := []row{{e.org, false, tiaojie.GradeExcellent, 95}, {e.other, true, "", 0}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("evaluations (-want +got):\n%s", diff)
		}
		if list, err := e.svc.Evaluations(ctx, cq, 2026, ""); err != nil || len(list) != 1 {
			t.Fatalf("the township's list: %+v, %v", list, err)
		}
	})
}

// TestSanctions: townships record warnings and rewards for their own
// organizations and nothing grave; the bureau downgrades (stars kept
// before and after, never below zero), removes a mediator through the
// roster and recommends dissolution; the public record leaves out the
// mediator's name; bad input writes nothing.
func TestSanctions(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		warning := supervision.SanctionInput{OrgID: e.org, Kind: tiaojie.SanctionWarning, DecidedOn: "2026-11-30",
			Reason: "未按规定公开信息", Document: "警告决定书正文"}
		if _, err := e.svc.Impose(ctx, bz, warning, nil); kind(err) != tiaojie.NotFound {
			t.Fatalf("another township warned: %v", err)
		}
		if _, err := e.svc.Impose(ctx, cq, warning, nil); err != nil {
			t.Fatal(err)
		}
		for _, k := range []tiaojie.SanctionKind{tiaojie.SanctionDowngrade, tiaojie.SanctionRemoval, tiaojie.SanctionDissolve} {
			in := warning
			in.Kind, in.Levels, in.MediatorID = k, 1, 1
			if _, err := e.svc.Impose(ctx, cq, in, nil); kind(err) != tiaojie.Forbidden {
				t.Fatalf("a township imposed %s: %v", k, err)
			}
		}
		if _, err := e.svc.Impose(ctx, orgAdmin(e.org), warning, nil); kind(err) != tiaojie.Forbidden {
			t.Fatalf("an org admin sanctioned: %v", err)
		}
		for name, mod := range map[string]func(*supervision.SanctionInput){
			"no reason":     func(in *supervision.SanctionInput) { in.Reason = "" },
			"no document":   func(in *supervision.SanctionInput) { in.Document = "" },
			"future":        func(in *supervision.SanctionInput) { in.DecidedOn = "2027-01-01" },
			"unknown kind":  func(in *supervision.SanctionInput) { in.Kind = "fine" },
			"reward title":  func(in *supervision.SanctionInput) { in.Kind = tiaojie.Reward },
			"no levels":     func(in *supervision.SanctionInput) { in.Kind = tiaojie.SanctionDowngrade },
			"rectify no dl": func(in *supervision.SanctionInput) { in.Kind = tiaojie.SanctionRectify },
		} {
			in := warning
			mod(&in)
			if _, err := e.svc.Impose(ctx, bureau, in, nil); kind(err) != tiaojie.Invalid && kind(err) != tiaojie.Forbidden {
				t.Errorf("%s: %v", name, err)
			}
		}
		down := supervision.SanctionInput{OrgID: e.org, Kind: tiaojie.SanctionDowngrade, DecidedOn: "2026-11-30",
			Reason: "考评不合格", Levels: 2}
		if _, err := e.svc.Impose(ctx, bureau, down, pdf()); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Impose(ctx, bureau, down, pdf()); err != nil {
			t.Fatal(err)
		}
		var stars *int
		if err := d.Reader().QueryRow(`SELECT stars FROM orgs WHERE id = $1`, e.org).Scan(&stars); err != nil || stars != nil {
			t.Fatalf("stars after two downgrades: %v, %v", stars, err)
		}
		// A mediator of the organization, removed through the roster.
		mid, err := e.roster.Create(ctx, bureau, roster.MediatorInput{Name: "王调解", Gender: "male",
			Orgs: []roster.Membership{{OrgID: e.org, Position: roster.PositionPartTime}}})
		if err != nil {
			t.Fatal(err)
		}
		removal := supervision.SanctionInput{OrgID: e.other, Kind: tiaojie.SanctionRemoval, DecidedOn: "2026-11-30",
			Reason: "违反调解纪律", Document: "除名决定", MediatorID: mid}
		if _, err := e.svc.Impose(ctx, bureau, removal, nil); kind(err) != tiaojie.Invalid {
			t.Fatalf("removed a mediator of another org: %v", err)
		}
		removal.OrgID = e.org
		if _, err := e.svc.Impose(ctx, bureau, removal, nil); err != nil {
			t.Fatal(err)
		}
		var ms string
		if err := d.Reader().QueryRow(`SELECT status FROM mediators WHERE id = $1`, mid).Scan(&ms); err != nil || ms != string(tiaojie.MediatorRemoved) {
			t.Fatalf("mediator status %q, %v", ms, err)
		}
		reward := supervision.SanctionInput{OrgID: e.org, Kind: tiaojie.Reward, Title: "先进人民调解委员会",
			GrantedBy: "上海市崇明区司法局", DecidedOn: "2026-06-01", Document: "表彰决定"}
		if _, err := e.svc.Impose(ctx, cq, reward, nil); err != nil {
			t.Fatal(err)
		}
		rec, err := supervision.Record(ctx, d.Reader(), e.org, "2026-01-01", "2026-12-31")
		if err != nil {
			t.Fatal(err)
		}
		var kinds []tiaojie.SanctionKind
		for _, x := range rec {
			kinds = append(kinds, x.Kind)
			if x.MediatorName != "" || x.MediatorID != 0 {
				t.Errorf("the public record names the mediator: %+v", x)
			}
			if x.Kind == tiaojie.SanctionDowngrade && x.FileKey == "" {
				t.Errorf("a downgrade without its document: %+v", x)
			}
		}
		want := []tiaojie.SanctionKind{tiaojie.SanctionRemoval, tiaojie.SanctionDowngrade, tiaojie.SanctionDowngrade,
			tiaojie.SanctionWarning, tiaojie.Reward}
		if diff := cmp.Diff(want, kinds); diff != "" {
			t.Errorf("record (-want +got):\n%s", diff)
		}
		staff, err := e.svc.Sanctions(ctx, bureau, supervision.SanctionFilter{Kind: tiaojie.SanctionDowngrade})
		if err != nil || len(staff) != 2 || staff[1].StarsBefore != 3 || staff[1].StarsAfter != 1 || staff[0].StarsBefore != 1 || staff[0].StarsAfter != 0 {
			t.Fatalf("downgrades: %+v, %v", staff, err)
		}
		if rec, _ := supervision.Record(ctx, d.Reader(), e.org, "2025-01-01", "2025-12-31"); len(rec) != 0 {
			t.Errorf("another year's record: %+v", rec)
		}
		if list, err := e.svc.Sanctions(ctx, bz, supervision.SanctionFilter{}); err != nil || len(list) != 0 {
			t.Fatalf("another township's sanctions: %+v, %v", list, err)
		}
	})
}
