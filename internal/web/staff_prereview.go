package web

import (
	"net/http"

	"tiaojie/internal/registry"
)

// staffPrereviewData is the pre-review queue's own data.
type staffPrereviewData struct {
	Items []registry.QueueItem
}

// staffPrereview lists the applications waiting for the caller: a
// township office's applications at the township stage, the bureau's at
// the district stage with the township office's opinion. Each leads to
// the workspace, where the opinion or decision form is.
func (h *Handler) staffPrereview(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "staff.queue.title", nil)
	items, err := h.Registry.PrereviewQueue(r.Context(), p.User)
	if err != nil {
		return err
	}
	p.Data = &staffPrereviewData{Items: items}
	return h.render(w, r, http.StatusOK, "staff_prereview", p)
}
