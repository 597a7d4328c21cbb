package web

import (
	"bytes"
	"net/http"
)

// pubFile serves a public file (an organization's logo, a public
// mediator's photo, an article's cover) by its key; any other file, and
// any unknown key, is NotFound. The bytes were checked against their SM3
// digest by the file service; the type is the one sniffed at upload, and
// nosniff (set for every response) keeps the browser to it.
func (h *Handler) pubFile(w http.ResponseWriter, r *http.Request) error {
	m, data, err := h.Files.Public(r.Context(), h.DB.Reader(), r.PathValue("key"))
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", m.ContentType)
	hd.Set("Cache-Control", "public, max-age=86400")
	hd.Set("ETag", `"`+m.SM3+`"`)
	http.ServeContent(w, r, "", m.CreatedAt, bytes.NewReader(data))
	return nil
}
