package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/files"
	"tiaojie/internal/supervision"
)

// Supervision (SPEC C8, internal/supervision): inspections and their
// rectification, annual evaluations, sanctions and rewards. Each
// operation declares the permission of the page that does the same
// thing: looking at inspections needs orgs.read and taking a step
// orgs.edit (inspectors and the inspected organization's admin both use
// them; the service decides who takes which step, and hides other
// townships' and organizations' inspections as 404); opening
// inspections, evaluating and sanctioning need supervision.manage. The
// public record of an organization's rewards and sanctions is public.

const tagSupervision = "supervision"

// supervisionRoutes declares the supervision operations.
func (h *Handler) supervisionRoutes(a huma.API) {
	if h.supervision == nil {
		return
	}
	read, edit, sup, pub := tiaojie.PermOrgsRead, tiaojie.PermOrgsEdit, tiaojie.PermSupervision, tiaojie.PermPublic
	get, post, put := http.MethodGet, http.MethodPost, http.MethodPut
	add(h, a, op(get, "/staff/inspections", "list-inspections", tagSupervision, read, "检查记录 · List inspections", descListInspections), h.listInspections)
	add(h, a, created(op(post, "/staff/inspections", "open-inspection", tagSupervision, sup, "登记检查 · Record an inspection", descOpenInspection)), h.openInspection)
	add(h, a, op(get, "/staff/inspections/{id}", "get-inspection", tagSupervision, read, "查看检查 · Get an inspection", descGetInspection), h.getInspection)
	add(h, a, op(post, "/staff/inspections/{id}/actions", "act-on-inspection", tagSupervision, edit, "整改步骤 · Take a rectification step", descActInspection), h.actOnInspection)
	add(h, a, created(h.upload(a, op(post, "/staff/inspections/{id}/evidence", "add-inspection-evidence", tagSupervision, edit, "上传检查材料 · Attach evidence", descInspectionEvidence), files.Document())), h.addInspectionEvidence)
	add(h, a, binary(op(get, "/staff/inspections/{id}/files/{key}", "get-inspection-file", tagSupervision, read, "下载检查材料 · Download evidence", descInspectionFile), docTypes...), h.inspectionFile)
	add(h, a, op(get, "/staff/inspection-checklist", "get-inspection-checklist", tagSupervision, sup, "检查清单模板 · The checklist", descGetChecklist), h.getChecklist)
	add(h, a, op(put, "/staff/inspection-checklist", "set-inspection-checklist", tagSupervision, sup, "设置检查清单模板 · Set the checklist", descSetChecklist), h.setChecklist)
	add(h, a, op(get, "/staff/evaluations", "list-evaluations", tagSupervision, sup, "年度考评 · A year's evaluations", descListEvaluations), h.listEvaluations)
	add(h, a, op(put, "/staff/evaluations", "record-evaluation", tagSupervision, sup, "登记考评 · Record an evaluation", descRecordEvaluation), h.recordEvaluation)
	add(h, a, op(get, "/staff/sanctions", "list-sanctions", tagSupervision, sup, "奖惩记录 · List sanctions and rewards", descListSanctions), h.listSanctions)
	add(h, a, created(h.upload(a, op(post, "/staff/sanctions", "record-sanction", tagSupervision, sup, "登记奖惩 · Record a sanction or reward", descRecordSanction), files.Document())), h.recordSanction)
	add(h, a, op(get, "/orgs/{id}/sanctions", "list-org-sanctions", tagDirectory, pub, "奖惩情况 · An organization's rewards and sanctions", descOrgSanctions), h.orgSanctions)
}

// supFinding is one checklist item and what was found.
type supFinding struct {
	Item   string `json:"item" maxLength:"100" doc:"检查项目，如“案件登记台账” The item"`
	Result string `json:"result" enum:"conforms,minor,serious" doc:"符合、一般问题、严重问题 Conforms, minor or serious finding"`
	Note   string `json:"note,omitempty" maxLength:"500" doc:"问题说明（发现问题时必填）What was found (required for a finding)"`
}

// inspectionOut is an inspection.
type inspectionOut struct {
	ID          int64               `json:"id"`
	OrgID       int64               `json:"org_id"`
	OrgName     string              `json:"org_name"`
	Township    string              `json:"township"`
	Kind        string              `json:"kind" enum:"planned,unannounced" doc:"计划检查或突击检查 Planned or unannounced"`
	InspectedOn string              `json:"inspected_on" format:"date"`
	ComplaintID int64               `json:"complaint_id,omitempty" doc:"来源投诉编号 The complaint it came from"`
	Summary     string              `json:"summary"`
	Status      string              `json:"status" enum:"open,rectifying,responded,verified,closed"`
	Order       string              `json:"order,omitempty" doc:"整改要求 The rectification order"`
	Deadline    string              `json:"deadline,omitempty" doc:"整改期限（最后一天）The last day to rectify"`
	Response    string              `json:"response,omitempty" doc:"组织反馈的整改情况 The organization's report"`
	Note        string              `json:"note,omitempty" doc:"验收或结案意见 The inspector's last note"`
	Overdue     bool                `json:"overdue" doc:"整改逾期 Rectifying past the deadline"`
	Inspector   string              `json:"inspector"`
	Role        string              `json:"role"`
	CreatedAt   time.Time           `json:"created_at"`
	Findings    []supFinding        `json:"findings,omitempty" doc:"仅在查看单个检查时返回 Only when getting one inspection"`
	Evidence    []evidenceIO        `json:"evidence,omitempty"`
	Steps       []inspectionStepOut `json:"steps,omitempty"`
}

// evidenceIO is a file attached to an inspection.
type evidenceIO struct {
	Key      string    `json:"key"`
	Filename string    `json:"filename"`
	Kind     string    `json:"kind" enum:"finding,response" doc:"检查取证或整改材料 Inspector's evidence or the organization's"`
	At       time.Time `json:"at"`
}

// inspectionStepOut is one step of an inspection's history.
type inspectionStepOut struct {
	Action string    `json:"action"`
	From   string    `json:"from"`
	To     string    `json:"to"`
	Text   string    `json:"text"`
	Actor  string    `json:"actor"`
	At     time.Time `json:"at"`
}

func inspectionOf(in *supervision.Inspection) inspectionOut {
	out := inspectionOut{ID: in.ID, OrgID: in.OrgID, OrgName: in.OrgName, Township: in.Township, Kind: string(in.Kind),
		InspectedOn: in.InspectedOn, ComplaintID: in.ComplaintID, Summary: in.Summary, Status: string(in.Status), Order: in.Order,
		Deadline: in.Deadline, Response: in.Response, Note: in.Note, Overdue: in.Overdue, Inspector: in.Inspector, Role: in.Role,
		CreatedAt: in.CreatedAt.UTC()}
	for _, f := range in.Findings {
		out.Findings = append(out.Findings, supFinding{Item: f.Item, Result: string(f.Result), Note: f.Note})
	}
	for _, e := range in.Evidence {
		out.Evidence = append(out.Evidence, evidenceIO{Key: e.Key, Filename: e.Filename, Kind: e.Kind, At: e.At.UTC()})
	}
	for _, s := range in.Steps {
		out.Steps = append(out.Steps, inspectionStepOut{Action: s.Action, From: string(s.From), To: string(s.To), Text: s.Text, Actor: s.Actor, At: s.At.UTC()})
	}
	return out
}

type listInspectionsInput struct {
	Org      int64  `query:"org" doc:"调解组织编号 Organization ID"`
	Township string `query:"township" doc:"乡镇代码 Township code"`
	Status   string `query:"status" doc:"状态 open、rectifying、responded、verified、closed Status"`
	Kind     string `query:"kind" doc:"检查方式 planned、unannounced Kind"`
	Overdue  bool   `query:"overdue" doc:"仅整改逾期 Overdue only"`
	From     string `query:"from" format:"date" doc:"检查日期起 Inspected from"`
	To       string `query:"to" format:"date" doc:"检查日期止 Inspected up to"`
	Q        string `query:"q" maxLength:"100" doc:"组织名称 Organization name"`
}

func (h *Handler) listInspections(ctx context.Context, in *listInspectionsInput) (*body[[]inspectionOut], error) {
	list, err := h.supervision.List(ctx, auth.PrincipalFrom(ctx), supervision.Filter{OrgID: in.Org, Township: in.Township,
		Status: tiaojie.InspectionStatus(in.Status), Kind: tiaojie.InspectionKind(in.Kind), Overdue: in.Overdue,
		From: in.From, To: in.To, Q: in.Q})
	if err != nil {
		return nil, err
	}
	out := make([]inspectionOut, 0, len(list))
	for i := range list {
		out = append(out, inspectionOf(&list[i]))
	}
	return &body[[]inspectionOut]{Body: out}, nil
}

// newInspection is an inspection to record.
type newInspection struct {
	OrgID       int64        `json:"org_id" minimum:"1"`
	Kind        string       `json:"kind" enum:"planned,unannounced"`
	InspectedOn string       `json:"inspected_on" format:"date" doc:"检查日期，不晚于今天 Not after today"`
	ComplaintID int64        `json:"complaint_id,omitempty" minimum:"0" doc:"由投诉引起时填投诉编号 The complaint it came from"`
	Summary     string       `json:"summary,omitempty" maxLength:"2000"`
	Findings    []supFinding `json:"findings" maxItems:"50" doc:"检查清单，1–50 项；清单模板见 get-inspection-checklist The checklist, 1–50 items"`
}

type openInspectionInput struct {
	Body newInspection
}

func (h *Handler) openInspection(ctx context.Context, in *openInspectionInput) (*body[createdID], error) {
	b := in.Body
	sin := supervision.InspectionInput{OrgID: b.OrgID, Kind: tiaojie.InspectionKind(b.Kind), InspectedOn: b.InspectedOn,
		ComplaintID: b.ComplaintID, Summary: b.Summary}
	for _, f := range b.Findings {
		sin.Findings = append(sin.Findings, supervision.Finding{Item: f.Item, Result: tiaojie.FindingResult(f.Result), Note: f.Note})
	}
	id, err := h.supervision.Open(ctx, auth.PrincipalFrom(ctx), sin)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

func (h *Handler) getInspection(ctx context.Context, in *idPath) (*body[inspectionOut], error) {
	got, err := h.supervision.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[inspectionOut]{Body: inspectionOf(got)}, nil
}

// inspectionStep is a step to take.
type inspectionStep struct {
	Action   string `json:"action" enum:"order,respond,return,verify,close" doc:"责令整改、提交整改情况（组织管理员）、退回、验收、结案 Order, respond (the organization's admin), return, verify, close"`
	Text     string `json:"text,omitempty" maxLength:"2000" doc:"整改要求、整改情况、退回理由（必填）或意见 The order, report or reason (required), or a note"`
	Deadline string `json:"deadline,omitempty" format:"date" doc:"整改期限（order、return）；order 不填为 20 个工作日 The last day (order, return); an order without one gets 20 working days"`
}

type actOnInspectionInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"检查编号 Inspection ID"`
	Body inspectionStep
}

func (h *Handler) actOnInspection(ctx context.Context, in *actOnInspectionInput) (*none, error) {
	return done(h.supervision.Act(ctx, auth.PrincipalFrom(ctx), in.ID, supervision.Action{
		Action: tiaojie.InspectionAction(in.Body.Action), Text: in.Body.Text, Deadline: in.Body.Deadline}))
}

type inspectionEvidenceForm struct {
	File huma.FormFile `form:"file" contentType:"application/pdf,image/png,image/jpeg,application/octet-stream" doc:"PDF、PNG 或 JPEG，最大 10 MB A PDF, PNG or JPEG of at most 10 MB"`
}

type addInspectionEvidenceInput struct {
	ID      int64 `path:"id" minimum:"1" doc:"检查编号 Inspection ID"`
	RawBody huma.MultipartFormFiles[inspectionEvidenceForm]
}

func (h *Handler) addInspectionEvidence(ctx context.Context, in *addInspectionEvidenceInput) (*body[evidenceIO], error) {
	f := in.RawBody.Data()
	up, err := requiredFile(f.File)
	if err != nil {
		return nil, err
	}
	defer f.File.Close()
	e, err := h.supervision.AddEvidence(ctx, auth.PrincipalFrom(ctx), in.ID, up)
	if err != nil {
		return nil, err
	}
	return &body[evidenceIO]{Body: evidenceIO{Key: e.Key, Filename: e.Filename, Kind: e.Kind, At: e.At.UTC()}}, nil
}

type inspectionFileInput struct {
	ID  int64  `path:"id" minimum:"1" doc:"检查编号 Inspection ID"`
	Key string `path:"key" maxLength:"200" doc:"文件键 The file's key"`
}

func (h *Handler) inspectionFile(ctx context.Context, in *inspectionFileInput) (*download, error) {
	m, data, err := h.supervision.File(ctx, auth.PrincipalFrom(ctx), in.ID, in.Key)
	if err != nil {
		return nil, err
	}
	return &download{ContentType: m.ContentType, ContentDisposition: attachment(m.Filename), Body: data}, nil
}

// supChecklist is the checklist template.
type supChecklist struct {
	Items []string `json:"items" maxItems:"50" doc:"检查项目，按顺序；为空则恢复默认清单 The items in order; empty restores the default"`
}

func (h *Handler) getChecklist(ctx context.Context, _ *none) (*body[supChecklist], error) {
	items, err := h.supervision.Checklist(ctx)
	if err != nil {
		return nil, err
	}
	return &body[supChecklist]{Body: supChecklist{Items: items}}, nil
}

type setChecklistInput struct {
	Body supChecklist
}

func (h *Handler) setChecklist(ctx context.Context, in *setChecklistInput) (*none, error) {
	return done(h.supervision.SetChecklist(ctx, auth.PrincipalFrom(ctx), in.Body.Items))
}

// evaluationIO is an annual evaluation, or the gap where one is missing.
type evaluationIO struct {
	OrgID     int64  `json:"org_id" minimum:"1"`
	OrgName   string `json:"org_name,omitempty" readOnly:"true"`
	Township  string `json:"township,omitempty" readOnly:"true"`
	Year      int    `json:"year" minimum:"2000"`
	Missing   bool   `json:"missing,omitempty" readOnly:"true" doc:"该年度未考评 Not evaluated for the year"`
	Score     int    `json:"score" doc:"0–100"`
	Grade     string `json:"grade" enum:"excellent,pass,basic,fail" doc:"优秀、合格、基本合格、不合格 The grade"`
	Remarks   string `json:"remarks,omitempty" maxLength:"2000"`
	Evaluator string `json:"evaluator,omitempty" readOnly:"true"`
}

type listEvaluationsInput struct {
	Year     int    `query:"year" minimum:"2000" required:"true" doc:"年度 The year"`
	Township string `query:"township" doc:"乡镇代码 Township code"`
}

func (h *Handler) listEvaluations(ctx context.Context, in *listEvaluationsInput) (*body[[]evaluationIO], error) {
	list, err := h.supervision.Evaluations(ctx, auth.PrincipalFrom(ctx), in.Year, in.Township)
	if err != nil {
		return nil, err
	}
	out := make([]evaluationIO, 0, len(list))
	for _, e := range list {
		out = append(out, evaluationIO{OrgID: e.OrgID, OrgName: e.OrgName, Township: e.Township, Year: e.Year, Missing: e.Missing,
			Score: e.Score, Grade: string(e.Grade), Remarks: e.Remarks, Evaluator: e.Evaluator})
	}
	return &body[[]evaluationIO]{Body: out}, nil
}

type recordEvaluationInput struct {
	Body evaluationIO
}

func (h *Handler) recordEvaluation(ctx context.Context, in *recordEvaluationInput) (*none, error) {
	b := in.Body
	return done(h.supervision.Evaluate(ctx, auth.PrincipalFrom(ctx), supervision.EvaluationInput{OrgID: b.OrgID, Year: b.Year,
		Score: b.Score, Grade: tiaojie.EvaluationGrade(b.Grade), Remarks: b.Remarks}))
}

// sanctionOut is a sanction or reward.
type sanctionOut struct {
	ID           int64  `json:"id"`
	OrgID        int64  `json:"org_id"`
	OrgName      string `json:"org_name"`
	Kind         string `json:"kind" enum:"warning,rectify,downgrade,removal,dissolve,reward" doc:"警告、责令整改、降低星级、调解员除名、建议撤销登记、表彰 The kind"`
	Title        string `json:"title,omitempty" doc:"表彰称号 A reward's title"`
	GrantedBy    string `json:"granted_by,omitempty" doc:"决定或授予机关 The deciding body"`
	DecidedOn    string `json:"decided_on" format:"date"`
	Reason       string `json:"reason,omitempty"`
	Document     string `json:"document,omitempty" doc:"决定书正文 The decision's text"`
	DocumentURL  string `json:"document_url,omitempty" doc:"决定书文件（公开）The decision document (public)"`
	StarsBefore  *int   `json:"stars_before,omitempty" doc:"降低星级前 Stars before a downgrade"`
	StarsAfter   *int   `json:"stars_after,omitempty" doc:"降低星级后，0 为无星级 Stars after; 0 for none"`
	MediatorID   int64  `json:"mediator_id,omitempty" doc:"被除名的调解员（公开记录不含）The mediator removed (not in the public record)"`
	MediatorName string `json:"mediator_name,omitempty"`
	Deadline     string `json:"deadline,omitempty" doc:"整改期限 The last day to rectify"`
	InspectionID int64  `json:"inspection_id,omitempty" doc:"作出整改决定的检查 The inspection that ordered it"`
	Role         string `json:"role" doc:"登记者的角色 The recorder's role"`
}

func sanctionOf(s supervision.Sanction) sanctionOut {
	out := sanctionOut{ID: s.ID, OrgID: s.OrgID, OrgName: s.OrgName, Kind: string(s.Kind), Title: s.Title, GrantedBy: s.GrantedBy,
		DecidedOn: s.DecidedOn, Reason: s.Reason, Document: s.Document, MediatorID: s.MediatorID, MediatorName: s.MediatorName,
		Deadline: s.Deadline, InspectionID: s.InspectionID, Role: s.Role}
	if s.FileKey != "" {
		out.DocumentURL = "/files/" + s.FileKey
	}
	if s.Kind == tiaojie.SanctionDowngrade {
		out.StarsBefore, out.StarsAfter = &s.StarsBefore, &s.StarsAfter
	}
	return out
}

type listSanctionsInput struct {
	Org  int64  `query:"org" doc:"调解组织编号 Organization ID"`
	Kind string `query:"kind" doc:"类型 Kind"`
	From string `query:"from" format:"date"`
	To   string `query:"to" format:"date"`
}

func (h *Handler) listSanctions(ctx context.Context, in *listSanctionsInput) (*body[[]sanctionOut], error) {
	list, err := h.supervision.Sanctions(ctx, auth.PrincipalFrom(ctx), supervision.SanctionFilter{OrgID: in.Org,
		Kind: tiaojie.SanctionKind(in.Kind), From: in.From, To: in.To})
	if err != nil {
		return nil, err
	}
	out := make([]sanctionOut, 0, len(list))
	for _, s := range list {
		out = append(out, sanctionOf(s))
	}
	return &body[[]sanctionOut]{Body: out}, nil
}

// sanctionForm is a sanction or reward to record, with its decision
// document as a file or as text.
type sanctionForm struct {
	File       huma.FormFile `form:"file" required:"false" contentType:"application/pdf,image/png,image/jpeg,application/octet-stream" doc:"决定书文件（可选）：PDF、PNG 或 JPEG，最大 10 MB The decision document (optional)"`
	OrgID      string        `form:"org_id" doc:"调解组织编号 Organization ID"`
	Kind       string        `form:"kind" doc:"warning、rectify、downgrade、removal、dissolve 或 reward；后三种处理仅区司法局 The kind; downgrade, removal and dissolve are the bureau's"`
	DecidedOn  string        `form:"decided_on" doc:"决定日期 YYYY-MM-DD The day decided"`
	Title      string        `form:"title" required:"false" doc:"表彰称号（表彰必填）A reward's title"`
	GrantedBy  string        `form:"granted_by" required:"false" doc:"决定或授予机关 The deciding body"`
	Reason     string        `form:"reason" required:"false" doc:"事由（处理必填）The reason (required for a sanction)"`
	Document   string        `form:"document" required:"false" doc:"决定书正文（无文件时必填）The decision's text, without a file"`
	Levels     string        `form:"levels" required:"false" doc:"降低星级数 1–5 Stars to take away"`
	MediatorID string        `form:"mediator_id" required:"false" doc:"被除名调解员编号 The mediator to remove"`
	Deadline   string        `form:"deadline" required:"false" doc:"责令整改的期限 YYYY-MM-DD The last day to rectify"`
}

type recordSanctionInput struct {
	RawBody huma.MultipartFormFiles[sanctionForm]
}

func (h *Handler) recordSanction(ctx context.Context, in *recordSanctionInput) (*body[createdID], error) {
	f := in.RawBody.Data()
	num := func(s string) int64 { n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64); return n }
	sin := supervision.SanctionInput{OrgID: num(f.OrgID), Kind: tiaojie.SanctionKind(f.Kind), DecidedOn: strings.TrimSpace(f.DecidedOn),
		Title: f.Title, GrantedBy: f.GrantedBy, Reason: f.Reason, Document: f.Document, Levels: int(num(f.Levels)),
		MediatorID: num(f.MediatorID), Deadline: strings.TrimSpace(f.Deadline)}
	var up *files.Upload
	if f.File.IsSet {
		defer f.File.Close()
		up = &files.Upload{Filename: f.File.Filename, Body: f.File}
	}
	id, err := h.supervision.Impose(ctx, auth.PrincipalFrom(ctx), sin, up)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type orgSanctionsInput struct {
	ID   int64  `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	From string `query:"from" format:"date" doc:"决定日期起 Decided from"`
	To   string `query:"to" format:"date" doc:"决定日期止 Decided up to"`
}

func (h *Handler) orgSanctions(ctx context.Context, in *orgSanctionsInput) (*body[[]sanctionOut], error) {
	if _, err := h.registry.PublicOrg(ctx, in.ID); err != nil {
		return nil, err
	}
	list, err := supervision.Record(ctx, h.db.Reader(), in.ID, in.From, in.To)
	if err != nil {
		return nil, err
	}
	out := make([]sanctionOut, 0, len(list))
	for _, s := range list {
		out = append(out, sanctionOf(s))
	}
	return &body[[]sanctionOut]{Body: out}, nil
}

// The supervision operations' descriptions, Chinese first.
const (
	descListInspections    = "检查记录，最新在前（最多 1000 条）：区司法局看全部，司法所看本乡镇，调解组织管理员看本组织。overdue 为 true 的整改已超过期限。\n\nInspections, newest first (at most 1000): the bureau sees all, a township office its township's, an organization's admin their own. overdue marks a rectification past its deadline."
	descOpenInspection     = "登记一次检查（计划或突击）及其检查清单的结果。区司法局可检查任何组织，司法所仅本乡镇的组织；其他乡镇的组织返回 404。可填来源投诉编号。\n\nRecords an inspection (planned or unannounced) with its checklist. The bureau inspects any organization, a township office its township's; another township's answers 404. complaint_id links the complaint it came from."
	descGetInspection      = "检查详情：检查清单结果、材料、办理记录。\n\nAn inspection with its findings, evidence and history."
	descActInspection      = "整改流程的一步：order（责令整改，组织转为“整改”状态）、respond（组织管理员提交整改情况）、return（退回）、verify（验收）、close（结案；该组织最后一项整改结案时恢复“正常”）。order 与 close 改变组织状态，令牌还须有 orgs.lifecycle。不允许的步骤返回 409。\n\nA step of the rectification: order (the organization turns 整改), respond (the organization's admin), return, verify, close (the organization is back to 正常 when its last rectification closes). order and close step the organization's lifecycle, so a token also needs orgs.lifecycle. A step not allowed now answers 409."
	descInspectionEvidence = "上传照片或扫描件：检查人在结案前上传取证材料，组织管理员在整改中上传整改材料。\n\nAttaches a photo or scan: the inspector's evidence until closing, the organization admin's while rectifying."
	descInspectionFile     = "下载检查材料，仅限能查看该检查的用户。\n\nDownloads an evidence file, for those who may see the inspection."
	descGetChecklist       = "新建检查时使用的检查清单模板（区司法局设置，未设置时为默认清单）。\n\nThe checklist a new inspection offers: the bureau's template, or the default."
	descSetChecklist       = "设置检查清单模板（仅区司法局）。\n\nSets the checklist template (the bureau only)."
	descListEvaluations    = "某年度范围内全部在册组织的考评，未考评的标记 missing。\n\nA year's evaluations of every serving organization in scope, the missing ones flagged."
	descRecordEvaluation   = "登记或更正某组织某年度的考评（得分 0–100，等次）。区司法局或所在乡镇司法所。\n\nRecords or corrects an organization's evaluation for a year (score 0–100 and grade): the bureau or its township office."
	descListSanctions      = "范围内的奖惩记录，最新在前；降低星级记录前后星级。\n\nSanctions and rewards in scope, newest first; a downgrade keeps the stars before and after."
	descRecordSanction     = "登记处理或表彰及其决定书（文件或正文）。司法所可对本乡镇组织登记警告、责令整改、表彰；降低星级、调解员除名、建议撤销登记仅区司法局（司法所返回 403）。降低星级立即生效；除名经调解员名册办理。\n\nRecords a sanction or reward with its decision (a file or its text). A township office records warnings, rectification orders and rewards for its township's organizations; downgrades, removals and dissolution recommendations are the bureau's alone (403). A downgrade takes effect at once; a removal goes through the roster."
	descOrgSanctions       = "调解组织的奖惩情况（公开），可按决定日期筛选，如某一年度。不含被除名调解员的姓名。无需登录。\n\nAn organization's public record of rewards and sanctions, optionally for a period such as a year. Removed mediators are not named. No login needed."
)
