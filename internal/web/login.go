package web

import (
	"net/http"
	"regexp"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/route"
)

// loginData is the login page's own data.
type loginData struct {
	Method   string // "password" or "phone"
	Next     string
	CodeSent bool
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) error {
	if p := auth.PrincipalFrom(r.Context()); p.LoggedIn() && p.Pending == "" {
		return redirect(w, r, safeNext(r.URL.Query().Get("next")))
	}
	d := loginData{Method: r.URL.Query().Get("method"), Next: safeNext(r.URL.Query().Get("next"))}
	if d.Method != "phone" {
		d.Method = "password"
	}
	return h.render(w, r, http.StatusOK, "login", h.page(r, "login.title", d))
}

// login checks the account and password, starts the session and goes to
// the next login step or the page the user wanted.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return tiaojie.E(tiaojie.Invalid, "error.bad_request")
	}
	d := loginData{Method: "password", Next: safeNext(r.PostForm.Get("next"))}
	res, err := h.Auth.PasswordLogin(r.Context(), r.PostForm.Get("login"), r.PostForm.Get("password"), client(r))
	if err != nil {
		r.PostForm.Del("password")
		return h.formError(w, r, "login", h.page(r, "login.title", d), err)
	}
	route.SetSession(w, res.Token, h.Secure)
	if res.Pending != "" {
		return redirect(w, r, pendingPath(res.Pending))
	}
	return redirect(w, r, d.Next)
}

// sendCode sends a login code by SMS. With htmx it answers with the code
// form fragment only.
func (h *Handler) sendCode(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return tiaojie.E(tiaojie.Invalid, "error.bad_request")
	}
	d := loginData{Method: "phone", Next: safeNext(r.PostForm.Get("next"))}
	p := h.page(r, "login.title", &d)
	if err := h.Auth.RequestCode(r.Context(), r.PostForm.Get("phone"), client(r)); err != nil {
		return h.formError(w, r, "login", p, err)
	}
	d.CodeSent = true
	p.Notice = h.Catalog.T(p.Lang, "login.code_sent")
	if h.Demo && h.DemoCodes != nil {
		if code := sixDigits.FindString(h.DemoCodes.Last(r.PostForm.Get("phone"))); code != "" {
			p.Notice = h.Catalog.T(p.Lang, "login.code_sent_demo", "code", code)
		}
	}
	return h.render(w, r, http.StatusOK, "login", p)
}

// codeLogin logs a member of the public in with the code.
func (h *Handler) codeLogin(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return tiaojie.E(tiaojie.Invalid, "error.bad_request")
	}
	d := loginData{Method: "phone", Next: safeNext(r.PostForm.Get("next")), CodeSent: true}
	res, err := h.Auth.CodeLogin(r.Context(), r.PostForm.Get("phone"), r.PostForm.Get("code"), client(r))
	if err != nil {
		return h.formError(w, r, "login", h.page(r, "login.title", d), err)
	}
	route.SetSession(w, res.Token, h.Secure)
	return redirect(w, r, d.Next)
}

func (h *Handler) totpPage(w http.ResponseWriter, r *http.Request) error {
	if auth.PrincipalFrom(r.Context()).Pending != auth.PendingTOTP {
		return redirect(w, r, "/")
	}
	return h.render(w, r, http.StatusOK, "totp", h.page(r, "totp.title", nil))
}

// totp completes a staff login with the authenticator or a recovery code.
func (h *Handler) totp(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return tiaojie.E(tiaojie.Invalid, "error.bad_request")
	}
	p := auth.PrincipalFrom(r.Context())
	tok, err := h.Auth.VerifyTOTP(r.Context(), p, route.SessionToken(r), r.PostForm.Get("code"), client(r))
	if err != nil {
		r.PostForm.Del("code")
		return h.formError(w, r, "totp", h.page(r, "totp.title", nil), err)
	}
	route.SetSession(w, tok, h.Secure)
	next, err := h.Auth.Authenticate(r.Context(), tok)
	if err != nil {
		return err
	}
	return redirect(w, r, pendingPath(next.Pending))
}

// logout ends the session and clears the cookie and the page caches.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) error {
	p := auth.PrincipalFrom(r.Context())
	if err := h.Auth.Logout(r.Context(), p, route.SessionToken(r)); err != nil {
		return err
	}
	route.ClearSession(w, h.Secure)
	w.Header().Set("Clear-Site-Data", `"cache"`)
	return redirect(w, r, "/")
}

// sixDigits finds a login code in a text message.
var sixDigits = regexp.MustCompile(`\d{6}`)
