package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/procurement"
)

// Government procurement of mediation services (internal/procurement,
// SPEC C9), the same rules as the pages: a buying department (the bureau,
// or a partner account for its agency) publishes, awards, contracts and
// pays; organizations' admins bid and report; assigned experts score;
// anyone reads published projects and results.

const tagProcurement = "procurement"

// procurementRoutes declares the procurement operations.
func (h *Handler) procurementRoutes(a huma.API) {
	if h.procurement == nil {
		return
	}
	buy, bid, review, self, pub := tiaojie.PermProcurement, tiaojie.PermProcurementApply, tiaojie.PermExpertReview, tiaojie.PermSelf, tiaojie.PermPublic
	get, post, put := http.MethodGet, http.MethodPost, http.MethodPut
	t := tagProcurement
	add(h, a, op(get, "/staff/procurement/projects", "list-procurement-projects", t, self, "采购项目 · Procurement projects", descProcList), h.procList)
	add(h, a, created(op(post, "/staff/procurement/projects", "create-procurement-project", t, buy, "新建采购项目 · Create a project", descProcCreate)), h.procCreate)
	add(h, a, op(get, "/staff/procurement/projects/{id}", "get-procurement-project", t, self, "查看采购项目 · Get a project", descProcGet), h.procGet)
	add(h, a, op(post, "/staff/procurement/projects/{id}/step", "step-procurement-project", t, buy, "发布、截止或撤销 · Publish, close or cancel", descProcStep), h.procStep)
	add(h, a, op(post, "/staff/procurement/projects/{id}/experts", "assign-procurement-expert", t, buy, "分配评审专家 · Assign an expert", descProcAssign), h.procAssign)
	add(h, a, op(get, "/staff/procurement/projects/{id}/bids", "list-procurement-bids", t, self, "投标 · Bids", descProcBids), h.procBids)
	add(h, a, created(op(post, "/staff/procurement/projects/{id}/bids", "apply-procurement", t, bid, "投标 · Bid", descProcApply)), h.procApply)
	add(h, a, op(post, "/staff/procurement/projects/{id}/award", "award-procurement", t, buy, "确定中标并公示 · Award", descProcAward), h.procAward)
	add(h, a, op(post, "/staff/procurement/bids/{id}/withdraw", "withdraw-procurement-bid", t, bid, "撤回投标 · Withdraw a bid", descProcWithdraw), h.procWithdraw)
	add(h, a, op(put, "/staff/procurement/bids/{id}/scores", "score-procurement-bid", t, review, "专家评分 · Score a bid", descProcScore), h.procScore)
	add(h, a, created(op(post, "/staff/procurement/bids/{id}/contract", "sign-procurement-contract", t, buy, "签订合同 · Sign the contract", descProcSign)), h.procSign)
	add(h, a, op(get, "/staff/procurement/contracts/{id}", "get-procurement-contract", t, self, "查看合同与成果核验 · Get a contract", descProcContract), h.procContract)
	add(h, a, op(post, "/staff/procurement/contracts/{id}/reports/{report}", "file-procurement-report", t, bid, "报送绩效报告 · File a report", descProcReport), h.procReport)
	add(h, a, op(post, "/staff/procurement/contracts/{id}/verify", "verify-procurement-deliverable", t, buy, "核验服务成果 · Verify a deliverable", descProcVerify), h.procVerify)
	add(h, a, created(op(post, "/staff/procurement/contracts/{id}/payments", "record-procurement-payment", t, buy, "登记付款 · Record a payment", descProcPay)), h.procPay)
	add(h, a, op(post, "/staff/procurement/contracts/{id}/evaluation", "evaluate-procurement-contract", t, buy, "终期评价 · Final evaluation", descProcEvaluate), h.procEvaluate)
	add(h, a, op(get, "/staff/procurement/budgets", "list-procurement-budgets", t, buy, "预算执行 · Budgets", descProcBudgets), h.procBudgets)
	add(h, a, op(get, "/procurement", "list-public-procurement", t, pub, "采购公告 · Published projects", descProcPublic), h.procPublic)
	add(h, a, op(get, "/procurement/{id}", "get-public-procurement", t, pub, "采购公告与结果 · A published project and its result", descProcPublicGet), h.procPublicGet)
}

type criterionIO struct {
	Name   string `json:"name" maxLength:"200"`
	Weight int    `json:"weight" minimum:"1" maximum:"100" doc:"权重（%），合计 100 Weight, percent; they sum to 100"`
}

type projectIO struct {
	AgencyID     int64         `json:"agency_id" minimum:"0" required:"false" doc:"采购单位：协作单位编号，0 为区司法局 The buying agency; 0: the bureau"`
	Title        string        `json:"title" maxLength:"400"`
	Scope        string        `json:"scope" maxLength:"20000"`
	Category     string        `json:"category" enum:"mediation,consultation,training,other"`
	DisputeTypes []string      `json:"dispute_types,omitempty" required:"false" doc:"纠纷类型代码，空为全部 Dispute type codes; empty: every type"`
	Township     string        `json:"township,omitempty" required:"false" doc:"乡镇代码，空为全区 Township code; empty: the whole district"`
	BudgetFen    int64         `json:"budget_fen" minimum:"1" doc:"预算（分）Budget, fen"`
	MinStars     int           `json:"min_stars" minimum:"0" maximum:"5" required:"false"`
	OrgTypes     []string      `json:"org_types,omitempty" required:"false" doc:"组织类型，空为不限 Organization types; empty: any"`
	NoSanction   bool          `json:"no_sanction" required:"false" doc:"要求无未结处分或整改 No open sanction or rectification"`
	WindowFrom   string        `json:"window_from" format:"date"`
	WindowTo     string        `json:"window_to" format:"date"`
	Criteria     []criterionIO `json:"criteria"`
}

func (p projectIO) input() tiaojie.ProjectInput {
	in := tiaojie.ProjectInput{Title: p.Title, Scope: p.Scope, Category: tiaojie.ServiceCategory(p.Category), DisputeTypes: p.DisputeTypes,
		Township: p.Township, BudgetFen: p.BudgetFen, WindowFrom: p.WindowFrom, WindowTo: p.WindowTo,
		Eligibility: tiaojie.Eligibility{MinStars: p.MinStars, NoSanction: p.NoSanction}}
	for _, t := range p.OrgTypes {
		in.Eligibility.OrgTypes = append(in.Eligibility.OrgTypes, tiaojie.OrgType(t))
	}
	for _, c := range p.Criteria {
		in.Criteria = append(in.Criteria, tiaojie.Criterion{Name: c.Name, Weight: c.Weight})
	}
	return in
}

type projectOut struct {
	ID        int64  `json:"id"`
	Buyer     string `json:"buyer"`
	Status    string `json:"status" enum:"draft,published,evaluating,awarded,contracted,cancelled"`
	Manage    bool   `json:"manage" doc:"调用者是采购单位 The caller is the buyer"`
	Result    string `json:"result_note,omitempty"`
	Cancelled string `json:"cancel_reason,omitempty"`
	projectIO
}

func projectOf(p *procurement.Project) projectOut {
	in := p.Input
	o := projectOut{ID: p.ID, Buyer: p.BuyerName, Status: string(p.Status), Manage: p.Manage, Result: p.ResultNote, Cancelled: p.Cancel,
		projectIO: projectIO{AgencyID: p.AgencyID, Title: in.Title, Scope: in.Scope, Category: string(in.Category), DisputeTypes: in.DisputeTypes, Township: in.Township,
			BudgetFen: in.BudgetFen, MinStars: in.Eligibility.MinStars, NoSanction: in.Eligibility.NoSanction, WindowFrom: in.WindowFrom,
			WindowTo: in.WindowTo, Criteria: []criterionIO{}}}
	for _, t := range in.Eligibility.OrgTypes {
		o.OrgTypes = append(o.OrgTypes, string(t))
	}
	for _, c := range in.Criteria {
		o.Criteria = append(o.Criteria, criterionIO{Name: c.Name, Weight: c.Weight})
	}
	return o
}

func projectsOf(list []procurement.Project) []projectOut {
	out := make([]projectOut, 0, len(list))
	for i := range list {
		out = append(out, projectOf(&list[i]))
	}
	return out
}

func (h *Handler) procList(ctx context.Context, _ *struct{}) (*body[[]projectOut], error) {
	list, err := h.procurement.List(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	return &body[[]projectOut]{Body: projectsOf(list)}, nil
}

type procCreateInput struct {
	Body projectIO
}

func (h *Handler) procCreate(ctx context.Context, in *procCreateInput) (*body[createdID], error) {
	id, err := h.procurement.Create(ctx, auth.PrincipalFrom(ctx), in.Body.AgencyID, in.Body.input())
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

func (h *Handler) procGet(ctx context.Context, in *idPath) (*body[projectOut], error) {
	p, _, err := h.procurement.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[projectOut]{Body: projectOf(p)}, nil
}

type procStepInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Action string `json:"action" enum:"publish,close,cancel"`
		Reason string `json:"reason,omitempty" required:"false" maxLength:"2000" doc:"撤销原因 Why cancelled"`
	}
}

func (h *Handler) procStep(ctx context.Context, in *procStepInput) (*none, error) {
	p := auth.PrincipalFrom(ctx)
	switch in.Body.Action {
	case "publish":
		return done(h.procurement.Publish(ctx, p, in.ID))
	case "close":
		return done(h.procurement.Close(ctx, p, in.ID))
	}
	return done(h.procurement.Cancel(ctx, p, in.ID, in.Body.Reason))
}

type procAssignInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		ExpertID int64 `json:"expert_id" minimum:"1"`
	}
}

func (h *Handler) procAssign(ctx context.Context, in *procAssignInput) (*none, error) {
	return done(h.procurement.AssignExpert(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.ExpertID))
}

type bidOut struct {
	ID       int64  `json:"id"`
	OrgID    int64  `json:"org_id"`
	OrgName  string `json:"org_name"`
	Proposal string `json:"proposal"`
	PriceFen int64  `json:"price_fen"`
	Status   string `json:"status" enum:"submitted,withdrawn,won,lost"`
	Total10  int    `json:"total10" doc:"加权总分（十分之一分），专家看不到 Weighted total in tenths; not shown to experts"`
	MyScores []int  `json:"my_scores,omitempty" doc:"专家本人的评分 The calling expert's own scores"`
}

func (h *Handler) procBids(ctx context.Context, in *idPath) (*body[[]bidOut], error) {
	list, err := h.procurement.Bids(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := make([]bidOut, 0, len(list))
	for _, b := range list {
		out = append(out, bidOut{ID: b.ID, OrgID: b.OrgID, OrgName: b.OrgName, Proposal: b.Proposal, PriceFen: b.PriceFen, Status: b.Status,
			Total10: b.Total10, MyScores: b.MyScores})
	}
	return &body[[]bidOut]{Body: out}, nil
}

type procApplyInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		OrgID    int64  `json:"org_id" minimum:"1" doc:"投标的调解组织（调用者为其管理员）The bidding organization, the caller's"`
		Proposal string `json:"proposal" maxLength:"20000"`
		PriceFen int64  `json:"price_fen" doc:"报价（分），不超过预算 Price, fen, within the budget"`
	}
}

func (h *Handler) procApply(ctx context.Context, in *procApplyInput) (*body[createdID], error) {
	id, err := h.procurement.Apply(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.OrgID, in.Body.Proposal, in.Body.PriceFen)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type procAwardInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Winners []int64 `json:"winners" doc:"中标的投标编号 The winning bids"`
		Note    string  `json:"note,omitempty" required:"false" maxLength:"8000"`
	}
}

func (h *Handler) procAward(ctx context.Context, in *procAwardInput) (*none, error) {
	return done(h.procurement.Award(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Winners, in.Body.Note))
}

func (h *Handler) procWithdraw(ctx context.Context, in *idPath) (*none, error) {
	return done(h.procurement.Withdraw(ctx, auth.PrincipalFrom(ctx), in.ID))
}

type procScoreInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Scores []int `json:"scores" doc:"按评审标准顺序，每项 0–100 One score 0–100 per criterion, in the criteria's order"`
	}
}

func (h *Handler) procScore(ctx context.Context, in *procScoreInput) (*none, error) {
	return done(h.procurement.Score(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Scores))
}

type procSignInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"中标的投标编号 The winning bid"`
	Body struct {
		AmountFen       int64                 `json:"amount_fen" doc:"合同金额（分），不超过中标价 Amount, fen, at most the winning price"`
		PeriodFrom      string                `json:"period_from" format:"date"`
		PeriodTo        string                `json:"period_to" format:"date"`
		ReportEvery     string                `json:"report_every" enum:"month,quarter"`
		MinSuccessPct   int                   `json:"min_success_pct" required:"false" doc:"成功率指标（%）Success rate indicator, percent"`
		MinSatisfaction int                   `json:"min_satisfaction10" required:"false" doc:"满意度指标（十分之一星）Satisfaction indicator, tenths of a star"`
		Deliverables    []tiaojie.Deliverable `json:"deliverables"`
		Milestones      []tiaojie.Milestone   `json:"milestones" doc:"金额合计等于合同金额 Amounts sum to the contract amount"`
	}
}

func (h *Handler) procSign(ctx context.Context, in *procSignInput) (*body[createdID], error) {
	b := in.Body
	id, err := h.procurement.Sign(ctx, auth.PrincipalFrom(ctx), in.ID, tiaojie.ContractInput{AmountFen: b.AmountFen, PeriodFrom: b.PeriodFrom,
		PeriodTo: b.PeriodTo, ReportEvery: tiaojie.ReportEvery(b.ReportEvery), MinSuccessPct: b.MinSuccessPct, MinSatisfaction: b.MinSatisfaction,
		Deliverables: b.Deliverables, Milestones: b.Milestones})
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type contractOut struct {
	ID           int64             `json:"id"`
	ProjectID    int64             `json:"project_id"`
	OrgID        int64             `json:"org_id"`
	OrgName      string            `json:"org_name"`
	Buyer        string            `json:"buyer"`
	AmountFen    int64             `json:"amount_fen"`
	PaidFen      int64             `json:"paid_fen"`
	PeriodFrom   string            `json:"period_from" format:"date"`
	PeriodTo     string            `json:"period_to" format:"date"`
	FinalGrade   string            `json:"final_grade,omitempty"`
	Deliverables []procDeliverable `json:"deliverables"`
	Milestones   []procMilestone   `json:"milestones"`
	Reports      []procReport      `json:"reports"`
	Payments     []procPayment     `json:"payments"`
	Verification procVerification  `json:"verification" doc:"成果与平台记录对照 Deliverables and indicators beside the platform's records"`
}

// The contract's parts as the API names them (the schema names must not
// clash with other capabilities').
type (
	procDeliverable procurement.DeliverableRow
	procMilestone   procurement.MilestoneRow
	procReport      procurement.Report
	procPayment     procurement.Payment
	procFigures     tiaojie.CaseFigures
	procVerified    tiaojie.Verified
)

type procVerification struct {
	Figures      procFigures    `json:"figures" doc:"平台记录：服务期与范围内调结、达成协议、评价 The platform's records within the period and scope"`
	Deliverables []procVerified `json:"deliverables"`
	Indicators   []procVerified `json:"indicators"`
}

func convert[T, U any](in []T, f func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}

func (h *Handler) procContract(ctx context.Context, in *idPath) (*body[contractOut], error) {
	c, v, err := h.procurement.Contract(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[contractOut]{Body: contractOut{ID: c.ID, ProjectID: c.ProjectID, OrgID: c.OrgID, OrgName: c.OrgName, Buyer: c.BuyerName,
		AmountFen: c.Input.AmountFen, PaidFen: c.PaidFen, PeriodFrom: c.Input.PeriodFrom, PeriodTo: c.Input.PeriodTo, FinalGrade: string(c.FinalGrade),
		Deliverables: convert(c.Deliverables, func(d procurement.DeliverableRow) procDeliverable { return procDeliverable(d) }),
		Milestones:   convert(c.Milestones, func(m procurement.MilestoneRow) procMilestone { return procMilestone(m) }),
		Reports:      convert(c.Reports, func(r procurement.Report) procReport { return procReport(r) }),
		Payments:     convert(c.Payments, func(p procurement.Payment) procPayment { return procPayment(p) }),
		Verification: procVerification{Figures: procFigures(v.Figures),
			Deliverables: convert(v.Deliverables, func(x tiaojie.Verified) procVerified { return procVerified(x) }),
			Indicators:   convert(v.Indicators, func(x tiaojie.Verified) procVerified { return procVerified(x) })}}}, nil
}

type procReportInput struct {
	ID     int64 `path:"id" minimum:"1"`
	Report int64 `path:"report" minimum:"1"`
	Body   struct {
		Body  string `json:"body" maxLength:"20000"`
		Hours int    `json:"hours" minimum:"0" required:"false" doc:"服务小时数 Hours of service"`
	}
}

func (h *Handler) procReport(ctx context.Context, in *procReportInput) (*none, error) {
	return done(h.procurement.FileReport(ctx, auth.PrincipalFrom(ctx), in.ID, in.Report, in.Body.Body, in.Body.Hours))
}

type procVerifyInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		DeliverableID int64 `json:"deliverable_id" minimum:"1"`
		Actual        int   `json:"actual" doc:"核验的实际数 The verified figure"`
	}
}

func (h *Handler) procVerify(ctx context.Context, in *procVerifyInput) (*none, error) {
	return done(h.procurement.VerifyDeliverable(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.DeliverableID, in.Body.Actual))
}

type procPayInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		MilestoneID int64  `json:"milestone_id" minimum:"1"`
		AmountFen   int64  `json:"amount_fen" doc:"付款金额（分）；累计不得超过合同金额 Amount, fen; the total never beyond the contract"`
		PaidOn      string `json:"paid_on" format:"date"`
		Voucher     string `json:"voucher,omitempty" required:"false" maxLength:"400"`
		Note        string `json:"note,omitempty" required:"false" maxLength:"2000"`
	}
}

func (h *Handler) procPay(ctx context.Context, in *procPayInput) (*body[createdID], error) {
	b := in.Body
	id, err := h.procurement.Pay(ctx, auth.PrincipalFrom(ctx), in.ID, procurement.PaymentInput{MilestoneID: b.MilestoneID, AmountFen: b.AmountFen,
		PaidOn: b.PaidOn, Voucher: b.Voucher, Note: b.Note})
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type procEvaluateInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Grade string `json:"grade" enum:"excellent,pass,fail"`
		Note  string `json:"note" maxLength:"8000"`
	}
}

func (h *Handler) procEvaluate(ctx context.Context, in *procEvaluateInput) (*none, error) {
	return done(h.procurement.Evaluate(ctx, auth.PrincipalFrom(ctx), in.ID, tiaojie.FinalGrade(in.Body.Grade), in.Body.Note))
}

func (h *Handler) procBudgets(ctx context.Context, _ *struct{}) (*body[[]procurement.Budget], error) {
	list, err := h.procurement.Budgets(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	return &body[[]procurement.Budget]{Body: orEmpty(list)}, nil
}

func (h *Handler) procPublic(ctx context.Context, _ *struct{}) (*body[[]projectOut], error) {
	list, err := h.procurement.Public(ctx)
	if err != nil {
		return nil, err
	}
	return &body[[]projectOut]{Body: projectsOf(list)}, nil
}

type publicProjectOut struct {
	projectOut
	Results []procurement.Result `json:"results" doc:"公示结果：各投标组织的加权总分，中标者的价格 Each bidder's weighted total and the winners' prices"`
}

func (h *Handler) procPublicGet(ctx context.Context, in *idPath) (*body[publicProjectOut], error) {
	p, res, err := h.procurement.PublicProject(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &body[publicProjectOut]{Body: publicProjectOut{projectOut: projectOf(p), Results: orEmpty(res)}}, nil
}

const (
	descProcList      = "调用者可见的采购项目：采购单位本单位的，专家被分配的，组织管理员已发布的，区司法局全部。\n\nThe projects the caller works with: a buyer's own, an expert's assigned, published ones for organizations' admins, all for the bureau."
	descProcCreate    = "采购单位（区司法局，或代表所属协作单位的协作单位账号）新建草稿项目：范围、预算、报名条件、报名期、评审标准（权重合计 100）。代表其他单位返回 403。\n\nA buyer opens a draft project. Buying for an agency one does not act for answers 403."
	descProcGet       = "查看项目。草稿仅采购单位可见；已发布项目对工作人员可见，专家名单仅采购单位与区司法局可见。\n\nA project; a draft is its buyer's alone."
	descProcStep      = "发布草稿、报名期满后截止（进入评审）或撤销（需原因）。仅本项目采购单位，其他单位返回 404。\n\nPublish, close after the window, or cancel with a reason; the project's buyer only."
	descProcAssign    = "分配评审专家；与已投标组织有关联的专家被拒绝（expert.tied）。\n\nAssign an expert; one tied to a bidding organization is refused (expert.tied)."
	descProcBids      = "投标：采购单位看全部（含当前加权分），评审中的专家看待评投标及本人评分，组织管理员只看本组织的。\n\nBids: all to the buyer, those to score to an assigned expert, an admin's own only."
	descProcApply     = "组织管理员在报名期内为本组织投标。不符合条件的逐条列出原因（procurement.ineligible，各项在 errors 中）且不写入；报名期外被拒绝；每个组织一份。\n\nAn admin bids for their organization within the window. An ineligible organization gets every failed condition and nothing is written; a bid outside the window is refused; one bid per organization."
	descProcAward     = "在评审阶段确定中标（一个或多个，价格合计不超过预算），固定各投标加权总分并公示。\n\nAward one or more winners within the budget; the totals are fixed and the result published."
	descProcWithdraw  = "报名期内撤回本组织的投标。\n\nWithdraw one's bid while the window is open."
	descProcScore     = "被分配的专家对投标逐项评分（0–100）。与投标组织有关联的专家被拒绝（expert.tied），超出范围的分数被拒绝，均不写入。\n\nAn assigned expert scores a bid per criterion, 0–100. A tied expert or a score out of range is refused and nothing is written."
	descProcSign      = "与中标组织签订合同：金额不超过中标价、服务期、报告周期、绩效指标、服务成果与付款节点（金额合计等于合同金额）。\n\nSign the contract with a winner."
	descProcContract  = "合同及成果核验：该组织在服务期与项目范围内调结的案件数、成功率与满意度取自平台记录，与目标对照。采购单位、区司法局与该组织管理员可见。\n\nA contract with its verification against the platform's own case records."
	descProcReport    = "组织管理员报送某一期绩效报告（期间开始后），报送后不可修改。\n\nThe organization files a period's performance report once the period has begun."
	descProcVerify    = "采购单位核验服务小时或其他成果的实际数；案件数取自平台记录，不能填写。\n\nThe buyer verifies an hours or other deliverable; cases are counted, not entered."
	descProcPay       = "按付款节点登记付款。累计超过合同金额或节点金额的付款被拒绝（procurement.payment_over_contract / payment_over_milestone），不写入。\n\nRecord a payment against a milestone; one beyond the contract amount or the milestone is refused and nothing is written."
	descProcEvaluate  = "采购单位作终期评价（一次）。\n\nThe buyer's final evaluation, once."
	descProcBudgets   = "各采购单位按年度的项目预算、合同承诺与已支付金额（分）；协作单位账号只见本单位，区司法局见全部。\n\nEach department's budgets, commitments and payments per year, in fen."
	descProcPublic    = "已发布的采购项目（不含草稿），无需登录。\n\nPublished projects; no login."
	descProcPublicGet = "一个已发布项目及公示结果：各投标组织的加权总分与中标价格；投标方案与未中标价格不公开。\n\nA published project and its result; proposals and losing prices stay confidential."
)
