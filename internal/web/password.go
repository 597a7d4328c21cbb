package web

import (
	"net/http"
	"strconv"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/i18n"
	"tiaojie/internal/route"
)

// passwordData is the password page's own data.
type passwordData struct {
	Forced bool   // the user must choose a new password before going on
	Hint   string // the policy, localized
}

// passwordPageOf returns the password page of the request.
func (h *Handler) passwordPageOf(r *http.Request) *Page {
	p := h.page(r, "account.password_title", nil)
	p.Path = "/account/password"
	p.Data = passwordData{Forced: p.User.Pending == auth.PendingPassword, Hint: h.policyHint(p.Lang)}
	return p
}

// policyHint describes the password policy in lang, from the settings the
// service enforces, so the hint cannot drift from the rule.
func (h *Handler) policyHint(lang i18n.Lang) string {
	pol := h.Auth.Config().Policy
	return h.Catalog.T(lang, "account.password_policy", "min", strconv.Itoa(pol.MinLength),
		"classes", strconv.Itoa(pol.MinClasses), "n", strconv.Itoa(pol.History))
}

// secondFactorFirst sends a user who still owes the second factor to that
// step: a password is changed only by someone who completed the login.
func secondFactorFirst(w http.ResponseWriter, r *http.Request) bool {
	switch step := auth.PrincipalFrom(r.Context()).Pending; step {
	case auth.PendingTOTP, auth.PendingEnrol:
		http.Redirect(w, r, pendingPath(step), http.StatusSeeOther)
		return true
	}
	return false
}

// passwordPage shows the form to change one's password.
func (h *Handler) passwordPage(w http.ResponseWriter, r *http.Request) error {
	if secondFactorFirst(w, r) {
		return nil
	}
	return h.render(w, r, http.StatusOK, "password", h.passwordPageOf(r))
}

// changePassword changes the caller's password. Every session of the user
// ends; this browser gets the new one, and goes to the next login step or
// back to the account page.
func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) error {
	if secondFactorFirst(w, r) {
		return nil
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	if f.Get("password") != f.Get("repeat") {
		var fe tiaojie.FieldErrors
		fe.Add("repeat", "password.mismatch")
		return h.formError(w, r, "password", h.passwordPageOf(r), fe.Err())
	}
	me := auth.PrincipalFrom(r.Context())
	tok, err := h.Auth.ChangePassword(r.Context(), me, f.Get("current"), f.Get("password"), client(r))
	if err != nil {
		return h.formError(w, r, "password", h.passwordPageOf(r), err)
	}
	route.SetSession(w, tok, h.Secure)
	next, err := h.Auth.Authenticate(r.Context(), tok)
	if err != nil {
		return err
	}
	if next.Pending != "" {
		return redirect(w, r, pendingPath(next.Pending))
	}
	return redirect(w, r, "/account?done=password")
}
