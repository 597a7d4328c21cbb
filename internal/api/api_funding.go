package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/experts"
	"tiaojie/internal/funding"
)

// Funding (internal/funding, SPEC C11), the same rules as the pages: the
// bureau records grants and donations and runs venture rounds
// (funding.manage); an organization's admin records its donations,
// applies and reports (funding.org); an assigned expert scores
// (expert.review); anyone reads the calls and the published results.
// The expert pool's availability and assignments are here too.

const tagFunding = "funding"

// fundingRoutes declares the funding operations.
func (h *Handler) fundingRoutes(a huma.API) {
	if h.funding == nil {
		return
	}
	manage, org, review, keep, pub := tiaojie.PermFunding, tiaojie.PermFundingOrg, tiaojie.PermExpertReview, tiaojie.PermExperts, tiaojie.PermPublic
	get, post, put := http.MethodGet, http.MethodPost, http.MethodPut
	add(h, a, op(get, "/staff/funding", "list-funding", tagFunding, manage, "捐赠与资助 · List donations and grants", descListFunding), h.listFunding)
	add(h, a, created(op(post, "/staff/funding", "record-funding", tagFunding, manage, "登记捐赠或资助 · Record a donation or grant", descRecordFunding)), h.recordFunding)
	add(h, a, op(get, "/staff/my-funding", "list-my-funding", tagFunding, org, "本组织收到的捐赠与资助 · My organization's funding", descMyFunding), h.listFunding)
	add(h, a, created(op(post, "/staff/my-funding", "record-my-donation", tagFunding, org, "登记本组织收到的捐赠 · Record a donation received", descMyDonation)), h.recordFunding)
	add(h, a, op(get, "/orgs/{id}/funding", "list-org-funding", tagDirectory, pub, "组织收到的捐赠与资助 · Funding an organization received", descOrgFunding), h.orgFunding)
	add(h, a, op(get, "/ventures", "list-venture-rounds", tagFunding, pub, "公益创投 · Venture rounds", descListRounds), h.listRounds)
	add(h, a, op(get, "/ventures/{id}", "get-venture-round", tagFunding, pub, "公益创投项目与结果 · A round and its projects", descGetRound), h.getRound)
	add(h, a, created(op(post, "/staff/ventures", "open-venture-round", tagFunding, manage, "发布公益创投 · Open a round", descOpenRound)), h.openRound)
	add(h, a, op(post, "/staff/ventures/{id}/experts", "assign-venture-expert", tagFunding, manage, "指派评审专家 · Assign an expert", descAssignVenture), h.assignVenture)
	add(h, a, created(op(post, "/staff/ventures/{id}/apply", "apply-venture", tagFunding, org, "申报项目 · Apply with a project", descApplyVenture)), h.applyVenture)
	add(h, a, op(get, "/venture-applications/{id}", "get-venture-application", tagFunding, pub, "查看申报项目 · A project", descGetVentureApp), h.getVentureApp)
	add(h, a, op(post, "/expert/venture-applications/{id}/score", "score-venture-application", tagFunding, review, "专家评分 · Score a project", descScoreVenture), h.scoreVenture)
	add(h, a, op(post, "/staff/venture-applications/{id}/award", "award-venture-application", tagFunding, manage, "确定资助金额 · Award a project", descAwardVenture), h.awardVenture)
	add(h, a, op(post, "/staff/ventures/{id}/publish", "publish-venture-round", tagFunding, manage, "公布结果 · Publish the results", descPublishVenture), h.publishVenture)
	add(h, a, created(op(post, "/staff/venture-applications/{id}/reports", "file-venture-report", tagFunding, org, "提交项目报告 · File a report", descVentureReport)), h.ventureReport)
	add(h, a, op(put, "/staff/experts/{id}/availability", "set-expert-availability", tagExperts, keep, "专家可用状态 · Set availability", descAvailability), h.setAvailability)
	add(h, a, op(get, "/staff/experts/{id}/assignments", "list-expert-assignments", tagExperts, keep, "专家的评审任务 · An expert's assignments", descAssignments), h.expertAssignments)
	add(h, a, op(get, "/expert/me/assignments", "list-my-assignments", tagExperts, review, "我的评审任务 · My assignments", descMyAssignments), h.myAssignments)
}

// fundingOut is a donation or grant.
type fundingOut struct {
	ID            int64  `json:"id"`
	OrgID         int64  `json:"org_id"`
	OrgName       string `json:"org_name"`
	Kind          string `json:"kind" enum:"donation,grant" doc:"捐赠或资助 Donation or grant"`
	Source        string `json:"source" doc:"捐赠方或资助方 Donor or grantor"`
	Amount        int64  `json:"amount" doc:"金额（分）Amount, fen"`
	ReceivedOn    string `json:"received_on" format:"date"`
	Purpose       string `json:"purpose"`
	Restrictions  string `json:"restrictions" doc:"限定用途，空为无 Restrictions; empty: none"`
	ApplicationID int64  `json:"application_id,omitempty" doc:"公益创投项目编号 The venture project it awards"`
}

func fundingsOf(list []funding.Funding) []fundingOut {
	out := []fundingOut{}
	for _, f := range list {
		out = append(out, fundingOut{ID: f.ID, OrgID: f.OrgID, OrgName: f.OrgName, Kind: string(f.Kind), Source: f.Source,
			Amount: int64(f.Amount), ReceivedOn: f.ReceivedOn, Purpose: f.Purpose, Restrictions: f.Restrictions, ApplicationID: f.ApplicationID})
	}
	return out
}

type listFundingInput struct {
	OrgID int64  `query:"org_id" minimum:"0" doc:"调解组织编号 Organization ID"`
	Year  int    `query:"year" minimum:"0" doc:"年度 Year"`
	Kind  string `query:"kind" doc:"捐赠或资助 Donation or grant"`
}

func (h *Handler) listFunding(ctx context.Context, in *listFundingInput) (*body[[]fundingOut], error) {
	list, err := h.funding.List(ctx, auth.PrincipalFrom(ctx), funding.Filter{OrgID: in.OrgID, Year: in.Year, Kind: tiaojie.FundingKind(in.Kind)})
	if err != nil {
		return nil, err
	}
	return &body[[]fundingOut]{Body: fundingsOf(list)}, nil
}

type recordFundingInput struct {
	Body struct {
		OrgID        int64  `json:"org_id" minimum:"1"`
		Kind         string `json:"kind" enum:"donation,grant"`
		Source       string `json:"source" maxLength:"400" doc:"捐赠方或资助方，1–100 字 Donor or grantor, 1–100 characters"`
		Amount       int64  `json:"amount" doc:"金额（分），大于零 Amount in fen, above zero"`
		ReceivedOn   string `json:"received_on" format:"date" doc:"收到日期，不晚于今天 The day received, not after today"`
		Purpose      string `json:"purpose" maxLength:"2000" doc:"用途，1–500 字 Purpose, 1–500 characters"`
		Restrictions string `json:"restrictions,omitempty" maxLength:"2000" doc:"限定用途或附加条件 Restrictions or conditions"`
	}
}

func (h *Handler) recordFunding(ctx context.Context, in *recordFundingInput) (*body[createdID], error) {
	b := in.Body
	id, err := h.funding.Record(ctx, auth.PrincipalFrom(ctx), funding.Input{OrgID: b.OrgID, Kind: tiaojie.FundingKind(b.Kind),
		Source: b.Source, Amount: tiaojie.Money(b.Amount), ReceivedOn: b.ReceivedOn, Purpose: b.Purpose, Restrictions: b.Restrictions})
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

func (h *Handler) orgFunding(ctx context.Context, in *idPath) (*body[[]fundingOut], error) {
	list, err := h.funding.Received(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &body[[]fundingOut]{Body: fundingsOf(list)}, nil
}

// ventureRoundOut is a venture round.
type ventureRoundOut struct {
	ID        int64                      `json:"id"`
	Title     string                     `json:"title"`
	Theme     string                     `json:"theme"`
	Budget    int64                      `json:"budget" doc:"总预算（分）Total budget, fen"`
	Cap       int64                      `json:"cap" doc:"单个项目上限（分）Per-project cap, fen"`
	OpensOn   string                     `json:"opens_on" format:"date"`
	ClosesOn  string                     `json:"closes_on" format:"date"`
	Criteria  []tiaojie.VentureCriterion `json:"criteria" doc:"评分标准及权重（%）Criteria with weights, percent"`
	Status    string                     `json:"status" enum:"open,published"`
	Experts   []ventureExpertOut         `json:"experts,omitempty" doc:"评审专家（仅区司法局与本轮专家可见）The experts (the bureau and the round's experts only)"`
	Published *time.Time                 `json:"published_at,omitempty"`
}

type ventureExpertOut struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func ventureRoundOf(r *funding.Round) ventureRoundOut {
	o := ventureRoundOut{ID: r.ID, Title: r.Title, Theme: r.Theme, Budget: int64(r.Budget), Cap: int64(r.Cap), OpensOn: r.OpensOn,
		ClosesOn: r.ClosesOn, Criteria: r.Criteria, Status: string(r.Status)}
	for _, e := range r.Experts {
		o.Experts = append(o.Experts, ventureExpertOut{ID: e.ID, Name: e.Name})
	}
	if r.Published() {
		t := r.PublishedAt.UTC()
		o.Published = &t
	}
	return o
}

// ventureAppOut is a project with what the caller may see of it.
type ventureAppOut struct {
	ID        int64            `json:"id"`
	RoundID   int64            `json:"round_id"`
	OrgID     int64            `json:"org_id"`
	OrgName   string           `json:"org_name"`
	Title     string           `json:"title"`
	Plan      string           `json:"plan"`
	Requested int64            `json:"requested" doc:"申请金额（分）Requested, fen"`
	Award     int64            `json:"award" doc:"资助金额（分），0 为未资助 Awarded, fen; 0: none"`
	Total     int              `json:"total" doc:"加权平均分（十分之一分，满分1000）Mean weighted score in tenths, out of 1000"`
	Scored    int              `json:"scored" doc:"已评分的专家数 Experts who scored"`
	Scores    []ventureScoreIO `json:"scores,omitempty" doc:"评分（区司法局见全部，专家见本人）Scores (all for the bureau, their own for an expert)"`
	Reports   []reportOut      `json:"reports,omitempty"`
	Dues      []reportDueOut   `json:"dues,omitempty" doc:"获资助项目应交的报告（仅区司法局与本组织管理员可见）The reports an awarded project owes, once published (the bureau and its own admin only)"`
}

// reportDueOut is a report an awarded project owes.
type reportDueOut struct {
	Kind  string `json:"kind" enum:"progress,final"`
	DueOn string `json:"due_on" doc:"截止日（北京时间）Due day, Beijing"`
	Filed bool   `json:"filed" doc:"已提交（结项报告也了结进展报告）Filed (a final report settles the progress report)"`
	Stage string `json:"stage" enum:",soon,late" doc:"未提交时：soon 五天内到期，late 已逾期 Unfiled: soon, due within five days; late, overdue"`
}

type ventureScoreIO struct {
	ExpertID   int64  `json:"expert_id"`
	ExpertName string `json:"expert_name"`
	Scores     []int  `json:"scores"`
	Weighted   int    `json:"weighted"`
	Comment    string `json:"comment"`
}

type reportOut struct {
	ID      int64     `json:"id"`
	Kind    string    `json:"kind" enum:"progress,final"`
	Body    string    `json:"body"`
	FiledAt time.Time `json:"filed_at"`
}

func ventureAppOf(a *funding.Application) ventureAppOut {
	o := ventureAppOut{ID: a.ID, RoundID: a.RoundID, OrgID: a.OrgID, OrgName: a.OrgName, Title: a.Title, Plan: a.Plan,
		Requested: int64(a.Requested), Award: int64(a.Award), Total: a.Total, Scored: a.Scored}
	for _, s := range a.Scores {
		o.Scores = append(o.Scores, ventureScoreIO{ExpertID: s.ExpertID, ExpertName: s.ExpertName, Scores: s.Scores, Weighted: s.Weighted, Comment: s.Comment})
	}
	for _, r := range a.Reports {
		o.Reports = append(o.Reports, reportOut{ID: r.ID, Kind: string(r.Kind), Body: r.Body, FiledAt: r.FiledAt.UTC()})
	}
	for _, d := range a.Dues {
		o.Dues = append(o.Dues, reportDueOut{Kind: string(d.Kind), DueOn: d.DueOn, Filed: d.Filed, Stage: string(d.Stage)})
	}
	return o
}

func (h *Handler) listRounds(ctx context.Context, _ *struct{}) (*body[[]ventureRoundOut], error) {
	list, err := h.funding.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	out := []ventureRoundOut{}
	for i := range list {
		list[i].Experts = nil
		out = append(out, ventureRoundOf(&list[i]))
	}
	return &body[[]ventureRoundOut]{Body: out}, nil
}

// ventureRoundWithApps is a round and the projects the caller may see.
type ventureRoundWithApps struct {
	Round        ventureRoundOut `json:"round"`
	Applications []ventureAppOut `json:"applications"`
}

func (h *Handler) getRound(ctx context.Context, in *idPath) (*body[ventureRoundWithApps], error) {
	r, apps, err := h.funding.Applications(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := ventureRoundWithApps{Round: ventureRoundOf(r), Applications: []ventureAppOut{}}
	for i := range apps {
		out.Applications = append(out.Applications, ventureAppOf(&apps[i]))
	}
	return &body[ventureRoundWithApps]{Body: out}, nil
}

type openRoundInput struct {
	Body struct {
		Title    string                     `json:"title" maxLength:"400" doc:"名称，1–100 字 Title, 1–100 characters"`
		Theme    string                     `json:"theme,omitempty" maxLength:"2000"`
		Budget   int64                      `json:"budget" doc:"总预算（分）Total budget, fen"`
		Cap      int64                      `json:"cap" doc:"单个项目上限（分），不超过总预算 Per-project cap, fen, at most the budget"`
		OpensOn  string                     `json:"opens_on" format:"date" doc:"申报开始日（北京时间）First day of applications"`
		ClosesOn string                     `json:"closes_on" format:"date" doc:"申报截止日（北京时间）Last day of applications"`
		Criteria []tiaojie.VentureCriterion `json:"criteria" maxItems:"10" doc:"评分标准，权重之和为100 Criteria, weights summing to 100"`
		Experts  []int64                    `json:"experts,omitempty" maxItems:"30" doc:"评审专家编号（须在库且可用）Experts' IDs (active and available)"`
	}
}

func (h *Handler) openRound(ctx context.Context, in *openRoundInput) (*body[createdID], error) {
	b := in.Body
	id, err := h.funding.OpenRound(ctx, auth.PrincipalFrom(ctx), funding.RoundInput{Title: b.Title, Theme: b.Theme,
		Budget: tiaojie.Money(b.Budget), Cap: tiaojie.Money(b.Cap), OpensOn: b.OpensOn, ClosesOn: b.ClosesOn, Criteria: b.Criteria, Experts: b.Experts})
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type assignVentureInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"公益创投编号 Round ID"`
	Body struct {
		ExpertID int64 `json:"expert_id" minimum:"1"`
	}
}

func (h *Handler) assignVenture(ctx context.Context, in *assignVentureInput) (*none, error) {
	return done(h.funding.AssignExpert(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.ExpertID))
}

type applyVentureInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"公益创投编号 Round ID"`
	Body struct {
		OrgID     int64  `json:"org_id" minimum:"1" doc:"申报的调解组织（须为本人管理的已登记组织）The applying organization (one the caller administers)"`
		Title     string `json:"title" maxLength:"400"`
		Plan      string `json:"plan" maxLength:"20000" doc:"项目方案，1–5000 字 The plan, 1–5000 characters"`
		Requested int64  `json:"requested" doc:"申请金额（分），不超过单个项目上限 Requested, fen, at most the cap"`
	}
}

func (h *Handler) applyVenture(ctx context.Context, in *applyVentureInput) (*body[createdID], error) {
	b := in.Body
	id, err := h.funding.Apply(ctx, auth.PrincipalFrom(ctx), in.ID, funding.ApplyInput{OrgID: b.OrgID, Title: b.Title, Plan: b.Plan,
		Requested: tiaojie.Money(b.Requested)})
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

func (h *Handler) getVentureApp(ctx context.Context, in *idPath) (*body[ventureAppOut], error) {
	_, a, err := h.funding.Application(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[ventureAppOut]{Body: ventureAppOf(a)}, nil
}

type scoreVentureInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"申报项目编号 Project ID"`
	Body struct {
		Scores  []int  `json:"scores" maxItems:"10" doc:"每项标准的得分（0–10），按标准顺序 A score 0–10 per criterion, in order"`
		Comment string `json:"comment,omitempty" maxLength:"2000"`
	}
}

func (h *Handler) scoreVenture(ctx context.Context, in *scoreVentureInput) (*none, error) {
	return done(h.funding.Score(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Scores, in.Body.Comment))
}

type awardVentureInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"申报项目编号 Project ID"`
	Body struct {
		Award int64 `json:"award" doc:"资助金额（分），0 为不资助 Award in fen; 0: none"`
	}
}

func (h *Handler) awardVenture(ctx context.Context, in *awardVentureInput) (*none, error) {
	return done(h.funding.Award(ctx, auth.PrincipalFrom(ctx), in.ID, tiaojie.Money(in.Body.Award)))
}

func (h *Handler) publishVenture(ctx context.Context, in *idPath) (*none, error) {
	return done(h.funding.Publish(ctx, auth.PrincipalFrom(ctx), in.ID))
}

type ventureReportInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"申报项目编号 Project ID"`
	Body struct {
		Kind string `json:"kind" enum:"progress,final"`
		Body string `json:"body" maxLength:"20000" doc:"报告内容，1–5000 字 The report, 1–5000 characters"`
	}
}

func (h *Handler) ventureReport(ctx context.Context, in *ventureReportInput) (*body[createdID], error) {
	id, err := h.funding.FileReport(ctx, auth.PrincipalFrom(ctx), in.ID, tiaojie.VentureReportKind(in.Body.Kind), in.Body.Body)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type availabilityInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"专家编号 Expert ID"`
	Body struct {
		Until string `json:"until" doc:"不可用至（含）某日 YYYY-MM-DD，空为可用 Unavailable through this day; empty: available"`
		Note  string `json:"note,omitempty" maxLength:"800"`
	}
}

func (h *Handler) setAvailability(ctx context.Context, in *availabilityInput) (*none, error) {
	return done(h.experts.SetAvailability(ctx, auth.PrincipalFrom(ctx), in.ID, experts.Availability{Until: in.Body.Until, Note: in.Body.Note}))
}

// assignmentOut is one piece of an expert's work.
type assignmentOut struct {
	Kind       string    `json:"kind" enum:"incubation,rating,venture" doc:"孵化评审、星级评定或公益创投 Incubation, rating or venture"`
	ID         int64     `json:"id" doc:"申请或创投轮次编号 The application's or round's ID"`
	Title      string    `json:"title"`
	Round      string    `json:"round"`
	AssignedAt time.Time `json:"assigned_at"`
	Done       bool      `json:"done" doc:"已评分或已结束 Scored or closed"`
}

func assignmentsOf(list []experts.Assignment) []assignmentOut {
	out := []assignmentOut{}
	for _, a := range list {
		out = append(out, assignmentOut{Kind: a.Kind, ID: a.ID, Title: a.Title, Round: a.Round, AssignedAt: a.AssignedAt.UTC(), Done: a.Done})
	}
	return out
}

func (h *Handler) expertAssignments(ctx context.Context, in *idPath) (*body[[]assignmentOut], error) {
	list, err := h.experts.Assignments(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[[]assignmentOut]{Body: assignmentsOf(list)}, nil
}

func (h *Handler) myAssignments(ctx context.Context, _ *struct{}) (*body[[]assignmentOut], error) {
	p := auth.PrincipalFrom(ctx)
	id, err := experts.ByUser(ctx, h.db.Reader(), p.UserID)
	if err != nil {
		return nil, err
	}
	return h.expertAssignments(ctx, &idPath{ID: id})
}

// The descriptions of the funding operations, Chinese first.
const (
	descListFunding    = "全区登记的捐赠与资助，最新在前；可按组织、年度与类别筛选。\n\nThe donations and grants recorded in the district, newest first; filter by organization, year and kind."
	descRecordFunding  = "区司法局登记某一已登记调解组织收到的捐赠或资助（金额以分为单位，须大于零）。组织不存在或未登记返回 422，不写入任何内容。成功返回 201 与编号。\n\nThe bureau records a donation or grant received by a registered organization (amount in fen, above zero). An organization that does not exist or is not registered answers 422 and nothing is written. Answers 201 with the ID."
	descMyFunding      = "调用者所管理组织收到的捐赠与资助。\n\nThe donations and grants of the organizations the caller administers."
	descMyDonation     = "组织管理员登记本组织收到的捐赠（不能登记资助，返回 403；为其他组织登记返回 404）。\n\nAn organization's admin records a donation its organization received (a grant answers 403; another organization 404)."
	descOrgFunding     = "组织收到的捐赠与资助（信息公开的一部分），最新在前。无需登录。\n\nThe donations and grants an organization received, part of its disclosure, newest first. No login needed."
	descListRounds     = "全部公益创投轮次（征集公告），最新在前。无需登录。\n\nEvery venture round (the calls), newest first. No login needed."
	descGetRound       = "一轮公益创投及调用者可见的申报项目：区司法局与本轮专家见全部，组织管理员见本组织的，结果公布后任何人可见获资助项目。\n\nA round with the projects the caller may see: all for the bureau and the round's experts, their own for an organization's admin, and the awarded ones for anyone once published."
	descOpenRound      = "区司法局发布一轮公益创投：主题、总预算、单个项目上限、申报期、评分标准（权重之和为100）与评审专家。不在库或不可用的专家返回 409，不写入任何内容。\n\nThe bureau opens a round: theme, budget, per-project cap, application window, criteria (weights summing to 100) and experts. An expert out of the pool or unavailable answers 409 and nothing is written."
	descAssignVenture  = "为未公布结果的轮次增派评审专家；不在库或不可用的专家返回 409。\n\nAdds an expert to a round not yet published; one out of the pool or unavailable answers 409."
	descApplyVenture   = "组织管理员以本组织（须已登记）申报项目。申报期外、超过单个项目上限或重复申报均被拒绝，不写入任何内容。\n\nAn organization's admin applies for a registered organization. Outside the window, above the cap or a second application is refused and nothing is written."
	descGetVentureApp  = "查看申报项目，仅对可见者（同轮次列表的规则）；其他调用者返回 404。\n\nOne project, to those who may see it (the round's rules); anyone else gets 404."
	descScoreVenture   = "本轮评审专家按各项标准评分（0–10）。未被指派返回 404；与申报组织存在关联关系的专家返回 409。\n\nAn expert of the round scores each criterion 0–10. Not assigned answers 404; an expert tied to the applying organization 409."
	descAwardVenture   = "申报期结束后、结果公布前确定资助金额（不超过申请金额；全部资助之和不得超过总预算，否则返回 409）。\n\nSets a project's award after the window and before publication (at most the request; the awards together may not exceed the budget, else 409)."
	descPublishVenture = "公布结果：获资助项目公开，并作为资助登记到各组织（显示在其信息公开中）。\n\nPublishes the results: the awards become public and each is recorded as a grant to its organization (shown in its disclosure)."
	descVentureReport  = "获资助组织的管理员提交进展报告或结项报告（结项报告仅一份）。\n\nAn awarded organization's admin files a progress or the final report (one final report)."
	descAvailability   = "区司法局记录专家不可用至某日（含）及说明；空日期为可用。不可用的专家不能被指派到公益创投。\n\nThe bureau records that an expert is unavailable through a day, with a note; an empty day is available. An unavailable expert cannot be assigned to a venture round."
	descAssignments    = "专家在孵化评审、星级评定与公益创投中的全部评审任务，最新在前。\n\nAn expert's assignments across incubation screenings, rating applications and venture rounds, newest first."
	descMyAssignments  = "调用者本人的评审任务。\n\nThe caller's own assignments."
)
