package tiaojie

import (
	"testing"
	"time"
)

func TestNextOrgStatus(t *testing.T) {
	type step struct {
		from   OrgStatus
		stage  string
		act    OrgAction
		level  OrgLevel
		reason string
		to     OrgStatus
		toSt   string
		kind   Kind // 0 (Internal) means success
	}
	ok := Kind(255)
	for _, tc := range []step{
		{StatusPreparing, "", ActSubmit, LevelTownship, "", StatusPrereview, StageTownship, ok},
		{StatusPreparing, "", ActSubmit, LevelDistrict, "", StatusPrereview, StageDistrict, ok},
		{StatusPrereview, StageTownship, ActOpinion, LevelTownship, "同意设立", StatusPrereview, StageDistrict, ok},
		{StatusPrereview, StageTownship, ActOpinion, LevelTownship, "  ", "", "", Invalid},
		{StatusPrereview, StageTownship, ActApprove, LevelTownship, "", "", "", Conflict}, // the township has not spoken
		{StatusPrereview, StageDistrict, ActApprove, LevelTownship, "", StatusRegistered, "", ok},
		{StatusPrereview, StageDistrict, ActReject, LevelTownship, "章程不完整", StatusPreparing, "", ok},
		{StatusPrereview, StageDistrict, ActReject, LevelTownship, "", "", "", Invalid},
		{StatusPreparing, "", ActActivate, LevelTownship, "", "", "", Conflict}, // never passed pre-review
		{StatusRegistered, "", ActActivate, LevelTownship, "", StatusActive, "", ok},
		{StatusActive, "", ActRectify, LevelTownship, "台账缺失", StatusRectifying, "", ok},
		{StatusRectifying, "", ActRectified, LevelTownship, "", StatusActive, "", ok},
		{StatusActive, "", ActSuspend, LevelTownship, "严重违规", StatusSuspended, "", ok},
		{StatusSuspended, "", ActResume, LevelTownship, "", StatusActive, "", ok},
		{StatusSuspended, "", ActDissolve, LevelTownship, "自行解散", StatusDissolved, "", ok},
		{StatusDissolved, "", ActResume, LevelTownship, "", "", "", Conflict},
		{StatusPreparing, "", ActWithdraw, LevelTownship, "举办者放弃", StatusWithdrawn, "", ok},
		{StatusActive, "", ActWithdraw, LevelTownship, "x", "", "", Conflict},
		{StatusActive, "", OrgAction("fly"), LevelTownship, "", "", "", Invalid},
	} {
		got, err := NextOrgStatus(tc.from, tc.stage, tc.act, tc.level, tc.reason)
		if tc.kind == ok {
			if err != nil || got.To != tc.to || got.Stage != tc.toSt {
				t.Errorf("%s %s/%s: %+v, %v; want %s/%s", tc.act, tc.from, tc.stage, got, err, tc.to, tc.toSt)
			}
			continue
		}
		if ErrorKind(err) != tc.kind {
			t.Errorf("%s %s/%s: %v, want kind %v", tc.act, tc.from, tc.stage, err, tc.kind)
		}
	}
}

// TestEveryActionHasRoles keeps the role table complete.
func TestEveryActionHasRoles(t *testing.T) {
	for _, a := range OrgActions() {
		if len(OrgActionRoles(a)) == 0 {
			t.Errorf("%s: no role may take it", a)
		}
	}
}

func TestValidateRegistration(t *testing.T) {
	today := time.Date(2026, 11, 29, 0, 0, 0, 0, Beijing())
	good := Registration{CreditCode: "91350100M000100Y43", Authority: "上海市崇明区民政局", Date: today.AddDate(0, -1, 0)}
	for _, tc := range []struct {
		name string
		form LegalForm
		r    Registration
		want string
	}{
		{"good", FormSocialService, good, ""},
		{"committee without code", FormPeoplesCommittee, Registration{Authority: "区司法局", Date: today}, ""},
		{"missing code", FormCompany, Registration{Authority: "市场监管局", Date: today}, "org.credit_code_required"},
		{"bad check character", FormCompany, Registration{CreditCode: "91350100M000100Y44", Authority: "x", Date: today}, "uscc.checksum"},
		{"no authority", FormSocialService, Registration{CreditCode: good.CreditCode, Date: today}, "org.authority_required"},
		{"future date", FormSocialService, Registration{CreditCode: good.CreditCode, Authority: "x", Date: today.AddDate(0, 0, 1)}, "org.registration_date_future"},
	} {
		err := ValidateRegistration(tc.form, tc.r, today)
		got := ""
		if e, ok := err.(*Error); ok && len(e.Fields) > 0 {
			got = e.Fields[0].Code
		}
		if got != tc.want {
			t.Errorf("%s: %q (%v), want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestValidateOrgKind(t *testing.T) {
	for _, tc := range []struct {
		t    OrgType
		f    LegalForm
		l    OrgLevel
		want string
	}{
		{OrgBasic, FormPeoplesCommittee, LevelVillage, ""},
		{OrgCommercial, FormSocialService, LevelDistrict, ""},
		{OrgNewType, FormCompany, LevelDistrict, ""},
		{OrgCommercial, FormPeoplesCommittee, LevelDistrict, "org.committee_not_commercial"},
		{OrgNewType, FormSocialGroup, LevelDistrict, "org.new_type_form"},
		{"x", FormCompany, LevelDistrict, "org.type_unknown"},
		{OrgBasic, "x", LevelDistrict, "org.form_unknown"},
		{OrgBasic, FormCompany, "x", "org.level_unknown"},
	} {
		err := ValidateOrgKind(tc.t, tc.f, tc.l)
		got := ""
		if e, ok := err.(*Error); ok {
			got = e.Fields[0].Code
		}
		if got != tc.want {
			t.Errorf("%s/%s/%s: %q, want %q", tc.t, tc.f, tc.l, got, tc.want)
		}
	}
	if MayCharge(OrgCommercial, FormPeoplesCommittee) || !MayCharge(OrgCommercial, FormCompany) || MayCharge(OrgBasic, FormCompany) {
		t.Error("MayCharge is wrong")
	}
}

func TestNextMediatorStatus(t *testing.T) {
	for _, tc := range []struct {
		from, to         MediatorStatus
		reason, decision string
		want             Kind
	}{
		{MediatorActive, MediatorSuspended, "待查", "", 255},
		{MediatorSuspended, MediatorActive, "", "", 255},
		{MediatorActive, MediatorRemoved, "收受财物", "沪崇司〔2026〕1号", 255},
		{MediatorActive, MediatorRemoved, "收受财物", "", Invalid},
		{MediatorActive, MediatorSuspended, "", "", Invalid},
		{MediatorRemoved, MediatorActive, "", "", Conflict},
		{MediatorActive, MediatorActive, "", "", Conflict},
	} {
		err := NextMediatorStatus(tc.from, tc.to, tc.reason, tc.decision)
		if tc.want == 255 && err != nil || tc.want != 255 && ErrorKind(err) != tc.want {
			t.Errorf("%s → %s: %v", tc.from, tc.to, err)
		}
	}
	if MediatorRemoved.Assignable() || MediatorSuspended.Assignable() || !MediatorActive.Assignable() {
		t.Error("Assignable is wrong")
	}
}

func TestCoversOrg(t *testing.T) {
	cq, bz := "310151101", "310151102"
	for _, tc := range []struct {
		name string
		g    Grant
		org  int64
		twp  string
		want bool
	}{
		{"bureau", Grant{Role: RoleBureau}, 7, bz, true},
		{"own township", Grant{Role: RoleTownship, Township: cq}, 7, cq, true},
		{"other township", Grant{Role: RoleTownship, Township: cq}, 7, bz, false},
		{"own org", Grant{Role: RoleOrgAdmin, OrgID: 7}, 7, bz, true},
		{"other org", Grant{Role: RoleOrgAdmin, OrgID: 7}, 8, bz, false},
		{"mediator", Grant{Role: RoleMediator, OrgID: 8}, 8, cq, true},
		{"expert", Grant{Role: RoleExpert}, 8, cq, false},
		{"admin", Grant{Role: RoleAdmin}, 8, cq, false},
	} {
		p := &Principal{UserID: 1, Grants: []Grant{tc.g}}
		if got := p.CoversOrg(tc.org, tc.twp); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
	if !System().CoversOrg(1, "") {
		t.Error("the system is out of scope")
	}
}
