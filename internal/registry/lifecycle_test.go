package registry_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/registry"
)

// state is what a refused step must leave unchanged.
type state struct {
	Status  tiaojie.OrgStatus
	Stage   string
	Version int
	Steps   int
}

func (e *env) state(t *testing.T, id int64) state {
	t.Helper()
	o, err := e.svc.Get(context.Background(), system, id)
	must(t, err)
	return state{o.Status, o.Stage, o.Version, e.count(t, `SELECT count(*) FROM org_transitions WHERE org_id = $1`, id)}
}

// refused checks that err has the code and that the organization did not
// change.
func (e *env) refused(t *testing.T, id int64, before state, err error, want string) {
	t.Helper()
	wantCode(t, err, want)
	if diff := cmp.Diff(before, e.state(t, id)); diff != "" {
		t.Fatalf("a refused step (%s) changed the organization (-before +after):\n%s", want, diff)
	}
}

// TestLifecycle takes an organization through every status with the
// service, trying the illegal steps on the way.
func TestLifecycle(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.create(t, cq, input("城桥镇金桥村人民调解委员会", chengqiao))
		admin := orgAdmin(id)
		act := func(p *tiaojie.Principal, a tiaojie.OrgAction, reason, detail string) error {
			return e.svc.Act(ctx, p, id, a, reason, detail)
		}

		s := e.state(t, id)
		if s.Status != tiaojie.StatusPreparing {
			t.Fatalf("new organization in %s", s.Status)
		}
		err := act(admin, tiaojie.ActSubmit, "", "")
		e.refused(t, id, s, err, "org.prereview_missing")
		if diff := cmp.Diff([]string{"founders:org.prereview_missing", "mediators:org.prereview_missing",
			"premises:org.prereview_missing", "funding:org.prereview_missing", "charter:org.charter_missing"}, fieldCodes(err)); diff != "" {
			t.Errorf("missing materials (-want +got):\n%s", diff)
		}
		e.refused(t, id, s, act(bureau, tiaojie.ActActivate, "", ""), "org.bad_transition")
		e.refused(t, id, s, act(bureau, tiaojie.ActApprove, "", ""), "org.bad_transition")
		e.refused(t, id, s, act(bureau, tiaojie.OrgAction("bless"), "", ""), "org.unknown_action")

		e.prepare(t, admin, id)
		must(t, act(admin, tiaojie.ActSubmit, "", ""))
		s = e.state(t, id)
		if s.Status != tiaojie.StatusPrereview || s.Stage != tiaojie.StageTownship {
			t.Fatalf("after submit: %+v", s)
		}
		wantCode(t, e.svc.SetPrereview(ctx, admin, id, registry.Prereview{Founders: "x"}), "org.prereview_locked")
		assertQueue(t, e, cq, id)
		assertQueue(t, e, bz)
		assertQueue(t, e, bureau)

		// 堡镇's officer cannot act on a 城桥镇 organization, nor see it.
		e.refused(t, id, s, act(bz, tiaojie.ActOpinion, "同意", registry.OpinionSupport), "error.not_found")
		if n := e.audits(t, "org.opinion", audit.Denied); n != 1 {
			t.Errorf("refused opinion audited %d times", n)
		}
		e.refused(t, id, s, act(bureau, tiaojie.ActApprove, "", ""), "org.bad_transition")
		e.refused(t, id, s, act(cq, tiaojie.ActOpinion, "材料齐全", ""), "org.opinion_required")
		e.refused(t, id, s, act(cq, tiaojie.ActOpinion, "", registry.OpinionSupport), "org.reason_required")
		must(t, act(cq, tiaojie.ActOpinion, "材料齐全，同意设立", registry.OpinionSupport))
		assertQueue(t, e, cq)
		q := assertQueue(t, e, bureau, id)
		if q[0].Opinion != registry.OpinionSupport || q[0].OpinionReason != "材料齐全，同意设立" || q[0].SubmittedAt.IsZero() {
			t.Errorf("queue item %+v", q[0])
		}

		s = e.state(t, id)
		e.refused(t, id, s, act(admin, tiaojie.ActApprove, "", ""), "error.forbidden")
		e.refused(t, id, s, act(cq, tiaojie.ActApprove, "", ""), "error.forbidden")
		if n := e.audits(t, "org.approve", audit.Denied); n != 2 {
			t.Errorf("refused approvals audited %d times", n)
		}
		must(t, act(bureau, tiaojie.ActApprove, "", ""))

		// Registered: activation needs the registration details.
		s = e.state(t, id)
		e.refused(t, id, s, act(bureau, tiaojie.ActActivate, "", ""), "org.authority_required")
		good := tiaojie.Registration{CreditCode: creditCode(t, "01"), Authority: "上海市崇明区司法局", Date: start}
		bad := good
		bad.CreditCode = good.CreditCode[:17] + map[bool]string{true: "1", false: "2"}[good.CreditCode[17] != '1']
		e.refused(t, id, s, e.svc.SetRegistration(ctx, admin, id, bad), "uscc.checksum")
		e.refused(t, id, s, e.svc.SetRegistration(ctx, cq, id, good), "error.forbidden")
		must(t, e.svc.SetRegistration(ctx, admin, id, good))
		s = e.state(t, id)
		e.refused(t, id, s, act(admin, tiaojie.ActActivate, "", ""), "error.forbidden")
		must(t, act(bureau, tiaojie.ActActivate, "", ""))

		s = e.state(t, id)
		e.refused(t, id, s, act(cq, tiaojie.ActRectify, "", ""), "org.reason_required")
		e.refused(t, id, s, act(bz, tiaojie.ActRectify, "台账不全", ""), "error.not_found")
		must(t, act(cq, tiaojie.ActRectify, "调解台账不全", ""))
		must(t, act(cq, tiaojie.ActRectified, "已补齐台账", ""))
		s = e.state(t, id)
		e.refused(t, id, s, act(cq, tiaojie.ActSuspend, "多次投诉", ""), "error.forbidden")
		e.refused(t, id, s, act(bureau, tiaojie.ActResume, "", ""), "org.bad_transition")
		must(t, act(bureau, tiaojie.ActSuspend, "多次投诉查实", ""))
		must(t, act(bureau, tiaojie.ActResume, "整改到位", ""))
		must(t, act(bureau, tiaojie.ActDissolve, "村委会撤并", ""))

		s = e.state(t, id)
		if s.Status != tiaojie.StatusDissolved {
			t.Fatalf("final status %s", s.Status)
		}
		o, err := e.svc.Get(ctx, bureau, id)
		must(t, err)
		e.refused(t, id, s, e.svc.Update(ctx, bureau, id, input("城桥镇金桥村人民调解委员会", chengqiao), o.Version), "org.closed")
		e.refused(t, id, s, act(bureau, tiaojie.ActResume, "", ""), "org.bad_transition")
		assertHistory(t, e, id)
	})
}

func assertQueue(t *testing.T, e *env, p *tiaojie.Principal, want ...int64) []registry.QueueItem {
	t.Helper()
	q, err := e.svc.PrereviewQueue(context.Background(), p)
	must(t, err)
	var got []int64
	for _, it := range q {
		got = append(got, it.Org.ID)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("queue of %s = %v, want %v", p.Name, got, want)
	}
	return q
}

// assertHistory checks the history rows and the audit rows of the steps.
func assertHistory(t *testing.T, e *env, id int64) {
	t.Helper()
	h, err := e.svc.History(context.Background(), bureau, id)
	must(t, err)
	var got []string
	for _, tr := range h {
		got = append(got, tr.Action+" "+string(tr.FromStatus)+"→"+string(tr.ToStatus)+" "+tr.ToStage+" "+tr.Role+" "+tr.Actor+" "+tr.Detail)
		if tr.At.IsZero() || tr.ActorID == 0 {
			t.Errorf("history row without time or actor: %+v", tr)
		}
	}
	want := []string{
		"create →preparing  township_office chengqiao ",
		"submit preparing→prereview township org_admin admin ",
		"opinion prereview→prereview district township_office chengqiao support",
		"approve prereview→registered  district_bureau bureau ",
		"activate registered→active  district_bureau bureau ",
		"rectify active→rectifying  township_office chengqiao ",
		"rectified rectifying→active  township_office chengqiao ",
		"suspend active→suspended  district_bureau bureau ",
		"resume suspended→active  district_bureau bureau ",
		"dissolve active→dissolved  district_bureau bureau ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	if h[9].Reason != "村委会撤并" {
		t.Errorf("dissolution reason %q", h[9].Reason)
	}
	for _, a := range []string{"org.create", "org.submit", "org.opinion", "org.approve", "org.activate", "org.rectify",
		"org.rectified", "org.suspend", "org.resume", "org.dissolve", "org.registration", "org.prereview", "org.document.add"} {
		if n := e.audits(t, a, audit.OK); n != 1 {
			t.Errorf("%s audited %d times", a, n)
		}
	}
	if _, err := e.svc.History(context.Background(), bz, id); code(err) != "error.not_found" {
		t.Errorf("another township read the history: %v", err)
	}
}

// TestRejectAndWithdraw: the bureau returns an application, which goes
// back to preparation with its materials editable, and the founders
// withdraw it; a withdrawn organization is closed.
func TestRejectAndWithdraw(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		in := commercial("崇明区商事调解中心")
		id := e.create(t, bureau, in)
		e.prepare(t, bureau, id)
		must(t, e.svc.Act(ctx, bureau, id, tiaojie.ActSubmit, "", ""))
		s := e.state(t, id)
		if s.Stage != tiaojie.StageDistrict {
			t.Fatalf("a district-level organization went to stage %q", s.Stage)
		}
		e.refused(t, id, s, e.svc.Act(ctx, bureau, id, tiaojie.ActReject, "", ""), "org.reason_required")
		must(t, e.svc.Act(ctx, bureau, id, tiaojie.ActReject, "资金来源证明不足", ""))
		must(t, e.svc.SetPrereview(ctx, bureau, id, registry.Prereview{Founders: "甲", Mediators: "乙", Premises: "丙", Funding: "丁"}))
		must(t, e.svc.Act(ctx, orgAdmin(id), id, tiaojie.ActWithdraw, "不再筹建", ""))
		s = e.state(t, id)
		if s.Status != tiaojie.StatusWithdrawn {
			t.Fatalf("status %s", s.Status)
		}
		e.refused(t, id, s, e.svc.SetPrereview(ctx, bureau, id, registry.Prereview{}), "org.prereview_locked")
		_, err := e.svc.AddDocument(ctx, bureau, id, registry.DocRules, "制度", pdf("r.pdf"), false)
		e.refused(t, id, s, err, "org.closed")
	})
}
