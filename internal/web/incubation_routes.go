package web

import (
	"tiaojie"
	"tiaojie/internal/route"
)

// incubationRoutes registers the incubation pages (SPEC C6), one line
// each with the permission it requires: staff work needs
// incubation.manage (the service narrows a township office to its own
// home), an expert's screenings expert.review, a team's application and
// its status page a login (self: the service shows a team only its own).
func (h *Handler) incubationRoutes(t *route.Table) {
	if h.Incubation == nil {
		return
	}
	pub, self, inc, review := tiaojie.PermPublic, tiaojie.PermSelf, tiaojie.PermIncubation, tiaojie.PermExpertReview
	t.Handle("GET /incubation", pub, h.wrap(h.pubIncCalls))
	t.Handle("GET /incubation/calls/{id}", pub, h.wrap(h.pubIncCall))
	t.Handle("POST /incubation/calls/{id}", self, h.wrap(h.pubIncApply))
	t.Handle("GET /my/incubation", self, h.wrap(h.myIncubation))
	t.Handle("POST /my/incubation/{id}/withdraw", self, h.wrap(h.myIncWithdraw))

	t.Handle("GET /staff/incubation", inc, h.wrap(h.staffIncubation))
	t.Handle("POST /staff/incubation/sites", inc, h.wrap(h.staffIncSitePropose))
	t.Handle("POST /staff/incubation/sites/{id}/decision", inc, h.wrap(h.staffIncSiteDecide))
	t.Handle("GET /staff/incubation/calls", inc, h.wrap(h.staffIncCalls))
	t.Handle("POST /staff/incubation/calls", inc, h.wrap(h.staffIncCallCreate))
	t.Handle("POST /staff/incubation/calls/{id}/status", inc, h.wrap(h.staffIncCallStatus))
	t.Handle("GET /staff/incubation/applications", inc, h.wrap(h.staffIncApps))
	t.Handle("GET /staff/incubation/applications.xlsx", inc, h.wrap(h.staffIncAppsExport))
	t.Handle("GET /staff/incubation/applications/{id}", inc, h.wrap(h.staffIncApp))
	t.Handle("POST /staff/incubation/applications/{id}/experts", inc, h.wrap(h.incAppPost("assign", h.incAssign)))
	t.Handle("POST /staff/incubation/applications/{id}/steps", inc, h.wrap(h.incAppPost("decide", h.incStep)))
	t.Handle("POST /staff/incubation/applications/{id}/residency", inc, h.wrap(h.incAppPost("enter", h.incEnter)))
	t.Handle("POST /staff/incubation/applications/{id}/services", inc, h.wrap(h.incAppPost("service", h.incService)))
	t.Handle("POST /staff/incubation/applications/{id}/reports", inc, h.wrap(h.incAppPost("report", h.incReport)))
	t.Handle("POST /staff/incubation/applications/{id}/milestones", inc, h.wrap(h.incAppPost("milestone", h.incMilestone)))
	t.Handle("POST /staff/incubation/applications/{id}/milestones/{mid}/done", inc, h.wrap(h.incAppPost("milestone", h.incMilestoneDone)))
	t.Handle("POST /staff/incubation/applications/{id}/graduation", inc, h.wrap(h.incAppPost("graduate", h.incGraduate)))

	t.Handle("GET /expert/screenings", review, h.wrap(h.incExpertScreenings))
	t.Handle("GET /expert/screenings/{id}", review, h.wrap(h.incExpertScreening))
	t.Handle("POST /expert/screenings/{id}", review, h.wrap(h.incExpertScore))
}
