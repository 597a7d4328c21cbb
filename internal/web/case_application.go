package web

import (
	"bytes"
	"net/http"
	"net/url"

	"tiaojie"
	"tiaojie/internal/agreement"
	"tiaojie/internal/auth"
)

// caseApplicationPDF serves the parties' joint application for judicial
// confirmation (司法确认申请书) as a PDF, as caseAgreementPDF serves the
// agreement; the cases service decides who gets it and until when.
func (h *Handler) caseApplicationPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if h.Fonts == nil {
		return tiaojie.E(tiaojie.Unavailable, "case.pdf_no_font")
	}
	app, err := h.Cases.ConfirmationApplication(r.Context(), auth.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := agreement.RenderApplication(&buf, app, h.Fonts); err != nil {
		return err
	}
	name := "司法确认申请书-" + app.AgreementNumber + ".pdf"
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", "attachment; filename=\"confirmation-application.pdf\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// applicationOffer is the case page's offer of the application: the last
// day to apply and the court to apply to.
type applicationOffer struct {
	Due   string // YYYY-MM-DD, as the page writes deadlines
	Court string
}

// ConfirmationApplication returns the offer of the application for the
// agreement section of the case page, or nil. It is offered to those who
// see the content of an agreed case with a written agreement while the
// time to apply for confirmation runs: the case's deadline now is the
// confirmation's (View.Clock, decided by the service on its clock, which
// also means the court has not ruled yet). The service gives the PDF a
// little more widely (cases.ConfirmationOpen: also while the court
// decides). dist names the court; without one the page names the kind of
// court.
func (d *caseData) ConfirmationApplication(dist *tiaojie.District) *applicationOffer {
	ag := d.Agreement
	if ag == nil || ag.Oral || ag.EffectiveAt == nil || !d.V.Parts.Content || d.V.Clock.Kind != "confirmation" {
		return nil
	}
	o := &applicationOffer{Due: d.V.Clock.Due.In(tiaojie.Beijing()).AddDate(0, 0, -1).Format("2006-01-02")}
	if dist != nil {
		o.Court = dist.Court.Name
	}
	return o
}
