package tiaojie

import (
	"slices"
	"testing"
)

// incubationAllowed is the incubation lifecycle written out by hand: every
// (status, action, actor) that may happen and where it leads. Every other
// triple must be refused.
var incubationAllowed = map[[3]string]IncubationStatus{
	{"submitted", "screen", "staff"}:       IncScreening,
	{"submitted", "reject", "staff"}:       IncRejected,
	{"submitted", "withdraw", "applicant"}: IncWithdrawn,
	{"screening", "admit", "staff"}:        IncAdmitted,
	{"screening", "reject", "staff"}:       IncRejected,
	{"screening", "withdraw", "applicant"}: IncWithdrawn,
	{"admitted", "enter", "staff"}:         IncInResidence,
	{"admitted", "exit", "staff"}:          IncExited,
	{"in_residence", "graduate", "staff"}:  IncGraduated,
	{"in_residence", "exit", "staff"}:      IncExited,
}

var incubationNeedsReason = []IncubationAction{IncActAdmit, IncActReject, IncActExit}

// TestIncubationLifecycle tries every status, step and actor, with and
// without a reason, against the table.
func TestIncubationLifecycle(t *testing.T) {
	actors := []IncubationActor{IncActorApplicant, IncActorStaff, "stranger"}
	actions := append(IncubationActions(), "promote")
	for _, from := range IncubationStatuses() {
		for _, a := range actions {
			for _, by := range actors {
				want, ok := incubationAllowed[[3]string{string(from), string(a), string(by)}]
				got, err := NextIncubationStatus(from, a, by, "理由")
				switch {
				case ok && (err != nil || got != want):
					t.Errorf("%s %s by %s = %q, %v; want %q", from, a, by, got, err, want)
				case !ok && err == nil:
					t.Errorf("%s %s by %s allowed (→ %q)", from, a, by, got)
				}
				if !ok {
					continue
				}
				_, err = NextIncubationStatus(from, a, by, " 　\n")
				if need := slices.Contains(incubationNeedsReason, a); need != (ErrorKind(err) == Invalid) {
					t.Errorf("%s %s without a reason: %v (reason needed: %v)", from, a, err, need)
				}
			}
		}
	}
}

// TestIncubationRefusalKinds: an unknown step is Invalid, the wrong actor
// Forbidden, the wrong status Conflict.
func TestIncubationRefusalKinds(t *testing.T) {
	cases := []struct {
		from IncubationStatus
		a    IncubationAction
		by   IncubationActor
		kind Kind
	}{
		{IncSubmitted, "promote", IncActorStaff, Invalid},
		{IncSubmitted, IncActScreen, IncActorApplicant, Forbidden},
		{IncSubmitted, IncActWithdraw, IncActorStaff, Forbidden},
		{IncGraduated, IncActExit, IncActorStaff, Conflict},
		{IncSubmitted, IncActAdmit, IncActorStaff, Conflict},
	}
	for _, c := range cases {
		if _, err := NextIncubationStatus(c.from, c.a, c.by, "x"); ErrorKind(err) != c.kind {
			t.Errorf("%s %s by %s: %v, want kind %v", c.from, c.a, c.by, err, c.kind)
		}
	}
}

// TestIncubationStepsFrom lists exactly the table's steps per status and
// actor.
func TestIncubationStepsFrom(t *testing.T) {
	for _, from := range IncubationStatuses() {
		for _, by := range []IncubationActor{IncActorApplicant, IncActorStaff} {
			var want []IncubationAction
			for _, a := range IncubationActions() {
				if _, ok := incubationAllowed[[3]string{string(from), string(a), string(by)}]; ok {
					want = append(want, a)
				}
			}
			if got := IncubationStepsFrom(from, by); !slices.Equal(got, want) {
				t.Errorf("steps from %s by %s = %v, want %v", from, by, got, want)
			}
		}
		if from.Closed() != slices.Contains([]IncubationStatus{IncRejected, IncWithdrawn, IncGraduated, IncExited}, from) {
			t.Errorf("%s closed = %v", from, from.Closed())
		}
	}
	if !ValidIncubationPeriod(6) || !ValidIncubationPeriod(12) || ValidIncubationPeriod(9) {
		t.Error("periods: 6 and 12 months only")
	}
}
