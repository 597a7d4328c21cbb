package web

import (
	"net/http"

	"tiaojie"
	"tiaojie/internal/route"
)

// Register adds every page route to mux, one line each, each with the
// permission it requires (deny by default: route.Table refuses a route
// without one). Services check the record-level scope again.
func (h *Handler) Register(mux *http.ServeMux) *route.Table {
	t := route.NewTable(mux, h.guard)
	pub, pending, self := tiaojie.PermPublic, tiaojie.PermPending, tiaojie.PermSelf

	t.Handle("GET /{$}", pub, h.wrap(h.home))
	t.Handle("GET /static/", pub, h.static())
	t.Handle("POST /lang", pub, h.wrap(h.setLang))
	t.Handle("GET /soon/{feature}", pub, h.wrap(h.soon))

	t.Handle("GET /login", pub, h.wrap(h.loginPage))
	t.Handle("POST /login", pub, h.wrap(h.login))
	t.Handle("POST /login/code/send", pub, h.wrap(h.sendCode))
	t.Handle("POST /login/code", pub, h.wrap(h.codeLogin))
	t.Handle("GET /login/totp", pending, h.wrap(h.totpPage))
	t.Handle("POST /login/totp", pending, h.wrap(h.totp))
	t.Handle("POST /logout", pending, h.wrap(h.logout))

	t.Handle("GET /account", self, h.wrap(h.account))
	t.Handle("POST /account/profile", self, h.wrap(h.updateProfile))
	t.Handle("GET /account/password", pending, h.wrap(h.passwordPage))
	t.Handle("POST /account/password", pending, h.wrap(h.changePassword))
	t.Handle("GET /account/totp", pending, h.wrap(h.enrolPage))
	t.Handle("POST /account/totp/start", pending, h.wrap(h.enrolStart))
	t.Handle("GET /account/totp/qr.png", pending, h.wrap(h.enrolQR))
	t.Handle("POST /account/totp", pending, h.wrap(h.enrolConfirm))
	t.Handle("POST /account/tokens", self, h.wrap(h.createToken))
	t.Handle("POST /account/tokens/{id}/revoke", self, h.wrap(h.revokeToken))
	t.Handle("POST /account/sessions/{id}/revoke", self, h.wrap(h.revokeSession))

	t.Handle("GET /admin/users", tiaojie.PermUsersRead, h.wrap(h.users))
	t.Handle("GET /admin/users/new", tiaojie.PermUsersManage, h.wrap(h.newUserPage))
	t.Handle("POST /admin/users", tiaojie.PermUsersManage, h.wrap(h.createUser))
	t.Handle("GET /admin/users/{id}", tiaojie.PermUsersRead, h.wrap(h.user))
	t.Handle("POST /admin/users/{id}/grants", tiaojie.PermUsersManage, h.wrap(h.setGrants))
	t.Handle("POST /admin/users/{id}/password", tiaojie.PermUsersManage, h.wrap(h.resetPassword))
	t.Handle("POST /admin/users/{id}/status", tiaojie.PermUsersManage, h.wrap(h.setStatus))
	t.Handle("POST /admin/users/{id}/totp-reset", tiaojie.PermUsersManage, h.wrap(h.resetTOTP))

	t.Handle("GET /audit", tiaojie.PermAuditRead, h.wrap(h.auditLog))
	t.Handle("POST /audit/verify", tiaojie.PermAuditRead, h.wrap(h.auditVerify))

	h.portalRoutes(t) // portal_routes.go: the public alliance pages
	h.staffRoutes(t)  // staff_routes.go: registry, roster and content work
	h.caseRoutes(t)   // case_routes.go: disputes, from application to archive
	h.ratingRoutes(t) // rating_routes.go: star rating (C7)
	// staff_disclosure.go: information disclosure (C8); staff_experts.go:
	// the expert pool (C11).
	h.disclosureRoutes(t)
	h.expertRoutes(t)

	h.fundingRoutes(t) // staff_funding.go, staff_ventures.go: funding and venture rounds (C11)

	h.supervisionRoutes(t) // supervision_routes.go: inspections, evaluations, sanctions (C8)
	h.incubationRoutes(t)  // incubation_routes.go: incubation base and homes (C6)
	h.complaintRoutes(t)   // complaint_routes.go: complaints (C8/C10) and the industry association (C10)
	if h.Training != nil {
		h.trainingCourseRoutes(t) // staff_training_courses.go: unified training and mentoring (C11)
	}

	// staff_plan.go: the rollout plan (C14).
	if h.Plan != nil {
		h.planRoutes(t)
	}
	h.statsRoutes(t) // staff_stats.go: statistics dashboards and reports (C15)
	// procurement.go: government procurement of mediation services (C9).
	if h.Procurement != nil {
		h.procurementRoutes(t)
	}
	h.partnerRoutes(t) // staff_meetings.go, staff_agencies.go, partner_desk.go: partner agencies and meetings (C12)
	return t
}
