package web

import "tiaojie/internal/route"

// staffRoutes registers the staff pages of the registry, the roster and
// the alliance content.
func (h *Handler) staffRoutes(t *route.Table) {}
