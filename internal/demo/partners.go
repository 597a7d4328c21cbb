package demo

import (
	"context"
	"fmt"
	"time"

	"tiaojie"
	"tiaojie/internal/agencies"
	"tiaojie/internal/cases"
	"tiaojie/internal/clock"
	"tiaojie/internal/content"
	"tiaojie/internal/meetings"
)

// PartnerDeps are what the partner agencies demo needs: the services, the
// bureau, the demo partner account (tied to the court) and the people of
// the demo cases, who take the court's referral to an agreement.
type PartnerDeps struct {
	Agencies *agencies.Service
	Meetings *meetings.Service
	Content  *content.Service
	Cases    CaseDeps
	Bureau   *tiaojie.Principal
	Partner  *tiaojie.Principal
	District *tiaojie.District
	Clock    clock.Clock
}

// LoadPartners registers the district's court, police, women's federation,
// petitions office and trade union as partner agencies (not 民政: the
// procurement demo registers it), ties the partner account to the court,
// files a dispute the court referred and takes it to an agreement (the
// outcome on the partner's desk), and records two meetings: a joint
// meeting held with minutes and three decisions (done, overdue, upcoming)
// and a symposium to come. It returns how many meetings it made.
func LoadPartners(ctx context.Context, d PartnerDeps) (int, error) {
	name := d.District.Name
	ids := map[tiaojie.AgencyKind]int64{}
	for _, a := range []tiaojie.AgencyInput{
		{Name: name + "人民法院", Kind: tiaojie.AgencyCourt, Contact: "立案庭诉调对接中心 021-59600001"},
		{Name: "上海市公安局" + name + "分局", Kind: tiaojie.AgencyPolice, Contact: "治安支队 021-59600110"},
		{Name: name + "妇女联合会", Kind: tiaojie.AgencyWomen, Contact: "权益部 021-59600002"},
		{Name: name + "信访办公室", Kind: tiaojie.AgencyPetitions, Contact: "接待科 021-59600003"},
		{Name: name + "总工会", Kind: tiaojie.AgencyUnion, Contact: "法律服务部 021-59600004"},
	} {
		id, err := d.Agencies.Create(ctx, d.Bureau, a)
		if err != nil {
			return 0, fmt.Errorf("demo agency %s: %w", a.Name, err)
		}
		ids[a.Kind] = id
	}
	if err := d.Agencies.AddMember(ctx, d.Bureau, ids[tiaojie.AgencyCourt], d.Partner.UserID); err != nil {
		return 0, err
	}
	if err := d.referral(ctx); err != nil {
		return 0, fmt.Errorf("demo referral: %w", err)
	}
	if err := d.news(ctx); err != nil {
		return 0, fmt.Errorf("demo organization news: %w", err)
	}
	return d.meetings(ctx, ids)
}

// news has the seat committee's admin write two activity reports: one
// with two captioned pictures, approved by the bureau (on the portal with
// the committee's name and its gallery), one waiting for review.
func (d PartnerDeps) news(ctx context.Context) error {
	org, admin := d.Cases.Committee, d.Cases.OrgAdmin
	pictures := []string{"座谈会现场：双方交流委派调解工作", "调解员在村居服务点解答群众咨询"}
	for i, in := range []content.Input{
		{Kind: content.News, Title: "调委会联合法院开展诉前调解工作座谈", Summary: "交流诉调对接经验，推动矛盾纠纷就地化解。",
			Body: "本月，调委会与区人民法院立案庭开展诉前调解工作座谈，双方就委派调解流程、调解协议司法确认等问题进行了交流。"},
		{Kind: content.News, Title: "调委会开展“民法典进村居”普法宣传活动", Summary: "以案释法，引导群众依法表达诉求。",
			Body: "调委会调解员走进村居，结合婚姻家庭、相邻关系等常见纠纷，以案释法，现场解答群众咨询。"},
	} {
		id, err := d.Content.SaveOrg(ctx, admin, org, 0, in)
		if err != nil {
			return err
		}
		for k, caption := range pictures {
			if i > 0 { // the report approved below has the gallery
				break
			}
			if _, err := d.Content.AddPicture(ctx, admin, id, upload("activity-"+itoa(k+1)+".png", activityPNG(k)), caption); err != nil {
				return err
			}
		}
		if err := d.Content.Submit(ctx, admin, id); err != nil {
			return err
		}
		if i == 0 {
			if err := d.Content.Review(ctx, d.Bureau, id, true, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// referral files the court's pre-litigation referral (诉前委派) and takes it
// through the committee to an agreement.
func (d PartnerDeps) referral(ctx context.Context) error {
	c := d.Cases
	id, err := c.Cases.Refer(ctx, d.Partner, cases.Application{
		DisputeType: "marriage_family", Township: c.Township, Title: "诉前委派：赡养费纠纷",
		Facts:   "申请人向法院起诉要求子女支付赡养费，法院征得双方同意后委派人民调解委员会诉前调解。",
		Claims:  "请求被申请人按月支付赡养费。",
		Parties: []cases.PartyInput{person(tiaojie.SideApplicant, "赵秀兰", "13800000041"), person(tiaojie.SideRespondent, "赵强", "13900000042")},
		Consent: true})
	if err != nil {
		return err
	}
	for _, step := range []func() error{
		func() error {
			return c.act(ctx, c.Desk, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: c.Committee, Reason: "法院诉前委派"})
		},
		func() error { return c.act(ctx, c.OrgAdmin, id, cases.Step{Action: tiaojie.CaseAccept}) },
		func() error { return c.Cases.Assign(ctx, c.OrgAdmin, id, c.MediatorID, cases.ChosenByOrg) },
		func() error { return c.act(ctx, c.OrgAdmin, id, cases.Step{Action: tiaojie.CaseConsent}) },
		func() error { return c.Cases.DeclareConflict(ctx, c.Mediator, id, "") },
		func() error { return c.agree(ctx, id) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// meetings records the joint meeting held three weeks ago and the
// symposium of next week.
func (d PartnerDeps) meetings(ctx context.Context, ids map[tiaojie.AgencyKind]int64) (int, error) {
	now := d.Clock.Now().In(tiaojie.Beijing())
	day := func(days int) string { return now.AddDate(0, 0, days).Format(time.DateOnly) }
	held := time.Date(now.Year(), now.Month(), now.Day(), 9, 30, 0, 0, tiaojie.Beijing()).AddDate(0, 0, -21)
	id, err := d.Meetings.Create(ctx, d.Bureau, tiaojie.MeetingInput{Kind: tiaojie.MeetingJoint, Title: "矛盾纠纷多元化解联席会议",
		At: held, Place: d.District.Bureau.Name + "三楼会议室",
		Agenda:   "一、通报本季度矛盾纠纷排查化解情况；\n二、研究诉调对接、警调对接工作机制；\n三、部署重点时段矛盾纠纷排查。",
		People:   "区人大代表 沈国华\n特邀调解员 顾美芳",
		Agencies: []int64{ids[tiaojie.AgencyCourt], ids[tiaojie.AgencyPolice], ids[tiaojie.AgencyWomen]},
		Orgs:     []int64{d.Cases.Committee}})
	if err != nil {
		return 0, err
	}
	if err := d.Meetings.RecordMinutes(ctx, d.Bureau, id, "会议通报了本季度全区矛盾纠纷排查化解情况，与会单位就诉调对接、警调对接机制进行了讨论。\n\n会议议定：法院建立诉前委派名册；公安分局在派出所设立警调对接窗口；妇联牵头开展婚姻家庭纠纷专项排查。"); err != nil {
		return 0, err
	}
	plan := []struct {
		text  string
		owner int64
		due   string
		done  string
	}{
		{"建立诉前委派调解组织名册并印发", ids[tiaojie.AgencyCourt], day(-7), "名册已于本月印发，共收录调解组织十二家。"},
		{"在各派出所设立警调对接窗口", ids[tiaojie.AgencyPolice], day(-3), ""},
		{"开展婚姻家庭纠纷专项排查", ids[tiaojie.AgencyWomen], day(10), ""},
	}
	for _, p := range plan {
		did, err := d.Meetings.AddDecision(ctx, d.Bureau, id, tiaojie.DecisionInput{Text: p.text, OwnerKind: tiaojie.OwnerAgency, OwnerID: p.owner, Due: p.due})
		if err != nil {
			return 0, err
		}
		if p.done != "" {
			if err := d.Meetings.AddProgress(ctx, d.Partner, did, p.done, true); err != nil {
				return 0, err
			}
		}
	}
	_, err = d.Meetings.Create(ctx, d.Bureau, tiaojie.MeetingInput{Kind: tiaojie.MeetingSymposium, Title: "劳动争议与信访矛盾化解座谈会",
		At: held.AddDate(0, 0, 28), Place: d.District.Bureau.Name + "三楼会议室", Agenda: "听取工会、信访部门对调解工作的意见建议。",
		Agencies: []int64{ids[tiaojie.AgencyUnion], ids[tiaojie.AgencyPetitions]}})
	if err != nil {
		return 1, err
	}
	return 2, nil
}
