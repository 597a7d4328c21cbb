package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
)

// Case operations: Intake.

// CaseApplication is a dispute as it is filed. A draft may lack the facts,
// the parties and the consent; submitting, the desk, a referral and an
// import need them all. It is exported only because huma flattens an
// embedded struct (caseImport) only when its type is exported.
type CaseApplication struct {
	DisputeType disputeCode   `json:"dispute_type"`
	Township    string        `json:"township" maxLength:"16" doc:"纠纷发生地的乡镇代码 Code of the township where the dispute arose"`
	Title       string        `json:"title" maxLength:"400" doc:"一句话概括，最多 100 字 One line, at most 100 characters"`
	Facts       string        `json:"facts,omitempty" maxLength:"20000" doc:"事实经过，最多 5000 字；提交时必填 What happened, at most 5000 characters; required to submit"`
	Claims      string        `json:"claims,omitempty" maxLength:"20000" doc:"调解请求 What the applicant asks for"`
	AmountFen   *int64        `json:"amount_fen,omitempty" doc:"争议金额（分），省略表示无 Amount in dispute in fen; absent: none"`
	Parties     []casePartyIn `json:"parties,omitempty" maxItems:"100" doc:"当事人及代理人：至少一名申请人和一名被申请人，最多 20 人；提交时必填 Parties and agents: at least one applicant and one respondent, at most 20; required to submit"`
	Consent     bool          `json:"consent,omitempty" doc:"申请人已阅读并同意自愿调解声明；提交时必须为 true The applicant accepts the declaration on voluntary mediation; must be true to submit"`
}

// casePartyIn is a party or an agent as the applicant or the desk enters
// them.
type casePartyIn struct {
	Side           string `json:"side" enum:"applicant,respondent" doc:"applicant 申请人，respondent 被申请人"`
	Kind           string `json:"kind,omitempty" enum:"person,org" doc:"person 自然人（默认），org 法人或其他组织 person (default) or org"`
	AgentFor       int    `json:"agent_for,omitempty" doc:"代理人：所代理当事人在本列表中的序号（从 1 起）；当事人本人为 0 或省略 An agent: the 1-based position of its principal in this list; 0 or absent for a party"`
	Name           string `json:"name" maxLength:"400"`
	Gender         string `json:"gender,omitempty" enum:"male,female"`
	Ethnicity      string `json:"ethnicity,omitempty" maxLength:"80"`
	BirthYear      int    `json:"birth_year,omitempty"`
	Occupation     string `json:"occupation,omitempty" maxLength:"800"`
	Address        string `json:"address,omitempty" maxLength:"800"`
	CreditCode     string `json:"credit_code,omitempty" maxLength:"40" doc:"组织的统一社会信用代码 An organization's credit code"`
	Representative string `json:"representative,omitempty" maxLength:"800" doc:"组织的法定代表人或负责人 An organization's representative"`
	IDNumber       string `json:"id_number,omitempty" maxLength:"40" doc:"居民身份证号码，加密存储，此后只以脱敏形式出现 Identity number, stored encrypted and shown masked only"`
	Phone          string `json:"phone,omitempty" maxLength:"32" doc:"手机号：申请人必填，当事人凭此手机号登录即可看到本案 Mobile: required of applicants; a party who logs in with it sees the case"`
	Email          string `json:"email,omitempty" maxLength:"254" doc:"被申请人须有手机号或电子邮箱，用于邀请 A respondent needs a mobile or an e-mail, to be invited"`
}

func (in CaseApplication) input() cases.Application {
	a := cases.Application{DisputeType: string(in.DisputeType), Township: in.Township, Title: in.Title, Facts: in.Facts,
		Claims: in.Claims, AmountFen: in.AmountFen, Consent: in.Consent}
	for _, p := range in.Parties {
		a.Parties = append(a.Parties, cases.PartyInput{Side: tiaojie.PartySide(p.Side), Kind: tiaojie.PartyKind(p.Kind),
			AgentFor: p.AgentFor, Name: p.Name, Gender: p.Gender, Ethnicity: p.Ethnicity, BirthYear: p.BirthYear,
			Occupation: p.Occupation, Address: p.Address, CreditCode: p.CreditCode, Representative: p.Representative,
			IDNumber: p.IDNumber, Phone: p.Phone, Email: p.Email})
	}
	return a
}

// caseRef names a new or imported case.
type caseRef struct {
	ID     int64          `json:"id"`
	Number string         `json:"number" doc:"申请编号，如 TJ2026-000001 Application number"`
	Status caseStatusName `json:"status"`
}

// createdCase answers an intake: 201 with the new case, or (import only)
// 200 with the case imported before.
type createdCase struct {
	Status   int
	Location string `header:"Location" doc:"新案件的地址 The new case's URL"`
	Body     caseRef
}

// filed answers the case just filed, as its filer sees it.
func (h *Handler) filed(ctx context.Context, id int64, isNew bool) (*createdCase, error) {
	v, err := h.cases.Get(ctx, auth.PrincipalFrom(ctx), id)
	if err != nil {
		return nil, err
	}
	out := &createdCase{Status: http.StatusOK, Body: caseRef{ID: v.ID, Number: v.Number, Status: caseStatusName(v.Status)}}
	if isNew {
		out.Status, out.Location = http.StatusCreated, casePath(id)
	}
	return out, nil
}

// casePath is where the API serves a case.
func casePath(id int64) string { return Prefix + "/cases/" + strconv.FormatInt(id, 10) }

type applyCaseInput struct {
	Body CaseApplication
}

func (h *Handler) applyCase(ctx context.Context, in *applyCaseInput) (*createdCase, error) {
	id, err := h.cases.Apply(ctx, auth.PrincipalFrom(ctx), in.Body.input())
	if err != nil {
		return nil, err
	}
	return h.filed(ctx, id, true)
}

type updateDraftInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body CaseApplication
}

func (h *Handler) updateDraft(ctx context.Context, in *updateDraftInput) (*none, error) {
	return done(h.cases.UpdateDraft(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.input()))
}

// deskApplication is a case filed at the desk, for a walk-in or phoned
// applicant or for a court.
type deskApplication struct {
	CaseApplication
	Source string `json:"source,omitempty" enum:"desk,court" doc:"desk 窗口（默认），court 法院委派 desk (default) or court"`
}

type fileCaseInput struct {
	Body deskApplication
}

func (h *Handler) fileCase(ctx context.Context, in *fileCaseInput) (*createdCase, error) {
	a := in.Body.input()
	a.Source = tiaojie.CaseSource(in.Body.Source)
	id, err := h.cases.File(ctx, auth.PrincipalFrom(ctx), a)
	if err != nil {
		return nil, err
	}
	return h.filed(ctx, id, true)
}

type referCaseInput struct {
	Body CaseApplication
}

func (h *Handler) referCase(ctx context.Context, in *referCaseInput) (*createdCase, error) {
	id, err := h.cases.Refer(ctx, auth.PrincipalFrom(ctx), in.Body.input())
	if err != nil {
		return nil, err
	}
	return h.filed(ctx, id, true)
}

// caseImport is a case routed from another platform, with its id there.
type caseImport struct {
	CaseApplication
	ExternalID string           `json:"external_id" maxLength:"400" doc:"对方平台的案件编号，最多 100 个字符；同一编号只导入一次 The other platform's case id, at most 100 characters; imported once"`
	Source     importSourceName `json:"source,omitempty" doc:"省略为 city Absent: city"`
}

type importCaseInput struct {
	Body caseImport
}

func (h *Handler) importCase(ctx context.Context, in *importCaseInput) (*createdCase, error) {
	a := in.Body.input()
	a.Source, a.ExternalID = tiaojie.CaseSource(in.Body.Source), in.Body.ExternalID
	id, isNew, err := h.cases.Import(ctx, auth.PrincipalFrom(ctx), a)
	if err != nil {
		return nil, err
	}
	return h.filed(ctx, id, isNew)
}

type importStatusInput struct {
	Source     importSourceName `path:"source"`
	ExternalID string           `path:"external_id" doc:"对方平台的案件编号 The other platform's case id"`
}

// importedStatus is the outcome of an imported case, as the platform that
// routed it is told.
type importedStatus struct {
	ID         int64          `json:"id"`
	Number     string         `json:"number"`
	FileNo     string         `json:"file_no" doc:"受理后的卷号 The file number, once accepted"`
	Source     caseSourceName `json:"source"`
	ExternalID string         `json:"external_id"`
	Status     caseStatusName `json:"status"`
	OrgID      int64          `json:"org_id,omitempty"`
	OrgName    string         `json:"org_name"`
	AcceptedAt *time.Time     `json:"accepted_at,omitempty"`
	AgreedAt   *time.Time     `json:"agreed_at,omitempty" doc:"协议生效时间 When the agreement took effect"`
	EndedAt    *time.Time     `json:"ended_at,omitempty"`
	EndReason  endReasonName  `json:"end_reason,omitempty"`
	Confirmed  *bool          `json:"confirmed,omitempty" doc:"法院是否确认了协议（申请司法确认后）Whether the court confirmed the agreement"`
}

func (h *Handler) importStatus(ctx context.Context, in *importStatusInput) (*body[importedStatus], error) {
	v, err := h.cases.ByExternal(ctx, auth.PrincipalFrom(ctx), tiaojie.CaseSource(in.Source), in.ExternalID)
	if err != nil {
		return nil, err
	}
	return &body[importedStatus]{Body: importedStatus{ID: v.ID, Number: v.Number, FileNo: v.FileNo,
		Source: caseSourceName(v.Source), ExternalID: v.ExternalID, Status: caseStatusName(v.Status), OrgID: v.OrgID,
		OrgName: v.OrgName, AcceptedAt: utcOf(v.AcceptedAt), AgreedAt: utcOf(v.AgreedAt), EndedAt: utcOf(v.EndedAt),
		EndReason: endReasonName(v.EndReason), Confirmed: v.Confirmed}}, nil
}

// utcOf returns *t in UTC; nil for none.
func utcOf(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	return utc(*t)
}
