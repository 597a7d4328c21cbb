package demo

import (
	"context"
	"fmt"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/incubation"
	"tiaojie/internal/registry"
)

// The incubation demo (SPEC C6): the district base and three township
// homes (two approved, one awaiting the bureau), an open call of the
// first township's home, a closed call of the base, and teams at every
// stage: submitted, screening, admitted, rejected, in residence (one
// with its monthly report overdue), exited, and one graduated into the
// register and registered there. It runs after the rating demo, whose
// experts with logins score the screened teams; everything goes through
// incubation.Service as the platform or the acting office.

// IncubationDeps are what LoadIncubation works with. Password is the demo
// accounts' password, for the teams' public accounts (who log in by phone
// code all the same).
type IncubationDeps struct {
	DB         *db.DB
	Auth       *auth.Service
	Incubation *incubation.Service
	Registry   *registry.Service
	District   *tiaojie.District
	Clock      clock.Clock
	Password   string
}

// incTeam is one demo team: its proposed organization, its founder's
// phone (its account) and how far it gets.
type incTeam struct {
	name, plan, founder, phone string
	typ                        tiaojie.OrgType
	form                       tiaojie.LegalForm
	end                        tiaojie.IncubationStatus
	overdue                    bool
}

// homeTeams apply to the first township's home; baseTeams to the base.
var (
	homeTeams = []incTeam{
		{"城桥镇邻里和事佬调解工作室", "以退休教师和村干部为骨干，调解邻里、家庭纠纷，每周在工作站值班两天。", "张三", DemoApplicant, tiaojie.OrgBasic, tiaojie.FormSocialService, tiaojie.IncSubmitted, false},
		{"城桥镇物业纠纷调解中心", "由三名执业律师和两名物业经理组成，专门调解物业服务、维修基金纠纷。", "黄志强", "13700000011", tiaojie.OrgProfessional, tiaojie.FormSocialService, tiaojie.IncScreening, false},
		{"城桥镇老娘舅调解服务社", "沿用“老娘舅”调解传统，吸纳热心居民，服务老城区。", "沈桂英", "13700000012", tiaojie.OrgBasic, tiaojie.FormSocialGroup, tiaojie.IncAdmitted, false},
		{"城桥镇网络购物纠纷调解室", "拟调解网购纠纷，但团队尚无调解经验，场地未落实。", "吴晓峰", "13700000013", tiaojie.OrgProfessional, tiaojie.FormSocialService, tiaojie.IncRejected, false},
		{"城桥镇婚姻家庭调解工作室", "由心理咨询师和妇联干部发起，调解婚姻家庭纠纷并提供心理疏导。", "钱丽华", "13700000014", tiaojie.OrgBasic, tiaojie.FormSocialService, tiaojie.IncInResidence, false},
		{"城桥镇劳动争议调解服务站", "由人力资源从业者发起，调解小微企业劳动争议。", "郑建华", "13700000015", tiaojie.OrgProfessional, tiaojie.FormSocialService, tiaojie.IncInResidence, true},
	}
	baseTeams = []incTeam{
		{"崇明区生态农业纠纷调解中心", "由农技推广人员和律师组成，调解土地流转、农资质量纠纷。", "李四", DemoRespondent, tiaojie.OrgProfessional, tiaojie.FormSocialService, tiaojie.IncGraduated, false},
		{"崇明区旅游民宿纠纷调解室", "拟调解民宿与游客之间的纠纷。", "冯雪梅", "13700000016", tiaojie.OrgProfessional, tiaojie.FormSocialService, tiaojie.IncExited, false},
	}
)

// incLoader carries one LoadIncubation.
type incLoader struct {
	IncubationDeps
	sys     *tiaojie.Principal
	today   time.Time
	experts []*tiaojie.Principal // experts with logins (the rating demo's)
}

// LoadIncubation builds the incubation demo and returns how many teams
// applied.
func LoadIncubation(ctx context.Context, d IncubationDeps) (int, error) {
	l := &incLoader{IncubationDeps: d, sys: tiaojie.System(), today: d.Clock.Now().In(tiaojie.Beijing())}
	if err := l.findExperts(ctx); err != nil {
		return 0, err
	}
	sites, err := l.sites(ctx)
	if err != nil {
		return 0, err
	}
	town := d.District.Townships[0].Code
	home, err := l.call(ctx, sites[0], "2026年"+d.District.Townships[0].Name+"调解组织公开招募",
		[]tiaojie.OrgType{tiaojie.OrgBasic, tiaojie.OrgProfessional})
	if err != nil {
		return 0, err
	}
	base, err := l.call(ctx, sites[1], "崇明区调解组织培育基地第一期招募", nil)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, t := range homeTeams {
		if err := l.team(ctx, home, town, t); err != nil {
			return n, fmt.Errorf("demo: incubation: %s: %w", t.name, err)
		}
		n++
	}
	baseTown := d.District.Townships[min(1, len(d.District.Townships)-1)].Code
	for _, t := range baseTeams {
		if err := l.team(ctx, base, baseTown, t); err != nil {
			return n, fmt.Errorf("demo: incubation: %s: %w", t.name, err)
		}
		n++
	}
	if err := d.Incubation.SetCallStatus(ctx, l.sys, base, incubation.CallClosed); err != nil {
		return n, err
	}
	_, err = d.Incubation.Sweep(ctx)
	return n, err
}

// findExperts reads the experts who have logins.
func (l *incLoader) findExperts(ctx context.Context) error {
	rows, err := l.DB.Reader().QueryContext(ctx, `SELECT user_id FROM experts WHERE user_id IS NOT NULL AND status = 'active' ORDER BY id LIMIT 2`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		l.experts = append(l.experts, &tiaojie.Principal{UserID: id, Name: "expert", MFA: true,
			Grants: []tiaojie.Grant{{Role: tiaojie.RoleExpert}}})
	}
	return rows.Err()
}

// sites proposes and approves the first township's home and the base,
// approves a second home and leaves a third awaiting the bureau. It
// returns the first home and the base.
func (l *incLoader) sites(ctx context.Context) ([2]int64, error) {
	var out [2]int64
	ts := l.District.Townships
	specs := []incubation.SiteInput{{Kind: incubation.KindHome, Township: ts[0].Code}, {Kind: incubation.KindBase}}
	for i := 1; i < 3 && i < len(ts); i++ {
		specs = append(specs, incubation.SiteInput{Kind: incubation.KindHome, Township: ts[i].Code})
	}
	for i, in := range specs {
		id, err := l.Incubation.ProposeSite(ctx, l.sys, in)
		if err != nil {
			return out, err
		}
		if i < 2 {
			out[i] = id
		}
		if i < 3 {
			if err := l.Incubation.DecideSite(ctx, l.sys, id, true, ""); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// call writes and publishes a call of site open from a month ago to a
// month ahead.
func (l *incLoader) call(ctx context.Context, site int64, title string, types []tiaojie.OrgType) (int64, error) {
	id, err := l.Incubation.CreateCall(ctx, l.sys, incubation.CallInput{SiteID: site, Title: title, TargetTypes: types,
		Description: "面向有志于从事人民调解、行业性专业性调解的团队公开招募。入驻团队可获得政策解读、信息咨询、登记协助、项目规划等服务。",
		Criteria:    "团队成员的调解或专业背景\n本地纠纷化解的需求\n服务计划的可行性\n场地与经费的落实程度",
		OpensOn:     l.day(-30), ClosesOn: l.day(30)})
	if err != nil {
		return 0, err
	}
	return id, l.Incubation.SetCallStatus(ctx, l.sys, id, incubation.CallOpen)
}

func (l *incLoader) day(offset int) string {
	return l.today.AddDate(0, 0, offset).Format(time.DateOnly)
}

// team applies for a team and takes it as far as its end.
func (l *incLoader) team(ctx context.Context, call int64, town string, t incTeam) error {
	applicant, err := l.applicant(ctx, t)
	if err != nil {
		return err
	}
	id, err := l.Incubation.Apply(ctx, applicant, incubation.Input{CallID: call, OrgName: t.name, OrgType: t.typ, LegalForm: t.form,
		Level: tiaojie.LevelTownship, Township: town, Plan: t.plan,
		Founders: []incubation.Founder{{Name: t.founder, Role: "负责人", Phone: t.phone}}})
	if err != nil || t.end == tiaojie.IncSubmitted {
		return err
	}
	if t.end == tiaojie.IncRejected {
		return l.Incubation.Act(ctx, l.sys, id, incubation.Step{Action: tiaojie.IncActReject, Reason: "团队尚无调解经验，场地未落实，建议积累经验后再次申请。"})
	}
	if err := l.screen(ctx, id, t.end == tiaojie.IncScreening); err != nil || t.end == tiaojie.IncScreening {
		return err
	}
	if err := l.Incubation.Act(ctx, l.sys, id, incubation.Step{Action: tiaojie.IncActAdmit, Reason: "专家评估合格，同意入驻。"}); err != nil {
		return err
	}
	if t.end == tiaojie.IncAdmitted {
		return nil
	}
	return l.reside(ctx, id, t)
}

// applicant returns the public account of a team's founder, creating it
// with the founder's phone (the phone-code login finds it by that phone).
func (l *incLoader) applicant(ctx context.Context, t incTeam) (*tiaojie.Principal, error) {
	var id int64
	err := l.DB.Reader().QueryRowContext(ctx, `SELECT id FROM users WHERE login = $1`, "team"+t.phone).Scan(&id)
	if err != nil {
		id, err = l.Auth.CreateUser(ctx, l.sys, auth.NewUser{Login: "team" + t.phone, DisplayName: t.founder, Phone: t.phone,
			Password: l.Password, Grants: []tiaojie.Grant{{Role: tiaojie.RolePublic}}})
		if err != nil {
			return nil, err
		}
	}
	return &tiaojie.Principal{UserID: id, Name: tiaojie.MaskPhone(t.phone), Grants: []tiaojie.Grant{{Role: tiaojie.RolePublic}}}, nil
}

// screen assigns the demo experts and has them score; half leaves the
// second expert's scores to do.
func (l *incLoader) screen(ctx context.Context, id int64, half bool) error {
	if len(l.experts) == 0 {
		return fmt.Errorf("no expert with a login to screen")
	}
	for i, p := range l.experts {
		eid, err := expertID(ctx, l.DB, p.UserID)
		if err != nil {
			return err
		}
		if err := l.Incubation.AssignExpert(ctx, l.sys, id, eid); err != nil {
			return err
		}
		if half && i == len(l.experts)-1 && i > 0 {
			continue
		}
		if err := l.Incubation.Score(ctx, p, id, []int{8 - i, 7, 8 + i%2, 6}, "团队稳定，计划基本可行。"); err != nil {
			return err
		}
	}
	return nil
}

func expertID(ctx context.Context, d *db.DB, user int64) (int64, error) {
	var id int64
	err := d.Reader().QueryRowContext(ctx, `SELECT id FROM experts WHERE user_id = $1`, user).Scan(&id)
	return id, err
}

// reside moves an admitted team in and takes it to its end: services and
// reports, exit, or graduation into the register and registration.
func (l *incLoader) reside(ctx context.Context, id int64, t incTeam) error {
	start := -40
	if t.overdue {
		start = -75
	}
	err := l.Incubation.Enter(ctx, l.sys, id, incubation.EnterInput{Plan: "三个月内完成章程、人员与场地，六个月内独立开展调解。",
		PeriodMonths: 6, Mentor: "顾国平（区人民调解协会）", StartOn: l.day(start),
		Milestones: []incubation.Milestone{{Title: "章程定稿", DueOn: l.day(start + 60)}, {Title: "三名调解员完成岗前培训", DueOn: l.day(start + 120)}}})
	if err != nil {
		return err
	}
	for _, kind := range []string{tiaojie.IncServicePolicy, tiaojie.IncServiceRegistration} {
		if err := l.Incubation.RecordService(ctx, l.sys, id, incubation.ServiceRecord{Kind: kind, HeldOn: l.day(start + 10),
			Note: "导师到场指导，讲解《人民调解法》及社会组织登记要求。"}); err != nil {
			return err
		}
	}
	if !t.overdue {
		if err := l.Incubation.FileReport(ctx, l.sys, id, incubation.Report{FiledOn: l.day(-8),
			Progress: "章程初稿完成，已招募三名调解员。", Problems: "活动经费尚未落实。"}); err != nil {
			return err
		}
	}
	switch t.end {
	case tiaojie.IncExited:
		return l.Incubation.Act(ctx, l.sys, id, incubation.Step{Action: tiaojie.IncActExit, Reason: "发起人工作调动，团队解散。"})
	case tiaojie.IncGraduated:
		return l.graduate(ctx, id)
	}
	return nil
}

// graduate graduates a team and takes its organization through
// pre-review to registration.
func (l *incLoader) graduate(ctx context.Context, id int64) error {
	org, err := l.Incubation.Graduate(ctx, l.sys, id, incubation.GraduateInput{})
	if err != nil {
		return err
	}
	if err := l.Registry.SetPrereview(ctx, l.sys, org, registry.Prereview{Founders: "李四等五名发起人，均具有农技或法律背景。",
		Mediators: "拟聘调解员三名，均已取得调解员证书。", Premises: "崇明区调解组织培育基地提供办公场所。", Funding: "区财政培育补贴及发起人出资。"}); err != nil {
		return err
	}
	charter := pdf("Charter (articles of association)", "A team graduated from the district incubation base",
		"Demo document generated by tiaojie; the real charter is a scanned PDF.")
	if _, err := l.Registry.AddDocument(ctx, l.sys, org, registry.DocCharter, "章程", upload("charter.pdf", charter), false); err != nil {
		return err
	}
	for _, a := range []struct {
		act            tiaojie.OrgAction
		reason, detail string
	}{{tiaojie.ActSubmit, "", ""}, {tiaojie.ActOpinion, "经实地核查，同意报区司法局审查。", registry.OpinionSupport}, {tiaojie.ActApprove, "", ""}} {
		if err := l.Registry.Act(ctx, l.sys, org, a.act, a.reason, a.detail); err != nil {
			return err
		}
	}
	return nil
}
