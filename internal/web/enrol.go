package web

import (
	"net/http"

	"tiaojie/internal/auth"
	"tiaojie/internal/route"
)

// Steps of the second-factor enrolment page.
const (
	enrolIntro    = "intro"    // explain, and offer to start
	enrolScan     = "scan"     // show the QR code and the secret, ask for a code
	enrolEnrolled = "enrolled" // already set up: only an administrator can reset it
	enrolCodes    = "codes"    // just confirmed: the recovery codes, shown once
)

// enrolData is the enrolment page's own data.
type enrolData struct {
	Step   string
	Forced bool     // the user cannot go on before enrolling
	Secret string   // for typing into an app that cannot scan
	Codes  []string // the recovery codes, on the last step only
	Next   string   // where "continue" leads after the codes
}

// enrolPageOf returns the enrolment page at the step the caller's state
// says: intro, scan (an enrolment begun and not confirmed) or enrolled.
func (h *Handler) enrolPageOf(r *http.Request) (*Page, *enrolData, error) {
	p := h.page(r, "account.totp_title", nil)
	p.Path = "/account/totp"
	d := &enrolData{Step: enrolIntro, Forced: p.User.Pending == auth.PendingEnrol}
	p.Data = d
	en, enabled, err := h.Auth.PendingEnrolment(r.Context(), p.User)
	switch {
	case err != nil:
		return nil, nil, err
	case enabled:
		d.Step = enrolEnrolled
	case en.Secret != "":
		d.Step, d.Secret = enrolScan, en.Secret
	}
	return p, d, nil
}

// enrolPage explains the second factor and where the user stands. It
// never changes anything: starting is a POST.
func (h *Handler) enrolPage(w http.ResponseWriter, r *http.Request) error {
	if auth.PrincipalFrom(r.Context()).Pending == auth.PendingTOTP {
		return redirect(w, r, pendingPath(auth.PendingTOTP))
	}
	p, _, err := h.enrolPageOf(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "enrol", p)
}

// enrolStart creates a new secret and shows it with its QR code.
func (h *Handler) enrolStart(w http.ResponseWriter, r *http.Request) error {
	me := auth.PrincipalFrom(r.Context())
	en, err := h.Auth.BeginEnrol(r.Context(), me)
	if err != nil {
		p, _, perr := h.enrolPageOf(r)
		if perr != nil {
			return perr
		}
		return h.formError(w, r, "enrol", p, err)
	}
	p, d, err := h.enrolPageOf(r)
	if err != nil {
		return err
	}
	d.Step, d.Secret = enrolScan, en.Secret
	return h.render(w, r, http.StatusOK, "enrol", p)
}

// enrolQR serves the QR code of the enrolment in progress. It holds the
// secret, so no cache may keep it.
func (h *Handler) enrolQR(w http.ResponseWriter, r *http.Request) error {
	png, err := h.Auth.EnrolmentQR(r.Context(), auth.PrincipalFrom(r.Context()))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(png)
	return err
}

// enrolConfirm checks the first code from the app, switches to the new
// session that passed the second factor and shows the recovery codes once.
func (h *Handler) enrolConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	me := auth.PrincipalFrom(r.Context())
	tok, codes, err := h.Auth.ConfirmEnrol(r.Context(), me, route.SessionToken(r), r.PostForm.Get("code"), client(r))
	if err != nil {
		r.PostForm.Del("code")
		p, _, perr := h.enrolPageOf(r)
		if perr != nil {
			return perr
		}
		return h.formError(w, r, "enrol", p, err)
	}
	route.SetSession(w, tok, h.Secure)
	next, err := h.Auth.Authenticate(r.Context(), tok)
	if err != nil {
		return err
	}
	p := h.page(r, "account.totp_title", &enrolData{Step: enrolCodes, Codes: codes, Next: pendingPath(next.Pending)})
	p.Path, p.User = "/account/totp", next
	return h.render(w, r, http.StatusOK, "enrol", p)
}
