package web

import (
	"net/http"

	"tiaojie"
)

// TODO(helper): these pages are being written; each file replaces its stubs.
func notYet(http.ResponseWriter, *http.Request) error {
	return tiaojie.E(tiaojie.NotFound, "error.not_found")
}

func (h *Handler) account(w http.ResponseWriter, r *http.Request) error        { return notYet(w, r) }
func (h *Handler) updateProfile(w http.ResponseWriter, r *http.Request) error  { return notYet(w, r) }
func (h *Handler) passwordPage(w http.ResponseWriter, r *http.Request) error   { return notYet(w, r) }
func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) error { return notYet(w, r) }
func (h *Handler) enrolPage(w http.ResponseWriter, r *http.Request) error      { return notYet(w, r) }
func (h *Handler) enrolStart(w http.ResponseWriter, r *http.Request) error     { return notYet(w, r) }
func (h *Handler) enrolQR(w http.ResponseWriter, r *http.Request) error        { return notYet(w, r) }
func (h *Handler) enrolConfirm(w http.ResponseWriter, r *http.Request) error   { return notYet(w, r) }
func (h *Handler) createToken(w http.ResponseWriter, r *http.Request) error    { return notYet(w, r) }
func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request) error    { return notYet(w, r) }
func (h *Handler) revokeSession(w http.ResponseWriter, r *http.Request) error  { return notYet(w, r) }
func (h *Handler) users(w http.ResponseWriter, r *http.Request) error          { return notYet(w, r) }
func (h *Handler) newUserPage(w http.ResponseWriter, r *http.Request) error    { return notYet(w, r) }
func (h *Handler) createUser(w http.ResponseWriter, r *http.Request) error     { return notYet(w, r) }
func (h *Handler) user(w http.ResponseWriter, r *http.Request) error           { return notYet(w, r) }
func (h *Handler) setGrants(w http.ResponseWriter, r *http.Request) error      { return notYet(w, r) }
func (h *Handler) resetPassword(w http.ResponseWriter, r *http.Request) error  { return notYet(w, r) }
func (h *Handler) setStatus(w http.ResponseWriter, r *http.Request) error      { return notYet(w, r) }
func (h *Handler) resetTOTP(w http.ResponseWriter, r *http.Request) error      { return notYet(w, r) }
func (h *Handler) auditLog(w http.ResponseWriter, r *http.Request) error       { return notYet(w, r) }
func (h *Handler) auditVerify(w http.ResponseWriter, r *http.Request) error    { return notYet(w, r) }
