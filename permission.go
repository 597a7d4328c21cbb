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
	// PermOrgsRead lets staff see organizations' non-public data (pre-review
	// materials, documents, history) within their scope.
	PermOrgsRead Permission = "orgs.read"
	// PermOrgsCreate lets staff open a new organization in preparation (筹建).
	PermOrgsCreate Permission = "orgs.create"
	// PermOrgsEdit lets staff edit organizations' profiles, documents, fee
	// standards and service lists within their scope.
	PermOrgsEdit Permission = "orgs.edit"
	// PermOrgsLifecycle lets staff take lifecycle steps; which steps a role
	// may take is the root package's rule (OrgActionRoles).
	PermOrgsLifecycle Permission = "orgs.lifecycle"
	// PermOrgsFeature lets the bureau feature organizations (选树).
	PermOrgsFeature Permission = "orgs.feature"
	// PermMediatorsRead lets staff see roster entries' non-public data within
	// their scope (masked identity numbers, status history).
	PermMediatorsRead Permission = "mediators.read"
	// PermMediatorsEdit lets staff add and edit mediators of organizations in
	// their scope.
	PermMediatorsEdit Permission = "mediators.edit"
	// PermMediatorsStatus lets supervisors suspend, reinstate and remove
	// (除名) mediators; removal is the bureau's alone.
	PermMediatorsStatus Permission = "mediators.status"
	// PermContentEdit lets the bureau publish the alliance's content.
	PermContentEdit Permission = "content.edit"
	// PermCasesRead lets staff read the cases in their scope: an
	// organization's own, a township office's township's, the bureau's all.
	// Parties read their own cases without it.
	PermCasesRead Permission = "cases.read"
	// PermCasesHandle lets an organization's staff handle its cases:
	// accept, assign, mediate, follow up.
	PermCasesHandle Permission = "cases.handle"
	// PermCasesDesk lets the one-stop desk (township office, bureau) file
	// cases for applicants, route them and refuse the ones mediation
	// cannot take.
	PermCasesDesk Permission = "cases.desk"
	// PermCalendar lets the bureau keep the holiday calendar.
	PermCalendar Permission = "calendar.edit"
	// PermPolicy lets the bureau set the district's policy (tiaojie.Policy:
	// required training hours, and the rules later issues add).
	PermPolicy Permission = "policy.edit"
	// PermIncubation lets the bureau run the district incubation base and
	// every township's incubation home, and a township office its own
	// home: recruitment calls, screening, admission, tracking, graduation.
	PermIncubation Permission = "incubation.manage"
	// PermRatings lets the bureau keep the rating indicator sets and run
	// rating rounds: assign experts, publish, handle objections, finalize.
	PermRatings Permission = "ratings.manage"
	// PermRatingApply lets an organization's admin apply for a rating with
	// a self-assessment and evidence, and object to a published result.
	PermRatingApply Permission = "ratings.apply"
	// PermExperts lets the bureau keep the expert pool: experts, their
	// fields and their ties to organizations.
	PermExperts Permission = "experts.manage"
	// PermExpertReview lets an expert score what they are assigned: rating
	// applications, incubation applications, venture projects (never one
	// they are tied to).
	PermExpertReview Permission = "expert.review"
	// PermSupervision lets the bureau and township offices inspect,
	// evaluate, order rectification, sanction and reward the organizations
	// in their scope (the gravest sanctions are the bureau's alone).
	PermSupervision Permission = "supervision.manage"
	// PermComplaints lets township offices, the industry association and
	// the bureau handle the complaints routed to them.
	PermComplaints Permission = "complaints.handle"
	// PermDisclosure lets an organization's admin file its disclosures.
	PermDisclosure Permission = "disclosure.file"
	// PermAssociation lets the industry association keep its members and
	// record self-discipline measures.
	PermAssociation Permission = "association.manage"
	// PermAgencies lets the bureau register partner agencies (协作单位) and
	// tie partner accounts to them.
	PermAgencies Permission = "agencies.manage"
	// Unified training and mentoring (C11, internal/training).
	// PermTraining lets the bureau run courses for the district and a
	// township office for its township: sessions, attendance, certificates.
	PermTraining Permission = "training.manage"
	// PermTrainingEnrol lets an organization's admin (its mediators), a
	// township office and the bureau (those in their scope) enrol
	// mediators, read their hours and keep mentoring pairs.
	PermTrainingEnrol Permission = "training.enrol"
	// PermFunding lets the bureau record grants and donations to any
	// organization and run public-interest venture rounds (公益创投),
	// and keep the expert pool's availability (funding, C11).
	PermFunding Permission = "funding.manage"
	// PermFundingOrg lets an organization's admin record the donations it
	// received, apply to venture rounds and file its project reports.
	PermFundingOrg Permission = "funding.org"
	// PermStats lets a user read the statistics dashboards and reports
	// (C15) of their scope: the bureau district-wide, a township office
	// its township, an organization's admin its organization, the
	// industry association district-wide.
	PermStats Permission = "stats.read"
	// Procurement (C9): PermProcurement lets the bureau and partner
	// accounts buy mediation services (the service checks a partner acts
	// for the project's buying agency); PermProcurementApply lets an
	// organization's admin bid.
	PermProcurement      Permission = "procurement.manage"
	PermProcurementApply Permission = "procurement.apply"
	// PermMeetings lets the bureau and township offices convene joint
	// meetings (座谈会、联席会) and keep their minutes and decisions
	// (internal/meetings; a township office within its township).
	PermMeetings Permission = "meetings.manage"
	// PermPending is granted to every logged-in user, even one who has not
	// finished logging in: the second-factor and forced password-change
	// steps need it, and nothing else does.
	PermPending Permission = "pending"

	// The rollout plan (C14): PermPlanView lets the bureau read the plan and
	// its board and a township office its own township's row; PermPlanManage
	// lets the bureau edit the plan, choose pilot townships and tick tasks.
	PermPlanView   Permission = "plan.view"
	PermPlanManage Permission = "plan.manage"
)

// rolePermissions is the permission table. It is data, so the whole policy
// can be read in one place and tested against a reference.
var rolePermissions = map[Role][]Permission{
	RolePublic:   {PermPublic, PermSelf},
	RoleMediator: {PermPublic, PermSelf, PermOrgsRead, PermMediatorsRead, PermCasesRead, PermCasesHandle},
	RoleOrgAdmin: {PermPublic, PermSelf, PermUsersRead, PermOrgsRead, PermOrgsEdit, PermOrgsLifecycle,
		PermMediatorsRead, PermMediatorsEdit, PermCasesRead, PermCasesHandle, PermRatingApply, PermDisclosure,
		PermTrainingEnrol,    // training (C11)
		PermFundingOrg,       // funding (C11)
		PermStats,            // statistics (C15)
		PermProcurementApply, // procurement (C9)
	},
	RoleTownship: {PermPublic, PermSelf, PermUsersRead, PermOrgsRead, PermOrgsCreate, PermOrgsEdit, PermOrgsLifecycle,
		PermMediatorsRead, PermMediatorsEdit, PermMediatorsStatus, PermCasesRead, PermCasesDesk,
		PermIncubation, PermSupervision, PermComplaints,
		PermTraining, PermTrainingEnrol, // training (C11)
		PermPlanView, // rollout plan (C14)
		PermStats,    // statistics (C15)
		PermMeetings, // meetings (C12)
	},
	RoleBureau: {PermPublic, PermSelf, PermUsersRead, PermOrgsRead, PermOrgsCreate, PermOrgsEdit, PermOrgsLifecycle,
		PermOrgsFeature, PermMediatorsRead, PermMediatorsEdit, PermMediatorsStatus, PermContentEdit,
		PermCasesRead, PermCasesDesk, PermCalendar, PermPolicy, PermIncubation, PermRatings, PermSupervision, PermComplaints,
		PermExperts,
		PermAgencies,                    // partner agencies (C12)
		PermTraining, PermTrainingEnrol, // training (C11)
		PermFunding,                  // funding (C11)
		PermPlanView, PermPlanManage, // rollout plan (C14)
		PermStats,       // statistics (C15)
		PermProcurement, // procurement (C9)
		PermMeetings,    // meetings (C12)
	},
	RoleAssociation: {PermPublic, PermSelf, PermOrgsRead, PermMediatorsRead, PermComplaints, PermAssociation,
		PermStats, // statistics (C15)
	},
	RoleExpert: {PermPublic, PermSelf, PermExpertReview},
	RolePartner: {PermPublic, PermSelf,
		PermProcurement, // procurement (C9)
	},
	RoleAdmin:   {PermPublic, PermSelf, PermUsersRead, PermUsersManage},
	RoleAuditor: {PermPublic, PermSelf, PermAuditRead},
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

// OrgIDs returns the organizations the principal's organization grants
// (admin or mediator) name.
func (p *Principal) OrgIDs() []int64 {
	var out []int64
	for _, g := range p.Grants {
		if g.OrgID > 0 && !slices.Contains(out, g.OrgID) {
			out = append(out, g.OrgID)
		}
	}
	return out
}

// AdminOrgIDs returns the organizations the principal administers (its
// organization-admin grants): what an admin's lists are narrowed to.
func (p *Principal) AdminOrgIDs() []int64 {
	var out []int64
	for _, g := range p.Grants {
		if g.Role == RoleOrgAdmin && g.OrgID > 0 {
			out = append(out, g.OrgID)
		}
	}
	return out
}

// CoversOrg reports whether the principal's scope reaches an organization
// (with its id and the township it sits in): district-wide roles reach
// all, a township office the organizations of its township, an
// organization admin or mediator their own organizations. It says nothing
// about what the principal may do there; that is Can's question.
func (p *Principal) CoversOrg(orgID int64, township string) bool {
	if p.IsSystem() {
		return true
	}
	for _, g := range p.Grants {
		switch g.Role {
		case RoleBureau, RoleAssociation:
			return true
		case RoleTownship:
			if g.Township == township {
				return true
			}
		case RoleOrgAdmin, RoleMediator:
			if g.OrgID == orgID {
				return true
			}
		}
	}
	return false
}
