package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/association"
	"tiaojie/internal/auth"
	"tiaojie/internal/complaints"
)

// Complaints (SPEC C8/C10, internal/complaints) and the industry
// association (C10, internal/association). Each operation declares the
// permission of the page that does the same thing: the public files and
// follows complaints with a login (self; the service shows each their own
// and hides the others' as 404), handlers work their queue with
// complaints.handle (the service narrows it to their township or to the
// association), the association keeps its register with
// association.manage and an organization's admin applies with orgs.edit.

const (
	tagComplaints  = "complaints"
	tagAssociation = "association"
)

// complaintRoutes declares the complaint and association operations.
func (h *Handler) complaintRoutes(a huma.API) {
	self, handle, read := tiaojie.PermSelf, tiaojie.PermComplaints, tiaojie.PermOrgsRead
	get, post := http.MethodGet, http.MethodPost
	if h.complaints != nil {
		add(h, a, created(op(post, "/complaints", "file-complaint", tagComplaints, self, "提交投诉 · File a complaint", descFileComplaint)), h.fileComplaint)
		add(h, a, op(get, "/my/complaints", "list-my-complaints", tagComplaints, self, "我的投诉 · My complaints", descMyComplaints), h.myComplaints)
		add(h, a, op(get, "/complaints/{id}", "get-complaint", tagComplaints, self, "查看投诉 · Get a complaint", descGetComplaint), h.getComplaint)
		add(h, a, op(post, "/complaints/{id}/actions", "act-on-complaint", tagComplaints, self, "办理投诉 · Take a step on a complaint", descActComplaint), h.actOnComplaint)
		add(h, a, op(get, "/staff/complaints", "list-complaints", tagComplaints, handle, "投诉处理队列 · The complaints queue", descListComplaints), h.listComplaints)
		add(h, a, op(post, "/staff/complaints/{id}/reveal", "reveal-complainant-phone", tagComplaints, handle, "查看投诉人完整号码 · Reveal the complainant's phone", descRevealComplainant), h.revealComplainant)
		add(h, a, op(get, "/staff/orgs/{id}/complaints", "list-org-complaints", tagComplaints, read, "组织的投诉处理结果 · An organization's complaint outcomes", descOrgComplaints), h.orgComplaints)
	}
	if h.association != nil {
		add(h, a, op(get, "/association/members", "list-association-members", tagAssociation, tiaojie.PermPublic, "行业协会会员名录 · The association's members", descMembers), h.members)
		add(h, a, op(get, "/staff/association", "list-memberships", tagAssociation, tiaojie.PermAssociation, "会员与入会申请 · Memberships and applications", descMemberships), h.memberships)
		add(h, a, op(get, "/staff/association/{id}", "get-membership", tagAssociation, read, "组织的会员情况 · An organization's membership", descMembership), h.membership)
		add(h, a, op(post, "/staff/association/{id}/apply", "apply-membership", tagAssociation, tiaojie.PermOrgsEdit, "申请入会 · Apply for membership", descApplyMembership), h.applyMembership)
		add(h, a, op(post, "/staff/association/{id}/decide", "decide-membership", tagAssociation, tiaojie.PermAssociation, "接纳、不予接纳或恢复会员 · Admit, decline or reinstate", descDecide), h.decideMembership)
		add(h, a, created(op(post, "/staff/association/{id}/measures", "record-measure", tagAssociation, tiaojie.PermAssociation, "记录自律措施 · Record a measure", descMeasure)), h.recordMeasure)
	}
}

// complaintOut is a complaint as its reader may see it.
type complaintOut struct {
	ID              int64      `json:"id"`
	Number          string     `json:"number" doc:"投诉编号 The complaint's number"`
	OrgID           int64      `json:"org_id"`
	OrgName         string     `json:"org_name"`
	MediatorID      int64      `json:"mediator_id,omitempty"`
	MediatorName    string     `json:"mediator_name,omitempty"`
	ComplainantName string     `json:"complainant_name"`
	PhoneMasked     string     `json:"phone_masked"`
	Title           string     `json:"title"`
	Content         string     `json:"content"`
	Request         string     `json:"request"`
	Handler         string     `json:"handler" enum:"township,association,bureau" doc:"承办机关 Who handles it"`
	HandlerTownship string     `json:"handler_township,omitempty"`
	Status          string     `json:"status" enum:"filed,acknowledged,investigating,answered,closed,rejected,withdrawn"`
	Outcome         string     `json:"outcome" enum:",upheld,partly_upheld,not_upheld"`
	Answer          string     `json:"answer"`
	Notice          string     `json:"notice,omitempty" doc:"告知被投诉组织的意见（仅处理机关可见）The notice to the organization (handlers only)"`
	Reason          string     `json:"reason,omitempty"`
	FiledAt         time.Time  `json:"filed_at"`
	DueAt           time.Time  `json:"due_at" doc:"答复期限 The answer is due before this time"`
	AnsweredAt      *time.Time `json:"answered_at,omitempty"`
	Overdue         bool       `json:"overdue"`
	Actions         []string   `json:"actions,omitempty" doc:"调用者现在可以办理的步骤（仅查看单个投诉时）The steps the caller may take now"`
	Steps           []stepOut  `json:"steps,omitempty"`
}

// stepOut is one step of a complaint.
type stepOut struct {
	Action string    `json:"action"`
	To     string    `json:"to"`
	Note   string    `json:"note,omitempty"`
	Actor  string    `json:"actor,omitempty"`
	At     time.Time `json:"at"`
}

func complaintOf(c *complaints.Complaint) complaintOut {
	out := complaintOut{ID: c.ID, Number: c.Number, OrgID: c.OrgID, OrgName: c.OrgName, MediatorID: c.MediatorID,
		MediatorName: c.MediatorName, ComplainantName: c.ComplainantName, PhoneMasked: c.PhoneMasked, Title: c.Title,
		Content: c.Content, Request: c.Request, Handler: string(c.Handler), HandlerTownship: c.HandlerTownship,
		Status: string(c.Status), Outcome: string(c.Outcome), Answer: c.Answer, Notice: c.Notice, Reason: c.Reason,
		FiledAt: c.FiledAt.UTC(), DueAt: c.DueAt.UTC(), Overdue: c.Overdue}
	if c.AnsweredAt != nil {
		t := c.AnsweredAt.UTC()
		out.AnsweredAt = &t
	}
	for _, a := range c.Actions {
		out.Actions = append(out.Actions, string(a))
	}
	for _, s := range c.Steps {
		out.Steps = append(out.Steps, stepOut{Action: s.Action, To: string(s.To), Note: s.Note, Actor: s.Actor, At: s.At.UTC()})
	}
	return out
}

type fileComplaintInput struct {
	Body struct {
		OrgID      int64  `json:"org_id" minimum:"1" doc:"被投诉的调解组织 The organization complained about"`
		MediatorID int64  `json:"mediator_id,omitempty" doc:"被投诉的调解员（须为该组织在册调解员），不填为投诉组织本身 The mediator, on that organization's roster; none: the organization"`
		Name       string `json:"name" maxLength:"200" doc:"投诉人姓名 Your name"`
		Phone      string `json:"phone,omitempty" maxLength:"40" doc:"联系电话，不填使用登录手机号 Phone; none: the login's"`
		Title      string `json:"title" maxLength:"400" doc:"投诉事由 Subject"`
		Content    string `json:"content" maxLength:"8000" doc:"具体事实 What happened"`
		Request    string `json:"request,omitempty" maxLength:"4000" doc:"投诉请求 What you ask for"`
	}
}

func (h *Handler) fileComplaint(ctx context.Context, in *fileComplaintInput) (*body[createdID], error) {
	b := in.Body
	id, err := h.complaints.File(ctx, auth.PrincipalFrom(ctx), complaints.Input{OrgID: b.OrgID, MediatorID: b.MediatorID,
		Name: b.Name, Phone: b.Phone, Title: b.Title, Content: b.Content, Request: b.Request})
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

// complaintList is a list of complaints.
type complaintList struct {
	Items []complaintOut `json:"items"`
}

func listOf(list []complaints.Complaint) complaintList {
	out := complaintList{Items: make([]complaintOut, 0, len(list))}
	for i := range list {
		out.Items = append(out.Items, complaintOf(&list[i]))
	}
	return out
}

func (h *Handler) myComplaints(ctx context.Context, _ *none) (*body[complaintList], error) {
	list, err := h.complaints.Mine(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	return &body[complaintList]{Body: listOf(list)}, nil
}

func (h *Handler) getComplaint(ctx context.Context, in *idPath) (*body[complaintOut], error) {
	c, err := h.complaints.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[complaintOut]{Body: complaintOf(c)}, nil
}

type actComplaintInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Action   string `json:"action" enum:"acknowledge,investigate,answer,close,reject,withdraw,reassign" doc:"步骤 The step"`
		Outcome  string `json:"outcome,omitempty" enum:",upheld,partly_upheld,not_upheld" doc:"答复时的调查结论 The finding, with an answer"`
		Text     string `json:"text,omitempty" maxLength:"8000" doc:"答复意见；不予受理、改派的理由；其他步骤的说明 The answer; the reason to reject or reassign; a note"`
		Notice   string `json:"notice,omitempty" maxLength:"8000" doc:"答复时告知被投诉组织的意见 With an answer, what to tell the organization"`
		Handler  string `json:"handler,omitempty" enum:",township,association,bureau" doc:"改派给 Reassign to"`
		Township string `json:"township,omitempty" doc:"改派给司法所时的乡镇代码 The township, when reassigning to a township office"`
	}
}

func (h *Handler) actOnComplaint(ctx context.Context, in *actComplaintInput) (*body[complaintOut], error) {
	p, b := auth.PrincipalFrom(ctx), in.Body
	err := h.complaints.Act(ctx, p, in.ID, complaints.StepInput{ComplaintStep: tiaojie.ComplaintStep{
		Action: tiaojie.ComplaintAction(b.Action), Outcome: tiaojie.ComplaintOutcome(b.Outcome), Text: b.Text, Notice: b.Notice},
		Handler: tiaojie.ComplaintHandler(b.Handler), Township: b.Township})
	if err != nil {
		return nil, err
	}
	c, err := h.complaints.Get(ctx, p, in.ID)
	if err != nil {
		return nil, err
	}
	return &body[complaintOut]{Body: complaintOf(c)}, nil
}

type listComplaintsInput struct {
	Status  string `query:"status" enum:",filed,acknowledged,investigating,answered,closed,rejected,withdrawn"`
	Outcome string `query:"outcome" enum:",upheld,partly_upheld,not_upheld"`
	Open    bool   `query:"open" doc:"仅待答复 Awaiting an answer only"`
	Overdue bool   `query:"overdue" doc:"仅已逾期 Overdue only"`
	Org     int64  `query:"org" doc:"被投诉组织 The organization"`
	Q       string `query:"q" maxLength:"100" doc:"事由或组织名称 In the subject or the organization's name"`
}

func (h *Handler) listComplaints(ctx context.Context, in *listComplaintsInput) (*body[complaintList], error) {
	list, err := h.complaints.List(ctx, auth.PrincipalFrom(ctx), complaints.Filter{Status: tiaojie.ComplaintStatus(in.Status),
		Outcome: tiaojie.ComplaintOutcome(in.Outcome), Open: in.Open, Overdue: in.Overdue, OrgID: in.Org, Q: in.Q})
	if err != nil {
		return nil, err
	}
	return &body[complaintList]{Body: listOf(list)}, nil
}

type revealComplainantInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Purpose string `json:"purpose" maxLength:"800" doc:"查看用途（记入审计日志）Why (audited)"`
	}
}

type revealedPhone struct {
	Phone string `json:"phone"`
}

func (h *Handler) revealComplainant(ctx context.Context, in *revealComplainantInput) (*body[revealedPhone], error) {
	phone, err := h.complaints.RevealPhone(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Purpose)
	if err != nil {
		return nil, err
	}
	return &body[revealedPhone]{Body: revealedPhone{Phone: phone}}, nil
}

// orgComplaintOut is a complaint as the organization sees it.
type orgComplaintOut struct {
	ID           int64     `json:"id"`
	Number       string    `json:"number"`
	MediatorName string    `json:"mediator_name,omitempty"`
	Outcome      string    `json:"outcome" enum:"upheld,partly_upheld,not_upheld"`
	Notice       string    `json:"notice"`
	FiledAt      time.Time `json:"filed_at"`
	AnsweredAt   time.Time `json:"answered_at"`
}

type orgComplaintList struct {
	Items []orgComplaintOut `json:"items"`
}

func (h *Handler) orgComplaints(ctx context.Context, in *idPath) (*body[orgComplaintList], error) {
	list, err := h.complaints.ForOrg(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := orgComplaintList{Items: make([]orgComplaintOut, 0, len(list))}
	for _, c := range list {
		out.Items = append(out.Items, orgComplaintOut{ID: c.ID, Number: c.Number, MediatorName: c.MediatorName,
			Outcome: string(c.Outcome), Notice: c.Notice, FiledAt: c.FiledAt.UTC(), AnsweredAt: c.AnsweredAt.UTC()})
	}
	return &body[orgComplaintList]{Body: out}, nil
}

// membershipOut is an organization's membership.
type membershipOut struct {
	OrgID       int64        `json:"org_id"`
	OrgName     string       `json:"org_name"`
	Township    string       `json:"township"`
	Status      string       `json:"status" enum:",applied,member,declined,suspended,cancelled" doc:"空为未申请 Empty: never applied"`
	MemberSince string       `json:"member_since,omitempty" doc:"入会日期 YYYY-MM-DD"`
	Statement   string       `json:"statement,omitempty"`
	AppliedAt   *time.Time   `json:"applied_at,omitempty"`
	Reason      string       `json:"reason,omitempty"`
	Measures    []measureOut `json:"measures,omitempty"`
}

// measureOut is a self-discipline measure.
type measureOut struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind" enum:"talk,criticism,suspend,cancel"`
	Reason    string `json:"reason"`
	DecidedOn string `json:"decided_on" format:"date"`
	Recorder  string `json:"recorder"`
}

func membershipOf(m *association.Membership) membershipOut {
	out := membershipOut{OrgID: m.OrgID, OrgName: m.OrgName, Township: m.Township, Status: string(m.Status),
		MemberSince: m.MemberSince, Statement: m.Statement, Reason: m.Reason}
	if !m.AppliedAt.IsZero() {
		t := m.AppliedAt.UTC()
		out.AppliedAt = &t
	}
	for _, x := range m.Measures {
		out.Measures = append(out.Measures, measureOut{ID: x.ID, Kind: string(x.Kind), Reason: x.Reason, DecidedOn: x.DecidedOn, Recorder: x.Recorder})
	}
	return out
}

type membershipList struct {
	Items []membershipOut `json:"items"`
}

func membershipsOf(list []association.Membership) membershipList {
	out := membershipList{Items: make([]membershipOut, 0, len(list))}
	for i := range list {
		out.Items = append(out.Items, membershipOf(&list[i]))
	}
	return out
}

func (h *Handler) members(ctx context.Context, _ *none) (*body[membershipList], error) {
	list, err := h.association.Register(ctx)
	if err != nil {
		return nil, err
	}
	return &body[membershipList]{Body: membershipsOf(list)}, nil
}

type membershipsInput struct {
	Status string `query:"status" enum:",applied,member,declined,suspended,cancelled"`
	Q      string `query:"q" maxLength:"100"`
}

func (h *Handler) memberships(ctx context.Context, in *membershipsInput) (*body[membershipList], error) {
	list, err := h.association.List(ctx, auth.PrincipalFrom(ctx), association.Filter{Status: tiaojie.MemberStatus(in.Status), Q: in.Q})
	if err != nil {
		return nil, err
	}
	return &body[membershipList]{Body: membershipsOf(list)}, nil
}

func (h *Handler) membership(ctx context.Context, in *idPath) (*body[membershipOut], error) {
	m, err := h.association.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[membershipOut]{Body: membershipOf(m)}, nil
}

type applyInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Body struct {
		Statement string `json:"statement" maxLength:"4000" doc:"入会申请 The application"`
	}
}

func (h *Handler) applyMembership(ctx context.Context, in *applyInput) (*body[membershipOut], error) {
	p := auth.PrincipalFrom(ctx)
	if err := h.association.Apply(ctx, p, in.ID, in.Body.Statement); err != nil {
		return nil, err
	}
	return h.membership(ctx, &idPath{ID: in.ID})
}

type decideInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Body struct {
		Action string `json:"action" enum:"admit,decline,reinstate"`
		Reason string `json:"reason,omitempty" maxLength:"4000" doc:"不予接纳的理由 Why declined"`
	}
}

func (h *Handler) decideMembership(ctx context.Context, in *decideInput) (*body[membershipOut], error) {
	if err := h.association.Decide(ctx, auth.PrincipalFrom(ctx), in.ID, tiaojie.MemberAction(in.Body.Action), in.Body.Reason); err != nil {
		return nil, err
	}
	return h.membership(ctx, &idPath{ID: in.ID})
}

type measureInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Body struct {
		Kind      string `json:"kind" enum:"talk,criticism,suspend,cancel" doc:"提醒谈话、通报批评、暂停会员资格、取消会员资格"`
		Reason    string `json:"reason" maxLength:"4000"`
		DecidedOn string `json:"decided_on,omitempty" format:"date" doc:"决定日期，不填为今天 The day decided; none: today"`
	}
}

func (h *Handler) recordMeasure(ctx context.Context, in *measureInput) (*body[createdID], error) {
	mi := association.MeasureInput{Kind: tiaojie.MeasureKind(in.Body.Kind), Reason: in.Body.Reason}
	if in.Body.DecidedOn != "" {
		d, err := dateIn("decided_on", in.Body.DecidedOn)
		if err != nil {
			return nil, err
		}
		mi.DecidedOn = d
	}
	id, err := h.association.RecordMeasure(ctx, auth.PrincipalFrom(ctx), in.ID, mi)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

// The descriptions of the operations, Chinese first.
const (
	descFileComplaint     = "以登录用户（手机验证码登录）的名义投诉调解组织或其调解员；不受理匿名投诉。调解员须为该组织的在册调解员，否则返回 422 且不保存。投诉按组织类型与所在乡镇转交司法所、调解行业协会或区司法局，答复期限按区司法局设定的工作日数计算。投诉人身份不向被投诉组织公开。\n\nFiles a complaint about an organization or one of its mediators in the name of the logged-in user; anonymous complaints are not taken. A mediator not on the organization's roster answers 422 and nothing is saved. The complaint is routed by the organization's type and township to the township office, the industry association or the district bureau; the answer is due within the bureau's set working days. The organization is never told who complained."
	descMyComplaints      = "调用者本人提交的投诉，最新在前，含状态与答复。\n\nThe caller's own complaints, newest first, with status and answer."
	descGetComplaint      = "投诉人本人、承办机关及区司法局可以查看；其他人（包括被投诉组织）返回 404。actions 列出调用者现在可以办理的步骤。\n\nThe complainant, the handler and the district bureau may read it; anyone else (the organization complained about included) gets 404. actions lists the steps the caller may take now."
	descActComplaint      = "办理投诉：承办机关受理、调查核实、答复（须给出结论与答复意见）、办结或不予受理（须说明理由）；投诉人在答复前可以撤回，答复后可以办结；区司法局可以改派。不允许的步骤返回 409，无权办理返回 403。\n\nTakes a step: the handler accepts, investigates, answers (with a finding and the answer), closes or rejects (with a reason); the complainant may withdraw before the answer and close after it; the district bureau may reassign. A step not allowed now answers 409; one the caller may not take, 403."
	descListComplaints    = "承办机关的投诉队列：司法所看到本乡镇的，调解行业协会看到商事调解组织的，区司法局看到全部。待答复的按期限在前。投诉人电话已脱敏。\n\nThe handler's queue: a township office sees its township's complaints, the industry association those about commercial organizations, the district bureau all. Open complaints first by deadline. Phones are masked."
	descRevealComplainant = "向承办机关显示投诉人的完整电话，须说明用途，记入审计日志。\n\nShows the handler the complainant's full phone number, for a stated purpose that is audited."
	descOrgComplaints     = "已答复的针对该组织的投诉：调查结论与处理机关告知组织的意见。不含投诉人身份与投诉内容。\n\nThe answered complaints about the organization: the finding and what the handler told the organization. Never who complained nor what they wrote."
	descMembers           = "调解行业协会的会员名录（含暂停会员资格的单位）。无需登录。\n\nThe industry association's members (suspended members included). No login needed."
	descMemberships       = "协会的全部会员记录与入会申请，申请中的在前。\n\nEvery membership record and application, applications first."
	descMembership        = "组织的会员状态、入会申请与自律措施。协会、组织本身、所在乡镇司法所与区司法局可以查看。\n\nThe organization's membership, application and measures, for the association, the organization, its township office and the district bureau."
	descApplyMembership   = "组织管理员为本组织申请入会。从未申请、未被接纳或已被取消会员资格的组织可以申请。\n\nThe organization's admin applies for membership: possible when it never applied, was declined, or had its membership cancelled."
	descDecide            = "协会接纳或不予接纳（须说明理由）入会申请，或恢复被暂停的会员资格。\n\nThe association admits or declines (with a reason) an application, or reinstates a suspended member."
	descMeasure           = "对会员采取行业自律措施：提醒谈话、通报批评、暂停会员资格或取消会员资格（后两者改变会员状态）。须说明理由。\n\nRecords a self-discipline measure against a member: a reminder talk, circulated criticism, suspension or cancellation (the last two change the membership). A reason is required."
)
