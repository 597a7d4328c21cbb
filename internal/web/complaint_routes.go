package web

import (
	"tiaojie"
	"tiaojie/internal/route"
)

// complaintRoutes registers the pages of complaints (SPEC C8/C10) and of
// the industry association (C10). The public files and follows their
// complaints after logging in (PermSelf; the service lets each see only
// their own); handlers work their queue with complaints.handle (the
// service narrows it to their township or to the association); the
// association keeps its register with association.manage, an
// organization's admin applies with orgs.edit, and the register of
// members is public.
func (h *Handler) complaintRoutes(t *route.Table) {
	pub, self := tiaojie.PermPublic, tiaojie.PermSelf
	if h.Complaints != nil {
		handle := tiaojie.PermComplaints
		t.Handle("GET /complain", pub, h.wrap(h.complainPage))
		t.Handle("POST /complain", self, h.wrap(h.complainSave))
		t.Handle("GET /my/complaints", self, h.wrap(h.myComplaints))
		t.Handle("GET /my/complaints/{id}", self, h.wrap(h.myComplaint))
		t.Handle("POST /my/complaints/{id}/act", self, h.wrap(h.myComplaintAct))
		t.Handle("GET /staff/complaints", handle, h.wrap(h.staffComplaints))
		t.Handle("GET /staff/complaints.xlsx", handle, h.wrap(h.staffComplaintsExport))
		t.Handle("GET /staff/complaints/{id}", handle, h.wrap(h.staffComplaint))
		t.Handle("POST /staff/complaints/{id}/act", handle, h.wrap(h.staffComplaintAct))
		t.Handle("POST /staff/complaints/{id}/reveal", handle, h.wrap(h.staffComplaintReveal))
	}
	if h.Association != nil {
		t.Handle("GET /association/members", pub, h.wrap(h.pubMembers))
		t.Handle("GET /staff/association", tiaojie.PermAssociation, h.wrap(h.staffMembers))
		t.Handle("GET /staff/association/{id}", tiaojie.PermOrgsRead, h.wrap(h.staffMember))
		t.Handle("POST /staff/association/{id}/apply", tiaojie.PermOrgsEdit, h.wrap(h.staffMemberApply))
		t.Handle("POST /staff/association/{id}/decide", tiaojie.PermAssociation, h.wrap(h.staffMemberDecide))
		t.Handle("POST /staff/association/{id}/measures", tiaojie.PermAssociation, h.wrap(h.staffMemberMeasure))
	}
}
