package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/disclosure"
)

// Information disclosure (internal/disclosure, SPEC C8), the same rules as
// the pages: an organization's admin drafts, saves, files and corrects;
// supervisors read the overview of a year and require ad-hoc disclosures;
// anyone reads the filed versions of a public organization.

const tagDisclosure = "disclosure"

// disclosureRoutes declares the disclosure operations; each declares the
// permission of the page doing the same thing.
func (h *Handler) disclosureRoutes(a huma.API) {
	if h.disclosure == nil {
		return
	}
	read, file, supervise, pub := tiaojie.PermOrgsRead, tiaojie.PermDisclosure, tiaojie.PermSupervision, tiaojie.PermPublic
	get, post, put := http.MethodGet, http.MethodPost, http.MethodPut
	add(h, a, op(get, "/staff/disclosures", "list-disclosure-overview", tagDisclosure, supervise, "信息公开情况 · Disclosure overview", descDisclosureOverview), h.disclosureOverview)
	add(h, a, created(op(post, "/staff/disclosures/adhoc", "require-adhoc-disclosure", tagDisclosure, supervise, "要求公开重大事项 · Require a disclosure", descRequireAdhoc)), h.requireAdhoc)
	add(h, a, op(get, "/staff/orgs/{id}/disclosures", "list-org-disclosures", tagDisclosure, read, "组织的信息公开记录 · An organization's disclosures", descOrgDisclosures), h.orgDisclosures)
	add(h, a, created(op(post, "/staff/orgs/{id}/disclosures", "start-annual-disclosure", tagDisclosure, file, "填报年度信息公开 · Start an annual disclosure", descStartDisclosure)), h.startDisclosure)
	add(h, a, op(get, "/staff/disclosures/{id}", "get-disclosure", tagDisclosure, read, "查看信息公开 · Get a disclosure", descGetDisclosure), h.getDisclosure)
	add(h, a, op(put, "/staff/disclosures/{id}", "save-disclosure", tagDisclosure, file, "保存草稿 · Save a draft", descSaveDisclosure), h.saveDisclosure)
	add(h, a, op(post, "/staff/disclosures/{id}/file", "file-disclosure", tagDisclosure, file, "提交并公开 · File a disclosure", descFileDisclosure), h.fileDisclosure)
	add(h, a, created(op(post, "/staff/disclosures/{id}/correct", "correct-disclosure", tagDisclosure, file, "更正 · Correct a disclosure", descCorrectDisclosure)), h.correctDisclosure)
	add(h, a, op(get, "/orgs/{id}/disclosures", "list-public-disclosures", tagDirectory, pub, "组织公开的信息 · An organization's filed disclosures", descPublicDisclosures), h.publicDisclosures)
}

// disclosureMoney are the amounts, in fen.
type disclosureMoney struct {
	IncomeGov      int64 `json:"income_gov" minimum:"0" required:"false" doc:"收入：政府购买服务（分）Income: government purchase, fen"`
	IncomeDonation int64 `json:"income_donation" minimum:"0" required:"false" doc:"收入：捐赠（分）Income: donations, fen"`
	IncomeFees     int64 `json:"income_fees" minimum:"0" required:"false" doc:"收入：收费（分）Income: fees, fen"`
	IncomeOther    int64 `json:"income_other" minimum:"0" required:"false" doc:"收入：其他（分）Income: other, fen"`
	SpendStaff     int64 `json:"spend_staff" minimum:"0" required:"false" doc:"支出：人员（分）Expenditure: staff, fen"`
	SpendOffice    int64 `json:"spend_office" minimum:"0" required:"false" doc:"支出：办公（分）Expenditure: office, fen"`
	SpendActivity  int64 `json:"spend_activity" minimum:"0" required:"false" doc:"支出：业务活动（分）Expenditure: activities, fen"`
	SpendOther     int64 `json:"spend_other" minimum:"0" required:"false" doc:"支出：其他（分）Expenditure: other, fen"`
}

func moneyIn(m disclosureMoney) tiaojie.DisclosureMoney {
	return tiaojie.DisclosureMoney{IncomeGov: tiaojie.Money(m.IncomeGov), IncomeDonation: tiaojie.Money(m.IncomeDonation),
		IncomeFees: tiaojie.Money(m.IncomeFees), IncomeOther: tiaojie.Money(m.IncomeOther), SpendStaff: tiaojie.Money(m.SpendStaff),
		SpendOffice: tiaojie.Money(m.SpendOffice), SpendActivity: tiaojie.Money(m.SpendActivity), SpendOther: tiaojie.Money(m.SpendOther)}
}

func moneyOut(m tiaojie.DisclosureMoney) disclosureMoney {
	return disclosureMoney{IncomeGov: int64(m.IncomeGov), IncomeDonation: int64(m.IncomeDonation), IncomeFees: int64(m.IncomeFees),
		IncomeOther: int64(m.IncomeOther), SpendStaff: int64(m.SpendStaff), SpendOffice: int64(m.SpendOffice),
		SpendActivity: int64(m.SpendActivity), SpendOther: int64(m.SpendOther)}
}

// disclosureOut is one version.
type disclosureOut struct {
	ID           int64                  `json:"id"`
	OrgID        int64                  `json:"org_id"`
	OrgName      string                 `json:"org_name"`
	Year         int                    `json:"year"`
	Kind         string                 `json:"kind" enum:"annual,adhoc"`
	Status       string                 `json:"status" enum:"draft,filed"`
	Version      int                    `json:"version"`
	Superseded   bool                   `json:"superseded" doc:"已被更正版本取代 A later version was filed"`
	Subject      string                 `json:"subject,omitempty" doc:"重大事项 The ad-hoc request's subject"`
	Due          string                 `json:"due" format:"date" doc:"截止日（北京时间）The last day, Beijing time"`
	FiledAt      *time.Time             `json:"filed_at,omitempty"`
	Structure    string                 `json:"structure"`
	Persons      string                 `json:"persons"`
	Money        disclosureMoney        `json:"money"`
	IncomeFen    int64                  `json:"income_total"`
	SpendingFen  int64                  `json:"spending_total"`
	Services     string                 `json:"services"`
	Cases        disclosure.CaseFigures `json:"cases" doc:"平台统计的当年案件（草稿为实时，已公开为提交时）The platform's case figures: live for a draft, frozen when filed"`
	CaseNote     string                 `json:"case_note"`
	Rewards      string                 `json:"rewards"`
	Records      []disclosure.Record    `json:"records" doc:"在案的奖惩（提交时固定）Rewards and sanctions on record, frozen at filing"`
	Body         string                 `json:"body,omitempty"`
	SupersededAt *time.Time             `json:"superseded_at,omitempty"`
}

func disclosureOf(d *disclosure.Disclosure) disclosureOut {
	out := disclosureOut{ID: d.ID, OrgID: d.OrgID, OrgName: d.OrgName, Year: d.Year, Kind: string(d.Kind), Status: string(d.Status),
		Version: d.Version, Superseded: d.Superseded(), Subject: d.Subject, Due: d.DueDate(), Structure: d.Structure, Persons: d.Persons,
		Money: moneyOut(d.Money), IncomeFen: int64(d.Money.Income()), SpendingFen: int64(d.Money.Spending()), Services: d.Services,
		Cases: d.Cases, CaseNote: d.CaseNote, Rewards: d.Rewards, Records: orEmpty(d.Records), Body: d.Body}
	if out.Cases.ByStatus == nil {
		out.Cases.ByStatus, out.Cases.ByEndReason = []disclosure.Count{}, []disclosure.Count{}
	}
	if !d.FiledAt.IsZero() {
		t := d.FiledAt.UTC()
		out.FiledAt = &t
	}
	if !d.SupersededAt.IsZero() {
		t := d.SupersededAt.UTC()
		out.SupersededAt = &t
	}
	return out
}

func disclosuresOf(list []disclosure.Disclosure) []disclosureOut {
	out := make([]disclosureOut, 0, len(list))
	for i := range list {
		out = append(out, disclosureOf(&list[i]))
	}
	return out
}

type overviewInput struct {
	Year     int    `query:"year" minimum:"0" doc:"年度，默认上一年 The year; default the year before"`
	Standing string `query:"standing" enum:"on_time,filed_late,pending,late,abnormal," doc:"公开情况 Standing"`
	Township string `query:"township" doc:"乡镇代码 Township code"`
	Q        string `query:"q" maxLength:"100" doc:"组织名称 Organization name"`
}

// overviewRow is one organization in the overview.
type overviewRow struct {
	OrgID     int64      `json:"org_id"`
	OrgName   string     `json:"org_name"`
	Township  string     `json:"township"`
	Year      int        `json:"year"`
	Standing  string     `json:"standing" enum:"on_time,filed_late,pending,late,abnormal"`
	Due       string     `json:"due" format:"date"`
	FiledAt   *time.Time `json:"filed_at,omitempty" doc:"首次公开 First filing"`
	Abnormal  bool       `json:"abnormal" doc:"已列为活动异常 Marked abnormal"`
	OpenAdhoc int        `json:"open_adhoc" doc:"未公开的重大事项要求 Ad-hoc requests not filed"`
}

func (h *Handler) disclosureOverview(ctx context.Context, in *overviewInput) (*body[[]overviewRow], error) {
	rows, err := h.disclosure.Overview(ctx, auth.PrincipalFrom(ctx), disclosure.Filter{Year: in.Year,
		Standing: tiaojie.DisclosureStanding(in.Standing), Township: in.Township, Q: in.Q})
	if err != nil {
		return nil, err
	}
	out := make([]overviewRow, 0, len(rows))
	for _, r := range rows {
		o := overviewRow{OrgID: r.OrgID, OrgName: r.OrgName, Township: r.Township, Year: r.Year, Standing: string(r.Standing),
			Due: r.DueDate(), Abnormal: r.Abnormal, OpenAdhoc: r.OpenAdhoc}
		if !r.FiledAt.IsZero() {
			t := r.FiledAt.UTC()
			o.FiledAt = &t
		}
		out = append(out, o)
	}
	return &body[[]overviewRow]{Body: out}, nil
}

type requireAdhocInput struct {
	Body struct {
		OrgID   int64  `json:"org_id" minimum:"1"`
		Subject string `json:"subject" maxLength:"800" doc:"公开事项，1–200 字 Subject, 1–200 characters"`
		Due     string `json:"due" format:"date" doc:"截止日（北京时间），今天之后一年以内 The last day, after today and within a year"`
	}
}

func (h *Handler) requireAdhoc(ctx context.Context, in *requireAdhocInput) (*body[createdID], error) {
	due, err := dateIn("due", in.Body.Due)
	if err != nil {
		return nil, err
	}
	id, err := h.disclosure.RequireAdhoc(ctx, auth.PrincipalFrom(ctx), in.Body.OrgID, in.Body.Subject, due)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

func (h *Handler) orgDisclosures(ctx context.Context, in *idPath) (*body[[]disclosureOut], error) {
	list, err := h.disclosure.History(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[[]disclosureOut]{Body: disclosuresOf(list)}, nil
}

type startDisclosureInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Body struct {
		Year int `json:"year" doc:"已结束的年度 A year that has ended"`
	}
}

func (h *Handler) startDisclosure(ctx context.Context, in *startDisclosureInput) (*body[createdID], error) {
	id, err := h.disclosure.Start(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Year)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

func (h *Handler) getDisclosure(ctx context.Context, in *idPath) (*body[disclosureOut], error) {
	d, err := h.disclosure.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[disclosureOut]{Body: disclosureOf(d)}, nil
}

type saveDisclosureInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"信息公开编号 Disclosure ID"`
	Body struct {
		Structure string          `json:"structure,omitempty" maxLength:"20000"`
		Persons   string          `json:"persons,omitempty" maxLength:"20000"`
		Services  string          `json:"services,omitempty" maxLength:"20000"`
		CaseNote  string          `json:"case_note,omitempty" maxLength:"20000"`
		Rewards   string          `json:"rewards,omitempty" maxLength:"20000"`
		Body      string          `json:"body,omitempty" maxLength:"20000" doc:"重大事项的公开内容 The ad-hoc disclosure's text"`
		Money     disclosureMoney `json:"money,omitempty"`
	}
}

func (h *Handler) saveDisclosure(ctx context.Context, in *saveDisclosureInput) (*none, error) {
	b := in.Body
	return done(h.disclosure.Save(ctx, auth.PrincipalFrom(ctx), in.ID, disclosure.Input{Structure: b.Structure, Persons: b.Persons,
		Services: b.Services, CaseNote: b.CaseNote, Rewards: b.Rewards, Body: b.Body, Money: moneyIn(b.Money)}))
}

func (h *Handler) fileDisclosure(ctx context.Context, in *idPath) (*none, error) {
	return done(h.disclosure.File(ctx, auth.PrincipalFrom(ctx), in.ID))
}

func (h *Handler) correctDisclosure(ctx context.Context, in *idPath) (*body[createdID], error) {
	id, err := h.disclosure.Correct(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

func (h *Handler) publicDisclosures(ctx context.Context, in *idPath) (*body[[]disclosureOut], error) {
	list, err := h.disclosure.Public(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &body[[]disclosureOut]{Body: disclosuresOf(list)}, nil
}

// The descriptions of the disclosure operations, Chinese first.
const (
	descDisclosureOverview = "调用者监管范围内（区司法局为全区，司法所为本乡镇）应公开年度信息的调解组织及其公开情况：按时公开、逾期后公开、未到期、逾期未公开、活动异常。\n\nThe organizations within the caller's supervision that owe the year's annual disclosure, with their standing: on time, filed late, pending, overdue, abnormal."
	descRequireAdhoc       = "要求调解组织在截止日前公开重大事项（如负责人、住所变更）。司法所只能要求本乡镇的组织。成功返回 201 与编号。\n\nRequires an organization to disclose a major change by a day. A township office may require it of its township's organizations only. Answers 201 with the ID."
	descOrgDisclosures     = "组织的全部信息公开版本（含草稿与重大事项要求），仅该组织管理员及其监管部门可见，其他调用者返回 404。\n\nEvery version of an organization's disclosures, drafts and requests included, for its admin and its supervisors; anyone else gets 404."
	descStartDisclosure    = "组织管理员开始填报某一已结束年度的年度信息公开，返回草稿编号：新建，或已有草稿，或已公开版本的更正草稿。为其他组织填报返回 404。\n\nAn organization's admin opens the annual disclosure of a year that has ended and gets the draft's ID: new, the open draft, or a correction of the filed one. Filing for another organization answers 404."
	descGetDisclosure      = "查看一个版本。草稿仅组织管理员与监管部门可见；公开组织的已公开版本任何人可见。案件数字由平台统计，不可修改。\n\nOne version. A draft is seen by the organization's admin and its supervisors only. Case figures are the platform's and cannot be changed."
	descSaveDisclosure     = "保存草稿（整体替换文字与金额，金额以分为单位）。已公开的版本返回 409。\n\nSaves a draft (texts and amounts replaced as a whole; amounts in fen). A filed version answers 409."
	descFileDisclosure     = "提交并公开草稿：固定案件数字，前一版本标注为已更正，解除活动异常标记（如无其他逾期事项）。必填部分为空时返回 422。\n\nFiles a draft: the case figures are frozen, the previous version marked superseded, and the abnormal mark lifted when nothing else is overdue. Empty required sections answer 422."
	descCorrectDisclosure  = "为最新的已公开版本开始更正草稿，返回草稿编号；已被取代的版本返回 409。\n\nOpens a correction of the newest filed version and returns the draft's ID; a superseded version answers 409."
	descPublicDisclosures  = "公开组织的已公开信息（含已被更正的版本），最新在前。无需登录。\n\nA public organization's filed disclosures, corrected ones included, newest first. No login needed."
)
