package api

import (
	"context"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
)

// Case operations: Follow-up.

// visit is a follow-up visit's record.
type visit struct {
	Performed string `json:"performed" enum:"full,partial,none" doc:"协议履行情况 How far the agreement was performed"`
	Note      string `json:"note" maxLength:"20000" doc:"回访情况，最多 5000 字 What the visit found, at most 5000 characters"`
}

type visitInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body visit
}

func (h *Handler) recordVisit(ctx context.Context, in *visitInput) (*none, error) {
	return done(h.cases.Visit(ctx, auth.PrincipalFrom(ctx), in.ID, cases.VisitInput{Performed: in.Body.Performed, Note: in.Body.Note}))
}

// rating is a party's rating of the service.
type rating struct {
	Stars   int    `json:"stars" doc:"1–5 星 1 to 5 stars"`
	Comment string `json:"comment,omitempty" maxLength:"2000" doc:"最多 500 字 At most 500 characters"`
}

type rateInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body rating
}

func (h *Handler) rateCase(ctx context.Context, in *rateInput) (*none, error) {
	return done(stepNamed(h.cases.Rate(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Stars, in.Body.Comment), "rate"))
}

// --- Invitation ---

// invitation is what the respondent reads from the invitation link before
// logging in: the application in short, nobody's contact details.
type invitation struct {
	CaseID      int64          `json:"case_id" doc:"以受邀手机号登录后，GET /cases/{case_id} 查看并答复 After logging in with the invited phone, GET /cases/{case_id} to answer"`
	Number      string         `json:"number"`
	Status      caseStatusName `json:"status"`
	OrgName     string         `json:"org_name" doc:"受理的调解组织 The organization that accepted the case"`
	DisputeType disputeCode    `json:"dispute_type"`
	Title       string         `json:"title"`
	Facts       string         `json:"facts"`
	Claims      string         `json:"claims"`
	Applicants  []string       `json:"applicants" doc:"申请人姓名 The applicants' names"`
	Respondent  string         `json:"respondent" doc:"受邀的被申请人姓名 The invited respondent's name"`
	RespDue     *time.Time     `json:"resp_due,omitempty" doc:"答复期限 Answer by"`
}

type invitationInput struct {
	Token string `path:"token" doc:"邀请短信或邮件中的令牌 The token of the invitation's link"`
}

func (h *Handler) openInvitation(ctx context.Context, in *invitationInput) (*body[invitation], error) {
	inv, err := h.cases.OpenInvitation(ctx, in.Token)
	if err != nil {
		return nil, err
	}
	return &body[invitation]{Body: invitation{CaseID: inv.CaseID, Number: inv.Number, Status: caseStatusName(inv.Status),
		OrgName: inv.OrgName, DisputeType: disputeCode(inv.DisputeType), Title: inv.Title, Facts: inv.Facts, Claims: inv.Claims,
		Applicants: orEmpty(inv.Applicants), Respondent: inv.Respondent, RespDue: utcOf(inv.RespDue)}}, nil
}

// --- Calendar ---

// calendarDay is an exception to the weekly rule of working days.
type calendarDay struct {
	Date string `json:"date" doc:"YYYY-MM-DD"`
	Kind string `json:"kind" enum:"holiday,workday" doc:"holiday 工作日放假，workday 周末调休上班 holiday: a weekday off; workday: a weekend day worked"`
	Name string `json:"name" doc:"如 国庆节 e.g. 国庆节"`
}

// calendarDays lists the calendar's exceptions by date.
type calendarDays struct {
	Items []calendarDay `json:"items"`
}

type holidaysInput struct {
	Year int `query:"year" minimum:"0" maximum:"9999" doc:"年份，省略为全部 A year; absent: all"`
}

func (h *Handler) holidays(ctx context.Context, in *holidaysInput) (*body[calendarDays], error) {
	year := ""
	if in.Year > 0 {
		year = strconv.Itoa(in.Year) + "-"
	}
	ds, err := h.cases.Holidays(ctx, year)
	if err != nil {
		return nil, err
	}
	out := calendarDays{Items: make([]calendarDay, 0, len(ds))}
	for _, d := range ds {
		out.Items = append(out.Items, calendarDay{Date: d.Date, Kind: string(d.Kind), Name: d.Name})
	}
	return &body[calendarDays]{Body: out}, nil
}

// dayIn is a calendar day as the bureau enters it.
type dayIn struct {
	Kind string `json:"kind" enum:"holiday,workday"`
	Name string `json:"name,omitempty" maxLength:"200" doc:"最多 50 字 At most 50 characters"`
}

type setDayInput struct {
	Date string `path:"date" doc:"YYYY-MM-DD"`
	Body dayIn
}

func (h *Handler) setDay(ctx context.Context, in *setDayInput) (*none, error) {
	d := tiaojie.CalendarDay{Date: in.Date, Kind: tiaojie.DayKind(in.Body.Kind), Name: in.Body.Name}
	return done(h.cases.SetDay(ctx, auth.PrincipalFrom(ctx), d))
}

type dayInput struct {
	Date string `path:"date" doc:"YYYY-MM-DD"`
}

func (h *Handler) deleteDay(ctx context.Context, in *dayInput) (*none, error) {
	return done(h.cases.DeleteDay(ctx, auth.PrincipalFrom(ctx), in.Date))
}

// The case operations' descriptions, Chinese first.
const (
	descApply          = "公众以手机验证码登录后申请调解，保存为草稿（可不完整）；提交用 POST /cases/{id}/steps {\"action\": \"submit\"}。工作人员不能以公众身份申请。成功返回 201、编号与 Location。\n\nA member of the public, logged in with a phone code, applies for mediation; the application is saved as a draft, which may be incomplete; submit it with POST /cases/{id}/steps {\"action\": \"submit\"}. Staff cannot apply as the public. Answers 201 with the number and a Location header."
	descUpdateDraft    = "以整体替换草稿内容，只有申请人本人（或为其登记的窗口）可以；parties 省略时保留已填的当事人。已提交的返回 409 case.not_draft。\n\nReplaces a draft's contents; only its owner (or the desk that entered it) may. Absent parties keep the parties on record. A submitted application answers 409 case.not_draft."
	descFile           = "司法所或区司法局窗口为来访或来电的申请人登记案件（source 为 desk），或登记法院委派的案件（court），直接提交。司法所只能登记本乡镇的。成功返回 201。\n\nThe township office or the bureau files a case at the desk for a walk-in or phoned applicant (source desk) or for a court (court); it is submitted at once. A township office files only in its township. Answers 201."
	descRefer          = "联动单位（诉前委派、110 联动等）的用户移送案件，直接提交；移送单位可查看办理结果。成功返回 201。\n\nA partner agency's user refers a case (pre-litigation referral, 110 linkage and the like); it is submitted at once, and the referrer can follow the outcome. Answers 201."
	descImport         = "导入市级平台（或法院系统）分流来的案件，按 external_id 幂等：首次导入返回 201 与新案件；同一编号再次导入返回 200 与当时建立的案件，不作修改。只有区司法局可以。\n\nImports a case routed from the city-wide platform (or a court's system), idempotent by external_id: the first import answers 201 with the new case; importing the same id again answers 200 with the case made then, unchanged. The bureau only."
	descImportStatus   = "按对方平台的编号查询导入案件的办理结果（状态、结束原因、协议生效时间、卷号），供回传市级平台。未导入过与无权查看的同样返回 404。\n\nThe outcome of an imported case by the other platform's id (status, end reason, when the agreement took effect, file number), to report back to the city platform. An id never imported and a case outside the caller's scope both answer 404."
	descListCases      = "调用者范围内的案件（不含草稿），最新在前：区司法局看到全部，司法所看到本乡镇，组织管理员看到本组织，调解员看到承办的。\n\nCases within the caller's scope (drafts aside), newest first: the bureau sees all, a township office its township's, an organization's admin its organization's, a mediator those assigned to them."
	descMyCases        = "调用者自己申请的案件，以及以其登录手机号作为当事人的案件，最新在前，最多 200 件。\n\nThe cases the caller applied for and those naming the phone they logged in with as a party's, newest first, at most 200."
	descBoard          = "督办看板：调用者范围内各状态的案件数，以及已过期限、5 个工作日无进展和被退回待重新分派的案件。\n\nThe supervision board: cases per status within the caller's scope, and those past their deadline, idle for 5 working days, or back to routing."
	descFunnel         = "按调解组织统计被申请人的参与情况：被邀请、打开邀请、同意调解、达成协议、拒绝。\n\nRespondents' participation per organization: invited, opened the invitation, agreed to mediate, reached an agreement, declined."
	descCaseTaxonomy   = "案件使用的全部代码及其中英文名称：状态、步骤、办理记录动作、结束原因、来源、期限、当事人、履行情况、调解员产生方式、日历、推荐理由。\n\nEvery code of the cases with Chinese and English names: statuses, steps, history actions, end reasons, sources, deadlines, parties, performance, how mediators are chosen, calendar days, suggestion reasons."
	descGetCase        = "案件详情，按调用者在本案中的身份：当事人看不到对方的联系方式，身份证号码一律脱敏；actions 列出调用者现在可以办理的步骤，deadline 为当前期限。与本案无关的调用者得到 404。\n\nA case as the caller's part lets them see it: a party does not see the other side's contact details, and identity numbers are always masked; actions lists the steps the caller may take now, deadline the time limit that applies. A caller with no part in the case gets 404."
	descCaseHistory    = "案件的办理记录：谁、以何身份、何时、为何，最早在前。\n\nThe case's history: who, in which part, when and why, oldest first."
	descSuggestions    = "为案件推荐调解组织：受理此类纠纷的、纠纷所在乡镇的在前，其次星级高、积案少的；已退回过本案的不再推荐。\n\nOrganizations suggested for the case: those serving the dispute type, of its township first, then by stars and fewest open cases; any that declined the case are left out."
	descStep           = "办理一个生命周期步骤：submit 提交、route 分派（org_id）、accept 受理、decline 退回、reject 不予受理、withdraw 撤回、consent 同意调解、refuse 拒绝调解、unreachable 无法联系、extend 延长（until）、reopen 退回调解、terminate 终止（end_reason）、apply_confirm 申请司法确认、confirm_result 记录法院决定（confirmed）、perform 记录履行、archive 归档。拟定协议、口头协议和回访各有专门的操作。当前状态不允许返回 409 case.bad_transition。\n\nTakes a lifecycle step: submit, route (org_id), accept, decline, reject, withdraw, consent, refuse, unreachable, extend (until), reopen, terminate (end_reason), apply_confirm, confirm_result (confirmed), perform, archive. The agreement, the oral agreement and the visit have operations of their own. A step the status does not allow answers 409 case.bad_transition."
	descAssign         = "组织管理员指派调解员（或记录当事人共同选定的调解员），取代此前的指派。调解员须为本组织在册人员；被暂停或除名的不能指派。\n\nThe organization's admin assigns a mediator (or records the parties' joint choice), replacing any earlier assignment. The mediator must be an active member of the organization; a suspended or removed one never can be."
	descDeclare        = "承办调解员在调解前声明有无利益冲突：无冲突后才能拟定协议；声明有冲突即退出本案，由组织另行指派。\n\nThe assigned mediator declares any conflict of interest before mediating: with none declared they may draft the agreement; declaring one withdraws them, and the organization assigns another."
	descListRecusals   = "案件的回避申请，最早在前。\n\nThe case's recusal requests, oldest first."
	descRequestRecusal = "当事人申请承办调解员回避，须写明理由；由组织管理员决定。成功返回 201 与申请编号。\n\nA party asks that the mediator step aside, with the reason; the organization's admin decides. Answers 201 with the request's ID."
	descDecideRecusal  = "组织管理员决定回避申请；准许时调解员退出本案。\n\nThe organization's admin decides a recusal request; granting it takes the mediator off the case."
	descGetAgreement   = "案件当前的调解协议（最新一稿）及各方确认情况。尚无协议返回 404 api.case.no_agreement。\n\nThe case's current agreement (the latest draft) with the parties' confirmations. Without one: 404 api.case.no_agreement."
	descDraftAgreement = "承办调解员（已声明无利益冲突）拟定调解协议交各方确认，案件进入协议待确认；各方均确认后协议生效。\n\nThe assigned mediator, having declared no conflict, puts an agreement to the parties; the case awaits their confirmations, and the agreement takes effect once every party confirmed."
	descOralAgreement  = "承办调解员记录口头协议，记录即生效（人民调解法第二十八条）。\n\nThe assigned mediator records an oral agreement, in effect at once (People's Mediation Law Art. 28)."
	descConfirm        = "当事人（或其代理人）在线确认调解协议；最后一方确认后协议生效、案件达成协议。\n\nA party (or its agent) confirms the agreement online; with the last confirmation the agreement takes effect and the case is agreed."
	descConfirmFor     = "承办调解员记录当事人当面签字（按指印）的确认，供不能在线确认的当事人使用。\n\nThe assigned mediator records a confirmation a party gave in person (a signature on paper), for parties who cannot confirm online."
	descVisit          = "调解员或组织记录回访：协议履行情况与回访情况，案件进入已回访。\n\nThe mediator or the organization records a follow-up visit: how far the agreement was performed and what the visit found; the case is then followed up."
	descRate           = "调解结束后，当事人对调解服务评价（1–5 星），每位当事人一次。\n\nOnce mediation is over, a party rates the service (1 to 5 stars), once each."
	descInvitation     = "被申请人从邀请链接查看调解申请摘要（不含任何人的联系方式），并记录已打开。令牌错误返回 404。无需登录，按客户端地址限流。\n\nThe respondent reads the application in short from the invitation link (nobody's contact details), and the opening is recorded. A wrong token answers 404. No login; rate-limited per client address."
	descHolidays       = "区司法局维护的节假日与调休工作日，按日期排序。\n\nThe holidays and make-up working days the bureau keeps, by date."
	descSetDay         = "设置一天为放假（holiday）或调休上班（workday）。已计算的期限不变，此后的期限按新日历计算。\n\nMarks a day as a holiday or a make-up working day. Deadlines already computed stay; later ones follow the calendar."
	descDeleteDay      = "删除一天的设置，恢复按周一至周五工作。\n\nRemoves a day's setting: it follows the weekly rule again."
)
