package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/route"
)

// accountData is the "my account" page's own data.
type accountData struct {
	User         *auth.User
	RecoveryLeft int
	Sessions     []auth.Session
	Tokens       []auth.Token
	Scopes       []optionView // the permissions a new token may carry
	Expiry       selectView
	NewToken     string // the secret of the token just created, shown once
}

// tokenExpiries returns the lifetimes a new API token may have, in days;
// 0 is "no expiry".
func tokenExpiries() []string { return []string{"0", "30", "90", "365"} }

// account shows the user's profile, second factor, sessions and tokens.
func (h *Handler) account(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "account.title", nil)
	d, err := h.accountData(r, p)
	if err != nil {
		return err
	}
	p.Data = d
	h.notice(p, r, "account.done.", "profile", "password", "session", "token")
	return h.render(w, r, http.StatusOK, "account", p)
}

// accountData loads what the account page shows of the caller.
func (h *Handler) accountData(r *http.Request, p *Page) (*accountData, error) {
	ctx, me := r.Context(), p.User
	d := &accountData{}
	var err error
	if d.User, err = h.Auth.GetUser(ctx, me, me.UserID); err != nil {
		return nil, err
	}
	if d.RecoveryLeft, err = h.Auth.RecoveryCodesLeft(ctx, me); err != nil {
		return nil, err
	}
	if d.Sessions, err = h.Auth.Sessions(ctx, me, route.SessionToken(r)); err != nil {
		return nil, err
	}
	if d.Tokens, err = h.Auth.Tokens(ctx, me); err != nil {
		return nil, err
	}
	h.tokenForm(d, p)
	return d, nil
}

// tokenForm fills the choices of the new-token form, keeping what was
// submitted when the form is shown again with its problems.
func (h *Handler) tokenForm(d *accountData, p *Page) {
	var chosen []string
	expires := "90"
	if p.Form.Has("expires") {
		chosen, expires = p.Form["scopes"], p.Form.Get("expires")
	}
	for _, perm := range auth.Grantable(p.User) {
		d.Scopes = append(d.Scopes, optionView{Value: string(perm), Label: h.Catalog.T(p.Lang, "perm."+string(perm)),
			Selected: slices.Contains(chosen, string(perm))})
	}
	d.Expiry = selectView{ID: "f-expires", Name: "expires", Label: h.Catalog.T(p.Lang, "account.token_expiry"), Error: p.Errors["expires"]}
	for _, days := range tokenExpiries() {
		label := h.Catalog.T(p.Lang, "account.days", "n", days)
		if days == "0" {
			label = h.Catalog.T(p.Lang, "account.no_expiry")
		}
		d.Expiry.Options = append(d.Expiry.Options, optionView{Value: days, Label: label, Selected: days == expires})
	}
}

// accountError shows the account page again with the problems of err.
func (h *Handler) accountError(w http.ResponseWriter, r *http.Request, err error) error {
	p := h.page(r, "account.title", nil)
	p.Path, p.Errors = "/account", h.fieldMessages(p.Lang, err)
	d, derr := h.accountData(r, p)
	if derr != nil {
		return derr
	}
	p.Data = d
	return h.formError(w, r, "account", p, err)
}

// updateProfile changes the caller's name, email and phone. An empty phone
// field keeps the number on file; the "remove" box removes it.
func (h *Handler) updateProfile(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, me, f := r.Context(), auth.PrincipalFrom(r.Context()), r.PostForm
	name, email, phone := f.Get("display_name"), f.Get("email"), strings.TrimSpace(f.Get("phone"))
	var newPhone *string // nil keeps the number on file
	switch {
	case f.Get("remove_phone") == "1":
		newPhone = new(string)
	case phone != "":
		newPhone = &phone
	}
	if err := h.Auth.UpdateProfile(ctx, me, me.UserID, name, email, newPhone); err != nil {
		return h.accountError(w, r, err)
	}
	return redirect(w, r, "/account?done=profile")
}

// createToken creates an API token and shows its secret once, on this
// response only: it is never put in a URL or shown again.
func (h *Handler) createToken(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	me := auth.PrincipalFrom(r.Context())
	var scopes []tiaojie.Permission
	for _, s := range r.PostForm["scopes"] {
		scopes = append(scopes, tiaojie.Permission(s))
	}
	secret, err := h.Auth.CreateToken(r.Context(), me, r.PostForm.Get("name"), scopes, expiry(r.PostForm.Get("expires")))
	if err != nil {
		return h.accountError(w, r, err)
	}
	r.PostForm = nil // a fresh form under the new secret
	p := h.page(r, "account.title", nil)
	p.Path = "/account"
	d, err := h.accountData(r, p)
	if err != nil {
		return err
	}
	d.NewToken = secret
	p.Data = d
	p.Notice = h.Catalog.T(p.Lang, "account.done.token_created")
	return h.render(w, r, http.StatusOK, "account", p)
}

// expiry turns the chosen number of days into a lifetime; a value not on
// the list becomes one the service refuses.
func expiry(days string) time.Duration {
	if days == "" {
		return 0
	}
	n, err := strconv.Atoi(days)
	if err != nil || !slices.Contains(tokenExpiries(), days) {
		return -1
	}
	return time.Duration(n) * 24 * time.Hour
}

// revokeToken revokes one of the caller's API tokens.
func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.Auth.RevokeToken(r.Context(), auth.PrincipalFrom(r.Context()), id); err != nil {
		return err
	}
	return redirect(w, r, "/account?done=token")
}

// revokeSession ends one of the caller's other sessions.
func (h *Handler) revokeSession(w http.ResponseWriter, r *http.Request) error {
	if err := h.Auth.RevokeSession(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("id")); err != nil {
		return err
	}
	return redirect(w, r, "/account?done=session")
}
