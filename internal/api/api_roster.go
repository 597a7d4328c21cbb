package api

import (
	"context"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/roster"
)

// The mediator roster for staff (internal/roster). Identity numbers and
// phones only ever leave masked, as the staff pages show them; the full
// identity number comes only from reveal, which the district bureau may
// call for a stated purpose and which the audit trail records.

// mediator is a roster entry as staff see it.
type mediator struct {
	ID             int64              `json:"id"`
	Name           string             `json:"name"`
	Gender         string             `json:"gender" enum:",male,female"`
	IDNumberMasked string             `json:"id_number_masked" doc:"脱敏身份证号码，如 310***********1234；未登记为空 Masked identity number; empty when none"`
	PhoneMasked    string             `json:"phone_masked" doc:"脱敏手机号，如 138****5678 Masked phone"`
	HasPhoto       bool               `json:"has_photo"`
	Background     string             `json:"background"`
	Certificates   string             `json:"certificates"`
	PracticeSince  int                `json:"practice_since"`
	Grade          int                `json:"grade" minimum:"0" maximum:"4"`
	Specialties    []disputeCode      `json:"specialties"`
	Languages      []string           `json:"languages"`
	Bio            string             `json:"bio"`
	Public         bool               `json:"public" doc:"在公开名册中展示 Shown in the public roster"`
	Status         mediatorStatusName `json:"status"`
	StatusReason   string             `json:"status_reason"`
	StatusDecision string             `json:"status_decision" doc:"除名决定 The removal decision"`
	StatusAt       *time.Time         `json:"status_at,omitempty"`
	Orgs           []membership       `json:"orgs"`
	UserID         int64              `json:"user_id,omitempty" doc:"调解员本人的账号 The mediator's own account"`
	CreatedAt      time.Time          `json:"created_at"`
	UpdatedAt      time.Time          `json:"updated_at"`
	Version        int                `json:"version" doc:"修改时原样提交 Send it back with an update"`
}

// membership is a mediator's current place in an organization.
type membership struct {
	OrgID     int64         `json:"org_id"`
	OrgName   string        `json:"org_name"`
	Township  string        `json:"township"`
	OrgStatus orgStatusName `json:"org_status"`
	Position  positionName  `json:"position"`
	JoinedAt  time.Time     `json:"joined_at"`
}

func mediatorOut(m *roster.Mediator) mediator {
	out := mediator{ID: m.ID, Name: m.Name, Gender: m.Gender, IDNumberMasked: m.IDNumberMasked, PhoneMasked: m.PhoneMasked,
		HasPhoto: m.Photo != "", Background: m.Background, Certificates: m.Certificates, PracticeSince: m.PracticeSince,
		Grade: int(m.Grade), Specialties: disputes(m.Specialties), Languages: orEmpty(m.Languages), Bio: m.Bio,
		Public: m.Public, Status: mediatorStatusName(m.Status), StatusReason: m.StatusReason, StatusDecision: m.StatusDecision,
		StatusAt: utc(m.StatusAt), Orgs: make([]membership, 0, len(m.Orgs)), UserID: m.UserID,
		CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC(), Version: m.Version}
	for _, o := range m.Orgs {
		out.Orgs = append(out.Orgs, membership{OrgID: o.OrgID, OrgName: o.OrgName, Township: o.Township,
			OrgStatus: orgStatusName(o.OrgStatus), Position: positionName(o.Position), JoinedAt: o.JoinedAt.UTC()})
	}
	return out
}

// mediatorList is one page of the staff roster and the number of all
// matches.
type mediatorList struct {
	Items []mediator `json:"items"`
	Total int        `json:"total"`
}

type listMediatorsInput struct {
	Q           string             `query:"q" maxLength:"100" doc:"关键词；完整的身份证号码或手机号按盲索引精确查找 Words; a full identity or mobile number finds its holder exactly"`
	OrgID       int64              `query:"org_id" minimum:"0"`
	Township    string             `query:"township" maxLength:"16"`
	Status      mediatorStatusName `query:"status"`
	Grade       int                `query:"grade" minimum:"0" maximum:"4" doc:"等级 1–4，0 或省略不限 Grade 1–4; 0 or absent: any"`
	Ungraded    bool               `query:"ungraded" doc:"只列未定级的 Only ungraded mediators"`
	DisputeType disputeCode        `query:"dispute_type"`
	Offset      int                `query:"offset" minimum:"0"`
	Limit       int                `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50 Page size; default 50"`
}

func (h *Handler) listMediators(ctx context.Context, in *listMediatorsInput) (*body[mediatorList], error) {
	grade := tiaojie.MediatorGrade(in.Grade)
	if in.Ungraded {
		grade = roster.NoGrade
	}
	ms, total, err := h.roster.List(ctx, auth.PrincipalFrom(ctx), roster.StaffFilter{Q: in.Q, OrgID: in.OrgID,
		Township: in.Township, Status: tiaojie.MediatorStatus(in.Status), Grade: grade,
		DisputeType: string(in.DisputeType), Offset: in.Offset, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	out := mediatorList{Items: make([]mediator, 0, len(ms)), Total: total}
	for _, m := range ms {
		out.Items = append(out.Items, mediatorOut(m))
	}
	return &body[mediatorList]{Body: out}, nil
}

func (h *Handler) getMediator(ctx context.Context, in *idPath) (*body[mediator], error) {
	m, err := h.roster.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[mediator]{Body: mediatorOut(m)}, nil
}

// MediatorProfile is a roster entry as staff write it. It is exported only
// because huma flattens an embedded struct (mediatorUpdate) only when its
// type is exported.
type MediatorProfile struct {
	Name          string         `json:"name" maxLength:"120" doc:"2–30 个字 2–30 characters"`
	Gender        string         `json:"gender,omitempty" enum:"male,female" doc:"省略时按身份证号码 Absent: taken from the identity number"`
	IDNumber      string         `json:"id_number,omitempty" maxLength:"40" doc:"居民身份证号码，加密存储；修改时省略表示不变 Identity number, stored encrypted; on update, absent keeps it"`
	Phone         string         `json:"phone,omitempty" maxLength:"32" doc:"手机号，加密存储；修改时省略表示不变 Mobile, stored encrypted; on update, absent keeps it"`
	Background    string         `json:"background,omitempty" maxLength:"32" doc:"专业背景代码，见 /taxonomy Background code"`
	Certificates  string         `json:"certificates,omitempty" maxLength:"4000"`
	PracticeSince int            `json:"practice_since,omitempty" doc:"开始从事调解的年份 Year practice began"`
	Grade         int            `json:"grade,omitempty" doc:"1–4，0 或省略为未定级 1–4; 0 or absent: ungraded"`
	Specialties   []disputeCode  `json:"specialties,omitempty" maxItems:"30"`
	Languages     []string       `json:"languages,omitempty" maxItems:"30"`
	Bio           string         `json:"bio,omitempty" maxLength:"8000"`
	Public        bool           `json:"public,omitempty" doc:"在公开名册中展示 Show in the public roster"`
	Orgs          []membershipIn `json:"orgs" maxItems:"20" doc:"所属调解组织，至少一个 Organizations, at least one"`
}

// membershipIn is a mediator's place in an organization as staff write it.
type membershipIn struct {
	OrgID    int64        `json:"org_id"`
	Position positionName `json:"position"`
}

func (in MediatorProfile) input() roster.MediatorInput {
	out := roster.MediatorInput{Name: in.Name, Gender: in.Gender, IDNumber: in.IDNumber, Phone: in.Phone,
		Background: in.Background, Certificates: in.Certificates, PracticeSince: in.PracticeSince,
		Grade: tiaojie.MediatorGrade(in.Grade), Specialties: strs(in.Specialties), Languages: in.Languages, Bio: in.Bio,
		Public: in.Public}
	for _, m := range in.Orgs {
		out.Orgs = append(out.Orgs, roster.Membership{OrgID: m.OrgID, Position: roster.Position(m.Position)})
	}
	return out
}

type createMediatorInput struct {
	Body MediatorProfile
}

// createdMediator answers a new roster entry.
type createdMediator struct {
	Location string `header:"Location" doc:"新调解员的地址 The new mediator's URL"`
	Body     createdID
}

func (h *Handler) createMediator(ctx context.Context, in *createMediatorInput) (*createdMediator, error) {
	id, err := h.roster.Create(ctx, auth.PrincipalFrom(ctx), in.Body.input())
	if err != nil {
		return nil, err
	}
	return &createdMediator{Location: Prefix + "/staff/mediators/" + strconv.FormatInt(id, 10), Body: createdID{ID: id}}, nil
}

// mediatorUpdate is an edited roster entry with the version it was read
// at. Memberships of organizations outside the caller's scope stay as
// they are, whatever orgs says of them.
type mediatorUpdate struct {
	MediatorProfile
	ClearIDNumber bool `json:"clear_id_number,omitempty" doc:"删除已登记的身份证号码 Remove the identity number on record"`
	ClearPhone    bool `json:"clear_phone,omitempty" doc:"删除已登记的手机号 Remove the phone on record"`
	Version       int  `json:"version"`
}

type updateMediatorInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解员编号 Mediator ID"`
	Body mediatorUpdate
}

func (h *Handler) updateMediator(ctx context.Context, in *updateMediatorInput) (*none, error) {
	mi := in.Body.input()
	mi.ClearIDNumber, mi.ClearPhone = in.Body.ClearIDNumber, in.Body.ClearPhone
	return done(h.roster.Update(ctx, auth.PrincipalFrom(ctx), in.ID, mi, in.Body.Version))
}

// mediatorStatus is a change of a mediator's standing.
type mediatorStatus struct {
	Status   mediatorStatusName `json:"status" doc:"active 恢复，suspended 暂停，removed 除名（仅区司法局，不可撤销）active reinstates, suspended suspends, removed removes (the bureau only; final)"`
	Reason   string             `json:"reason,omitempty" maxLength:"8000" doc:"暂停和除名必填 Required to suspend or remove"`
	Decision string             `json:"decision,omitempty" maxLength:"800" doc:"除名所依据的决定（文号）Required to remove: the decision it rests on"`
}

type setMediatorStatusInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解员编号 Mediator ID"`
	Body mediatorStatus
}

func (h *Handler) setMediatorStatus(ctx context.Context, in *setMediatorStatusInput) (*none, error) {
	b := in.Body
	return done(h.roster.SetStatus(ctx, auth.PrincipalFrom(ctx), in.ID, tiaojie.MediatorStatus(b.Status), b.Reason, b.Decision))
}

// revealRequest states why a full identity number is needed.
type revealRequest struct {
	Purpose string `json:"purpose" maxLength:"800" doc:"用途，如 资格核查，记入审计日志 Purpose, e.g. 资格核查; kept in the audit trail"`
}

type revealInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解员编号 Mediator ID"`
	Body revealRequest
}

// revealed is a full identity number. Do not store or log it.
type revealed struct {
	IDNumber string `json:"id_number"`
}

func (h *Handler) revealIDNumber(ctx context.Context, in *revealInput) (*body[revealed], error) {
	n, err := h.roster.RevealIDNumber(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Purpose)
	if err != nil {
		return nil, err
	}
	return &body[revealed]{Body: revealed{IDNumber: n}}, nil
}

// statusChange is one change of a mediator's standing.
type statusChange struct {
	From     mediatorStatusName `json:"from"`
	To       mediatorStatusName `json:"to"`
	Reason   string             `json:"reason"`
	Decision string             `json:"decision"`
	ActorID  int64              `json:"actor_id"`
	Actor    string             `json:"actor"`
	At       time.Time          `json:"at"`
}

// statusHistory is a mediator's status changes, oldest first.
type statusHistory struct {
	Items []statusChange `json:"items"`
}

func (h *Handler) mediatorHistory(ctx context.Context, in *idPath) (*body[statusHistory], error) {
	ts, err := h.roster.History(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := statusHistory{Items: make([]statusChange, 0, len(ts))}
	for _, t := range ts {
		out.Items = append(out.Items, statusChange{From: mediatorStatusName(t.From), To: mediatorStatusName(t.To),
			Reason: t.Reason, Decision: t.Decision, ActorID: t.ActorID, Actor: t.Actor, At: t.At.UTC()})
	}
	return &body[statusHistory]{Body: out}, nil
}

// The roster operations' descriptions, Chinese first.
const (
	descListMediators   = "调用者范围内的调解员，按姓名；身份证号码和手机号已脱敏。q 为完整的身份证号码或手机号时精确查找。\n\nMediators within the caller's scope, by name; identity numbers and phones masked. A full identity or mobile number in q finds its holder exactly."
	descCreateMediator  = "登记调解员；身份证号码和手机号加密存储，同一身份证号码只能登记一次。组织管理员只能为本组织登记。成功返回 201 与 Location。照片只能在网页上上传。\n\nAdds a mediator; identity number and phone are stored encrypted, and one identity number is registered once. An organization admin adds mediators of their own organization only. Answers 201 with a Location header. Photos are uploaded on the pages."
	descGetMediator     = "查看调解员（脱敏）。超出范围返回 404。\n\nOne mediator, masked. Outside the caller's scope: 404."
	descUpdateMediator  = "修改调解员，须提交读取时的 version（否则 409 mediator.stale）。id_number 和 phone 省略表示不变。已除名的不能修改。\n\nUpdates a mediator; send the version you read (else 409 mediator.stale). Absent id_number and phone keep the stored ones. A removed mediator cannot be edited."
	descMediatorStatus  = "暂停、恢复或除名。暂停和除名须填理由，除名还须填决定；除名只能由区司法局决定，且不可撤销。\n\nSuspends, reinstates or removes a mediator. Suspension and removal need a reason, removal also the decision; only the bureau removes, and removal is final."
	descReveal          = "返回完整身份证号码。只有区司法局可以，须说明用途；每次查看都记入审计日志。\n\nReturns the full identity number. Only the district bureau may, for a stated purpose; every reveal is audited."
	descMediatorHistory = "调解员的状态变更记录，最早在前。\n\nA mediator's status changes, oldest first."
)
