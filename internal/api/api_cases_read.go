package api

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
)

// Case operations: Reading a case.

// caseView is a case as the caller may see it: the parties with what the
// caller may know of them, the caller's part, the steps they may take now
// and the deadline the case runs against.
type caseView struct {
	ID           int64            `json:"id"`
	Number       string           `json:"number" doc:"申请编号 Application number"`
	FileNo       string           `json:"file_no" doc:"卷号，受理后才有 File number, once accepted"`
	Status       caseStatusName   `json:"status"`
	Source       caseSourceName   `json:"source"`
	ExternalID   string           `json:"external_id,omitempty" doc:"导入案件在对方平台的编号 An imported case's id on its platform"`
	DisputeType  disputeCode      `json:"dispute_type"`
	Township     string           `json:"township"`
	TownshipName string           `json:"township_name"`
	Title        string           `json:"title"`
	Facts        string           `json:"facts"`
	Claims       string           `json:"claims"`
	AmountFen    *int64           `json:"amount_fen,omitempty"`
	AmountYuan   string           `json:"amount_yuan,omitempty"`
	OrgID        int64            `json:"org_id,omitempty" doc:"分派到的调解组织 The organization it is routed to"`
	OrgName      string           `json:"org_name"`
	MediatorID   int64            `json:"mediator_id,omitempty"`
	MediatorName string           `json:"mediator_name"`
	RouteReason  string           `json:"route_reason"`
	FeeFen       *int64           `json:"fee_fen,omitempty" doc:"商事调解的调解费，受理时按收费标准计算 A commercial case's fee, computed at acceptance"`
	FeeYuan      string           `json:"fee_yuan,omitempty"`
	EndReason    endReasonName    `json:"end_reason,omitempty"`
	Confirmed    *bool            `json:"confirmed,omitempty" doc:"法院是否确认了协议 Whether the court confirmed the agreement"`
	CreatedAt    time.Time        `json:"created_at"`
	SubmittedAt  *time.Time       `json:"submitted_at,omitempty"`
	RoutedAt     *time.Time       `json:"routed_at,omitempty"`
	AcceptDue    *time.Time       `json:"accept_due,omitempty"`
	AcceptedAt   *time.Time       `json:"accepted_at,omitempty"`
	RespDue      *time.Time       `json:"resp_due,omitempty"`
	ConsentAt    *time.Time       `json:"consent_at,omitempty" doc:"申请人同意自愿调解声明的时间 When the applicant accepted the declaration"`
	MediationDue *time.Time       `json:"mediation_due,omitempty"`
	AgreedAt     *time.Time       `json:"agreed_at,omitempty"`
	ConfirmDue   *time.Time       `json:"confirm_due,omitempty" doc:"申请司法确认的期限 Judicial confirmation to be applied for by"`
	VisitDue     *time.Time       `json:"visit_due,omitempty"`
	EndedAt      *time.Time       `json:"ended_at,omitempty"`
	ActivityAt   time.Time        `json:"activity_at" doc:"最近一次办理 The last activity"`
	Version      int64            `json:"version" doc:"每次变更加一 Grows with every change"`
	Parties      []caseParty      `json:"parties"`
	Caller       caseCaller       `json:"caller" doc:"调用者在本案中的身份 The caller's part in the case"`
	Actions      []caseActionName `json:"actions" doc:"调用者现在可以办理的步骤；draft_agreement、oral_agreement、visit 各有专门的操作，其余用 POST /cases/{id}/steps The steps the caller may take now; draft_agreement, oral_agreement and visit have operations of their own, the rest POST /cases/{id}/steps"`
	Deadline     *caseDeadline    `json:"deadline,omitempty" doc:"当前适用的期限 The deadline the case runs against now"`
}

// caseParty is a party or agent as the caller may see them: identity
// numbers masked; phone and e-mail only for those who may contact the
// party (its handlers, and the party itself), as on the case page.
type caseParty struct {
	ID             int64      `json:"id"`
	Side           string     `json:"side" enum:"applicant,respondent"`
	Kind           string     `json:"kind" enum:"person,org"`
	AgentFor       int64      `json:"agent_for,omitempty" doc:"代理人所代理的当事人编号 The party an agent acts for"`
	Name           string     `json:"name"`
	Gender         string     `json:"gender,omitempty"`
	Ethnicity      string     `json:"ethnicity,omitempty"`
	BirthYear      int        `json:"birth_year,omitempty"`
	Occupation     string     `json:"occupation,omitempty"`
	Address        string     `json:"address,omitempty"`
	CreditCode     string     `json:"credit_code,omitempty"`
	Representative string     `json:"representative,omitempty"`
	IDNumberMasked string     `json:"id_number_masked,omitempty" doc:"脱敏身份证号码 Masked identity number"`
	Phone          string     `json:"phone,omitempty" doc:"仅对可联系该当事人的调用者给出 Only for callers who may contact the party"`
	Email          string     `json:"email,omitempty"`
	InvitedAt      *time.Time `json:"invited_at,omitempty" doc:"被邀请参加调解 Invited to mediate"`
	OpenedAt       *time.Time `json:"opened_at,omitempty" doc:"打开了邀请 Opened the invitation"`
	JoinedAt       *time.Time `json:"joined_at,omitempty" doc:"同意调解 Agreed to mediate"`
	DeclinedAt     *time.Time `json:"declined_at,omitempty" doc:"拒绝调解 Declined to mediate"`
}

// caseCaller is the part the caller plays in a case.
type caseCaller struct {
	Roles    []string `json:"roles" doc:"applicant 申请人方，respondent 被申请人方，mediator 承办调解员，org 组织管理员，org_staff 本组织其他调解员（只读），desk 司法所或区司法局，referrer 委派单位（只读）"`
	PartyIDs []int64  `json:"party_ids" doc:"调用者本人（或其所代理）的当事人编号 The parties the caller is (or is the agent of)"`
}

// caseDeadline is the deadline a case runs against now.
type caseDeadline struct {
	Kind         string    `json:"kind" enum:"accept,respondent,mediation,confirmation,visit" doc:"名称见 /cases/taxonomy Names in /cases/taxonomy"`
	Due          time.Time `json:"due" doc:"届满时刻：最后一天结束时（北京时间午夜）The instant it falls due: the end of the last day, midnight in Beijing"`
	LastDay      string    `json:"last_day" doc:"最后一天 YYYY-MM-DD The last day"`
	Overdue      bool      `json:"overdue"`
	WorkdaysLeft int       `json:"workdays_left" doc:"剩余工作日（含今天）；已逾期为负数 Working days left, today included; negative when overdue"`
}

// deadlineOut converts a deadline; nil for none.
func (h *Handler) deadlineOut(d cases.Deadline, cal tiaojie.Calendar) *caseDeadline {
	if d.Kind == "" {
		return nil
	}
	return &caseDeadline{Kind: d.Kind, Due: d.Due.UTC(), LastDay: d.Due.In(tiaojie.Beijing()).AddDate(0, 0, -1).Format(time.DateOnly),
		Overdue: d.Overdue, WorkdaysLeft: cal.WorkdaysLeft(h.clock.Now(), d.Due)}
}

// calendar returns the working-day calendar, for deadlines.
func (h *Handler) calendar(ctx context.Context) (tiaojie.Calendar, error) {
	return h.cases.Calendar(ctx, h.db.Reader())
}

// townshipName returns a township's official name, or its code.
func (h *Handler) townshipName(code string) string {
	if t, ok := h.district.Township(code); ok {
		return t.Name
	}
	return code
}

// money writes an optional amount in fen and in yuan.
func money(fen *int64) (*int64, string) {
	if fen == nil {
		return nil, ""
	}
	return fen, yuan(tiaojie.Money(*fen))
}

func (h *Handler) caseOut(v *cases.View, cal tiaojie.Calendar) caseView {
	out := caseView{ID: v.ID, Number: v.Number, FileNo: v.FileNo, Status: caseStatusName(v.Status),
		Source: caseSourceName(v.Source), ExternalID: v.ExternalID, DisputeType: disputeCode(v.DisputeType),
		Township: v.Township, TownshipName: h.townshipName(v.Township), Title: v.Title, Facts: v.Facts, Claims: v.Claims,
		OrgID: v.OrgID, OrgName: v.OrgName, MediatorID: v.MediatorID, MediatorName: v.MediatorName,
		RouteReason: v.RouteReason, EndReason: endReasonName(v.EndReason), Confirmed: v.Confirmed,
		CreatedAt: v.CreatedAt.UTC(), SubmittedAt: utcOf(v.SubmittedAt), RoutedAt: utcOf(v.RoutedAt),
		AcceptDue: utcOf(v.AcceptDue), AcceptedAt: utcOf(v.AcceptedAt), RespDue: utcOf(v.RespDue),
		ConsentAt: utcOf(v.ConsentAt), MediationDue: utcOf(v.MediationDue), AgreedAt: utcOf(v.AgreedAt),
		ConfirmDue: utcOf(v.ConfirmDue), VisitDue: utcOf(v.VisitDue), EndedAt: utcOf(v.EndedAt),
		ActivityAt: v.ActivityAt.UTC(), Version: v.Version, Parties: make([]caseParty, 0, len(v.Parties)),
		Caller: callerOut(v.Parts), Actions: make([]caseActionName, 0, len(v.Actions)), Deadline: h.deadlineOut(v.Clock, cal)}
	out.AmountFen, out.AmountYuan = money(v.AmountFen)
	out.FeeFen, out.FeeYuan = money(v.FeeFen)
	for _, p := range v.Parties {
		out.Parties = append(out.Parties, caseParty{ID: p.ID, Side: string(p.Side), Kind: string(p.Kind), AgentFor: p.AgentFor,
			Name: p.Name, Gender: p.Gender, Ethnicity: p.Ethnicity, BirthYear: p.BirthYear, Occupation: p.Occupation,
			Address: p.Address, CreditCode: p.CreditCode, Representative: p.Representative, IDNumberMasked: p.IDNumberMasked,
			Phone: p.Phone, Email: p.Email, InvitedAt: utcOf(p.InvitedAt), OpenedAt: utcOf(p.OpenedAt),
			JoinedAt: utcOf(p.JoinedAt), DeclinedAt: utcOf(p.DeclinedAt)})
	}
	for _, a := range v.Actions {
		out.Actions = append(out.Actions, caseActionName(a))
	}
	return out
}

// callerOut lists the parts the caller plays.
func callerOut(ps cases.Parts) caseCaller {
	out := caseCaller{Roles: []string{}, PartyIDs: []int64{}}
	for _, r := range []struct {
		in   bool
		role string
	}{{len(ps.Applicant) > 0, "applicant"}, {len(ps.Respondent) > 0, "respondent"}, {ps.Mediator, "mediator"},
		{ps.Org, "org"}, {ps.OrgStaff, "org_staff"}, {ps.Desk, "desk"}, {ps.Referrer, "referrer"}} {
		if r.in {
			out.Roles = append(out.Roles, r.role)
		}
	}
	for _, id := range append(slices.Clone(ps.Applicant), ps.Respondent...) {
		if id != 0 { // the owner of a draft not yet naming them
			out.PartyIDs = append(out.PartyIDs, id)
		}
	}
	return out
}

type caseIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
}

func (h *Handler) getCase(ctx context.Context, in *caseIDInput) (*body[caseView], error) {
	v, err := h.cases.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	cal, err := h.calendar(ctx)
	if err != nil {
		return nil, err
	}
	return &body[caseView]{Body: h.caseOut(v, cal)}, nil
}

// caseEvent is one step of a case's history.
type caseEvent struct {
	ID         int64          `json:"id"`
	Action     string         `json:"action" doc:"动作，名称见 /cases/taxonomy 的 events Action; names in /cases/taxonomy events"`
	FromStatus caseStatusName `json:"from_status,omitempty"`
	ToStatus   caseStatusName `json:"to_status"`
	OrgID      int64          `json:"org_id,omitempty"`
	EndReason  endReasonName  `json:"end_reason,omitempty"`
	Reason     string         `json:"reason"`
	ActorID    int64          `json:"actor_id,omitempty"`
	Actor      string         `json:"actor" doc:"登录名，公众为脱敏手机号 Login; a member of the public's masked phone"`
	Role       string         `json:"role" doc:"办理时的身份或来源 The part acted in, or the source"`
	At         time.Time      `json:"at"`
}

// caseHistoryOut is a case's history, oldest first.
type caseHistoryOut struct {
	Items []caseEvent `json:"items"`
}

func (h *Handler) caseHistory(ctx context.Context, in *caseIDInput) (*body[caseHistoryOut], error) {
	es, err := h.cases.History(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := caseHistoryOut{Items: make([]caseEvent, 0, len(es))}
	for _, e := range es {
		out.Items = append(out.Items, caseEvent{ID: e.ID, Action: e.Action, FromStatus: caseStatusName(e.FromStatus),
			ToStatus: caseStatusName(e.ToStatus), OrgID: e.OrgID, EndReason: endReasonName(e.EndReason), Reason: e.Reason,
			ActorID: e.ActorID, Actor: e.Actor, Role: e.Role, At: e.At.UTC()})
	}
	return &body[caseHistoryOut]{Body: out}, nil
}

// --- Lists ---

// caseRow is a case in a list.
type caseRow struct {
	ID           int64          `json:"id"`
	Number       string         `json:"number"`
	FileNo       string         `json:"file_no"`
	Title        string         `json:"title"`
	Status       caseStatusName `json:"status"`
	Source       caseSourceName `json:"source"`
	DisputeType  disputeCode    `json:"dispute_type"`
	Township     string         `json:"township"`
	TownshipName string         `json:"township_name"`
	OrgName      string         `json:"org_name"`
	MediatorName string         `json:"mediator_name"`
	CreatedAt    time.Time      `json:"created_at"`
	ActivityAt   time.Time      `json:"activity_at"`
	Deadline     *caseDeadline  `json:"deadline,omitempty"`
	Idle         bool           `json:"idle" doc:"办理中且 5 个工作日无进展 Open, and nothing happened for 5 working days"`
	Returned     bool           `json:"returned" doc:"被组织退回或逾期未受理，待重新分派 Back to routing after a decline or a missed deadline"`
}

func (h *Handler) rowsOut(rs []cases.Row, cal tiaojie.Calendar) []caseRow {
	out := make([]caseRow, 0, len(rs))
	for _, r := range rs {
		out = append(out, caseRow{ID: r.ID, Number: r.Number, FileNo: r.FileNo, Title: r.Title, Status: caseStatusName(r.Status),
			Source: caseSourceName(r.Source), DisputeType: disputeCode(r.DisputeType), Township: r.Township,
			TownshipName: h.townshipName(r.Township), OrgName: r.OrgName, MediatorName: r.MediatorName,
			CreatedAt: r.CreatedAt.UTC(), ActivityAt: r.ActivityAt.UTC(), Deadline: h.deadlineOut(r.Due, cal),
			Idle: r.Idle, Returned: r.Returned})
	}
	return out
}

// caseList is a list of cases and the number of all matches.
type caseList struct {
	Items []caseRow `json:"items"`
	Total int       `json:"total"`
}

type listCasesInput struct {
	Q        string         `query:"q" maxLength:"100" doc:"申请编号、卷号或标题包含 Number, file number or title contains"`
	Status   caseStatusName `query:"status"`
	Township string         `query:"township" maxLength:"16" doc:"乡镇代码 Township code"`
	OrgID    int64          `query:"org_id" minimum:"0" doc:"调解组织编号 Organization ID"`
	Overdue  bool           `query:"overdue" doc:"只列已过期限的办理中案件 Open cases past their deadline only"`
	Offset   int            `query:"offset" minimum:"0"`
	Limit    int            `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50 Page size; default 50"`
}

func (h *Handler) listCases(ctx context.Context, in *listCasesInput) (*body[caseList], error) {
	page, err := h.cases.List(ctx, auth.PrincipalFrom(ctx), cases.Filter{Status: tiaojie.CaseStatus(in.Status),
		Township: in.Township, OrgID: in.OrgID, Overdue: in.Overdue, Q: in.Q, Limit: in.Limit, Offset: in.Offset})
	if err != nil {
		return nil, err
	}
	cal, err := h.calendar(ctx)
	if err != nil {
		return nil, err
	}
	return &body[caseList]{Body: caseList{Items: h.rowsOut(page.Rows, cal), Total: page.Total}}, nil
}

func (h *Handler) myCases(ctx context.Context, _ *none) (*body[caseList], error) {
	rows, err := h.cases.Mine(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	cal, err := h.calendar(ctx)
	if err != nil {
		return nil, err
	}
	return &body[caseList]{Body: caseList{Items: h.rowsOut(rows, cal), Total: len(rows)}}, nil
}

// statusCount is how many cases are in a status.
type statusCount struct {
	Status caseStatusName `json:"status"`
	Count  int            `json:"count"`
}

// caseBoard is the supervising office's board.
type caseBoard struct {
	Counts   []statusCount `json:"counts" doc:"各状态的案件数（不含草稿），按办理顺序 Cases per status (drafts aside), in lifecycle order"`
	Open     int           `json:"open" doc:"办理中的案件数 Open cases"`
	Overdue  []caseRow     `json:"overdue" doc:"已过期限，最多 100 件 Past their deadline, at most 100"`
	Idle     []caseRow     `json:"idle" doc:"5 个工作日无进展，最多 100 件 Idle for 5 working days, at most 100"`
	Returned []caseRow     `json:"returned" doc:"被退回待重新分派，最多 100 件 Back to routing, at most 100"`
}

type boardInput struct {
	Township string `query:"township" maxLength:"16" doc:"只看一个乡镇（区司法局）One township only (the bureau)"`
}

func (h *Handler) caseBoard(ctx context.Context, in *boardInput) (*body[caseBoard], error) {
	b, err := h.cases.Board(ctx, auth.PrincipalFrom(ctx), in.Township)
	if err != nil {
		return nil, err
	}
	cal, err := h.calendar(ctx)
	if err != nil {
		return nil, err
	}
	out := caseBoard{Open: b.Open, Overdue: h.rowsOut(b.Overdue, cal), Idle: h.rowsOut(b.Idle, cal), Returned: h.rowsOut(b.Returned, cal)}
	for _, st := range tiaojie.CaseStatuses() {
		if st != tiaojie.CaseDraft {
			out.Counts = append(out.Counts, statusCount{Status: caseStatusName(st), Count: b.Counts[st]})
		}
	}
	return &body[caseBoard]{Body: out}, nil
}

// funnelRow is the respondents' participation in one organization's
// cases.
type funnelRow struct {
	OrgID    int64  `json:"org_id"`
	OrgName  string `json:"org_name"`
	Invited  int    `json:"invited" doc:"被邀请的被申请人 Respondents invited"`
	Opened   int    `json:"opened" doc:"打开了邀请 Opened the invitation"`
	Joined   int    `json:"joined" doc:"同意调解 Agreed to mediate"`
	Agreed   int    `json:"agreed" doc:"达成协议 Reached an agreement"`
	Declined int    `json:"declined" doc:"拒绝调解 Declined"`
}

// funnel is the participation funnel per organization.
type funnel struct {
	Items []funnelRow `json:"items"`
}

func (h *Handler) caseFunnel(ctx context.Context, _ *none) (*body[funnel], error) {
	fs, err := h.cases.Funnel(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := funnel{Items: make([]funnelRow, 0, len(fs))}
	for _, f := range fs {
		out.Items = append(out.Items, funnelRow{OrgID: f.OrgID, OrgName: f.OrgName, Invited: f.Invited, Opened: f.Opened,
			Joined: f.Joined, Agreed: f.Agreed, Declined: f.Declined})
	}
	return &body[funnel]{Body: out}, nil
}

// suggestion is an organization suggested for a case, with why.
type suggestion struct {
	OrgID        int64    `json:"org_id"`
	Name         string   `json:"name"`
	Township     string   `json:"township"`
	TownshipName string   `json:"township_name"`
	Stars        int      `json:"stars"`
	Open         int      `json:"open" doc:"其办理中的案件数 Its open cases"`
	Reasons      []string `json:"reasons" doc:"推荐理由：type 受理此类纠纷，township 在纠纷所在乡镇，stars 星级高，load 当前无积案 Why: type, township, stars, load"`
}

// suggestions lists the suggested organizations, best first.
type suggestions struct {
	Items []suggestion `json:"items"`
}

type suggestionsInput struct {
	ID    int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Limit int   `query:"limit" minimum:"0" maximum:"20" doc:"最多几个，默认 5 How many, 5 by default"`
}

func (h *Handler) caseSuggestions(ctx context.Context, in *suggestionsInput) (*body[suggestions], error) {
	sg, err := h.cases.SuggestFor(ctx, auth.PrincipalFrom(ctx), in.ID, cmp.Or(in.Limit, 5))
	if err != nil {
		return nil, err
	}
	out := suggestions{Items: make([]suggestion, 0, len(sg))}
	for _, s := range sg {
		reasons := make([]string, 0, len(s.Reasons))
		for _, r := range s.Reasons {
			reasons = append(reasons, strings.TrimPrefix(r, "case.why_"))
		}
		out.Items = append(out.Items, suggestion{OrgID: s.OrgID, Name: s.Name, Township: s.Township,
			TownshipName: h.townshipName(s.Township), Stars: s.Stars, Open: s.Open, Reasons: reasons})
	}
	return &body[suggestions]{Body: out}, nil
}
