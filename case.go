package tiaojie

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// CaseStatus is where a dispute stands. The lifecycle follows the court's
// online-mediation rules (法释〔2021〕23号) and the People's Mediation Law
// as DOMAIN.md §(b)1, §(b)2 and §(b)5 set out; docs/cases.md draws it.
//
// The organization accepts (受理) before the respondent is contacted, as
// Arts. 12 and 15 of the court's rules order it: the mediation period runs
// from acceptance (Art. 24), and it is the accepting organization that
// invites the respondent.
type CaseStatus string

// The case statuses.
const (
	CaseDraft        CaseStatus = "draft"         // 草稿: a public application not yet submitted
	CaseSubmitted    CaseStatus = "submitted"     // 待分派: waiting for an organization
	CaseAwaitingOrg  CaseStatus = "awaiting_org"  // 待受理: an organization has 3 working days to accept
	CaseAwaitingResp CaseStatus = "awaiting_resp" // 待被申请人同意: the respondent is invited
	CaseMediating    CaseStatus = "mediating"     // 调解中
	CaseSigning      CaseStatus = "signing"       // 协议待确认: every party must confirm the agreement
	CaseAgreed       CaseStatus = "agreed"        // 已达成协议
	CaseConfirming   CaseStatus = "confirming"    // 司法确认中
	CasePerformed    CaseStatus = "performed"     // 已履行
	CaseVisited      CaseStatus = "visited"       // 已回访
	CaseTerminated   CaseStatus = "terminated"    // 调解终止 (with a reason)
	CaseWithdrawn    CaseStatus = "withdrawn"     // 已撤回 before mediation began
	CaseRejected     CaseStatus = "rejected"      // 不予受理: not a dispute mediation can take
	CaseArchived     CaseStatus = "archived"      // 已归档
)

// CaseStatuses lists the statuses in lifecycle order.
func CaseStatuses() []CaseStatus {
	return []CaseStatus{CaseDraft, CaseSubmitted, CaseAwaitingOrg, CaseAwaitingResp, CaseMediating, CaseSigning,
		CaseAgreed, CaseConfirming, CasePerformed, CaseVisited, CaseTerminated, CaseWithdrawn, CaseRejected, CaseArchived}
}

// Open reports whether the case is still being worked on: it counts in
// an organization's load and on the overdue boards.
func (s CaseStatus) Open() bool {
	switch s {
	case CaseSubmitted, CaseAwaitingOrg, CaseAwaitingResp, CaseMediating, CaseSigning:
		return true
	}
	return false
}

// Closed reports whether mediation is over (whatever the outcome): the
// parties may rate the service, and the case file may be archived once
// its follow-up is done.
func (s CaseStatus) Closed() bool {
	switch s {
	case CaseAgreed, CaseConfirming, CasePerformed, CaseVisited, CaseTerminated, CaseWithdrawn, CaseRejected, CaseArchived:
		return true
	}
	return false
}

// EndReason is why a mediation ended: the reasons of Art. 25 of the
// court's online-mediation rules, used as they are (DOMAIN.md §(b)1).
// EndAgreement is recorded when an agreement takes effect; the others
// terminate the case.
type EndReason string

// The end reasons.
const (
	EndAgreement     EndReason = "agreement"    // 达成协议
	EndSettled       EndReason = "settled"      // 自行和解撤回
	EndUnreachable   EndReason = "unreachable"  // 期限内无法联系
	EndUnwilling     EndReason = "unwilling"    // 一方明确不愿继续（含被申请人不同意调解）
	EndFarApart      EndReason = "far_apart"    // 分歧较大难以达成
	EndExpired       EndReason = "expired"      // 期限届满且未同意延长
	EndRefusedToSign EndReason = "refused_sign" // 一方拒绝在协议上签章
	EndOther         EndReason = "other"        // 其他
)

// TerminationReasons lists the reasons a case may be terminated with.
func TerminationReasons() []EndReason {
	return []EndReason{EndSettled, EndUnreachable, EndUnwilling, EndFarApart, EndExpired, EndRefusedToSign, EndOther}
}

// CaseActor is the part a person plays in one case. The service decides
// it from the principal and the case (a party's phone, the organization's
// grants, the township); the rules below only say which part may act.
type CaseActor string

// The case actors.
const (
	ActorApplicant  CaseActor = "applicant"  // 申请人 or their agent
	ActorRespondent CaseActor = "respondent" // 被申请人 or their agent
	ActorMediator   CaseActor = "mediator"   // the assigned mediator
	ActorOrg        CaseActor = "org"        // the organization's administrator
	ActorDesk       CaseActor = "desk"       // the township office or the bureau (一站式受理窗口, supervision)
	ActorSystem     CaseActor = "system"     // the platform's own jobs (deadlines)
)

// CaseAction is a step of the case lifecycle.
type CaseAction string

// The case actions.
const (
	CaseSubmit         CaseAction = "submit"          // the application is filed
	CaseRoute          CaseAction = "route"           // an organization is chosen
	CaseAccept         CaseAction = "accept"          // the organization accepts (受理): the clock starts
	CaseDecline        CaseAction = "decline"         // the organization declines: back to routing
	CaseTimeout        CaseAction = "timeout"         // the organization did not answer in time: back to routing
	CaseReject         CaseAction = "reject"          // 不予受理: mediation cannot take this dispute
	CaseWithdraw       CaseAction = "withdraw"        // the applicant withdraws before mediation began
	CaseConsent        CaseAction = "consent"         // the respondent agrees to mediate
	CaseRefuse         CaseAction = "refuse"          // the respondent declines: terminated, unwilling
	CaseUnreachable    CaseAction = "unreachable"     // the respondent could not be contacted in time
	CaseExtend         CaseAction = "extend"          // all parties agree to extend the period
	CaseDraftAgreement CaseAction = "draft_agreement" // the mediator puts an agreement to the parties
	CaseReopen         CaseAction = "reopen"          // back from signing to mediation, to change the agreement
	CaseConclude       CaseAction = "conclude"        // every party has confirmed: the agreement takes effect
	CaseOralAgreement  CaseAction = "oral_agreement"  // an oral agreement recorded by the mediator (Art. 28)
	CaseTerminate      CaseAction = "terminate"       // mediation ends without agreement, with a reason
	CaseApplyConfirm   CaseAction = "apply_confirm"   // 司法确认 applied for
	CaseConfirmResult  CaseAction = "confirm_result"  // the court's decision recorded
	CasePerform        CaseAction = "perform"         // performance of the agreement recorded
	CaseVisit          CaseAction = "visit"           // follow-up visit (回访) recorded
	CaseArchive        CaseAction = "archive"         // the case file is closed (归档)
)

// caseStep is one allowed transition.
type caseStep struct {
	from   []CaseStatus
	to     CaseStatus
	actors []CaseActor
	reason bool // a written reason is required
}

var caseSteps = map[CaseAction]caseStep{
	CaseSubmit:         {from: []CaseStatus{CaseDraft}, to: CaseSubmitted, actors: []CaseActor{ActorApplicant, ActorDesk}},
	CaseRoute:          {from: []CaseStatus{CaseSubmitted}, to: CaseAwaitingOrg, actors: []CaseActor{ActorApplicant, ActorDesk}},
	CaseAccept:         {from: []CaseStatus{CaseAwaitingOrg}, to: CaseAwaitingResp, actors: []CaseActor{ActorOrg}},
	CaseDecline:        {from: []CaseStatus{CaseAwaitingOrg}, to: CaseSubmitted, actors: []CaseActor{ActorOrg}, reason: true},
	CaseTimeout:        {from: []CaseStatus{CaseAwaitingOrg}, to: CaseSubmitted, actors: []CaseActor{ActorSystem}},
	CaseReject:         {from: []CaseStatus{CaseSubmitted, CaseAwaitingOrg}, to: CaseRejected, actors: []CaseActor{ActorOrg, ActorDesk}, reason: true},
	CaseWithdraw:       {from: []CaseStatus{CaseDraft, CaseSubmitted, CaseAwaitingOrg, CaseAwaitingResp}, to: CaseWithdrawn, actors: []CaseActor{ActorApplicant, ActorDesk}},
	CaseConsent:        {from: []CaseStatus{CaseAwaitingResp}, to: CaseMediating, actors: []CaseActor{ActorRespondent, ActorMediator, ActorOrg}},
	CaseRefuse:         {from: []CaseStatus{CaseAwaitingResp}, to: CaseTerminated, actors: []CaseActor{ActorRespondent, ActorMediator, ActorOrg}},
	CaseUnreachable:    {from: []CaseStatus{CaseAwaitingResp}, to: CaseTerminated, actors: []CaseActor{ActorMediator, ActorOrg, ActorSystem}},
	CaseExtend:         {from: []CaseStatus{CaseMediating}, to: CaseMediating, actors: []CaseActor{ActorMediator, ActorOrg}, reason: true},
	CaseDraftAgreement: {from: []CaseStatus{CaseMediating}, to: CaseSigning, actors: []CaseActor{ActorMediator}},
	CaseReopen:         {from: []CaseStatus{CaseSigning}, to: CaseMediating, actors: []CaseActor{ActorMediator}, reason: true},
	CaseConclude:       {from: []CaseStatus{CaseSigning}, to: CaseAgreed, actors: []CaseActor{ActorSystem}}, // on the last confirmation
	CaseOralAgreement:  {from: []CaseStatus{CaseMediating}, to: CaseAgreed, actors: []CaseActor{ActorMediator}},
	CaseTerminate:      {from: []CaseStatus{CaseMediating, CaseSigning}, to: CaseTerminated, actors: []CaseActor{ActorMediator, ActorOrg, ActorSystem}},
	CaseApplyConfirm:   {from: []CaseStatus{CaseAgreed}, to: CaseConfirming, actors: []CaseActor{ActorApplicant, ActorRespondent, ActorMediator}},
	CaseConfirmResult:  {from: []CaseStatus{CaseConfirming}, to: CaseAgreed, actors: []CaseActor{ActorMediator, ActorOrg}},
	CasePerform:        {from: []CaseStatus{CaseAgreed}, to: CasePerformed, actors: []CaseActor{ActorMediator, ActorOrg}},
	CaseVisit:          {from: []CaseStatus{CaseAgreed, CasePerformed}, to: CaseVisited, actors: []CaseActor{ActorMediator, ActorOrg}},
	CaseArchive:        {from: []CaseStatus{CaseVisited, CaseTerminated, CaseWithdrawn, CaseRejected}, to: CaseArchived, actors: []CaseActor{ActorOrg, ActorDesk}},
}

// CaseActions lists the actions in lifecycle order.
func CaseActions() []CaseAction {
	return []CaseAction{CaseSubmit, CaseRoute, CaseAccept, CaseDecline, CaseTimeout, CaseReject, CaseWithdraw,
		CaseConsent, CaseRefuse, CaseUnreachable, CaseExtend, CaseDraftAgreement, CaseReopen, CaseConclude,
		CaseOralAgreement, CaseTerminate, CaseApplyConfirm, CaseConfirmResult, CasePerform, CaseVisit, CaseArchive}
}

// CaseActionActors returns the parts that may take the action.
func CaseActionActors(a CaseAction) []CaseActor { return slices.Clone(caseSteps[a].actors) }

// CaseStep is the outcome of a lifecycle step: the new status and, when
// the step ends the mediation, why.
type CaseStep struct {
	To  CaseStatus
	End EndReason
}

// MaxReasonRunes bounds a written reason or note.
const MaxReasonRunes = 2000

// NextCaseStatus decides a lifecycle step: whether the actor may take the
// action from the status, and where it leads. end is the termination
// reason that CaseTerminate needs (one of TerminationReasons); reason is
// the written reason some steps need (a decline, a rejection, an
// extension). The service checks everything else: that the actor really
// plays the part in this case, deadlines, and that every party confirmed
// before CaseConclude.
func NextCaseStatus(from CaseStatus, a CaseAction, actor CaseActor, end EndReason, reason string) (CaseStep, error) {
	step, ok := caseSteps[a]
	if !ok {
		return CaseStep{}, E(Invalid, "case.unknown_action").With("action", string(a))
	}
	if !slices.Contains(step.from, from) {
		return CaseStep{}, E(Conflict, "case.bad_transition").With("action", string(a)).With("status", string(from))
	}
	if !slices.Contains(step.actors, actor) {
		return CaseStep{}, E(Forbidden, "case.not_your_step").With("action", string(a))
	}
	var fe FieldErrors
	if step.reason && strings.TrimSpace(reason) == "" {
		fe.Add("reason", "case.reason_required")
	}
	if utf8.RuneCountInString(reason) > MaxReasonRunes {
		fe.Add("reason", "case.reason_length")
	}
	out := CaseStep{To: step.to}
	switch a {
	case CaseTerminate:
		if !slices.Contains(TerminationReasons(), end) {
			fe.Add("end_reason", "case.end_reason_required")
		} else if end == EndRefusedToSign && from != CaseSigning {
			// Only an agreement put to the parties can be refused.
			fe.Add("end_reason", "case.end_reason_not_signing")
		}
		if end == EndOther && strings.TrimSpace(reason) == "" {
			fe.Add("reason", "case.reason_required")
		}
		out.End = end
	case CaseRefuse:
		out.End = EndUnwilling
	case CaseUnreachable:
		out.End = EndUnreachable
	case CaseConclude, CaseOralAgreement:
		out.End = EndAgreement
	}
	if err := fe.Err(); err != nil {
		return CaseStep{}, err
	}
	return out, nil
}

// CaseSource is how a dispute came to the platform (案件来源).
type CaseSource string

// The case sources.
const (
	SourceOnline   CaseSource = "online"   // a party applied on the portal
	SourceDesk     CaseSource = "desk"     // entered at the one-stop desk (walk-in or phone)
	SourceReferral CaseSource = "referral" // referred by a partner agency
	SourceCourt    CaseSource = "court"    // entrusted by a court (委派/委托)
	SourceCity     CaseSource = "city"     // routed from the city-wide platform
)

// CaseSources lists the sources.
func CaseSources() []CaseSource {
	return []CaseSource{SourceOnline, SourceDesk, SourceReferral, SourceCourt, SourceCity}
}

// PartySide is which side of the dispute a party is on.
type PartySide string

// The sides.
const (
	SideApplicant  PartySide = "applicant"
	SideRespondent PartySide = "respondent"
)

// PartyKind tells a natural person from an organization.
type PartyKind string

// The party kinds.
const (
	PartyPerson PartyKind = "person"
	PartyOrg    PartyKind = "org"
)
