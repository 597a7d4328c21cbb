package demo

import (
	"context"
	"fmt"
	"time"

	"tiaojie"
	"tiaojie/internal/association"
	"tiaojie/internal/auth"
	"tiaojie/internal/complaints"
	"tiaojie/internal/db"
)

// ComplaintDeps are what the demo complaints and the demo association
// need: the services, the people who act (the seat township's office, the
// association, the admins of the commercial centre and of the seat
// committee) and the organizations of the demo district (Summary).
type ComplaintDeps struct {
	Complaints  *complaints.Service
	Association *association.Service
	Auth        *auth.Service
	DB          *db.DB
	Password    string // of the complainants' accounts

	Township, Assoc, CentreAdmin, CommitteeAdmin *tiaojie.Principal

	Committee, CommitteeMediator, CommercialCentre int64
}

// DemoComplainant is the phone of the demo complainant whose complaint
// was upheld and answered: logging in with it (the code is shown in demo
// mode) shows it under "my complaints".
const DemoComplainant = "13600000001"

// demoComplaint is one demo complaint and the steps taken on it.
type demoComplaint struct {
	name, phone  string
	org          func(ComplaintDeps) (int64, int64) // the organization and mediator (0: none)
	title, text  string
	handler      func(ComplaintDeps) *tiaojie.Principal
	steps        []complaints.StepInput
	overdueSince int // days the filing is moved back, to show an overdue complaint
}

func step(a tiaojie.ComplaintAction, text string) complaints.StepInput {
	return complaints.StepInput{ComplaintStep: tiaojie.ComplaintStep{Action: a, Text: text}}
}

// LoadComplaints files the demo complaints through the same calls people
// make and takes each through its steps: one about a committee mediator
// upheld, answered and closed (its complainant is DemoComplainant), one
// about the commercial centre under investigation by the association, one
// not accepted, and one past its deadline. It then runs the association:
// the commercial centre applies and is admitted, a reminder talk is
// recorded against it, and the seat committee's application waits. It
// returns how many complaints it filed.
func LoadComplaints(ctx context.Context, d ComplaintDeps) (int, error) {
	township := func(d ComplaintDeps) *tiaojie.Principal { return d.Township }
	assoc := func(d ComplaintDeps) *tiaojie.Principal { return d.Assoc }
	answer := complaints.StepInput{ComplaintStep: tiaojie.ComplaintStep{Action: tiaojie.ComplaintAnswer, Outcome: tiaojie.OutcomeUpheld,
		Text:   "经调查核实，调解员确有未按约定时间到场、未提前告知的情况，投诉属实。已对该调解员进行批评教育，并责成调解委员会完善预约提醒制度。感谢您的监督。",
		Notice: "经核实，投诉反映的调解员未按约定时间到场问题属实。请加强对调解员守时和预约管理，于一个月内将整改情况报司法所。"}}
	plan := []demoComplaint{
		{name: "张三", phone: DemoComplainant, title: "调解员未按约定时间到场",
			text:    "约定上午九点在村委会调解室调解漏水纠纷，调解员十点半才到，也没有提前通知，对方当事人等不及先走了。",
			org:     func(d ComplaintDeps) (int64, int64) { return d.Committee, d.CommitteeMediator },
			handler: township,
			steps: []complaints.StepInput{step(tiaojie.ComplaintAcknowledge, ""), step(tiaojie.ComplaintInvestigate, "约谈调解员及调委会主任，调取预约记录。"),
				answer, step(tiaojie.ComplaintClose, "投诉人对答复无异议。")}},
		{name: "李娟", phone: "13600000002", title: "收费未事先告知",
			text:    "商事调解结束后才被告知要交调解费，事前没有出示收费标准。",
			org:     func(d ComplaintDeps) (int64, int64) { return d.CommercialCentre, 0 },
			handler: assoc,
			steps:   []complaints.StepInput{step(tiaojie.ComplaintAcknowledge, ""), step(tiaojie.ComplaintInvestigate, "调取收费公示材料和调解记录。")}},
		{name: "赵强", phone: "13600000003", title: "对调解结果不满意",
			text:    "调解协议已经签了，现在觉得赔偿太少，要求重新调解。",
			org:     func(d ComplaintDeps) (int64, int64) { return d.Committee, 0 },
			handler: township,
			steps: []complaints.StepInput{step(tiaojie.ComplaintReject, "对已达成的调解协议有异议的，可以依法向人民法院申请司法确认或提起诉讼，"+
				"不属于对调解组织服务的投诉受理范围。")}},
		{name: "钱芳", phone: "13600000004", title: "调解员偏袒对方",
			text:         "调解员和对方当事人是亲戚，却没有回避，调解中一直替对方说话。",
			org:          func(d ComplaintDeps) (int64, int64) { return d.Committee, d.CommitteeMediator },
			overdueSince: 30},
	}
	for i, c := range plan {
		if err := d.file(ctx, c); err != nil {
			return i, fmt.Errorf("demo complaint %q: %w", c.title, err)
		}
	}
	return len(plan), d.associate(ctx)
}

// file files one complaint as its complainant and takes its steps.
func (d ComplaintDeps) file(ctx context.Context, c demoComplaint) error {
	p, err := d.complainant(ctx, c.name, c.phone)
	if err != nil {
		return err
	}
	org, med := c.org(d)
	id, err := d.Complaints.File(ctx, p, complaints.Input{OrgID: org, MediatorID: med, Name: c.name, Title: c.title, Content: c.text})
	if err != nil {
		return err
	}
	for _, s := range c.steps {
		if err := d.Complaints.Act(ctx, c.handler(d), id, s); err != nil {
			return fmt.Errorf("%s: %w", s.Action, err)
		}
	}
	if c.overdueSince > 0 {
		// The demo has no past to file in: the filing is moved back so
		// that the queue shows a complaint past its deadline.
		back := time.Duration(c.overdueSince) * 24 * time.Hour
		var filed, due time.Time
		if err := d.DB.Reader().QueryRowContext(ctx, `SELECT filed_at, due_at FROM complaints WHERE id = $1`, id).Scan(&filed, &due); err != nil {
			return err
		}
		_, err = d.DB.Writer().ExecContext(ctx, `UPDATE complaints SET filed_at = $1, due_at = $2, updated_at = $1 WHERE id = $3`,
			filed.Add(-back).UTC(), due.Add(-back).UTC(), id)
		if err == nil {
			_, err = d.DB.Writer().ExecContext(ctx, `UPDATE complaint_steps SET at = $1 WHERE complaint_id = $2`, filed.Add(-back).UTC(), id)
		}
	}
	return err
}

// complainant returns the public account of a phone, creating it (the
// phone-code login finds it by that phone).
func (d ComplaintDeps) complainant(ctx context.Context, name, phone string) (*tiaojie.Principal, error) {
	grants := []tiaojie.Grant{{Role: tiaojie.RolePublic}}
	var id int64
	err := d.DB.Reader().QueryRowContext(ctx, `SELECT id FROM users WHERE login = $1`, "public"+phone).Scan(&id)
	if err != nil {
		id, err = d.Auth.CreateUser(ctx, tiaojie.System(), auth.NewUser{Login: "public" + phone, DisplayName: name, Phone: phone,
			Password: d.Password, Grants: grants})
		if err != nil {
			return nil, err
		}
	}
	return &tiaojie.Principal{UserID: id, Name: tiaojie.MaskPhone(phone), Grants: grants, MFA: true}, nil
}

// associate runs the demo association: the commercial centre applies and
// is admitted, a reminder talk is recorded against it; the seat
// committee's application waits for the association.
func (d ComplaintDeps) associate(ctx context.Context) error {
	if err := d.Association.Apply(ctx, d.CentreAdmin, d.CommercialCentre,
		"本中心为区级商事调解组织，愿意加入调解行业协会，遵守协会章程和行业自律公约，接受协会监督。"); err != nil {
		return err
	}
	if err := d.Association.Decide(ctx, d.Assoc, d.CommercialCentre, tiaojie.MemberAdmit, ""); err != nil {
		return err
	}
	if _, err := d.Association.RecordMeasure(ctx, d.Assoc, d.CommercialCentre, association.MeasureInput{Kind: tiaojie.MeasureTalk,
		Reason: "收费标准未在调解前向当事人出示，经投诉反映。提醒严格执行收费公示制度。"}); err != nil {
		return err
	}
	return d.Association.Apply(ctx, d.CommitteeAdmin, d.Committee, "本调委会申请加入调解行业协会，参加行业交流与培训。")
}
