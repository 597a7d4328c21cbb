package tiaojie

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// The industry association (调解行业协会, SPEC C10) admits mediation
// organizations as members and disciplines them (行业自律). The rules here
// are pure: which membership steps are allowed from which status, and what
// each self-discipline measure does to the membership.
// internal/association applies them.

// MemberStatus is where an organization stands with the association.
type MemberStatus string

// The membership statuses.
const (
	MemberNone      MemberStatus = ""          // never applied
	MemberApplied   MemberStatus = "applied"   // 申请中
	MemberActive    MemberStatus = "member"    // 会员
	MemberDeclined  MemberStatus = "declined"  // 未予接纳, with a reason
	MemberSuspended MemberStatus = "suspended" // 暂停会员资格
	MemberCancelled MemberStatus = "cancelled" // 取消会员资格
)

// MemberStatuses lists the statuses a membership record may hold.
func MemberStatuses() []MemberStatus {
	return []MemberStatus{MemberApplied, MemberActive, MemberDeclined, MemberSuspended, MemberCancelled}
}

// Listed reports whether an organization in this status appears in the
// public member register: members, and suspended members marked so.
func (s MemberStatus) Listed() bool { return s == MemberActive || s == MemberSuspended }

// MemberAction is a step of a membership.
type MemberAction string

// The membership steps. The measures (MeasureKind) take the steps that
// suspend and cancel.
const (
	MemberApply     MemberAction = "apply"     // the organization's admin applies
	MemberAdmit     MemberAction = "admit"     // the association admits
	MemberDecline   MemberAction = "decline"   // the association declines, with a reason
	MemberSuspend   MemberAction = "suspend"   // by the measure 暂停会员资格
	MemberCancel    MemberAction = "cancel"    // by the measure 取消会员资格
	MemberReinstate MemberAction = "reinstate" // the association ends a suspension
)

// MemberActor is the part a caller plays in a membership.
type MemberActor string

// The actors of a membership.
const (
	MemberByOrg         MemberActor = "org"         // the organization's admin
	MemberByAssociation MemberActor = "association" // the association
)

type memberStep struct {
	from   []MemberStatus
	to     MemberStatus
	actor  MemberActor
	reason bool
}

// An organization declined or cancelled may apply again: the association
// decides anew.
var memberSteps = map[MemberAction]memberStep{
	MemberApply:     {from: []MemberStatus{MemberNone, MemberDeclined, MemberCancelled}, to: MemberApplied, actor: MemberByOrg},
	MemberAdmit:     {from: []MemberStatus{MemberApplied}, to: MemberActive, actor: MemberByAssociation},
	MemberDecline:   {from: []MemberStatus{MemberApplied}, to: MemberDeclined, actor: MemberByAssociation, reason: true},
	MemberSuspend:   {from: []MemberStatus{MemberActive}, to: MemberSuspended, actor: MemberByAssociation, reason: true},
	MemberCancel:    {from: []MemberStatus{MemberActive, MemberSuspended}, to: MemberCancelled, actor: MemberByAssociation, reason: true},
	MemberReinstate: {from: []MemberStatus{MemberSuspended}, to: MemberActive, actor: MemberByAssociation},
}

// MemberActions lists the membership steps.
func MemberActions() []MemberAction {
	return []MemberAction{MemberApply, MemberAdmit, MemberDecline, MemberSuspend, MemberCancel, MemberReinstate}
}

// MaxMemberText bounds a statement or a reason, in characters.
const MaxMemberText = 1000

// NextMemberStatus validates a membership step taken by actor from status
// from, with reason (trimmed by the caller), and returns the new status.
func NextMemberStatus(from MemberStatus, a MemberAction, actor MemberActor, reason string) (MemberStatus, error) {
	st, ok := memberSteps[a]
	if !ok {
		return "", E(Invalid, "association.unknown_action").With("action", string(a))
	}
	if st.actor != actor {
		return "", E(Forbidden, "error.forbidden")
	}
	if !slices.Contains(st.from, from) {
		return "", E(Conflict, "association.bad_transition").With("action", string(a)).With("status", string(from))
	}
	var fe FieldErrors
	if st.reason && strings.TrimSpace(reason) == "" {
		fe.Add("reason", "association.reason_required")
	}
	if utf8.RuneCountInString(reason) > MaxMemberText {
		fe.Add("reason", "association.too_long", "max", "1000")
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	return st.to, nil
}

// MeasureKind is a self-discipline measure (行业自律措施) the association
// takes against a member.
type MeasureKind string

// The measures, mildest first.
const (
	MeasureTalk      MeasureKind = "talk"      // 提醒谈话
	MeasureCriticism MeasureKind = "criticism" // 通报批评
	MeasureSuspend   MeasureKind = "suspend"   // 暂停会员资格
	MeasureCancel    MeasureKind = "cancel"    // 取消会员资格
)

// MeasureKinds lists the measures, mildest first.
func MeasureKinds() []MeasureKind {
	return []MeasureKind{MeasureTalk, MeasureCriticism, MeasureSuspend, MeasureCancel}
}

// MeasureStep returns the membership step a measure takes ("" for a
// measure that leaves the membership as it is), and the statuses it may
// be taken against: talks and criticism need a member, suspended or not.
func MeasureStep(k MeasureKind) (MemberAction, bool) {
	switch k {
	case MeasureTalk, MeasureCriticism:
		return "", true
	case MeasureSuspend:
		return MemberSuspend, true
	case MeasureCancel:
		return MemberCancel, true
	}
	return "", false
}

// NextMeasureStatus validates a measure against a membership in status
// from and returns the status after it.
func NextMeasureStatus(from MemberStatus, k MeasureKind, reason string) (MemberStatus, error) {
	step, ok := MeasureStep(k)
	if !ok {
		var fe FieldErrors
		fe.Add("kind", "association.measure_kind")
		return "", fe.Err()
	}
	if step != "" {
		return NextMemberStatus(from, step, MemberByAssociation, reason)
	}
	if !from.Listed() {
		return "", E(Conflict, "association.not_member")
	}
	var fe FieldErrors
	if strings.TrimSpace(reason) == "" {
		fe.Add("reason", "association.reason_required")
	}
	if utf8.RuneCountInString(reason) > MaxMemberText {
		fe.Add("reason", "association.too_long", "max", "1000")
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	return from, nil
}
