package roster

import (
	"slices"
	"strings"

	"tiaojie"
)

// A mediator belongs to organizations, and staff scopes are organizations
// or townships, so a mediator is within a caller's scope when any of its
// current organizations is. Scope is judged per grant: only a grant whose
// role confers the permission counts, so a user who is a mediator of one
// organization and a township officer elsewhere cannot edit the roster of
// that organization through the mediator grant (which has no edit right).

// reaches reports whether one of p's grants that confers perm covers the
// organization (tiaojie.Principal.CoversOrg for that grant alone).
func reaches(p *tiaojie.Principal, perm tiaojie.Permission, orgID int64, township string) bool {
	if !p.Can(perm) {
		return false
	}
	if p.IsSystem() {
		return true
	}
	for _, g := range p.Grants {
		one := &tiaojie.Principal{UserID: p.UserID, Grants: []tiaojie.Grant{g}}
		if slices.Contains(tiaojie.RolePermissions(g.Role), perm) && one.CoversOrg(orgID, township) {
			return true
		}
	}
	return false
}

// districtWide reports whether p holds perm through a grant without a
// scope (the bureau, the association) or is the platform itself.
func districtWide(p *tiaojie.Principal, perm tiaojie.Permission) bool {
	if !p.Can(perm) {
		return false
	}
	if p.IsSystem() {
		return true
	}
	for _, g := range p.Grants {
		if g.Role.Scope() == tiaojie.ScopeNone && slices.Contains(tiaojie.RolePermissions(g.Role), perm) {
			return true
		}
	}
	return false
}

// visible reports whether a mediator with the current memberships ms lies
// within p's scope for perm.
func visible(p *tiaojie.Principal, perm tiaojie.Permission, ms []OrgMembership) bool {
	if districtWide(p, perm) {
		return true
	}
	return slices.ContainsFunc(ms, func(m OrgMembership) bool { return reaches(p, perm, m.OrgID, m.Township) })
}

// scopeSQL returns the condition on mediators m that keeps those within p's
// scope for perm, registering its values with arg; "" means no limit. It is
// the SQL form of visible, so that counts and pages agree with Get.
func scopeSQL(p *tiaojie.Principal, perm tiaojie.Permission, arg func(any) string) string {
	if districtWide(p, perm) {
		return ""
	}
	var ors []string
	if p.Can(perm) {
		for _, g := range p.Grants {
			if !slices.Contains(tiaojie.RolePermissions(g.Role), perm) {
				continue
			}
			switch g.Role.Scope() {
			case tiaojie.ScopeTownship:
				ors = append(ors, "so.township = "+arg(g.Township))
			case tiaojie.ScopeOrg:
				ors = append(ors, "sm.org_id = "+arg(g.OrgID))
			}
		}
	}
	if len(ors) == 0 {
		return "1=0"
	}
	return `EXISTS (SELECT 1 FROM mediator_orgs sm JOIN orgs so ON so.id = sm.org_id
		WHERE sm.mediator_id = m.id AND sm.left_at IS NULL AND (` + strings.Join(ors, " OR ") + `))`
}
