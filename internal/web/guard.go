package web

import (
	"net/http"
	"net/url"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
)

// guard enforces a route's permission before its handler runs. A visitor
// who is not logged in is sent to the login page; one who has a login step
// left (second factor, password change) is sent to that step; anyone else
// is refused, and the refusal is audited.
func (h *Handler) guard(perm tiaojie.Permission, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := auth.PrincipalFrom(r.Context())
		if p.Can(perm) {
			next.ServeHTTP(w, r)
			return
		}
		switch {
		case !p.LoggedIn() && r.Method == http.MethodGet:
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		case !p.LoggedIn():
			h.Error(w, r, tiaojie.E(tiaojie.Unauthorized, "auth.login_required"))
		case p.Pending != "":
			http.Redirect(w, r, pendingPath(p.Pending), http.StatusSeeOther)
		default:
			err := h.Audit.RecordAlone(r.Context(), h.DB, p, audit.Event{
				Action: "route.denied", ObjectType: "route", ObjectID: r.Pattern, Outcome: audit.Denied, Reason: string(perm)})
			if err != nil {
				h.Error(w, r, err)
				return
			}
			h.Error(w, r, tiaojie.E(tiaojie.Forbidden, "error.forbidden"))
		}
	})
}

// pendingPath is the page of a login step still owed.
func pendingPath(step string) string {
	switch step {
	case auth.PendingTOTP:
		return "/login/totp"
	case auth.PendingEnrol:
		return "/account/totp"
	case auth.PendingPassword:
		return "/account/password"
	}
	return "/"
}
