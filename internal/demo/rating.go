package demo

import (
	"context"
	"fmt"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/experts"
	"tiaojie/internal/files"
	"tiaojie/internal/rating"
	"tiaojie/internal/registry"
)

// Star rating demo (SPEC C7): the district's published indicator set, a
// finished round of last year whose experts scored several organizations,
// whose results were published, objected to, answered and made final —
// so those organizations' stars come from a real rating — and this
// year's round, open for applications, with two applications under way.
// The experts of the pool have logins (ExpertAccounts).

// RatingDeps are what LoadRatings works with. The finished round is run
// on a rating service of its own whose clock starts months ago, so each
// step (publication, the objection period, finalization) happens when it
// would have.
type RatingDeps struct {
	DB       *db.DB
	Audit    *audit.Log
	Files    *files.Service
	Auth     *auth.Service
	Experts  *experts.Service
	Registry *registry.Service
	Clock    clock.Clock
	Password string // the demo accounts' password
}

// ExpertAccounts are the demo experts' logins and names: the first is the
// "expert" demo account of the README.
func ExpertAccounts() [][2]string {
	return [][2]string{{"expert", "张明华，华东政法大学教授（演示专家）"}, {"expert2", "李静，律师（演示专家）"},
		{"expert3", "陈建国，资深人民调解员（演示专家）"}}
}

// demoExperts are the pool's members with logins, in ExpertAccounts order.
var demoExperts = []experts.Input{
	{Name: "张明华", Title: "法学教授", Employer: "华东政法大学", Fields: []string{"人民调解", "基层治理"}},
	{Name: "李静", Title: "律师", Employer: "上海市崇明区律师协会", Fields: []string{"商事调解", "合同纠纷"}},
	{Name: "陈建国", Title: "资深人民调解员", Employer: "崇明区人民调解协会", Fields: []string{"邻里纠纷", "婚姻家庭"}},
}

// ratingIndicators is the district's indicator set: five categories,
// 100 points.
var ratingIndicators = []tiaojie.RatingIndicator{
	{Category: "组织建设", Name: "组织机构健全，人员配备符合规定", MaxScore: 8, Evidence: "设立文件、调解员名册", Rules: "未按规定配备专职调解员扣 3 分；名册未及时更新扣 2 分"},
	{Category: "组织建设", Name: "调解场所标识规范，设施齐全", MaxScore: 6, Evidence: "场所照片", Rules: "无固定场所扣 4 分；标识不规范扣 2 分"},
	{Category: "组织建设", Name: "调解员持证上岗，培训学时达标", MaxScore: 6, Evidence: "培训证明", Rules: "每有一名调解员学时不足扣 1 分", Source: tiaojie.SourceTraining},
	{Category: "制度建设", Name: "工作制度健全并公开", MaxScore: 5, Evidence: "制度文本", Rules: "缺少一项基本制度扣 1 分"},
	{Category: "制度建设", Name: "纠纷登记、回访、档案管理制度落实", MaxScore: 5, Evidence: "登记簿、回访记录", Rules: "抽查发现未登记或未回访的，每件扣 1 分"},
	{Category: "制度建设", Name: "信息公开按期规范", MaxScore: 5, Rules: "年度信息公开未按期报送扣 5 分", Source: tiaojie.SourceDisclosure},
	{Category: "业务工作", Name: "受理纠纷数量", MaxScore: 8, Rules: "按受理数量分档计分", Source: tiaojie.SourceCaseVolume},
	{Category: "业务工作", Name: "按期受理、按期结案", MaxScore: 9, Rules: "超期受理或结案每件扣 1 分", Source: tiaojie.SourceTimeliness},
	{Category: "业务工作", Name: "调解卷宗制作规范", MaxScore: 8, Evidence: "卷宗抽查", Rules: "卷宗要素缺失每卷扣 1 分"},
	{Category: "工作成效", Name: "调解成功率", MaxScore: 12, Rules: "成功率 90% 以上得满分，每低 5 个百分点扣 2 分", Source: tiaojie.SourceSuccessRate},
	{Category: "工作成效", Name: "调解协议履行率", MaxScore: 6, Evidence: "回访记录", Rules: "履行率每低 5 个百分点扣 1 分"},
	{Category: "工作成效", Name: "典型案例与经验推广", MaxScore: 7, Evidence: "案例材料、报道", Rules: "区级以上推广案例每件加计，至满分"},
	{Category: "社会评价", Name: "当事人满意度", MaxScore: 8, Rules: "平均 4.5 星以上得满分", Source: tiaojie.SourceSatisfaction},
	{Category: "社会评价", Name: "投诉处理与成立情况", MaxScore: 7, Rules: "投诉成立每件扣 2 分，部分成立扣 1 分", Source: tiaojie.SourceComplaints},
}

// LoadRatings builds the rating demo over the demo district (which Load
// built). It returns how many organizations the finished round rated.
func LoadRatings(ctx context.Context, d RatingDeps) (int, error) {
	sys := tiaojie.System()
	orgs, _, err := d.Registry.List(ctx, sys, registry.StaffFilter{Status: tiaojie.StatusActive, Limit: 8})
	if err != nil {
		return 0, err
	}
	if len(orgs) < 6 {
		return 0, fmt.Errorf("demo: ratings: %d active organizations, need 6", len(orgs))
	}
	experts, err := demoExpertPool(ctx, d)
	if err != nil {
		return 0, err
	}
	now := d.Clock.Now()
	past := clock.NewFake(now.AddDate(0, -9, 0))
	svc := rating.New(rating.Deps{DB: d.DB, Audit: d.Audit, Clock: past, Files: d.Files})
	set, err := demoSet(ctx, svc, sys)
	if err != nil {
		return 0, err
	}
	rated := orgs[:5]
	if err := finishedRound(ctx, svc, past, set, rated, experts); err != nil {
		return 0, fmt.Errorf("demo: finished round: %w", err)
	}
	past.Set(now)
	if err := openRound(ctx, svc, now, set, orgs[5:7], experts); err != nil {
		return 0, fmt.Errorf("demo: open round: %w", err)
	}
	return len(rated), nil
}

// demoExpert is an expert of the demo pool as the principal who logs in.
type demoExpert struct {
	ID int64
	P  *tiaojie.Principal
}

// demoExpertPool creates the experts' logins (role expert) and their pool
// entries.
func demoExpertPool(ctx context.Context, d RatingDeps) ([]demoExpert, error) {
	var out []demoExpert
	for i, acc := range ExpertAccounts() {
		grants := []tiaojie.Grant{{Role: tiaojie.RoleExpert}}
		uid, err := d.Auth.CreateUser(ctx, tiaojie.System(), auth.NewUser{Login: acc[0], DisplayName: acc[1], Password: d.Password, Grants: grants})
		if err != nil {
			return nil, fmt.Errorf("expert account %s: %w", acc[0], err)
		}
		in := demoExperts[i]
		in.UserID = uid
		id, err := d.Experts.Create(ctx, tiaojie.System(), in)
		if err != nil {
			return nil, err
		}
		out = append(out, demoExpert{ID: id, P: &tiaojie.Principal{UserID: uid, Name: acc[0], Grants: grants, MFA: true}})
	}
	return out, nil
}

func demoSet(ctx context.Context, svc *rating.Service, sys *tiaojie.Principal) (*rating.Set, error) {
	const title = "崇明区人民调解组织星级评估指标体系"
	id, err := svc.CreateSet(ctx, sys, title, 0)
	if err != nil {
		return nil, err
	}
	if err := svc.SaveSet(ctx, sys, id, title, ratingIndicators); err != nil {
		return nil, err
	}
	if err := svc.PublishSet(ctx, sys, id); err != nil {
		return nil, err
	}
	return svc.Set(ctx, sys, id)
}

// adminOf is the platform acting as an organization's admin (the demo
// fills in what the organization would have).
func adminOf(orgID int64) *tiaojie.Principal {
	p := tiaojie.System()
	p.Grants = []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: orgID}}
	return p
}

// finishedRound runs last year's round to the end over the organizations.
func finishedRound(ctx context.Context, svc *rating.Service, c *clock.Fake, set *rating.Set, orgs []*registry.Org, ex []demoExpert) error {
	sys := tiaojie.System()
	start := c.Now().In(tiaojie.Beijing())
	year := start.Year() - 1
	round, err := svc.OpenRound(ctx, sys, rating.RoundInput{Title: fmt.Sprintf("%d年度调解组织星级评估", year), SetID: set.ID,
		PeriodFrom: fmt.Sprintf("%d-01-01", year), PeriodTo: fmt.Sprintf("%d-12-31", year), ApplyUntil: start.AddDate(0, 0, 20).Format(time.DateOnly)})
	if err != nil {
		return err
	}
	quality := []int{93, 84, 76, 66, 88}
	apps := make([]int64, len(orgs))
	for k, o := range orgs {
		if apps[k], err = applyFor(ctx, svc, round, o, set, quality[k%len(quality)]); err != nil {
			return err
		}
		for _, e := range ex[:2+k%2] {
			if err := svc.Assign(ctx, sys, apps[k], e.ID); err != nil {
				return err
			}
		}
	}
	c.Advance(25 * 24 * time.Hour)
	if err := svc.Step(ctx, sys, round, tiaojie.RoundClose); err != nil {
		return err
	}
	for k := range orgs {
		for j, e := range ex[:2+k%2] {
			if err := svc.Score(ctx, e.P, apps[k], marks(set, quality[k%len(quality)], k, j), true); err != nil {
				return err
			}
		}
	}
	c.Advance(15 * 24 * time.Hour)
	if err := svc.Step(ctx, sys, round, tiaojie.RoundPublish); err != nil {
		return err
	}
	c.Advance(24 * time.Hour)
	obj, err := svc.Object(ctx, adminOf(orgs[3].ID), apps[3], "本会全年调解成功率较上年明显提高，专家评分未充分反映，请予复核。")
	if err != nil {
		return err
	}
	c.Advance(3 * 24 * time.Hour)
	if err := svc.Answer(ctx, sys, obj, "经复核，调解成功率一项按平台数据重新计分，总分调整为 70.5 分。", 705); err != nil {
		return err
	}
	c.Advance(10 * 24 * time.Hour)
	return svc.Step(ctx, sys, round, tiaojie.RoundFinalize)
}

// applyFor applies for an organization with a self-assessment a little
// above what the experts will give.
func applyFor(ctx context.Context, svc *rating.Service, round int64, o *registry.Org, set *rating.Set, quality int) (int64, error) {
	admin := adminOf(o.ID)
	id, err := svc.Apply(ctx, admin, round, o.ID, o.Name+"对照评估指标逐项自查，申报星级评估。")
	if err != nil {
		return 0, err
	}
	return id, svc.SelfAssess(ctx, admin, id, o.Name+"对照评估指标逐项自查，申报星级评估。", marks(set, min(quality+5, 100), 0, 9))
}

// marks scores every indicator at quality percent of its maximum, moved a
// little by who scores it (k, j), in tenths, within 0…max.
func marks(set *rating.Set, quality, k, j int) map[int64]rating.Mark {
	out := map[int64]rating.Mark{}
	for i, in := range set.Indicators {
		s := in.MaxScore*quality + ((i+k*3+j*5)%7-3)*10
		s = max(0, min(in.MaxScore*100, s)) / 10
		text := ""
		if s < in.MaxScore*8 {
			text = "材料不够完整，建议补充。"
		}
		out[in.ID] = rating.Mark{Score10: s, Text: text}
	}
	return out
}

// openRound opens this year's round with two applications under way.
func openRound(ctx context.Context, svc *rating.Service, now time.Time, set *rating.Set, orgs []*registry.Org, ex []demoExpert) error {
	sys := tiaojie.System()
	today := now.In(tiaojie.Beijing())
	round, err := svc.OpenRound(ctx, sys, rating.RoundInput{Title: fmt.Sprintf("%d年度调解组织星级评估", today.Year()), SetID: set.ID,
		PeriodFrom: fmt.Sprintf("%d-01-01", today.Year()), PeriodTo: today.Format(time.DateOnly), ApplyUntil: today.AddDate(0, 0, 30).Format(time.DateOnly)})
	if err != nil {
		return err
	}
	for k, o := range orgs {
		app, err := applyFor(ctx, svc, round, o, set, 80+k*5)
		if err != nil {
			return err
		}
		for _, e := range ex[k : k+2] {
			if err := svc.Assign(ctx, sys, app, e.ID); err != nil {
				return err
			}
		}
	}
	return nil
}
