package web

import (
	"net/http"

	"tiaojie"
	"tiaojie/internal/auth"
)

// The organization's seal (印章): its own admin uploads the image, which
// the platform applies to agreements once all have signed. Nobody else
// sees it: not the township office, not the bureau.

// sealAdmin reports whether p is an admin of organization id, the only
// one who handles its seal.
func sealAdmin(p *tiaojie.Principal, id int64) bool {
	for _, g := range p.Grants {
		if g.Role == tiaojie.RoleOrgAdmin && g.OrgID == id {
			return p.Can(tiaojie.PermOrgsEdit)
		}
	}
	return false
}

// staffOrgSealFile shows the seal image to the organization's admin.
func (h *Handler) staffOrgSealFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, data, err := h.Registry.SealImage(r.Context(), auth.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", m.ContentType)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(data)
	return err
}
