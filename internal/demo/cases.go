package demo

import (
	"context"
	"fmt"
	"time"

	"tiaojie"
	"tiaojie/internal/cases"
)

// CaseDeps are what the demo cases need: the cases service and the people
// who act in them, with the demo district's seat committee and one of its
// mediators (Summary.Committee, Summary.CommitteeMediator).
type CaseDeps struct {
	Cases      *cases.Service
	Desk       *tiaojie.Principal // the seat township's justice office
	OrgAdmin   *tiaojie.Principal // the committee's admin
	Mediator   *tiaojie.Principal // the committee's mediator, linked to MediatorID
	Committee  int64
	MediatorID int64
	Township   string // the seat township's division code
}

// DemoApplicant and DemoRespondent are the phones of the two people of the
// demo's neighbour dispute: logging in with them (the code is shown in
// demo mode) makes one the applicant, the other the respondent.
const (
	DemoApplicant  = "13800000001"
	DemoRespondent = "13900000002"
)

// demoCase is one demo dispute and how far it goes.
type demoCase struct {
	title, facts, claims, dispute string
	app, resp                     cases.PartyInput
	upTo                          tiaojie.CaseStatus
	end                           tiaojie.EndReason
}

// LoadCases files the demo disputes at the desk and takes each as far as
// its plan says, through the same service calls people make: one waiting
// for the committee to accept it (the newcomer's walk-through starts
// there), one in mediation, one agreed, one terminated and archived. It
// returns how many it made.
func LoadCases(ctx context.Context, d CaseDeps) (int, error) {
	plan := []demoCase{
		{title: "楼上卫生间漏水致楼下天花板受损", dispute: "neighbour", upTo: tiaojie.CaseAwaitingOrg,
			facts:  "申请人住三楼，楼上住户卫生间防水层老化，两个月来多次渗水，致申请人家天花板和墙面受损。双方多次协商未果。",
			claims: "请求对方修复防水层并赔偿墙面修复费用人民币三千元。",
			app:    person(tiaojie.SideApplicant, "张三", DemoApplicant), resp: person(tiaojie.SideRespondent, "李四", DemoRespondent)},
		{title: "宅基地边界围墙纠纷", dispute: "housing_land", upTo: tiaojie.CaseMediating,
			facts:  "两家宅基地相邻，被申请人新砌围墙越过原界址约三十厘米，申请人要求拆除，双方发生口角。",
			claims: "请求按原界址拆除越界部分围墙。",
			app:    person(tiaojie.SideApplicant, "王建国", "13800000011"), resp: person(tiaojie.SideRespondent, "陈志强", "13900000012")},
		{title: "赡养费给付纠纷", dispute: "marriage_family", upTo: tiaojie.CaseAgreed,
			facts:  "申请人年逾七十，三个子女对赡养费分担意见不一，小儿子一年来未支付赡养费。",
			claims: "请求被申请人按月支付赡养费。",
			app:    person(tiaojie.SideApplicant, "周桂英", "13800000021"), resp: person(tiaojie.SideRespondent, "周明", "13900000022")},
		{title: "相邻通行纠纷", dispute: "neighbour", upTo: tiaojie.CaseArchived, end: tiaojie.EndFarApart,
			facts:  "被申请人在共用通道堆放农具，申请人家农用车无法通行。",
			claims: "请求清理通道。",
			app:    person(tiaojie.SideApplicant, "黄海", "13800000031"), resp: person(tiaojie.SideRespondent, "吴刚", "13900000032")},
	}
	for i, c := range plan {
		if err := d.walk(ctx, c); err != nil {
			return i, fmt.Errorf("demo case %q: %w", c.title, err)
		}
	}
	return len(plan), nil
}

func person(side tiaojie.PartySide, name, phone string) cases.PartyInput {
	return cases.PartyInput{Side: side, Kind: tiaojie.PartyPerson, Name: name, Phone: phone}
}

// walk files one case and takes it to its status.
func (d CaseDeps) walk(ctx context.Context, c demoCase) error {
	id, err := d.Cases.File(ctx, d.Desk, cases.Application{
		DisputeType: c.dispute, Township: d.Township, Title: c.title, Facts: c.facts, Claims: c.claims,
		Parties: []cases.PartyInput{c.app, c.resp}, Consent: true, Source: tiaojie.SourceDesk})
	if err != nil {
		return err
	}
	steps := []func() error{
		func() error {
			return d.act(ctx, d.Desk, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: d.Committee, Reason: "纠纷发生在本镇"})
		},
		func() error { return d.act(ctx, d.OrgAdmin, id, cases.Step{Action: tiaojie.CaseAccept}) },
		func() error { return d.Cases.Assign(ctx, d.OrgAdmin, id, d.MediatorID, cases.ChosenByOrg) },
		// The committee reached the respondent by phone and records the consent.
		func() error { return d.act(ctx, d.OrgAdmin, id, cases.Step{Action: tiaojie.CaseConsent}) },
		func() error { return d.Cases.DeclareConflict(ctx, d.Mediator, id, "") },
	}
	reach := map[tiaojie.CaseStatus]int{tiaojie.CaseAwaitingOrg: 1, tiaojie.CaseMediating: 5}[c.upTo]
	if reach == 0 {
		reach = len(steps)
	}
	for _, step := range steps[:reach] {
		if err := step(); err != nil {
			return err
		}
	}
	switch c.upTo {
	case tiaojie.CaseAgreed:
		return d.agree(ctx, id)
	case tiaojie.CaseArchived:
		if err := d.act(ctx, d.Mediator, id, cases.Step{Action: tiaojie.CaseTerminate, EndReason: c.end, Reason: "双方分歧较大，经两次调解未能达成协议，已告知可向法院起诉。"}); err != nil {
			return err
		}
		return d.act(ctx, d.OrgAdmin, id, cases.Step{Action: tiaojie.CaseArchive})
	}
	return nil
}

func (d CaseDeps) act(ctx context.Context, p *tiaojie.Principal, id int64, st cases.Step) error {
	return d.Cases.Act(ctx, p, id, st)
}

// agree drafts an agreement, records both parties' signatures given in
// person at the committee, and the mediator's.
func (d CaseDeps) agree(ctx context.Context, id int64) error {
	by := time.Now().In(tiaojie.Beijing()).AddDate(0, 1, 0)
	err := d.Cases.DraftAgreement(ctx, d.Mediator, id, cases.AgreementInput{
		Facts:  "申请人系被申请人之母，年逾七十，无固定收入。被申请人一年来未支付赡养费。",
		Issues: "赡养费的数额与支付方式。", Duties: "被申请人依法负有赡养义务。",
		Terms:       []string{"被申请人自本协议生效之月起，每月十日前向申请人支付赡养费人民币八百元。", "申请人患病住院的，医疗费用由三名子女平均分担。"},
		Performance: "银行转账至申请人账户", PerformBy: &by})
	if err != nil {
		return err
	}
	v, err := d.Cases.Get(ctx, d.Mediator, id)
	if err != nil {
		return err
	}
	for _, pt := range v.Parties {
		if err := d.Cases.ConfirmFor(ctx, d.Mediator, id, pt.ID); err != nil {
			return err
		}
	}
	// The mediator signs last; the committee's seal on file takes it into effect.
	return d.Cases.SignAsMediator(ctx, d.Mediator, id)
}
