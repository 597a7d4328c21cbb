package tiaojie

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// MediatorGrade is a mediator's grade in the national association's
// four-level scheme: 1 (一级) is the highest, 4 (四级) the entry grade.
// 0 means not graded.
type MediatorGrade int

// Valid reports whether g is 0 (ungraded) or 1–4.
func (g MediatorGrade) Valid() bool { return g >= 0 && g <= 4 }

// MediatorStatus is a mediator's standing on the roster.
type MediatorStatus string

// The roster statuses.
const (
	MediatorActive    MediatorStatus = "active"
	MediatorSuspended MediatorStatus = "suspended"
	MediatorRemoved   MediatorStatus = "removed" // 除名: final; never public, never assignable again
)

// MediatorStatuses lists the statuses in display order.
func MediatorStatuses() []MediatorStatus {
	return []MediatorStatus{MediatorActive, MediatorSuspended, MediatorRemoved}
}

// Assignable reports whether a mediator in the status may be given cases.
func (s MediatorStatus) Assignable() bool { return s == MediatorActive }

// NextMediatorStatus validates a roster status change. Suspension and
// removal need a reason; removal also needs the decision it rests on
// (决定文号 or a description), and nothing leaves the removed status.
func NextMediatorStatus(from, to MediatorStatus, reason, decision string) error {
	allowed := map[MediatorStatus][]MediatorStatus{
		MediatorActive:    {MediatorSuspended, MediatorRemoved},
		MediatorSuspended: {MediatorActive, MediatorRemoved},
	}
	if !slices.Contains(allowed[from], to) {
		return E(Conflict, "mediator.bad_transition").With("status", string(from))
	}
	var fe FieldErrors
	if to != MediatorActive && strings.TrimSpace(reason) == "" {
		fe.Add("reason", "mediator.reason_required")
	}
	if to == MediatorRemoved && strings.TrimSpace(decision) == "" {
		fe.Add("decision", "mediator.decision_required")
	}
	if utf8.RuneCountInString(reason) > 2000 || utf8.RuneCountInString(decision) > 200 {
		fe.Add("reason", "org.reason_length")
	}
	return fe.Err()
}

// Backgrounds are the professional backgrounds of mediators (SPEC C3), as
// stable codes.
func Backgrounds() []string {
	return []string{"law", "medicine", "finance", "psychology", "education", "engineering", "social_work", "community", "other"}
}
