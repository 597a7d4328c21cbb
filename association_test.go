package tiaojie

import (
	"fmt"
	"strings"
	"testing"
)

// TestNextMemberStatus walks every status, step and actor against the
// table of allowed steps; everything else is refused.
func TestNextMemberStatus(t *testing.T) {
	type key struct {
		from  MemberStatus
		act   MemberAction
		actor MemberActor
	}
	allowed := map[key]MemberStatus{
		{MemberNone, MemberApply, MemberByOrg}:                  MemberApplied,
		{MemberDeclined, MemberApply, MemberByOrg}:              MemberApplied,
		{MemberCancelled, MemberApply, MemberByOrg}:             MemberApplied,
		{MemberApplied, MemberAdmit, MemberByAssociation}:       MemberActive,
		{MemberApplied, MemberDecline, MemberByAssociation}:     MemberDeclined,
		{MemberActive, MemberSuspend, MemberByAssociation}:      MemberSuspended,
		{MemberActive, MemberCancel, MemberByAssociation}:       MemberCancelled,
		{MemberSuspended, MemberCancel, MemberByAssociation}:    MemberCancelled,
		{MemberSuspended, MemberReinstate, MemberByAssociation}: MemberActive,
	}
	for _, from := range append([]MemberStatus{MemberNone}, MemberStatuses()...) {
		for _, act := range MemberActions() {
			for _, actor := range []MemberActor{MemberByOrg, MemberByAssociation} {
				got, err := NextMemberStatus(from, act, actor, "理由")
				want, ok := allowed[key{from, act, actor}]
				name := fmt.Sprintf("%q/%s/%s", from, act, actor)
				if ok && (err != nil || got != want) {
					t.Errorf("%s = %q, %v; want %q", name, got, err, want)
				}
				if !ok && err == nil {
					t.Errorf("%s = %q, want a refusal", name, got)
				}
			}
		}
	}
	if _, err := NextMemberStatus(MemberApplied, MemberDecline, MemberByAssociation, " "); describe(err) != "reason:association.reason_required" {
		t.Errorf("decline without reason: %v", err)
	}
	if _, err := NextMemberStatus(MemberApplied, MemberDecline, MemberByAssociation, strings.Repeat("字", MaxMemberText+1)); describe(err) != "reason:association.too_long" {
		t.Errorf("long reason: %v", err)
	}
	if _, err := NextMemberStatus(MemberApplied, "join", MemberByOrg, ""); describe(err) != "invalid association.unknown_action" {
		t.Errorf("unknown step: %v", err)
	}
}

// TestNextMeasureStatus covers every measure against every status.
func TestNextMeasureStatus(t *testing.T) {
	type key struct {
		from MemberStatus
		k    MeasureKind
	}
	allowed := map[key]MemberStatus{
		{MemberActive, MeasureTalk}:         MemberActive,
		{MemberSuspended, MeasureTalk}:      MemberSuspended,
		{MemberActive, MeasureCriticism}:    MemberActive,
		{MemberSuspended, MeasureCriticism}: MemberSuspended,
		{MemberActive, MeasureSuspend}:      MemberSuspended,
		{MemberActive, MeasureCancel}:       MemberCancelled,
		{MemberSuspended, MeasureCancel}:    MemberCancelled,
	}
	for _, from := range append([]MemberStatus{MemberNone}, MemberStatuses()...) {
		for _, k := range MeasureKinds() {
			got, err := NextMeasureStatus(from, k, "违反行业自律公约")
			want, ok := allowed[key{from, k}]
			if ok && (err != nil || got != want) {
				t.Errorf("%q/%s = %q, %v; want %q", from, k, got, err, want)
			}
			if !ok && !IsKind(err, Conflict) {
				t.Errorf("%q/%s = %q, %v; want a conflict", from, k, got, err)
			}
		}
	}
	if _, err := NextMeasureStatus(MemberActive, MeasureTalk, ""); describe(err) != "reason:association.reason_required" {
		t.Errorf("talk without reason: %v", err)
	}
	if _, err := NextMeasureStatus(MemberActive, "fine", "x"); describe(err) != "kind:association.measure_kind" {
		t.Errorf("unknown measure: %v", err)
	}
}
