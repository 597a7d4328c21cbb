package web

import (
	"tiaojie"
	"tiaojie/internal/route"
)

// portalRoutes registers the public pages of the alliance: directory,
// organization and mediator pages, news, public files. Each is open to
// everyone (tiaojie.PermPublic); the services decide what is public.
func (h *Handler) portalRoutes(t *route.Table) {
	pub := tiaojie.PermPublic
	t.Handle("GET /directory", pub, h.wrap(h.pubDirectory))
	t.Handle("GET /directory/mediators", pub, h.wrap(h.pubMediators))
	t.Handle("GET /orgs/{id}", pub, h.wrap(h.pubOrgPage))
	t.Handle("GET /orgs/{id}/documents/{doc}", pub, h.wrap(h.pubOrgDocument))
	t.Handle("GET /mediators/{id}", pub, h.wrap(h.pubMediatorPage))
	t.Handle("GET /news", pub, h.wrap(h.pubNews))
	t.Handle("GET /news/{id}", pub, h.wrap(h.pubArticle))
	t.Handle("GET /files/{key}", pub, h.wrap(h.pubFile))
}
