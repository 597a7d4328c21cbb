package tiaojie_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
)

// TestPermissionTable is the reference of who may do what: a change of
// the permission table must change this test too, so that it is a
// decision someone reviewed and not a slip.
func TestPermissionTable(t *testing.T) {
	want := map[tiaojie.Role][]string{
		tiaojie.RolePublic:   {"public", "self"},
		tiaojie.RoleMediator: {"cases.handle", "cases.read", "mediators.read", "orgs.read", "public", "self"},
		tiaojie.RoleOrgAdmin: {"cases.handle", "cases.read", "disclosure.file", "mediators.edit", "mediators.read", "orgs.edit", "orgs.lifecycle", "orgs.read", "public", "ratings.apply", "self", "users.read",
			"training.enrol",    // training (C11)
			"funding.org",       // funding (C11)
			"stats.read",        // statistics (C15)
			"procurement.apply", // procurement (C9)
		},
		tiaojie.RoleTownship: {"cases.desk", "cases.read", "complaints.handle", "incubation.manage", "mediators.edit", "mediators.read", "mediators.status", "orgs.create", "orgs.edit", "orgs.lifecycle", "orgs.read", "public", "self", "supervision.manage", "users.read",
			"training.enrol", "training.manage", // training (C11)
			"plan.view",       // rollout plan (C14)
			"stats.read",      // statistics (C15)
			"meetings.manage", // meetings (C12)
		},
		tiaojie.RoleBureau: {"calendar.edit", "cases.desk", "cases.read", "complaints.handle", "content.edit", "experts.manage", "incubation.manage", "mediators.edit", "mediators.read", "mediators.status", "orgs.create", "orgs.edit", "orgs.feature", "orgs.lifecycle", "orgs.read", "policy.edit", "public", "ratings.manage", "self", "supervision.manage", "users.read",
			"agencies.manage",                   // partner agencies (C12)
			"training.enrol", "training.manage", // training (C11)
			"funding.manage",           // funding (C11)
			"plan.manage", "plan.view", // rollout plan (C14)
			"stats.read",         // statistics (C15)
			"procurement.manage", // procurement (C9)
			"meetings.manage",    // meetings (C12)
		},
		tiaojie.RoleAssociation: {"association.manage", "complaints.handle", "mediators.read", "orgs.read", "public", "self",
			"stats.read", // statistics (C15)
		},
		tiaojie.RoleExpert: {"expert.review", "public", "self"},
		tiaojie.RolePartner: {"public", "self",
			"procurement.manage", // procurement (C9)
		},
		tiaojie.RoleAdmin:   {"public", "self", "users.manage", "users.read"},
		tiaojie.RoleAuditor: {"audit.read", "public", "self"},
	}
	for _, ps := range want {
		slices.Sort(ps)
	}
	got := map[tiaojie.Role][]string{}
	for _, r := range tiaojie.Roles() {
		for _, p := range tiaojie.RolePermissions(r) {
			got[r] = append(got[r], string(p))
		}
		slices.Sort(got[r])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("permission table (-want +got):\n%s", diff)
	}
}

// TestPolicyPermission: only the bureau sets the policy, and only in a
// session that passed its login steps.
func TestPolicyPermission(t *testing.T) {
	for _, r := range tiaojie.Roles() {
		p := &tiaojie.Principal{UserID: 1, Grants: []tiaojie.Grant{{Role: r}}}
		if got := p.Can(tiaojie.PermPolicy); got != (r == tiaojie.RoleBureau) {
			t.Errorf("%s may set the policy: %v", r, got)
		}
	}
	pending := &tiaojie.Principal{UserID: 1, Grants: []tiaojie.Grant{{Role: tiaojie.RoleBureau}}, Pending: "totp"}
	if pending.Can(tiaojie.PermPolicy) {
		t.Error("a bureau login with a step left may set the policy")
	}
}

func TestAdminOrgIDs(t *testing.T) {
	p := &tiaojie.Principal{UserID: 1, Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: 7}, {Role: tiaojie.RoleMediator, OrgID: 8},
		{Role: tiaojie.RoleBureau}, {Role: tiaojie.RoleOrgAdmin, OrgID: 9}}}
	if got := p.AdminOrgIDs(); !slices.Equal(got, []int64{7, 9}) {
		t.Errorf("AdminOrgIDs = %v, want [7 9]", got)
	}
	mediator := &tiaojie.Principal{UserID: 1, Grants: []tiaojie.Grant{{Role: tiaojie.RoleMediator, OrgID: 8}}}
	if got := mediator.AdminOrgIDs(); got != nil {
		t.Errorf("a mediator administers %v", got)
	}
}
