package tiaojie

import (
	"errors"
	"fmt"
	"testing"
)

// allowed is the whole lifecycle written out as a table: every (status,
// action) pair that may happen and where it leads. Every other pair must
// be refused.
var allowed = map[[2]string]CaseStatus{
	{"draft", "submit"}:              CaseSubmitted,
	{"draft", "withdraw"}:            CaseWithdrawn,
	{"submitted", "route"}:           CaseAwaitingOrg,
	{"submitted", "reject"}:          CaseRejected,
	{"submitted", "withdraw"}:        CaseWithdrawn,
	{"awaiting_org", "accept"}:       CaseAwaitingResp,
	{"awaiting_org", "decline"}:      CaseSubmitted,
	{"awaiting_org", "timeout"}:      CaseSubmitted,
	{"awaiting_org", "reject"}:       CaseRejected,
	{"awaiting_org", "withdraw"}:     CaseWithdrawn,
	{"awaiting_resp", "consent"}:     CaseMediating,
	{"awaiting_resp", "refuse"}:      CaseTerminated,
	{"awaiting_resp", "unreachable"}: CaseTerminated,
	{"awaiting_resp", "withdraw"}:    CaseWithdrawn,
	{"mediating", "extend"}:          CaseMediating,
	{"mediating", "draft_agreement"}: CaseSigning,
	{"mediating", "oral_agreement"}:  CaseAgreed,
	{"mediating", "terminate"}:       CaseTerminated,
	{"signing", "reopen"}:            CaseMediating,
	{"signing", "conclude"}:          CaseAgreed,
	{"signing", "terminate"}:         CaseTerminated,
	{"agreed", "apply_confirm"}:      CaseConfirming,
	{"agreed", "perform"}:            CasePerformed,
	{"agreed", "visit"}:              CaseVisited,
	{"confirming", "confirm_result"}: CaseAgreed,
	{"performed", "visit"}:           CaseVisited,
	{"visited", "archive"}:           CaseArchived,
	{"terminated", "archive"}:        CaseArchived,
	{"withdrawn", "archive"}:         CaseArchived,
	{"rejected", "archive"}:          CaseArchived,
}

// TestCaseLifecycleExhaustive tries every action from every status by
// every actor.
func TestCaseLifecycleExhaustive(t *testing.T) {
	actors := []CaseActor{ActorApplicant, ActorRespondent, ActorMediator, ActorOrg, ActorDesk, ActorSystem}
	for _, from := range CaseStatuses() {
		for _, a := range CaseActions() {
			to, ok := allowed[[2]string{string(from), string(a)}]
			permitted := 0
			for _, actor := range actors {
				end := EndFarApart
				if from == CaseSigning {
					end = EndRefusedToSign
				}
				st, err := NextCaseStatus(from, a, actor, end, "理由")
				name := fmt.Sprintf("%s/%s/%s", from, a, actor)
				switch {
				case !ok:
					if !IsKind(err, Conflict) {
						t.Errorf("%s: err = %v, want a conflict", name, err)
					}
				case err == nil:
					permitted++
					if st.To != to {
						t.Errorf("%s: to = %s, want %s", name, st.To, to)
					}
				case !IsKind(err, Forbidden):
					t.Errorf("%s: err = %v, want nil or forbidden", name, err)
				}
			}
			if ok && permitted == 0 {
				t.Errorf("%s/%s: allowed but no actor may take it", from, a)
			}
		}
	}
}

func TestCaseActors(t *testing.T) {
	for _, tc := range []struct {
		from  CaseStatus
		a     CaseAction
		actor CaseActor
		ok    bool
	}{
		{CaseAwaitingOrg, CaseAccept, ActorOrg, true},
		{CaseAwaitingOrg, CaseAccept, ActorMediator, false}, // the organization accepts, not one mediator
		{CaseAwaitingOrg, CaseAccept, ActorApplicant, false},
		{CaseAwaitingOrg, CaseTimeout, ActorSystem, true},
		{CaseAwaitingOrg, CaseTimeout, ActorOrg, false},
		{CaseAwaitingResp, CaseConsent, ActorRespondent, true},
		{CaseAwaitingResp, CaseConsent, ActorApplicant, false}, // only the respondent, or staff who reached them
		{CaseMediating, CaseDraftAgreement, ActorMediator, true},
		{CaseMediating, CaseDraftAgreement, ActorOrg, false},
		{CaseMediating, CaseTerminate, ActorApplicant, false},
		{CaseSubmitted, CaseRoute, ActorApplicant, true},
		{CaseSubmitted, CaseRoute, ActorDesk, true},
		{CaseSubmitted, CaseWithdraw, ActorRespondent, false},
		{CaseVisited, CaseArchive, ActorMediator, false},
		{CaseVisited, CaseArchive, ActorOrg, true},
	} {
		_, err := NextCaseStatus(tc.from, tc.a, tc.actor, EndFarApart, "理由")
		if (err == nil) != tc.ok {
			t.Errorf("%s/%s by %s: err = %v, want ok=%v", tc.from, tc.a, tc.actor, err, tc.ok)
		}
	}
}

func TestCaseReasons(t *testing.T) {
	long := make([]rune, MaxReasonRunes+1)
	for i := range long {
		long[i] = '理'
	}
	for _, tc := range []struct {
		name    string
		from    CaseStatus
		a       CaseAction
		actor   CaseActor
		end     EndReason
		reason  string
		field   string // the field the error names, "" for success
		wantEnd EndReason
	}{
		{"decline needs a reason", CaseAwaitingOrg, CaseDecline, ActorOrg, "", "  ", "reason", ""},
		{"decline with reason", CaseAwaitingOrg, CaseDecline, ActorOrg, "", "超出本会受理范围", "", ""},
		{"reject needs a reason", CaseSubmitted, CaseReject, ActorDesk, "", "", "reason", ""},
		{"reason too long", CaseAwaitingOrg, CaseDecline, ActorOrg, "", string(long), "reason", ""},
		{"terminate needs an end reason", CaseMediating, CaseTerminate, ActorMediator, "", "", "end_reason", ""},
		{"terminate unknown reason", CaseMediating, CaseTerminate, ActorMediator, "agreement", "", "end_reason", ""},
		{"terminate far apart", CaseMediating, CaseTerminate, ActorMediator, EndFarApart, "", "", EndFarApart},
		{"refused to sign needs an agreement", CaseMediating, CaseTerminate, ActorMediator, EndRefusedToSign, "", "end_reason", ""},
		{"refused to sign while signing", CaseSigning, CaseTerminate, ActorMediator, EndRefusedToSign, "", "", EndRefusedToSign},
		{"other needs words", CaseMediating, CaseTerminate, ActorMediator, EndOther, "", "reason", ""},
		{"other with words", CaseMediating, CaseTerminate, ActorMediator, EndOther, "当事人死亡", "", EndOther},
		{"respondent refuses", CaseAwaitingResp, CaseRefuse, ActorRespondent, "", "", "", EndUnwilling},
		{"unreachable", CaseAwaitingResp, CaseUnreachable, ActorSystem, "", "", "", EndUnreachable},
		{"conclude", CaseSigning, CaseConclude, ActorSystem, "", "", "", EndAgreement},
		{"oral", CaseMediating, CaseOralAgreement, ActorMediator, "", "", "", EndAgreement},
		{"extend needs the consent recorded", CaseMediating, CaseExtend, ActorMediator, "", "", "reason", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := NextCaseStatus(tc.from, tc.a, tc.actor, tc.end, tc.reason)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if st.End != tc.wantEnd {
					t.Errorf("end = %q, want %q", st.End, tc.wantEnd)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != Invalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			found := false
			for _, f := range e.Fields {
				found = found || f.Field == tc.field
			}
			if !found {
				t.Errorf("fields = %v, want %s", e.Fields, tc.field)
			}
		})
	}
	if _, err := NextCaseStatus(CaseDraft, "fly", ActorApplicant, "", ""); !IsKind(err, Invalid) {
		t.Errorf("unknown action: err = %v", err)
	}
}

func TestCaseStatusClasses(t *testing.T) {
	for _, s := range CaseStatuses() {
		if s.Open() && s.Closed() {
			t.Errorf("%s is both open and closed", s)
		}
	}
	if CaseDraft.Open() || CaseDraft.Closed() {
		t.Error("a draft is neither open nor closed")
	}
}
