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
	num := func(v int) string { return strconv.Itoa(v) }
	d.Form = h.formOf(p, "policy", live).
		text("training_hours_required", "number", "policy.f.training_hours", num(pol.TrainingHoursRequired),
			"required", "inputmode=numeric", "hint=policy.f.training_hours_hint").
		text("star_levels", "number", "policy.f.star_levels", num(pol.StarLevels), "required", "inputmode=numeric", "hint=policy.f.star_levels_hint").
		text("star_thresholds", "text", "policy.f.star_thresholds", joinInts(pol.StarThresholds), "required", "hint=policy.f.star_thresholds_hint").
		text("rating_validity_months", "number", "policy.f.rating_validity_months", num(pol.RatingValidityMonths), "required", "inputmode=numeric").
		text("rating_objection_days", "number", "policy.f.rating_objection_days", num(pol.RatingObjectionDays), "required", "inputmode=numeric").
		text("complaint_answer_days", "number", "policy.f.complaint_answer_days", num(pol.ComplaintAnswerDays), "required", "inputmode=numeric").
		text("disclosure_due", "text", "policy.f.disclosure_due", pol.DisclosureDue, "required", "placeholder=03-31", "hint=policy.f.disclosure_due_hint").
		text("disclosure_abnormal_days", "number", "policy.f.disclosure_abnormal_days", num(pol.DisclosureAbnormalDays), "required", "inputmode=numeric").
		done()
	p.Data = d
	return h.render(w, r, status, "staff_settings", p)
}

// staffSettingsSave changes the settings from the form.
func (h *Handler) staffSettingsSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	var fe tiaojie.FieldErrors
	ints := map[string]int{}
	for _, name := range []string{"training_hours_required", "star_levels", "rating_validity_months", "rating_objection_days",
		"complaint_answer_days", "disclosure_abnormal_days"} {
		ints[name] = formInt(&fe, name, f.Get(name))
	}
	thresholds := formInts(&fe, "star_thresholds", f.Get("star_thresholds"))
	err := fe.Err()
	if err == nil {
		_, err = h.Settings.UpdatePolicy(r.Context(), auth.PrincipalFrom(r.Context()), func(pol *tiaojie.Policy) {
			pol.TrainingHoursRequired, pol.StarLevels, pol.StarThresholds = ints["training_hours_required"], ints["star_levels"], thresholds
			pol.RatingValidityMonths, pol.RatingObjectionDays = ints["rating_validity_months"], ints["rating_objection_days"]
			pol.ComplaintAnswerDays, pol.DisclosureAbnormalDays = ints["complaint_answer_days"], ints["disclosure_abnormal_days"]
			pol.DisclosureDue = strings.TrimSpace(f.Get("disclosure_due"))
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

// formInt reads a whole number; empty is 0, which the policy's rules
// judge; anything else that is not a number is the field's problem.
func formInt(fe *tiaojie.FieldErrors, name, s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		fe.Add(name, "policy.whole_number")
	}
	return n
}

// formInts reads whole numbers separated by commas (either width) or
// spaces.
func formInts(fe *tiaojie.FieldErrors, name, s string) []int {
	var out []int
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' }) {
		n, err := strconv.Atoi(part)
		if err != nil {
			fe.Add(name, "policy.whole_number")
			return nil
		}
		out = append(out, n)
	}
	return out
}

// joinInts shows numbers as the form takes them.
func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}
