package web

import (
	"net/http"

	"tiaojie/internal/auth"
	"tiaojie/internal/route"

	"tiaojie"
	"tiaojie/internal/agencies"
	"tiaojie/internal/cases"
	"tiaojie/internal/meetings"
)

// The partner's desk (SPEC C12): the agencies a partner acts for, the
// disputes they referred with where each stands (the feedback to the
// referring agency), and the meeting decisions their agency owns.

// partnerDeskData is the desk.
type partnerDeskData struct {
	Agencies  []agencies.Agency
	Referred  []cases.Row
	Decisions []meetings.Decision
}

func (h *Handler) partnerDesk(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "partner.title", nil)
	if !p.User.Has(tiaojie.RolePartner) {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	d := &partnerDeskData{}
	var err error
	if h.Agencies != nil {
		if d.Agencies, err = h.Agencies.OfUser(r.Context(), p.User.UserID); err != nil {
			return err
		}
	}
	if d.Referred, err = h.Cases.Referred(r.Context(), p.User); err != nil {
		return err
	}
	if d.Decisions, err = h.Meetings.Owned(r.Context(), p.User); err != nil {
		return err
	}
	h.notice(p, r, "partner.done.", "referred")
	p.Data = d
	return h.render(w, r, http.StatusOK, "partner_desk", p)
}

// partnerReferPage is the form on which a partner refers a dispute (诉前委派,
// 警调对接 …): the desk's entry form, filed through cases.Refer.
func (h *Handler) partnerReferPage(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "partner.refer", nil)
	if !p.User.Has(tiaojie.RolePartner) {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	a := cases.Application{Source: tiaojie.SourceReferral}
	p.Data = &applyData{Action: "/partner/refer", Desk: true, Referral: true, Form: h.applyForm(p, false, a, 0, true)}
	return h.render(w, r, http.StatusOK, "case_apply", p)
}

// partnerRefer files the referral: submitted at once, with the partner
// kept as its referrer.
func (h *Handler) partnerRefer(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := applicationOf(r.PostForm)
	if err == nil {
		_, err = h.Cases.Refer(r.Context(), auth.PrincipalFrom(r.Context()), a)
	}
	if err != nil {
		p := h.page(r, "partner.refer", nil)
		if !h.problems(p, err) {
			return err
		}
		p.Data = &applyData{Action: "/partner/refer", Desk: true, Referral: true, Form: h.applyForm(p, true, cases.Application{}, 0, true)}
		return h.render(w, r, route.Status(err), "case_apply", p)
	}
	return redirect(w, r, "/partner?done=referred")
}
