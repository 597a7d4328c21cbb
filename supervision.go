package tiaojie

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Supervision (SPEC C8): the bureau and the township offices inspect the
// organizations, order and verify rectification, evaluate them every year,
// and sanction or reward them. The rules below are pure; the service
// (internal/supervision) checks the caller's scope and writes the records.

// InspectionKind says whether an inspection was announced.
type InspectionKind string

// The kinds of inspection.
const (
	InspectionPlanned     InspectionKind = "planned"     // 计划检查
	InspectionUnannounced InspectionKind = "unannounced" // 突击检查
)

// InspectionKinds lists the kinds in the order forms offer them.
func InspectionKinds() []InspectionKind {
	return []InspectionKind{InspectionPlanned, InspectionUnannounced}
}

// FindingResult is the outcome of one checklist item.
type FindingResult string

// The outcomes of a checklist item.
const (
	FindingConforms FindingResult = "conforms" // 符合
	FindingMinor    FindingResult = "minor"    // 一般问题
	FindingSerious  FindingResult = "serious"  // 严重问题
)

// FindingResults lists the outcomes, best first.
func FindingResults() []FindingResult {
	return []FindingResult{FindingConforms, FindingMinor, FindingSerious}
}

// DefaultChecklist is the checklist an inspection uses while the bureau has
// kept no template of its own: the points the bureau's规范化建设 rules ask
// every organization to meet.
func DefaultChecklist() []string {
	return []string{"场所标识", "制度上墙", "人员名册", "案件登记台账", "卷宗规范", "回访记录", "信息公开"}
}

// InspectionStatus is where an inspection is.
type InspectionStatus string

// The statuses of an inspection.
const (
	InspectionOpen       InspectionStatus = "open"       // 检查中: findings recorded, no order yet
	InspectionRectifying InspectionStatus = "rectifying" // 整改中: rectification ordered, awaiting the response
	InspectionResponded  InspectionStatus = "responded"  // 已反馈: the organization reported its rectification
	InspectionVerified   InspectionStatus = "verified"   // 已验收: the inspector found the rectification done
	InspectionClosed     InspectionStatus = "closed"     // 已结案
)

// InspectionStatuses lists the statuses in order.
func InspectionStatuses() []InspectionStatus {
	return []InspectionStatus{InspectionOpen, InspectionRectifying, InspectionResponded, InspectionVerified, InspectionClosed}
}

// Pending reports whether a rectification is outstanding in the status:
// the organization stays 整改 while any of its inspections is.
func (s InspectionStatus) Pending() bool {
	return s == InspectionRectifying || s == InspectionResponded || s == InspectionVerified
}

// InspectionAction is a step of an inspection.
type InspectionAction string

// The steps of an inspection.
const (
	InspOrder   InspectionAction = "order"   // 责令整改, with a deadline
	InspRespond InspectionAction = "respond" // the organization reports its rectification, with evidence
	InspReturn  InspectionAction = "return"  // 退回: the rectification is not done, back to the organization
	InspVerify  InspectionAction = "verify"  // 验收: the rectification is done
	InspClose   InspectionAction = "close"   // 结案
)

// InspectionActions lists the steps in order.
func InspectionActions() []InspectionAction {
	return []InspectionAction{InspOrder, InspRespond, InspReturn, InspVerify, InspClose}
}

// inspectionStep is one allowed step.
type inspectionStep struct {
	from  []InspectionStatus
	to    InspectionStatus
	roles []Role
	text  bool // a text is required: the order, the response, the reason to return
}

var inspectionSteps = map[InspectionAction]inspectionStep{
	InspOrder:   {from: []InspectionStatus{InspectionOpen}, to: InspectionRectifying, roles: []Role{RoleTownship, RoleBureau}, text: true},
	InspRespond: {from: []InspectionStatus{InspectionRectifying}, to: InspectionResponded, roles: []Role{RoleOrgAdmin}, text: true},
	InspReturn:  {from: []InspectionStatus{InspectionResponded}, to: InspectionRectifying, roles: []Role{RoleTownship, RoleBureau}, text: true},
	InspVerify:  {from: []InspectionStatus{InspectionResponded}, to: InspectionVerified, roles: []Role{RoleTownship, RoleBureau}},
	InspClose:   {from: []InspectionStatus{InspectionOpen, InspectionVerified}, to: InspectionClosed, roles: []Role{RoleTownship, RoleBureau}},
}

// InspectionActionRoles returns the roles that may take the step; the
// service also checks that the role's grant reaches the organization.
func InspectionActionRoles(a InspectionAction) []Role { return slices.Clone(inspectionSteps[a].roles) }

// MaxSupervisionText is the longest order, response, reason or remark, in
// characters.
const MaxSupervisionText = 2000

// NextInspectionStatus validates a step of an inspection: allowed from the
// status, with the text it needs. It returns the new status.
func NextInspectionStatus(from InspectionStatus, a InspectionAction, text string) (InspectionStatus, error) {
	step, ok := inspectionSteps[a]
	if !ok {
		return "", E(Invalid, "supervision.unknown_action").With("action", string(a))
	}
	if !slices.Contains(step.from, from) {
		return "", E(Conflict, "supervision.bad_transition").With("action", string(a)).With("status", string(from))
	}
	var fe FieldErrors
	if step.text && strings.TrimSpace(text) == "" {
		fe.Add("text", "supervision.text_required")
	}
	if utf8.RuneCountInString(text) > MaxSupervisionText {
		fe.Add("text", "supervision.text_length")
	}
	return step.to, fe.Err()
}

// SanctionKind is a sanction or a reward recorded about an organization
// (奖惩情况).
type SanctionKind string

// The kinds of sanction, and the reward.
const (
	SanctionWarning   SanctionKind = "warning"   // 警告
	SanctionRectify   SanctionKind = "rectify"   // 责令整改
	SanctionDowngrade SanctionKind = "downgrade" // 降低星级
	SanctionRemoval   SanctionKind = "removal"   // 调解员除名
	SanctionDissolve  SanctionKind = "dissolve"  // 建议撤销登记
	Reward            SanctionKind = "reward"    // 表彰
)

// SanctionKinds lists the kinds, the sanctions by gravity then the reward.
func SanctionKinds() []SanctionKind {
	return []SanctionKind{SanctionWarning, SanctionRectify, SanctionDowngrade, SanctionRemoval, SanctionDissolve, Reward}
}

// Sanction reports whether the kind is a sanction (not a reward).
func (k SanctionKind) Sanction() bool { return k != Reward && slices.Contains(SanctionKinds(), k) }

// Grave reports whether the kind is one of the gravest sanctions, which
// the district bureau alone imposes: a star downgrade, a mediator's
// removal, a recommendation to dissolve.
func (k SanctionKind) Grave() bool {
	return k == SanctionDowngrade || k == SanctionRemoval || k == SanctionDissolve
}

// SanctionRoles returns the roles that may record a measure of the kind: the
// bureau every kind, a township office (for its township's organizations)
// all but the gravest.
func SanctionRoles(k SanctionKind) []Role {
	switch {
	case !slices.Contains(SanctionKinds(), k):
		return nil
	case k.Grave():
		return []Role{RoleBureau}
	}
	return []Role{RoleTownship, RoleBureau}
}

// Downgrade returns an organization's stars after a downgrade by n: never
// below zero (0 means no stars).
func Downgrade(stars, n int) int { return max(stars-n, 0) }

// EvaluationGrade is the grade of an annual evaluation (年度考评).
type EvaluationGrade string

// The grades, best first.
const (
	GradeExcellent EvaluationGrade = "excellent" // 优秀
	GradePass      EvaluationGrade = "pass"      // 合格
	GradeBasic     EvaluationGrade = "basic"     // 基本合格
	GradeFail      EvaluationGrade = "fail"      // 不合格
)

// EvaluationGrades lists the grades, best first.
func EvaluationGrades() []EvaluationGrade {
	return []EvaluationGrade{GradeExcellent, GradePass, GradeBasic, GradeFail}
}

// ValidateEvaluation checks an evaluation: a known grade, a score of
// 0–100, remarks within bounds, a year from 2000 to the current one.
func ValidateEvaluation(year, thisYear, score int, grade EvaluationGrade, remarks string) error {
	var fe FieldErrors
	if year < 2000 || year > thisYear {
		fe.Add("year", "supervision.year")
	}
	if score < 0 || score > 100 {
		fe.Add("score", "supervision.score")
	}
	if !slices.Contains(EvaluationGrades(), grade) {
		fe.Add("grade", "supervision.grade")
	}
	if utf8.RuneCountInString(remarks) > MaxSupervisionText {
		fe.Add("remarks", "supervision.text_length")
	}
	return fe.Err()
}
