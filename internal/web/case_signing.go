package web

import (
	"net/http"
	"net/url"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
)

// The agreement's signing on the case page: a party asks for a code and
// confirms with the name on the case and the code; the mediator signs;
// the organization's admin applies the seal when it was not on file; and
// the PDF handed out is the one issued, with its SM3 digest.

// signingView is what the agreement section shows of its signing.
type signingView struct {
	CodeSentTo string // the masked phone a code just went to
	Signed     bool   // every party and the mediator have signed
	MediatorTo bool   // the caller is the mediator and has not signed
	SealTo     bool   // the caller is the admin, all have signed, no seal yet
}

// signing fills the signing part of the case page.
func signing(v *cases.View, ag *cases.Agreement) *signingView {
	if ag == nil || v.Status != tiaojie.CaseSigning {
		return nil
	}
	sv := &signingView{Signed: ag.Signed(v.Parties)}
	sv.MediatorTo = v.Parts.Mediator && ag.MediatorSignedAt == nil
	sv.SealTo = v.Parts.Org && sv.Signed && ag.SealedAt == nil
	return sv
}

// signingCode sends the caller their signing code and shows the page
// again with the confirmation form ready (in demo mode, with the code).
func (h *Handler) signingCode(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	phone, err := h.Cases.RequestSigningCode(r.Context(), auth.PrincipalFrom(r.Context()), id, client(r))
	if err != nil {
		return h.caseFormError(w, r, id, "confirm", err)
	}
	p, err := h.casePageOf(r, id, "", nil)
	if err != nil {
		return err
	}
	d := p.Data.(*caseData)
	if d.Signing != nil {
		d.Signing.CodeSentTo = tiaojie.MaskPhone(phone)
	}
	p.Notice = h.Catalog.T(p.Lang, "case.sign.code_sent", "phone", tiaojie.MaskPhone(phone))
	if h.Demo && h.DemoCodes != nil {
		if code := sixDigits.FindString(h.DemoCodes.Last(phone)); code != "" {
			p.Notice = h.Catalog.T(p.Lang, "case.sign.code_sent_demo", "phone", tiaojie.MaskPhone(phone), "code", code)
		}
	}
	return h.render(w, r, http.StatusOK, "case", p)
}

// confirm records the caller's confirmation: the name they typed and the
// code sent to them.
func (h *Handler) confirm(r *http.Request, p *tiaojie.Principal, id int64) error {
	return h.Cases.Confirm(r.Context(), p, id, cases.Signature{Name: r.PostForm.Get("name"), Code: r.PostForm.Get("code"), Client: client(r)})
}

// mediatorSign records the mediator's signature.
func (h *Handler) mediatorSign(r *http.Request, p *tiaojie.Principal, id int64) error {
	return h.Cases.SignAsMediator(r.Context(), p, id)
}

// applySeal applies the organization's seal.
func (h *Handler) applySeal(r *http.Request, p *tiaojie.Principal, id int64) error {
	return h.Cases.ApplySeal(r.Context(), p, id)
}

// caseAgreementPDF serves the agreement in effect as issued (调解协议书):
// the same bytes every time, its SM3 digest in a header.
func (h *Handler) caseAgreementPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	doc, err := h.Cases.IssueAgreement(r.Context(), auth.PrincipalFrom(r.Context()), id, h.Fonts)
	if err != nil {
		return err
	}
	name := "调解协议书-" + doc.Number + ".pdf"
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", "attachment; filename=\"agreement.pdf\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-SM3", doc.SM3)
	_, err = w.Write(doc.PDF)
	return err
}
