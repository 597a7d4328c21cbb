package web

import "tiaojie/internal/route"

// portalRoutes registers the public pages of the alliance: directory,
// organization and mediator pages, news.
func (h *Handler) portalRoutes(t *route.Table) {}
