package web

import (
	"net/http"

	"tiaojie"

	"tiaojie/internal/i18n"
	"tiaojie/internal/roster"
)

// pubMediatorData is a mediator's public page: what the mediator agreed
// to publish, in the reader's language. It has no field for an identity
// number or a phone, so no template can show one.
type pubMediatorData struct {
	ID            int64
	Name          string
	Initial       string
	Photo         string
	Grade         string
	Background    string
	Certificates  []string
	Specialties   []string
	Languages     []string
	PracticeSince int
	Years         int
	Bio           []string
	Orgs          []pubOrgRef
}

// pubMediatorPage is a mediator's public page; a mediator who is not on the
// public roster (not public, suspended, removed, or without an
// organization the public sees) is NotFound.
func (h *Handler) pubMediatorPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := h.Roster.PublicMediator(r.Context(), id)
	if tiaojie.IsKind(err, tiaojie.NotFound) {
		return tiaojie.E(tiaojie.NotFound, "portal.mediator_not_found")
	}
	if err != nil {
		return err
	}
	p := h.pubPage(r, "portal.mediator_title")
	p.Title = m.Name // not a message code: t shows it as it is
	l := h.pubLabels(p.Lang)
	d := &pubMediatorData{ID: m.ID, Name: m.Name, Initial: pubInitial(m.Name), Photo: m.Photo, Grade: l.grade(m.Grade),
		Certificates: pubParagraphs(m.Certificates), Specialties: l.disputes(m.Specialties), Languages: l.languages(m.Languages),
		PracticeSince: m.PracticeSince, Years: m.Years, Bio: pubParagraphs(m.Bio), Orgs: l.orgRefs(m.Orgs)}
	if b, ok := roster.BackgroundByCode(m.Background); ok && m.Background != "" {
		d.Background = b.Name
		if l.lang == i18n.En {
			d.Background = b.NameEn
		}
	}
	p.Data = d
	return h.render(w, r, http.StatusOK, "pub_mediator", p)
}
