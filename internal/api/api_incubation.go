package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/incubation"
)

// Incubation (internal/incubation, SPEC C6): the same operations as the
// incubation pages, with the same permissions. Staff operations need
// incubation.manage (the service narrows a township office to its own
// home); an expert's need expert.review; a team's need a login (self:
// the service shows a team its own applications only); open calls are
// public.

const tagIncubation = "incubation"

// incubationRoutes declares the incubation operations.
func (h *Handler) incubationRoutes(a huma.API) {
	if h.incubation == nil {
		return
	}
	a.OpenAPI().Tags = append(a.OpenAPI().Tags, &huma.Tag{Name: tagIncubation,
		Description: "培育孵化：培育基地与培育之家、公开招募、申请、专家筛选评估、入驻、服务记录、跟踪报告、出壳。Incubation: sites, calls, applications, screening, residency, services, tracking reports, graduation."})
	pub, self, inc, review := tiaojie.PermPublic, tiaojie.PermSelf, tiaojie.PermIncubation, tiaojie.PermExpertReview
	get, post := http.MethodGet, http.MethodPost
	tag := tagIncubation

	add(h, a, op(get, "/incubation/calls", "list-incubation-calls", tag, pub, "正在招募 · Open calls", descIncCalls), h.incOpenCalls)
	add(h, a, op(get, "/incubation/calls/{id}", "get-incubation-call", tag, pub, "招募详情 · A call", descIncCall), h.incCall)
	add(h, a, created(op(post, "/incubation/calls/{id}/applications", "apply-incubation", tag, self, "报名申请 · Apply", descIncApply)), h.incApply)
	add(h, a, op(get, "/incubation/mine", "list-my-incubation", tag, self, "我的培育申请 · My applications", descIncMine), h.incMine)
	add(h, a, op(post, "/incubation/mine/{id}/withdrawal", "withdraw-incubation", tag, self, "撤回申请 · Withdraw", descIncWithdraw), h.incWithdraw)

	add(h, a, op(get, "/staff/incubation/sites", "list-incubation-sites", tag, inc, "培育场所 · Sites", descIncSites), h.incSites)
	add(h, a, created(op(post, "/staff/incubation/sites", "propose-incubation-site", tag, inc, "申报培育场所 · Propose a site", descIncPropose)), h.incPropose)
	add(h, a, op(post, "/staff/incubation/sites/{id}/decision", "decide-incubation-site", tag, inc, "审批培育场所 · Decide a site", descIncDecide), h.incDecide)
	add(h, a, op(get, "/staff/incubation/funnel", "get-incubation-funnel", tag, inc, "培育漏斗 · Funnel", descIncFunnel), h.incFunnel)
	add(h, a, op(get, "/staff/incubation/calls", "list-staff-incubation-calls", tag, inc, "招募列表 · Calls", descIncStaffCalls), h.incStaffCalls)
	add(h, a, created(op(post, "/staff/incubation/calls", "create-incubation-call", tag, inc, "新建招募 · Create a call", descIncCreateCall)), h.incCreateCall)
	add(h, a, op(post, "/staff/incubation/calls/{id}/status", "set-incubation-call-status", tag, inc, "发布或结束招募 · Publish or close", descIncCallStatus), h.incCallStatus)
	add(h, a, op(get, "/staff/incubation/applications", "list-incubation-applications", tag, inc, "培育申请 · Applications", descIncList), h.incList)
	add(h, a, op(get, "/staff/incubation/applications/{id}", "get-incubation-application", tag, inc, "培育申请详情 · An application", descIncGet), h.incGet)
	add(h, a, op(post, "/staff/incubation/applications/{id}/experts", "assign-incubation-expert", tag, inc, "指派专家 · Assign an expert", descIncAssign), h.incAssign)
	add(h, a, op(post, "/staff/incubation/applications/{id}/steps", "act-on-incubation", tag, inc, "入驻决定或退驻 · Admit, reject or exit", descIncStep), h.incStep)
	add(h, a, op(post, "/staff/incubation/applications/{id}/residency", "enter-incubation", tag, inc, "办理入驻 · Move in", descIncEnter), h.incEnter)
	add(h, a, op(post, "/staff/incubation/applications/{id}/services", "record-incubation-service", tag, inc, "服务记录 · Record a service", descIncService), h.incService)
	add(h, a, op(post, "/staff/incubation/applications/{id}/reports", "file-incubation-report", tag, inc, "跟踪报告 · File a report", descIncReport), h.incReport)
	add(h, a, op(post, "/staff/incubation/applications/{id}/milestones", "add-incubation-milestone", tag, inc, "添加里程碑 · Add a milestone", descIncMilestone), h.incMilestone)
	add(h, a, op(post, "/staff/incubation/applications/{id}/milestones/{mid}/done", "complete-incubation-milestone", tag, inc, "里程碑完成 · Milestone reached", descIncMilestoneDone), h.incMilestoneDone)
	add(h, a, op(post, "/staff/incubation/applications/{id}/graduation", "graduate-incubation", tag, inc, "出壳 · Graduate", descIncGraduate), h.incGraduate)

	add(h, a, op(get, "/expert/screenings", "list-my-screenings", tag, review, "我的筛选评估 · My screenings", descIncScreenings), h.incScreenings)
	add(h, a, op(get, "/expert/screenings/{id}", "get-screening", tag, review, "待评估申请 · An assigned application", descIncScreening), h.incScreening)
	add(h, a, op(post, "/expert/screenings/{id}/scores", "score-screening", tag, review, "提交评分 · Score", descIncScore), h.incScore)
}

// incCallOut is a recruitment call.
type incCallOut struct {
	ID          int64    `json:"id"`
	SiteID      int64    `json:"site_id"`
	SiteName    string   `json:"site_name"`
	Township    string   `json:"township" doc:"培育之家所在乡镇代码，区培育基地为空 The home's township; empty for the base"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	TargetTypes []string `json:"target_types" doc:"招募的组织类型，空为不限 Organization types sought; empty: any"`
	Criteria    []string `json:"criteria" doc:"筛选评估标准，每项 0–10 分 Screening criteria, each scored 0–10"`
	OpensOn     string   `json:"opens_on" format:"date"`
	ClosesOn    string   `json:"closes_on" format:"date"`
	Status      string   `json:"status" enum:"draft,open,closed"`
}

func incCallOutOf(c incubation.Call) incCallOut {
	types := make([]string, 0, len(c.TargetTypes))
	for _, t := range c.TargetTypes {
		types = append(types, string(t))
	}
	return incCallOut{ID: c.ID, SiteID: c.SiteID, SiteName: c.SiteName, Township: c.Township, Title: c.Title, Description: c.Description,
		TargetTypes: types, Criteria: incNonNil(c.Criteria), OpensOn: c.OpensOn, ClosesOn: c.ClosesOn, Status: c.Status}
}

func incNonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

func incCallsOutOf(list []incubation.Call) []incCallOut {
	out := make([]incCallOut, 0, len(list))
	for _, c := range list {
		out = append(out, incCallOutOf(c))
	}
	return out
}

func (h *Handler) incOpenCalls(ctx context.Context, _ *none) (*body[[]incCallOut], error) {
	list, err := h.incubation.OpenCalls(ctx)
	if err != nil {
		return nil, err
	}
	return &body[[]incCallOut]{Body: incCallsOutOf(list)}, nil
}

func (h *Handler) incCall(ctx context.Context, in *idPath) (*body[incCallOut], error) {
	c, err := h.incubation.Call(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[incCallOut]{Body: incCallOutOf(*c)}, nil
}

// incFounder is a founder of a team.
type incFounder struct {
	Name  string `json:"name" maxLength:"200"`
	Role  string `json:"role,omitempty" maxLength:"200"`
	Phone string `json:"phone,omitempty" maxLength:"40" doc:"手机号码；工作人员看到完整号码，申请人看到脱敏号码，专家看不到 Mobile; staff see it whole, the team masked, experts not at all"`
}

// incApplication is what a team applies with.
type incApplication struct {
	OrgName   string       `json:"org_name" maxLength:"400" doc:"拟设组织名称 2–100 字 Proposed name"`
	OrgType   string       `json:"org_type" doc:"组织类型代码 Organization type code (taxonomy)"`
	LegalForm string       `json:"legal_form"`
	Level     string       `json:"level"`
	Township  string       `json:"township" doc:"服务乡镇代码；培育之家只招本乡镇 Township code; a home recruits its own township"`
	Plan      string       `json:"plan" maxLength:"20000"`
	Founders  []incFounder `json:"founders" maxItems:"10"`
}

type incApplyInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"招募编号 Call ID"`
	Body incApplication
}

func (h *Handler) incApply(ctx context.Context, in *incApplyInput) (*body[createdID], error) {
	b := in.Body
	x := incubation.Input{CallID: in.ID, OrgName: b.OrgName, OrgType: tiaojie.OrgType(b.OrgType), LegalForm: tiaojie.LegalForm(b.LegalForm),
		Level: tiaojie.OrgLevel(b.Level), Township: b.Township, Plan: b.Plan}
	for _, f := range b.Founders {
		x.Founders = append(x.Founders, incubation.Founder{Name: f.Name, Role: f.Role, Phone: f.Phone})
	}
	id, err := h.incubation.Apply(ctx, auth.PrincipalFrom(ctx), x)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

// incAppOut is an application as its caller may see it.
type incAppOut struct {
	ID         int64          `json:"id"`
	CallID     int64          `json:"call_id"`
	CallTitle  string         `json:"call_title"`
	SiteID     int64          `json:"site_id"`
	SiteName   string         `json:"site_name"`
	OrgName    string         `json:"org_name"`
	OrgType    string         `json:"org_type"`
	LegalForm  string         `json:"legal_form"`
	Level      string         `json:"level"`
	Township   string         `json:"township"`
	Plan       string         `json:"plan"`
	Status     string         `json:"status" enum:"submitted,screening,admitted,rejected,withdrawn,in_residence,graduated,exited"`
	Decision   string         `json:"decision,omitempty" doc:"入驻决定的理由 The reason given with the decision"`
	Residency  *incResidency  `json:"residency,omitempty"`
	OrgID      int64          `json:"org_id,omitempty" doc:"出壳后在登记中的组织 The organization it graduated into"`
	OrgStatus  string         `json:"org_status,omitempty"`
	ExitReason string         `json:"exit_reason,omitempty"`
	CreatedAt  time.Time      `json:"created_at"`
	Founders   []incFounder   `json:"founders,omitempty"`
	Criteria   []string       `json:"criteria,omitempty"`
	Reviews    []incReviewOut `json:"reviews,omitempty" doc:"工作人员看到全部评分，专家只看到自己的，申请人看不到 Staff see all, an expert their own, the team none"`
	Milestones []incMilestone `json:"milestones,omitempty"`
	Services   []incService   `json:"services,omitempty"`
	Reports    []incReport    `json:"reports,omitempty"`
}

type incResidency struct {
	Plan          string `json:"plan"`
	PeriodMonths  int    `json:"period_months"`
	Mentor        string `json:"mentor"`
	StartedOn     string `json:"started_on" format:"date"`
	EndsOn        string `json:"ends_on" format:"date"`
	ReportDueOn   string `json:"report_due_on,omitempty" format:"date"`
	ReportOverdue bool   `json:"report_overdue"`
}

type incReviewOut struct {
	ExpertID   int64  `json:"expert_id"`
	ExpertName string `json:"expert_name"`
	Scores     []int  `json:"scores" doc:"按标准顺序，未评分为空 By criterion; empty until scored"`
	Total      int    `json:"total"`
	Comment    string `json:"comment"`
	Scored     bool   `json:"scored"`
}

type incMilestone struct {
	ID     int64  `json:"id,omitempty" readOnly:"true"`
	Title  string `json:"title" maxLength:"400"`
	DueOn  string `json:"due_on" format:"date"`
	DoneOn string `json:"done_on,omitempty" format:"date" readOnly:"true"`
}

type incService struct {
	Kind   string `json:"kind" enum:"policy,consult,registration,planning" doc:"政策解读、信息咨询、登记协助、项目规划"`
	HeldOn string `json:"held_on,omitempty" format:"date" doc:"空为今天 Empty: today"`
	Note   string `json:"note" maxLength:"8000"`
}

type incReport struct {
	FiledOn  string `json:"filed_on,omitempty" format:"date" doc:"空为今天 Empty: today"`
	Progress string `json:"progress" maxLength:"20000"`
	Problems string `json:"problems,omitempty" maxLength:"20000"`
}

func incAppOutOf(a incubation.Application) incAppOut {
	o := incAppOut{ID: a.ID, CallID: a.CallID, CallTitle: a.CallTitle, SiteID: a.SiteID, SiteName: a.SiteName, OrgName: a.OrgName,
		OrgType: string(a.OrgType), LegalForm: string(a.LegalForm), Level: string(a.Level), Township: a.Township, Plan: a.Plan,
		Status: string(a.Status), Decision: a.Decision, OrgID: a.OrgID, OrgStatus: string(a.OrgStatus), ExitReason: a.ExitReason,
		CreatedAt: a.CreatedAt.UTC(), Criteria: a.Criteria}
	if r := a.Residency; r.StartedOn != "" {
		o.Residency = &incResidency{Plan: r.Plan, PeriodMonths: r.PeriodMonths, Mentor: r.Mentor, StartedOn: r.StartedOn, EndsOn: r.EndsOn,
			ReportDueOn: r.ReportDueOn, ReportOverdue: r.ReportOverdue}
	}
	for _, f := range a.Founders {
		o.Founders = append(o.Founders, incFounder(f))
	}
	for _, r := range a.Reviews {
		o.Reviews = append(o.Reviews, incReviewOut{ExpertID: r.ExpertID, ExpertName: r.ExpertName, Scores: incNonNil(r.Scores),
			Total: r.Total, Comment: r.Comment, Scored: r.ScoredAt != nil})
	}
	for _, m := range a.Milestones {
		o.Milestones = append(o.Milestones, incMilestone{ID: m.ID, Title: m.Title, DueOn: m.DueOn, DoneOn: m.DoneOn})
	}
	for _, s := range a.Services {
		o.Services = append(o.Services, incService{Kind: s.Kind, HeldOn: s.HeldOn, Note: s.Note})
	}
	for _, r := range a.Reports {
		o.Reports = append(o.Reports, incReport{FiledOn: r.FiledOn, Progress: r.Progress, Problems: r.Problems})
	}
	return o
}

func incAppsOutOf(list []incubation.Application) []incAppOut {
	out := make([]incAppOut, 0, len(list))
	for _, a := range list {
		out = append(out, incAppOutOf(a))
	}
	return out
}

func (h *Handler) incMine(ctx context.Context, _ *none) (*body[[]incAppOut], error) {
	list, err := h.incubation.Mine(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	return &body[[]incAppOut]{Body: incAppsOutOf(list)}, nil
}

func (h *Handler) incWithdraw(ctx context.Context, in *idPath) (*none, error) {
	return done(h.incubation.Act(ctx, auth.PrincipalFrom(ctx), in.ID, incubation.Step{Action: tiaojie.IncActWithdraw}))
}

// incSiteOut is a site.
type incSiteOut struct {
	ID       int64  `json:"id"`
	Kind     string `json:"kind" enum:"base,home"`
	Township string `json:"township"`
	Name     string `json:"name"`
	Host     string `json:"host"`
	Address  string `json:"address"`
	Status   string `json:"status" enum:"proposed,approved,rejected"`
	Note     string `json:"note,omitempty"`
}

func (h *Handler) incSites(ctx context.Context, _ *none) (*body[[]incSiteOut], error) {
	list, err := h.incubation.Sites(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]incSiteOut, 0, len(list))
	for _, s := range list {
		out = append(out, incSiteOut{ID: s.ID, Kind: s.Kind, Township: s.Township, Name: s.Name, Host: s.Host, Address: s.Address,
			Status: string(s.Status), Note: s.Note})
	}
	return &body[[]incSiteOut]{Body: out}, nil
}

type incProposeInput struct {
	Body struct {
		Kind     string `json:"kind" enum:"base,home"`
		Township string `json:"township,omitempty" doc:"培育之家的乡镇代码 The home's township code"`
		Name     string `json:"name,omitempty" maxLength:"400" doc:"空为默认名称 Empty: the default name"`
		Host     string `json:"host,omitempty" maxLength:"400" doc:"空为该乡镇的公共法律服务工作站 Empty: the township's workstation"`
		Address  string `json:"address,omitempty" maxLength:"800"`
	}
}

func (h *Handler) incPropose(ctx context.Context, in *incProposeInput) (*body[createdID], error) {
	b := in.Body
	id, err := h.incubation.ProposeSite(ctx, auth.PrincipalFrom(ctx), incubation.SiteInput{Kind: b.Kind, Township: b.Township,
		Name: b.Name, Host: b.Host, Address: b.Address})
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type incDecideInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Approve bool   `json:"approve"`
		Note    string `json:"note,omitempty" maxLength:"2000" doc:"不予批准时必填 Needed when refusing"`
	}
}

func (h *Handler) incDecide(ctx context.Context, in *incDecideInput) (*none, error) {
	return done(h.incubation.DecideSite(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Approve, in.Body.Note))
}

type incFunnelRow struct {
	Key        string `json:"key" doc:"场所编号或乡镇代码 Site ID or township code"`
	Name       string `json:"name,omitempty"`
	Applied    int    `json:"applied"`
	Screened   int    `json:"screened"`
	Admitted   int    `json:"admitted"`
	Graduated  int    `json:"graduated"`
	Registered int    `json:"registered"`
}

type incFunnels struct {
	BySite     []incFunnelRow `json:"by_site"`
	ByTownship []incFunnelRow `json:"by_township"`
}

func (h *Handler) incFunnel(ctx context.Context, _ *none) (*body[incFunnels], error) {
	sites, towns, err := h.incubation.Funnels(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	conv := func(list []incubation.Funnel) []incFunnelRow {
		out := make([]incFunnelRow, 0, len(list))
		for _, f := range list {
			out = append(out, incFunnelRow(f))
		}
		return out
	}
	return &body[incFunnels]{Body: incFunnels{BySite: conv(sites), ByTownship: conv(towns)}}, nil
}

func (h *Handler) incStaffCalls(ctx context.Context, _ *none) (*body[[]incCallOut], error) {
	list, err := h.incubation.Calls(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	return &body[[]incCallOut]{Body: incCallsOutOf(list)}, nil
}

type incCreateCallInput struct {
	Body struct {
		SiteID      int64    `json:"site_id"`
		Title       string   `json:"title" maxLength:"400"`
		Description string   `json:"description,omitempty" maxLength:"20000"`
		TargetTypes []string `json:"target_types,omitempty"`
		Criteria    []string `json:"criteria" maxItems:"10" doc:"筛选评估标准，1–10 项 Screening criteria, 1–10"`
		OpensOn     string   `json:"opens_on" format:"date"`
		ClosesOn    string   `json:"closes_on" format:"date"`
	}
}

func (h *Handler) incCreateCall(ctx context.Context, in *incCreateCallInput) (*body[createdID], error) {
	b := in.Body
	x := incubation.CallInput{SiteID: b.SiteID, Title: b.Title, Description: b.Description, OpensOn: b.OpensOn, ClosesOn: b.ClosesOn}
	for _, t := range b.TargetTypes {
		x.TargetTypes = append(x.TargetTypes, tiaojie.OrgType(t))
	}
	for _, c := range b.Criteria {
		x.Criteria += c + "\n"
	}
	id, err := h.incubation.CreateCall(ctx, auth.PrincipalFrom(ctx), x)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type incCallStatusInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Status string `json:"status" enum:"open,closed" doc:"open 发布草稿，closed 结束招募 open publishes a draft, closed closes an open call"`
	}
}

func (h *Handler) incCallStatus(ctx context.Context, in *incCallStatusInput) (*none, error) {
	return done(h.incubation.SetCallStatus(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Status))
}

type incListInput struct {
	Site     int64  `query:"site" doc:"场所编号 Site ID"`
	Status   string `query:"status"`
	Township string `query:"township"`
	Q        string `query:"q" maxLength:"100"`
	Overdue  bool   `query:"overdue" doc:"仅跟踪报告逾期 Overdue reports only"`
}

func (h *Handler) incList(ctx context.Context, in *incListInput) (*body[[]incAppOut], error) {
	list, err := h.incubation.List(ctx, auth.PrincipalFrom(ctx), incubation.Filter{SiteID: in.Site,
		Status: tiaojie.IncubationStatus(in.Status), Township: in.Township, Q: in.Q, Overdue: in.Overdue})
	if err != nil {
		return nil, err
	}
	return &body[[]incAppOut]{Body: incAppsOutOf(list)}, nil
}

func (h *Handler) incGet(ctx context.Context, in *idPath) (*body[incAppOut], error) {
	a, err := h.incubation.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[incAppOut]{Body: incAppOutOf(*a)}, nil
}

type incAssignInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		ExpertID int64 `json:"expert_id" minimum:"1"`
	}
}

func (h *Handler) incAssign(ctx context.Context, in *incAssignInput) (*none, error) {
	return done(h.incubation.AssignExpert(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.ExpertID))
}

type incStepInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Action string `json:"action" enum:"admit,reject,exit"`
		Reason string `json:"reason" maxLength:"4000"`
	}
}

func (h *Handler) incStep(ctx context.Context, in *incStepInput) (*none, error) {
	return done(h.incubation.Act(ctx, auth.PrincipalFrom(ctx), in.ID, incubation.Step{Action: tiaojie.IncubationAction(in.Body.Action),
		Reason: in.Body.Reason}))
}

type incEnterInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Plan         string         `json:"plan" maxLength:"20000"`
		PeriodMonths int            `json:"period_months" enum:"6,12"`
		Mentor       string         `json:"mentor" maxLength:"200"`
		StartOn      string         `json:"start_on,omitempty" format:"date" doc:"空为今天 Empty: today"`
		Milestones   []incMilestone `json:"milestones,omitempty" maxItems:"20"`
	}
}

func (h *Handler) incEnter(ctx context.Context, in *incEnterInput) (*none, error) {
	b := in.Body
	x := incubation.EnterInput{Plan: b.Plan, PeriodMonths: b.PeriodMonths, Mentor: b.Mentor, StartOn: b.StartOn}
	for _, m := range b.Milestones {
		x.Milestones = append(x.Milestones, incubation.Milestone{Title: m.Title, DueOn: m.DueOn})
	}
	return done(h.incubation.Enter(ctx, auth.PrincipalFrom(ctx), in.ID, x))
}

type incServiceInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body incService
}

func (h *Handler) incService(ctx context.Context, in *incServiceInput) (*none, error) {
	return done(h.incubation.RecordService(ctx, auth.PrincipalFrom(ctx), in.ID, incubation.ServiceRecord{Kind: in.Body.Kind,
		HeldOn: in.Body.HeldOn, Note: in.Body.Note}))
}

type incReportInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body incReport
}

func (h *Handler) incReport(ctx context.Context, in *incReportInput) (*none, error) {
	return done(h.incubation.FileReport(ctx, auth.PrincipalFrom(ctx), in.ID, incubation.Report{FiledOn: in.Body.FiledOn,
		Progress: in.Body.Progress, Problems: in.Body.Problems}))
}

type incMilestoneInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body incMilestone
}

func (h *Handler) incMilestone(ctx context.Context, in *incMilestoneInput) (*none, error) {
	return done(h.incubation.AddMilestone(ctx, auth.PrincipalFrom(ctx), in.ID, incubation.Milestone{Title: in.Body.Title, DueOn: in.Body.DueOn}))
}

type incMilestoneDoneInput struct {
	ID  int64 `path:"id" minimum:"1"`
	MID int64 `path:"mid" minimum:"1" doc:"里程碑编号 Milestone ID"`
}

func (h *Handler) incMilestoneDone(ctx context.Context, in *incMilestoneDoneInput) (*none, error) {
	return done(h.incubation.CompleteMilestone(ctx, auth.PrincipalFrom(ctx), in.ID, in.MID, ""))
}

type incGraduateInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		LegalForm string `json:"legal_form,omitempty" doc:"空为申请中的组织形式 Empty: the application's"`
		Level     string `json:"level,omitempty" doc:"空为申请中的层级 Empty: the application's"`
	}
}

func (h *Handler) incGraduate(ctx context.Context, in *incGraduateInput) (*body[createdID], error) {
	id, err := h.incubation.Graduate(ctx, auth.PrincipalFrom(ctx), in.ID, incubation.GraduateInput{
		LegalForm: tiaojie.LegalForm(in.Body.LegalForm), Level: tiaojie.OrgLevel(in.Body.Level)})
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type incScreeningOut struct {
	incAppOut
	Scored bool `json:"scored"`
}

func (h *Handler) incScreenings(ctx context.Context, _ *none) (*body[[]incScreeningOut], error) {
	list, err := h.incubation.MyScreenings(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]incScreeningOut, 0, len(list))
	for _, s := range list {
		out = append(out, incScreeningOut{incAppOut: incAppOutOf(s.Application), Scored: s.Scored})
	}
	return &body[[]incScreeningOut]{Body: out}, nil
}

func (h *Handler) incScreening(ctx context.Context, in *idPath) (*body[incAppOut], error) {
	p := auth.PrincipalFrom(ctx)
	a, err := h.incubation.Get(ctx, p, in.ID)
	if err != nil {
		return nil, err
	}
	return &body[incAppOut]{Body: incAppOutOf(*a)}, nil
}

type incScoreInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Scores  []int  `json:"scores" maxItems:"10" doc:"按标准顺序，每项 0–10 By criterion, each 0–10"`
		Comment string `json:"comment,omitempty" maxLength:"8000"`
	}
}

func (h *Handler) incScore(ctx context.Context, in *incScoreInput) (*none, error) {
	return done(h.incubation.Score(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Scores, in.Body.Comment))
}

// The descriptions of the incubation operations, Chinese first.
const (
	descIncCalls         = "正在招募（已发布、未截止）的培育招募，无需登录。\n\nThe published calls that have not closed. No login needed."
	descIncCall          = "一项招募：对象、报名期与筛选评估标准。草稿只对其场所的工作人员可见。\n\nOne call: the types sought, its period and the screening criteria. A draft is visible only to its site's staff."
	descIncApply         = "以手机号登录的公众为团队报名。培育之家只招本乡镇的团队；每人每项招募只能有一份在办申请。发起人手机号码加密保存。\n\nA member of the public logged in by phone applies for a team. A home recruits its own township's teams; one live application per person and call. Founders' phones are stored encrypted."
	descIncMine          = "调用者自己的培育申请与进度，不含专家评分。\n\nThe caller's own applications and their progress, without experts' scores."
	descIncWithdraw      = "在作出入驻决定前撤回自己的申请。\n\nWithdraws one's own application before the decision."
	descIncSites         = "调用者负责的培育场所：区司法局看到全部，司法所看到本乡镇的培育之家。\n\nThe sites the caller runs: the bureau all, a township office its own home."
	descIncPropose       = "申报培育场所：司法所申报本乡镇的培育之家，区司法局可申报任何场所。待区司法局批准。\n\nProposes a site: a township office its own home, the bureau any site. Awaits the bureau's approval."
	descIncDecide        = "区司法局批准或不予批准申报的场所；不予批准须说明理由。\n\nThe bureau approves or refuses a proposed site; a refusal needs a note."
	descIncFunnel        = "按场所与乡镇统计：申请、筛选、入驻、出壳、登记（出壳组织已获登记或正常运行）。\n\nPer site and per township: applied, screened, admitted, graduated, registered."
	descIncStaffCalls    = "调用者负责场所的全部招募，含草稿。\n\nEvery call of the caller's sites, drafts included."
	descIncCreateCall    = "为已批准的场所新建招募（草稿）。\n\nCreates a call of an approved site, as a draft."
	descIncCallStatus    = "发布草稿或结束招募。\n\nPublishes a draft or closes an open call."
	descIncList          = "调用者负责场所的培育申请，可按场所、状态、乡镇、名称和报告逾期筛选。\n\nThe applications of the caller's sites, filtered by site, status, township, name and overdue reports."
	descIncGet           = "一份申请的全部信息：发起人、专家评分、入驻、里程碑、服务记录与跟踪报告。其他乡镇的申请返回 404。\n\nAn application with founders, scores, residency, milestones, services and reports. Another township's answers 404."
	descIncAssign        = "指派专家筛选评估；首位专家指派后进入筛选评估。已停用或与相关组织有利害关系的专家返回 409。\n\nAssigns an expert; the first begins screening. An inactive or tied expert answers 409."
	descIncStep          = "同意入驻（须全部指派专家已评分）、不予入驻或退驻，均须说明理由。\n\nAdmit (all assigned experts must have scored), reject or exit, each with a reason."
	descIncEnter         = "办理入驻：孵化计划、6 或 12 个月期限、导师与里程碑；首份跟踪报告一个月后到期。\n\nMoves an admitted team in: plan, 6 or 12 months, mentor, milestones; the first report is due a month later."
	descIncService       = "记录为孵化中团队提供的服务。\n\nRecords a service given to a team in residence."
	descIncReport        = "提交月度跟踪报告；下一份一个月后到期，逾期标记清除。\n\nFiles a monthly tracking report; the next is due a month later and the overdue flag clears."
	descIncMilestone     = "为孵化中的团队添加里程碑。\n\nAdds a milestone to a residency."
	descIncMilestoneDone = "标记里程碑已完成（今天）。\n\nMarks a milestone reached, today."
	descIncGraduate      = "出壳：在调解组织登记中以“筹建”状态新建组织，返回其编号；调用者须有在该乡镇新建组织的权限。\n\nGraduation: opens the organization in the register in preparation and answers its ID; the caller needs the right to open organizations in the township."
	descIncScreenings    = "指派给调用者（专家）的申请，待评分的在前。\n\nThe applications assigned to the calling expert, those to score first."
	descIncScreening     = "一份指派给调用者的申请（不含发起人电话，只含自己的评分）。未指派返回 404。\n\nAn application assigned to the caller (no founders' phones, only their own scores). Not assigned: 404."
	descIncScore         = "按标准逐项评分（0–10）并填写意见；筛选评估期间可修改。\n\nScores each criterion (0–10) with a comment; may be corrected while screening lasts."
)
