package web

import (
	"tiaojie"
	"tiaojie/internal/route"
)

// supervisionRoutes registers the supervision pages (SPEC C8): the
// inspections, which inspectors and the inspected organization's admin
// both use (orgs.read to look, orgs.edit to act; the service decides who
// takes which step), the annual evaluations and the sanctions and
// rewards, which are the supervisors' (supervision.manage).
func (h *Handler) supervisionRoutes(t *route.Table) {
	if h.Supervision == nil {
		return
	}
	read, edit, sup := tiaojie.PermOrgsRead, tiaojie.PermOrgsEdit, tiaojie.PermSupervision
	t.Handle("GET /staff/inspections", read, h.wrap(h.staffInspections))
	t.Handle("GET /staff/inspections.xlsx", read, h.wrap(h.staffInspectionsExport))
	t.Handle("GET /staff/inspections/new", sup, h.wrap(h.staffInspectionNew))
	t.Handle("POST /staff/inspections", sup, h.wrap(h.staffInspectionCreate))
	t.Handle("POST /staff/inspections/checklist", sup, h.wrap(h.staffChecklistSave))
	t.Handle("GET /staff/inspections/{id}", read, h.wrap(h.staffInspection))
	t.Handle("POST /staff/inspections/{id}/act", edit, h.wrap(h.staffInspectionAct))
	t.Handle("POST /staff/inspections/{id}/evidence", edit, h.wrap(h.staffInspectionEvidence))
	t.Handle("GET /staff/inspections/{id}/files/{key}", read, h.wrap(h.staffInspectionFile))
	t.Handle("GET /staff/evaluations", sup, h.wrap(h.staffEvaluations))
	t.Handle("GET /staff/evaluations.xlsx", sup, h.wrap(h.staffEvaluationsExport))
	t.Handle("POST /staff/evaluations", sup, h.wrap(h.staffEvaluationSave))
	t.Handle("GET /staff/sanctions", sup, h.wrap(h.staffSanctions))
	t.Handle("POST /staff/sanctions", sup, h.wrap(h.staffSanctionCreate))
}
