package api

import (
	"context"
	"maps"
	"slices"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
)

// Case operations: Steps.

// caseStep is a lifecycle step with what some steps need.
type caseStep struct {
	Action    stepActionName  `json:"action" doc:"谁可以在何种状态下办理哪一步由案件服务决定；当前状态不允许返回 409 case.bad_transition，身份不允许返回 403 case.not_your_step Which part may take which step from which status is the service's rule: a step the status does not allow is 409 case.bad_transition, one the caller's part may not take 403 case.not_your_step"`
	EndReason terminationName `json:"end_reason,omitempty"`
	Reason    string          `json:"reason,omitempty" maxLength:"8000" doc:"理由：退回、不予受理、延长、退回调解时必填，终止原因为 other 时必填 Reason: required to decline, reject, extend and reopen, and to terminate for other"`
	OrgID     int64           `json:"org_id,omitempty" doc:"route：分派到的调解组织 route: the organization"`
	Until     string          `json:"until,omitempty" format:"date" doc:"extend：延长后的最后一天 YYYY-MM-DD（北京时间）extend: the new last day of the period"`
	Confirmed *bool           `json:"confirmed,omitempty" doc:"confirm_result：法院是否确认了协议 confirm_result: whether the court confirmed the agreement"`
}

type caseStepInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body caseStep
}

func (h *Handler) caseStep(ctx context.Context, in *caseStepInput) (*none, error) {
	b := in.Body
	st := cases.Step{Action: tiaojie.CaseAction(b.Action), EndReason: tiaojie.EndReason(b.EndReason), Reason: b.Reason,
		OrgID: b.OrgID, Confirmed: b.Confirmed}
	if b.Until != "" {
		day, err := dateIn("until", b.Until)
		if err != nil {
			return nil, err
		}
		end := day.AddDate(0, 0, 1) // the end of that day
		st.Until = &end
	}
	return done(h.cases.Act(ctx, auth.PrincipalFrom(ctx), in.ID, st))
}

// assignment names the mediator of a case.
type assignment struct {
	MediatorID int64  `json:"mediator_id" doc:"本组织在册的调解员 An active mediator of the organization"`
	How        string `json:"how" enum:"org,parties" doc:"org 组织指定，parties 当事人共同选定 org: designated by the organization; parties: chosen jointly by the parties"`
}

type assignInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body assignment
}

func (h *Handler) assignMediator(ctx context.Context, in *assignInput) (*none, error) {
	return done(stepNamed(h.cases.Assign(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.MediatorID, in.Body.How), "assign"))
}

// declaration is the assigned mediator's conflict-of-interest declaration.
type declaration struct {
	Note string `json:"note,omitempty" maxLength:"8000" doc:"空或省略：无利益冲突，可以开始调解；否则写明冲突，调解员即退出本案 Empty or absent: no conflict, mediation may start; otherwise the conflict, and the mediator withdraws"`
}

type declareInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body declaration
}

func (h *Handler) declareConflict(ctx context.Context, in *declareInput) (*none, error) {
	return done(stepNamed(h.cases.DeclareConflict(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Note), "declare"))
}

// recusal is a party's request that the mediator step aside.
type recusal struct {
	ID         int64  `json:"id"`
	PartyID    int64  `json:"party_id"`
	MediatorID int64  `json:"mediator_id"`
	Reason     string `json:"reason"`
	Status     string `json:"status" enum:"pending,granted,refused"`
	Decision   string `json:"decision"`
}

// recusals lists a case's recusal requests, oldest first.
type recusals struct {
	Items []recusal `json:"items"`
}

func (h *Handler) listRecusals(ctx context.Context, in *caseIDInput) (*body[recusals], error) {
	rs, err := h.cases.Recusals(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := recusals{Items: make([]recusal, 0, len(rs))}
	for _, r := range rs {
		out.Items = append(out.Items, recusal{ID: r.ID, PartyID: r.PartyID, MediatorID: r.MediatorID, Reason: r.Reason,
			Status: r.Status, Decision: r.Decision})
	}
	return &body[recusals]{Body: out}, nil
}

// recusalRequest is why a party asks the mediator to step aside.
type recusalRequest struct {
	Reason string `json:"reason" maxLength:"8000" doc:"回避理由，最多 2000 字 Why, at most 2000 characters"`
}

type requestRecusalInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body recusalRequest
}

func (h *Handler) requestRecusal(ctx context.Context, in *requestRecusalInput) (*body[createdID], error) {
	rid, err := h.cases.RequestRecusal(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Reason)
	if err != nil {
		return nil, stepNamed(err, "recusal")
	}
	return &body[createdID]{Body: createdID{ID: rid}}, nil
}

// recusalDecision is the organization's decision on a recusal request.
type recusalDecision struct {
	Grant    bool   `json:"grant" doc:"true 准许（调解员退出本案），false 驳回 true grants it (the mediator leaves the case), false refuses it"`
	Decision string `json:"decision" maxLength:"8000" doc:"决定理由 The decision's reasons"`
}

type decideRecusalInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	RID  int64 `path:"rid" minimum:"1" doc:"回避申请编号 Recusal request ID"`
	Body recusalDecision
}

func (h *Handler) decideRecusal(ctx context.Context, in *decideRecusalInput) (*none, error) {
	return done(stepNamed(h.cases.DecideRecusal(ctx, auth.PrincipalFrom(ctx), in.ID, in.RID, in.Body.Grant, in.Body.Decision), "recusal_decide"))
}

// --- Agreement ---

// agreementIn is an agreement as the mediator writes it, with what 人民调
// 解法 Art. 29 requires.
type agreementIn struct {
	Facts       string   `json:"facts" maxLength:"20000" doc:"主要事实 The main facts"`
	Issues      string   `json:"issues" maxLength:"20000" doc:"争议事项 The issues"`
	Duties      string   `json:"duties,omitempty" maxLength:"20000" doc:"各方责任 Each side's responsibility"`
	Terms       []string `json:"terms" maxItems:"100" doc:"协议内容，每条一项，1–50 条 What was agreed, one term each, 1–50"`
	Performance string   `json:"performance" maxLength:"20000" doc:"履行方式 How it is performed"`
	PerformBy   string   `json:"perform_by,omitempty" format:"date" doc:"履行期限 YYYY-MM-DD；回访在其后一天到期 Performed by; the follow-up falls due the day after"`
}

func (in agreementIn) input() (cases.AgreementInput, error) {
	out := cases.AgreementInput{Facts: in.Facts, Issues: in.Issues, Duties: in.Duties, Terms: in.Terms, Performance: in.Performance}
	if in.PerformBy != "" {
		by, err := dateIn("perform_by", in.PerformBy)
		if err != nil {
			return out, err
		}
		out.PerformBy = &by
	}
	return out, nil
}

type agreementInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body agreementIn
}

func (h *Handler) draftAgreement(ctx context.Context, in *agreementInput) (*none, error) {
	ag, err := in.Body.input()
	if err != nil {
		return nil, err
	}
	return done(h.cases.DraftAgreement(ctx, auth.PrincipalFrom(ctx), in.ID, ag))
}

func (h *Handler) recordOral(ctx context.Context, in *agreementInput) (*none, error) {
	ag, err := in.Body.input()
	if err != nil {
		return nil, err
	}
	return done(h.cases.RecordOral(ctx, auth.PrincipalFrom(ctx), in.ID, ag))
}

// agreementOut is the current version of a case's agreement.
type agreementOut struct {
	ID             int64          `json:"id"`
	Version        int            `json:"version" doc:"第几稿 Draft number"`
	Oral           bool           `json:"oral" doc:"口头协议，记录即生效 An oral agreement, in effect once recorded"`
	Facts          string         `json:"facts"`
	Issues         string         `json:"issues"`
	Duties         string         `json:"duties"`
	Terms          []string       `json:"terms"`
	Performance    string         `json:"performance"`
	PerformBy      string         `json:"perform_by,omitempty" doc:"YYYY-MM-DD"`
	DraftedAt      time.Time      `json:"drafted_at"`
	EffectiveAt    *time.Time     `json:"effective_at,omitempty" doc:"各方当事人和调解员签名、加盖组织印章后生效 In effect once every party and the mediator signed and the organization's seal was applied"`
	Confirmations  []confirmation `json:"confirmations" doc:"已确认的当事人 The parties who confirmed"`
	MediatorSigned *time.Time     `json:"mediator_signed_at,omitempty" doc:"调解员签名时间 When the mediator signed"`
	SealedAt       *time.Time     `json:"sealed_at,omitempty" doc:"加盖组织印章的时间 When the organization's seal was applied"`
	SM3            string         `json:"sm3,omitempty" doc:"已出具的协议书 PDF 的 SM3 摘要（首次下载时出具） SM3 digest of the issued PDF (issued at its first download)"`
}

// confirmation is one party's confirmation of an agreement.
type confirmation struct {
	PartyID int64     `json:"party_id"`
	Method  string    `json:"method" enum:"online,in_person" doc:"online 本人在线确认，in_person 当面签字、由调解员记录 online by the party; in_person, recorded by the mediator"`
	At      time.Time `json:"at"`
}

func (h *Handler) getAgreement(ctx context.Context, in *caseIDInput) (*body[agreementOut], error) {
	ag, err := h.cases.CurrentAgreement(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	if ag == nil {
		return nil, tiaojie.E(tiaojie.NotFound, codeNoAgreement)
	}
	out := agreementOut{ID: ag.ID, Version: ag.Version, Oral: ag.Oral, Facts: ag.Facts, Issues: ag.Issues, Duties: ag.Duties,
		Terms: orEmpty(ag.Terms), Performance: ag.Performance, DraftedAt: ag.DraftedAt.UTC(), EffectiveAt: utcOf(ag.EffectiveAt),
		Confirmations: make([]confirmation, 0, len(ag.Confirmed)), MediatorSigned: utcOf(ag.MediatorSignedAt),
		SealedAt: utcOf(ag.SealedAt), SM3: ag.PDFSM3}
	if ag.PerformBy != nil {
		out.PerformBy = dateOut(*ag.PerformBy)
	}
	for _, pid := range slices.Sorted(maps.Keys(ag.Confirmed)) {
		c := ag.Confirmed[pid]
		out.Confirmations = append(out.Confirmations, confirmation{PartyID: c.PartyID, Method: c.Method, At: c.At.UTC()})
	}
	return &body[agreementOut]{Body: out}, nil
}

type confirmForInput struct {
	ID    int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Party int64 `path:"party" minimum:"1" doc:"当面确认的当事人编号 The party who confirmed in person"`
}

func (h *Handler) confirmFor(ctx context.Context, in *confirmForInput) (*none, error) {
	return done(stepNamed(h.cases.ConfirmFor(ctx, auth.PrincipalFrom(ctx), in.ID, in.Party), "confirm"))
}
