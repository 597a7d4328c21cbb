package tiaojie

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// OrgType is the kind of a mediation organization in the district policy's
// classification (SPEC C2).
type OrgType string

// The organization types.
const (
	OrgBasic        OrgType = "basic"        // 基础型: volunteers, grass-roots, neighbour and family disputes
	OrgProfessional OrgType = "professional" // 专业型: law, medicine, finance professionals
	OrgCommercial   OrgType = "commercial"   // 商事: commercial mediation, may charge
	OrgNewType      OrgType = "new"          // 新型: individual proprietorship, partnership, company
)

// OrgTypes lists the types in display order.
func OrgTypes() []OrgType { return []OrgType{OrgBasic, OrgProfessional, OrgCommercial, OrgNewType} }

// LegalForm is how an organization exists in law, which decides where it
// registers and whether it has a unified social credit code.
type LegalForm string

// The legal forms (DOMAIN.md §(b)3 and §(c)).
const (
	FormPeoplesCommittee LegalForm = "peoples_committee" // 人民调解委员会: filed with the justice bureau, free by law
	FormSocialService    LegalForm = "social_service"    // 民办非企业单位（社会服务机构）: registered with civil affairs
	FormSocialGroup      LegalForm = "social_group"      // 社会团体: registered with civil affairs
	FormSoleProprietor   LegalForm = "sole_proprietor"   // 个人独资企业: registered with market regulation
	FormPartnership      LegalForm = "partnership"       // 合伙企业: registered with market regulation
	FormCompany          LegalForm = "company"           // 公司: registered with market regulation
	FormOther            LegalForm = "other"             // other non-legal-person organizations filed with the justice bureau
)

// LegalForms lists the forms in display order.
func LegalForms() []LegalForm {
	return []LegalForm{FormPeoplesCommittee, FormSocialService, FormSocialGroup, FormSoleProprietor, FormPartnership, FormCompany, FormOther}
}

// NeedsCreditCode reports whether an organization of the form must have a
// unified social credit code to be registered.
func (f LegalForm) NeedsCreditCode() bool { return f != FormPeoplesCommittee && f != FormOther }

// Authority returns the kind of body the form registers with:
// "civil_affairs" (民政), "market_regulation" (市场监管) or "justice" (司法行政).
func (f LegalForm) Authority() string {
	switch f {
	case FormSocialService, FormSocialGroup:
		return "civil_affairs"
	case FormSoleProprietor, FormPartnership, FormCompany:
		return "market_regulation"
	}
	return "justice"
}

// OrgLevel is the administrative level an organization works at.
type OrgLevel string

// The levels.
const (
	LevelDistrict OrgLevel = "district" // 区级
	LevelTownship OrgLevel = "township" // 乡镇级
	LevelVillage  OrgLevel = "village"  // 村居级
)

// OrgLevels lists the levels in display order.
func OrgLevels() []OrgLevel { return []OrgLevel{LevelDistrict, LevelTownship, LevelVillage} }

// OrgStatus is where an organization is in its lifecycle:
// 筹建 → 前置审查 → 登记 → 正常 ⇄ 整改 → 暂停 → 注销.
type OrgStatus string

// The lifecycle statuses.
const (
	StatusPreparing  OrgStatus = "preparing"  // 筹建: the founders prepare the pre-review materials
	StatusPrereview  OrgStatus = "prereview"  // 前置审查: township opinion, then district decision
	StatusRegistered OrgStatus = "registered" // 登记: approved, registering with its authority
	StatusActive     OrgStatus = "active"     // 正常
	StatusRectifying OrgStatus = "rectifying" // 整改: ordered to rectify, still serving
	StatusSuspended  OrgStatus = "suspended"  // 暂停
	StatusDissolved  OrgStatus = "dissolved"  // 注销
	StatusWithdrawn  OrgStatus = "withdrawn"  // 撤回: an application abandoned before registration
)

// OrgStatuses lists the statuses in lifecycle order.
func OrgStatuses() []OrgStatus {
	return []OrgStatus{StatusPreparing, StatusPrereview, StatusRegistered, StatusActive, StatusRectifying, StatusSuspended, StatusDissolved, StatusWithdrawn}
}

// Public reports whether an organization in the status appears in the
// public directory: it is registered and serving.
func (s OrgStatus) Public() bool { return s == StatusActive || s == StatusRectifying }

// Pre-review stages, while an organization is in StatusPrereview.
const (
	StageTownship = "township" // the township justice office gives its opinion
	StageDistrict = "district" // the district bureau decides
)

// OrgAction is a step of the lifecycle.
type OrgAction string

// The lifecycle actions.
const (
	ActSubmit    OrgAction = "submit"    // send the materials to pre-review
	ActOpinion   OrgAction = "opinion"   // the township office's opinion
	ActApprove   OrgAction = "approve"   // the bureau passes pre-review
	ActReject    OrgAction = "reject"    // the bureau returns the application to the founders
	ActActivate  OrgAction = "activate"  // registration done: the organization starts serving
	ActRectify   OrgAction = "rectify"   // order rectification
	ActRectified OrgAction = "rectified" // rectification verified
	ActSuspend   OrgAction = "suspend"
	ActResume    OrgAction = "resume"
	ActDissolve  OrgAction = "dissolve"
	ActWithdraw  OrgAction = "withdraw" // the founders abandon the application
)

// orgStep is one allowed transition.
type orgStep struct {
	from   []OrgStatus
	stage  string // required pre-review stage, "" for any
	to     OrgStatus
	roles  []Role // who may take the step (scope is checked by the service)
	reason bool   // a reason is required
}

var orgSteps = map[OrgAction]orgStep{
	ActSubmit:    {from: []OrgStatus{StatusPreparing}, to: StatusPrereview, roles: []Role{RoleOrgAdmin, RoleTownship, RoleBureau}},
	ActOpinion:   {from: []OrgStatus{StatusPrereview}, stage: StageTownship, to: StatusPrereview, roles: []Role{RoleTownship}, reason: true},
	ActApprove:   {from: []OrgStatus{StatusPrereview}, stage: StageDistrict, to: StatusRegistered, roles: []Role{RoleBureau}},
	ActReject:    {from: []OrgStatus{StatusPrereview}, stage: StageDistrict, to: StatusPreparing, roles: []Role{RoleBureau}, reason: true},
	ActActivate:  {from: []OrgStatus{StatusRegistered}, to: StatusActive, roles: []Role{RoleBureau}},
	ActRectify:   {from: []OrgStatus{StatusActive}, to: StatusRectifying, roles: []Role{RoleTownship, RoleBureau}, reason: true},
	ActRectified: {from: []OrgStatus{StatusRectifying}, to: StatusActive, roles: []Role{RoleTownship, RoleBureau}},
	ActSuspend:   {from: []OrgStatus{StatusActive, StatusRectifying}, to: StatusSuspended, roles: []Role{RoleBureau}, reason: true},
	ActResume:    {from: []OrgStatus{StatusSuspended}, to: StatusActive, roles: []Role{RoleBureau}},
	ActDissolve:  {from: []OrgStatus{StatusRegistered, StatusActive, StatusRectifying, StatusSuspended}, to: StatusDissolved, roles: []Role{RoleBureau}, reason: true},
	ActWithdraw:  {from: []OrgStatus{StatusPreparing, StatusPrereview}, to: StatusWithdrawn, roles: []Role{RoleOrgAdmin, RoleTownship, RoleBureau}, reason: true},
}

// OrgActions lists the actions in lifecycle order.
func OrgActions() []OrgAction {
	return []OrgAction{ActSubmit, ActOpinion, ActApprove, ActReject, ActActivate, ActRectify, ActRectified, ActSuspend, ActResume, ActDissolve, ActWithdraw}
}

// OrgActionRoles returns the roles that may take the action. The service
// also checks that the role's scope covers the organization.
func OrgActionRoles(a OrgAction) []Role { return slices.Clone(orgSteps[a].roles) }

// OrgTransition is the outcome of a lifecycle step.
type OrgTransition struct {
	To    OrgStatus
	Stage string // the pre-review stage after the step ("" outside pre-review)
}

// NextOrgStatus validates a lifecycle step: the action must be allowed
// from the status (and pre-review stage), and a reason given where the law
// or practice wants one recorded. It returns the new status and stage.
// Authorization is not its business: the service checks the actor.
func NextOrgStatus(from OrgStatus, stage string, a OrgAction, level OrgLevel, reason string) (OrgTransition, error) {
	step, ok := orgSteps[a]
	if !ok {
		return OrgTransition{}, E(Invalid, "org.unknown_action").With("action", string(a))
	}
	if !slices.Contains(step.from, from) || step.stage != "" && step.stage != stage {
		return OrgTransition{}, E(Conflict, "org.bad_transition").With("action", string(a)).With("status", string(from))
	}
	if step.reason && strings.TrimSpace(reason) == "" {
		var fe FieldErrors
		fe.Add("reason", "org.reason_required")
		return OrgTransition{}, fe.Err()
	}
	if utf8.RuneCountInString(reason) > 2000 {
		var fe FieldErrors
		fe.Add("reason", "org.reason_length")
		return OrgTransition{}, fe.Err()
	}
	t := OrgTransition{To: step.to}
	switch a {
	case ActSubmit:
		// A district-level organization has no township to give an opinion.
		t.Stage = StageTownship
		if level == LevelDistrict {
			t.Stage = StageDistrict
		}
	case ActOpinion:
		t.Stage = StageDistrict
	}
	return t, nil
}

// Registration is an organization's legal registration.
type Registration struct {
	CreditCode string    // 统一社会信用代码
	Authority  string    // the registration authority's name, e.g. 上海市崇明区民政局
	Date       time.Time // date of registration
}

// ValidateRegistration checks the registration details of an organization
// of the legal form: a valid credit code where the form has one, an
// authority, and a date not in the future.
func ValidateRegistration(form LegalForm, r Registration, today time.Time) error {
	var fe FieldErrors
	switch {
	case r.CreditCode == "" && form.NeedsCreditCode():
		fe.Add("credit_code", "org.credit_code_required")
	case r.CreditCode != "":
		if err := ValidateUSCC(r.CreditCode); err != nil {
			for _, f := range fieldsOf(err) {
				fe.Add("credit_code", f)
			}
		}
	}
	if strings.TrimSpace(r.Authority) == "" {
		fe.Add("registration_authority", "org.authority_required")
	}
	if r.Date.IsZero() {
		fe.Add("registration_date", "org.registration_date_required")
	} else if r.Date.After(today) {
		fe.Add("registration_date", "org.registration_date_future")
	}
	return fe.Err()
}

// fieldsOf returns the message codes an error carries: its field codes, or
// its own code.
func fieldsOf(err error) []string {
	e, ok := err.(*Error)
	if !ok {
		return []string{"error.invalid_input"}
	}
	if len(e.Fields) == 0 {
		return []string{e.Code}
	}
	codes := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		codes = append(codes, f.Code)
	}
	return codes
}

// ValidateOrgKind checks that type, legal form and level fit together:
// a people's mediation committee is never commercial (people's mediation is
// free by law), and a new-type organization is an individual
// proprietorship, a partnership or a company.
func ValidateOrgKind(t OrgType, f LegalForm, l OrgLevel) error {
	var fe FieldErrors
	if !slices.Contains(OrgTypes(), t) {
		fe.Add("type", "org.type_unknown")
	}
	if !slices.Contains(LegalForms(), f) {
		fe.Add("legal_form", "org.form_unknown")
	}
	if !slices.Contains(OrgLevels(), l) {
		fe.Add("level", "org.level_unknown")
	}
	if len(fe) > 0 {
		return fe.Err()
	}
	switch {
	case f == FormPeoplesCommittee && t == OrgCommercial:
		fe.Add("legal_form", "org.committee_not_commercial")
	case t == OrgNewType && f != FormSoleProprietor && f != FormPartnership && f != FormCompany:
		fe.Add("legal_form", "org.new_type_form")
	}
	return fe.Err()
}

// MayCharge reports whether an organization may publish a fee standard:
// only commercial mediation is paid; people's mediation is free by law
// (人民调解法 Art. 4).
func MayCharge(t OrgType, f LegalForm) bool {
	return t == OrgCommercial && f != FormPeoplesCommittee
}
