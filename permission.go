package tiaojie

import "slices"

// Permission names something a caller may do. Every route of the pages and
// the API declares one; services check them again together with the scope
// of the record (a route check alone cannot see which township a record
// belongs to).
type Permission string

// The permissions of the foundation. Capabilities add theirs beside their
// services' rules.
const (
	// PermPublic is granted to everyone, logged in or not.
	PermPublic Permission = "public"
	// PermSelf is granted to every logged-in user for their own account.
	PermSelf Permission = "self"
	// PermUsersRead lets a user see accounts within their scope.
	PermUsersRead Permission = "users.read"
	// PermUsersManage lets a user create accounts, reset passwords and grant roles.
	PermUsersManage Permission = "users.manage"
	// PermAuditRead lets a user search and verify the audit trail.
	PermAuditRead Permission = "audit.read"
	// PermOps lets a caller read metrics (granted by network, not by role).
	PermOps Permission = "ops"
	// PermPending is granted to every logged-in user, even one who has not
	// finished logging in: the second-factor and forced password-change
	// steps need it, and nothing else does.
	PermPending Permission = "pending"
)

// rolePermissions is the permission table. It is data, so the whole policy
// can be read in one place and tested against a reference.
var rolePermissions = map[Role][]Permission{
	RolePublic:      {PermPublic, PermSelf},
	RoleMediator:    {PermPublic, PermSelf},
	RoleOrgAdmin:    {PermPublic, PermSelf, PermUsersRead},
	RoleTownship:    {PermPublic, PermSelf, PermUsersRead},
	RoleBureau:      {PermPublic, PermSelf, PermUsersRead},
	RoleAssociation: {PermPublic, PermSelf},
	RoleExpert:      {PermPublic, PermSelf},
	RolePartner:     {PermPublic, PermSelf},
	RoleAdmin:       {PermPublic, PermSelf, PermUsersRead, PermUsersManage},
	RoleAuditor:     {PermPublic, PermSelf, PermAuditRead},
}

// RolePermissions returns the permissions a role grants.
func RolePermissions(r Role) []Permission { return slices.Clone(rolePermissions[r]) }

// Principal is the caller of a service: who they are, which roles they hold
// with which scopes, and how they proved it. Services receive it explicitly
// and decide with it; handlers only pass it on.
type Principal struct {
	UserID int64
	Name   string // login, or the masked phone of a public user
	Grants []Grant
	// MFA reports whether the session passed the second factor.
	MFA bool
	// Scopes, when not nil, narrows the grants to these permissions: an API
	// token carries the scopes its owner chose.
	Scopes []Permission
	// Pending names the step of logging in that is still to do ("totp",
	// "enrol", "password"); until it is done the principal holds no
	// permission but PermPending.
	Pending string
}

// Anonymous returns the principal of a caller who has not logged in.
func Anonymous() *Principal { return &Principal{Name: "anonymous"} }

// System returns the principal of the platform itself: background jobs and
// command-line maintenance. It holds no grants; services that accept it
// check for it by name through IsSystem.
func System() *Principal { return &Principal{Name: "system", UserID: -1} }

// IsSystem reports whether p is the platform itself.
func (p *Principal) IsSystem() bool { return p != nil && p.UserID == -1 && p.Name == "system" }

// LoggedIn reports whether the principal is a user.
func (p *Principal) LoggedIn() bool { return p != nil && p.UserID > 0 }

// Can reports whether the principal holds permission perm through any grant,
// within the token's scopes if any.
func (p *Principal) Can(perm Permission) bool {
	if perm == PermPublic || p.IsSystem() {
		return true
	}
	if !p.LoggedIn() {
		return false
	}
	if perm == PermPending {
		return true
	}
	if p.Pending != "" {
		return false
	}
	if p.Scopes != nil && !slices.Contains(p.Scopes, perm) {
		return false
	}
	for _, g := range p.Grants {
		if slices.Contains(rolePermissions[g.Role], perm) {
			return true
		}
	}
	return false
}

// Has reports whether the principal holds role r in any scope.
func (p *Principal) Has(r Role) bool { return p != nil && hasRole(p.Grants, r) }

// Staff reports whether any of the principal's roles is a staff role.
func (p *Principal) Staff() bool {
	return p != nil && slices.ContainsFunc(p.Grants, func(g Grant) bool { return g.Role.Staff() })
}

// Townships returns the townships the principal's township-office grants
// cover.
func (p *Principal) Townships() []string {
	var out []string
	for _, g := range p.Grants {
		if g.Role == RoleTownship {
			out = append(out, g.Township)
		}
	}
	return out
}

// RoleNames returns the principal's roles joined for the audit trail.
func (p *Principal) RoleNames() string {
	if p == nil {
		return ""
	}
	s := ""
	for i, g := range p.Grants {
		if i > 0 {
			s += ","
		}
		s += string(g.Role)
	}
	return s
}
