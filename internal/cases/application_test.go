package cases_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	agdoc "tiaojie/internal/agreement"
	"tiaojie/internal/cases"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

// mediatingWith walks the application app to mediation, as mediating
// does application().
func (e *env) mediatingWith(t *testing.T, app cases.Application) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := e.svc.Apply(ctx, e.applicant, app)
	must(t, err)
	must(t, e.svc.Act(ctx, e.applicant, id, cases.Step{Action: tiaojie.CaseSubmit}))
	must(t, e.svc.Act(ctx, e.applicant, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: e.org}))
	must(t, e.svc.Act(ctx, e.orgAdmin, id, cases.Step{Action: tiaojie.CaseAccept}))
	must(t, e.svc.Assign(ctx, e.orgAdmin, id, e.mediator, cases.ChosenByOrg))
	must(t, e.svc.Act(ctx, e.respondent, id, cases.Step{Action: tiaojie.CaseConsent}))
	must(t, e.svc.DeclareConflict(ctx, e.mediatorUser, id, ""))
	return id
}

// wantConflict checks that err is a Conflict with the message code.
func wantConflict(t *testing.T, err error, code string) {
	t.Helper()
	var e *tiaojie.Error
	if !errors.As(err, &e) || e.Kind != tiaojie.Conflict || e.Code != code {
		t.Fatalf("err = %v, want Conflict %s", err, code)
	}
}

func TestConfirmationApplication(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		app := application()
		app.Parties[0].Gender = "male"
		app.Parties = append(app.Parties, cases.PartyInput{Side: tiaojie.SideApplicant, AgentFor: 1, Name: "王律师", Occupation: "律师"})
		id := e.mediatingWith(t, app)

		// Nothing to apply for until the agreement takes effect.
		_, err := e.svc.ConfirmationApplication(ctx, e.applicant, id)
		wantConflict(t, err, "case.no_agreement")
		must(t, e.svc.DraftAgreement(ctx, e.mediatorUser, id, agreement()))
		_, err = e.svc.ConfirmationApplication(ctx, e.applicant, id)
		wantConflict(t, err, "case.no_agreement")
		e.signAll(t, id)
		v, err := e.svc.Get(ctx, e.applicant, id)
		must(t, err)

		// Every party applies, the applicant side first, with its agent;
		// the court is the district's; the last day is the 30th.
		got, err := e.svc.ConfirmationApplication(ctx, e.orgAdmin, id)
		must(t, err)
		want := agdoc.Application{
			Kind: agdoc.People, Court: "上海市崇明区人民法院",
			Applicants: []agdoc.Applicant{{
				Party: agdoc.Party{Role: "申请人", Name: "张三", Gender: "男",
					IDNumberMasked: tiaojie.MaskIDNumber("11010519491231002X"), PhoneMasked: tiaojie.MaskPhone(applicantPhone)},
				Agents: []agdoc.Party{{Role: "委托代理人", Name: "王律师", Occupation: "律师"}},
			}, {
				Party: agdoc.Party{Role: "申请人", Name: "李四", PhoneMasked: tiaojie.MaskPhone(respondentPhone)},
			}},
			OrgName: "城桥镇人民调解委员会", AgreementNumber: "（2026）城桥人调字第1号", AgreedAt: *v.AgreedAt,
			Terms:    agreement().Terms,
			Deadline: time.Date(2026, 10, 14, 0, 0, 0, 0, tiaojie.Beijing()), // agreed on Monday 14 September
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("application mismatch (-want +got):\n%s", diff)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("the application does not print: %v", err)
		}
		if got.Applicants[0].PhoneMasked == applicantPhone {
			t.Error("the phone is not masked")
		}

		// A party gets it too, without the other side's contact details,
		// as on the case page.
		mine, err := e.svc.ConfirmationApplication(ctx, e.respondent, id)
		must(t, err)
		if mine.Applicants[0].PhoneMasked != "" || mine.Applicants[1].PhoneMasked == "" {
			t.Errorf("the respondent's copy: %+v", mine.Applicants)
		}
		_, err = e.svc.ConfirmationApplication(ctx, e.applicant, id)
		must(t, err)

		// Those who do not see the content do not get it; a stranger does
		// not learn the case exists.
		for _, p := range []*tiaojie.Principal{e.mediatorOther, e.township, e.bureau} {
			_, err = e.svc.ConfirmationApplication(ctx, p, id)
			wantKind(t, err, tiaojie.Forbidden)
		}
		_, err = e.svc.ConfirmationApplication(ctx, e.stranger, id)
		wantKind(t, err, tiaojie.NotFound)
		var ok, denied int
		must(t, d.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'case.confirmation_application' AND outcome = 'ok'`).Scan(&ok))
		must(t, d.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'case.confirmation_application' AND outcome = 'denied'`).Scan(&denied))
		if ok != 3 || denied != 3 {
			t.Errorf("audited %d copies and %d refusals, want 3 and 3", ok, denied)
		}

		// A commercial organization's agreement cites the civil procedure
		// law only.
		e.exec(t, `UPDATE orgs SET type = 'commercial' WHERE id = $1`, e.org)
		got, err = e.svc.ConfirmationApplication(ctx, e.applicant, id)
		must(t, err)
		if got.Kind != agdoc.Commercial {
			t.Errorf("kind = %v, want Commercial", got.Kind)
		}
		e.exec(t, `UPDATE orgs SET type = 'basic' WHERE id = $1`, e.org)

		// The 30 days end at the midnight after their last day.
		now := e.clock.Now()
		e.clock.Set(v.ConfirmDue.Add(-time.Second))
		_, err = e.svc.ConfirmationApplication(ctx, e.applicant, id)
		must(t, err)
		e.clock.Set(*v.ConfirmDue)
		_, err = e.svc.ConfirmationApplication(ctx, e.applicant, id)
		wantConflict(t, err, "case.confirm_late")
		e.clock.Set(now)

		// While the court decides, the application can still be printed;
		// once it has ruled, no more.
		must(t, e.svc.Act(ctx, e.applicant, id, cases.Step{Action: tiaojie.CaseApplyConfirm}))
		_, err = e.svc.ConfirmationApplication(ctx, e.applicant, id)
		must(t, err)
		yes := true
		must(t, e.svc.Act(ctx, e.mediatorUser, id, cases.Step{Action: tiaojie.CaseConfirmResult, Confirmed: &yes}))
		_, err = e.svc.ConfirmationApplication(ctx, e.applicant, id)
		wantConflict(t, err, "case.confirmation_decided")
	})
}

func TestConfirmationApplicationOral(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.mediating(t)
		must(t, e.svc.RecordOral(ctx, e.mediatorUser, id, agreement()))
		if st := e.status(t, id); st != tiaojie.CaseAgreed {
			t.Fatalf("status = %s", st)
		}
		_, err := e.svc.ConfirmationApplication(ctx, e.applicant, id)
		wantConflict(t, err, "case.oral_no_confirmation")
		// The agreement itself still prints.
		if _, err := e.svc.AgreementDocument(ctx, e.applicant, id); err != nil {
			t.Fatal(err)
		}
	})
}

func TestConfirmationOpen(t *testing.T) {
	effective := start
	due := time.Date(2026, 10, 15, 0, 0, 0, 0, tiaojie.Beijing())
	yes := true
	written := &cases.Agreement{EffectiveAt: &effective}
	tests := []struct {
		name string
		c    cases.Case
		ag   *cases.Agreement
		now  time.Time
		want string // the refusal's code, "" for none
	}{
		{"open", cases.Case{ConfirmDue: &due}, written, due.Add(-time.Microsecond), ""},
		{"no agreement", cases.Case{}, nil, start, "case.no_agreement"},
		{"not in effect", cases.Case{}, &cases.Agreement{}, start, "case.no_agreement"},
		{"oral", cases.Case{ConfirmDue: &due}, &cases.Agreement{EffectiveAt: &effective, Oral: true}, start, "case.oral_no_confirmation"},
		{"ruled", cases.Case{ConfirmDue: &due, Confirmed: &yes}, written, start, "case.confirmation_decided"},
		{"late", cases.Case{ConfirmDue: &due}, written, due, "case.confirm_late"},
		// Without a deadline on the case: 30 days with weekends only.
		{"no deadline, in time", cases.Case{}, written, due.Add(-time.Microsecond), ""},
		{"no deadline, late", cases.Case{}, written, due, "case.confirm_late"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := cases.ConfirmationOpen(&tc.c, tc.ag, tc.now)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantConflict(t, err, tc.want)
		})
	}
}
