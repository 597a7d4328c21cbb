package api

import (
	"context"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/registry"
)

// The register of organizations for staff (internal/registry): every
// operation passes the caller to the service, which checks the permission
// and the scope of the record; outside the scope the answer is 404.

// org is an organization's register record as staff see it.
type org struct {
	ID                    int64         `json:"id"`
	Name                  string        `json:"name"`
	ShortName             string        `json:"short_name"`
	Type                  orgTypeName   `json:"type"`
	LegalForm             legalFormName `json:"legal_form"`
	Level                 levelName     `json:"level"`
	Status                orgStatusName `json:"status"`
	Stage                 string        `json:"stage" enum:",township,district" doc:"前置审查阶段：township 司法所审查，district 区司法局审核 Pre-review stage"`
	Township              string        `json:"township"`
	TownshipName          string        `json:"township_name"`
	Address               string        `json:"address"`
	Latitude              *float64      `json:"latitude,omitempty"`
	Longitude             *float64      `json:"longitude,omitempty"`
	CreditCode            string        `json:"credit_code"`
	RegistrationAuthority string        `json:"registration_authority"`
	RegistrationDate      string        `json:"registration_date,omitempty" doc:"YYYY-MM-DD"`
	LegalRep              string        `json:"legal_rep"`
	ContactName           string        `json:"contact_name"`
	ContactPhone          string        `json:"contact_phone"`
	Email                 string        `json:"email"`
	Website               string        `json:"website"`
	Description           string        `json:"description"`
	Online                bool          `json:"online"`
	Paid                  bool          `json:"paid" doc:"已公布收费标准 Has published a fee standard"`
	Specialties           []disputeCode `json:"specialties"`
	Languages             []string      `json:"languages"`
	Stars                 int           `json:"stars"`
	StarsUntil            *time.Time    `json:"stars_until,omitempty"`
	Featured              bool          `json:"featured"`
	FeaturedRank          int           `json:"featured_rank"`
	FeaturedReason        string        `json:"featured_reason"`
	LogoURL               string        `json:"logo_url,omitempty"`
	FoundedAt             string        `json:"founded_at,omitempty" doc:"YYYY-MM-DD"`
	CreatedAt             time.Time     `json:"created_at"`
	UpdatedAt             time.Time     `json:"updated_at"`
	Version               int           `json:"version" doc:"修改时原样提交，用于发现并发修改 Send it back with an update, to detect concurrent edits"`
}

func (h *Handler) orgOut(o *registry.Org) org {
	tn := o.Township
	if t, ok := h.district.Township(o.Township); ok {
		tn = t.Name
	}
	return org{ID: o.ID, Name: o.Name, ShortName: o.ShortName, Type: orgTypeName(o.Type), LegalForm: legalFormName(o.LegalForm),
		Level: levelName(o.Level), Status: orgStatusName(o.Status), Stage: o.Stage, Township: o.Township, TownshipName: tn,
		Address: o.Address, Latitude: o.Latitude, Longitude: o.Longitude, CreditCode: o.CreditCode,
		RegistrationAuthority: o.RegistrationAuthority, RegistrationDate: dateOut(o.RegistrationDate), LegalRep: o.LegalRep,
		ContactName: o.ContactName, ContactPhone: o.ContactPhone, Email: o.Email, Website: o.Website,
		Description: o.Description, Online: o.Online, Paid: o.Charges, Specialties: disputes(o.Specialties),
		Languages: orEmpty(o.Languages), Stars: o.Stars, StarsUntil: utc(o.StarsUntil), Featured: o.Featured,
		FeaturedRank: o.FeaturedRank, FeaturedReason: o.FeaturedReason, LogoURL: fileURL(o.Logo),
		FoundedAt: dateOut(o.FoundedAt), CreatedAt: o.CreatedAt.UTC(), UpdatedAt: o.UpdatedAt.UTC(), Version: o.Version}
}

// orgList is one page of the staff list and the number of all matches.
type orgList struct {
	Items []org `json:"items"`
	Total int   `json:"total"`
}

type listOrgsInput struct {
	Q         string        `query:"q" maxLength:"100" doc:"关键词 Words"`
	Status    orgStatusName `query:"status"`
	Township  string        `query:"township" maxLength:"16"`
	Type      orgTypeName   `query:"type"`
	LegalForm legalFormName `query:"legal_form"`
	Level     levelName     `query:"level"`
	Offset    int           `query:"offset" minimum:"0"`
	Limit     int           `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50 Page size; default 50"`
}

func (h *Handler) listOrgs(ctx context.Context, in *listOrgsInput) (*body[orgList], error) {
	orgs, total, err := h.registry.List(ctx, auth.PrincipalFrom(ctx), registry.StaffFilter{
		Q: in.Q, Status: tiaojie.OrgStatus(in.Status), Township: in.Township, Type: tiaojie.OrgType(in.Type),
		LegalForm: tiaojie.LegalForm(in.LegalForm), Level: tiaojie.OrgLevel(in.Level), Offset: in.Offset, Limit: in.Limit,
	})
	if err != nil {
		return nil, err
	}
	out := orgList{Items: make([]org, 0, len(orgs)), Total: total}
	for _, o := range orgs {
		out.Items = append(out.Items, h.orgOut(o))
	}
	return &body[orgList]{Body: out}, nil
}

func (h *Handler) getOrg(ctx context.Context, in *idPath) (*body[org], error) {
	o, err := h.registry.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[org]{Body: h.orgOut(o)}, nil
}

// OrgProfile is an organization's profile as staff write it. Registration
// details, the status, the logo and featuring have operations of their
// own. PUT replaces the whole profile: a field left out is emptied. It is
// exported only because huma flattens an embedded struct (orgUpdate) only
// when its type is exported.
type OrgProfile struct {
	Name         string        `json:"name" maxLength:"400" doc:"2–100 个字，登记簿内唯一 2–100 characters, unique in the register"`
	ShortName    string        `json:"short_name,omitempty" maxLength:"120"`
	Type         orgTypeName   `json:"type"`
	LegalForm    legalFormName `json:"legal_form"`
	Level        levelName     `json:"level"`
	Township     string        `json:"township" maxLength:"16" doc:"乡镇代码 Township code"`
	Address      string        `json:"address,omitempty" maxLength:"800"`
	Latitude     *float64      `json:"latitude,omitempty" doc:"GCJ-02；与经度同时填写 GCJ-02; with longitude"`
	Longitude    *float64      `json:"longitude,omitempty"`
	LegalRep     string        `json:"legal_rep,omitempty" maxLength:"200"`
	ContactName  string        `json:"contact_name,omitempty" maxLength:"200"`
	ContactPhone string        `json:"contact_phone,omitempty" maxLength:"40" doc:"手机、带区号的固定电话或服务热线 Mobile, landline with area code, or hotline"`
	Email        string        `json:"email,omitempty" maxLength:"254"`
	Website      string        `json:"website,omitempty" maxLength:"200"`
	Description  string        `json:"description,omitempty" maxLength:"20000"`
	Online       bool          `json:"online,omitempty"`
	FoundedAt    string        `json:"founded_at,omitempty" format:"date" doc:"成立日期 YYYY-MM-DD Founding date"`
	Specialties  []disputeCode `json:"specialties,omitempty" maxItems:"30"`
	Languages    []string      `json:"languages,omitempty" maxItems:"30" doc:"语言或方言代码 Language or dialect codes"`
}

func (in OrgProfile) input() (registry.OrgInput, error) {
	founded, err := dateIn("founded_at", in.FoundedAt)
	return registry.OrgInput{Name: in.Name, ShortName: in.ShortName, Type: tiaojie.OrgType(in.Type),
		LegalForm: tiaojie.LegalForm(in.LegalForm), Level: tiaojie.OrgLevel(in.Level), Township: in.Township,
		Address: in.Address, Latitude: in.Latitude, Longitude: in.Longitude, LegalRep: in.LegalRep,
		ContactName: in.ContactName, ContactPhone: in.ContactPhone, Email: in.Email, Website: in.Website,
		Description: in.Description, Online: in.Online, FoundedAt: founded, Specialties: strs(in.Specialties),
		Languages: in.Languages}, err
}

type createOrgInput struct {
	Body OrgProfile
}

// createdOrg answers a new organization.
type createdOrg struct {
	Location string `header:"Location" doc:"新组织的地址 The new organization's URL"`
	Body     createdID
}

func (h *Handler) createOrg(ctx context.Context, in *createOrgInput) (*createdOrg, error) {
	oi, err := in.Body.input()
	if err != nil {
		return nil, err
	}
	id, err := h.registry.Create(ctx, auth.PrincipalFrom(ctx), oi)
	if err != nil {
		return nil, err
	}
	return &createdOrg{Location: Prefix + "/staff/orgs/" + strconv.FormatInt(id, 10), Body: createdID{ID: id}}, nil
}

// orgUpdate is an edited profile with the version it was read at.
type orgUpdate struct {
	OrgProfile
	Version int `json:"version" doc:"读取时的 version；记录已被他人修改则返回 409 The version read; 409 if the record changed since"`
}

type updateOrgInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Body orgUpdate
}

func (h *Handler) updateOrg(ctx context.Context, in *updateOrgInput) (*none, error) {
	oi, err := in.Body.input()
	if err != nil {
		return nil, err
	}
	return done(h.registry.Update(ctx, auth.PrincipalFrom(ctx), in.ID, oi, in.Body.Version))
}

// orgAction is a lifecycle step.
type orgAction struct {
	Action orgActionName `json:"action"`
	Reason string        `json:"reason,omitempty" maxLength:"8000" doc:"理由；责令整改、暂停、注销、退回、撤回及司法所意见必填 Reason; required to rectify, suspend, dissolve, reject, withdraw, and for the township's opinion"`
	Detail string        `json:"detail,omitempty" enum:"support,oppose" doc:"司法所意见（action 为 opinion 时必填）：support 同意，oppose 不同意 The township office's opinion, for action opinion"`
}

type actInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Body orgAction
}

func (h *Handler) act(ctx context.Context, in *actInput) (*none, error) {
	b := in.Body
	err := h.registry.Act(ctx, auth.PrincipalFrom(ctx), in.ID, tiaojie.OrgAction(b.Action), b.Reason, b.Detail)
	return done(renameField(err, "opinion", "detail"))
}

// transition is one step of an organization's history.
type transition struct {
	ID         int64         `json:"id"`
	Action     string        `json:"action" doc:"生命周期步骤，或 create Lifecycle step, or create"`
	FromStatus orgStatusName `json:"from_status"`
	ToStatus   orgStatusName `json:"to_status"`
	FromStage  string        `json:"from_stage"`
	ToStage    string        `json:"to_stage"`
	Reason     string        `json:"reason"`
	Detail     string        `json:"detail" doc:"司法所意见 support 或 oppose The township's opinion"`
	ActorID    int64         `json:"actor_id"`
	Actor      string        `json:"actor" doc:"登录名 Login"`
	Role       string        `json:"role" doc:"执行时的角色 The role acted in"`
	At         time.Time     `json:"at"`
}

// history is an organization's lifecycle, oldest step first.
type history struct {
	Items []transition `json:"items"`
}

func (h *Handler) orgHistory(ctx context.Context, in *idPath) (*body[history], error) {
	ts, err := h.registry.History(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := history{Items: make([]transition, 0, len(ts))}
	for _, t := range ts {
		out.Items = append(out.Items, transition{ID: t.ID, Action: t.Action, FromStatus: orgStatusName(t.FromStatus),
			ToStatus: orgStatusName(t.ToStatus), FromStage: t.FromStage, ToStage: t.ToStage, Reason: t.Reason, Detail: t.Detail,
			ActorID: t.ActorID, Actor: t.Actor, Role: t.Role, At: t.At.UTC()})
	}
	return &body[history]{Body: out}, nil
}

// registration is an organization's legal registration.
type registration struct {
	CreditCode            string `json:"credit_code,omitempty" maxLength:"40" doc:"统一社会信用代码（按校验位检查）；人民调解委员会等可省略 Unified social credit code, checked by its check character"`
	RegistrationAuthority string `json:"registration_authority" maxLength:"400" doc:"登记机关 Registration authority"`
	RegistrationDate      string `json:"registration_date" format:"date" doc:"登记日期 YYYY-MM-DD Registration date"`
}

type setRegistrationInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Body registration
}

func (h *Handler) setRegistration(ctx context.Context, in *setRegistrationInput) (*none, error) {
	date, err := dateIn("registration_date", in.Body.RegistrationDate)
	if err != nil {
		return nil, err
	}
	r := tiaojie.Registration{CreditCode: in.Body.CreditCode, Authority: in.Body.RegistrationAuthority, Date: date}
	return done(h.registry.SetRegistration(ctx, auth.PrincipalFrom(ctx), in.ID, r))
}

// prereview is the founders' pre-review file besides the charter.
type prereview struct {
	Founders    string     `json:"founders" maxLength:"20000" doc:"举办者及其资格 Founders and their qualifications"`
	Mediators   string     `json:"mediators" maxLength:"20000" doc:"拟任调解员 Planned mediators"`
	Premises    string     `json:"premises" maxLength:"20000" doc:"办公场所 Premises"`
	Funding     string     `json:"funding" maxLength:"20000" doc:"活动资金及来源 Funding and its source"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty" readOnly:"true"`
	UpdatedAt   *time.Time `json:"updated_at,omitempty" readOnly:"true"`
}

func (h *Handler) getPrereview(ctx context.Context, in *idPath) (*body[prereview], error) {
	pr, err := h.registry.GetPrereview(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[prereview]{Body: prereview{Founders: pr.Founders, Mediators: pr.Mediators, Premises: pr.Premises,
		Funding: pr.Funding, SubmittedAt: utc(pr.SubmittedAt), UpdatedAt: utc(pr.UpdatedAt)}}, nil
}

// prereviewIn is the pre-review file as the founders write it.
type prereviewIn struct {
	Founders  string `json:"founders,omitempty" maxLength:"20000" doc:"每项最多 5000 字 At most 5000 characters each"`
	Mediators string `json:"mediators,omitempty" maxLength:"20000"`
	Premises  string `json:"premises,omitempty" maxLength:"20000"`
	Funding   string `json:"funding,omitempty" maxLength:"20000"`
}

type setPrereviewInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Body prereviewIn
}

func (h *Handler) setPrereview(ctx context.Context, in *setPrereviewInput) (*none, error) {
	b := in.Body
	pr := registry.Prereview{Founders: b.Founders, Mediators: b.Mediators, Premises: b.Premises, Funding: b.Funding}
	return done(h.registry.SetPrereview(ctx, auth.PrincipalFrom(ctx), in.ID, pr))
}

// queueItem is an application waiting for the caller in pre-review.
type queueItem struct {
	Org           org        `json:"org"`
	SubmittedAt   *time.Time `json:"submitted_at,omitempty"`
	Opinion       string     `json:"opinion" enum:",support,oppose" doc:"区级阶段：司法所意见 At the district stage: the township office's opinion"`
	OpinionReason string     `json:"opinion_reason"`
}

// queue is the pre-review applications waiting for the caller.
type queue struct {
	Items []queueItem `json:"items"`
}

func (h *Handler) prereviewQueue(ctx context.Context, _ *none) (*body[queue], error) {
	items, err := h.registry.PrereviewQueue(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := queue{Items: make([]queueItem, 0, len(items))}
	for _, it := range items {
		out.Items = append(out.Items, queueItem{Org: h.orgOut(it.Org), SubmittedAt: utc(it.SubmittedAt),
			Opinion: it.Opinion, OpinionReason: it.OpinionReason})
	}
	return &body[queue]{Body: out}, nil
}

// document is one version of an organization's document.
type document struct {
	ID          int64       `json:"id"`
	Kind        docKindName `json:"kind"`
	Version     int         `json:"version" doc:"同类文件的版本，新上传为下一版 Version within its kind"`
	Title       string      `json:"title"`
	Filename    string      `json:"filename"`
	ContentType string      `json:"content_type"`
	Size        int64       `json:"size" doc:"字节数 Bytes"`
	Public      bool        `json:"public" doc:"在公开页面展示 Shown on the public page"`
	UploadedAt  time.Time   `json:"uploaded_at"`
	URL         string      `json:"url" doc:"下载地址 Where to download it"`
}

// documentOut converts a document with the URL staff or the public
// download it from.
func documentOut(d registry.Document, staff bool) document {
	url := Prefix + "/orgs/" + strconv.FormatInt(d.OrgID, 10) + "/documents/" + strconv.FormatInt(d.ID, 10)
	if staff {
		url = Prefix + "/staff/orgs/" + strconv.FormatInt(d.OrgID, 10) + "/documents/" + strconv.FormatInt(d.ID, 10)
	}
	return document{ID: d.ID, Kind: docKindName(d.Kind), Version: d.Version, Title: d.Title, Filename: d.Filename,
		ContentType: d.ContentType, Size: d.Size, Public: d.Public, UploadedAt: d.UploadedAt.UTC(), URL: url}
}

// documents is an organization's documents by kind, newest version first.
type documents struct {
	Items []document `json:"items"`
}

func (h *Handler) listDocuments(ctx context.Context, in *idPath) (*body[documents], error) {
	p := auth.PrincipalFrom(ctx)
	if _, err := h.registry.Get(ctx, p, in.ID); err != nil { // the staff list: the caller's scope, as for the record
		return nil, err
	}
	ds, err := h.registry.Documents(ctx, p, in.ID)
	if err != nil {
		return nil, err
	}
	out := documents{Items: make([]document, 0, len(ds))}
	for _, d := range ds {
		out.Items = append(out.Items, documentOut(d, true))
	}
	return &body[documents]{Body: out}, nil
}

type documentPath struct {
	ID  int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Doc int64 `path:"doc" minimum:"1" doc:"文件编号 Document ID"`
}

func (h *Handler) openDocument(ctx context.Context, in *documentPath) (*download, error) {
	m, data, err := h.registry.OpenDocument(ctx, auth.PrincipalFrom(ctx), in.ID, in.Doc)
	if err != nil {
		return nil, err
	}
	return &download{ContentType: m.ContentType, ContentDisposition: attachment(m.Filename), Body: data}, nil
}

// featuring features an organization (选树) or stops featuring it.
type featuring struct {
	Featured bool   `json:"featured"`
	Rank     int    `json:"rank,omitempty" doc:"首页排序 0–9999，小者在前 Order on the home page, ascending"`
	Reason   string `json:"reason,omitempty" maxLength:"2000" doc:"推荐理由（选树时必填）Why it is featured (required to feature)"`
}

type setFeaturedInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Body featuring
}

func (h *Handler) setFeatured(ctx context.Context, in *setFeaturedInput) (*none, error) {
	b := in.Body
	return done(h.registry.SetFeatured(ctx, auth.PrincipalFrom(ctx), in.ID, b.Featured, b.Rank, b.Reason))
}

// The register operations' descriptions, Chinese first.
const (
	descListOrgs        = "调用者范围内的调解组织，最新在前：区司法局和协会看到全部，司法所看到本乡镇，组织管理员和调解员看到本组织。\n\nOrganizations within the caller's scope, newest first: the bureau and the association see all, a township office its township, an organization's admin and mediators their organization."
	descCreateOrg       = "新建筹建中的调解组织。司法所只能在本乡镇新建。成功返回 201、编号与 Location。\n\nOpens an organization in preparation. A township office may open one only in its township. Answers 201 with the ID and a Location header."
	descGetOrg          = "调解组织的完整登记记录。超出调用者范围返回 404。\n\nAn organization's full register record. Outside the caller's scope: 404."
	descUpdateOrg       = "以整体替换修改组织信息，须提交读取时的 version；记录已被他人修改时返回 409 org.stale。通过前置审查后不能再改类型和组织形式；已注销或撤回的不能修改。\n\nReplaces the profile as a whole; send the version you read, or get 409 org.stale if the record changed since. Type and legal form are fixed after pre-review; a dissolved or withdrawn organization cannot be edited."
	descAct             = "生命周期步骤：submit 提交前置审查、opinion 司法所意见（detail 为 support 或 oppose，reason 为意见）、approve 通过、reject 退回、activate 开始服务、rectify 责令整改、rectified 整改完成、suspend 暂停、resume 恢复、dissolve 注销、withdraw 撤回。当前状态不允许的步骤返回 409 org.bad_transition；谁可执行哪一步由服务决定。\n\nA lifecycle step: submit, opinion (detail support or oppose, reason the opinion), approve, reject, activate, rectify, rectified, suspend, resume, dissolve, withdraw. A step the current status does not allow answers 409 org.bad_transition; the service decides who may take which step."
	descOrgHistory      = "调解组织的生命周期记录：谁、何时、以何角色、为何，最早在前。\n\nAn organization's lifecycle: who, when, in which role and why, oldest first."
	descSetRegistration = "填写登记信息（通过前置审查后）：统一社会信用代码按校验位检查，登记机关和登记日期必填。区司法局或本组织管理员可填写。\n\nRecords the legal registration once pre-review has passed: the credit code is checked by its check character; authority and date are required. The bureau or the organization's own admin may set it."
	descGetPrereview    = "前置审查材料（章程另见文件）。\n\nThe pre-review materials (the charter is a document)."
	descSetPrereview    = "保存前置审查材料，仅筹建阶段可改。\n\nSaves the pre-review materials; only while in preparation."
	descQueue           = "等待调用者审查的申请，最早提交在前：司法所看到本乡镇待出具意见的，区司法局看到待审核的。\n\nApplications waiting for the caller, oldest submission first: a township office those awaiting its opinion in its township, the bureau those awaiting its decision."
	descListDocuments   = "调解组织的全部文件及各版本，按类别、新版本在前。上传只能在网页上进行。\n\nAn organization's documents, every version, by kind, newest version first. Uploads are done on the pages."
	descOpenDocument    = "下载文件原件；查看非公开文件记入审计日志。\n\nDownloads a document; opening one that is not public is audited."
	descListFees        = "调解组织的全部收费标准（含草稿），新版本在前；金额以分为单位并附元。\n\nAn organization's fee standards including drafts, newest version first; amounts in fen, with yuan."
	descSaveFee         = "保存收费标准草稿：version 为 0 或省略时新建版本，否则修改该未公布版本。金额以分为单位，费率以万分之一计。人民调解组织依法不能收费（409 fee.free_by_law）。\n\nSaves a fee draft: version 0 or absent makes a new version, otherwise edits that unpublished one. Amounts in fen, rates in basis points. People's mediation may not charge (409 fee.free_by_law)."
	descPublishFee      = "公布一个收费标准草稿；生效日期不能早于公布当天（先公布后执行）。\n\nPublishes a draft; it may not take effect before the day it is published."
	descListServices    = "调解组织的服务清单，按显示顺序。\n\nAn organization's service list, in display order."
	descAddService      = "添加服务项目；价格以分为单位，0 或省略为免费。成功返回 201 与 Location。\n\nAdds a service; the price is in fen, 0 or absent for free. Answers 201 with a Location header."
	descUpdateService   = "修改服务项目。\n\nUpdates a service."
	descDeleteService   = "删除服务项目。\n\nDeletes a service."
	descSetFeatured     = "选树推荐（featured 为 true，须填排序和理由）或取消推荐。只能推荐正常服务中的组织。\n\nFeatures an organization (featured true, with rank and reason) or stops featuring it. Only a public organization can be featured."
)
