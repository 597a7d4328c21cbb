package api

import (
	"bytes"
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/export"
	"tiaojie/internal/files"
	"tiaojie/internal/plan"
	"tiaojie/internal/route"
)

// The rollout plan (internal/plan, SPEC C14), the same operations as the
// plan pages with the same permissions: plan.view reads the board (the
// service narrows a township office to its own row), plan.manage edits
// the plan, chooses pilot townships, ticks tasks and reads the report.

const tagPlan = "plan"

// xlsxType is the content type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// planRoutes declares the plan operations.
func (h *Handler) planRoutes(a huma.API) {
	if h.plan == nil {
		return
	}
	a.OpenAPI().Tags = append(a.OpenAPI().Tags, &huma.Tag{Name: tagPlan,
		Description: "实施步骤：四个阶段与任务、分批选取的试点乡镇、由平台数据计算的进度、人工确认的任务与总结评估报告。The rollout plan: phases and tasks, pilot townships by batch, progress computed from the platform's records, tasks ticked with evidence, and the final evaluation report."})
	view, manage := tiaojie.PermPlanView, tiaojie.PermPlanManage
	get, post, put, del := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	add(h, a, op(get, "/staff/plan", "get-plan-board", tagPlan, view, "实施进度 · The progress board", descPlanBoard), h.planBoard)
	add(h, a, op(put, "/staff/plan/phases/{seq}", "update-plan-phase", tagPlan, manage, "修改阶段 · Update a phase", descPlanPhase), h.planPhase)
	add(h, a, created(op(post, "/staff/plan/phases/{seq}/tasks", "add-plan-task", tagPlan, manage, "新增任务 · Add a task", descPlanAddTask)), h.planAddTask)
	add(h, a, op(put, "/staff/plan/tasks/{id}", "update-plan-task", tagPlan, manage, "修改任务 · Update a task", descPlanUpdateTask), h.planUpdateTask)
	add(h, a, op(del, "/staff/plan/tasks/{id}", "delete-plan-task", tagPlan, manage, "删除任务 · Delete a task", descPlanDeleteTask), h.planDeleteTask)
	add(h, a, op(put, "/staff/plan/batches/{n}", "set-plan-batch", tagPlan, manage, "选取试点乡镇 · Choose a pilot batch", descPlanBatch), h.planBatch)
	add(h, a, h.upload(a, op(post, "/staff/plan/tasks/{id}/tick", "tick-plan-task", tagPlan, manage, "确认完成 · Tick a task", descPlanTick), files.Document()), h.planTick)
	add(h, a, op(post, "/staff/plan/tasks/{id}/untick", "untick-plan-task", tagPlan, manage, "撤销完成 · Untick a task", descPlanUntick), h.planUntick)
	add(h, a, binary(op(get, "/staff/plan/tasks/{id}/evidence", "get-plan-evidence", tagPlan, manage, "下载佐证材料 · Download the evidence", descPlanEvidence), docTypes...), h.planEvidence)
	add(h, a, op(get, "/staff/plan/report", "get-plan-report", tagPlan, manage, "总结评估报告 · The evaluation report", descPlanReport), h.planReport)
	add(h, a, binary(op(get, "/staff/plan/report.xlsx", "export-plan-report", tagPlan, manage, "导出总结评估报告 · Export the report", descPlanExport), xlsxType), h.planExport)
}

// planTaskOut is one task.
type planTaskOut struct {
	ID       int64  `json:"id"`
	Text     string `json:"text"`
	Owner    string `json:"owner" doc:"责任单位 The unit responsible"`
	DueOn    string `json:"due_on" format:"date"`
	Metric   string `json:"metric" enum:",sites,batch_in_home,batch_registered,district_orgs,brand" doc:"平台计算的指标，空为人工确认 The computed figure; empty for a manual task"`
	Done     bool   `json:"done"`
	Overdue  bool   `json:"overdue"`
	DoneOn   string `json:"done_on,omitempty" doc:"人工确认的完成日期 The day a manual task was ticked"`
	Note     string `json:"note,omitempty" doc:"确认说明（仅区司法局可见）The bureau's note (the bureau only)"`
	Evidence string `json:"evidence,omitempty" doc:"佐证材料文件名（仅区司法局可见）The evidence's file name (the bureau only)"`
}

// planPhaseOut is one phase with its progress.
type planPhaseOut struct {
	Seq      int           `json:"seq"`
	Name     string        `json:"name"`
	StartsOn string        `json:"starts_on" format:"date"`
	EndsOn   string        `json:"ends_on" format:"date"`
	Batch    int           `json:"batch" doc:"所选试点批次，0 为全部试点乡镇 The pilot batch; 0: every pilot township"`
	Pilots   []string      `json:"pilots" doc:"本批试点乡镇代码（仅区司法局）The batch's township codes (the bureau only)"`
	Done     int           `json:"done"`
	Percent  int           `json:"percent"`
	Overdue  int           `json:"overdue"`
	Tasks    []planTaskOut `json:"tasks"`
}

// planRowOut is one township's row.
type planRowOut struct {
	Township   string          `json:"township" doc:"乡镇代码 Township code"`
	Name       string          `json:"name"`
	Batch      int             `json:"batch" doc:"0 为非试点乡镇 0: not a pilot township"`
	Checks     map[string]bool `json:"checks" doc:"home、resident、registered、in_home"`
	Registered int             `json:"registered" doc:"登记注册的调解组织数 Registered organizations"`
	InHome     int             `json:"in_home" doc:"其中入驻培育之家的 Of them, from the incubation home"`
	Complete   bool            `json:"complete"`
}

// planFactsOut are the district-wide figures.
type planFactsOut struct {
	BaseApproved    bool `json:"base_approved"`
	DistrictOrgs    int  `json:"district_orgs"`
	Featured        int  `json:"featured"`
	FeaturedBranded int  `json:"featured_branded" doc:"具备形象标识与服务清单的选树组织 Featured organizations with a logo and a service list"`
}

// planBoardOut is the board.
type planBoardOut struct {
	Today  string         `json:"today" format:"date"`
	Full   bool           `json:"full" doc:"区司法局的完整视图 The bureau's full view"`
	Phases []planPhaseOut `json:"phases"`
	Rows   []planRowOut   `json:"rows"`
	Facts  *planFactsOut  `json:"facts,omitempty" doc:"区级数字（仅区司法局）District figures (the bureau only)"`
}

func planBoardOf(b *plan.Board) planBoardOut {
	out := planBoardOut{Today: b.Today, Full: b.Full, Phases: []planPhaseOut{}, Rows: []planRowOut{}}
	for _, ph := range b.Phases {
		po := planPhaseOut{Seq: ph.Seq, Name: ph.Name, StartsOn: ph.StartsOn, EndsOn: ph.EndsOn, Batch: ph.Batch,
			Pilots: orEmpty(ph.Pilots), Done: ph.Done, Percent: ph.Percent, Overdue: ph.Overdue, Tasks: []planTaskOut{}}
		for _, t := range ph.Tasks {
			po.Tasks = append(po.Tasks, planTaskOut{ID: t.ID, Text: t.Text, Owner: t.Owner, DueOn: t.DueOn, Metric: string(t.Metric),
				Done: t.Done, Overdue: t.Overdue, DoneOn: t.DoneOn, Note: t.Note, Evidence: t.FileName})
		}
		out.Phases = append(out.Phases, po)
	}
	for _, r := range b.Rows {
		ro := planRowOut{Township: r.Township.Code, Name: r.Township.Name, Batch: r.Batch, Checks: map[string]bool{},
			Registered: r.Facts.Registered, InHome: r.Facts.InHome, Complete: r.Complete}
		for _, c := range r.Checks {
			ro.Checks[string(c.Check)] = c.Done
		}
		out.Rows = append(out.Rows, ro)
	}
	if b.Full {
		out.Facts = &planFactsOut{BaseApproved: b.Facts.BaseApproved, DistrictOrgs: b.Facts.DistrictOrgs,
			Featured: b.Facts.Featured, FeaturedBranded: b.Facts.FeaturedBranded}
	}
	return out
}

func (h *Handler) planBoard(ctx context.Context, _ *struct{}) (*body[planBoardOut], error) {
	b, err := h.plan.Board(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	return &body[planBoardOut]{Body: planBoardOf(b)}, nil
}

type planPhaseInput struct {
	Seq  int `path:"seq" minimum:"1" doc:"阶段序号 The phase's number"`
	Body struct {
		Name     string `json:"name" maxLength:"400" doc:"阶段名称，1–100 字 The name, 1–100 characters"`
		StartsOn string `json:"starts_on" doc:"开始日期 YYYY-MM-DD The first day"`
		EndsOn   string `json:"ends_on" doc:"结束日期 YYYY-MM-DD，不早于开始日期 The last day, not before the first"`
	}
}

func (h *Handler) planPhase(ctx context.Context, in *planPhaseInput) (*none, error) {
	b := in.Body
	return done(h.plan.UpdatePhase(ctx, auth.PrincipalFrom(ctx), in.Seq, tiaojie.PlanPhaseInput{Name: b.Name, StartsOn: b.StartsOn, EndsOn: b.EndsOn}))
}

// planTaskBody is a task as the bureau writes it.
type planTaskBody struct {
	Text   string `json:"text" maxLength:"4000" doc:"任务内容，1–1000 字 The task, 1–1000 characters"`
	Owner  string `json:"owner" maxLength:"400" doc:"责任单位，1–100 字 The unit responsible"`
	DueOn  string `json:"due_on" doc:"完成期限 YYYY-MM-DD The due date"`
	Metric string `json:"metric,omitempty" required:"false" doc:"平台计算的指标（sites、batch_in_home、batch_registered、district_orgs、brand），空为人工确认 A computed figure, or empty for a manual task"`
}

func (b planTaskBody) input() tiaojie.PlanTaskInput {
	return tiaojie.PlanTaskInput{Text: b.Text, Owner: b.Owner, DueOn: b.DueOn, Metric: tiaojie.PlanMetric(b.Metric)}
}

type planAddTaskInput struct {
	Seq  int `path:"seq" minimum:"1" doc:"阶段序号 The phase's number"`
	Body planTaskBody
}

func (h *Handler) planAddTask(ctx context.Context, in *planAddTaskInput) (*body[createdID], error) {
	id, err := h.plan.AddTask(ctx, auth.PrincipalFrom(ctx), in.Seq, in.Body.input())
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type planUpdateTaskInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"任务编号 Task ID"`
	Body planTaskBody
}

func (h *Handler) planUpdateTask(ctx context.Context, in *planUpdateTaskInput) (*none, error) {
	return done(h.plan.UpdateTask(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.input()))
}

func (h *Handler) planDeleteTask(ctx context.Context, in *idPath) (*none, error) {
	return done(h.plan.DeleteTask(ctx, auth.PrincipalFrom(ctx), in.ID))
}

type planBatchInput struct {
	N    int `path:"n" doc:"批次：1、2 或 3 The batch: 1, 2 or 3"`
	Body struct {
		Townships []string `json:"townships" maxItems:"50" doc:"乡镇代码：第一批3个、第二批6个、第三批9个 Township codes: 3, 6 or 9 of them"`
	}
}

func (h *Handler) planBatch(ctx context.Context, in *planBatchInput) (*none, error) {
	return done(h.plan.SetBatch(ctx, auth.PrincipalFrom(ctx), in.N, in.Body.Townships))
}

// planTickForm is the multipart body of a tick.
type planTickForm struct {
	File   huma.FormFile `form:"file" contentType:"application/pdf,image/png,image/jpeg,application/octet-stream" doc:"佐证材料：PDF、图片或 Office 文档 The evidence: a PDF, an image or an office document"`
	Note   string        `form:"note" maxLength:"4000" doc:"完成情况说明，1–1000 字 What was done"`
	DoneOn string        `form:"done_on" required:"false" doc:"完成日期 YYYY-MM-DD，不晚于今天，空为今天 The day done, not after today; empty: today"`
}

type planTickInput struct {
	ID      int64 `path:"id" minimum:"1" doc:"任务编号 Task ID"`
	RawBody huma.MultipartFormFiles[planTickForm]
}

func (h *Handler) planTick(ctx context.Context, in *planTickInput) (*none, error) {
	f := in.RawBody.Data()
	t := plan.TickInput{Note: f.Note, DoneOn: f.DoneOn}
	if f.File.IsSet {
		defer f.File.Close()
		t.Evidence = &files.Upload{Filename: f.File.Filename, Body: f.File}
	}
	return done(h.plan.Tick(ctx, auth.PrincipalFrom(ctx), in.ID, t))
}

type planUntickInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"任务编号 Task ID"`
	Body struct {
		Reason string `json:"reason" maxLength:"4000" doc:"撤销原因，1–1000 字 Why it is reopened"`
	}
}

func (h *Handler) planUntick(ctx context.Context, in *planUntickInput) (*none, error) {
	return done(h.plan.Untick(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Reason))
}

func (h *Handler) planEvidence(ctx context.Context, in *idPath) (*download, error) {
	m, data, err := h.plan.Evidence(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &download{ContentType: m.ContentType, ContentDisposition: attachment(m.Filename), Body: data}, nil
}

// planTargetOut is one target of the report.
type planTargetOut struct {
	Code   string `json:"code" enum:"pilots,in_home,district_orgs,brand,base"`
	Name   string `json:"name" doc:"目标（中文，上报用语；其他语言按 code 翻译，Excel 导出已按 Accept-Language 翻译）The target, in Chinese as filed upward; translate it by code (the Excel export follows Accept-Language)"`
	Figure string `json:"figure"`
	Met    bool   `json:"met"`
}

// planReportOut is the evaluation report.
type planReportOut struct {
	planBoardOut
	Targets []planTargetOut `json:"targets"`
}

func (h *Handler) planReport(ctx context.Context, _ *struct{}) (*body[planReportOut], error) {
	r, err := h.plan.Report(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := planReportOut{planBoardOut: planBoardOf(r.Board), Targets: []planTargetOut{}}
	for _, t := range r.Targets {
		out.Targets = append(out.Targets, planTargetOut{Code: t.Code, Name: t.Name, Figure: t.Figure, Met: t.Met})
	}
	return &body[planReportOut]{Body: out}, nil
}

func (h *Handler) planExport(ctx context.Context, _ *struct{}) (*download, error) {
	r, err := h.plan.Report(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, r.Sheets(h.catalog.In(route.LangFrom(ctx)))...); err != nil {
		return nil, err
	}
	return &download{ContentType: xlsxType, ContentDisposition: attachment("rollout-report.xlsx"), Body: buf.Bytes()}, nil
}

// The descriptions of the plan operations, Chinese first.
const (
	descPlanBoard = "实施进度：各阶段及其任务（平台计算的任务按平台数据判断，其余为区司法局确认）、完成率与逾期任务，以及试点乡镇的检查结果（培育之家已批准、团队已入驻、已有登记注册的调解组织、登记组织已入驻培育之家）。区司法局看到全部内容；司法所只看到本乡镇一行，不含确认说明、佐证材料和区级数字。首次读取时载入实施方案的四个阶段。\n\n" +
		"The progress board: each phase with its tasks (computed from the platform's records, or ticked by the bureau), completion and overdue tasks, and the pilot townships' checks. The bureau sees everything; a township office sees its own township's row only, without notes, evidence or district figures. The policy's four phases are loaded the first time the plan is read."
	descPlanPhase      = "区司法局修改阶段名称与起止日期。日期无效或结束早于开始返回 422，不作任何修改。\n\nThe bureau renames a phase or moves its dates. Invalid dates answer 422 and change nothing."
	descPlanAddTask    = "区司法局在阶段末尾新增任务，返回 201 与编号。metric 为空是人工确认任务。\n\nThe bureau adds a task at the end of a phase; 201 with its ID. An empty metric makes a manual task."
	descPlanUpdateTask = "修改任务内容、责任单位、期限与类型。已确认完成的人工任务改为平台计算前须先撤销确认（409）。\n\nChanges a task. A ticked manual task must be unticked before it becomes computed (409)."
	descPlanDeleteTask = "删除未确认完成的任务；已确认的返回 409。\n\nDeletes a task not ticked; a ticked one answers 409."
	descPlanBatch      = "选取第 n 批试点乡镇，替换该批原有选择：第一批3个、第二批6个、第三批9个，一个乡镇只能属于一个批次。数量不符、乡镇不属于本区或已在其他批次返回 422，不作任何修改。\n\n" +
		"Chooses the pilot townships of batch n, replacing its earlier choice: 3, 6 or 9 of them, each in one batch at most. A wrong count, a township outside the district or one in another batch answers 422 and changes nothing."
	descPlanTick     = "区司法局确认人工任务完成，须附说明与佐证材料（multipart：file、note、done_on）。平台计算的任务或已确认的任务返回 409。\n\nThe bureau ticks a manual task with a note and evidence (multipart: file, note, done_on). A computed or already ticked task answers 409."
	descPlanUntick   = "撤销完成确认，须说明原因；原因、原说明与佐证材料记入审计日志。\n\nUnticks a task with a reason; the reason, the old note and the evidence are kept in the audit trail."
	descPlanEvidence = "下载任务的佐证材料（仅区司法局）。\n\nDownloads a task's evidence (the bureau only)."
	descPlanReport   = "总结评估报告：实施进度与各项目标的完成情况（仅区司法局）。\n\nThe final evaluation report: the board with the targets and their figures (the bureau only)."
	descPlanExport   = "以 Excel 导出总结评估报告：目标、阶段、任务、试点乡镇四张工作表（仅区司法局）。工作表名称、表头与标签按 Accept-Language 的语言（默认中文）。\n\nThe final evaluation report as an Excel workbook: targets, phases, tasks and pilot townships (the bureau only). Sheet names, headers and labels follow Accept-Language (Chinese by default)."
)
