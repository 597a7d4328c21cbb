package tiaojie

import "slices"

// Role is what a user does on the platform (SPEC.md "Who uses it"). A user
// may hold several roles, each granted with its own scope.
type Role string

// The roles. Every role but Public is staff: staff log in with a password
// and a second factor; the public logs in with a phone code.
const (
	RolePublic      Role = "public"          // 公众、当事人
	RoleMediator    Role = "mediator"        // 调解员, scoped to an organization
	RoleOrgAdmin    Role = "org_admin"       // 调解组织管理员, scoped to an organization
	RoleTownship    Role = "township_office" // 乡镇司法所, scoped to a township
	RoleBureau      Role = "district_bureau" // 区司法局
	RoleAssociation Role = "association"     // 调解行业协会
	RoleExpert      Role = "expert"          // 专家
	RolePartner     Role = "partner"         // 协作单位
	RoleAdmin       Role = "admin"           // 系统管理员: accounts and settings
	RoleAuditor     Role = "auditor"         // 审计管理员: reads the audit trail, nothing else
)

// Roles lists every role in the order the administration pages show them.
func Roles() []Role {
	return []Role{
		RoleBureau, RoleTownship, RoleOrgAdmin, RoleMediator, RoleAssociation,
		RoleExpert, RolePartner, RoleAdmin, RoleAuditor, RolePublic,
	}
}

// Scope says what a grant of a role is limited to.
type Scope uint8

// The scopes of a grant.
const (
	ScopeNone     Scope = iota // district-wide, or limited by assignment (experts, partners)
	ScopeTownship              // one township
	ScopeOrg                   // one organization
)

// Scope returns what a grant of the role must name.
func (r Role) Scope() Scope {
	switch r {
	case RoleTownship:
		return ScopeTownship
	case RoleMediator, RoleOrgAdmin:
		return ScopeOrg
	}
	return ScopeNone
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := rolePermissions[r]; return ok }

// Staff reports whether the role is a staff role, which needs a second
// factor at login (SECURITY.md AUTH-06).
func (r Role) Staff() bool { return r != RolePublic && r.Valid() }

// Grant is one role held by a user, with its scope: a township code for a
// township office, an organization for organization roles.
type Grant struct {
	Role     Role
	Township string
	OrgID    int64
}

// separated lists pairs of roles that one account may not combine. The
// system administrator manages accounts and the audit administrator checks
// what they did; one person holding both could hide their own actions
// (三员分立, GB/T 22239 §8.1.5, SECURITY.md AC-04).
var separated = [][2]Role{
	{RoleAdmin, RoleAuditor},
	{RoleAuditor, RoleBureau}, {RoleAuditor, RoleTownship}, {RoleAuditor, RoleOrgAdmin},
	{RoleAuditor, RoleMediator},
}

// ValidateGrants checks a user's full set of grants: each role is known and
// names the scope it needs (townships checked against the district), no
// grant repeats, and no two grants break the separation of duties.
func ValidateGrants(grants []Grant, d *District) error {
	var fe FieldErrors
	seen := map[Grant]bool{}
	for _, g := range grants {
		switch {
		case !g.Role.Valid():
			fe.Add("role", "role.unknown", "role", string(g.Role))
		case g.Role.Scope() == ScopeTownship && g.Township == "":
			fe.Add("township", "role.township_required")
		case g.Role.Scope() == ScopeTownship && !knownTownship(d, g.Township):
			fe.Add("township", "role.township_unknown")
		case g.Role.Scope() == ScopeOrg && g.OrgID <= 0:
			fe.Add("org_id", "role.org_required")
		case g.Role.Scope() != ScopeTownship && g.Township != "",
			g.Role.Scope() != ScopeOrg && g.OrgID != 0:
			fe.Add("role", "role.scope_not_allowed")
		case seen[g]:
			fe.Add("role", "role.duplicate")
		}
		seen[g] = true
	}
	if err := fe.Err(); err != nil {
		return err
	}
	for _, pair := range separated {
		if hasRole(grants, pair[0]) && hasRole(grants, pair[1]) {
			return E(Conflict, "role.separation").With("a", string(pair[0])).With("b", string(pair[1]))
		}
	}
	return nil
}

func hasRole(grants []Grant, r Role) bool {
	return slices.ContainsFunc(grants, func(g Grant) bool { return g.Role == r })
}

func knownTownship(d *District, code string) bool {
	if d == nil {
		return true
	}
	_, ok := d.Township(code)
	return ok
}
