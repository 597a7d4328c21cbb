package web

import (
	"net/http"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/route"
)

// settingsData is the bureau's settings page: the policy in force and
// the form that changes it.
type settingsData struct {
	Policy tiaojie.Policy
	Form   *formView
}

// staffSettings shows the bureau its policy.
func (h *Handler) staffSettings(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "policy.title", nil)
	h.notice(p, r, "policy.done.", "saved")
	return h.settingsPage(w, r, p, http.StatusOK, false)
}

// settingsPage renders the page; live shows a refused form as typed.
func (h *Handler) settingsPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	pol, err := h.Settings.Policy(r.Context())
	if err != nil {
		return err
	}
	d := &settingsData{Policy: pol}
	d.Form = h.formOf(p, "policy", live).
		text("training_hours_required", "number", "policy.f.training_hours", strconv.Itoa(pol.TrainingHoursRequired),
			"required", "inputmode=numeric", "hint=policy.f.training_hours_hint").done()
	p.Data = d
	return h.render(w, r, status, "staff_settings", p)
}

// staffSettingsSave changes the settings the form holds; settings the
// form does not show keep their values.
func (h *Handler) staffSettingsSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	hours, err := formHours(r.PostForm.Get("training_hours_required"))
	if err == nil {
		_, err = h.Settings.UpdatePolicy(r.Context(), auth.PrincipalFrom(r.Context()), func(pol *tiaojie.Policy) {
			pol.TrainingHoursRequired = hours
		})
	}
	if err != nil {
		p := h.page(r, "policy.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.settingsPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/settings?done=saved")
}

// formHours reads the hours field: empty is 0 (not enforced), anything
// but a whole number is the field's problem.
func formHours(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		var fe tiaojie.FieldErrors
		fe.Add("training_hours_required", "policy.training_hours_required", "max", strconv.Itoa(tiaojie.MaxTrainingHoursRequired))
		return 0, fe.Err()
	}
	return n, nil
}
