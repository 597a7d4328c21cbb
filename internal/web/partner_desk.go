package web

import (
	"net/http"

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
	p.Data = d
	return h.render(w, r, http.StatusOK, "partner_desk", p)
}
