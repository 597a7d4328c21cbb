package web

import (
	"tiaojie"
	"tiaojie/internal/route"
)

// caseRoutes registers the pages of disputes: the public application and
// a party's cases, the case page every participant shares, the
// respondent's invitation, and the staff lists, board, desk entry and
// holiday calendar. The pages a party uses need only a login (PermSelf);
// internal/cases decides, case by case, what each caller may see and do.
func (h *Handler) caseRoutes(t *route.Table) {
	pub, self := tiaojie.PermPublic, tiaojie.PermSelf
	t.Handle("GET /consult", pub, h.wrap(h.consult))
	t.Handle("GET /apply", pub, h.wrap(h.applyPage))
	t.Handle("POST /apply", self, h.wrap(h.applySave))
	t.Handle("GET /my/cases", self, h.wrap(h.myCases))
	t.Handle("GET /invite/{token}", pub, h.wrap(h.invitation))

	t.Handle("GET /cases/{id}", self, h.wrap(h.casePage))
	t.Handle("GET /cases/{id}/edit", self, h.wrap(h.caseEdit))
	t.Handle("POST /cases/{id}/edit", self, h.wrap(h.caseUpdate))
	t.Handle("POST /cases/{id}/act", self, h.wrap(h.caseAct))
	t.Handle("POST /cases/{id}/open", tiaojie.PermCasesRead, h.wrap(h.casePost("open", "opened", h.openContent)))
	t.Handle("GET /cases/{id}/agreement.pdf", self, h.wrap(h.caseAgreementPDF))
	t.Handle("GET /cases/{id}/confirmation-application.pdf", self, h.wrap(h.caseApplicationPDF))
	t.Handle("POST /cases/{id}/evidence", self, h.wrap(h.caseEvidenceAdd))
	t.Handle("GET /cases/{id}/file.zip", self, h.wrap(h.caseFileZip))
	t.Handle("GET /cases/{id}/evidence/{eid}", self, h.wrap(h.caseEvidenceFile))
	t.Handle("GET /cases/{id}/room/events", self, h.wrap(h.roomEvents))
	t.Handle("POST /cases/{id}/room/messages", self, h.wrap(h.roomPost))
	t.Handle("GET /cases/{id}/room/files/{key}", self, h.wrap(h.roomFile))
	t.Handle("POST /cases/{id}/room/read", self, h.wrap(h.roomRead))
	t.Handle("POST /cases/{id}/room/sessions", tiaojie.PermCasesHandle, h.wrap(h.casePost("session", "scheduled", h.schedule)))
	t.Handle("POST /cases/{id}/assign", tiaojie.PermCasesHandle, h.wrap(h.casePost("assign", "assigned", h.assign)))
	t.Handle("POST /cases/{id}/declare", tiaojie.PermCasesHandle, h.wrap(h.casePost("declare", "declared", h.declare)))
	t.Handle("POST /cases/{id}/agreement", tiaojie.PermCasesHandle, h.wrap(h.casePost("agreement", "agreement", h.agreement)))
	t.Handle("POST /cases/{id}/confirm", self, h.wrap(h.casePost("confirm", "confirmed", h.confirm)))
	t.Handle("POST /cases/{id}/confirm/code", self, h.wrap(h.signingCode))
	t.Handle("POST /cases/{id}/sign", tiaojie.PermCasesHandle, h.wrap(h.casePost("sign", "signed", h.mediatorSign)))
	t.Handle("POST /cases/{id}/seal", tiaojie.PermCasesHandle, h.wrap(h.casePost("seal", "sealed", h.applySeal)))
	t.Handle("POST /cases/{id}/confirm/{party}", tiaojie.PermCasesHandle, h.wrap(h.casePost("confirm", "confirmed", h.confirmFor)))
	t.Handle("POST /cases/{id}/visit", tiaojie.PermCasesHandle, h.wrap(h.casePost("visit", "visited", h.visit)))
	t.Handle("POST /cases/{id}/payments", tiaojie.PermCasesHandle, h.wrap(h.casePost("payment", "paid", h.recordPayment)))
	t.Handle("POST /cases/{id}/rate", self, h.wrap(h.casePost("rate", "rated", h.rate)))
	t.Handle("POST /cases/{id}/recusal", self, h.wrap(h.casePost("recusal", "recusal", h.recusal)))
	t.Handle("POST /cases/{id}/recusal/{rid}", tiaojie.PermCasesHandle, h.wrap(h.casePost("recusal", "decided", h.decideRecusal)))

	t.Handle("GET /staff/cases", tiaojie.PermCasesRead, h.wrap(h.staffCases))
	t.Handle("GET /staff/cases/board", tiaojie.PermCasesRead, h.wrap(h.staffBoard))
	t.Handle("GET /staff/sessions", tiaojie.PermCasesHandle, h.wrap(h.staffSessions))
	t.Handle("GET /staff/cases/new", tiaojie.PermCasesDesk, h.wrap(h.deskPage))
	t.Handle("POST /staff/cases", tiaojie.PermCasesDesk, h.wrap(h.deskSave))
	t.Handle("GET /staff/calendar", tiaojie.PermCasesRead, h.wrap(h.staffCalendar))
	t.Handle("POST /staff/calendar", tiaojie.PermCalendar, h.wrap(h.staffCalendarSet))
	t.Handle("POST /staff/calendar/{date}/delete", tiaojie.PermCalendar, h.wrap(h.staffCalendarDelete))
}
